"""The training workbooks wired to the store: trainees join a trainer's session with a code."""

from __future__ import annotations

import pytest

from mmwidgets.apps.training import (
    coaching_workbook,
    scoring_workbook,
    steps_workbook,
    stress_workbook,
    trainer_workbook as open_trainer_workbook,
)
from mmwidgets.model.training.agreement import group_summary
from mmwidgets.model.assessment import InvalidInput
from mmwidgets.model.training.content import load_training
from mmwidgets.store.store import Store
from mmwidgets.store.training.repo import TrainingRepo

CONTENT = load_training()


def trainer_workbook(**kwargs):
    """The trainer's workbook after a click on "Nieuwe sessie" (a visit alone opens no session)."""
    app = open_trainer_workbook(**kwargs)
    if hasattr(app, "view"):
        app.view.new_button.click()
    return app


@pytest.fixture
def store(db_url):  # SQLite and PostgreSQL (tests/conftest.py)
    s = Store(db_url)
    yield s
    s.dispose()


def click(app, sub_id, n):
    app.exercise.editor.editors[sub_id].buttons[n].click()


def test_two_trainees_and_a_trainer(store):
    trainer = trainer_workbook(store=store, lang="nl", content=CONTENT)
    code = trainer.view.code
    assert code and "Nog niemand doet mee" in str(trainer.view.figure.layout)
    anna = scoring_workbook(store=store, lang="nl", content=CONTENT)
    bo = scoring_workbook(store=store, lang="nl", content=CONTENT)
    anna.join_panel.join(code.lower(), "Anna")
    bo.join_panel.join(code, "Jan de Vries")
    assert "achternaam" in bo.join_panel.messages.value and bo.trainee is None
    bo.join_panel.join(code, "Bo")
    assert anna.trainee and bo.trainee and anna.trainee.id != bo.trainee.id
    answers = {
        "Anna": {"housing": 4, "care": 3, "health": 2, "debts": 4},
        "Bo": {"housing": 3, "care": 5, "health": 2, "debts": 2},
    }
    for app, name in ((anna, "Anna"), (bo, "Bo")):
        for sub_id, n in answers[name].items():
            click(app, sub_id, n)
    trainer.view.refresh_button.click()
    view = trainer.view
    assert [p.nickname for p in view.progress] == ["Anna", "Bo"]
    assert [p.steps for p in view.progress] == [answers["Anna"], answers["Bo"]]
    reference = CONTENT.vignettes["sanne"].reference_steps()
    ids = CONTENT.definitions["mm-standaard@1"].subpillar_ids()
    expected = group_summary(reference, answers, ids)
    assert view.summary.alpha == pytest.approx(expected.alpha)
    assert [t.kappa for t in view.summary.trainees] == pytest.approx([t.kappa for t in expected.trainees])
    assert view.summary.most_divisive == expected.most_divisive == "care"
    assert "Begin het gesprek bij Gezin en zorg voor anderen" in view.divisive_html.value
    assert "de referentie is" not in view.divisive_html.value  # nothing given away before revealing
    assert "Over Gezin en zorg voor anderen verschilt de groep het meest: van trede 3 tot 5" in view.words_html.value
    assert "grotendeels eens over" in view.words_html.value and "Gezondheid" in view.words_html.value
    cells = view.figure.data[0]
    assert set(cells["text"][: len(ids)]) == {"?"}  # the reference row is hidden
    view.reveal("*")
    cells = view.figure.data[0]
    code = {(x, y): c for x, y, c in zip(cells["x"], cells["y"], cells["marker"]["color"])}
    assert len(set(cells["y"])) == 3 and code[ids.index("care"), 2] == 2  # Bo: 5 against 3 = further off
    assert "de referentie is 3" in view.divisive_html.value


def test_feedback_and_a_new_attempt_show_in_the_trainers_view(store):
    trainer = trainer_workbook(store=store, content=CONTENT)
    kim = scoring_workbook(store=store, content=CONTENT)
    kim.join_panel.join(trainer.view.code, "Kim")
    click(kim, "housing", 2)
    kim.exercise.check_button.click()
    trainer.view.reveal("*")
    assert "ja (poging 1)" in trainer.view.stats_html.value
    kim.exercise.again_button.click()
    trainer.view.refresh()
    assert trainer.view.progress[0].steps == {} and "ja (poging 2)" in trainer.view.stats_html.value


def test_a_reloaded_trainee_resumes_with_the_same_nickname(store):
    trainer = trainer_workbook(store=store, content=CONTENT)
    code = trainer.view.code
    first = scoring_workbook(store=store, content=CONTENT)
    first.join_panel.join(code, "Sam")
    click(first, "income", 3)
    click(first, "savings", 1)
    again = scoring_workbook(store=store, content=CONTENT)  # a new page load in the same browser
    again.browser_keys.stored = dict(first.browser_keys.stored)  # what localStorage hands back
    again.join_panel.join(code, "sam")
    assert again.trainee.resumed and again.trainee.id == first.trainee.id
    assert again.exercise.answers == {"income": 3, "savings": 1}
    assert again.exercise.editor.editors["income"].step == 3


def test_the_trainers_vignette_is_opened_for_trainees_who_join(store):
    trainer = trainer_workbook(store=store, content=CONTENT)
    trainer.view.choice.value = "henk"
    trainee = scoring_workbook(store=store, content=CONTENT)
    trainee.join_panel.join(trainer.view.code, "Lou")
    assert trainee.exercise.vignette_id == "henk"
    click(trainee, "schooling", 4)
    assert TrainingRepo(store).answers(trainee.trainee.id, "henk") == {"schooling": 4}
    trainer.view.refresh()
    assert trainer.view.progress[0].steps == {"schooling": 4}


def test_trainer_can_start_a_new_session_and_reopen_an_old_one(store):
    trainer = trainer_workbook(store=store, content=CONTENT, lang="en")
    old = trainer.view.code
    trainee = scoring_workbook(store=store, content=CONTENT)
    trainee.join_panel.join(old, "Noor")
    click(trainee, "health", 2)
    trainer.view.new_button.click()
    assert trainer.view.code != old and trainer.view.progress == []
    trainer.view.open_code.value = old.lower()
    trainer.view.open_button.click()  # the key of the old session comes from this browser
    assert trainer.view.code == old and trainer.view.progress[0].nickname == "Noor"
    trainer.view.open_code.value = "BRUG-0000"
    trainer.view.open_button.click()
    assert "BRUG-0000" in trainer.messages.value and trainer.view.code == old


def test_practising_alone_never_opens_the_store():
    def no_store():
        raise AssertionError("the store must not be opened when practising alone")

    app = scoring_workbook(store=None, content=CONTENT)
    app._store = no_store
    click(app, "housing", 4)
    app.exercise.check()
    assert "Precies goed" in app.exercise.feedback_html.value
    coach = coaching_workbook(content=CONTENT)
    coach._store = no_store
    coach.exercise.choose(1)
    quiz = stress_workbook(content=CONTENT)
    quiz._store = no_store
    quiz.exercise.pick(0)
    quiz.exercise.check()
    steps = steps_workbook(content=CONTENT)
    steps._store = no_store
    steps.exercise.editor.add_action("Bel de BSO")


def test_exercises_2_to_4_save_answers_when_joined(store):
    trainer = trainer_workbook(store=store, content=CONTENT)
    code = trainer.view.code
    repo = TrainingRepo(store)
    coach = coaching_workbook(store=store, content=CONTENT)
    coach.join_panel.join(code, "Ada")
    coach.exercise.choose(3)
    coach.exercise.set_mode("open")
    coach.exercise.go(1)
    coach.exercise.open_text.value = "Wat zou je helpen?"
    coach.exercise.compare()
    assert repo.responses(coach.trainee.id, "coach") == {"sanne-woensdag": "3"}
    assert repo.responses(coach.trainee.id, "coach_open") == {"jordy-post": "Wat zou je helpen?"}
    quiz = stress_workbook(store=store, content=CONTENT)
    quiz.browser_keys.stored = dict(coach.browser_keys.stored)  # the same browser: the same localStorage
    quiz.join_panel.join(code, "Ada")  # the same trainee in another workbook
    assert quiz.trainee.id == coach.trainee.id
    quiz.exercise.pick(2)
    quiz.exercise.check()
    assert repo.responses(quiz.trainee.id, "quiz") == {CONTENT.quiz.questions[0].id: "2"}
    steps = steps_workbook(store=store, content=CONTENT)
    steps.browser_keys.stored = dict(coach.browser_keys.stored)
    steps.join_panel.join(code, "Ada")
    steps.exercise.editor.add_action("Bel de BSO", who="client")
    assert '"Bel de BSO"' in repo.responses(steps.trainee.id, "plan")["sanne"]


def test_language_switch_reaches_every_part(store):
    app = scoring_workbook(store=store, lang="nl", content=CONTENT)
    assert "de brug invullen" in app.title.value
    app.lang_switch.value = "en"
    assert "filling in the bridge" in app.title.value
    assert "Practising in a group" in app.join_panel.intro.value
    assert app.exercise.check_button.description == "Done: give feedback"
    assert app.exercise.editor.lang == "en"
    trainer = trainer_workbook(store=store, lang="en", content=CONTENT)
    trainer.lang_switch.value = "nl"
    assert "overzicht voor de trainer" in trainer.title.value and trainer.view.refresh_button.description == "Vernieuwen"


def test_language_from_the_query_string(store, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "lang=en")
    assert stress_workbook(content=CONTENT).lang == "en"
    assert trainer_workbook(store=store, content=CONTENT).view.lang == "en"


def test_broken_training_files_give_a_clear_message_not_a_traceback(tmp_path, monkeypatch):
    import shutil

    from mmwidgets.model.bridge.files import shipped_data_dir

    data = tmp_path / "data"
    shutil.copytree(shipped_data_dir(), data)
    sanne = data / "training" / "vignettes" / "01-sanne.yaml"
    sanne.write_text(sanne.read_text(encoding="utf-8").replace("    step: 2\n", "    step: 9\n", 1), encoding="utf-8")
    monkeypatch.setenv("MM_SHIPPED_DATA", str(data))
    for make in (scoring_workbook, coaching_workbook, steps_workbook, stress_workbook):
        box = make(lang="nl")
        text = box.children[1].value
        assert "kan niet geladen worden" in text and "01-sanne.yaml" in text and "trede 9 bestaat niet" in text
    trainer = trainer_workbook(lang="en")
    assert "cannot be loaded" in trainer.children[1].value


def test_old_sessions_are_forgotten_when_a_trainer_starts(store):
    import datetime as dt

    from sqlalchemy import update

    from mmwidgets.store.training.tables import TrainingSessionRow

    repo = TrainingRepo(store)
    old = repo.create_session("mm-standaard@1")
    repo.join(old.code, "Oud")
    with store.transaction() as s:
        s.execute(update(TrainingSessionRow).where(TrainingSessionRow.id == old.id).values(created_at=dt.datetime(2020, 1, 1)))
    trainer = trainer_workbook(store=store, content=CONTENT)
    assert repo.session_by_id(old.id) is None
    with pytest.raises(InvalidInput):
        repo.session(old.code)
    assert repo.session_by_id(repo.session(trainer.view.code).id).id != old.id  # ids are not reused


# -- a session belongs to its people ----------------------------------------------------------
def test_a_stranger_cannot_take_over_a_trainees_nickname(store):
    trainer = trainer_workbook(store=store, content=CONTENT)
    code = trainer.view.code
    anne = scoring_workbook(store=store, content=CONTENT)
    anne.join_panel.join(code, "Anne")
    click(anne, "housing", 3)
    stranger = scoring_workbook(store=store, content=CONTENT)  # another browser: no key
    stranger.join_panel.join(code, "anne")
    assert stranger.trainee is None
    assert "al in gebruik" in stranger.join_panel.messages.value
    assert TrainingRepo(store).answers(anne.trainee.id, "sanne") == {"housing": 3}


def test_the_trainers_view_needs_the_trainers_key_not_the_code(store):
    trainer = trainer_workbook(store=store, content=CONTENT)
    code = trainer.view.code
    assert trainer.view.trainer_key and trainer.view.trainer_key in trainer.view.key_html.value
    assert trainer.view.key_box.selected_index is None  # folded away: not on the projected screen
    other = trainer_workbook(store=store, content=CONTENT)  # someone else's browser, code from the wall
    other.view.open_code.value = code
    other.view.open_button.click()
    assert other.view.code != code and "sleutel van de trainer klopt niet" in other.messages.value
    other.view.open_code.value = code
    other.view.open_key.value = trainer.view.trainer_key  # the trainer on a second device
    other.view.open_button.click()
    assert other.view.code == code


def test_guessing_codes_is_slowed_down(store):
    trainee = scoring_workbook(store=store, content=CONTENT)
    for n in range(4):
        trainee.join_panel.join(f"BRUG-000{n}-BCDF", "Kim")
    assert "er is geen open sessie" in trainee.join_panel.messages.value
    trainee.join_panel.join("BRUG-0009-BCDF", "Kim")  # the fifth try comes too soon
    assert "probeer het over" in trainee.join_panel.messages.value and "seconden" in trainee.join_panel.messages.value


def test_after_many_misses_on_the_server_a_page_gets_no_free_misses_but_right_codes_pass(store):
    from mmwidgets.model.training.access import SERVER_MISSES, GuessBrake

    repo = TrainingRepo(store)
    session = repo.create_session("mm-standaard@1")
    for n in range(SERVER_MISSES):  # many pages, each with a fresh brake
        with pytest.raises(InvalidInput):
            repo.session(f"DIJK-{n:04d}-BCDF", GuessBrake())
    assert repo.session(session.code, GuessBrake()).id == session.id  # a latecomer with the right code
    guesser = GuessBrake()
    with pytest.raises(InvalidInput):
        repo.session("DIJK-9999-BCDF", guesser)
    with pytest.raises(InvalidInput) as info:  # its first miss already makes this page wait
        repo.session(session.code, guesser)
    assert info.value.problem.code == "train_wait"


def test_trainees_follow_the_trainer_to_the_next_vignette_without_reloading(store):
    trainer = trainer_workbook(store=store, content=CONTENT)
    lou = scoring_workbook(store=store, content=CONTENT)
    lou.join_panel.join(trainer.view.code, "Lou")
    assert lou.exercise.vignette_id == "sanne"
    lou.browser_keys.loaded = True  # the browser drew the page
    assert lou.follow_timer.playing
    trainer.view.choice.value = "henk"
    lou.follow_timer.value += 1  # a tick of the browser-side timer
    assert lou.exercise.vignette_id == "henk"
    assert "De trainer is verder gegaan" in lou.messages.value
    click(lou, "schooling", 2)
    assert TrainingRepo(store).answers(lou.trainee.id, "henk") == {"schooling": 2}


def test_a_closed_session_keeps_its_answers_but_takes_no_more(store):
    trainer = trainer_workbook(store=store, content=CONTENT)
    kim = scoring_workbook(store=store, content=CONTENT)
    kim.join_panel.join(trainer.view.code, "Kim")
    click(kim, "housing", 2)
    trainer.view.close_button.click()
    trainer.view.close_yes.click()  # closing asks first
    assert "is gesloten" in trainer.view.session_html.value
    click(kim, "housing", 4)
    assert "gesloten" in kim.messages.value
    assert TrainingRepo(store).answers(kim.trainee.id, "sanne") == {"housing": 2}
    late = scoring_workbook(store=store, content=CONTENT)
    late.join_panel.join(trainer.view.code, "Mo")
    assert late.trainee is None


def test_the_trainer_sees_the_groups_answers_to_exercises_2_to_4(store):
    trainer = trainer_workbook(store=store, content=CONTENT)
    code = trainer.view.code
    item = CONTENT.coach.items[0]
    coaching = next(i for i, r in enumerate(item.replies) if r.coaches)
    for name, pick in (("Ada", coaching), ("Ben", coaching), ("Cas", 1 - coaching if coaching < 2 else 0)):
        app = coaching_workbook(store=store, content=CONTENT)
        app.join_panel.join(code, name)
        app.exercise.choose(pick)
    ada_open = coaching_workbook(store=store, content=CONTENT)
    ada_open.join_panel.join(code, "Dee")
    ada_open.exercise.set_mode("open")
    ada_open.exercise.open_text.value = 'Wat zou <b>jij</b> willen?'
    ada_open.exercise.compare()
    trainer.tabs.selected_index = 1
    body = trainer.answers.body.value
    assert item.client_says.get("nl") in body
    assert "67%" in body and "(2)" in body  # two of three picked the coaching reply ...
    # ... but the projected screen gives nothing away until the trainer reveals it
    for hidden in ("Ada", "Ben", "Cas", "Coachend", "Sturend"):
        assert hidden not in body
    assert "verborgen" in trainer.answers.hidden_note.value
    trainer.answers.reveal_button.click()
    body = trainer.answers.body.value
    assert "Ada, Ben" in body and "Coachend" in body and "Sturend" in body
    trainer.answers.exercise.value = "coach_open"  # each exercise is revealed on its own
    body = trainer.answers.body.value
    assert "Dee" not in body and "&lt;b&gt;jij&lt;/b&gt;" in body and "<b>jij</b>" not in body
    trainer.answers.reveal_button.click()
    assert "Dee" in trainer.answers.body.value
    trainer.answers.exercise.value = "quiz"
    assert "Nog geen antwoorden" in trainer.answers.body.value


def test_the_trainer_downloads_a_summary_of_the_session(store):
    trainer = trainer_workbook(store=store, content=CONTENT)
    code = trainer.view.code
    for name, steps in (("Anna", {"housing": 4, "care": 3}), ("Bo", {"housing": 3, "care": 5})):
        app = scoring_workbook(store=store, content=CONTENT)
        app.join_panel.join(code, name)
        for sub_id, n in steps.items():
            click(app, sub_id, n)
    quiz = stress_workbook(store=store, content=CONTENT)
    quiz.join_panel.join(code, "Cas<script>")  # refused: not a nickname
    quiz.join_panel.join(code, "Cas")
    quiz.exercise.pick(1)
    quiz.exercise.check()
    name, data = trainer.summary_button.click()
    page = data.decode("utf-8")
    assert name == f"training-{code}.html"
    assert f"Trainingssessie {code}" in page and CONTENT.vignettes["sanne"].title.get("nl") in page
    assert "<td>Anna</td>" in page and "<td>Bo</td>" in page and "Cas" in page
    assert "verschilt de groep het meest" in page and CONTENT.quiz.questions[0].question.get("nl") in page
    assert "<script>" not in page
