"""The client's own bridge (issue 22) in the store: the personal link (token stored only as a
hash, bound to one client and one bridge, 14 days, revocable, ends at "Klaar"), the refusals
(one sentence for all), slowing down wrong links per address, the access log and the exports."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs

import pytest
from sqlalchemy import select

from mmwidgets.model.actor import Actor
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.model.dates import local_today
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model import self_view as rules
from mmwidgets.model.self_view import SelfViewRefused, differences, parse_link_query, token_hash
from mmwidgets.store.access.guard import AccessRefused
from mmwidgets.store.access.export import who_looked
from mmwidgets.store.access.tables import AccessLogRow
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.export import export_client, export_pseudonymised
from mmwidgets.store.self_view.repo import InvitationRepo, SelfPage
from mmwidgets.store.self_view.tables import SelfInvitationRow
from mmwidgets.store.store import Store

DEFN = load_definition(shipped_data_dir() / "bridges" / "default.yaml")
SIMPLE = load_definition(shipped_data_dir() / "bridges" / "eenvoudig.yaml")
ANNE = Actor("anne", "noord")
BOB = Actor("bob", "noord")
PAGE = Actor("eigen-link", "zelf", "client_self")
REFUSED = "Deze link werkt niet (meer). Vraag je coach om een nieuwe link."


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 12, 6, 12, 0)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def world(db_url, monkeypatch):
    monkeypatch.setenv("MM_ORIGIN", "10.1.2.3")
    anne, bob, page = Store(db_url, actor=ANNE), Store(db_url, actor=BOB), Store(db_url, actor=PAGE)
    yield anne, bob, page
    for s in (anne, bob, page):
        s.dispose()


def log(store: Store) -> list[tuple]:
    t = AccessLogRow.__table__
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(t.c.actor, t.c.role, t.c.action, t.c.result, t.c.object_code, t.c.origin, t.c.detail)
            .order_by(t.c.id))]


def refused(fn, *args, **kw) -> str:
    with pytest.raises(SelfViewRefused) as caught:
        fn(*args, **kw)
    return caught.value.message("nl")


def test_the_token_is_random_long_and_only_its_hash_is_stored(world):
    anne, _bob, _page = world
    client = ClientRepo(anne).create("Sanne")
    repo = InvitationRepo(anne)
    inv, token = repo.invite(client.id, DEFN)
    assert len(token) == 43 and rules.TOKEN_BYTES * 8 >= 128
    other = repo.invite(client.id, DEFN)[1]
    assert other != token
    with anne.engine.connect() as conn:
        stored = [tuple(r) for r in conn.execute(select(SelfInvitationRow.__table__))]
    flat = " ".join(str(v) for row in stored for v in row)
    assert token not in flat and other not in flat
    assert token_hash(token) in flat
    assert inv.expires_at - inv.created_at == dt.timedelta(days=14)
    # a new link ends the earlier open one of the same client and bridge
    assert repo.latest(client.id, DEFN).state(dt.datetime.now()) == "new"
    with anne.engine.connect() as conn:
        ended = conn.execute(select(SelfInvitationRow.ended_at).where(SelfInvitationRow.id == inv.id)).scalar()
    assert ended is not None


def test_the_client_opens_saves_reopens_where_they_were_and_finishes(world):
    anne, _bob, page_store = world
    client = ClientRepo(anne).create("Sanne")
    inv, token = InvitationRepo(anne).invite(client.id, DEFN)
    page = SelfPage(page_store, "192.0.2.7")
    view = page.open(client.id, token)
    assert view.choices == {} and view.invitation.definition_key == DEFN.key
    page.save(DEFN, "housing", step=2)
    page.save(DEFN, "housing", focus=True)
    page.save(DEFN, "debts", step=1)
    # a closed tab loses nothing: the same link shows the answers again
    again = SelfPage(page_store, "192.0.2.7").open(client.id, token)
    assert again.step("housing") == 2 and again.choices["housing"].focus and again.step("debts") == 1
    assert rules.first_open_part([sub.id for _p, sub in DEFN.subpillars()], again.choices) == 1  # care
    # the coach sees it as "opened", with the answers beside the conversation's (which stay empty)
    assert InvitationRepo(anne).latest(client.id, DEFN).state(dt.datetime.now()) == "opened"
    own = InvitationRepo(anne).own_view(client.id, DEFN)
    assert own.step("housing") == 2
    assert AssessmentRepo(anne).history(client.id) == []  # kept apart from the conversation
    with pytest.raises(InvalidInput):
        page.save(DEFN, "housing", step=9)
    with pytest.raises(InvalidInput):
        page.save(DEFN, "no_such_part", step=1)
    page.finish()
    assert InvitationRepo(anne).latest(client.id, DEFN).state(dt.datetime.now()) == "finished"
    # after "Klaar" the link is refused, also in the tab that is still open
    assert refused(SelfPage(page_store, "192.0.2.7").open, client.id, token) == REFUSED
    assert refused(page.save, DEFN, "housing", step=3) == REFUSED
    assert InvitationRepo(anne).own_view(client.id, DEFN).step("housing") == 2


def test_refusals_expired_ended_guessed_other_client_other_bridge(world):
    anne, _bob, page_store = world
    clock = Clock()
    sanne, piet = ClientRepo(anne).create("Sanne"), ClientRepo(anne).create("Piet")
    repo = InvitationRepo(anne, clock=clock)
    _inv, token = repo.invite(sanne.id, DEFN)
    page = SelfPage(page_store, "192.0.2.8", clock=clock)
    # another client's id in the link, a guessed token, a malformed one
    assert refused(page.open, piet.id, token) == REFUSED
    assert refused(page.open, sanne.id, rules.new_token()) == REFUSED
    assert refused(page.open, sanne.id, "abc") == REFUSED
    assert refused(page.open, 999999, token) == REFUSED
    # the right link works; a save with another bridge is refused
    page.open(sanne.id, token)
    assert refused(page.save, SIMPLE, next(SIMPLE.subpillars())[1].id, step=1) == REFUSED
    # expiry: 14 days later the open tab and the link stop
    page = SelfPage(page_store, "192.0.2.8", clock=clock)
    page.open(sanne.id, token)
    clock.now += dt.timedelta(days=14, seconds=1)
    assert refused(page.save, DEFN, "housing", step=1) == REFUSED
    assert refused(SelfPage(page_store, "192.0.2.8", clock=clock).open, sanne.id, token) == REFUSED
    # the coach ends a link sooner
    clock.now = dt.datetime.now()
    inv2, token2 = InvitationRepo(anne).invite(piet.id, DEFN)
    open_tab = SelfPage(page_store, "192.0.2.9")
    open_tab.open(piet.id, token2)
    assert InvitationRepo(anne).end(inv2.id).state(dt.datetime.now()) == "ended"
    assert refused(open_tab.save, DEFN, "housing", step=1) == REFUSED
    assert refused(SelfPage(page_store, "192.0.2.9").open, piet.id, token2) == REFUSED
    assert rules.SelfViewRefused().message("en") == "This link does not work (any more). Ask your coach for a new link."


def test_another_coach_cannot_invite_read_or_end(world):
    anne, bob, _page = world
    client = ClientRepo(anne).create("Sanne")
    inv, _token = InvitationRepo(anne).invite(client.id, DEFN)
    with pytest.raises(AccessRefused):
        InvitationRepo(bob).invite(client.id, DEFN)
    assert InvitationRepo(bob).latest(client.id, DEFN) is None
    assert InvitationRepo(bob).own_view(client.id, DEFN) is None
    with pytest.raises(AccessRefused):
        InvitationRepo(bob).end(inv.id)
    assert InvitationRepo(anne).latest(client.id, DEFN).ended_at is None


def test_the_page_store_sees_no_client_through_the_guard(world):
    anne, _bob, page_store = world
    ClientRepo(anne).create("Sanne")
    assert ClientRepo(page_store).search("") == []
    with pytest.raises(InvalidInput):
        ClientRepo(page_store).create("Nieuw")


class Waits:
    """Stands in for time.sleep: records each wait instead of sleeping."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


def test_delay_grows_with_wrong_links_and_stops_at_the_longest_wait():
    assert rules.delay_seconds(0, 0) == 0 and rules.delay_seconds(rules.MAX_FAILURES - 1, 50) == 0
    waits = [rules.delay_seconds(rules.MAX_FAILURES + n, 0) for n in range(8)]
    assert waits == [1, 2, 4, 8, 16, rules.MAX_DELAY, rules.MAX_DELAY, rules.MAX_DELAY]
    assert rules.delay_seconds(0, rules.MAX_FAILURES_ALL) == 1  # forged addresses: the limit over all


def test_wrong_links_from_one_address_are_slowed_by_a_delay_never_refused(world):
    anne, _bob, page_store = world
    client = ClientRepo(anne).create("Sanne")
    _inv, token = InvitationRepo(anne).invite(client.id, DEFN)
    clock = Clock()
    clock.now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    waits = Waits()
    for _ in range(100):
        refused(SelfPage(page_store, "203.0.113.5", clock=clock, sleep=waits).open, client.id, rules.new_token())
    # the first MAX_FAILURES were answered at once, then each wrong try waited longer, up to MAX_DELAY
    assert len(waits.seconds) == 100 - rules.MAX_FAILURES
    assert waits.seconds[:5] == [1, 2, 4, 8, 16] and waits.seconds[-1] == rules.MAX_DELAY
    # the right token from that address waits too, and then opens: a delay, not a refusal
    page = SelfPage(page_store, "203.0.113.5", clock=clock, sleep=waits)
    assert page.open(client.id, token).choices == {} and page.waited == rules.MAX_DELAY
    assert waits.seconds[-1] == rules.MAX_DELAY and len(waits.seconds) == 100 - rules.MAX_FAILURES + 1
    # another address is not slowed
    other = SelfPage(page_store, "198.51.100.1", clock=clock, sleep=waits)
    assert other.open(client.id, token).choices == {} and other.waited == 0
    # the client's own link after its end is refused but does not count as a guess
    page = SelfPage(page_store, "198.51.100.2", clock=clock, sleep=waits)
    page.open(client.id, token)
    page.finish()
    for _ in range(rules.MAX_FAILURES + 2):
        refused(SelfPage(page_store, "198.51.100.2", clock=clock, sleep=waits).open, client.id, token)
    _inv2, token2 = InvitationRepo(anne).invite(client.id, DEFN)
    fresh = SelfPage(page_store, "198.51.100.2", clock=clock, sleep=waits)
    assert fresh.open(client.id, token2).choices == {} and fresh.waited == 0
    # after the window the first address is answered at once again
    clock.now += rules.FAILURE_WINDOW + dt.timedelta(seconds=1)
    again = SelfPage(page_store, "203.0.113.5", clock=clock, sleep=waits)
    assert again.open(client.id, token2).choices == {} and again.waited == 0
    lines = log(page_store)
    slowed = [line for line in lines if line[6] == rules.DETAIL_SLOWED]
    assert [line[3] for line in slowed].count("refused") == 100 - rules.MAX_FAILURES
    assert [line[3] for line in slowed].count("ok") == 1  # the right token, after its wait
    # the address is never stored in the clear in the attempts table
    with page_store.engine.connect() as conn:
        from mmwidgets.store.self_view.tables import SelfAttemptRow
        keys = [r[0] for r in conn.execute(select(SelfAttemptRow.address_key))]
    assert keys and not any("203.0.113.5" in k for k in keys)


def test_a_slowed_try_really_waits_before_it_is_answered(world, monkeypatch):
    import time

    anne, _bob, page_store = world
    client = ClientRepo(anne).create("Sanne")
    _inv, token = InvitationRepo(anne).invite(client.id, DEFN)
    monkeypatch.setattr(rules, "MAX_FAILURES", 2)
    for _ in range(2):
        refused(SelfPage(page_store, "203.0.113.8").open, client.id, rules.new_token())
    started = time.monotonic()
    assert SelfPage(page_store, "203.0.113.8").open(client.id, token).choices == {}
    assert time.monotonic() - started >= 1.0  # time.sleep by default: the page itself waits


def test_every_open_and_save_is_in_the_access_log_as_the_clients_own_action(world):
    anne, _bob, page_store = world
    client = ClientRepo(anne).create("Sanne")
    _inv, token = InvitationRepo(anne).invite(client.id, DEFN)
    page = SelfPage(page_store, "192.0.2.7")
    page.open(client.id, token)
    page.save(DEFN, "housing", step=2)
    page.save(DEFN, "housing", focus=True)
    page.finish()
    refused(SelfPage(page_store, "192.0.2.7").open, client.id, token)
    own = [line for line in log(anne) if line[1] == "client_self"]
    assert [(a, r, d) for _, _, a, r, _, _, d in own] == [
        ("open", "ok", ""), ("change", "ok", ""), ("change", "ok", ""),
        ("change", "ok", rules.DETAIL_FINISHED), ("open", "refused", ""),
    ]
    code = own[0][4]
    assert code.startswith("L-") and all(line[4] == code for line in own)
    assert all(line[0] == rules.SELF_ACTOR and line[5] == "192.0.2.7" for line in own)
    # the coach's "who looked at my file" names them in plain words
    text = "\n".join(who_looked(anne, client.id, "nl"))
    assert "deelnemer zelf via eigen-link — geopend" in text


def test_own_views_in_the_client_export_and_the_research_export(world):
    anne, _bob, page_store = world
    client = ClientRepo(anne).create("Sanne")
    _inv, token = InvitationRepo(anne).invite(client.id, DEFN)
    page = SelfPage(page_store, "192.0.2.7")
    page.open(client.id, token)
    page.save(DEFN, "housing", step=2)
    data = export_client(anne, client.id)
    assert data["own_bridge"][0]["choices"]["housing"]["step"] == 2
    assert data["own_bridge"][0]["opened_at"] is not None
    assert token not in str(data) and token_hash(token) not in str(data)
    research = export_pseudonymised(anne)
    views = research["participants"][0]["own_views"]
    assert views[0]["choices"]["housing"] == {"step": 2, "focus": False, "date": local_today().isoformat()} or \
        views[0]["choices"]["housing"]["step"] == 2
    assert "Sanne" not in str(research)
    # erasing the client erases the link and the own answers too
    ClientRepo(anne).erase(client.id)
    with anne.engine.connect() as conn:
        assert conn.execute(select(SelfInvitationRow.__table__)).first() is None


def test_link_query_and_differences():
    token = rules.new_token()
    assert parse_link_query(parse_qs(f"client=12&t={token}&lang=en")) == (12, token)
    for bad in ("", "client=12", f"client=x&t={token}", "client=1&t=short", f"client=-1&t={token}"):
        with pytest.raises(SelfViewRefused):
            parse_link_query(parse_qs(bad))
    inv = rules.Invitation(1, 1, "x", 1, dt.datetime(2026, 1, 1), dt.datetime(2026, 1, 15))
    own = rules.OwnView(inv, {"housing": rules.OwnChoice(2), "debts": rules.OwnChoice(1), "care": rules.OwnChoice(3)})
    found = differences(own, {"housing": 3, "debts": 1}, ["housing", "care", "debts"])
    assert [(d.sub_id, d.own, d.today) for d in found] == [("housing", 2, 3), ("care", 3, None)]
    # the laptop (no proxy configured): never a header the browser sent, only the server's keyed
    # hash of the connection's own address (X-MM-Address, written over by our Voila)
    keyed = "0123456789abcdef" * 2
    assert rules.address_from_environment({"HTTP_X_FORWARDED_FOR": "203.0.113.9, 10.0.0.1"}) == "lokaal"
    assert rules.address_from_environment({"HTTP_X_REAL_IP": "198.51.100.3", "HTTP_X_FORWARDED_FOR": "1.2.3.4",
                                           "HTTP_X_MM_ADDRESS": keyed}) == keyed
    assert rules.address_from_environment({"HTTP_X_MM_ADDRESS": "198.51.100.3"}) == "lokaal"  # not our hash's shape
    assert rules.address_from_environment({}) == "lokaal"
    # on the team stack: the entry our own proxies wrote, whatever the visitor sends
    hub = {"MM_SELF_PROXIES": "1", "MM_ORIGIN": "eigen-brug"}
    assert rules.address_from_environment({**hub, "HTTP_X_FORWARDED_FOR": "127.0.0.1"}) == "127.0.0.1"
    faked = {**hub, "HTTP_X_REAL_IP": "1.1.1.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 192.0.2.44"}
    assert rules.address_from_environment(faked) == "192.0.2.44"
    ingress = {**hub, "MM_SELF_PROXIES": "2", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 192.0.2.44, 10.0.0.9"}
    assert rules.address_from_environment(ingress) == "192.0.2.44"
    assert rules.address_from_environment(hub) == "eigen-brug"  # not through the proxies
