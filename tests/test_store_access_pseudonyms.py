"""Issue 23: pseudonyms are unique per coach, not across the database, so "naam al in gebruik" tells a
coach nothing about a colleague's clients. A coach cannot have two clients of one name (capitals and
spaces ignored), refused at the field in Dutch and English; a hand-over (and its undo) to a coach who
has that name already is refused with what to do, and nothing moves. Revision mm0006 brings old
databases over without losing a row; duplicates made by hand get a suffix."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from mmwidgets.model.actor import Actor
from mmwidgets.model.errors import InvalidInput
from mmwidgets.store.access.guard import AccessRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.migrations import script_directory, upgrade
from mmwidgets.store.store import Base, Store
from mmwidgets.widgets.conversation.client_picker import ClientPicker
from mmwidgets.widgets.feedback import MessageArea

DUMP = Path(__file__).parent / "data" / "schema5" / "mmwidgets-schema5.sql"


@pytest.fixture
def team(db_url):
    stores = {
        "anne": Store(db_url, actor=Actor("anne", "noord")),
        "bram": Store(db_url, actor=Actor("bram", "noord")),
        "lena": Store(db_url, actor=Actor("lena", "noord", "team_lead")),
    }
    yield stores
    for store in stores.values():
        store.dispose()


def names(store) -> list[str]:
    return [c.pseudonym for c in ClientRepo(store).search("")]


def test_two_coaches_may_each_have_an_anna_but_one_coach_not_two(team):
    anna_a = ClientRepo(team["anne"]).create("Anna")
    anna_b = ClientRepo(team["bram"]).create("Anna")  # no word about anne's Anna
    assert anna_a.id != anna_b.id
    for same in ("anna", "  ANNA ", "Anna"):
        with pytest.raises(InvalidInput) as refused:
            ClientRepo(team["anne"]).create(same)
        assert refused.value.problem.location == "pseudonym"
        assert refused.value.message("nl").endswith(
            f"je hebt al een deelnemer met de naam '{same.strip()}'; kies een andere schuilnaam, bijvoorbeeld met een letter erbij")
        assert f"you already have a client called '{same.strip()}'" in refused.value.message("en")
    assert names(team["anne"]) == ["Anna"] and names(team["bram"]) == ["Anna"]
    # renaming into an own name is refused too; into a colleague's name is fine
    bob = ClientRepo(team["anne"]).create("Bob")
    with pytest.raises(InvalidInput):
        ClientRepo(team["anne"]).update(bob.id, pseudonym="ANNA")
    ClientRepo(team["bram"]).create("Bob B")
    assert ClientRepo(team["anne"]).update(bob.id, pseudonym="Bob B").pseudonym == "Bob B"


def test_the_database_itself_refuses_a_second_name_of_one_coach(db_url, team):
    ClientRepo(team["anne"]).create("Cor")
    engine = create_engine(db_url)
    insert = text("INSERT INTO clients (pseudonym, name_key, note, created_at, updated_at, coach, team) "
                  "VALUES (:p, :k, '', '2026-12-06', '2026-12-06', :c, 'noord')")
    with engine.begin() as conn:  # another coach: allowed
        conn.execute(insert, {"p": "Cor", "k": "cor", "c": "bram"})
    with pytest.raises(IntegrityError):  # the same coach (two writers at once): the constraint holds
        with engine.begin() as conn:
            conn.execute(insert, {"p": "COR", "k": "cor", "c": "anne"})
    engine.dispose()


def test_a_hand_over_to_a_coach_with_that_name_is_refused_and_nothing_moves(team):
    mine = ClientRepo(team["anne"]).create("Mevrouw Kaya")
    theirs = ClientRepo(team["bram"]).create("mevrouw kaya")
    for who in ("anne", "lena"):  # the coach, and the team lead
        with pytest.raises(InvalidInput) as refused:
            AccessRepo(team[who]).hand_over(mine.id, "bram")
        message = refused.value.message("nl")
        # said in the hand-over's own message line: a sentence, no field label in front
        assert message.startswith("bram heeft al een deelnemer met de naam 'Mevrouw Kaya'. ")
        assert "Geef deze deelnemer eerst een andere schuilnaam" in message and "niets veranderd" in message
        assert "First give this client another pseudonym" in refused.value.message("en")
    assert names(team["anne"]) == ["Mevrouw Kaya"] and names(team["bram"]) == ["mevrouw kaya"]
    lines = [(line.action, line.result) for line in AccessRepo(team["anne"]).lines_of_client(mine.id)]
    assert ("hand_over", "refused") in lines
    # what the message says to do works: rename, then hand over
    ClientRepo(team["anne"]).update(mine.id, pseudonym="Mevrouw Kaya A")
    AccessRepo(team["anne"]).hand_over(mine.id, "bram")
    assert names(team["bram"]) == ["mevrouw kaya", "Mevrouw Kaya A"] and names(team["anne"]) == []
    assert theirs.id in [c.id for c in ClientRepo(team["bram"]).search("kaya")]


def test_an_undo_to_a_coach_who_has_the_name_by_now_is_refused(team):
    given = ClientRepo(team["anne"]).create("Sem")
    AccessRepo(team["anne"]).hand_over(given.id, "bram")
    ClientRepo(team["anne"]).create("SEM")  # meanwhile anne has a new Sem
    with pytest.raises(InvalidInput) as refused:
        AccessRepo(team["anne"]).undo_hand_over(given.id)
    # the giver reads it as about themselves, not their user name
    assert refused.value.message("nl").startswith("Je hebt nu zelf een andere deelnemer met de naam 'Sem'. ")
    assert refused.value.message("en").startswith("You now have another client called 'Sem' yourself. ")
    assert names(team["bram"]) == ["Sem"] and names(team["anne"]) == ["SEM"]
    # on the screen: the coach's own new "SEM" is offered to rename; then the undo goes through
    from mmwidgets.apps.team_view import TeamView

    view = TeamView(team["anne"], "nl")
    view.undo_box.children[1].click()
    assert "Geef een van de twee eerst een andere schuilnaam" in view.hand_messages.value
    assert view.rename_name.value == "SEM" and view.rename_box.layout.display == ""
    view.rename_name.value = "Sem K"
    view.rename_button.click()
    view.undo_box.children[1].click()
    assert names(team["anne"]) == ["Sem", "Sem K"] and names(team["bram"]) == []


def test_the_picker_shows_the_refusal_at_the_field_and_keeps_the_typed_name(tmp_path):
    store = Store("sqlite:///" + str(tmp_path / "t.db"), actor=Actor("anne", "noord"))  # the widget: one database
    messages = MessageArea()
    picker = ClientPicker(ClientRepo(store).search, ClientRepo(store).create, messages, "nl")
    picker.new_name.value = "Noor"
    picker.create_button.click()
    picker._on_switch()
    picker.new_name.value = "noor"
    picker.create_button.click()
    assert "je hebt al een deelnemer met de naam &#x27;noor&#x27;" in picker.new_problem.value
    assert picker.new_name.value == "noor", "nothing typed is lost"
    assert picker.client_id is None
    picker.lang = "en"
    assert "you already have a client called" in picker.new_problem.value
    store.dispose()


# -- revision mm0006 -------------------------------------------------------------------------

def _schema5_sqlite(path: Path) -> str:
    conn = sqlite3.connect(path)
    conn.executescript(DUMP.read_text(encoding="utf-8"))
    conn.close()
    return "sqlite:///" + str(path)


def _counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {name: conn.execute(text(f"SELECT COUNT(*) FROM {name}")).scalar()
                for name in inspect(conn).get_table_names()}


@pytest.mark.sqlite_only(reason="the SQLite rebuild of 'clients' with foreign keys off: a schema-5 SQLite file")
def test_an_old_sqlite_database_keeps_every_row_and_its_cascades(db_url, tmp_path):
    url = _schema5_sqlite(tmp_path / "old.db")
    engine = create_engine(url)
    before = _counts(engine)
    upgrade(engine, Base.metadata)
    after = _counts(engine)
    assert {k: after[k] for k in before} == before
    with engine.connect() as conn:
        uniques = inspect(conn).get_unique_constraints("clients")
        assert [(u["name"], u["column_names"]) for u in uniques] == [("uq_clients_coach_name", ["coach", "name_key"])]
        assert "ix_clients_coach" in {i["name"] for i in inspect(conn).get_indexes("clients")}
        children = conn.execute(text("SELECT sql FROM sqlite_master WHERE type='table' AND sql LIKE '%REFERENCES%'")).scalars().all()
        assert children and all("_alembic_tmp" not in sql for sql in children)
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1, "foreign keys are on again"
        client_id = conn.execute(text("SELECT client_id FROM assessments LIMIT 1")).scalar()
    engine.dispose()
    store = Store(url)
    assert ClientRepo(store).erase(client_id)  # the cascade still reaches the children
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM assessments WHERE client_id = :c"), {"c": client_id}).scalar() == 0
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").first() is None
    engine.dispose()
    store.dispose()


@pytest.mark.empty_database
def test_an_old_database_gets_the_per_coach_constraint(db_url, tmp_path):
    """Schema 5 (global uniques) with clients of two coaches, then every revision: the same rows."""
    module = script_directory().get_revision("mm0005").module
    engine = create_engine(db_url)
    with engine.begin() as conn:
        module.create_tables(conn)
        from mmwidgets.store.migrations import run_legacy_steps

        run_legacy_steps(conn, after=0)
        conn.exec_driver_sql("CREATE TABLE schema_version (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)")
        conn.exec_driver_sql("INSERT INTO schema_version VALUES (1, 5)")
        for n, (name, coach) in enumerate([("Anna", "anne"), ("Bo", "anne"), ("Cas", "bram")], start=1):
            conn.execute(text("INSERT INTO clients (id, pseudonym, name_key, note, created_at, updated_at, coach, team) "
                              "VALUES (:i, :p, :k, '', '2026-01-01', '2026-01-01', :c, 'noord')"),
                         {"i": n, "p": name, "k": name.casefold(), "c": coach})
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT setval(pg_get_serial_sequence('clients', 'id'), 3)")
    upgrade(engine, Base.metadata)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, pseudonym, coach FROM clients ORDER BY id")).all()
        uniques = {(u["name"], tuple(u["column_names"])) for u in inspect(conn).get_unique_constraints("clients")}
    assert [tuple(r) for r in rows] == [(1, "Anna", "anne"), (2, "Bo", "anne"), (3, "Cas", "bram")]
    assert uniques == {("uq_clients_coach_name", ("coach", "name_key"))}
    engine.dispose()
    store = Store(db_url, actor=Actor("bram", "noord"))
    assert ClientRepo(store).create("anna").pseudonym == "anna"  # bram may have an Anna now
    store.dispose()


def test_duplicates_made_by_hand_get_a_suffix_and_no_row_is_lost():
    module = script_directory().get_revision("mm0006").module
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE clients (id INTEGER PRIMARY KEY, pseudonym TEXT, name_key TEXT, coach TEXT)")
        long = "L" * 60
        for row in [(1, "Anna", "anne"), (2, "ANNA", "anne"), (3, "Anna", "bram"), (4, "Anna (2)", "anne"),
                    (5, long, "anne"), (6, long.lower(), "anne")]:
            conn.execute(text("INSERT INTO clients VALUES (:i, :p, :k, :c)"),
                         {"i": row[0], "p": row[1], "k": row[1].casefold(), "c": row[2]})
        renamed = module.rename_duplicates(conn)
        rows = conn.execute(text("SELECT id, pseudonym, name_key, coach FROM clients ORDER BY id")).all()
    assert renamed == [(2, "ANNA", "ANNA (3)"), (6, long.lower(), "l" * 56 + " (2)")]
    assert [r[1] for r in rows] == ["Anna", "ANNA (3)", "Anna", "Anna (2)", long, "l" * 56 + " (2)"]
    assert all(r[2] == r[1].casefold() for r in rows)
    assert len({(r[3], r[2]) for r in rows}) == 6


def test_the_hand_over_screen_offers_the_rename_and_then_hands_over(team):
    from mmwidgets.apps.team_view import TeamView

    mine = ClientRepo(team["anne"]).create("Mevrouw Kaya")
    ClientRepo(team["anne"]).create("Sem")
    ClientRepo(team["bram"]).create("mevrouw kaya")
    view = TeamView(team["anne"], "nl")
    view.client.value, view.coach.value = mine.id, "bram"
    view.button.click()
    view.yes.click()  # refused: the message says what to do, and the field to do it is there
    assert "Geef deze deelnemer eerst een andere schuilnaam" in view.hand_messages.value
    assert view.rename_box.layout.display == "" and view.rename_name.value == "Mevrouw Kaya"
    assert view.rename_name.description == "Nieuwe schuilnaam"
    view.rename_name.value = "sem"  # another own name: refused, the typed text stays
    view.rename_button.click()
    assert "je hebt al een deelnemer met de naam" in view.hand_messages.value and view.rename_name.value == "sem"
    view.rename_name.value = "Mevrouw Kaya A"
    view.rename_button.click()
    assert "De schuilnaam is nu" in view.hand_messages.value and "Mevrouw Kaya A" in view.hand_messages.value
    assert view.rename_box.layout.display == "none" and view.client.value == mine.id
    view.coach.value = "bram"
    view.button.click()
    view.yes.click()
    assert names(team["bram"]) == ["mevrouw kaya", "Mevrouw Kaya A"] and names(team["anne"]) == ["Sem"]
