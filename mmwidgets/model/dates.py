"""The one reader of every date a user types, and how a date is shown (pure Python).

Accepted (Dutch and English), ``today`` counting where a day could be today:

- a full date: ``20-3-2026``, ``2026-03-20``, ``20/3/2026``, ``20.3.2026``;
- day and month: ``20-3``, ``20/3``, ``1 december``, ``1 dec``, ``eind januari``, ``begin
  februari``, ``half maart``: the nearest such date that makes sense for the field: the next one
  for a deadline or appointment (``ahead``), the last one for a conversation (``back``); today counts;
- a weekday: ``vrijdag``, ``vr``, ``friday``, ``fri`` (the next one, or the last one going back);
- ``vandaag``/``today``, ``morgen``/``tomorrow``, ``overmorgen``, ``gisteren``/``yesterday``,
  ``eergisteren``;
- ``over 2 weken``, ``over 3 dagen``, ``over een week``, ``over een maand``, ``over 2 maanden``,
  ``in 2 weeks``, ``in a month``; ``volgende week``/``next week`` is that week's Monday,
  ``volgende maand`` the first of next month;
- ``+3`` (days), ``+2w`` (weeks), ``+3d``;
- anything else Dutch or English that ``dateparser`` reads (``3 dagen geleden``, ``20 maart 2027``),
  with the same direction.

A date is always said back in words (``→ maandag 14 december 2026``), so a date read
differently than meant is seen at once.

Every date is checked against a range: 1900-2100 for any date, and what the field needs
for dates relative to today (a deadline or appointment at most :data:`AHEAD_YEARS` ahead,
at most :data:`BEHIND_YEARS` back). A refusal is an :class:`InvalidInput` whose message
names the field in the user's language ("Datum: ...").

Dates are shown as ``dd-mm-jjjj`` (:func:`format_day`), never as mm/dd/yyyy.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from babel.dates import format_date

from mmwidgets.i18n import catalogue, normalise_language, t
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.bridge.files import Problem

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)
#: a deadline, review or appointment: at most this many years ahead of today
AHEAD_YEARS = 5
#: ... and at most this many years back (recording afterwards)
BEHIND_YEARS = 5
#: the most characters of a typed date we look at (anything longer is not a date)
MAX_TYPED = 40


@dataclass(frozen=True)
class DateProblem(Problem):
    """A refused date; the message starts with the field's name when the catalogue has it."""

    def message(self, lang: str | None = None) -> str:
        text = t(f"val.{self.code}", lang, **self.values)
        label = field_name(self.location, lang)
        return f"{label}: {text}" if label else text


def field_name(where: str, lang: str | None = None) -> str:
    """The name of a date field as the user sees it (``field.<where>`` or ``plan.field.<where>``)."""
    if not where:
        return ""
    names = catalogue()
    for key in (f"field.{where}", f"plan.field.{where}"):
        if key in names:
            return t(key, lang)
    return ""


def refuse_date(where: str, code: str, **values: object) -> InvalidInput:
    return InvalidInput(DateProblem(where, code, dict(values)))


def format_day(day: dt.date | dt.datetime, lang: str | None = None) -> str:
    """``20-03-2026``: the form a date is shown and typed in, in both languages."""
    if isinstance(day, dt.datetime):
        day = day.date()
    return format_date(day, "dd-MM-y", locale=normalise_language(lang))


def check_range(day: dt.date, where: str = "date", earliest: dt.date = EARLIEST, latest: dt.date = LATEST,
                typed: str | None = None) -> dt.date:
    """``day`` itself, or a refusal saying the range (shown as dd-mm-jjjj)."""
    if isinstance(day, dt.datetime):
        day = day.date()
    if not earliest <= day <= latest:
        raise refuse_date(
            where, "date_range", input=(typed or _dmy(day))[:MAX_TYPED],
            min=_dmy(earliest), max=_dmy(latest),
        )  # fmt: skip
    return day


def _dmy(day: dt.date) -> str:
    return f"{day.day:02d}-{day.month:02d}-{day.year:04d}"


def field_range(today: dt.date) -> tuple[dt.date, dt.date]:
    """The dates a deadline, review or appointment may have, seen from ``today``."""
    return _years_from(today, -BEHIND_YEARS), _years_from(today, AHEAD_YEARS)


def _years_from(day: dt.date, years: int) -> dt.date:
    year = min(max(day.year + years, EARLIEST.year), LATEST.year)
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


# -- full dates ----------------------------------------------------------------------------
_FULL = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})$"),
)


def parse_date(text: str | dt.date, where: str = "date") -> dt.date:
    """A full date typed as 2026-03-09, 9-3-2026, 09/03/2026 or 9.3.2026, from 1900 to 2100.

    Else :class:`InvalidInput` (``bad_date``, or ``date_range`` for 0001-01-01 or 99999-12-31).
    """
    if isinstance(text, dt.datetime):
        return check_range(text.date(), where)
    if isinstance(text, dt.date):
        return check_range(text, where)
    raw = (text or "").strip()
    if len(raw) > MAX_TYPED:
        raise refuse_date(where, "bad_date", input=raw[:MAX_TYPED])
    for pattern in _FULL:
        match = pattern.match(raw)
        if match:
            year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
            if not EARLIEST.year <= year <= LATEST.year:
                raise refuse_date(where, "date_range", input=raw, min=_dmy(EARLIEST), max=_dmy(LATEST))
            try:
                return dt.date(year, month, day)
            except ValueError:  # 31-02-2026
                break
    if re.match(r"^\d{5,}-\d{1,2}-\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{5,}$", raw):
        raise refuse_date(where, "date_range", input=raw[:MAX_TYPED], min=_dmy(EARLIEST), max=_dmy(LATEST))
    raise refuse_date(where, "bad_date", input=raw[:MAX_TYPED])


# -- dates typed at the table -----------------------------------------------------------------
_WEEKDAYS = {
    "maandag": 0, "ma": 0, "monday": 0, "mon": 0,
    "dinsdag": 1, "di": 1, "tuesday": 1, "tue": 1,
    "woensdag": 2, "wo": 2, "wednesday": 2, "wed": 2,
    "donderdag": 3, "do": 3, "thursday": 3, "thu": 3,
    "vrijdag": 4, "vr": 4, "friday": 4, "fri": 4,
    "zaterdag": 5, "za": 5, "saturday": 5, "sat": 5,
    "zondag": 6, "zo": 6, "sunday": 6, "sun": 6,
}  # fmt: skip
_SAME_DAY = {"vandaag": 0, "today": 0, "nu": 0, "now": 0, "morgen": 1, "tomorrow": 1, "overmorgen": 2,
             "gisteren": -1, "yesterday": -1, "eergisteren": -2}  # fmt: skip
_COUNTS = {"een": 1, "één": 1, "a": 1, "an": 1, "one": 1, "twee": 2, "two": 2, "drie": 3, "three": 3, "vier": 4,
           "four": 4, "vijf": 5, "five": 5, "zes": 6, "six": 6}
_COUNT = r"(\d{1,4}|" + "|".join(_COUNTS) + ")"
_MONTHS = {
    "januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "february": 2, "maart": 3, "mrt": 3,
    "mar": 3, "march": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7, "augustus": 8, "aug": 8, "august": 8, "september": 9, "sep": 9,
    "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "october": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_PART_OF_MONTH = {"begin": "first", "start": "first", "early": "first", "half": "mid", "midden": "mid",
                  "mid": "mid", "medio": "mid", "eind": "last", "einde": "last", "end": "last", "late": "last"}
_DAY_NAME = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?(?:\s+(\d{4}))?$")
_PART_NAME = re.compile(r"^([a-z]+)\s+(?:van\s+|of\s+)?([a-z]+)\.?(?:\s+(\d{4}))?$")
_MONTHS_AHEAD = re.compile(r"^(?:over|in)\s+" + _COUNT + r"\s+(maand|maanden|month|months)$")
#: which way a day and month without a year goes: ahead (deadlines) or back (conversations)
AHEAD, BACK = "ahead", "back"
_DAY_MONTH = re.compile(r"^(\d{1,2})[-/.](\d{1,2})$")
_PLUS = re.compile(r"^\+\s*(\d{1,4})\s*(d|dag|dagen|day|days|w|wk|week|weken|weeks)?$")
_IN = re.compile(r"^(?:over|in)\s+" + _COUNT + r"\s+(dag|dagen|day|days|week|weken|weeks)$")


def _add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def _in_month(year: int, month: int, part: str) -> dt.date:
    if part == "first":
        return dt.date(year, month, 1)
    if part == "mid":
        return dt.date(year, month, 15)
    return _add_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)


#: going ahead, a day and month at most this many days back is taken as that recent date
#: ("1-12" typed on 6 December is 1 December, said back in words), not as next year's
RECENT_DAYS = 31


def _nearest(make, today: dt.date, direction: str) -> dt.date | None:
    """The date ``make(year)`` nearest to today that makes sense for the field: going back, the
    last one (today counts); going ahead, the next one, or a recent one (:data:`RECENT_DAYS`)
    when that is nearer."""
    def first(years) -> dt.date | None:
        for year in years:
            try:
                candidate = make(year)
            except ValueError:
                continue  # 29-2 in a year without it
            if (candidate >= today) if years.step > 0 else (candidate <= today):
                return candidate
        return None

    past = first(range(today.year, today.year - 5, -1))
    if direction == BACK:
        return past
    future = first(range(today.year, today.year + 5))
    if past is not None and (today - past).days <= RECENT_DAYS:
        if future is None or (today - past) < (future - today):
            return past
    return future


def _words(raw: str, today: dt.date, direction: str) -> dt.date | None:
    """``1 december``, ``1 dec 2027``, ``eind januari``, ``over een maand``, ``volgende week``."""
    if raw in ("volgende week", "next week"):
        return today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=7)
    if raw in ("vorige week", "last week"):
        return today - dt.timedelta(days=today.weekday()) - dt.timedelta(days=7)
    if raw in ("volgende maand", "next month"):
        return _add_months(today.replace(day=1), 1)
    match = _MONTHS_AHEAD.match(raw)
    if match:
        count = int(match.group(1)) if match.group(1).isdigit() else _COUNTS[match.group(1)]
        return _add_months(today, count)
    match = _DAY_NAME.match(raw)
    if match and match.group(2) in _MONTHS:
        day, month = int(match.group(1)), _MONTHS[match.group(2)]
        if match.group(3):
            return dt.date(int(match.group(3)), month, day)
        return _nearest(lambda year: dt.date(year, month, day), today, direction)
    match = _PART_NAME.match(raw)
    if match and match.group(1) in _PART_OF_MONTH and match.group(2) in _MONTHS:
        part, month = _PART_OF_MONTH[match.group(1)], _MONTHS[match.group(2)]
        if match.group(3):
            return _in_month(int(match.group(3)), month, part)
        return _nearest(lambda year: _in_month(year, month, part), today, direction)
    return None


def _dateparser(raw: str, today: dt.date, direction: str) -> dt.date | None:
    """What the well-kept ``dateparser`` reads in Dutch or English (day before month), or None."""
    if not re.search(r"[a-z]", raw):
        return None  # numbers alone (12, 2026-13-01) are ours to refuse, not to guess
    try:
        import dateparser
    except ImportError:  # pragma: no cover - a dependency of the project
        return None
    try:
        found = dateparser.parse(
            raw, languages=["nl", "en"],
            settings={"PREFER_DATES_FROM": "future" if direction == AHEAD else "past", "DATE_ORDER": "DMY",
                      "RELATIVE_BASE": dt.datetime.combine(today, dt.time(12)), "STRICT_PARSING": False},
        )  # fmt: skip
    except (ValueError, OverflowError, TypeError):
        return None
    return found.date() if found is not None else None


def _relative(raw: str, today: dt.date, direction: str = AHEAD) -> dt.date | None:
    """The date for a relative form (weekday, morgen, +2w, over 2 weken), or None."""
    for prefix in ("next ", "volgende ", "aanstaande "):
        if raw.startswith(prefix) and raw[len(prefix):] in _WEEKDAYS:
            raw = raw[len(prefix):]
    if raw in _SAME_DAY:
        return today + dt.timedelta(days=_SAME_DAY[raw])
    if raw in _WEEKDAYS:
        if direction == BACK:
            return today - dt.timedelta(days=(today.weekday() - _WEEKDAYS[raw]) % 7)
        return today + dt.timedelta(days=(_WEEKDAYS[raw] - today.weekday()) % 7)
    match = _PLUS.match(raw) or _IN.match(raw)
    if match:
        count_text = match.group(1)
        count = int(count_text) if count_text.isdigit() else _COUNTS[count_text]
        unit = match.group(2) or "d"
        return today + dt.timedelta(days=count * 7 if unit.startswith("w") else count)
    return None


def parse_user_date(
    text: str | dt.date | None,
    today: dt.date,
    where: str = "date",
    earliest: dt.date | None = None,
    latest: dt.date | None = None,
    direction: str = AHEAD,
) -> dt.date | None:
    """A date as typed at the table (see the module), or None for an empty field.

    ``earliest``/``latest`` bound it (default: :func:`field_range` around ``today``);
    ``direction`` says where a date without a year lies: :data:`AHEAD` (a deadline, an
    appointment) or :data:`BACK` (a conversation, a reward given).
    """
    low, high = field_range(today)
    low, high = earliest or low, latest or high
    if text is None:
        return None
    if isinstance(text, dt.date):
        return check_range(text, where, low, high)
    raw = " ".join(str(text).strip().lower().split())
    if not raw:
        return None
    if len(raw) > MAX_TYPED:
        raise refuse_date(where, "plan_bad_due", input=raw[:MAX_TYPED])
    try:
        day = _relative(raw, today, direction)
        if day is None:
            day = _words(raw, today, direction)
    except (OverflowError, ValueError):
        day = dt.date.max
    if day is None:
        day_month = _DAY_MONTH.match(raw)
        if day_month:
            day = _next_day_month(int(day_month.group(1)), int(day_month.group(2)), today, direction)
            if day is None:
                raise refuse_date(where, "plan_bad_due", input=text.strip()[:MAX_TYPED])
        else:
            try:
                day = parse_date(raw, where)
            except InvalidInput as exc:
                if exc.problem.code == "date_range":
                    raise refuse_date(where, "date_range", input=raw, min=_dmy(low), max=_dmy(high)) from None
                day = _dateparser(raw, today, direction)
                if day is None:
                    raise refuse_date(where, "plan_bad_due", input=text.strip()[:MAX_TYPED]) from None
    return check_range(day, where, low, high, typed=raw)


def _next_day_month(day: int, month: int, today: dt.date, direction: str = AHEAD) -> dt.date | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    try:
        dt.date(2028, month, day)  # a leap year: 29-2 exists, 31-4 does not
    except ValueError:
        return None
    return _nearest(lambda year: dt.date(year, month, day), today, direction)


def parse_due(text: str | dt.date | None, today: dt.date, where: str = "due") -> dt.date | None:
    """A due date (or a target or review date) as typed at the table, or None for an empty field."""
    return parse_user_date(text, today, where)


_TIME = re.compile(r"^(.*?)[\sT]+(?:om\s+|at\s+)?(\d{1,2})[:.](\d{2})(?:\s*(?:uur|u|h))?$")


def parse_meeting(text: str, today: dt.date | None = None, where: str = "next_meeting") -> dt.datetime | None:
    """An appointment typed as ``12-3-2026 14:30``, ``vrijdag 10.00`` (or a date alone: then no time)."""
    raw = " ".join((text or "").strip().split())
    if not raw:
        return None
    today = today or local_today()
    match = _TIME.match(raw)
    if match:
        hour, minute = int(match.group(2)), int(match.group(3))
        if hour > 23 or minute > 59:
            raise refuse_date(where, "plan_bad_time", input=raw[:MAX_TYPED])
        day = parse_user_date(match.group(1), today, where)
        if day is None:
            raise refuse_date(where, "plan_bad_due", input=raw[:MAX_TYPED])
        return dt.datetime.combine(day, dt.time(hour, minute))
    day = parse_user_date(raw, today, where)
    return dt.datetime.combine(day, dt.time(0, 0)) if day else None


#: every time shown on screen is Dutch time, whatever the server's clock is set to
LOCAL_ZONE = ZoneInfo("Europe/Amsterdam")


def local_time(moment: dt.datetime | None = None) -> dt.datetime:
    """``moment`` (naive: the server's own clock; aware: as given; None: now) in Dutch time, naive."""
    moment = moment or dt.datetime.now(dt.timezone.utc)
    return moment.astimezone(LOCAL_ZONE).replace(tzinfo=None)


def local_today() -> dt.date:
    """Today in the Netherlands (the server may run on UTC: near midnight that is another day)."""
    return local_time().date()


def has_time(moment: dt.datetime | None) -> bool:
    """An appointment stored at midnight means 'no time given'."""
    return moment is not None and (moment.hour, moment.minute) != (0, 0)


def typed_form(moment: dt.date | dt.datetime | None) -> str:
    """A date (and time) as it is put back into a text field: ``20-03-2026`` or ``20-03-2026 14:30``."""
    if moment is None:
        return ""
    if isinstance(moment, dt.datetime):
        text = _dmy(moment.date())
        return text + (f" {moment.hour:02d}:{moment.minute:02d}" if has_time(moment) else "")
    return _dmy(moment)
