"""Team report and caseload from the store (issue 10) on a small hand-computed caseload,
on SQLite and PostgreSQL: every baseline rule, suppression, goals, rewards, the coach table
for a team lead only, a coach sees only their own clients."""

from __future__ import annotations

import datetime as dt

import pytest

from mmwidgets.model.actor import Actor
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.store.store import Store
from mmwidgets.store.plans.tables import ActionRow, GoalRow, PlanRow, RewardGivenRow
from mmwidgets.store.reports.team import ReportOptions, caseload, team_report
from mmwidgets.store.tables import AssessmentRow, ChoiceRow, ClientRow

DEFN = load_definition(shipped_data_dir() / "bridges" / "default.yaml")
D = dt.date
DATES = [D(2026, 1, 10), D(2026, 3, 10), D(2026, 6, 10)]
# housing steps per client at the three conversations (5 steps: 1=0, 2=25, 3=50, 4=75, 5=100)
STEPS = {"c1": (2, 3, 4), "c2": (3, 2, 4), "c3": (2, 3, 3), "c4": (4, 3, 2), "c5": (1, 2, 3), "c6": (3, 3, 5)}
ANNE = Actor("anne", "noord")
BOB = Actor("bob", "noord")
LEAD = Actor("lea", "noord", "team_lead")
NEXT = dt.datetime(2026, 7, 8, 10, 30).astimezone()  # local time


def add_client(store, name, coach, team="noord"):
    with store.transaction() as s:
        row = ClientRow(pseudonym=name, name_key=name.casefold(), coach=coach, team=team)
        s.add(row)
        s.flush()
        return row.id


def add_talk(store, client_id, date, steps, defn=DEFN):
    with store.transaction() as s:
        a = AssessmentRow(client_id=client_id, date=date, definition_id=defn.id, definition_version=defn.version)
        s.add(a)
        s.flush()
        for sub, step in steps.items():
            s.add(ChoiceRow(assessment_id=a.id, subpillar_id=sub, step=step))


@pytest.fixture
def team(db_url):
    anne = Store(db_url, actor=ANNE)
    ids = {}
    for n, (name, steps) in enumerate(STEPS.items()):
        cid = ids[name] = add_client(anne, name, "anne")
        for date, step in zip(DATES, steps):
            add_talk(anne, cid, date, {"housing": step})
        with anne.transaction() as s:
            goal = GoalRow(key=f"g{n}", client_id=cid, text="geheim doel", created_on=D(2026, 3, 1),
                           status="reached" if n < 2 else "open", status_date=D(2026, 6, 10) if n < 2 else None)
            s.add(goal)
            s.flush()
            s.add(ActionRow(key=f"a{n}", goal_id=goal.id, client_id=cid, what="bellen", due=D(2026, 6, 1)))
            s.add(ActionRow(key=f"b{n}", goal_id=goal.id, client_id=cid, what="later", due=D(2026, 8, 1)))
            s.add(ActionRow(key=f"c{n}", goal_id=goal.id, client_id=cid, what="klaar", due=D(2026, 5, 1),
                            done_on=D(2026, 5, 1)))
            month = D(2026, 6, 15) if n < 5 else D(2026, 7, 2)
            if n == 0:  # kept in UTC, shown in local time
                s.add(PlanRow(client_id=cid, next_meeting=NEXT.astimezone(dt.timezone.utc).replace(tzinfo=None)))
            s.add(RewardGivenRow(key=f"r{n}", client_id=cid, date=month, for_what="bon", value_cents=500))
    # c7: only conversations before the period
    ids["c7"] = add_client(anne, "c7", "anne")
    add_talk(anne, ids["c7"], D(2026, 1, 10), {"housing": 1})
    add_talk(anne, ids["c7"], D(2026, 1, 20), {"housing": 5})
    bob = Store(db_url, actor=BOB)
    ids["b1"] = add_client(bob, "b1", "bob")
    add_talk(bob, ids["b1"], D(2026, 3, 1), {"housing": 1})
    add_talk(bob, ids["b1"], D(2026, 4, 1), {"housing": 5})
    return db_url, ids


def options(rule="first", minimum=5, start=D(2026, 2, 1), end=D(2026, 12, 31)):
    return ReportOptions(start=start, end=end, definition=DEFN, rule=rule, minimum=minimum)


def row(report, part):
    return report.parts.set_index("part").loc[part]


@pytest.mark.parametrize(
    "rule, baseline, change, shares",
    [
        ("first", 37.5, 25.0, (0.833, 0.0, 0.167)),
        ("first_in_period", 41.7, 20.8, (0.667, 0.167, 0.167)),
        ("lower_of_first_two", 29.2, 33.3, (0.833, 0.0, 0.167)),
    ],
)
def test_change_per_sub_pillar_and_pillar_by_rule(team, rule, baseline, change, shares):
    url, _ids = team
    report = team_report(Store(url, actor=ANNE), options(rule))
    for part in ("housing", "family"):  # family has only housing answered: the same figures
        r = row(report, part)
        assert (r["clients"], bool(r["shown"]), r["baseline"], r["latest"], r["change"]) == (6, True, baseline, 62.5, change)
        assert (r["up"], r["same"], r["down"]) == shares
    assert row(report, "debts")["clients"] == 0 and not row(report, "debts")["shown"]
    assert report.means["housing"] == (baseline, 62.5)
    assert "debts" not in report.means
    assert report.clients == 6  # c7 had no conversation in the period, bob's client is not anne's
    assert report.coaches is None  # a coach never gets the coach table


def test_small_groups_are_not_shown(team):
    url, _ids = team
    report = team_report(Store(url, actor=ANNE), options(minimum=10))
    r = row(report, "housing")
    assert r["clients"] == 6 and not r["shown"]
    assert pd_na(r["baseline"]) and pd_na(r["change"]) and pd_na(r["up"])
    assert report.means == {}
    assert not report.goals.iloc[0]["shown"] and pd_na(report.goals.iloc[0]["set"])
    with pytest.raises(InvalidInput):
        options(minimum=4)


def pd_na(value):
    import pandas as pd

    return value is None or pd.isna(value)


def test_goals_and_rewards_per_month(team):
    url, _ids = team
    report = team_report(Store(url, actor=ANNE), options())
    goals = report.goals.iloc[0]
    assert (goals["clients"], goals["set"], goals["reached"]) == (6, 6, 2)
    rewards = report.rewards.set_index("month")
    assert (rewards.loc["2026-06", "clients"], rewards.loc["2026-06", "given"], rewards.loc["2026-06", "value_eur"]) == (5, 5, 25.0)
    assert rewards.loc["2026-07", "clients"] == 1 and not rewards.loc["2026-07", "shown"]
    assert pd_na(rewards.loc["2026-07", "given"])


def test_team_lead_gets_the_team_and_the_coach_table(team):
    url, _ids = team
    report = team_report(Store(url, actor=LEAD), options())
    assert row(report, "housing")["clients"] == 7  # bob's client counts for the team
    coaches = report.coaches.set_index("coach")
    assert coaches.loc["anne", "clients"] == 7 and coaches.loc["anne", "conversations"] == 12
    assert coaches.loc["bob", "clients"] == 1 and not coaches.loc["bob", "shown"]
    assert pd_na(coaches.loc["bob", "conversations"])


def test_other_roles_get_nothing(team):
    url, _ids = team
    report = team_report(Store(url, actor=Actor("kim", "noord", "log_keeper")), options())
    assert report.parts["clients"].sum() == 0 and report.clients == 0


def test_caseload_of_a_coach(team):
    url, ids = team
    frame = caseload(Store(url, actor=ANNE), today=D(2026, 7, 1), weeks=6).set_index("pseudonym")
    assert sorted(frame.index) == ["c1", "c2", "c3", "c4", "c5", "c6", "c7"]
    assert frame.loc["c1", "last_conversation"] == D(2026, 6, 10)
    assert frame.loc["c1", "overdue_actions"] == 1  # due 1 June, not done; the August one is not late
    assert frame.loc["c1", "goals_reached"] == 1 and frame.loc["c3", "goals_reached"] == 0
    assert frame.loc["c1", "rewards_given"] == 1
    assert frame.loc["c1", "next_appointment"] == dt.datetime(2026, 7, 8, 10, 30)
    assert frame.loc["c2", "next_appointment"] is None
    assert not frame.loc["c1", "not_seen"] and frame.loc["c7", "not_seen"]
    assert frame.loc["c1", "client_id"] == ids["c1"]
    bob = caseload(Store(url, actor=BOB), today=D(2026, 7, 1))
    assert list(bob["pseudonym"]) == ["b1"]
