"""Action deadlines as a calendar file (.ics, RFC 5545), so reminders reach the client's phone.

One all-day event per open action with a date (of goals still being worked on), with a
reminder the day before at 9:00, and the next appointment. UIDs are stable (the action's
key), so importing a newer file updates the events instead of doubling them. Times are
"floating" (local time on the phone), which is what a Dutch appointment means.

The file is written here directly (a few property types, escaped and folded as RFC 5545
says) rather than with icalendar's serializer, which takes ~1 ms per event: a plan of 500
actions is redrawn after every change. The tests read every file back with icalendar.
"""

from __future__ import annotations

import datetime as dt

from mmwidgets.i18n import t
from mmwidgets.model.plan import Plan, has_time

UID_DOMAIN = "mmwidgets.local"
REMINDER = dt.timedelta(hours=-15)  # all-day event starts at 0:00: 9:00 the day before
MEETING_LENGTH = dt.timedelta(hours=1)
FOLD_OCTETS = 75


def who_text(who: str | None, name: str, lang: str | None) -> str:
    """Who does an action, as the client reads it on paper or on the phone ("ik", "coach")."""
    if who == "other":
        return name.strip() or t("plan.home.who.other", lang)
    if who in ("client", "coach"):
        return t(f"plan.home.who.{who}", lang)
    return t("plan.home.who.none", lang)


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and line breaks escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after CRLF and a space,
    never splitting a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= FOLD_OCTETS:
        return line
    parts, start, limit = [], 0, FOLD_OCTETS
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # inside a character: step back
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, FOLD_OCTETS - 1  # continuation lines start with a space
    return "\r\n ".join(parts)


def _date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def _floating(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _duration(delta: dt.timedelta) -> str:
    """A negative or positive duration as -P1D, -PT15H, PT30M ..."""
    sign = "-" if delta < dt.timedelta(0) else ""
    seconds = abs(int(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    out = f"{sign}P"
    if days:
        out += f"{days}D"
    if hours or minutes or secs or not days:
        out += "T" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
        out += f"{secs}S" if secs or not (hours or minutes) else ""
    return out


def _alarm(text: str, trigger: dt.timedelta) -> list[str]:
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{escape_text(text)}",
        f"TRIGGER:{_duration(trigger)}",
        "END:VALARM",
    ]


def plan_to_ics(plan: Plan, lang: str | None, stamp: dt.datetime | None = None) -> bytes:
    """The calendar file for ``plan`` in ``lang`` (texts are the client's own words)."""
    stamp = (stamp or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    dtstamp = stamp.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//mmwidgets//plan//NL",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(t('plan.ics.calendar', lang))}",
    ]
    for goal in plan.goals:
        if not goal.active:
            continue
        for action in goal.actions:
            if action.done or action.due is None:
                continue
            description = t(
                "plan.ics.description", lang, goal=goal.text, who=who_text(action.who, action.who_name, lang)
            )
            lines += [
                "BEGIN:VEVENT",
                f"UID:{action.key}@{UID_DOMAIN}",
                f"DTSTAMP:{dtstamp}",
                f"SUMMARY:{escape_text(action.what)}",
                f"DTSTART;VALUE=DATE:{_date(action.due)}",
                f"DTEND;VALUE=DATE:{_date(action.due + dt.timedelta(days=1))}",
                f"DESCRIPTION:{escape_text(description)}",
                "TRANSP:TRANSPARENT",
                *_alarm(t("plan.ics.reminder", lang, action=action.what), REMINDER),
                "END:VEVENT",
            ]
    if plan.next_meeting is not None:
        meeting = plan.next_meeting
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{plan.client_id or 0}@{UID_DOMAIN}",
            f"DTSTAMP:{dtstamp}",
            f"SUMMARY:{escape_text(t('plan.ics.meeting', lang))}",
        ]
        if has_time(meeting):
            lines += [f"DTSTART:{_floating(meeting)}", f"DTEND:{_floating(meeting + MEETING_LENGTH)}"]
            trigger = dt.timedelta(days=-1)  # the same time, the day before
        else:
            day = meeting.date()
            lines += [f"DTSTART;VALUE=DATE:{_date(day)}", f"DTEND;VALUE=DATE:{_date(day + dt.timedelta(days=1))}"]
            trigger = REMINDER
        if plan.next_meeting_note:
            lines.append(f"LOCATION:{escape_text(plan.next_meeting_note)}")
        lines += [*_alarm(t("plan.ics.meeting", lang), trigger), "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
