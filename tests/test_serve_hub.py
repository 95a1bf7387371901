"""Serving a team (issue 9): hub groups -> team and role, pilot passwords, team file messages, kernel cap."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from mmwidgets.model.actor import actor_from_environment
from mmwidgets.serving import hub
from mmwidgets.serving.hub_voila import make_room


def run_in_fresh_loop(coro):
    """asyncio.run in its own thread: the browser tests' Playwright keeps a loop running in this one."""
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


@pytest.mark.parametrize(
    "groups, expected",
    [
        (["team-a"], ("team-a", "coach")),
        (["team-b", "teamleider"], ("team-b", "team_lead")),
        (["logbeheerder", "team-a"], ("team-a", "log_keeper")),
        (["cursist"], ("", "trainee")),
        (["teamleider", "logbeheerder", "team-a"], ("team-a", "team_lead")),
        ([], ("", "coach")),
    ],
)

def test_groups_give_team_and_role(groups, expected):
    assert hub.team_and_role(groups) == expected


def test_the_environment_the_hub_gives_is_the_actor_the_store_sees():
    env = {"JUPYTERHUB_USER": "coach-b", **hub.coach_environment("coach-b", ["team-a", "teamleider"])}
    actor = actor_from_environment(env)
    assert (actor.user, actor.team, actor.role, actor.local) == ("coach-b", "team-a", "team_lead", False)
    alone = actor_from_environment({"JUPYTERHUB_USER": "zzp", **hub.coach_environment("zzp", [])})
    assert (alone.team, alone.role) == ("zzp", "coach")


def test_passwords_are_stored_as_hashes_and_checked(tmp_path):
    path = hub.write_team_file(tmp_path / "team.yaml", {"team-a": ["coach-a"]}, {"coach-a": "geheim-123"})
    text = path.read_text()
    assert "geheim-123" not in text and oct(path.stat().st_mode & 0o777) == "0o600"
    team = hub.read_team_file(path)
    assert team["users"] == ["coach-a"]
    assert hub.check_password("geheim-123", team["passwords"]["coach-a"])
    assert not hub.check_password("geheim-124", team["passwords"]["coach-a"])
    assert not hub.check_password("geheim-123", "kapot")


def test_a_wrong_team_file_names_the_place(tmp_path):
    path = tmp_path / "team.yaml"
    path.write_text("groups:\n  team-a: coach-a\n")
    with pytest.raises(hub.HubSetupError) as err:
        hub.read_team_file(path)
    assert "groups.team-a" in str(err.value) and "lijst met gebruikersnamen" in str(err.value)
    path.write_text("groups: [1, 2]\n")
    with pytest.raises(hub.HubSetupError, match="'groups'"):
        hub.read_team_file(path, "en")


def test_the_spawner_runs_our_voila_behind_the_hub_authenticated_proxy():
    command = hub.coach_command("/py", kernel_cap=3)
    assert "--no-authentication" not in command
    tail = command[command.index("--") + 1:]
    assert tail[:3] == ["/py", "-m", "mmwidgets.serving.hub_voila"]
    assert "--kernel-cap=3" in tail and "--port={port}" in tail


class FakeKernel:
    def __init__(self, seconds_ago):
        self.last_activity = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=seconds_ago)


class FakeKernelManager:
    def __init__(self, kernels, connections):
        self.kernels = kernels
        self._kernel_connections = connections
        self.stopped = []

    def list_kernel_ids(self):
        return list(self.kernels)

    def get_kernel(self, kid):
        return self.kernels[kid]

    async def shutdown_kernel(self, kid):
        self.stopped.append(kid)
        del self.kernels[kid]


def test_the_kernel_cap_ends_the_longest_idle_closed_tab_or_refuses():
    km = FakeKernelManager({"a": FakeKernel(600), "b": FakeKernel(900), "c": FakeKernel(60)}, {"a": 0, "b": 0, "c": 1})
    assert run_in_fresh_loop(make_room(km, 4)) and km.stopped == []  # under the cap
    assert run_in_fresh_loop(make_room(km, 3)) and km.stopped == ["b"]  # b: idle longest, no browser
    busy = FakeKernelManager({"a": FakeKernel(600), "n": FakeKernel(5)}, {"a": 1, "n": 0})
    assert not run_in_fresh_loop(make_room(busy, 2)) and busy.stopped == []  # all in use or just started
