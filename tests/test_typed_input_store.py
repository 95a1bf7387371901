"""Typed input through the store, on SQLite and on PostgreSQL (which refuses NUL characters and
enforces String(n)): a bad text is refused with a clear message and nothing is stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store
from mmwidgets.store.tables import ClientRow
from mmwidgets.store.training.repo import TrainingRepo
from mmwidgets.store.training.tables import TraineeRow, TrainingResponseRow

DEFAULT = load_definition(shipped_data_dir() / "bridges" / "default.yaml")
ZWSP = "\u200b"
RLO = "\u202e"


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    yield s
    s.dispose()


def refused(call, *args, **kwargs) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        call(*args, **kwargs)
    return info.value


def count(store: Store, row_class) -> int:
    with store.transaction() as s:
        return s.scalar(select(func.count()).select_from(row_class)) or 0


@pytest.mark.parametrize(
    "name, code",
    [
        ("Anna\x00", "text_control"),
        (f"foto{RLO}gnp.exe", "text_bidi"),
        ("123/456/782", "name_bsn"),
        (f"123{ZWSP}456{ZWSP}782", "name_bsn"),
        ("123.456.782", "name_bsn"),
        ("", "name_empty"),
        ("x" * 61, "text_too_long"),
    ],
)
def test_a_bad_client_name_is_refused_and_nothing_is_stored(store, name, code):
    clients = ClientRepo(store)
    assert refused(clients.create, name).problem.code == code
    assert count(store, ClientRow) == 0


def test_renaming_or_a_note_with_nul_is_refused_and_the_client_is_unchanged(store):
    clients = ClientRepo(store)
    lotte = clients.create("Lotte", "eerste gesprek")
    assert refused(clients.update, lotte.id, pseudonym="Lot\x00te").problem.code == "text_control"
    assert refused(clients.update, lotte.id, note="ge\x00heim").problem.code == "text_control"
    assert refused(clients.update, lotte.id, note="bsn 123/456/782").problem.code == "name_bsn"
    assert clients.get(lotte.id) == lotte


def test_invisible_characters_are_not_stored(store):
    clients = ClientRepo(store)
    client = clients.create(f"Zonne{ZWSP}bloem", f"notitie{ZWSP}")
    assert (client.pseudonym, client.note) == ("Zonnebloem", "notitie")
    assert refused(clients.create, "Zonnebloem").problem.code == "name_taken"


def test_names_that_look_the_same_are_the_same_name(store):
    clients = ClientRepo(store)
    clients.create("Zoë")
    for same in ("Zoe\u0308", "Zo\u00adë", "ZOË"):  # decomposed, with a soft hyphen, in capitals
        assert refused(clients.create, same).problem.code == "name_taken"
    assert [c.pseudonym for c in clients.search("zoe\u0308")] == ["Zoë"]


def test_a_name_whose_folded_form_is_three_times_longer_still_fits(store):
    name = "\u0390" * 60  # each folds to three characters: name_key holds 180
    client = ClientRepo(store).create(name)
    assert ClientRepo(store).get(client.id).pseudonym == name
    assert [c.id for c in ClientRepo(store).search("\u0390" * 3)] == [client.id]


def test_a_search_text_is_bounded_and_checked(store):
    clients = ClientRepo(store)
    clients.create("Zonnebloem")
    error = refused(clients.search, "a" * 1_000_000)
    assert error.problem.values == {"max": 100}
    assert error.message("nl") == "Zoeken: deze tekst is te lang (hoogstens 100 tekens)"
    assert refused(clients.search, "zon\x00").problem.code == "text_control"
    assert [c.pseudonym for c in clients.search(f"zonne{ZWSP}")] == ["Zonnebloem"]
    assert clients.search("z" * 100) == []


def test_a_nickname_that_only_fits_before_lower_casing_is_refused(store):
    repo = TrainingRepo(store)
    code = repo.create_session(DEFAULT.key).code
    assert refused(repo.join, code, "ß" * 11).problem.code == "train_nick_long_folded"
    assert refused(repo.join, code, "Anna\x00").problem.code == "text_control"
    assert count(store, TraineeRow) == 0
    straße = repo.join(code, "ß" * 10)  # folds to exactly 20 characters
    assert straße.nickname == "ß" * 10
    assert refused(repo.join, code, "SS" * 10).problem.code == "train_nick_taken"  # the same folded name


def test_a_training_answer_with_nul_is_refused_and_not_stored(store):
    repo = TrainingRepo(store)
    code = repo.create_session(DEFAULT.key).code
    ada = repo.join(code, "Ada")
    error = refused(repo.save_response, ada.id, "coach_open", "q1", "eerst\x00luisteren")
    assert error.problem.code == "text_control"
    assert refused(repo.save_response, ada.id, "coach_open", "q\x00", "goed").problem.code == "pyd_other"
    assert count(store, TrainingResponseRow) == 0
    repo.save_response(ada.id, "coach_open", "q1", "eerst\nluisteren")
    assert repo.responses(ada.id, "coach_open") == {"q1": "eerst\nluisteren"}


def test_a_session_code_or_key_that_cannot_have_been_typed_is_refused_kindly(store):
    repo = TrainingRepo(store)
    session = repo.create_session(DEFAULT.key)
    assert refused(repo.join, session.code + "\x00", "Ada").message("nl").startswith("Code: ")
    assert refused(repo.join, "B" * 1_000_000, "Ada").problem.values == {"max": 40}
    ada = repo.join(session.code, "Ada")
    for key in ("\ud800", "sleutel\x00", "k" * 10_000, 42):
        assert refused(repo.join, session.code, "Ada", key=key).problem.code == "train_nick_taken"
        assert refused(repo.open_session, session.code, key).problem.code == "train_trainer_key_wrong"
    assert repo.join(session.code, "Ada", key=ada.key).resumed
    assert [t.nickname for t in repo.trainees(session.id)] == ["Ada"]
