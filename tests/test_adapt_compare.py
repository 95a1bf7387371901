"""The compare view and the rules editor without a browser: changes marked in both pictures,
Dutch numbers in the table, and step rules edited with the file's validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from mmwidgets.apps.adapt import EDITING, AdaptApp
from mmwidgets.figures.bridge import bridge_figure
from mmwidgets.figures.bridge_marks import mark_bridge
from mmwidgets.model.bridge import edit
from mmwidgets.model.bridge.definition import definition_to_data, load_definition
from mmwidgets.model.bridge.library import DefinitionLibrary, shipped_bridges_dir

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture()
def app(tmp_path) -> AdaptApp:
    own = tmp_path / "definitions"
    own.mkdir()
    return AdaptApp(DefinitionLibrary([shipped_bridges_dir(), own]), own, "nl")


def marks(view) -> list[str]:
    return [s.get("name", "") for s in view.figure["layout"].get("shapes", []) if s.get("name", "").startswith("mark-")]


def test_changes_are_marked_in_both_pictures_and_the_table(app):
    editor = app.editor
    editor.step_label_nl.value = "Dak boven je hoofd"  # housing, step 1: re-worded
    editor.pillars.list.value = 2
    editor.subs.list.value = 1
    editor.subs.remove.click()  # savings removed
    editor.sub_spread.click()
    assert "In orde" in app.problems.status.value
    app.tabs.selected_index = 1
    compare = app.compare
    assert compare.choice_a.value == "mm-standaard@1" and compare.choice_b.value == EDITING
    assert "mark-changed-housing" in marks(compare.view_a) and "mark-changed-housing" in marks(compare.view_b)
    assert "mark-removed-savings" in marks(compare.view_a) and "mark-removed-savings" not in marks(compare.view_b)
    assert "mark-changed-debts" in marks(compare.view_b)  # its share went from 50% to 100%
    assert "groen = toegevoegd" in compare.legend.value
    assert "50%" in compare.table.value and "100%" in compare.table.value
    ticks = compare.view_a.figure["layout"]["xaxis"]["ticktext"]
    assert any("−" in tick and "Sparen" in tick for tick in ticks)
    assert "Twee bruggen vergelijken" in compare.heading.value  # the heading is there from the start


def test_mark_bridge_leaves_the_picture_alone_without_changes_and_escapes_nothing_twice():
    default = load_definition(REPO / "data" / "bridges" / "default.yaml")
    figure = bridge_figure(default, None, None, "nl")
    same = mark_bridge(figure, default, {}, {}, "nl")
    assert same == figure and same is not figure
    marked = mark_bridge(figure, default, {"health": "added"}, {"finance": "changed"}, "en")
    names = [s.get("name") for s in marked["layout"]["shapes"] if str(s.get("name", "")).startswith("mark-")]
    assert names == ["mark-added-health", "mark-changed-finance"]
    assert figure["layout"]["xaxis"]["ticktext"] == bridge_figure(default, None, None, "nl")["layout"]["xaxis"]["ticktext"]
    assert any(a.get("text", "").endswith("changed</b>") for a in marked["layout"]["annotations"])  # the pillar
    ticks = marked["layout"]["xaxis"]["ticktext"]
    assert ticks[[s.id for _, s in default.subpillars()].index("health")].startswith('<span style="color:#2e7050">+</span>')


def test_step_rules_edited_in_the_workbook_round_trip_and_a_wrong_threshold_is_named(app):
    app.open_definition("gemeente-schulden@1")
    editor = app.editor
    data = editor.data
    p, s = next((p, s) for p, pillar in enumerate(data["pillars"]) for s, sub in enumerate(pillar["subpillars"])
                if (sub.get("suggest") or {}).get("metric") == "housing_cost_share")
    editor.pillars.list.value = p
    editor.subs.list.value = s
    rules = editor.rules
    assert rules.metric.value == "housing_cost_share"
    assert rules.metric.options[0][0] == "geen voorstel"
    rows = rules.rows.children
    index, row = next((i, r) for i, r in enumerate(rows) if r.children[1].value and r.children[2].value)
    at_least, below = row.children[1], row.children[2]
    at_least.value = "37,5"  # Dutch decimal comma
    assert editor.data["pillars"][p]["subpillars"][s]["suggest"]["rules"][index]["at_least"] == 37.5
    assert "In orde" in app.problems.status.value
    # a threshold above its upper bound: the file's own message, named at the rule
    at_least.value = str(int(float(below.value.replace(",", "."))) + 10)
    status = app.problems.status.value
    assert "moet kleiner zijn dan below" in status and "te verbeteren" in status
    assert "mm-adapt-invalid" in editor.rules._dom_classes
    at_least.value = "37,5"
    assert "In orde" in app.problems.status.value
    # not a number: named, not a traceback
    at_least.value = "veel"
    assert "te verbeteren" in app.problems.status.value and app.messages.value == ""
    at_least.value = "37,5"
    # save and load again: the edited rule is in the file
    editor.def_id.value = "gemeente-eigen"
    app.savebar.name.value = "gemeente-eigen"
    app.savebar.save.click()
    saved = load_definition(app.own_dir / "gemeente-eigen.yaml")
    assert saved.pillars[p].subpillars[s].suggest.rules[index].at_least == 37.5


def test_choosing_no_suggestion_removes_the_rules(app):
    app.open_definition("gemeente-schulden@1")
    editor = app.editor
    data = editor.data
    p, s = next((p, s) for p, pillar in enumerate(data["pillars"]) for s, sub in enumerate(pillar["subpillars"])
                if sub.get("suggest"))
    editor.pillars.list.value = p
    editor.subs.list.value = s
    editor.rules.metric.value = ""
    assert "suggest" not in editor.data["pillars"][p]["subpillars"][s]
    assert editor.rules.rows.children == () and "In orde" in app.problems.status.value
    editor.rules.metric.value = "buffer_months"
    assert editor.data["pillars"][p]["subpillars"][s]["suggest"]["metric"] == "buffer_months"
    result = edit.validate(editor.data)
    assert result.ok and definition_to_data(result.definition)["pillars"][p]["subpillars"][s]["suggest"]["rules"]


def test_compare_shows_what_is_on_screen_now_with_the_parts_still_to_fill_in(app):
    """Issue 21: adding a part and changing a colour shows at once, while a field is still empty."""
    editor = app.editor
    app.tabs.selected_index = 1
    compare = app.compare
    assert compare.choice_a.value == "mm-standaard@1" and compare.choice_b.value == EDITING
    editor.pillars.list.value = 1
    editor.pillar_palette.value = "#6a4f98"  # well-being: purple
    editor.subs.add.click()  # a new sub-pillar, nothing filled in yet
    editor.sub_name_nl.value = "Digitale vaardigheden"
    assert not app.validation.ok  # the step texts are still to come
    p, sub, _n = editor.selection
    new_id = editor.data["pillars"][p]["subpillars"][sub]["id"]
    assert f"mark-added-{new_id}" in marks(compare.view_b)
    assert "mark-changed-wellbeing" in marks(compare.view_b) and "mark-changed-wellbeing" in marks(compare.view_a)
    table = compare.table.value
    assert "Digitale vaardigheden" in table and "paars" in table and "andere kleur" in table
    assert "#6a4f98" not in table.replace('style="background:#6a4f98"', "")  # the code is no text
    assert "mm-standaard-eigen" not in table and "mm-standaard" not in table  # no ids, not even the bridge's
    assert "nog in te vullen" in compare.note.value
    # a step text typed now shows at once; the table says where text is still to come
    editor.steps.list.value = 0
    editor.step_text_nl.value = "Ik kan nog niet met een computer werken."
    shown_b = app._resolve(compare.choice_b.value)
    assert shown_b.subpillar(new_id).steps[0].text.nl == "Ik kan nog niet met een computer werken."
    assert "Digitale vaardigheden <span class=\"mm-diff-todo\">(nog in te vullen)</span>" in compare.table.value
    assert "mm-diff-row-todo" in compare.table.value
    # a real mistake: the last version without mistakes is compared, and the note says so
    editor.pillar_colour.value = "#000000"
    editor.pillars.list.value = 0
    editor.pillar_weight.value = "abc"
    assert app.validation.errors
    assert "laatste versie zonder fouten" in compare.note.value
    # in English the same words
    editor.pillar_weight.value = ""
    app.lang_switch.value = "en"
    assert "(still to fill in)" in compare.table.value and "own colour" in compare.table.value
