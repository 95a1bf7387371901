"""Dates typed at the table (due dates, appointments)."""

from __future__ import annotations

import datetime as dt
import re

from mmwidgets.model.assessment import InvalidInput, parse_date
from mmwidgets.model.plan_types import _bad

_WEEKDAYS = {
    "maandag": 0, "ma": 0, "monday": 0, "mon": 0,
    "dinsdag": 1, "di": 1, "tuesday": 1, "tue": 1,
    "woensdag": 2, "wo": 2, "wednesday": 2, "wed": 2,
    "donderdag": 3, "do": 3, "thursday": 3, "thu": 3,
    "vrijdag": 4, "vr": 4, "friday": 4, "fri": 4,
    "zaterdag": 5, "za": 5, "saturday": 5, "sat": 5,
    "zondag": 6, "zo": 6, "sunday": 6, "sun": 6,
}  # fmt: skip
_TODAY = {"vandaag", "today", "nu", "now"}
_TOMORROW = {"morgen", "tomorrow"}
_DAY_MONTH = re.compile(r"^(\d{1,2})[-/.](\d{1,2})$")
_PLUS = re.compile(r"^\+\s*(\d{1,3})\s*(d|dag|dagen|day|days|w|wk|week|weken|weeks)?$")


def parse_due(text: str | dt.date | None, today: dt.date) -> dt.date | None:
    """A due date as typed at the table, or None for an empty field.

    Accepts what :func:`parse_date` accepts (9-3-2026, 2026-03-09, 09/03/2026) and:
    ``vandaag``/``today``, ``morgen``/``tomorrow``, a weekday (``vrijdag``, ``fri``: the
    next one, today counts), ``9-3`` (the next 9 March), ``+3`` (days) or ``+2w`` (weeks).
    """
    if text is None or isinstance(text, dt.date):
        return text
    raw = " ".join(text.strip().lower().split())
    if not raw:
        return None
    if raw in _TODAY:
        return today
    if raw in _TOMORROW:
        return today + dt.timedelta(days=1)
    if raw in _WEEKDAYS:
        return today + dt.timedelta(days=(_WEEKDAYS[raw] - today.weekday()) % 7)
    plus = _PLUS.match(raw)
    if plus:
        count = int(plus.group(1))
        unit = plus.group(2) or "d"
        days = count * 7 if unit.startswith("w") else count
        return today + dt.timedelta(days=days)
    day_month = _DAY_MONTH.match(raw)
    if day_month:
        day, month = int(day_month.group(1)), int(day_month.group(2))
        for year in (today.year, today.year + 1):
            try:
                candidate = dt.date(year, month, day)
            except ValueError:
                break
            if candidate >= today:
                return candidate
        raise _bad("date", "plan_bad_due", {"input": text.strip()[:40]})
    try:
        return parse_date(raw)
    except InvalidInput:
        raise _bad("date", "plan_bad_due", {"input": text.strip()[:40]}) from None


_TIME = re.compile(r"^(.*?)[\sT]+(?:om\s+|at\s+)?(\d{1,2})[:.](\d{2})(?:\s*(?:uur|u|h))?$")


def parse_meeting(text: str, today: dt.date | None = None) -> dt.datetime | None:
    """An appointment typed as ``12-3-2026 14:30`` (or a date alone: then no time)."""
    raw = " ".join((text or "").strip().split())
    if not raw:
        return None
    today = today or dt.date.today()
    match = _TIME.match(raw)
    if match:
        hour, minute = int(match.group(2)), int(match.group(3))
        if hour > 23 or minute > 59:
            raise _bad("next_meeting", "bad_date", {"input": raw[:40]})
        day = parse_due(match.group(1), today)
        if day is None:
            raise _bad("next_meeting", "bad_date", {"input": raw[:40]})
        return dt.datetime.combine(day, dt.time(hour, minute))
    day = parse_due(raw, today)
    return dt.datetime.combine(day, dt.time(0, 0)) if day else None


def has_time(moment: dt.datetime | None) -> bool:
    """An appointment stored at midnight means 'no time given'."""
    return moment is not None and (moment.hour, moment.minute) != (0, 0)
