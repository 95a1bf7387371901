"""Drive the conversation workbook from Python: what a coach clicks is saved and drawn."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from mmwidgets.apps.conversation import conversation_app
from mmwidgets.figures.bridge import bridge_click_target
from mmwidgets.model.bridge.library import DefinitionLibrary, shipped_bridges_dir
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store


@pytest.fixture
def store(db_url):  # SQLite and PostgreSQL (tests/conftest.py)
    s = Store(db_url)
    yield s
    s.dispose()


@pytest.fixture
def library(tmp_path):
    return DefinitionLibrary([shipped_bridges_dir(), tmp_path / "own"])


@pytest.fixture
def app(store, library):
    return conversation_app(store=store, lang="nl", library=library)


def create_client(app, name="Zonnebloem"):
    app.picker.new_name.value = name
    app.picker.create_button.click()
    return app.client


def click_step(app, sub_id, n):
    app.editor.editors[sub_id].buttons[n].click()


def test_creating_a_client_opens_the_workspace(app, store):
    client = create_client(app)
    assert client is not None and client.pseudonym == "Zonnebloem"
    assert app.workspace.layout.display == ""
    assert [c.pseudonym for c in ClientRepo(store).search("zonne")] == ["Zonnebloem"]


def test_a_step_click_is_saved_and_changes_both_figures(app, store):
    client = create_client(app)
    bridge_before = app.bridge_view.data
    radar_before = app.radar_view.data
    click_step(app, "housing", 2)
    saved = AssessmentRepo(store).current(client.id, app.definition)
    assert saved is not None and saved.step("housing") == 2
    assert app.bridge_view.data != bridge_before
    assert app.radar_view.data != radar_before
    assert len(app.bridge_view.data) == len(bridge_before), "a click changes data, not the trace list"
    assert "mm-step-selected" in app.editor.editors["housing"].buttons[2]._dom_classes
    assert app.editor.steps == {"housing": 2}


def test_clicking_a_rung_of_the_bridge_picture_chooses_that_step(app, store):
    client = create_client(app)
    app.bridge_view.click({"curve": 0, "index": 0, "customdata": ["debts", 4]})
    assert AssessmentRepo(store).current(client.id, app.definition).step("debts") == 4
    assert app.editor.editors["debts"].step == 4
    # the editor opened the tab of the pillar that holds the sub-pillar
    pillar_ids = [p.id for p in app.definition.pillars]
    assert app.editor.tabs.selected_index == pillar_ids.index("finance")


def test_every_rung_in_the_figure_decodes_to_a_step_of_the_definition(app):
    create_client(app)
    targets = set()
    for trace in app.bridge_view.data:
        for point_index, custom in enumerate(trace.get("customdata") or []):
            target = bridge_click_target({"curve": 0, "index": point_index, "customdata": custom})
            if target:
                targets.add(target)
    expected = {(s.id, n) for _, s in app.definition.subpillars() for n in range(1, s.step_count + 1)}
    assert expected <= targets


def test_a_step_out_of_range_is_refused_with_a_message_and_nothing_changes(app, store):
    client = create_client(app)
    click_step(app, "housing", 3)
    app.bridge_view.click({"curve": 0, "index": 0, "customdata": ["housing", 99]})
    assert AssessmentRepo(store).current(client.id, app.definition).step("housing") == 3
    assert "99" in app.messages.value and "trede" in app.messages.value


def test_the_score_and_its_formula_are_shown(app):
    create_client(app)
    assert "Nog geen score" in app.score_view.summary.value
    click_step(app, "housing", 5)
    assert "100 van 100" in app.score_view.summary.value
    assert "(trede − 1)" in app.score_view.formula.value


def test_focus_note_and_who_are_saved(app, store):
    client = create_client(app)
    sub = app.editor.editors["savings"]
    sub.focus.value = True
    sub.note.value = "Wil een buffer voor de wasmachine"
    sub.who.value = "client"
    choice = AssessmentRepo(store).current(client.id, app.definition).choice("savings")
    assert choice.focus is True
    assert choice.note == "Wil een buffer voor de wasmachine"
    assert choice.chosen_by == "client"


def test_stress_check_in_is_saved(app, store):
    client = create_client(app)
    app.stress.level.value = 7
    app.stress.note.value = "De huurachterstand"
    saved = AssessmentRepo(store).current(client.id, app.definition)
    assert (saved.stress, saved.stress_note) == (7, "De huurachterstand")


def test_reopening_the_client_continues_todays_assessment(store, library):
    first = conversation_app(store=store, lang="nl", library=library)
    client = create_client(first, "Merel")
    click_step(first, "income", 2)
    # a closed tab or a killed kernel: a new app on the same database
    second = conversation_app(store=store, lang="nl", library=library)
    second.open_client(client)
    assert second.editor.editors["income"].step == 2
    click_step(second, "health", 4)
    assert len(AssessmentRepo(store).history(client.id)) == 1


def test_earlier_assessments_appear_on_radar_and_as_previous_steps(store, library):
    clients, repo = ClientRepo(store), AssessmentRepo(store)
    client = clients.create("Lijster")
    app = conversation_app(store=store, lang="nl", library=library)
    definition = app.definition
    old = repo.start(client.id, definition, dt.date(2026, 3, 9))
    repo.set_choice(old.id, "housing", definition=definition, step=1)
    app.open_client(client)
    assert app.previous is not None and app.previous.id == old.id
    assert "Vorige keer: stap 1" in app.editor.editors["housing"].previous_marks[1].value
    click_step(app, "housing", 3)
    legend = [trace.get("name", "") for trace in app.radar_view.data]
    assert any("2026" in name for name in legend)
    assert "+50 punten" in app.score_view.summary.value


def test_switching_client_shows_that_clients_own_steps(app, store):
    a = create_client(app, "Ekster")
    click_step(app, "housing", 4)
    create_client(app, "Gaai")
    assert app.editor.editors["housing"].step is None
    app.open_client(a)
    assert app.editor.editors["housing"].step == 4


def test_switching_language_translates_editor_tabs_and_figures(app):
    create_client(app)
    dutch_titles = app.editor.tabs.titles
    dutch_figure = app.bridge_view.layout
    app.lang_switch.value = "en"
    assert app.editor.tabs.titles != dutch_titles
    assert "Family stability" in app.editor.tabs.titles
    assert app.bridge_view.layout != dutch_figure
    assert app.tabs.titles[1] == "Bridge"
    english_label = app.definition.subpillar("housing").steps[0].label.en
    assert app.editor.editors["housing"].buttons[1].description.endswith(english_label)
    assert app.score_view.formula.value.count("step") >= 1


def test_a_name_with_html_is_shown_as_text(app):
    create_client(app, "<img src=x onerror=alert(1)>")
    assert "<img" not in app.picker.current_label.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in app.picker.current_label.value


def test_an_empty_or_bsn_like_name_is_refused_with_a_message(app, store):
    app.picker.new_name.value = "   "
    app.picker.create_button.click()
    assert "schuilnaam" in app.messages.value
    app.picker.new_name.value = "123456782"
    app.picker.create_button.click()
    assert "BSN" in app.messages.value
    assert ClientRepo(store).search("") == []


def test_an_unexpected_error_in_a_callback_is_logged_and_shown_kindly(app, caplog, monkeypatch):
    create_client(app)

    def broken(*_a, **_k):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(app.assessments, "set_choice", broken)
    with caplog.at_level(logging.ERROR, logger="mmwidgets"):
        click_step(app, "housing", 2)
    assert "Er ging iets mis" in app.messages.value
    assert "database on fire" not in app.messages.value
    assert "Traceback" not in app.messages.value
    assert any("database on fire" in (r.exc_text or "") for r in caplog.records)


def test_erasing_a_client_removes_all_their_data(app, store):
    client = create_client(app, "Specht")
    click_step(app, "housing", 2)
    app.erase_client()
    assert ClientRepo(store).get(client.id) is None
    assert AssessmentRepo(store).history(client.id) == []
    assert app.workspace.layout.display == "none"


def test_export_button_holds_the_clients_data(app):
    import json

    create_client(app, "Kievit")
    click_step(app, "debts", 3)
    app.open_data()
    assert app.export_button.description == "Alle gegevens van Kievit downloaden", "plain words, no file type"
    name, payload = app.export_button.click()
    assert name == "gegevens-Kievit.json"
    data = json.loads(payload)
    assert "Kievit" in json.dumps(data)
    steps = [a["choices"]["debts"]["step"] for a in data["assessments"] if "debts" in a["choices"]]
    assert steps == [3], "the export holds the step clicked after the client was opened"


def test_history_under_another_bridge_is_mapped_through_the_crosswalk(store, library):
    clients, repo = ClientRepo(store), AssessmentRepo(store)
    client = clients.create("Reiger")
    simple = library.get("mm-eenvoudig@1")
    old = repo.start(client.id, simple, dt.date(2026, 1, 12))
    repo.set_choice(old.id, "wonen", definition=simple, step=3)
    app = conversation_app(store=store, lang="nl", library=library)
    app.open_client(client)
    # simple step 3 of 'wonen' is step 4 of 'housing' in the default bridge
    assert app.previous is not None and app.previous.step("housing") == 4
    assert "Vorige keer: stap 4" in app.editor.editors["housing"].previous_marks[4].value
    # parts the simple bridge does not ask about are said to be unmapped, not guessed
    notes = app.mapping_notes.value
    assert "Opleiding" in notes and "Inkomen" in notes
    assert app.previous.step("income") is None


def test_a_bridge_saved_by_the_team_can_be_chosen_without_reloading(store, tmp_path, library):
    app = conversation_app(store=store, lang="nl", library=library)
    own = tmp_path / "own"
    own.mkdir(exist_ok=True)
    text = (shipped_bridges_dir() / "default.yaml").read_text(encoding="utf-8")
    (own / "onze-brug.yaml").write_text(
        text.replace("id: mm-standaard", "id: onze-brug", 1), encoding="utf-8"
    )
    client = ClientRepo(store).create("Wulp")
    app.open_client(client)
    keys = [value for _label, value in app.definition_choice.options]
    assert "onze-brug@1" in keys
    app.definition_choice.value = "onze-brug@1"
    assert app.definition.key == "onze-brug@1"
    click_step(app, "housing", 3)
    saved = AssessmentRepo(store).history(client.id)
    assert [a.definition_key for a in saved] == ["onze-brug@1"]


def test_the_plan_is_a_tab_and_a_focus_subpillar_offers_a_goal(app, store):
    from mmwidgets.apps.plan import PlanPanel

    assert app.tabs.titles == ("Hoe gaat het?", "Brug", "Waaraan werken?", "Verloop", "Plan", "Meenemen")
    client = create_client(app, "Fuut")
    deferred = app.tabs.children[4]
    assert deferred.panel is None, "the plan is built when its tab is first shown"
    app.steps.next_button.click()
    app.steps.next_button.click()
    app.steps.next_button.click()
    app.steps.next_button.click()
    assert app.tabs.selected_index == 4, "Volgende walks the steps one at a time"
    panel = deferred.panel
    assert isinstance(panel, PlanPanel)
    assert panel.client.id == client.id
    app.editor.editors["debts"].focus.value = True
    assert any("mm-plan-focus-debts" in b._dom_classes for b in panel.editor.focus_buttons.children)


def test_a_suggested_step_from_the_clients_own_figures_is_shown_and_can_be_chosen(app, store):
    client = create_client(app, "Meerkoet")
    app.definition_choice.value = "gemeente-schulden@1"
    sub = app.editor.editors["woonlasten"]
    assert app.editor.editors["woning"].suggestion is None, "only where rules exist"
    helper = sub.suggestion
    helper.fields["net_income"].value = "1.430,50"
    helper.fields["rent"].value = "780"
    helper.fields["huurtoeslag"].value = "200"
    helper.compute.click()
    assert "40,5%" in helper.result.value and "Jij kiest zelf" in helper.result.value
    assert AssessmentRepo(store).current(client.id, app.definition) is None, "a suggestion saves nothing"
    helper.accept.click()
    saved = AssessmentRepo(store).current(client.id, app.definition)
    assert saved.step("woonlasten") == helper.suggestion.step == 2
    assert sub.step == 2


def test_a_wrongly_typed_amount_gets_a_message_and_no_suggestion(app):
    create_client(app, "Tureluur")
    app.definition_choice.value = "gemeente-schulden@1"
    helper = app.editor.editors["woonlasten"].suggestion
    helper.fields["net_income"].value = "veel"
    helper.fields["rent"].value = "780"
    helper.compute.click()
    assert "veel" in helper.messages.value
    assert helper.accept.layout.display == "none"


def test_what_to_work_on_makes_a_goal_in_the_plan_and_opens_it(app, store):
    """"Waaraan werken?" -> "Maak een doel voor Schulden": the plan opens with that goal, linked
    to the part and its step; a second click opens the same goal, not a second one."""
    from mmwidgets.store.plans.repo import PlanRepo

    client = create_client(app, "Kievit")
    click_step(app, "debts", 2)
    assert app.focus_goals.children == (), "nothing chosen yet, no button"
    app.editor.editors["debts"].focus.value = True
    (button,) = app.focus_goals.children
    assert "mm-focus-goal-debts" in button._dom_classes
    assert button.description == "Maak een doel voor Schulden"
    button.click()
    assert app.tabs.titles[app.tabs.selected_index] == "Plan"
    goals = PlanRepo(store).load(client.id).goals
    assert [(g.subpillar_id, g.start_step, g.target_step) for g in goals] == [("debts", 2, 3)]
    panel = app.tabs.children[app.tabs.selected_index].panel
    assert panel.editor.selected == goals[0].key
    app.tabs.selected_index = 2
    app.focus_goals.children[0].click()
    assert len(PlanRepo(store).load(client.id).goals) == 1
    assert panel.editor.selected == goals[0].key
    app.lang_switch.value = "en"
    assert app.focus_goals.children[0].description == "Make a goal for Debts"
