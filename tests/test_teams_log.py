"""Teams (issue 9): the access log (BIO2 8.15.01) on SQLite and PostgreSQL — a line for every
open, change, export, hand-over and erasure; append-only; no client text in it; erasure keeps
the lines under a pseudonymous code; "who looked at my file" in plain words; the log keeper's
filters."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from mmwidgets.model.actor import Actor
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.model.dates import local_today
from mmwidgets.store.access.guard import AccessRefused, AccessRepo
from mmwidgets.store.access.export import who_looked
from mmwidgets.store.access.tables import AccessLogRow
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store
from mmwidgets.store.export import export_client
from mmwidgets.store.plans.repo import PlanRepo

DEFN = load_definition(shipped_data_dir() / "bridges" / "default.yaml")
ANNE = Actor("anne", "noord")
BOB = Actor("bob", "noord")
KEEPER = Actor("karin", "noord", "log_keeper")


@pytest.fixture
def stores(db_url, monkeypatch):
    monkeypatch.setenv("MM_ORIGIN", "10.1.2.3")
    made: dict[Actor, Store] = {}

    def store_for(actor: Actor) -> Store:
        if actor not in made:
            made[actor] = Store(db_url, actor=actor)
        return made[actor]

    yield store_for
    for store in made.values():
        store.dispose()


def all_lines(store: Store) -> list[tuple]:
    table = AccessLogRow.__table__
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(table).order_by(table.c.id))]


def actions(store: Store) -> list[tuple[str, str, str]]:
    table = AccessLogRow.__table__
    with store.engine.connect() as conn:
        query = select(table.c.actor, table.c.action, table.c.result).order_by(table.c.id)
        return [tuple(r) for r in conn.execute(query)]


def test_every_open_change_export_hand_over_and_erase_writes_one_line(stores):
    anne, bob = stores(ANNE), stores(BOB)
    client = ClientRepo(anne).create("Sanne Jansen")
    assert actions(anne) == [("anne", "change", "ok")]  # made: one change line
    AccessRepo(anne).open_client(client.id)
    repo = AssessmentRepo(anne)
    a = repo.start(client.id, DEFN)
    repo.set_choice(a.id, "housing", definition=DEFN, step=2, note="x", focus=True)  # one transaction
    PlanRepo(anne).add_goal(client.id, "Een huis")
    export_client(anne, client.id)
    AccessRepo(anne).hand_over(client.id, "bob")
    AccessRepo(bob).open_client(client.id)
    assert ClientRepo(bob).erase(client.id) is True
    assert actions(anne) == [
        ("anne", "change", "ok"),
        ("anne", "open", "ok"),
        ("anne", "change", "ok"),
        ("anne", "change", "ok"),
        ("anne", "change", "ok"),
        ("anne", "export", "ok"),
        ("anne", "hand_over", "ok"),
        ("bob", "open", "ok"),
        ("bob", "erase", "ok"),
    ]
    lines = all_lines(anne)
    codes = {line[7] for line in lines}
    assert len(codes) == 1 and next(iter(codes)).startswith("L-")
    for line in lines:
        assert line[8] in ("ok", "refused") and line[9] == "10.1.2.3" and line[1] is not None
        assert line[4] == "noord"


def test_refusals_are_logged_and_the_log_holds_no_client_text(stores):
    anne, bob = stores(ANNE), stores(BOB)
    client = ClientRepo(anne).create("Sanne Jansen", note="Schulden bij de buren")
    a = AssessmentRepo(anne).start(client.id, DEFN)
    AssessmentRepo(anne).set_choice(a.id, "debts", definition=DEFN, step=1, note="Geheim briefje")
    with pytest.raises(AccessRefused):
        AccessRepo(bob).open_client(client.id)
    with pytest.raises(AccessRefused):
        AssessmentRepo(bob).set_choice(a.id, "debts", definition=DEFN, step=5)
    assert ("bob", "open", "refused") in actions(anne)
    assert ("bob", "change", "refused") in actions(anne)
    flat = " ".join(str(v) for line in all_lines(anne) for v in line).casefold()
    for secret in ("sanne", "jansen", "schulden", "geheim", "debts"):
        assert secret not in flat


def test_the_log_is_append_only_in_the_database_and_through_the_store(stores):
    anne = stores(ANNE)
    client = ClientRepo(anne).create("Sanne Jansen")
    before = all_lines(anne)
    for statement in ("UPDATE access_log SET actor = 'niemand'", "DELETE FROM access_log"):
        with pytest.raises(DatabaseError):
            with anne.engine.begin() as conn:
                conn.execute(text(statement))
    table = AccessLogRow.__table__
    with pytest.raises(AccessRefused):
        with anne.transaction() as s:
            s.execute(table.delete())
    with pytest.raises(AccessRefused):
        with anne.transaction() as s:
            s.execute(table.update().values(result="ok"))
    assert all_lines(anne) == before
    assert not hasattr(AccessRepo(anne), "delete") and not hasattr(AccessRepo(anne), "update")
    assert client.id


def test_erasing_keeps_the_lines_under_a_code_that_a_new_client_never_gets(stores):
    anne = stores(ANNE)
    first = ClientRepo(anne).create("Sanne Jansen")
    code = AccessRepo(anne).client_code(first.id)
    AccessRepo(anne).open_client(first.id)
    ClientRepo(anne).erase(first.id)
    kept = [line for line in all_lines(anne) if line[7] == code]
    assert [line[6] for line in kept] == ["change", "open", "erase"]
    with anne.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM clients")).scalar_one() == 0
    second = ClientRepo(anne).create("Piet Bakker")  # on SQLite this may get the same id
    assert AccessRepo(anne).client_code(second.id) != code
    assert [l.action for l in AccessRepo(anne).lines_of_client(second.id)] == ["change"]


def test_who_looked_at_my_file_in_plain_words_and_in_the_export(stores):
    anne, bob = stores(ANNE), stores(BOB)
    client = ClientRepo(anne).create("Sanne Jansen")
    AccessRepo(anne).open_client(client.id)
    AccessRepo(anne).hand_over(client.id, "bob")
    with pytest.raises(AccessRefused):
        AccessRepo(anne).open_client(client.id)
    nl = who_looked(bob, client.id, "nl")
    assert any(line.endswith("— coach anne — geopend") for line in nl)
    assert any(line.endswith("— coach anne — overgedragen aan bob") for line in nl)
    assert any(line.endswith("— coach anne — geopend (geweigerd)") for line in nl)
    year = str(local_today().year)
    assert all(year in line for line in nl)
    en = who_looked(bob, client.id, "en")
    assert any(line.endswith("— coach anne — handed over to bob") for line in en)
    data = export_client(bob, client.id)
    assert data["who_looked"]["nl"][-1].endswith("— coach bob — gegevens gedownload")
    assert [e["action"] for e in data["access_log"]] == ["change", "open", "hand_over", "open", "export"]
    assert {e["client_code"] for e in data["access_log"]} == {AccessRepo(bob).client_code(client.id)}


def test_the_log_keeper_filters_per_client_coach_and_period_and_only_they_can(stores):
    anne, bob, keeper = stores(ANNE), stores(BOB), stores(KEEPER)
    sanne = ClientRepo(anne).create("Sanne Jansen")
    piet = ClientRepo(bob).create("Piet Bakker")
    AccessRepo(anne).open_client(sanne.id)
    AccessRepo(bob).open_client(piet.id)
    ClientRepo(stores(Actor("carla", "zuid"))).create("Kees de Boer")  # another team
    log = AccessRepo(keeper)
    everything = log.search_log()
    assert {line.actor for line in everything} == {"anne", "bob"}
    code = AccessRepo(anne).client_code(sanne.id)
    assert {line.object_code for line in log.search_log(code=code)} == {code}
    assert {line.actor for line in log.search_log(actor="bob")} == {"bob"}
    today = dt.datetime.now(dt.timezone.utc).date()
    assert len(log.search_log(since=today, until=today)) == len(everything)
    assert log.search_log(until=today - dt.timedelta(days=1)) == []
    assert log.search_log(since=today + dt.timedelta(days=1)) == []
    for other in (anne, stores(Actor("lena", "noord", "team_lead")), stores(Actor("tom", "noord", "trainer"))):
        with pytest.raises(AccessRefused):
            AccessRepo(other).search_log()


def test_one_change_line_per_client_per_transaction(stores):
    anne = stores(ANNE)
    client = ClientRepo(anne).create("Sanne Jansen")
    a = AssessmentRepo(anne).start(client.id, DEFN)
    table = AccessLogRow.__table__

    def changes() -> int:
        with anne.engine.connect() as conn:
            return conn.execute(
                select(func.count()).select_from(table).where(table.c.action == "change")
            ).scalar_one()

    before = changes()
    for step in (1, 2, 3):
        AssessmentRepo(anne).set_choice(a.id, "housing", definition=DEFN, step=step)
    assert changes() == before + 3
    AssessmentRepo(anne).history(client.id)  # reading is not a change
    assert changes() == before + 3
