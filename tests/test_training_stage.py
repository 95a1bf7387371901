"""The trainer moves the whole group to another exercise; every trainee page follows and, in
the next exercise's workbook, joins again by itself with the key its browser kept."""

from __future__ import annotations

import datetime as dt

import pytest

from mmwidgets.apps.training import (
    coaching_workbook,
    scoring_workbook,
    steps_workbook,
    stress_workbook,
    trainee_key_name,
    trainer_workbook as open_trainer_workbook,
)
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.bridge.files import Problem
from mmwidgets.model.training.content import load_training
from mmwidgets.model.training.stage import (
    HANDOVER_NAME,
    WORKBOOKS,
    check_exercise,
    handover_text,
    read_handover,
)
from mmwidgets.store.store import Store
from mmwidgets.store.training.repo import TrainingRepo
from mmwidgets.store.training.tables import utcnow

CONTENT = load_training()


def trainer_workbook(**kwargs):
    """The trainer's workbook after a click on "Nieuwe sessie" (a visit alone opens no session)."""
    app = open_trainer_workbook(**kwargs)
    if hasattr(app, "view"):
        app.view.new_button.click()
    return app
NOW = dt.datetime(2026, 11, 30, 21, 0)


@pytest.fixture
def store(db_url):  # SQLite and PostgreSQL (tests/conftest.py)
    s = Store(db_url)
    yield s
    s.dispose()


def tick(app) -> None:
    """One tick of the browser-side follow timer."""
    app.follow_timer.value += 1


def joined_trainee(make, store, code, nickname, **kwargs):
    app = make(store=store, content=CONTENT, **kwargs)
    app.browser_keys.loaded = True  # the page was drawn: the browser handed over its (empty) keys
    app.join_panel.join(code, nickname)
    assert app.trainee is not None and app.trainee.nickname == nickname
    return app


def next_page(previous, make, store, **kwargs):
    """The page the browser opens next: a new app, with what the browser kept in localStorage."""
    app = make(store=store, content=CONTENT, **kwargs)
    app.browser_keys.stored = dict(previous.browser_keys.stored)
    app.browser_keys.loaded = True
    return app


# -- model --------------------------------------------------------------------------------
def test_exercise_numbers_and_the_hand_over_note():
    assert [check_exercise(n) for n in (1, 2, 3, 4)] == [1, 2, 3, 4]
    for bad in (0, 5, "2", True, None):
        with pytest.raises(InvalidInput) as info:
            check_exercise(bad)
        assert info.value.problem.code == "train_exercise_unknown"
        assert "kies 1, 2, 3 of 4" in info.value.message("nl")
    note = handover_text("BRUG-4821-KXPT", "Anna", NOW)
    assert "key" not in note  # only where to go back in, never the key
    assert read_handover(note, NOW + dt.timedelta(minutes=2)) == ("BRUG-4821-KXPT", "Anna")
    assert read_handover(note, NOW + dt.timedelta(minutes=11)) is None  # came back another day
    assert read_handover(note, NOW - dt.timedelta(minutes=5)) is None  # from the future
    for spoilt in ("", None, "{", "[]", '{"code": "X"}', '{"code": 1, "nickname": "A", "at": "2026-11-30T21:00:00"}'):
        assert read_handover(spoilt, NOW) is None


# -- store --------------------------------------------------------------------------------
def test_the_session_keeps_the_groups_exercise(store):
    repo = TrainingRepo(store)
    session = repo.create_session("mm-standaard@1", "sanne")
    assert session.exercise == 1
    assert repo.session_by_id(session.id).exercise == 1  # never moved: exercise 1
    repo.set_exercise(session.id, 3)
    assert repo.session_by_id(session.id).exercise == 3
    assert repo.session(session.code).exercise == 3
    assert repo.open_session(session.code, session.trainer_key).exercise == 3
    repo.set_exercise(session.id, 2)
    assert repo.session_by_id(session.id).exercise == 2
    with pytest.raises(InvalidInput):
        repo.set_exercise(session.id, 7)
    assert repo.session_by_id(session.id).exercise == 2
    other = repo.create_session("mm-standaard@1")
    assert repo.session_by_id(other.id).exercise == 1  # one session's move is not another's
    repo.set_exercise(10**6, 2)  # an erased session: nothing to move, no error
    assert repo.delete_sessions_before(utcnow() + dt.timedelta(seconds=1)) == 2
    assert repo.session_by_id(session.id) is None


# -- the trainer's control ------------------------------------------------------------------
def test_the_trainer_moves_the_group_and_turns_to_that_exercises_answers(store):
    trainer = trainer_workbook(store=store, lang="nl", content=CONTENT)
    repo = TrainingRepo(store)
    stage = trainer.stage
    assert stage.exercise == 1
    assert [label for label, _ in stage.buttons.options] == [
        "1. De brug invullen", "2. Coachen, niet sturen", "3. Kleine stappen", "4. Stress en het denken"
    ]
    assert "gaan vanzelf mee" in stage.note.value
    stage.choose(2)
    assert repo.session_by_id(trainer.session_id).exercise == 2
    assert trainer.tabs.selected_index == 1 and trainer.answers.exercise.value == "coach"
    stage.choose(4)
    assert trainer.answers.exercise.value == "quiz"
    stage.choose(1)
    assert trainer.tabs.selected_index == 0
    assert repo.session_by_id(trainer.session_id).exercise == 1
    trainer.lang_switch.value = "en"
    assert [label for label, _ in stage.buttons.options][1] == "2. Coach, don't direct"
    assert stage.exercise == 1 and repo.session_by_id(trainer.session_id).exercise == 1


def test_an_opened_session_shows_where_the_group_is_without_moving_it(store):
    first = trainer_workbook(store=store, content=CONTENT)
    code, key = first.view.code, first.view.trainer_key
    first.stage.choose(3)
    other = trainer_workbook(store=store, content=CONTENT)  # the trainer's laptop after a reload
    assert other.stage.exercise == 1  # its own new session
    other.view.open_code.value, other.view.open_key.value = code, key
    other.view.open_button.click()
    assert other.view.code == code and other.stage.exercise == 3
    assert TrainingRepo(store).session(code).exercise == 3


# -- the trainees follow ---------------------------------------------------------------------
def test_both_trainees_follow_to_exercise_2_and_are_joined_there_without_typing(store):
    trainer = trainer_workbook(store=store, content=CONTENT)
    code = trainer.view.code
    anna = joined_trainee(scoring_workbook, store, code, "Anna")
    bo = joined_trainee(scoring_workbook, store, code, "Bo")
    assert anna.follow_timer.playing and bo.follow_timer.playing
    tick(anna)
    assert anna.mover.target == "" and anna.moving_to is None  # the group is still on exercise 1

    trainer.stage.choose(2)
    for page, name in ((anna, "Anna"), (bo, "Bo")):
        tick(page)
        assert page.moving_to == 2
        assert "andere oefening (2. Coachen, niet sturen)" in page.messages.value
        assert "je hoeft niets te doen" in page.messages.value
        assert "andere oefening (2. Coachen, niet sturen)" in page.mover.notice  # at the top of the window
        assert not page.mover.notice_fade  # it stays until the page goes
        assert page.mover.target == WORKBOOKS[2] == "oefening-2-coachen.ipynb"
        assert page.mover.lang == "nl"
        assert not page.follow_timer.playing  # this page is done
        note = page.browser_keys.get(HANDOVER_NAME)
        assert read_handover(note, utcnow()) == (code, name)
        assert page.browser_keys.get(trainee_key_name(code, name))  # the key stays under its own name

    anna2 = next_page(anna, coaching_workbook, store)
    bo2 = next_page(bo, coaching_workbook, store)
    for before, after in ((anna, anna2), (bo, bo2)):
        assert after.trainee is not None
        assert after.trainee.id == before.trainee.id and after.trainee.resumed
        assert after.join_panel.form.layout.display == "none"
        assert before.trainee.nickname in after.join_panel.status.value
        assert after.browser_keys.get(HANDOVER_NAME) is None  # used once
        assert after.follow_timer.playing and after.moving_to is None
    # their answers in exercise 2 reach the trainer's view, under their nicknames
    anna2.exercise.choose(1)
    bo2.exercise.choose(0)
    trainer.answers.refresh()
    trainer.answers.reveal_button.click()  # names shown once revealed
    body = trainer.answers.body.value
    assert "Anna" in body and "Bo" in body and "50%" in body.replace("\u00a0", "")
    # a reload of exercise 2 later: the note is used up, the kept session joins her again
    # (same trainee, her chosen reply shown)
    assert anna2.browser_keys.get(HANDOVER_NAME) is None
    again = next_page(anna2, coaching_workbook, store)
    assert again.trainee is not None and again.trainee.id == anna2.trainee.id
    assert again.join_panel.form.layout.display == "none"
    assert again.exercise.chosen == {CONTENT.coach.items[0].id: 1}


def test_a_strangers_browser_without_the_key_is_not_joined_as_that_trainee(store):
    trainer = trainer_workbook(store=store, content=CONTENT)
    code = trainer.view.code
    anna = joined_trainee(scoring_workbook, store, code, "Anna")
    trainer.stage.choose(2)
    tick(anna)
    note = anna.browser_keys.get(HANDOVER_NAME)

    # the note alone (copied, or guessed: it holds no secret) joins nobody
    stranger = coaching_workbook(store=store, content=CONTENT)
    stranger.browser_keys.stored = {HANDOVER_NAME: note}
    stranger.browser_keys.loaded = True
    assert stranger.trainee is None and stranger.join_panel.form.layout.display != "none"
    # nor the note with a made-up key under Anna's name
    forger = coaching_workbook(store=store, content=CONTENT)
    forger.browser_keys.stored = {HANDOVER_NAME: note, trainee_key_name(code, "Anna"): "x" * 22}
    forger.browser_keys.loaded = True
    assert forger.trainee is None
    assert "al in gebruik" in forger.join_panel.messages.value
    assert [t.nickname for t in TrainingRepo(store).trainees(trainer.session_id)] == ["Anna"]


def test_a_closed_session_is_not_joined_again(store):
    trainer = trainer_workbook(store=store, content=CONTENT)
    anna = joined_trainee(scoring_workbook, store, trainer.view.code, "Anna")
    trainer.stage.choose(3)
    tick(anna)
    trainer.view.close_button.click()
    trainer.view.close_yes.click()  # closing asks first
    after = next_page(anna, steps_workbook, store)
    assert after.trainee is None
    # the page says the session ended (not "je doet mee"), and the closed code is no guess
    assert "heeft de sessie" in after.join_panel.status.value and "gesloten" in after.join_panel.status.value
    assert "Je doet mee" not in after.join_panel.status.value
    assert after.join_panel.form.layout.display == "none"


def test_a_trainee_who_joins_late_goes_to_the_groups_exercise_at_once(store):
    trainer = trainer_workbook(store=store, content=CONTENT, lang="en")
    trainer.stage.choose(4)
    kim = stress_workbook(store=store, content=CONTENT, lang="en")
    kim.browser_keys.loaded = True
    kim.join_panel.join(trainer.view.code, "Kim")
    assert kim.moving_to is None and kim.follow_timer.playing  # already where the group is
    lou = scoring_workbook(store=store, content=CONTENT, lang="en")
    lou.browser_keys.loaded = True
    lou.join_panel.join(trainer.view.code, "Lou")
    assert lou.moving_to == 4 and lou.mover.target == "oefening-4-stress.ipynb"
    assert lou.mover.lang == "en" and "another exercise (4. Stress and thinking)" in lou.messages.value


def test_outside_voila_the_trainee_is_told_which_workbook_to_open(store):
    trainer = trainer_workbook(store=store, content=CONTENT)
    anna = joined_trainee(scoring_workbook, store, trainer.view.code, "Anna")
    trainer.stage.choose(3)
    tick(anna)
    anna.mover.state = "cannot"  # what the browser says in JupyterLab: the page is not taken away
    assert "oefening-3-kleine-stappen.ipynb" in anna.messages.value
    assert "oefening-3-kleine-stappen.ipynb" in anna.mover.notice


def test_exercises_2_and_3_follow_the_trainers_vignette_too(store):
    trainer = trainer_workbook(store=store, content=CONTENT)
    code = trainer.view.code
    trainer.stage.choose(2)
    anna = joined_trainee(coaching_workbook, store, code, "Anna")
    assert anna.moving_to is None and anna.exercise.item.vignette == "sanne"
    trainer.view.choice.value = "henk"
    tick(anna)
    assert anna.exercise.item.id == "henk-leeftijd"  # the first sentence from Henk's case
    assert "De trainer is verder gegaan met een andere casus" in anna.messages.value
    assert "andere casus" in anna.mover.notice and anna.mover.notice_fade  # a bar that fades
    anna.exercise.go(0)  # she may look elsewhere; only the trainer's next move takes her along
    tick(anna)
    assert anna.exercise.index == 0

    trainer.stage.choose(3)
    bo = joined_trainee(steps_workbook, store, code, "Bo")
    assert bo.moving_to is None and bo.exercise.vignette_id == "henk"  # lands on the session's vignette
    trainer.view.choice.value = "jordy"
    tick(bo)
    assert bo.exercise.vignette_id == "jordy" and "andere casus" in bo.messages.value


def test_the_scoring_exercise_lands_on_the_sessions_vignette_after_moving_back(store):
    trainer = trainer_workbook(store=store, content=CONTENT)
    code = trainer.view.code
    trainer.view.choice.value = "jordy"
    trainer.stage.choose(2)
    anna = joined_trainee(coaching_workbook, store, code, "Anna")
    assert anna.exercise.item.vignette == "jordy"
    trainer.stage.choose(1)
    tick(anna)
    assert anna.mover.target == "oefening-1-brug.ipynb"
    back = next_page(anna, scoring_workbook, store)
    assert back.trainee.id == anna.trainee.id and back.exercise.vignette_id == "jordy"


def test_the_mover_opens_only_a_workbook_beside_this_one():
    from mmwidgets.widgets.training.move import ExerciseMover

    mover = ExerciseMover()
    for bad in ("../gesprek.ipynb", "https://example.org/x.ipynb", "oefening-2.py", "", "Oefening 2.ipynb"):
        with pytest.raises(ValueError):
            mover.go(bad)
    assert mover.target == ""
    mover.go("oefening-2-coachen.ipynb", lang="en")
    assert (mover.target, mover.lang) == ("oefening-2-coachen.ipynb", "en")
    mover.tell("een")
    mover.tell("een", fade=True)  # told again: shown again (the counter changes)
    assert mover.notice == "een" and mover.notice_fade and mover.notice_n == 2


def test_a_move_that_cannot_be_saved_shows_where_the_group_still_is(store, monkeypatch):
    trainer = trainer_workbook(store=store, content=CONTENT)

    def broken(*_args):
        raise InvalidInput(Problem("", "train_session_closed"))

    monkeypatch.setattr(trainer.repo, "set_exercise", broken)
    trainer.stage.choose(3)
    assert trainer.stage.exercise == 1
    assert "gesloten" in trainer.messages.value


def test_without_a_session_the_trainer_is_told_to_start_one(store):
    trainer = trainer_workbook(store=store, content=CONTENT)
    trainer.session_id = None  # e.g. the store refused the new session
    trainer.stage.choose(2)
    assert trainer.stage.exercise == 1
    assert "start eerst een sessie" in trainer.messages.value
