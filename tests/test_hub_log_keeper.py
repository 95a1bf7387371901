"""The log keeper sees the teams they keep the log for, from the hub's groups (issue 23);
the hub also hands each server its team's coaches."""

from __future__ import annotations

from mmwidgets.model.actor import Actor, actor_from_environment
from mmwidgets.serving import hub
from mmwidgets.serving.hub_pilot import PILOT_GROUPS
from mmwidgets.store.access.guard import AccessRepo, log_teams
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store


def test_a_log_keeper_in_no_team_keeps_every_teams_log_and_one_in_teams_those_teams():
    env = hub.coach_environment("logboek", ["logbeheerder"], members=PILOT_GROUPS)
    assert env["MM_ROLE"] == "log_keeper"
    assert env["MM_LOG_TEAMS"] == "team-a,team-b" and env["MM_TEAM"] == "team-a"
    groups = {**PILOT_GROUPS, "team-c": ["coach-d", "logboek-c"], "logbeheerder": ["logboek-c"]}
    env = hub.coach_environment("logboek-c", ["logbeheerder", "team-c"], members=groups)
    assert env["MM_LOG_TEAMS"] == "team-c" and env["MM_TEAM"] == "team-c"
    coach = hub.coach_environment("coach-a", ["team-a"], members=PILOT_GROUPS)
    assert "MM_LOG_TEAMS" not in coach
    assert coach["MM_TEAM_COACHES"] == "coach-a,coach-b"  # the team lead is no coach to hand over to


def test_the_log_keeper_sees_the_lines_of_every_team_the_hub_gives_them(tmp_path, monkeypatch):
    url = "sqlite:///" + str(tmp_path / "t.db")
    for user, team in (("coach-a", "team-a"), ("coach-c", "team-b")):
        store = Store(url, actor=Actor(user=user, team=team, role="coach"))
        client = ClientRepo(store).create(f"Deelnemer van {user}")
        AccessRepo(store).open_client(client.id)
        store.dispose()
    env = {"JUPYTERHUB_USER": "logboek", **hub.coach_environment("logboek", ["logbeheerder"], members=PILOT_GROUPS)}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    keeper = actor_from_environment()
    assert log_teams(keeper) == ["team-a", "team-b"]
    store = Store(url, actor=keeper)
    lines = AccessRepo(store).search_log()
    assert {line.team for line in lines} == {"team-a", "team-b"}
    assert {"coach-a", "coach-c"} <= {line.actor for line in lines}
    monkeypatch.setenv("MM_LOG_TEAMS", "")  # a keeper of team-a only
    assert {line.team for line in AccessRepo(store).search_log()} == {"team-a"}
    assert log_teams(keeper, {"MM_LOG_TEAMS": "team-b,\x00kapot, "}) == ["team-a", "team-b"]  # bad names left out
    store.dispose()
