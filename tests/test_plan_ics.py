"""Action deadlines as a calendar file, parsed back with icalendar."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from mmwidgets.model.plan import Action, Goal, Plan
from mmwidgets.model.plan.ics import plan_to_ics

STAMP = dt.datetime(2026, 3, 11, 9, 0, tzinfo=dt.timezone.utc)


def sample_plan() -> Plan:
    tricky = 'Bel "De Sleutel"; vraag naar <Anja>, & zeg: 50% korting? \\ ok'
    goal = Goal(
        text="Eerst kinderopvang, dan werk",
        actions=[
            Action(what=tricky, who="client", due=dt.date(2026, 3, 13)),
            Action(what="Formulier ophalen", who="other", who_name="Zus Fatima", due=dt.date(2026, 3, 16)),
            Action(what="Gedaan al", who="client", due=dt.date(2026, 3, 10), done_on=dt.date(2026, 3, 10)),
            Action(what="Zonder datum", who="coach"),
        ],
    )
    stopped = Goal(text="Oud doel", status="stopped", actions=[Action(what="Niet meer", due=dt.date(2026, 3, 14))])
    return Plan(
        client_id=3,
        goals=[goal, stopped],
        next_meeting=dt.datetime(2026, 3, 17, 14, 30),
        next_meeting_note="Wijkcentrum De Brug",
    )


def events(data: bytes) -> list:
    cal = Calendar.from_ical(data)
    return list(cal.walk("VEVENT"))


def test_open_actions_with_a_date_become_all_day_events_with_texts_intact():
    plan = sample_plan()
    found = events(plan_to_ics(plan, "nl", STAMP))
    by_summary = {str(e["summary"]): e for e in found}
    tricky = plan.goals[0].actions[0]
    assert set(by_summary) == {tricky.what, "Formulier ophalen", "Afspraak met je coach"}
    event = by_summary[tricky.what]
    assert event.decoded("dtstart") == dt.date(2026, 3, 13)
    assert event.decoded("dtend") == dt.date(2026, 3, 14)
    assert str(event["uid"]) == f"{tricky.key}@mmwidgets.local"
    assert str(event["description"]) == "Doel: Eerst kinderopvang, dan werk. Wie: ik."
    other = by_summary["Formulier ophalen"]
    assert other.decoded("dtstart") == dt.date(2026, 3, 16)
    assert "Zus Fatima" in str(other["description"])
    alarms = list(event.walk("VALARM"))
    assert len(alarms) == 1
    assert alarms[0].decoded("trigger") == dt.timedelta(hours=-15)
    assert tricky.what in str(alarms[0]["description"])


def test_the_appointment_has_its_time_and_place():
    found = {str(e["summary"]): e for e in events(plan_to_ics(sample_plan(), "en", STAMP))}
    meeting = found["Appointment with your coach"]
    assert meeting.decoded("dtstart") == dt.datetime(2026, 3, 17, 14, 30)
    assert meeting.decoded("dtend") == dt.datetime(2026, 3, 17, 15, 30)
    assert str(meeting["location"]) == "Wijkcentrum De Brug"


def test_english_texts_and_calendar_name():
    data = plan_to_ics(sample_plan(), "en", STAMP)
    cal = Calendar.from_ical(data)
    assert str(cal["x-wr-calname"]) == "My plan"
    descriptions = [str(e["description"]) for e in cal.walk("VEVENT") if "description" in e]
    assert "Goal: Eerst kinderopvang, dan werk. Who: me." in descriptions


def test_uids_are_stable_between_downloads():
    plan = sample_plan()
    first = [str(e["uid"]) for e in events(plan_to_ics(plan, "nl", STAMP))]
    second = [str(e["uid"]) for e in events(plan_to_ics(plan, "nl", STAMP + dt.timedelta(days=1)))]
    assert first == second and len(set(first)) == len(first)


def test_an_empty_plan_is_a_valid_empty_calendar():
    cal = Calendar.from_ical(plan_to_ics(Plan(), "nl", STAMP))
    assert list(cal.walk("VEVENT")) == []
    assert str(cal["version"]) == "2.0"


def test_long_lines_with_accents_and_line_breaks_survive():
    long = "Bel de woningcorporatie één keer over de huurachterstand; vraag naar Zoë — " * 4 + "\nen schrijf het op"
    plan = Plan(goals=[Goal(text="Wonen", actions=[Action(what=long, due=dt.date(2026, 3, 13))])])
    data = plan_to_ics(plan, "nl", STAMP)
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # no character split over two lines
    (event,) = events(data)
    assert str(event["summary"]) == long.strip()


def test_a_meeting_without_time_is_all_day_and_reminds_the_day_before():
    plan = Plan(next_meeting=dt.datetime(2026, 3, 17, 0, 0))
    (event,) = events(plan_to_ics(plan, "nl", STAMP))
    assert event.decoded("dtstart") == dt.date(2026, 3, 17)
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("trigger") == dt.timedelta(hours=-15)
    timed = Plan(next_meeting=dt.datetime(2026, 3, 17, 14, 30))
    (event,) = events(plan_to_ics(timed, "nl", STAMP))
    assert list(event.walk("VALARM"))[0].decoded("trigger") == dt.timedelta(days=-1)


def test_dtstamp_is_utc():
    (event,) = events(plan_to_ics(Plan(next_meeting=dt.datetime(2026, 3, 17, 9, 0)), "nl", STAMP))
    assert event.decoded("dtstamp") == STAMP
