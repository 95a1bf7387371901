"""Changing the bridge during a conversation asks first and says what happens to today's answers
(issue 18)."""

from __future__ import annotations

from mmwidgets.apps.conversation import conversation_app
from mmwidgets.model.bridge.library import DefinitionLibrary, shipped_bridges_dir
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.store import Store


def make_app(tmp_path):
    store = Store("sqlite:///" + str(tmp_path / "t.db"))
    app = conversation_app(store=store, lang="nl", library=DefinitionLibrary([shipped_bridges_dir()]), plan=False)
    app.picker.new_name.value = "Grutto"
    app.picker.create_button.click()
    return app, store


def test_switching_bridge_with_answers_asks_first_and_no_keeps_everything(tmp_path):
    app, store = make_app(tmp_path)
    first = app.definition.key
    other = next(key for _label, key in app.definition_choice.options if key != first)
    app.tabs.selected_index = 1
    app.editor.editors["housing"].buttons[3].click()
    app.definition_choice.value = other
    assert app.switch_prompt.layout.display == "" and app.definition.key == first, "nothing switched yet"
    text = app.switch_text.value
    assert "1 onderdelen" in text and "blijven bewaard" in text and "nieuw, leeg gesprek" in text
    app.switch_no.click()
    assert app.switch_prompt.layout.display == "none"
    assert app.definition.key == first and app.definition_choice.value == first
    assert app.editor.steps["housing"] == 3 and app.tabs.selected_index == 1


def test_yes_switches_keeps_todays_answers_and_the_step(tmp_path):
    app, store = make_app(tmp_path)
    first = app.definition.key
    other = next(key for _label, key in app.definition_choice.options if key != first)
    app.tabs.selected_index = 1
    app.editor.editors["housing"].buttons[3].click()
    app.definition_choice.value = other
    app.switch_yes.click()
    assert app.definition.key == other and app.tabs.selected_index == 1, "no jump back to the check-in"
    saved = AssessmentRepo(store).history(app.client.id)
    assert [(a.definition_key, a.step("housing")) for a in saved] == [(first, 3)]
    assert app.previous is None, "today's other conversation is not 'Vorige keer'"


def test_no_question_without_answers(tmp_path):
    app, _store = make_app(tmp_path)
    first = app.definition.key
    other = next(key for _label, key in app.definition_choice.options if key != first)
    app.definition_choice.value = other
    assert app.switch_prompt.layout.display == "none" and app.definition.key == other
