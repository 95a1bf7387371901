"""Bounded values for data files: versions, years and dates a person can mean.

YAML hands dates over as text (see :mod:`mmwidgets.model.bridge.files`); :data:`DataDate` turns
``2026-03-09`` into a date and refuses ``2025-02-30``, ``31-02-2025`` and ``0001-01-01``
with a translated message (``val.date_*``) instead of a bare ``ValueError``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

MIN_VERSION, MAX_VERSION = 1, 1_000_000
MIN_YEAR, MAX_YEAR = 1900, 2100

#: a version number of a data file: 1 .. 1,000,000 (fits PostgreSQL INTEGER with room)
Version = Annotated[int, Field(ge=MIN_VERSION, le=MAX_VERSION)]

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_data_date(value: Any) -> dt.date:
    """A date written as ``YYYY-MM-DD`` that exists and lies within 1900-2100."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        day = value
    else:
        text = str(value).strip()
        match = _ISO.match(text) if isinstance(value, str) else None
        if match is None:
            raise PydanticCustomError("mm_date_form", "write the date as 2026-03-09", {"input": text[:30]})
        try:
            day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            raise PydanticCustomError("mm_date_not_existing", "this date does not exist", {"input": text}) from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise PydanticCustomError(
            "mm_date_range", "the date must lie from {min} to {max}",
            {"input": day.isoformat(), "min": MIN_YEAR, "max": MAX_YEAR},
        )
    return day


#: a date in a data file (``YYYY-MM-DD``, 1900-2100)
DataDate = Annotated[dt.date, BeforeValidator(parse_data_date)]
