"""Inputs SQLite takes silently and PostgreSQL refuses with a generic error: on both databases
the store removes a NUL character, and refuses too-long text and too-big numbers with a
message that names the field (mmwidgets/store/column_guard.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Integer, String, select

from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.column_guard import GuardedInteger, GuardedText
from mmwidgets.store.store import Base, Store
from mmwidgets.store.plans.tables import ActionRow, GoalRow
from mmwidgets.store.tables import AssessmentRow, ChoiceRow, ClientRow
from mmwidgets.store.training.repo import TrainingRepo
from mmwidgets.store.training.tables import TraineeRow, TrainingSessionRow

DAY = dt.date(2026, 3, 9)
DEFAULT = load_definition(shipped_data_dir() / "bridges" / "default.yaml")


@pytest.fixture
def store(db_url):
    store = Store(db_url)
    yield store
    store.dispose()


@pytest.fixture
def defn():
    return DEFAULT


def _client(store, name="Noor") -> int:
    return ClientRepo(store).create(name).id


def test_nul_in_a_long_text_column_is_removed(store):
    cid = _client(store)
    assessment = AssessmentRepo(store).start(cid, DEFAULT, DAY)
    with store.transaction() as s:
        s.get(ClientRow, cid).note = "belt\x00 morgen"
        s.add(ChoiceRow(assessment_id=assessment.id, subpillar_id="housing", step=2, note="\x00huur\x00"))
        s.add(GoalRow(key="g1", client_id=cid, text="werk\x00 zoeken"))
    with store.transaction() as s:
        assert s.get(ClientRow, cid).note == "belt morgen"
        assert s.scalar(select(ChoiceRow.note)) == "huur"
        assert s.scalar(select(GoalRow.text)) == "werk zoeken"
    # what the coach sees comes back the same way
    assert ClientRepo(store).get(cid).note == "belt morgen"
    assert AssessmentRepo(store).get(assessment.id).choice("housing").note == "huur"


def test_nul_in_a_short_text_column_is_removed_also_when_searching(store):
    cid = _client(store, "Sem")
    with store.transaction() as s:
        goal = GoalRow(key="g2", client_id=cid, text="x")
        s.add(goal)
        s.flush()
        s.add(ActionRow(key="a\x001", goal_id=goal.id, client_id=cid, what="bellen", who_name="Oom\x00 Piet"))
    with store.transaction() as s:
        row = s.scalar(select(ActionRow).where(ActionRow.key == "a\x001"))  # the search value too
        assert (row.key, row.who_name) == ("a1", "Oom Piet")
        assert s.scalar(select(ClientRow.pseudonym).where(ClientRow.name_key == "s\x00em")) == "Sem"


def test_searching_with_more_than_fits_or_a_huge_number_finds_nothing_without_error(store):
    cid = _client(store, "Sem")
    with store.transaction() as s:  # comparisons are not writes: no length or range check
        assert s.scalar(select(TraineeRow.id).where(TraineeRow.nick_key.contains("x" * 30))) is None
        assert s.scalar(select(ClientRow.id).where(ClientRow.name_key == "s" * 300)) is None
        assert s.scalar(select(AssessmentRow.id).where(AssessmentRow.client_id == 2**40)) is None
        assert s.scalar(select(ClientRow.id).where(ClientRow.name_key.in_(["sem", "x" * 300]))) == cid


def test_a_huge_id_asked_for_finds_nothing_or_says_so_never_a_generic_error(store):
    cid = _client(store)
    assert ClientRepo(store).get(cid).pseudonym == "Noor"
    for huge in (2**31, 2**40):
        if store.engine.dialect.name == "postgresql":  # it casts the value to the 32-bit key's type
            with pytest.raises(InvalidInput) as caught:
                ClientRepo(store).get(huge)
            assert caught.value.message("nl").startswith("deze waarde kan de database niet bewaren of zoeken")
        else:
            assert ClientRepo(store).get(huge) is None
        assert AssessmentRepo(store).history(huge) == []  # a column compared as 64 bits: nothing


def test_text_longer_than_its_column_is_refused_naming_the_field(store):
    cid = _client(store)
    with pytest.raises(InvalidInput) as caught:
        with store.transaction() as s:
            s.get(ClientRow, cid).pseudonym = "N" * 61
    assert caught.value.message("nl") == (
        "De naam van de deelnemer is te lang: hoogstens 60 tekens (nu 61); maak het korter"
    )
    assert caught.value.message("en").startswith("The client's name is too long: at most 60 characters")
    assert ClientRepo(store).get(cid).pseudonym == "Noor"  # nothing half-saved
    with store.transaction() as s:  # exactly the column's length fits on both databases
        s.get(ClientRow, cid).pseudonym = "N" * 60
    assert ClientRepo(store).get(cid).pseudonym == "N" * 60


def test_nickname_whose_folded_form_is_longer_than_its_column(store):
    repo = TrainingRepo(store)
    session = repo.create_session(DEFAULT.key)
    with pytest.raises(InvalidInput):  # 15 letters typed, 30 when case-folded ("ß" -> "ss")
        repo.join(session.code, "ß" * 15)
    assert repo.trainees(session.id) == []
    # the store itself never sends an over-long key either, whoever writes it
    with pytest.raises(InvalidInput) as caught:
        with store.transaction() as s:
            s.add(TraineeRow(session_id=session.id, nickname="ß" * 15, nick_key="ss" * 15))
    assert caught.value.message("nl").startswith("De bijnaam is te lang: hoogstens 20 tekens (nu 30)")
    assert repo.trainees(session.id) == []
    assert repo.join(session.code, "ß" * 10).nickname == "ß" * 10  # 20 when folded: fits


def test_bridge_version_of_2_to_the_31_is_refused_naming_the_field(store, defn):
    cid = _client(store)
    huge = defn.model_copy(update={"version": 2**31})
    with pytest.raises(InvalidInput) as caught:
        AssessmentRepo(store).start(cid, huge, DAY)
    message = caught.value.message("nl")
    assert message.startswith("De versie van de brug: het getal 2147483648 kan niet worden bewaard")
    assert "-2147483648" in message and "2147483647" in message
    assert AssessmentRepo(store).history(cid) == []
    largest = defn.model_copy(update={"version": 2**31 - 1})
    saved = AssessmentRepo(store).start(cid, largest, DAY)
    assert AssessmentRepo(store).get(saved.id).definition_version == 2**31 - 1


def test_negative_numbers_out_of_range_are_refused_too(store):
    cid = _client(store)
    with pytest.raises(InvalidInput):
        with store.transaction() as s:
            s.add(AssessmentRow(client_id=cid, date=DAY, definition_id="x", definition_version=-(2**31) - 1))
    with store.transaction() as s:
        assert s.scalar(select(AssessmentRow.id)) is None
        s.add(TrainingSessionRow(code="ABC", definition_key="x@1"))


def test_every_text_and_number_column_of_every_table_is_guarded(store):
    """Also tables that other modules add: a new column cannot slip past the guard."""
    unguarded = [
        f"{table.name}.{column.name}"
        for table in Base.metadata.tables.values()
        for column in table.columns
        if not column.primary_key
        and isinstance(column.type, (String, Integer))
        and not isinstance(column.type, (GuardedText, GuardedInteger))
    ]
    assert unguarded == []
    # the database still gets its own types: lengths and integers as declared
    assert Base.metadata.tables["clients"].c.pseudonym.type.impl.length == 60
    assert isinstance(Base.metadata.tables["assessments"].c.definition_version.type.impl, Integer)
