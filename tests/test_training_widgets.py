"""The exercise widgets, driven from Python as a trainee would click them."""

from __future__ import annotations

import json

import pytest
import yaml

from mmwidgets.model.training.agreement import weighted_kappa
from mmwidgets.model.assessment import InvalidInput
from mmwidgets.model.bridge.files import Problem, shipped_data_dir
from mmwidgets.model.training.content import TraineeProgress, load_training, vignette_from_text
from mmwidgets.widgets.conversation.bridge_editor import BridgeEditor
from mmwidgets.widgets.plotly_view import PlotlyView
from mmwidgets.widgets.training.coach import CoachExercise
from mmwidgets.widgets.training.common import JoinPanel, VignetteCard, decimal
from mmwidgets.widgets.training.group import GroupView
from mmwidgets.widgets.training.scoring import ScoringExercise
from mmwidgets.widgets.training.stress import StressQuiz

CONTENT = load_training()
DEFN = CONTENT.definitions["mm-standaard@1"]
XSS = '<img src=x onerror="alert(1)">'


def click_step(ex: ScoringExercise, sub_id: str, n: int) -> None:
    ex.editor.editors[sub_id].buttons[n].click()


# -- vignette card and join panel ------------------------------------------------------
def test_vignette_card_shows_pictures_for_the_picture_case_and_escapes():
    card = VignetteCard(CONTENT.vignettes["demi"], "nl")
    assert card.value.count("mm-train-picture") == len(CONTENT.vignettes["demi"].story)
    assert "🏠" in card.value
    plain = VignetteCard(CONTENT.vignettes["sanne"], "en")
    assert "mm-train-picture" not in plain.value and "Sanne is 34" in plain.value
    data = yaml.safe_load((shipped_data_dir() / "training/vignettes/01-sanne.yaml").read_text(encoding="utf-8"))
    data["title"]["nl"] = XSS
    odd = vignette_from_text(yaml.safe_dump(data, allow_unicode=True), "x.yaml", CONTENT.definitions)
    card.show(odd)
    assert "<img" not in card.value and "&lt;img" in card.value


def test_join_panel_calls_back_and_shows_refusals():
    panel = JoinPanel("nl")
    calls = []

    def handler(code, nickname):
        calls.append((code, nickname))
        if nickname == "Jan de Vries":
            raise InvalidInput(Problem("", "train_nick_full_name"))
        panel.show_joined(nickname, code.upper())

    panel.on_join(handler)
    panel.join("brug-1234", "Jan de Vries")
    assert "achternaam" in panel.messages.value and panel.joined_as is None
    panel.join("brug-1234", XSS)
    assert calls[-1] == ("brug-1234", XSS)
    assert "<img" not in panel.status.value and "&lt;img" in panel.status.value
    assert panel.form.layout.display == "none"
    panel.set_lang("en")
    assert "You take part as" in panel.status.value


# -- exercise 1 -----------------------------------------------------------------------------
def test_scoring_composes_the_real_bridge_editor_and_emits_steps():
    ex = ScoringExercise(CONTENT.vignettes, CONTENT.definitions, "nl")
    assert type(ex.editor) is BridgeEditor
    assert ex.editor in _descendants(ex)
    saved = []
    ex.on_step(lambda v, s, n: saved.append((v, s, n)))
    click_step(ex, "housing", 3)
    click_step(ex, "housing", 4)
    assert saved == [("sanne", "housing", 3), ("sanne", "housing", 4)]
    assert ex.answers == {"housing": 4}
    assert "1 van 10" in ex.progress.value


def test_scoring_feedback_per_subpillar_and_overall():
    ex = ScoringExercise(CONTENT.vignettes, CONTENT.definitions, "nl")
    checks = []
    ex.on_check(checks.append)
    ref = CONTENT.vignettes["sanne"].reference_steps()
    answer = dict(ref)
    answer["debts"] = 2  # reference 4: further off
    answer["care"] = 2  # reference 3: one step off
    del answer["savings"]  # not answered
    for sub_id, n in answer.items():
        click_step(ex, sub_id, n)
    ex.check_button.click()
    assert checks == ["sanne"] and ex.checked
    html = ex.feedback_html.value
    order = DEFN.subpillar_ids()
    kappa = weighted_kappa([ref[s] for s in order], [answer.get(s) for s in order])
    assert f"Precies goed: 7 van 9. Binnen één trede: 8 van 9. Gewogen kappa (lineair): {decimal(kappa, 'nl')}." in html
    assert "Nog niet ingevuld: 1." in html
    assert "mm-train-row-further' data-sub='debts'" in html
    assert "mm-train-row-one_off' data-sub='care'" in html
    assert "mm-train-row-missing' data-sub='savings'" in html
    assert html.count("mm-train-row-exact") == 7
    assert "4. In een regeling" in html  # the reference step with its label
    assert "de fase telt" in html  # the rationale
    ex.set_lang("en")
    assert "Exact: 7 of 9" in ex.feedback_html.value and "4. In a repayment scheme" in ex.feedback_html.value


def test_scoring_try_again_and_another_vignette():
    ex = ScoringExercise(CONTENT.vignettes, CONTENT.definitions, "nl")
    events = []
    ex.on_again(lambda v: events.append(("again", v)))
    ex.on_vignette(lambda v: events.append(("vignette", v)))
    click_step(ex, "health", 2)
    ex.check()
    ex.again_button.click()
    assert ex.answers == {} and ex.feedback_html.value == "" and not ex.checked
    ex.choice.value = "demi"
    assert events == [("again", "sanne"), ("vignette", "demi")]
    assert "Demi" in ex.card.value and "mm-train-picture" in ex.card.value
    ex.show_answers({"housing": 3, "geluk": 2})  # unknown ids are ignored; nothing is emitted
    assert ex.answers == {"housing": 3}
    assert ex.editor.editors["housing"].step == 3
    assert events[-1] == ("vignette", "demi")


def test_scoring_refused_save_shows_a_message_not_a_traceback():
    ex = ScoringExercise(CONTENT.vignettes, CONTENT.definitions, "nl")

    def refuse(*_args):
        raise InvalidInput(Problem("", "train_not_joined"))

    ex.on_step(refuse)
    click_step(ex, "income", 3)
    assert "doe eerst mee met een sessie" in ex.messages.value


# -- exercise 2 -----------------------------------------------------------------------------
def test_coach_choice_gives_feedback_on_every_reply():
    ex = CoachExercise(CONTENT.coach, CONTENT.vignettes, "nl")
    answers = []
    ex.on_answer(lambda *a: answers.append(a))
    item = ex.item
    assert "Misschien moet ik maar minder uren" in ex.case.value
    ex.reply_buttons[0].click()  # steering
    html = ex.feedback_html.value
    assert "Deze reactie stuurt" in html
    assert html.count("mm-train-reply-feedback") == len(item.replies)
    assert html.count("mm-train-good'>Coachend<") == sum(r.coaches for r in item.replies)
    ex.reply_buttons[1].click()  # then the coaching one: the first choice still counts
    assert "Goed gekozen" in ex.feedback_html.value
    assert answers == [("coach", item.id, "0"), ("coach", item.id, "1")]
    assert "0 van de 1 keer" in ex.score_html.value
    assert ex.reply_buttons[1].button_style == "info"


def test_coach_navigation_and_hidden_unused_buttons():
    ex = CoachExercise(CONTENT.coach, CONTENT.vignettes, "en")
    assert ex.prev_button.disabled and not ex.next_button.disabled
    ex.next_button.click()
    assert ex.index == 1 and "Question 2 of" in ex.counter.value
    three = next(i for i, it in enumerate(CONTENT.coach.items) if len(it.replies) == 3)
    ex.go(three)
    assert ex.reply_buttons[3].layout.display == "none"
    ex.go(99)
    assert ex.next_button.disabled and ex.index == len(CONTENT.coach.items) - 1


def test_coach_open_variant_escapes_and_hints():
    ex = CoachExercise(CONTENT.coach, CONTENT.vignettes, "nl")
    answers = []
    ex.on_answer(lambda *a: answers.append(a))
    ex.mode_switch.value = "open"
    assert ex.open_box.layout.display == "" and ex.replies_box.layout.display == "none"
    ex.compare_button.click()
    assert "schrijf eerst je eigen reactie" in ex.messages.value
    ex.open_text.value = f"Je moet gewoon de BSO bellen {XSS}"
    ex.compare_button.click()
    html = ex.feedback_html.value
    assert "<img" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "‘je moet’, ‘gewoon’" in html and "geen vraag" in html
    assert "Voorbeeldantwoorden" in html and "Waar let je op" in html
    assert answers[-1][0] == "coach_open" and answers[-1][2].startswith("Je moet gewoon")
    assert ex.replies_box.layout.display == ""  # now the choices appear
    ex.go(1)
    assert ex.open_text.value == "" and ex.open_box.layout.display == ""
    ex.open_text.value = "Hoeveel brieven liggen er, denk je?"
    ex.compare()
    assert "je stelt een vraag en gebruikt geen typisch sturende woorden" in ex.feedback_html.value


# -- exercise 4 -----------------------------------------------------------------------------
def test_stress_quiz_checks_explains_and_scores_per_topic():
    quiz = StressQuiz(CONTENT.quiz, "nl")
    answers = []
    quiz.on_answer(lambda *a: answers.append(a))
    quiz.check_button.click()
    assert "kies eerst een antwoord" in quiz.messages.value
    first = quiz.current
    wrong = (first.correct_index + 1) % len(first.options)
    quiz.pick(wrong)
    quiz.check_button.click()
    assert "Niet helemaal" in quiz.explanation.value and first.explanation.nl[:30] in quiz.explanation.value
    quiz.pick(first.correct_index)
    quiz.check()  # a second try shows "right" but the first answer counts
    assert "Goed." in quiz.explanation.value
    quiz.next_button.click()
    second = quiz.current
    quiz.pick(second.correct_index)
    quiz.check()
    assert answers[0] == ("quiz", first.id, str(wrong))
    scores = quiz.topic_scores()
    assert sum(r for r, _ in scores.values()) == 1 and sum(d for _, d in scores.values()) == 2
    assert "1 van 2 meteen goed" in quiz.score_html.value
    quiz.prev_button.click()
    assert quiz.options.value == wrong and "Niet helemaal" in quiz.explanation.value
    quiz.set_lang("en")
    assert "Working memory" in quiz.score_html.value and "Question 1 of" in quiz.counter.value


# -- the trainer's view ---------------------------------------------------------------------
class FakeSource:
    def __init__(self):
        self.data: dict[str, list[TraineeProgress]] = {}
        self.calls: list[str] = []

    def __call__(self, vignette_id):
        self.calls.append(vignette_id)
        return list(self.data.get(vignette_id, []))


def test_group_view_shows_the_group_and_refreshes_only_on_change():
    source = FakeSource()
    view = GroupView(CONTENT.vignettes, CONTENT.definitions, "nl")
    assert isinstance(view.figure, PlotlyView)
    view.set_source(source)
    source.data["sanne"] = [
        TraineeProgress("Anna", {"housing": 4, "care": 3, "health": 2, "debts": 4}),
        TraineeProgress(XSS, {"housing": 4, "care": 5, "health": 2, "debts": 1}, checks=1, attempt=2),
    ]
    view.show_session("BRUG-1234")
    assert "BRUG-1234" in view.session_html.value
    assert "nog verborgen" in view.hidden_note.value and "de referentie is" not in view.divisive_html.value
    view.reveal("*")
    assert view.hidden_note.value == ""
    assert view.figure.data[0]["type"] == "scatter"
    assert len(set(view.figure.data[0]["y"])) == 3  # rows: the reference and two trainees
    stats = view.stats_html.value
    assert "<img" not in stats and "&lt;img" in stats
    assert "ja (poging 2)" in stats and "nee" in stats
    assert "100%" in stats  # Anna is exact everywhere she answered
    assert "Krippendorffs alfa, ordinaal" in stats
    assert view.summary.most_divisive == "debts"  # 4 vs 1, the widest gap
    assert "Begin het gesprek bij Schulden" in view.divisive_html.value
    assert "Gekozen treden: 1 tot 4; de referentie is 4" in view.divisive_html.value
    assert "Schulden: veel nieuwe coaches" in view.notes_html.value
    version = view.shown_version
    view.refresh()
    assert view.shown_version == version  # nothing new: nothing redrawn
    source.data["sanne"].append(TraineeProgress("Cem", {"housing": 3}))
    view.timer.value += 1  # a tick of the browser-side timer
    assert view.shown_version == version + 1 and len(set(view.figure.data[0]["y"])) == 4
    view.refresh_button.click()
    assert view.shown_version == version + 2  # the button always redraws


def test_group_view_switches_the_timer_on_once_the_figure_is_drawn():
    view = GroupView(CONTENT.vignettes, CONTENT.definitions, "nl")
    assert view.auto.value is False
    view.figure.rendered = 1  # what the browser reports after drawing
    assert view.auto.value is True
    view.auto.value = False  # the trainer switches it off: later draws leave it off
    view.figure.rendered = 2
    assert view.auto.value is False
    still = GroupView(CONTENT.vignettes, CONTENT.definitions, "nl", auto_start=False)
    still.figure.rendered = 1
    assert still.auto.value is False


def test_group_view_vignette_change_and_session_buttons():
    source = FakeSource()
    view = GroupView(CONTENT.vignettes, CONTENT.definitions, "en", interval_ms=2000)
    assert view.timer.interval == 2000 and "every 2 s" in view.auto.description
    view.set_source(source)
    chosen, new, opened = [], [], []
    view.on_vignette(chosen.append)
    view.on_new_session(lambda: new.append(True))
    view.on_open_session(lambda code, key: opened.append((code, key)))
    view.show_session("KADE-0001")
    view.choice.value = "karim"
    assert chosen == ["karim"] and source.calls[-1] == "karim"
    assert "Karim" in view.notes_html.value or "Health divides" in view.notes_html.value
    view.new_button.click()
    view.open_code.value = "kade 0001"
    view.open_button.click()
    assert new == [True] and opened == [("kade 0001", "")]
    assert "Nobody has joined yet" in json.dumps(view.figure.layout)
    assert "Not yet computable" in view.stats_html.value


def test_group_view_everyone_agrees():
    source = FakeSource()
    ref = CONTENT.vignettes["sanne"].reference_steps()
    source.data["sanne"] = [TraineeProgress(n, dict(ref)) for n in ("Anna", "Bo")]
    view = GroupView(CONTENT.vignettes, CONTENT.definitions, "nl")
    view.set_source(source)
    view.show_session("DOEL-2222")
    assert view.summary.alpha == pytest.approx(1.0)
    assert "1,00" in view.stats_html.value and "Dat is hoog" in view.stats_html.value
    assert "De groep is het op elk onderdeel met elkaar eens" in view.divisive_html.value
    assert view.figure.layout["shapes"] == []


# -- exercise 3 -----------------------------------------------------------------------------
import datetime as dt  # noqa: E402

from mmwidgets.model.plan.checks import looks_too_big  # noqa: E402
from mmwidgets.widgets.plan.editor import PlanEditor  # noqa: E402
from mmwidgets.widgets.training.steps import StepsExercise  # noqa: E402

TODAY = dt.date(2026, 3, 9)


def add_action(ex: StepsExercise, what: str, who: str = "client", due: str = "") -> None:
    """Type an action in the real plan editor's quick-add row, as a trainee would."""
    ex.editor.quick_who.value = who
    ex.editor.quick_due.value = due
    ex.editor.quick_what.value = what


def test_steps_composes_the_real_plan_editor_with_the_vignettes_goal():
    ex = StepsExercise(CONTENT.vignettes, CONTENT.definitions, "nl", today=TODAY)
    assert type(ex.editor) is PlanEditor and ex.editor in ex.children
    (goal,) = ex.editor.plan.goals
    sanne = CONTENT.vignettes["sanne"]
    assert goal.text == sanne.first_goal.goal.nl
    assert (goal.subpillar_id, goal.start_step, goal.target_step) == ("care", 3, 4)
    assert "Gezin en zorg voor anderen" in ex.goal_html.value


def test_steps_feedback_uses_the_plan_checks_and_the_whole_plan():
    ex = StepsExercise(CONTENT.vignettes, CONTENT.definitions, "nl", today=TODAY)
    saved = []
    ex.on_answer(lambda *a: saved.append(a))
    ex.check_button.click()
    assert "nog geen acties" in ex.feedback_html.value
    add_action(ex, "Alles regelen voor de opvang", who="coach")
    assert saved and saved[-1][:2] == ("plan", "sanne")
    assert json.loads(saved[-1][2]) == [["Alles regelen voor de opvang", "coach", None]]
    ex.check()
    html = ex.feedback_html.value
    assert "Eén actie is een goed begin" in html
    assert "Geen enkele actie is van de deelnemer zelf" in html
    assert "De plancontrole zegt" in html and "geen datum" in html  # the plan editor's own checks
    for what, due in (("BSO bellen over woensdag", "+2"), ("Buurvrouw vragen om op te passen", "+5")):
        add_action(ex, what, "client", due)
    ex.editor.remove_action(ex.editor.plan.goals[0].actions[0].key)
    ex.check()
    assert "Klein, concreet, met wie en wanneer" in ex.feedback_html.value
    assert len(json.loads(saved[-1][2])) == 2


def test_steps_laundry_list_late_start_and_model_answer():
    ex = StepsExercise(CONTENT.vignettes, CONTENT.definitions, "en", today=TODAY)
    for i in range(6):
        add_action(ex, f"Small step {i}", "client", "+20")
    ex.check()
    html = ex.feedback_html.value
    assert "That is 6 actions at once" in html and "more than 7 days away" in html
    ex.model_button.click()
    model = ex.model_html.value
    for action in CONTENT.vignettes["sanne"].first_goal.actions:
        assert action.what.en in model
    assert "Agreed reward" in model and ex.model_button.description == "Hide the example"
    ex.again_button.click()
    assert ex.editor.plan.goals[0].actions == [] and ex.model_html.value == ""
    ex.choice.value = "gezin-visser"
    assert ex.editor.plan.goals[0].subpillar_id == "housing"
    assert "eviction" in ex.goal_html.value


def test_model_answers_pass_the_plan_editors_own_size_check():
    """A model answer the plan checks would call 'too big' would contradict the exercise."""
    for vignette in CONTENT.vignettes.values():
        for action in vignette.first_goal.actions:
            for lang in ("nl", "en"):
                assert not looks_too_big(action.what.get(lang)), (vignette.id, action.what.get(lang))


def test_exercise_1_shows_only_what_scoring_needs_with_the_case_beside_it():
    from mmwidgets.widgets.training.scoring import ScoringExercise

    ex = ScoringExercise(CONTENT.vignettes, CONTENT.definitions, "nl")
    sub = ex.editor.editors["housing"]
    shown = set(map(id, sub.children))
    assert id(sub.note) not in shown and sub.who not in _descendants(sub) and sub.focus not in _descendants(sub)
    assert ex.editor.intro.value == ""  # no "... of in de brug" without a picture: the exercise says what to do
    grid = next(w for w in ex.children if "mm-train-scoring-grid" in w._dom_classes)
    assert ex.card in _descendants(grid.children[0]) and ex.editor in _descendants(grid.children[1])
    assert "<details" in ex.card.value and " open>" in ex.card.value  # foldable on a small screen


def _descendants(widget):
    out = [widget]
    for child in getattr(widget, "children", ()):
        out.extend(_descendants(child))
    return out
