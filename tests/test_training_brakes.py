"""Brakes aimed at the guesser (issue 17): the browser that keeps missing codes waits, and so does
the address it comes from; never the trainees already in, never a latecomer with the right code."""

from __future__ import annotations

import pytest

from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.training.access import (
    ADDRESS_FREE_MISSES,
    ADDRESS_MAX_DELAY,
    GuessBrake,
    address_delay,
    page_address,
)
from mmwidgets.store.store import Store
from mmwidgets.store.training.repo import TrainingRepo

GUESSER = "a" * 32  # the keyed hash of an address, as the server hands it to the page
ROOM = "b" * 32


@pytest.fixture
def store(db_url):  # SQLite and PostgreSQL (tests/conftest.py)
    s = Store(db_url)
    yield s
    s.dispose()


@pytest.fixture
def repo(store):
    repo = TrainingRepo(store)
    repo.waits = []
    repo.sleep = repo.waits.append  # the seconds each answer waited
    return repo


def test_an_address_is_slowed_more_with_each_miss_beyond_its_free_ones_up_to_a_ceiling():
    assert [address_delay(n) for n in range(ADDRESS_FREE_MISSES)] == [0.0] * ADDRESS_FREE_MISSES
    delays = [address_delay(ADDRESS_FREE_MISSES + n) for n in range(8)]
    assert delays[:5] == [1.0, 2.0, 4.0, 8.0, 16.0] and delays[5:] == [ADDRESS_MAX_DELAY] * 3
    assert address_delay(10**6) == ADDRESS_MAX_DELAY  # a delay, never a lock-out


def test_the_page_knows_only_the_servers_hash_of_its_address():
    assert page_address({"HTTP_X_MM_ADDRESS": GUESSER}) == GUESSER
    assert page_address({"HTTP_X_MM_ADDRESS": "192.168.1.20"}) == ""  # never an address itself
    assert page_address({}) == ""
    assert GuessBrake(address=ROOM).where() == ROOM


def test_forty_wrong_codes_from_pages_without_a_brake_slow_their_address_not_a_latecomer(repo):
    """A guesser who throws each page's brake away (40 fresh pages from one address): the
    answers to his misses come later and later; a latecomer with the right code, from his
    address or another, and a trainee already in are answered at once."""
    session = repo.create_session("mm-standaard@1")
    anna = repo.join(session.code, "Anna", brake=GuessBrake(address=ROOM))
    for n in range(40):
        with pytest.raises(InvalidInput) as info:
            repo.session(f"DIJK-{n:04d}-BCDF", GuessBrake(address=GUESSER))
        assert info.value.problem.code in ("train_code_unknown", "train_wait")
    waits = list(repo.waits)
    # the first ten misses are answered at once, then 1, 2, 4, 8, 16 s and 30 s for each further one
    assert waits == [1.0, 2.0, 4.0, 8.0, 16.0] + [ADDRESS_MAX_DELAY] * 25
    assert sum(waits) > 12 * 60  # 40 guesses cost the guesser twelve minutes, not the room
    repo.waits.clear()
    # a latecomer behind the same router as the guesser, and one elsewhere: in at once
    late = repo.join(session.code, "Bram", brake=GuessBrake(address=GUESSER))
    other = repo.join(session.code, "Chris", brake=GuessBrake(address=ROOM))
    assert late.key and other.key and repo.waits == []
    # Anna's page rejoins (a move or a reload) with her key: no wait either
    again = repo.join(session.code, "Anna", key=anna.key, brake=GuessBrake(address=GUESSER))
    assert again.resumed and repo.waits == []
    assert [t.nickname for t in repo.trainees(session.id)] == ["Anna", "Bram", "Chris"]


def test_misses_from_another_address_do_not_slow_this_one(repo):
    session = repo.create_session("mm-standaard@1")
    for n in range(ADDRESS_FREE_MISSES + 3):
        with pytest.raises(InvalidInput):
            repo.session(f"DIJK-{n:04d}-BCDF", GuessBrake(address=GUESSER))
    repo.waits.clear()
    with pytest.raises(InvalidInput):  # a trainee in the room mistypes once: answered at once
        repo.session("DIJK-9999-BCDF", GuessBrake(address=ROOM))
    assert repo.waits == []
    assert repo.session(session.code, GuessBrake(address=ROOM)).id == session.id


def test_a_page_without_an_address_keeps_its_browser_brake(repo):
    """Outside Voila (a test, a script) there is no address: only the browser's brake holds."""
    brake = GuessBrake(address="")
    for n in range(4):
        with pytest.raises(InvalidInput):
            repo.session(f"DIJK-{n:04d}-BCDF", brake)
    with pytest.raises(InvalidInput) as info:
        repo.session("DIJK-0009-BCDF", brake)
    assert info.value.problem.code == "train_wait" and repo.waits == []


def test_the_server_hands_each_page_a_keyed_hash_of_its_address_never_one_the_browser_chose():
    from types import SimpleNamespace

    from mmwidgets.serving import voila_app

    def handler(ip: str, **headers: str):
        return SimpleNamespace(request=SimpleNamespace(remote_ip=ip, headers=headers))

    one = voila_app.request_address(handler("192.168.1.20"))
    assert page_address({"HTTP_X_MM_ADDRESS": one}) == one and "192.168" not in one
    assert voila_app.request_address(handler("192.168.1.20")) == one
    assert voila_app.request_address(handler("192.168.1.21")) != one
    # without the coach's proxy, forwarded addresses a browser sends itself prove nothing
    assert voila_app.request_address(handler("192.168.1.20", **{"X-Forwarded-For": "10.0.0.9", "X-Real-IP": "10.0.0.9"})) == one
    assert voila_app.ADDRESS_HEADER == "X-MM-Address"  # Voila passes it to the kernel as HTTP_X_MM_ADDRESS
