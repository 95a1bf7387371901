"""Log-ins that resist guessing (issue 23): a growing delay per user name and per address, the
same work for unknown and known names, the pilot authenticator wired to both."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace

import pytest

from fresh_loop import run_in_fresh_loop
from mmwidgets.serving import hub


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_delay_grows_after_a_few_wrong_passwords_per_user_name():
    throttle = hub.LoginThrottle(Clock())
    delays = []
    for _ in range(8):
        delays.append(throttle.delay("coach-a", "10.0.0.1"))
        throttle.failed("coach-a", "10.0.0.1")
    assert delays == [0, 0, 0, 1, 2, 4, 8, 16]
    for _ in range(20):
        throttle.failed("coach-a", "10.0.0.1")
    assert throttle.delay("coach-a", "10.0.0.1") == hub.MAX_LOGIN_DELAY  # 25+ wrong: the right one waits too
    assert throttle.delay("COACH-A", "10.9.9.9") == hub.MAX_LOGIN_DELAY  # per name, from any address
    throttle.succeeded("coach-a")
    assert throttle.delay("coach-a", "10.9.9.9") == 0


def test_the_delay_per_address_catches_a_guesser_trying_many_names():
    throttle = hub.LoginThrottle(Clock())
    for i in range(hub.FREE_FAILURES_ADDRESS + 2):
        throttle.failed(f"naam-{i}", "10.6.6.6")
    assert throttle.delay("nog-een-naam", "10.6.6.6") == 4
    assert throttle.delay("nog-een-naam", "10.0.0.2") == 0  # a colleague elsewhere is not slowed


def test_wrong_passwords_are_forgotten_after_a_quiet_quarter_of_an_hour():
    clock = Clock()
    throttle = hub.LoginThrottle(clock)
    for _ in range(6):
        throttle.failed("coach-b", "10.0.0.3")
    assert throttle.delay("coach-b", "10.0.0.3") == 8
    clock.now += hub.FAILURE_MEMORY + 1
    assert throttle.delay("coach-b", "10.0.0.3") == 0


@pytest.fixture
def authenticator(tmp_path):
    team = hub.write_team_file(tmp_path / "team.yaml", {"team-a": ["coach-a"]}, {"coach-a": "goed-wachtwoord-1"})
    cls = hub.pilot_authenticator_class()
    auth = cls(team_file=str(team))
    auth.throttle = hub.LoginThrottle()
    return auth


def _handler(ip: str = "10.1.1.1"):
    return SimpleNamespace(request=SimpleNamespace(remote_ip=ip))


def _log_in(auth, user: str, password: str, ip: str = "10.1.1.1"):
    return run_in_fresh_loop(auth.authenticate(_handler(ip), {"username": user, "password": password}))


def test_the_authenticator_waits_after_wrong_passwords_and_the_right_one_still_works(authenticator, monkeypatch):
    waited: list[float] = []
    real_sleep = asyncio.sleep

    async def sleep(seconds: float) -> None:
        waited.append(seconds)
        await real_sleep(0)

    monkeypatch.setattr(asyncio, "sleep", sleep)
    for _ in range(25):
        assert _log_in(authenticator, "coach-a", "fout") is None
    assert _log_in(authenticator, "coach-a", "goed-wachtwoord-1") == "coach-a"
    assert waited[-1] == hub.MAX_LOGIN_DELAY  # 25 wrong, then the right one: delayed
    assert len(waited) == 25 - hub.FREE_FAILURES + 1
    assert _log_in(authenticator, "coach-a", "goed-wachtwoord-1", ip="10.2.2.2") == "coach-a"
    assert waited[-1] == hub.MAX_LOGIN_DELAY  # the address that guessed still waits...
    count = len(waited)
    assert _log_in(authenticator, "coach-a", "goed-wachtwoord-1", ip="10.3.3.3") == "coach-a"
    assert len(waited) == count  # ...but the name was forgotten after the right password


def test_an_unknown_name_takes_as_long_as_a_known_name_with_a_wrong_password(authenticator):
    def timed(user: str) -> float:
        authenticator.throttle = hub.LoginThrottle()  # timing, not the delay
        started = time.perf_counter()
        assert _log_in(authenticator, user, "fout") is None
        return time.perf_counter() - started

    known, unknown = [], []
    for _ in range(6):  # interleaved, so a busy moment of the machine hits both
        known.append(timed("coach-a"))
        unknown.append(timed("niemand"))
    k, u = min(known), min(unknown)  # the least disturbed try of each
    # both do the PBKDF2 work; before, an unknown name answered ten times faster
    assert abs(k - u) < 0.5 * max(k, u), (known, unknown)
    assert u > 0.02
