"""Serving a team (issue 9): hub groups -> team and role, pilot passwords, team file messages, kernel cap,
the coach's server starting Voila ahead of the first request."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from mmwidgets.model.actor import actor_from_environment
from mmwidgets.serving import hub
from fresh_loop import run_in_fresh_loop
from mmwidgets.serving.hub_voila import make_room, voila_argv


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
    head = command[:command.index("--")]
    assert "run_proxy" in head[2] and "--activity-interval=0" in head  # no "active" without a visitor


def test_a_coachs_voila_refills_its_preheated_kernel_late_and_not_all_at_once():
    delays = set()
    for _ in range(20):
        argv = voila_argv(8866, "/user/coach-a/", "/w")
        delay = float(next(a for a in argv if a.startswith("--VoilaKernelManager.fill_delay=")).split("=")[1])
        assert hub.REFILL_DELAY[0] <= delay <= hub.REFILL_DELAY[1]
        delays.add(delay)
    assert len(delays) > 5
    assert "--VoilaKernelManager.fill_delay=5" in voila_argv(8866, "/", "/w", refill_delay=5)


def test_the_coachs_server_starts_its_command_before_any_request_and_lets_in_no_one_unauthenticated(tmp_path):
    """The eager standalone proxy starts the command at once; a request without the hub's OAuth is
    sent to the hub's log-in and never reaches the command."""
    import os
    import signal
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    import psutil

    from mmwidgets.serving.server import free_port

    port, served = free_port(), tmp_path / "served"
    served.mkdir()
    (served / "secret.txt").write_text("only for coach-x")
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTERHUB_")}
    env.update(JUPYTERHUB_SERVICE_PREFIX="/user/coach-x/", JUPYTERHUB_API_TOKEN="not-a-real-token",
               JUPYTERHUB_API_URL="http://127.0.0.1:9/hub/api", JUPYTERHUB_CLIENT_ID="jupyterhub-user-coach-x",
               JUPYTERHUB_USER="coach-x", JUPYTERHUB_OAUTH_CALLBACK_URL="/user/coach-x/oauth_callback",
               JUPYTERHUB_SERVICE_URL=f"http://127.0.0.1:{port}")
    command = hub.coach_command(sys.executable)
    command = command[:command.index("--") + 1] + [sys.executable, "-m", "http.server", "{port}",
                                                   "--bind", "127.0.0.1", "--directory", str(served)]
    # a session of its own: the whole group is killed at the end, also a command the proxy started
    # after the children were listed (one http.server outlived a CI run)
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline, started = time.monotonic() + 60, []
        while not started and time.monotonic() < deadline:
            time.sleep(0.3)
            started = [p for p in psutil.Process(proc.pid).children() if "http.server" in " ".join(p.cmdline())]
        assert started, "the command did not start before a request"
        inner_port = int(started[0].cmdline()[started[0].cmdline().index("http.server") + 1])
        for _ in range(100):  # the command answers on its own port (the proxy waited for that)
            try:
                assert urllib.request.urlopen(f"http://127.0.0.1:{inner_port}/secret.txt", timeout=5).status == 200
                break
            except OSError:
                time.sleep(0.3)
        opener = urllib.request.build_opener(type("NoRedirect", (urllib.request.HTTPRedirectHandler,),
                                                  {"redirect_request": lambda *a, **k: None}))
        with pytest.raises(urllib.error.HTTPError) as answer:
            opener.open(f"http://127.0.0.1:{port}/user/coach-x/secret.txt", timeout=10)
        assert answer.value.code == 302
        assert "/hub/api/oauth2/authorize" in answer.value.headers["Location"]
        assert b"only for coach-x" not in answer.value.read()
    finally:
        for child in psutil.Process(proc.pid).children(recursive=True):
            child.kill()
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


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


def test_the_hubs_log_in_page_is_rendered_in_the_teams_language():
    """Our login.html extends JupyterHub's (its form fields and ids stay) with the catalogue's texts."""
    import jupyterhub
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader
    from pathlib import Path

    shipped = Path(jupyterhub.__file__).parent.parent / "share" / "jupyterhub" / "templates"
    if not shipped.is_dir():  # installed elsewhere: where JupyterHub itself looks
        from jupyterhub._data import DATA_FILES_PATH
        shipped = Path(DATA_FILES_PATH) / "templates"
    loader = ChoiceLoader([PrefixLoader({"templates": FileSystemLoader([str(shipped)])}, "/"),
                           FileSystemLoader([str(hub.TEMPLATES), str(shipped)])])
    env = Environment(loader=loader, autoescape=True)
    common = dict(xsrf="x", authenticator_login_url="/hub/login", static_url=lambda *a, **k: "", base_url="/hub/",
                  prefix="/", logo_url="", announcement="", user=None, parsed_scopes=set(), services=[],
                  no_spawner_check=True, theme="light")
    for lang, heading, user_label, error in (("nl", "Inloggen", "Gebruikersnaam", "klopt niet"),
                                             ("en", "Sign in", "User name", "not right")):
        page = env.get_template("login.html").render(**common, **hub.template_vars(lang),
                                                     login_error="Invalid username or password", username="a<b")
        assert f"<h1>{heading}</h1>" in page and user_label in page and error in page
        assert f'document.documentElement.lang = "{lang}"' in page
        assert 'id="username_input"' in page and 'id="password_input"' in page and 'id="login_submit"' in page
        assert 'name="_xsrf" value="x"' in page and 'value="a&lt;b"' in page  # the typed name escaped
    assert "Invalid username" not in env.get_template("login.html").render(
        **common, **hub.template_vars("nl"), login_error="Invalid username or password")
