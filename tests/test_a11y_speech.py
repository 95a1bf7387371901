""""Voorlezen" (issue 19): the controls carry the text and the language, escaped, from the
catalogue; the take-home page is read as its text, not its markup."""

from __future__ import annotations

import html
import re

from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.widgets.conversation.bridge_editor import BridgeEditor
from mmwidgets.widgets.conversation.stress_checkin import StressCheckin
from mmwidgets.widgets.speech import SpeakButton, speak_html, text_of_html


def spoken(fragment: str) -> list[tuple[str, str]]:
    return [(html.unescape(text), lang) for text, lang in
            re.findall(r'data-mm-speak-text="([^"]*)" data-mm-speak-lang="([^"]*)"', fragment)]


def test_the_controls_hold_the_text_escaped_and_the_voice_language():
    out = speak_html('Bel <img src=x onerror="alert(1)"> je zus', "nl", what="trede 3")
    assert "<img" not in out
    assert spoken(out) == [('Bel <img src=x onerror="alert(1)"> je zus', "nl-NL")]
    assert 'aria-label="Voorlezen: trede 3"' in out and ">Langzamer</button>" in out
    assert "Voorlezen kan niet op dit apparaat" in out  # what it says without a voice
    english = speak_html("Call your sister", "en")
    assert spoken(english) == [("Call your sister", "en-GB")] and "Read aloud" in english
    compact = speak_html("x", "nl", what="trede 1", compact=True)
    assert "mm-speak-slow" not in compact and "mm-speak-compact" in compact
    button = SpeakButton("", "nl")
    assert button.value == ""
    button.set("Hallo", "en")
    assert spoken(button.value) == [("Hallo", "en-GB")]


def test_every_step_text_and_the_check_in_question_can_be_read_aloud():
    defn = load_definition(shipped_data_dir() / "bridges" / "default.yaml")
    editor = BridgeEditor(defn, "nl")
    found = []

    def walk(widget):
        value = getattr(widget, "value", None)
        if isinstance(value, str) and "mm-speak-controls" in value:
            found.extend(spoken(value))
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(editor)
    housing = defn.subpillar("housing")
    for n, step in enumerate(housing.steps, start=1):
        assert (f"Trede {n}: {step.label.get('nl')}. {step.text.get('nl')}", "nl-NL") in found
    checkin = StressCheckin("en")
    assert spoken(checkin.heading.value)[0][1] == "en-GB"


def test_the_take_home_page_is_read_as_text():
    page = ("<html><head><title>Mijn plan</title><style>p{color:red}</style></head><body>"
            "<h1>Mijn plan</h1><p>Doel: werk &amp; rust</p><ul><li>Bel de bieb</li></ul></body></html>")
    assert text_of_html(page) == "Mijn plan. Doel: werk & rust. Bel de bieb"


def test_the_picture_bridge_shows_our_own_pictograms_not_emoji():
    from mmwidgets.figures.icons import icon_css_class

    defn = load_definition(shipped_data_dir() / "bridges" / "eenvoudig.yaml")
    editor = BridgeEditor(defn, "nl")
    buttons = []

    def walk(widget):
        if "mm-step" in getattr(widget, "_dom_classes", ()):
            buttons.append(widget)
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(editor)
    by_class = {c: b for b in buttons for c in b._dom_classes}
    with_icon = [(by_class[f"mm-step-{sub.id}-{n}"], s) for _, sub in defn.subpillars()
                 for n, s in enumerate(sub.steps, start=1)
                 if s.icon and f"mm-step-{sub.id}-{n}" in by_class]  # the parts built so far
    assert with_icon
    for button, step in with_icon:
        picture = icon_css_class(step.icon)
        if picture:  # a picture of our own: drawn by CSS, no emoji in the text
            assert {"mm-icon", picture} <= set(button._dom_classes)
            assert step.icon.strip() not in button.description


def test_exercises_two_to_four_read_the_case_the_question_and_the_goal_aloud():
    """Voorlezen in exercises 2-4 as in exercise 1: the case, the client's words, the quiz
    question with its options and the goal, in the exercise's language; typed text escaped."""
    import html as _html

    from mmwidgets.model.training.content import load_training
    from mmwidgets.widgets.training.coach import CoachExercise
    from mmwidgets.widgets.training.common import VignetteCard
    from mmwidgets.widgets.training.stress import StressQuiz

    content = load_training()

    def said(value: str) -> tuple[str, str]:
        found = re.search(r'data-mm-speak-text="([^"]*)" data-mm-speak-lang="([^"]*)"', value)
        assert found, value[:300]
        return _html.unescape(found.group(1)), found.group(2)

    coach = CoachExercise(content.coach, content.vignettes, "nl")
    item = coach.item
    text, voice = said(coach.case.value)
    assert text == f"{item.situation.get('nl')} {item.client_says.get('nl')}" and voice == "nl-NL"

    quiz = StressQuiz(content.quiz, "en")
    q = quiz.current
    text, voice = said(quiz.question.value)
    assert text.startswith(q.question.get("en")) and f"1. {q.options[0].text.get('en')}" in text and voice == "en-GB"
    assert "Read aloud" in quiz.question.value

    sanne = content.vignettes["sanne"]
    text, _voice = said(VignetteCard(sanne, "nl").value)  # exercises 1 and 3 show the case card
    assert text.startswith(sanne.title.get("nl")) and sanne.story[-1].get("nl") in text

    import datetime as dt

    from mmwidgets.widgets.training.steps import StepsExercise

    steps = StepsExercise(content.vignettes, content.definitions, "nl", today=dt.date(2026, 12, 7))
    text, voice = said(steps.goal_html.value)
    assert steps.vignette.first_goal.goal.get("nl") in text and voice == "nl-NL"
