"""The adaptation workbook, driven from Python: edit, see validation, save, reload, compare."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from mmwidgets.apps.adapt import EDITING, AdaptApp, adapt_app
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.model.bridge.library import DefinitionLibrary, shipped_bridges_dir
from mmwidgets.widgets.adapt.editor import INVALID, TODO

REPO = Path(__file__).resolve().parents[1]
BROKEN_DEFINITIONS = Path(__file__).parent / "data" / "broken_definitions"
XSS = '<img src=x onerror="alert(1)">'


@pytest.fixture()
def own(tmp_path) -> Path:
    folder = tmp_path / "definitions"
    folder.mkdir()
    return folder


@pytest.fixture()
def app(own) -> AdaptApp:
    return adapt_app(lang="nl", definitions_dir=own)


def fill_new_subpillar(editor, nl: str, en: str) -> None:
    """What a designer types into a new sub-pillar: its names and every step's texts."""
    editor.sub_name_nl.value = nl
    editor.sub_name_en.value = en
    for n in range(len(editor.steps.list.options)):
        editor.steps.list.value = n
        editor.step_text_nl.value = f"{nl}: tekst {n + 1}"
        editor.step_text_en.value = f"{en}: text {n + 1}"


def figure_text(view) -> str:
    return json.dumps(view.figure, ensure_ascii=False)


def rung_traces(view) -> list[dict]:
    return [trace for trace in view.figure["data"] if str(trace.get("uid", "")).startswith("rung-")]


# -- opening ----------------------------------------------------------------------------------------
def test_opens_the_default_as_a_copy_with_a_live_preview(app):
    assert [key for _, key in app.open_choice.options] == ["mm-standaard@1", "mm-eenvoudig@1", "gemeente-schulden@1"]
    assert app.open_choice.value == "mm-standaard@1"
    assert app.editor.data["id"] == "mm-standaard-eigen"  # the shipped file is never the target
    assert app.savebar.name.value == "mm-standaard-eigen"
    assert app.editor.def_name_nl.value.startswith("Brug naar een stabiel bestaan")
    assert len(rung_traces(app.preview.bridge)) == 10
    assert app.preview.radar.figure["data"], "the radar shows the sample assessments"
    assert "In orde" in app.problems.status.value
    assert not app.preview.stale


def test_open_another_definition(app):
    app.open_choice.value = "mm-eenvoudig@1"
    assert app.editor.data["id"] == "mm-eenvoudig-eigen"
    assert app.editor.steps.list.options[0][0] == "1. ⛺ Geen eigen huis"
    assert app.editor.step_icon.value == "⛺"
    assert len(rung_traces(app.preview.bridge)) == 8


# -- editing: the pictures follow ------------------------------------------------------------------------
def test_rename_a_step_redraws_the_bridge(app):
    editor = app.editor
    assert editor.selection == (0, 0, 0)
    editor.steps.list.value = 2
    assert editor.step_label_nl.value == "Een dak, maar wankel"
    editor.step_label_nl.value = "Dak boven je hoofd"
    assert "Dak boven je hoofd" in figure_text(app.preview.bridge)
    assert "Een dak, maar wankel" not in figure_text(app.preview.bridge)
    assert editor.steps.list.options[2][0] == "3. Dak boven je hoofd"
    assert editor.data["pillars"][0]["subpillars"][0]["steps"][2]["label"] == {"nl": "Dak boven je hoofd", "en": "A roof, but shaky"}


def test_a_new_subpillar_guides_instead_of_scolding_until_it_is_complete(app):
    editor = app.editor
    editor.pillars.list.value = 2  # Financieel beheer
    editor.subs.add.click()  # inserted after the selected one
    assert editor.selection == (2, 1, 0)
    assert editor.sub_name_nl.value == "" and editor.sub_name_nl.placeholder == "Typ hier de naam"
    # no red error: a calm checklist of what is still to fill in, next to the part and above
    status = app.problems.status.value
    assert "te verbeteren" not in status and "mm-msg-error" not in status
    assert "Nog in te vullen:" in status and "de tekst van trede 1, 2, 3, 4 en 5 in het Nederlands<" in status
    assert "Nog in te vullen:" in editor.todo_here.value
    assert app.problems.goto.description == "Ga naar het eerste dat nog ingevuld moet worden"
    assert TODO in editor.sub_name_nl._dom_classes and INVALID not in editor.sub_name_nl._dom_classes
    assert not editor.pillars.list.options[2][0].endswith("⚠")
    # empty step texts are flagged where they are: in the list and in the form
    assert all(label.endswith("(nog geen tekst)") for label, _ in editor.steps.list.options)
    assert TODO in editor.step_text_nl._dom_classes
    # the preview already shows the new part, with … where text is still to come
    assert not app.preview.stale and app.preview.partial and len(rung_traces(app.preview.bridge)) == 11
    # not "in orde", and it cannot be saved
    app.savebar.name.value = "half-af"
    app.savebar.save.click()
    assert "Nog niet bewaard" in app.savebar.status.value
    assert not (app.own_dir / "half-af.yaml").exists()
    # typing the name: the id follows it (not shown unless Advanced is opened)
    editor.sub_name_nl.value = "Toeslagen"
    editor.sub_name_en.value = "Allowances"
    assert editor.data["pillars"][2]["subpillars"][1]["id"] == "toeslagen" == editor.sub_id.value
    for n in range(5):
        editor.steps.list.value = n
        editor.step_text_nl.value = f"Tekst {n + 1}"
        editor.step_text_en.value = f"Text {n + 1}"
    assert not any(label.endswith("(nog geen tekst)") for label, _ in editor.steps.list.options)
    # the siblings have weights, the new one not: an equal share, as the placeholder says
    assert not app.preview.stale and "In orde" in app.problems.status.value
    assert editor.sub_weight.placeholder == "leeg: een gelijk deel"
    assert [round(x.weight, 2) for x in app.validation.definition.pillars[2].subpillars] == [33.33, 33.33, 33.34]
    editor.sub_spread.click()
    assert not app.preview.stale and "In orde" in app.problems.status.value
    assert len(rung_traces(app.preview.bridge)) == 11
    assert "Toeslagen" in figure_text(app.preview.bridge)
    assert TODO not in editor.sub_weight._dom_classes and editor.todo_here.value == ""
    weights = [s["weight"] for s in editor.data["pillars"][2]["subpillars"]]
    assert abs(sum(weights) - 100) < 1e-9
    assert editor.sub_weight.value == "33,33"  # Dutch number format


def test_a_real_mistake_is_an_error_and_points_at_the_field(app):
    editor = app.editor
    editor.pillar_weight.value = "veel"
    status = app.problems.status.value
    assert "Nog te verbeteren (1):" in status and "mm-msg-error" in status
    assert INVALID in editor.pillar_weight._dom_classes
    assert editor.pillars.list.options[0][0].endswith("⚠")
    app.lang_switch.value = "en"
    assert "1 thing(s) still to fix" in app.problems.status.value
    editor.pillar_weight.value = "20"
    assert "All fine" in app.problems.status.value


def test_an_emptied_name_is_to_fill_in_translated(app):
    editor = app.editor
    editor.subs.list.value = 1
    editor.sub_name_nl.value = ""
    status = app.problems.status.value
    assert "pijler &#x27;Gezinsstabiliteit&#x27; › onderdeel &#x27;Family and caring for others&#x27;: de naam in het Nederlands" in status
    assert TODO in editor.sub_name_nl._dom_classes and TODO not in editor.sub_name_en._dom_classes
    app.lang_switch.value = "en"
    assert "the name in Dutch" in app.problems.status.value and "Still to fill in" in app.problems.status.value
    assert editor.sub_name_nl.description == "Name (NL)"
    editor.sub_name_nl.value = "Zorgen"
    assert "All fine" in app.problems.status.value


def test_an_emptied_english_name_is_still_to_translate_not_in_the_way(app):
    editor = app.editor
    editor.subs.list.value = 1
    editor.sub_name_en.value = ""
    status = app.problems.status.value
    assert "In orde" in status and "Nog te vertalen (mag later)" in status
    assert "onderdeel &#x27;Gezin en zorg voor anderen&#x27;: de naam in het Engels" in status
    assert TODO not in editor.sub_name_en._dom_classes
    assert editor.sub_name_en.placeholder == "nog te vertalen (mag leeg blijven)"
    assert app.lang_note.value == ""  # the Dutch view needs no note
    app.lang_switch.value = "en"
    # the English view shows the Dutch name, and says why
    assert editor.subs.list.options[1][0] == "Gezin en zorg voor anderen"
    assert "the Dutch text is shown" in app.lang_note.value
    assert "Gezin en zorg voor anderen" in figure_text(app.preview.bridge)
    app.lang_switch.value = "nl"
    app.savebar.name.value = "nederlands"
    app.savebar.save.click()
    assert "Bewaard als brug in het Nederlands. Nog te vertalen in het Engels: 1." in app.savebar.status.value
    saved = load_definition(app.own_dir / "nederlands.yaml")
    assert saved.languages == ("nl",) and saved.subpillar("care").name.get("en") == "Gezin en zorg voor anderen"


def test_palette_colours_and_a_warning_for_a_hard_to_read_own_colour(app):
    editor = app.editor
    shown = [label for label, _ in editor.pillar_palette.options]
    assert "blauw" in shown and not any("#" in label for label in shown)
    assert editor.pillar_palette.value == "custom"  # the default bridge's own colours
    assert "moeilijk te lezen (contrast 2,2, nodig is minstens 4,5)" not in editor.colour_note.value  # blue: 5,1
    editor.pillar_palette.value = "#2e7050"
    assert editor.data["pillars"][0]["colour"] == "#2e7050" and editor.colour_note.value == ""
    assert editor.colour_fix.layout.display == "none"
    editor.pillar_colour.value = "#808080"  # a middle grey: neither white nor dark text reads well
    assert "moeilijk te lezen (contrast 3,9, nodig is minstens 4,5)" in editor.colour_note.value
    for light in ("#ffffff", "#f0f0f0", "#ffee58"):  # the steps would vanish against the white page
        editor.pillar_colour.value = light
        assert "Te licht: de treden vallen weg tegen de witte achtergrond" in editor.colour_note.value
        assert editor.colour_fix.layout.display is None and editor.colour_fix.description == "Gebruik deze donkerdere kleur"
        assert "#" not in editor.colour_note.value  # words, not codes
    suggestion = editor.colour_fix.style.button_color
    editor.colour_fix.click()
    assert editor.data["pillars"][0]["colour"] == suggestion and editor.colour_note.value == ""
    assert editor.colour_fix.layout.display == "none" and editor.pillar_colour.value == suggestion


def test_ids_and_file_details_are_behind_advanced(app):
    editor = app.editor
    for box in (editor.def_advanced, editor.pillar_advanced, editor.sub_advanced, app.savebar.advanced):
        assert box.selected_index is None and box.titles[0] == "Geavanceerd"
    inner = editor.sub_advanced.children[0].children
    assert editor.sub_id in inner and editor.pillar_colour in editor.pillar_advanced.children[0].children
    assert ".yaml" not in app.savebar.suffix.value and str(app.own_dir) not in app.savebar.where.value
    assert str(app.own_dir) in app.savebar.details.value
    assert all(".yaml" not in label for label, _ in app.open_choice.options)
    assert editor.pillars.remove.description == "Weg" and editor.pillars.up.description == "Omhoog"


def test_go_to_the_first_problem_selects_it(app):
    editor = app.editor
    editor.pillars.list.value = 4
    editor.subs.list.value = 1
    editor.steps.list.value = 3
    editor.step_text_nl.value = "   "
    editor.pillars.list.value = 0
    assert editor.selection == (0, 0, 0)
    assert app.problems.goto.layout.display is None
    app.problems.goto.click()
    assert editor.selection == (4, 1, 3)
    assert TODO in editor.step_text_nl._dom_classes  # an empty text: still to fill in


def test_numbers_typed_wrong_are_named_by_validation(app):
    editor = app.editor
    editor.pillar_weight.value = "veel"
    assert "hier hoort een getal, niet &#x27;veel&#x27;" in app.problems.status.value
    editor.pillar_weight.value = "20"
    editor.def_version.value = "twee"
    assert "versie: hier hoort een heel getal" in app.problems.status.value
    editor.def_version.value = "2"
    assert app.editor.data["version"] == 2 and "In orde" in app.problems.status.value


def test_remove_reorder_and_impossible_edits_show_messages(app):
    editor = app.editor
    editor.steps.list.value = 4
    editor.steps.up.click()
    assert editor.selection == (0, 0, 3)
    assert editor.steps.list.options[3][0] == "4. Veilig en betaalbaar"
    for _ in range(3):
        editor.steps.remove.click()
    assert len(editor.data["pillars"][0]["subpillars"][0]["steps"]) == 2
    editor.steps.remove.click()  # a sub-pillar needs at least two steps: refused with a message
    assert len(editor.data["pillars"][0]["subpillars"][0]["steps"]) == 2
    assert "minstens 2 treden" in app.messages.value
    for _ in range(4):
        editor.pillars.remove.click()
    editor.pillars.remove.click()
    assert len(editor.data["pillars"]) == 1 and "laatste pijler" in app.messages.value


def test_move_subpillar_to_another_pillar(app):
    editor = app.editor
    editor.pillars.list.value = 2
    editor.subs.list.value = 0  # Schulden
    editor.sub_move_to.value = 0
    editor.sub_move.click()
    assert editor.selection == (0, 2, 0)
    assert [s["id"] for s in editor.data["pillars"][0]["subpillars"]] == ["housing", "care", "debts"]
    assert "gewichten tellen op tot 150" in app.problems.status.value


def test_suggestion_rules_are_shown_and_can_be_removed(app):
    app.open_choice.value = "gemeente-schulden@1"
    editor = app.editor
    editor.pillars.list.value = 2
    assert "Voorstel uit cijfers: fase van schuldhulp (5 regels)" in editor.sub_rules.value
    editor.steps.list.value = 4
    editor.steps.remove.click()  # schuldenvrij (5) gone: the rule for step 5 points nowhere
    assert "trede 5 bestaat hier niet" in app.problems.status.value
    assert INVALID in editor.sub_rules._dom_classes
    editor.sub_rules_remove.click()
    assert "suggest" not in editor.data["pillars"][2]["subpillars"][0]
    assert "In orde" in app.problems.status.value


def test_user_text_is_escaped_everywhere(app):
    editor = app.editor
    editor.pillar_name_nl.value = XSS
    editor.subs.list.value = 0
    editor.sub_name_en.value = ""  # a problem whose message names the pillar
    assert XSS not in app.problems.status.value and "&lt;img" in app.problems.status.value
    editor.sub_name_en.value = "Housing"
    assert XSS not in figure_text(app.preview.bridge)
    app.tabs.selected_index = 1
    assert XSS not in app.compare.table.value and "&lt;img" in app.compare.table.value


def test_a_crash_in_a_callback_becomes_a_calm_message(app, monkeypatch):
    import mmwidgets.apps.adapt as module

    def boom(_data):
        raise RuntimeError("kapot")

    monkeypatch.setattr(module.edit, "validate", boom)
    app.editor.def_name_nl.value = "Iets anders"  # must not raise
    assert "Er ging iets mis" in app.messages.value and "kapot" not in app.messages.value


# -- saving ---------------------------------------------------------------------------------------------
def test_the_file_name_follows_the_bridge_name_and_hides_under_advanced(app):
    assert app.savebar.name in app.savebar.advanced.children[0].children  # a tool word: behind Geavanceerd
    app.editor.def_name_nl.value = "Brug Alphen (proef)"
    assert app.savebar.name.value == "brug-alphen-proef"
    app.savebar.name.value = "eigen-naam"  # typed by hand: it stays
    app.editor.def_name_nl.value = "Brug Alphen"
    assert app.savebar.name.value == "eigen-naam"
    assert all("(v1)" not in label and "@" not in label for label, _ in app.open_choice.options)


def test_the_not_saved_line_goes_once_everything_is_filled_in(app):
    editor = app.editor
    editor.def_name_nl.value = ""
    app.savebar.save.click()
    assert "Nog niet bewaard" in app.savebar.status.value
    editor.def_name_nl.value = "Brug Alphen"
    assert "Nog niet bewaard" not in app.savebar.status.value


def test_clicking_the_chosen_row_again_opens_its_form(app):
    editor = app.editor
    editor.steps.list.value = 2
    assert editor.forms.selected_index == 2
    editor.forms.selected_index = 0  # the designer looked at the pillar form
    editor.steps.list.click(2)  # the highlighted step, clicked again
    assert editor.forms.selected_index == 2 and editor.selection[2] == 2
    editor.subs.list.click(editor.selection[1])
    assert editor.forms.selected_index == 1
    rows = editor.steps.list.children
    assert "mm-adapt-row-selected" in rows[2]._dom_classes and "mm-adapt-row-selected" not in rows[0]._dom_classes



def test_save_reload_and_overwrite_asks_first(app, own):
    editor = app.editor
    editor.def_name_nl.value = "Brug Alphen"
    editor.steps.list.value = 2
    editor.step_label_nl.value = "Dak boven je hoofd"
    app.savebar.name.value = "brug-alphen"
    app.savebar.save.click()
    path = own / "brug-alphen.yaml"
    assert path.is_file()
    assert "Bewaard: &#x27;Brug Alphen&#x27;" in app.savebar.status.value
    assert ".yaml" not in app.savebar.status.value and "brug-alphen.yaml" in app.savebar.details.value
    saved = load_definition(path)
    assert saved.key == "mm-standaard-eigen@1" and saved.name.nl == "Brug Alphen"
    assert saved.subpillar("housing").steps[2].label.nl == "Dak boven je hoofd"
    assert "mm-standaard-eigen@1" in [k for _, k in app.open_choice.options]
    assert app.open_choice.value == "mm-standaard-eigen@1"

    # saving again under the same name asks first; nothing changes until "Ja, overschrijven"
    before = path.read_text(encoding="utf-8")
    editor.def_name_nl.value = "Brug Alphen 2"
    app.savebar.save.click()
    assert app.savebar.overwrite.layout.display is None
    assert app.savebar.overwrite.description == "Ja, overschrijven"
    assert "Er is al een eigen brug met de naam Brug Alphen." in app.savebar.status.value
    assert path.read_text(encoding="utf-8") == before
    app.savebar.overwrite.click()
    assert load_definition(path).name.nl == "Brug Alphen 2"
    assert app.savebar.overwrite.layout.display == "none"

    # reload: a new workbook opens the saved file as the team's own, with the edits
    again = adapt_app(lang="nl", definitions_dir=own)
    again.open_choice.value = "mm-standaard-eigen@1"
    assert again.editor.data["id"] == "mm-standaard-eigen"  # an own file keeps its id
    assert again.savebar.name.value == "brug-alphen"
    assert again.editor.def_name_nl.value == "Brug Alphen 2"
    again.editor.steps.list.value = 2
    assert again.editor.step_label_nl.value == "Dak boven je hoofd"


def test_changing_the_name_cancels_the_question(app, own):
    app.savebar.name.value = "een"
    app.savebar.save.click()
    app.savebar.save.click()
    assert app.savebar.overwrite.layout.display is None
    app.savebar.name.value = "twee"
    assert app.savebar.overwrite.layout.display == "none"
    app.savebar.overwrite.click()  # a stale confirmation does nothing
    assert not (own / "twee.yaml").exists()


@pytest.mark.parametrize("name", ["../buiten", "map/brug", "/tmp/x", "..", "Met Spaties", ""])
def test_bad_file_names_are_refused(app, own, name):
    app.savebar.name.value = name
    app.savebar.save.click()
    assert "kleine letters" in app.savebar.status.value
    assert list(own.parent.rglob("*.yaml")) == []


def test_shipped_id_and_taken_id_are_refused(app, own):
    bridges_before = sorted(p.name for p in (shipped_data_dir() / "bridges").iterdir())
    app.editor.def_id.value = "mm-standaard"
    app.savebar.save.click()
    assert "meegeleverde brug" in app.savebar.status.value
    assert list(own.glob("*.yaml")) == []
    app.editor.def_id.value = "mijn-brug"
    app.savebar.name.value = "eerste"
    app.savebar.save.click()
    app.savebar.name.value = "tweede"
    app.savebar.save.click()
    assert "er is al een eigen brug &#x27;mijn-brug@1&#x27; in het bestand eerste.yaml" in app.savebar.status.value
    assert sorted(p.name for p in own.glob("*.yaml")) == ["eerste.yaml"]
    assert sorted(p.name for p in (shipped_data_dir() / "bridges").iterdir()) == bridges_before


def test_invalid_definition_is_not_saved(app, own):
    app.editor.def_name_nl.value = ""
    app.savebar.save.click()
    assert "Nog niet bewaard: vul eerst alles in" in app.savebar.status.value
    assert list(own.glob("*.yaml")) == []


def test_saved_definition_can_be_chosen_in_the_conversation_workbook(app, own, tmp_path, monkeypatch):
    from mmwidgets.apps.conversation import conversation_app
    from mmwidgets.store.store import Store

    app.editor.def_id.value = "gemeente-test"
    app.editor.def_name_nl.value = "Testbrug gemeente"
    app.editor.pillars.list.value = 2
    app.editor.subs.add.click()
    fill_new_subpillar(app.editor, "Toeslagen", "Allowances")
    app.editor.sub_spread.click()
    app.savebar.name.value = "testbrug"
    app.savebar.save.click()
    library = DefinitionLibrary([shipped_bridges_dir(), own])
    convo = conversation_app(Store("sqlite:///" + str(tmp_path / "t.db")), "nl", library)
    keys = [key for _, key in convo.definition_choice.options]
    assert "gemeente-test@1" in keys
    convo.definition_choice.value = "gemeente-test@1"
    assert convo.definition.key == "gemeente-test@1"
    assert len(convo.definition.subpillar_ids()) == 11


# -- compare --------------------------------------------------------------------------------------------
def test_compare_the_edited_bridge_with_the_original(app):
    app.editor.steps.list.value = 1
    app.editor.step_label_nl.value = "Huis in gevaar"
    app.tabs.selected_index = 1
    compare = app.compare
    assert compare.choice_a.value == "mm-standaard@1" and compare.choice_b.value == EDITING
    table = compare.table.value
    assert "Gezinsstabiliteit › Wonen › trede 2" in table
    assert "anders verwoord: korte naam (nl)" in table and "Woning in gevaar" in table and "Huis in gevaar" in table
    assert len(rung_traces(compare.view_a)) == 10 and len(rung_traces(compare.view_b)) == 10
    # live while the compare tab is open
    app.editor.step_label_nl.value = "Huis in nood"
    assert "Huis in nood" in compare.table.value
    compare.choice_b.value = "mm-eenvoudig@1"
    assert "verwijderd" in compare.table.value and len(rung_traces(compare.view_b)) == 8
    app.lang_switch.value = "en"
    assert "removed" in compare.table.value and "Where" in compare.table.value


# -- broken files in the team's folder: listed, never a crash --------------------------------------------------
def test_broken_definitions_are_listed_with_messages_and_the_workbook_still_works(own):
    for path in BROKEN_DEFINITIONS.glob("*.yaml"):
        shutil.copy(path, own / path.name)
    (own / "huge.yaml").write_text("id: huge\n# " + "x" * 1_100_000 + "\n", encoding="utf-8")
    (own / "deep.yaml").write_text("id: " + "[" * 80 + "]" * 80 + "\n", encoding="utf-8")
    weights = yaml.safe_load((REPO / "data" / "bridges" / "default.yaml").read_text(encoding="utf-8"))
    weights["id"] = "gewichten"
    weights["pillars"][0]["weight"] = 35
    (own / "gewichten.yaml").write_text(yaml.safe_dump(weights, allow_unicode=True), encoding="utf-8")
    count = len(list(own.glob("*.yaml")))

    app = adapt_app(lang="nl", definitions_dir=own)
    refused = app.refused.value
    assert f"Bestanden met een brug die niet geladen konden worden ({count})" in refused
    for path in own.glob("*.yaml"):
        assert html_escaped(path.name) in refused
    assert "het bestand is te groot" in refused and "te diep genest" in refused
    assert "de gewichten tellen op tot 115, dat moet 100 zijn" in refused
    assert "val." not in refused
    assert [key for _, key in app.open_choice.options] == ["mm-standaard@1", "mm-eenvoudig@1", "gemeente-schulden@1"]
    app.lang_switch.value = "en"
    assert "bridge file(s) could not be loaded" in app.refused.value and "the file is too big" in app.refused.value
    app.editor.def_name_nl.value = "Nog steeds bruikbaar"
    assert "All fine" in app.problems.status.value


def html_escaped(text: str) -> str:
    import html

    return html.escape(text)


def test_nothing_to_open_is_said_not_crashed(tmp_path, monkeypatch):
    empty = tmp_path / "leeg"
    empty.mkdir()
    app = AdaptApp(DefinitionLibrary([empty]), tmp_path / "eigen", "en")
    assert "There is no bridge that can be opened." in app.messages.value
    app.savebar.save.click()  # nothing loaded: a calm message, no exception
    assert app.savebar.status.value or app.messages.value
