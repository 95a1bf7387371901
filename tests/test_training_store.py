"""Training sessions in the store: codes, nicknames, answers saved on every click."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from mmwidgets.model.assessment import InvalidInput
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.model.training.content import check_nickname, normalise_session_code
from mmwidgets.store.store import Store
from mmwidgets.store.training.repo import TrainingRepo

DEFAULT = load_definition(shipped_data_dir() / "bridges" / "default.yaml")


@pytest.fixture
def repo(db_url):
    store = Store(db_url)
    yield TrainingRepo(store)
    store.dispose()


def code_of(error: InvalidInput) -> str:
    return error.problem.code


def test_session_codes_are_readable_hard_to_guess_and_unique(repo):
    codes = {repo.create_session(DEFAULT.key).code for _ in range(40)}
    assert len(codes) == 40
    # an easy word, four digits, four consonants without I/L/O: about 2 * 10^10 codes
    assert all(re.fullmatch(r"[A-Z]{3,8}-\d{4}-[BCDFGHJKMNPQRSTVWXZ]{4}", c) for c in codes)


def test_a_code_may_be_typed_loosely(repo):
    session = repo.create_session(DEFAULT.key, "sanne")
    word, digits, letters = session.code.split("-")
    typings = (session.code, session.code.lower(), f" {word.title()} {digits} {letters.lower()} ", f"{word}{digits}{letters}")
    for typed in typings:
        assert repo.session(typed).id == session.id
    assert repo.session(session.code).vignette_id == "sanne"


def test_unknown_or_closed_code_is_refused(repo):
    with pytest.raises(InvalidInput) as info:
        repo.session("BRUG-0000")
    assert code_of(info.value) == "train_code_unknown"
    assert "BRUG-0000" in info.value.message("nl")
    session = repo.create_session(DEFAULT.key)
    repo.close_session(session.id)
    with pytest.raises(InvalidInput):
        repo.join(session.code, "Anna")
    with pytest.raises(InvalidInput) as info:
        repo.session("")
    assert code_of(info.value) == "train_code_empty"


def test_join_and_resume_with_the_same_nickname(repo):
    session = repo.create_session(DEFAULT.key)
    anna = repo.join(session.code, "Anna")
    bo = repo.join(session.code, "  Bo ")
    again = repo.join(session.code.lower(), "ANNA", key=anna.key)  # her own reloaded page
    assert not anna.resumed and again.resumed and again.id == anna.id and again.nickname == "Anna"
    assert anna.key and bo.key and anna.key != bo.key and again.key is None
    assert [t.nickname for t in repo.trainees(session.id)] == ["Anna", "Bo"]
    assert bo.nickname == "Bo"
    other = repo.create_session(DEFAULT.key)
    assert repo.join(other.code, "Anna").id != anna.id  # a nickname belongs to one session


@pytest.mark.parametrize(
    "typed, problem",
    [
        ("", "train_nick_empty"),
        ("Jan de Vries", "train_nick_full_name"),
        ("jan-van-dijk", "train_nick_full_name"),
        ("JanJansen", "train_nick_full_name"),
        ("Fatima El Amrani", "train_nick_full_name"),
        ("123456782", "train_nick_number"),
        ("123.456.782", "train_nick_number"),
        ("Sam0612345678", "train_nick_number"),
        ("anna@example.nl", "train_nick_chars"),
        ("<b>Kim</b>", "train_nick_chars"),
        ("Bartholomeus-Maximiliaan", "train_nick_long"),
    ],
)
def test_nicknames_that_look_like_full_names_or_numbers_are_refused(repo, typed, problem):
    session = repo.create_session(DEFAULT.key)
    with pytest.raises(InvalidInput) as info:
        repo.join(session.code, typed)
    assert code_of(info.value) == problem
    assert info.value.message("nl") != info.value.message("en")
    assert repo.trainees(session.id) == []


@pytest.mark.parametrize("name", ["Anna", "Anne-Marie", "Jan-Willem", "Özlem", "D'Angelo", "kees_2", "Mo", "McKenzie"])
def test_first_names_and_nicknames_are_accepted(name):
    assert check_nickname(name) == name


def test_code_normalisation():
    assert normalise_session_code("brug 4821 kxpt") == "BRUG-4821-KXPT"
    assert normalise_session_code("brug4821-KXPT") == "BRUG-4821-KXPT"
    assert normalise_session_code("brug 4821") == "BRUG-4821"  # codes of sessions started before
    assert normalise_session_code("Kompas_0042") == "KOMPAS-0042"
    with pytest.raises(InvalidInput):
        normalise_session_code("4821")


def test_answers_are_saved_on_every_click_one_row_per_subpillar(repo):
    session = repo.create_session(DEFAULT.key)
    anna = repo.join(session.code, "Anna")
    repo.save_step(anna.id, "sanne", "housing", 3, DEFAULT)
    repo.save_step(anna.id, "sanne", "housing", 4, DEFAULT)  # a second click replaces the first
    repo.save_step(anna.id, "sanne", "debts", 2, DEFAULT)
    repo.save_step(anna.id, "sanne", "debts", None, DEFAULT)  # cleared
    repo.save_step(anna.id, "jordy", "housing", 1, DEFAULT)
    assert repo.answers(anna.id, "sanne") == {"housing": 4}
    assert repo.answers(anna.id, "jordy") == {"housing": 1}
    from sqlalchemy import func, select

    from mmwidgets.store.training.tables import TrainingAnswerRow

    with repo.store.transaction() as s:
        assert s.scalar(select(func.count(TrainingAnswerRow.id))) == 3


def test_steps_are_checked_against_the_definition(repo):
    session = repo.create_session(DEFAULT.key)
    anna = repo.join(session.code, "Anna")
    with pytest.raises(InvalidInput) as info:
        repo.save_step(anna.id, "sanne", "housing", 6, DEFAULT)
    assert code_of(info.value) == "step_out_of_range"
    with pytest.raises(InvalidInput) as info:
        repo.save_step(anna.id, "sanne", "geluk", 2, DEFAULT)
    assert code_of(info.value) == "unknown_subpillar"
    with pytest.raises(InvalidInput) as info:
        repo.save_step(9999, "sanne", "housing", 2, DEFAULT)
    assert code_of(info.value) == "train_not_joined"


def test_group_answers_in_join_order_with_checks_and_attempts(repo):
    session = repo.create_session(DEFAULT.key)
    anna, bo, cem = (repo.join(session.code, n) for n in ("Anna", "Bo", "Cem"))
    repo.save_step(anna.id, "sanne", "housing", 4)
    repo.save_step(bo.id, "sanne", "housing", 3)
    repo.save_step(bo.id, "sanne", "debts", 2)
    repo.save_step(bo.id, "jordy", "debts", 1)
    assert repo.record_check(bo.id, "sanne") == 1
    group = repo.group_answers(session.id, "sanne")
    assert [g.nickname for g in group] == ["Anna", "Bo", "Cem"]
    assert [g.steps for g in group] == [{"housing": 4}, {"housing": 3, "debts": 2}, {}]
    assert [(g.checks, g.attempt) for g in group] == [(0, 1), (1, 1), (0, 1)]
    assert repo.start_again(bo.id, "sanne") == 2
    group = repo.group_answers(session.id, "sanne")
    assert group[1].steps == {} and group[1].attempt == 2 and group[1].checks == 1
    assert repo.answers(bo.id, "jordy") == {"debts": 1}  # other vignettes untouched
    assert cem.nickname == "Cem"


def test_two_sessions_do_not_mix(repo):
    one, two = repo.create_session(DEFAULT.key), repo.create_session(DEFAULT.key)
    a = repo.join(one.code, "Anna")
    b = repo.join(two.code, "Bo")
    repo.save_step(a.id, "sanne", "housing", 4)
    repo.save_step(b.id, "sanne", "housing", 2)
    assert [g.steps for g in repo.group_answers(one.id, "sanne")] == [{"housing": 4}]
    assert [g.nickname for g in repo.group_answers(two.id, "sanne")] == ["Bo"]


def test_a_second_store_on_the_same_file_sees_the_answers(db_url):
    """Trainer and trainees run in different kernels: they share the database."""
    url = db_url
    trainer, trainee = TrainingRepo(Store(url)), TrainingRepo(Store(url))
    session = trainer.create_session(DEFAULT.key, "henk")
    me = trainee.join(session.code, "Kim")
    trainee.save_step(me.id, "henk", "schooling", 2, DEFAULT)
    assert trainer.group_answers(session.id, "henk")[0].steps == {"schooling": 2}


def test_other_responses(repo):
    session = repo.create_session(DEFAULT.key)
    anna = repo.join(session.code, "Anna")
    repo.save_response(anna.id, "quiz", "wm-vergeten", "1")
    repo.save_response(anna.id, "quiz", "wm-vergeten", "2")
    repo.save_response(anna.id, "coach_open", "sanne-woensdag", "Wat zie je zelf?")
    assert repo.responses(anna.id, "quiz") == {"wm-vergeten": "2"}
    assert repo.responses(anna.id, "coach_open") == {"sanne-woensdag": "Wat zie je zelf?"}
    with pytest.raises(InvalidInput):
        repo.save_response(anna.id, "quiz", "x", "BSN 123456782")
    with pytest.raises(InvalidInput):
        repo.save_response(anna.id, "quiz", "x", "a" * 2001)
    with pytest.raises(InvalidInput):
        repo.save_response(anna.id, "onbekend", "x", "1")


def test_old_sessions_are_erased_with_everything_in_them(repo):
    session = repo.create_session(DEFAULT.key)
    anna = repo.join(session.code, "Anna")
    repo.save_step(anna.id, "sanne", "housing", 4)
    repo.save_response(anna.id, "quiz", "q", "1")
    assert repo.delete_sessions_before(dt.datetime(2000, 1, 1)) == 0
    assert repo.delete_sessions_before(dt.datetime.now() + dt.timedelta(days=1)) == 1
    assert repo.session_by_id(session.id) is None
    assert repo.answers(anna.id, "sanne") == {} and repo.responses(anna.id, "quiz") == {}
