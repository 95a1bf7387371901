"""The training room holds (issue 17): every exercise's answers reach the trainer, reloads keep
everyone, look-alike nicknames are refused, brakes hit only the guesser."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from mmwidgets.apps.training import steps_workbook, trainer_workbook
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.training.content import (
    check_plan_response,
    check_response,
    load_training,
    typed_looks_like_bsn,
)
from mmwidgets.model.training.report import session_summary_html
from mmwidgets.store.store import Store
from mmwidgets.store.training.repo import TrainingRepo

CONTENT = load_training()
TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def store(db_url):  # SQLite and PostgreSQL (tests/conftest.py)
    s = Store(db_url)
    yield s
    s.dispose()


def refused(fn, *args):
    with pytest.raises(InvalidInput) as info:
        fn(*args)
    return info.value


# -- (1) exercise 3's dated small steps ------------------------------------------------------
def test_the_bsn_guard_looks_at_typed_text_and_leaves_dates_alone():
    assert not typed_looks_like_bsn("bel op 12-12-2026 de woningcorporatie")
    assert not typed_looks_like_bsn("vrijdag 2026-12-11 langs bij het loket")
    assert not typed_looks_like_bsn("over 2 weken, 20/12")
    assert typed_looks_like_bsn("BSN 123456782")
    assert typed_looks_like_bsn("12-12-2026 123456782")
    assert typed_looks_like_bsn("1234 5678")  # not a date: eight digits stay a number
    assert typed_looks_like_bsn("99-99-9999")  # not a real date either


def test_a_stored_plan_with_dates_passes_and_a_typed_bsn_is_refused_naming_the_field():
    stored = json.dumps([["Bel de woningcorporatie", "client", "2026-12-07"], ["Zoek de brief", None, None]])
    assert json.loads(check_plan_response(stored))[0] == ["Bel de woningcorporatie", "client", "2026-12-07"]
    error = refused(check_plan_response, json.dumps([["Geef BSN 123456782 door", "client", "2026-12-07"]]))
    assert error.message("nl").startswith("Kleine stap: dit lijkt op een BSN")
    assert error.message("en").startswith("Small step: this looks like")
    assert refused(check_plan_response, "[[1, 2]]").problem.code == "train_plan_unreadable"
    assert refused(check_plan_response, '[["a", "client", "12-2026"]]').problem.code == "train_plan_unreadable"
    assert check_response("Wat wil je zelf op 12-12-2026 doen?")
    assert refused(check_response, "BSN 123456782").message("nl").startswith("Je reactie: ")


def test_dated_small_steps_reach_the_trainer_and_the_summary(store):
    trainer = trainer_workbook(store=store, lang="nl", content=CONTENT)
    trainer.view.new_button.click()
    TrainingRepo(store).set_exercise(trainer.session_id, 3)
    code = trainer.view.code
    anna = steps_workbook(store=store, lang="nl", content=CONTENT)
    anna.exercise._today = TODAY
    anna.exercise.editor._today = TODAY
    anna.join_panel.join(code, "Anna")
    assert anna.trainee is not None
    editor = anna.exercise.editor
    for what, due in (("Bel de woningcorporatie", "morgen"), ("Zoek de brief van de huur op", "vrijdag"),
                      ("Ga samen naar het loket", "over 2 weken")):  # fmt: skip
        editor.quick_due.value = due
        editor.quick_what.value = what
    assert anna.exercise.messages.value == "" and anna.exercise.what_error.value == ""
    vignette = anna.exercise.vignette_id
    answers = TrainingRepo(store).group_responses(trainer.session_id, "plan")
    [(name, value)] = answers[vignette]
    assert name == "Anna"
    rows = json.loads(value)
    assert [r[0] for r in rows] == ["Bel de woningcorporatie", "Zoek de brief van de huur op", "Ga samen naar het loket"]
    assert rows[0][2] == "2026-12-07" and rows[2][2] == "2026-12-20"
    trainer.answers.exercise.value = "plan"
    trainer.answers.refresh()
    body = trainer.answers.body.value
    assert "Bel de woningcorporatie" in body and "Nog geen antwoorden" not in body
    assert "7-12-2026" in body  # when, as the trainee chose it
    _name, page = trainer.summary_file()
    assert "Ga samen naar het loket" in page


def test_a_typed_bsn_in_a_small_step_is_refused_beside_the_field_and_the_text_stays(store):
    trainer = trainer_workbook(store=store, lang="nl", content=CONTENT)
    trainer.view.new_button.click()
    TrainingRepo(store).set_exercise(trainer.session_id, 3)
    bo = steps_workbook(store=store, lang="nl", content=CONTENT)
    bo.join_panel.join(trainer.view.code, "Bo")
    editor = bo.exercise.editor
    editor.quick_due.value = "morgen"
    editor.quick_what.value = "Vraag BSN 123456782 op"
    assert "Kleine stap: dit lijkt op een BSN" in bo.exercise.what_error.value
    assert editor.quick_what.value == "Vraag BSN 123456782 op"  # nothing typed is lost
    assert bo.exercise.actions() == []
    assert TrainingRepo(store).group_responses(trainer.session_id, "plan") == {}
    box = list(editor.goal_box.children)
    assert box.index(bo.exercise.what_error) == box.index(editor.quick_what) + 1  # right under the field
    editor.quick_what.value = "Vraag de brief op bij de gemeente"
    assert bo.exercise.what_error.value == ""
    assert len(TrainingRepo(store).group_responses(trainer.session_id, "plan")[bo.exercise.vignette_id]) == 1


# -- (2) a reload keeps everyone -----------------------------------------------------------------
def reloaded(previous, make, store, **kwargs):
    """The same browser's next page: a new app that finds what the browser kept in localStorage."""
    app = make(store=store, content=CONTENT, **kwargs)
    app.browser_keys.stored = dict(previous.browser_keys.stored)
    app.browser_keys.loaded = True
    return app


def fresh(make, store, **kwargs):
    app = make(store=store, content=CONTENT, **kwargs)
    app.browser_keys.loaded = True  # a browser that kept nothing
    return app


def session_count(store):
    from sqlalchemy import func, select

    from mmwidgets.store.training.tables import TrainingSessionRow

    with store.transaction() as s:
        return s.scalar(select(func.count(TrainingSessionRow.id)))


def test_a_visit_to_the_trainers_workbook_opens_no_session_by_itself(store):
    stranger = fresh(trainer_workbook, store)
    again = fresh(trainer_workbook, store)
    assert stranger.view.code is None and again.view.code is None and session_count(store) == 0
    assert "Nieuwe sessie" in stranger.view.session_html.value
    stranger.view.new_button.click()
    assert stranger.view.code and session_count(store) == 1


def test_the_trainers_reload_returns_to_the_open_session_with_its_code_and_trainees(store):
    from mmwidgets.apps.training import scoring_workbook

    trainer = fresh(trainer_workbook, store)
    trainer.view.new_button.click()
    code = trainer.view.code
    anna = fresh(scoring_workbook, store)
    anna.join_panel.join(code, "Anna")
    anna.exercise.editor.editors["housing"].buttons[3].click()
    trainer.stage.choose(2)
    after = reloaded(trainer, trainer_workbook, store)  # F5, or the laptop woke up
    assert after.view.code == code and after.session_id == trainer.session_id and session_count(store) == 1
    assert code in after.view.session_html.value
    assert after.stage.exercise == 2
    after.tabs.selected_index = 0
    after.view.refresh(force=True)
    assert [p.nickname for p in after.view.progress] == ["Anna"]
    assert after.view.progress[0].steps == {"housing": 3}
    # closed: the next reload starts from "Nieuwe sessie"
    after.view.close_button.click()  # asks first: nothing closed yet
    assert after.view.close_confirm.layout.display == "" and "Sessie sluiten?" in after.view.close_question.value
    assert not TrainingRepo(store).session_by_id(after.session_id).closed
    after.view.close_no.click()
    assert after.view.close_confirm.layout.display == "none"
    assert not TrainingRepo(store).session_by_id(after.session_id).closed
    after.view.close_button.click()
    after.view.close_yes.click()
    assert TrainingRepo(store).session_by_id(after.session_id).closed
    later = reloaded(after, trainer_workbook, store)
    assert later.view.code is None and session_count(store) == 1


def test_a_trainees_reload_keeps_them_joined_with_their_small_steps_and_the_next_reaches_the_trainer(store):
    trainer = fresh(trainer_workbook, store)
    trainer.view.new_button.click()
    trainer.stage.choose(3)
    anna = fresh(steps_workbook, store)
    anna.join_panel.join(trainer.view.code, "Anna")
    anna.exercise.editor.quick_due.value = "morgen"
    anna.exercise.editor.quick_what.value = "Bel de woningcorporatie"
    page = reloaded(anna, steps_workbook, store)  # F5 on the tablet
    assert page.trainee is not None and page.trainee.id == anna.trainee.id
    assert "Je doet mee als Anna" in page.join_panel.status.value
    assert page.join_panel.form.layout.display == "none"
    assert [a[0] for a in page.exercise.actions()] == ["Bel de woningcorporatie"]  # her steps shown
    assert page.follow_timer.playing or not page.browser_keys.loaded
    page.exercise.editor.quick_what.value = "Zoek de brief op"
    [(name, value)] = TrainingRepo(store).group_responses(trainer.session_id, "plan")[page.exercise.vignette_id]
    assert name == "Anna" and [r[0] for r in json.loads(value)] == ["Bel de woningcorporatie", "Zoek de brief op"]


def test_a_quiz_reload_shows_the_answers_given(store):
    from mmwidgets.apps.training import stress_workbook

    trainer = fresh(trainer_workbook, store)
    trainer.view.new_button.click()
    trainer.stage.choose(4)
    kim = fresh(stress_workbook, store)
    kim.join_panel.join(trainer.view.code, "Kim")
    kim.exercise.pick(1)
    kim.exercise.check()
    page = reloaded(kim, stress_workbook, store)
    assert page.trainee.id == kim.trainee.id
    first = CONTENT.quiz.questions[0].id
    assert page.exercise.answers == {first: 1} and page.exercise.options.value == 1


# -- (3) nicknames compared by what they look like ------------------------------------------------
def test_a_look_alike_nickname_is_refused_with_the_name_it_looks_like(store):
    from mmwidgets.apps.training import scoring_workbook
    from mmwidgets.model.training.content import nicknames_look_alike, skeleton

    assert skeleton("\u0410nne") == skeleton("Anne")  # Cyrillic А has the Latin A as prototype
    assert nicknames_look_alike("Hans", "\u041dans") and nicknames_look_alike("Ilse", "ILSE")
    assert not nicknames_look_alike("Anne", "Anna") and not nicknames_look_alike("Jürgen", "Jurgen")
    repo = TrainingRepo(store)
    session = repo.create_session("mm-standaard@1", "sanne")
    anne = repo.join(session.code, "Anne")
    error = refused(repo.join, session.code, "\u0410nne")
    assert error.problem.code == "train_nick_lookalike" and "lijkt te veel op 'Anne'" in error.message("nl")
    assert refused(repo.join, session.code, "ANNE").problem.code == "train_nick_taken"
    assert repo.join(session.code, "Anna").nickname == "Anna"
    # Anne herself, from her own browser, still comes back in
    assert repo.join(session.code, "Anne", key=anne.key).id == anne.id
    assert [t.nickname for t in repo.trainees(session.id)] == ["Anne", "Anna"]
    # in the workbook: the message under the join fields, nobody joined
    page = fresh(scoring_workbook, store)
    page.join_panel.join(session.code, "\u0410nne")
    assert page.trainee is None and "lijkt te veel op" in page.join_panel.messages.value


# -- (4) brakes aimed at the guesser --------------------------------------------------------------
def test_forty_wrong_codes_from_one_browser_stop_neither_the_room_nor_a_latecomer(store):
    from mmwidgets.apps.training import scoring_workbook

    trainer = fresh(trainer_workbook, store)
    trainer.view.new_button.click()
    code = trainer.view.code
    anna = fresh(scoring_workbook, store)
    anna.join_panel.join(code, "Anna")
    guesser = fresh(scoring_workbook, store)
    waits = 0
    for n in range(40):  # the guesser reloads now and then: its browser keeps the brake
        if n % 10 == 9:
            guesser = reloaded(guesser, scoring_workbook, store)
        guesser.join_panel.join(f"DIJK-{n:04d}-BCDF", "Gast")
        waits += "probeer het over" in guesser.join_panel.messages.value
    assert waits >= 30  # after three misses nearly every try had to wait
    guesser = reloaded(guesser, scoring_workbook, store)
    guesser.join_panel.join(code, "Gast")  # even the right code waits in the guessing browser
    assert guesser.trainee is None and "probeer het over" in guesser.join_panel.messages.value
    latecomer = fresh(scoring_workbook, store)
    latecomer.join_panel.join(code, "Lou")
    assert latecomer.trainee is not None and latecomer.join_panel.messages.value == ""
    # the trainees already in: a move and a reload still bring Anna back in
    trainer.stage.choose(2)
    anna.follow()
    assert anna.moving_to == 2
    from mmwidgets.apps.training import coaching_workbook

    moved = reloaded(anna, coaching_workbook, store)
    assert moved.trainee is not None and moved.trainee.id == anna.trainee.id
    trainer_again = reloaded(trainer, trainer_workbook, store)
    assert trainer_again.view.code == code


# -- (5) the grid draws every answer it holds ------------------------------------------------------
def test_every_answer_in_the_grid_has_its_number_and_no_cell_text_is_ever_empty():
    import random

    from mmwidgets.figures.group import group_figure

    definition = CONTENT.definitions["mm-standaard@1"]
    reference = CONTENT.vignettes["sanne"].reference_steps()
    ids = [s for s in definition.subpillar_ids() if s in reference]
    rnd = random.Random(7)
    answers = [(f"T{i}", {s: rnd.randint(1, 5) for s in ids if rnd.random() < 0.7}) for i in range(8)]
    for revealed in (None, set(), {ids[0]}):
        trace = group_figure(definition, reference, answers, "nl", revealed=revealed)["data"][0]
        cells = {(x, y): text for x, y, text in zip(trace["x"], trace["y"], trace["text"])}
        assert "" not in trace["text"]
        for row, (_name, steps) in enumerate(answers, start=1):
            for col, sub in enumerate(ids):
                assert cells[col, row] == (str(steps[sub]) if sub in steps else "\u00a0")


# -- (6) exercises 2 to 4 hide verdicts and names until revealed -----------------------------------
def test_quiz_and_steps_answers_hide_the_right_answer_and_names_until_revealed(store):
    from mmwidgets.apps.training import stress_workbook

    trainer = fresh(trainer_workbook, store)
    trainer.view.new_button.click()
    trainer.stage.choose(4)  # the trainer's view turns to the quiz answers
    kim = fresh(stress_workbook, store)
    kim.join_panel.join(trainer.view.code, "Kim")
    question = CONTENT.quiz.questions[0]
    wrong = next(i for i, o in enumerate(question.options) if not o.correct)
    kim.exercise.pick(wrong)
    kim.exercise.check()
    trainer.answers.refresh()
    body = trainer.answers.body.value
    assert question.question.get("nl") in body and "100%" in body.replace("\u00a0", "")
    assert "Kim" not in body and "(goed)" not in body
    trainer.answers.reveal_button.click()
    assert "Kim" in trainer.answers.body.value and "(goed)" in trainer.answers.body.value
    assert trainer.answers.reveal_button.description.startswith("Verberg")


def test_writing_first_shows_no_verdict_before_comparing(store):
    from mmwidgets.widgets.training.coach import CoachExercise

    ex = CoachExercise(CONTENT.coach, CONTENT.vignettes, "nl")
    ex.choose(0)
    assert ex.feedback_html.value  # choosing: the verdict at once
    ex.set_mode("open")  # "schrijf zelf, voordat je de keuzes ziet"
    assert ex.replies_box.layout.display == "none" and ex.feedback_html.value == ""
    ex.open_text.value = "Wat wil je zelf?"
    ex.compare()
    assert "Voorbeeldantwoorden" in ex.feedback_html.value


def test_a_partial_reveal_says_which_parts_are_shown(store):
    trainer = fresh(trainer_workbook, store)
    trainer.view.new_button.click()
    assert "nog verborgen" in trainer.view.hidden_note.value
    trainer.view.reveal("housing")
    note = trainer.view.hidden_note.value
    assert "te zien voor Wonen" in note and "andere onderdelen zijn nog verborgen" in note
    trainer.view.reveal("*")
    assert trainer.view.hidden_note.value == ""


# -- (7) the trainer sees who is where -----------------------------------------------------------
def test_the_code_bar_says_who_is_where_and_who_is_still_loading(store):
    from mmwidgets.apps.training import coaching_workbook, scoring_workbook

    trainer = fresh(trainer_workbook, store)
    assert trainer.code_bar.value == ""
    trainer.view.new_button.click()
    code = trainer.view.code
    assert code in trainer.code_bar.value and "Nog niemand doet mee" in trainer.code_bar.value
    pages = {}
    for name in ("Anna", "Bram", "Cas"):
        pages[name] = fresh(scoring_workbook, store)
        pages[name].join_panel.join(code, name)
    trainer.show_code_bar()
    assert "3 van 3 bij oefening 1" in trainer.code_bar.value
    trainer.stage.choose(2)
    assert "0 van 3 bij oefening 2" in trainer.code_bar.value
    assert "Anna, Bram en Cas laden nog" in trainer.code_bar.value
    for name in ("Anna", "Cas"):  # their pages follow; Bram's does not come (yet)
        pages[name].follow()
        reloaded(pages[name], coaching_workbook, store)
    trainer.show_code_bar()
    assert "2 van 3 bij oefening 2; Bram laadt nog" in trainer.code_bar.value
    trainer.tabs.selected_index = 1  # the code and the line sit above the tabs: on every tab
    assert trainer.children.index(trainer.code_bar) < trainer.children.index(trainer.tabs)


# -- (8) the summary says agreement in words, with the figure beside it -----------------------------
def test_the_summary_says_what_the_alpha_means():
    from mmwidgets.model.training.content import TraineeProgress

    reference = CONTENT.vignettes["sanne"].reference_steps()
    progress = [TraineeProgress("Anna", {"housing": 1, "care": 5}), TraineeProgress("Bo", {"housing": 5, "care": 1})]
    page = session_summary_html("BRUG-4821-KXPT", dt.datetime(2026, 12, 6, 10), CONTENT, {"sanne": progress}, {}, "nl")
    assert "Krippendorffs alfa" in page and "Dat is laag (onder 0,67): bespreek de verschillen." in page
