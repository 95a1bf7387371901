"""Action deadlines as a calendar file (.ics), so reminders reach the client's phone.

One all-day event per open action with a date (of goals still being worked on), with a
reminder the day before at 9:00, and the next appointment. UIDs are stable (the action's
key), so importing a newer file updates the events instead of doubling them. Times are
"floating" (local time on the phone), which is what a Dutch appointment means.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Alarm, Calendar, Event

from mmwidgets.i18n import t
from mmwidgets.model.plan import Plan, has_time

UID_DOMAIN = "mmwidgets.local"
REMINDER = dt.timedelta(hours=-15)  # all-day event starts at 0:00: 9:00 the day before
MEETING_LENGTH = dt.timedelta(hours=1)


def who_text(who: str | None, name: str, lang: str | None) -> str:
    """Who does an action, as the client reads it on paper or on the phone ("ik", "coach")."""
    if who == "other":
        return name.strip() or t("plan.home.who.other", lang)
    if who in ("client", "coach"):
        return t(f"plan.home.who.{who}", lang)
    return t("plan.home.who.none", lang)


def _alarm(text: str, trigger: dt.timedelta = REMINDER) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", trigger)
    return alarm


def plan_to_ics(plan: Plan, lang: str | None, stamp: dt.datetime | None = None) -> bytes:
    """The calendar file for ``plan`` in ``lang`` (texts are the client's own words)."""
    stamp = (stamp or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", "-//mmwidgets//plan//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", t("plan.ics.calendar", lang))
    for goal in plan.goals:
        if not goal.active:
            continue
        for action in goal.actions:
            if action.done or action.due is None:
                continue
            event = Event()
            event.add("uid", f"{action.key}@{UID_DOMAIN}")
            event.add("dtstamp", stamp)
            event.add("summary", action.what)
            event.add("dtstart", action.due)
            event.add("dtend", action.due + dt.timedelta(days=1))
            event.add(
                "description",
                t(
                    "plan.ics.description",
                    lang,
                    goal=goal.text,
                    who=who_text(action.who, action.who_name, lang),
                ),
            )
            event.add("transp", "TRANSPARENT")
            event.add_component(_alarm(t("plan.ics.reminder", lang, action=action.what)))
            cal.add_component(event)
    if plan.next_meeting is not None:
        event = Event()
        event.add("uid", f"meeting-{plan.client_id or 0}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("summary", t("plan.ics.meeting", lang))
        if has_time(plan.next_meeting):
            event.add("dtstart", plan.next_meeting)
            event.add("dtend", plan.next_meeting + MEETING_LENGTH)
            trigger = dt.timedelta(days=-1)  # the same time, the day before
        else:
            day = plan.next_meeting.date()
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
            trigger = REMINDER
        if plan.next_meeting_note:
            event.add("location", plan.next_meeting_note)
        event.add_component(_alarm(t("plan.ics.meeting", lang), trigger))
        cal.add_component(event)
    return cal.to_ical()
