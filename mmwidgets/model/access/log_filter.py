"""The log keeper's filter on the access log, checked before the store is asked (pure Python)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from mmwidgets.model.actor import check_name
from mmwidgets.model.dates import parse_date
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.typed_input import FieldProblem

CODE = re.compile(r"^L-[0-9A-F]{10}$")


@dataclass(frozen=True)
class LogFilter:
    code: str | None = None
    actor: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


def parse_log_filter(code: str = "", actor: str = "", since: str = "", until: str = "") -> LogFilter:
    """Typed filter fields (empty: no filter) -> :class:`LogFilter`, or :class:`InvalidInput`
    naming the field (a client code looks like L-0A1B2C3D4E)."""
    clean_code = (code or "").strip().upper()
    if clean_code and not CODE.match(clean_code):
        raise InvalidInput(FieldProblem("log_code", "teams_code", {"example": "L-0A1B2C3D4E"}))
    clean_actor = check_name(actor, "log_actor") if (actor or "").strip() else None
    start = parse_date(since, "log_since") if (since or "").strip() else None
    end = parse_date(until, "log_until") if (until or "").strip() else None
    if start and end and start > end:
        raise InvalidInput(FieldProblem("log_since", "teams_period"))
    return LogFilter(clean_code or None, clean_actor, start, end)
