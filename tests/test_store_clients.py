"""Clients: round trips, refused input changes nothing, erase removes all of one client only."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table, select

from mmwidgets.model.assessment import InvalidInput
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.clients import ClientRepo, delete_tree
from mmwidgets.store.store import Base, Store
from mmwidgets.store.export import export_pseudonymised
from mmwidgets.store.tables import ClientRow


def _text(s: str) -> dict[str, str]:
    return {"nl": s, "en": s}


def make_definition(version: int = 1) -> BridgeDefinition:
    def sub(ident: str, n: int) -> dict:
        steps = [{"label": _text(f"trede {i}"), "text": _text(f"Eigen omschrijving {i}.")} for i in range(1, n + 1)]
        return {"id": ident, "name": _text(ident), "steps": steps}

    return BridgeDefinition.model_validate(
        {
            "id": "test-brug",
            "version": version,
            "name": _text("Testbrug"),
            "pillars": [
                {"id": "gezin", "name": _text("Gezin"), "colour": "#336699",
                 "subpillars": [sub("housing", 5), sub("care", 3)]},
                {"id": "geld", "name": _text("Geld"), "colour": "#993366",
                 "subpillars": [sub("debts", 5)]},
            ],
        }
    )


@pytest.fixture
def store(db_url):
    store = Store(db_url)
    yield store
    store.dispose()


def dump(store: Store) -> dict[str, list[tuple]]:
    with store.transaction() as s:
        return {t.name: sorted(map(tuple, s.execute(select(t)))) for t in Base.metadata.sorted_tables}


def test_create_get_search_update_round_trip(store):
    repo = ClientRepo(store)
    noor = repo.create("  Noor   de  Vries ", note=" houdt van fietsen ")
    assert noor.pseudonym == "Noor de Vries" and noor.note == "houdt van fietsen"
    sem = repo.create("sem")
    anouk = repo.create("Anouk")
    assert repo.get(noor.id) == noor
    assert repo.get(9999) is None
    assert [c.pseudonym for c in repo.search()] == ["Anouk", "Noor de Vries", "sem"]
    assert [c.pseudonym for c in repo.search("NO")] == ["Anouk", "Noor de Vries"]
    assert repo.search("zzz") == []
    assert repo.search("%") == []  # wildcards are plain text
    renamed = repo.update(sem.id, pseudonym="Sem B.")
    assert renamed == repo.get(sem.id) and renamed.pseudonym == "Sem B." and renamed.note == ""
    noted = repo.update(anouk.id, note="tweede gesprek in mei")
    assert noted.pseudonym == "Anouk" and repo.get(anouk.id).note == "tweede gesprek in mei"
    assert repo.update(noor.id, pseudonym="noor DE vries").pseudonym == "noor DE vries"  # own name, new capitals


def test_duplicate_name_is_refused_ignoring_capitals(store):
    repo = ClientRepo(store)
    repo.create("Fatima")
    other = repo.create("Daan")
    before = dump(store)
    for attempt in ("Fatima", "FATIMA", " fatima "):
        with pytest.raises(InvalidInput) as err:
            repo.create(attempt)
        assert err.value.problem.code == "name_taken"
        assert err.value.problem.values["name"] == " ".join(attempt.split())
    with pytest.raises(InvalidInput) as err:
        repo.update(other.id, pseudonym="fatima")
    assert err.value.problem.code == "name_taken"
    assert "Fatima" in err.value.message("nl") or "fatima" in err.value.message("nl")
    assert dump(store) == before


@pytest.mark.parametrize(
    "name, note, code",
    [
        ("", "", "name_empty"),
        ("   ", "", "name_empty"),
        ("x" * 61, "", "text_too_long"),
        ("123456782", "", "name_bsn"),
        ("Jan 1234.56.782", "", "name_bsn"),
        ("Lotte", "bsn 123 456 782", "name_bsn"),
        ("Lotte", "y" * 2001, "text_too_long"),
    ],
)
def test_invalid_client_input_changes_nothing(store, name, note, code):
    repo = ClientRepo(store)
    kept = repo.create("Bestaand", note="blijft")
    before = dump(store)
    with pytest.raises(InvalidInput) as err:
        repo.create(name, note=note)
    assert err.value.problem.code == code
    with pytest.raises(InvalidInput):
        repo.update(kept.id, pseudonym=name, note=note if note else None)
    assert dump(store) == before


def test_update_of_missing_client(store):
    with pytest.raises(InvalidInput) as err:
        ClientRepo(store).update(42, note="x")
    assert err.value.problem.code == "client_missing"


def test_erase_removes_everything_of_that_client_and_nothing_else(store):
    clients, assessments = ClientRepo(store), AssessmentRepo(store)
    defn = make_definition()
    gone, kept = clients.create("Weg"), clients.create("Blijft")
    for who in (gone, kept):
        for day in (dt.date(2026, 1, 5), dt.date(2026, 3, 9)):
            a = assessments.start(who.id, defn, day)
            assessments.set_choice(a.id, "housing", definition=defn, step=2, note="over " + who.pseudonym)
            assessments.set_choice(a.id, "debts", definition=defn, step=4, focus=True)
            assessments.set_stress(a.id, 7, "druk")
    export_pseudonymised(store)  # gives both a research code
    kept_before = export_of(store, kept.id)

    assert clients.erase(gone.id) is True
    assert clients.get(gone.id) is None
    assert assessments.history(gone.id) == []
    rows = dump(store)
    assert [r for r in rows["clients"] if r[0] == gone.id] == []
    assert {r[1] for r in rows["assessments"]} == {kept.id}
    kept_assessments = {r[0] for r in rows["assessments"]}
    assert {r[1] for r in rows["choices"]} == kept_assessments and len(rows["choices"]) == 4
    assert [r[0] for r in rows["research_codes"]] == [kept.id]
    assert not any("Weg" in str(row) for table in rows.values() for row in table)
    assert export_of(store, kept.id) == kept_before
    assert clients.erase(gone.id) is False


def export_of(store, client_id):
    from mmwidgets.store.export import export_client

    data = export_client(store, client_id)
    data.pop("exported_at")
    data.pop("access_log")  # each export adds its own line to "who looked" (teams, issue 9)
    data.pop("who_looked")
    return data


def test_erase_follows_tables_added_by_other_modules(store):
    """A later module's table (even without ON DELETE CASCADE) and its child are emptied too."""
    extra = MetaData()
    Table("clients", extra, Column("id", Integer, primary_key=True))
    goals = Table("t_goals", extra, Column("id", Integer, primary_key=True),
                  Column("client_id", ForeignKey("clients.id"), nullable=False))
    actions = Table("t_actions", extra, Column("id", Integer, primary_key=True),
                    Column("goal_id", ForeignKey("t_goals.id"), nullable=False))
    goals_b = goals.to_metadata(Base.metadata)
    actions_b = actions.to_metadata(Base.metadata)
    try:
        Base.metadata.create_all(store.engine, tables=[goals_b, actions_b])
        repo = ClientRepo(store)
        a, b = repo.create("A"), repo.create("B")
        with store.transaction() as s:
            s.execute(goals_b.insert(), [{"id": 1, "client_id": a.id}, {"id": 2, "client_id": b.id}])
            s.execute(actions_b.insert(), [{"id": 10, "goal_id": 1}, {"id": 11, "goal_id": 1},
                                           {"id": 20, "goal_id": 2}])
        assert repo.erase(a.id)
        with store.transaction() as s:
            assert s.execute(select(goals_b.c.id)).scalars().all() == [2]
            assert s.execute(select(actions_b.c.id)).scalars().all() == [20]
    finally:
        Base.metadata.remove(actions_b)
        Base.metadata.remove(goals_b)


def test_foreign_keys_are_enforced(store):
    with store.transaction() as s:
        assert s.execute(select(1).select_from(ClientRow)).first() is None
        if store.engine.dialect.name == "sqlite":  # SQLite checks them only when asked to
            from sqlalchemy import text

            assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with store.transaction() as s:
            s.execute(
                Base.metadata.tables["assessments"].insert().values(
                    client_id=999, date=dt.date(2026, 1, 1), definition_id="x", definition_version=1
                )
            )


def test_delete_tree_on_an_empty_match_is_a_no_op(store):
    ClientRepo(store).create("Iemand")
    before = dump(store)
    with store.transaction() as s:
        table = ClientRow.__table__
        delete_tree(s, table, table.c.id == 12345)
    assert dump(store) == before


@pytest.mark.parametrize("code", ["client_missing", "assessment_missing", "definition_mismatch", "name_taken"])
def test_store_messages_exist_in_both_languages(code):
    from mmwidgets.i18n import t

    values = {"id": 3, "name": "Mila", "expected": "a@1", "given": "a@2"}
    texts = {lang: t(f"val.{code}", lang, **values) for lang in ("nl", "en")}
    assert all(text and text != f"val.{code}" for text in texts.values())
    assert texts["nl"] != texts["en"]
