"""Every date a user types goes through mmwidgets.model.dates: forms, ranges, messages, display."""

from __future__ import annotations

import datetime as dt

import pytest

from mmwidgets.model.assessment import parse_date as assessment_parse_date
from mmwidgets.model.dates import (
    format_day,
    parse_date,
    parse_due,
    parse_meeting,
    parse_user_date,
    typed_form,
)
from mmwidgets.model.errors import InvalidInput

TODAY = dt.date(2026, 3, 11)  # a Wednesday
D = dt.date


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("20-3-2026", D(2026, 3, 20)),
        ("2026-03-20", D(2026, 3, 20)),
        ("20/3/2026", D(2026, 3, 20)),
        ("20.3.2026", D(2026, 3, 20)),
        ("20/3", D(2026, 3, 20)),
        ("20-3", D(2026, 3, 20)),
        ("11-3", D(2026, 3, 11)),  # today counts
        ("10-3", D(2026, 3, 10)),  # yesterday: the nearest, not a year on (said back in words)
        ("1-2", D(2027, 2, 1)),  # more than a month back: next year's
        ("1 april", D(2026, 4, 1)),
        ("1 apr", D(2026, 4, 1)),
        ("1 maart", D(2026, 3, 1)),  # ten days ago: the nearest
        ("eind januari", D(2027, 1, 31)),
        ("eind maart", D(2026, 3, 31)),
        ("begin mei", D(2026, 5, 1)),
        ("half juni", D(2026, 6, 15)),
        ("over een maand", D(2026, 4, 11)),
        ("over 2 maanden", D(2026, 5, 11)),
        ("over twee weken", D(2026, 3, 25)),
        ("in a month", D(2026, 4, 11)),
        ("volgende maand", D(2026, 4, 1)),
        ("next month", D(2026, 4, 1)),
        ("20 maart 2027", D(2027, 3, 20)),
        ("vrijdag", D(2026, 3, 13)),
        ("Vrijdag", D(2026, 3, 13)),
        ("vr", D(2026, 3, 13)),
        ("woensdag", D(2026, 3, 11)),  # today counts
        ("dinsdag", D(2026, 3, 17)),
        ("friday", D(2026, 3, 13)),
        ("next friday", D(2026, 3, 13)),
        ("morgen", D(2026, 3, 12)),
        ("tomorrow", D(2026, 3, 12)),
        ("overmorgen", D(2026, 3, 13)),
        ("vandaag", TODAY),
        ("today", TODAY),
        ("over 2 weken", D(2026, 3, 25)),
        ("Over  2  weken", D(2026, 3, 25)),
        ("over 3 dagen", D(2026, 3, 14)),
        ("over een week", D(2026, 3, 18)),
        ("in 2 weeks", D(2026, 3, 25)),
        ("in 3 days", D(2026, 3, 14)),
        ("in a week", D(2026, 3, 18)),
        ("volgende week", D(2026, 3, 16)),  # that week's Monday
        ("next week", D(2026, 3, 16)),
        ("+2w", D(2026, 3, 25)),
        ("+3", D(2026, 3, 14)),
        ("+3d", D(2026, 3, 14)),
        ("+ 1 week", D(2026, 3, 18)),
        ("", None),
        ("   ", None),
    ],
)
def test_dates_typed_at_the_table(typed, expected):
    assert parse_due(typed, TODAY) == expected


@pytest.mark.parametrize(
    "typed, code",
    [
        ("31-02-2026", "plan_bad_due"),  # no such day: a message, not "day is out of range"
        ("31-2", "plan_bad_due"),
        ("32-3", "plan_bad_due"),
        ("vrijdagmiddag", "plan_bad_due"),
        ("over zeventig weken", "plan_bad_due"),
        ("blabla", "plan_bad_due"),
        ("12", "plan_bad_due"),
        ("0001-01-01", "date_range"),
        ("99999-12-31", "date_range"),
        ("20-3-2040", "date_range"),  # a deadline more than 5 years ahead
        ("20-3-2015", "date_range"),  # more than 5 years back
        ("+9999", "date_range"),
        ("x" * 500, "plan_bad_due"),
    ],
)
def test_dates_refused_with_the_reason(typed, code):
    with pytest.raises(InvalidInput) as caught:
        parse_due(typed, TODAY)
    assert caught.value.problem.code == code


def test_a_refusal_names_the_field_in_the_users_language():
    with pytest.raises(InvalidInput) as caught:
        parse_user_date("20-3-2040", TODAY, where="target_date")
    nl, en = caught.value.message("nl"), caught.value.message("en")
    assert nl.startswith("Streefdatum:") and "11-03-2031" in nl
    assert en.startswith("Target date:")
    with pytest.raises(InvalidInput) as caught:
        parse_due("morgenochtend", TODAY)
    assert caught.value.message("nl").startswith("Datum:")
    assert "over 2 weken" in caught.value.message("nl")
    assert "in 2 weeks" in caught.value.message("en")


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("2026-03-09", D(2026, 3, 9)),
        ("9-3-2026", D(2026, 3, 9)),
        ("09/03/2026", D(2026, 3, 9)),
        ("1900-01-01", D(1900, 1, 1)),
        ("31-12-2100", D(2100, 12, 31)),
    ],
)
def test_full_dates(typed, expected):
    assert parse_date(typed) == expected
    assert assessment_parse_date(typed) == expected  # the old place still works


@pytest.mark.parametrize("typed", ["1899-12-31", "01-01-2101", "0001-01-01", "99999-12-31"])
def test_full_dates_outside_1900_2100(typed):
    with pytest.raises(InvalidInput) as caught:
        parse_date(typed)
    assert caught.value.problem.code == "date_range"
    with pytest.raises(InvalidInput):
        parse_date(D(1, 1, 1))


def test_the_field_range_can_be_given():
    assert parse_user_date("20-3-2040", TODAY, latest=D(2100, 1, 1)) == D(2040, 3, 20)
    with pytest.raises(InvalidInput):
        parse_user_date("morgen", TODAY, latest=TODAY)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("17-3-2026 14:30", dt.datetime(2026, 3, 17, 14, 30)),
        ("vrijdag 10.00", dt.datetime(2026, 3, 13, 10, 0)),
        ("over 2 weken om 9:15", dt.datetime(2026, 3, 25, 9, 15)),
        ("friday at 14:30", dt.datetime(2026, 3, 13, 14, 30)),
        ("20-3", dt.datetime(2026, 3, 20, 0, 0)),
        ("", None),
    ],
)
def test_appointments(typed, expected):
    assert parse_meeting(typed, TODAY) == expected


@pytest.mark.parametrize("typed", ["vrijdag 25:00", "vrijdag 10:75", "hallo 10:00", "1-1-2050 10:00"])
def test_appointments_refused(typed):
    with pytest.raises(InvalidInput) as caught:
        parse_meeting(typed, TODAY)
    assert caught.value.message("nl").startswith("Volgende afspraak:")


def test_dates_show_as_day_month_year():
    assert format_day(D(2026, 3, 9), "nl") == "09-03-2026"
    assert format_day(D(2026, 3, 9), "en") == "09-03-2026"
    assert typed_form(D(2026, 3, 9)) == "09-03-2026"
    assert typed_form(dt.datetime(2026, 3, 9, 14, 5)) == "09-03-2026 14:05"
    # what is shown can be typed back
    assert parse_due(typed_form(D(2026, 3, 9)), TODAY) == D(2026, 3, 9)


@pytest.mark.parametrize("value", [D(1, 1, 1), "0001-01-01", "99999-12-31", D(2101, 1, 1), "31-02-2026"])
def test_a_plan_never_stores_a_date_outside_1900_2100(value):
    from mmwidgets.model.plan import Plan, PlanEdit, apply_edit

    plan = Plan()
    apply_edit(plan, PlanEdit("goal.add", key="goal1", values={"text": "Werk"}), today=TODAY)
    with pytest.raises(InvalidInput) as caught:
        apply_edit(plan, PlanEdit("goal.set", key="goal1", values={"target_date": value}), today=TODAY)
    assert caught.value.message("nl").startswith("Streefdatum:")
    assert plan.goals[0].target_date is None
    with pytest.raises(InvalidInput):
        apply_edit(plan, PlanEdit("plan.set", values={"next_meeting": value}), today=TODAY)
    assert plan.next_meeting is None


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("gisteren", D(2026, 3, 10)),
        ("eergisteren", D(2026, 3, 9)),
        ("yesterday", D(2026, 3, 10)),
        ("vandaag", TODAY),
        ("1-3", D(2026, 3, 1)),
        ("20-3", D(2025, 3, 20)),  # a conversation is in the past: last year's
        ("1 december", D(2025, 12, 1)),
        ("eind januari", D(2026, 1, 31)),
        ("maandag", D(2026, 3, 9)),
        ("woensdag", TODAY),
        ("3 dagen geleden", D(2026, 3, 8)),  # read by dateparser
    ],
)
def test_dates_going_back_for_a_conversation(typed, expected):
    assert parse_user_date(typed, TODAY, direction="back") == expected


def test_on_6_december_the_issue_examples():
    sunday = D(2026, 12, 6)
    assert parse_due("1-12", sunday) == D(2026, 12, 1)
    assert parse_due("volgende week", sunday) == D(2026, 12, 7)
    assert parse_due("over een maand", sunday) == D(2027, 1, 6)
    assert parse_due("eind januari", sunday) == D(2027, 1, 31)
    assert parse_due("1 december", sunday) == D(2026, 12, 1)
    assert parse_user_date("gisteren", sunday, direction="back") == D(2026, 12, 5)
