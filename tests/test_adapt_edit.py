"""Editing definitions as plain data, validation messages that point at the field, and saving."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest
import yaml

from mmwidgets.model.bridge import edit
from mmwidgets.model.assessment import InvalidInput
from mmwidgets.model.bridge.definition import MAX_STEPS, definition_to_data, load_definition
from mmwidgets.model.bridge.files import shipped_data_dir

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture()
def data():
    return definition_to_data(load_definition(REPO / "data" / "bridges" / "default.yaml"))


def test_operations_never_change_their_input(data):
    before = copy.deepcopy(data)
    edit.rename_step(data, 0, 0, 0, "nl", "Anders")
    edit.add_pillar(data)
    edit.remove_subpillar(data, 0, 1)
    edit.move_step(data, 0, 0, 0, 1)
    edit.spread_weights(data, 0)
    assert data == before


def test_only_the_edited_path_is_copied(data):
    new = edit.rename_step(data, 0, 0, 0, "nl", "Anders")
    assert new["pillars"][1] is data["pillars"][1]  # untouched pillars are shared
    assert new["pillars"][0]["subpillars"][1] is data["pillars"][0]["subpillars"][1]
    assert new["pillars"][0]["subpillars"][0]["steps"][0]["label"] == {"nl": "Anders", "en": "No place of your own"}


def test_add_pillar_and_subpillar_give_unique_ids_and_both_languages(data):
    new, index = edit.add_pillar(data)
    assert index == 5
    pillar = new["pillars"][5]
    assert pillar["id"] == "pijler" and pillar["name"] == {"nl": "", "en": ""}  # to fill in
    assert pillar["colour"].startswith("#") and pillar["subpillars"][0]["id"] == "onderdeel"
    new, sub = edit.add_subpillar(new, 5)
    assert new["pillars"][5]["subpillars"][sub]["id"] == "onderdeel-2"
    steps = new["pillars"][5]["subpillars"][sub]["steps"]
    assert [s["label"]["nl"] for s in steps] == ["Trede 1", "Trede 2", "Trede 3", "Trede 4", "Trede 5"]
    assert steps[0]["label"]["en"] == "Step 1"
    assert all(s["text"] == {"nl": "", "en": ""} for s in steps)
    # the empty texts are still to fill in (not errors), and the definition is not valid
    check = edit.validate(new)
    assert not check.ok and check.todo and not check.errors
    new = edit.with_placeholders(new, check.todo)
    # weights: the pillars had weights, the new one has none -> an equal share (the placeholder says so)
    check = edit.validate(new)
    assert check.ok
    assert [p.weight for p in check.definition.pillars] == [16.67] * 5 + [16.65]
    assert edit.validate(edit.spread_weights(new)).ok


def test_remove_and_move(data):
    new = edit.remove_step(data, 0, 0, 4)
    assert len(new["pillars"][0]["subpillars"][0]["steps"]) == 4
    new, at = edit.move_subpillar(data, 0, 0, 1)
    assert at == 1 and [s["id"] for s in new["pillars"][0]["subpillars"]] == ["care", "housing"]
    same, at = edit.move_subpillar(data, 0, 0, -1)  # already first: nothing changes
    assert same is data and at == 0
    new, at = edit.move_step(data, 1, 0, 0, 10)
    assert at == 4 and new["pillars"][1]["subpillars"][0]["steps"][4]["label"]["nl"] == "Acute nood"


def test_impossible_edits_are_refused_with_a_message(data):
    single = edit.set_at(data, ("pillars",), data["pillars"][:1])
    with pytest.raises(InvalidInput) as info:
        edit.remove_pillar(single, 0)
    assert "laatste pijler" in info.value.message("nl") and "last pillar" in info.value.message("en")
    one_sub = edit.remove_subpillar(data, 0, 0)
    with pytest.raises(InvalidInput):
        edit.remove_subpillar(one_sub, 0, 0)
    two_steps = edit.remove_step(edit.remove_step(edit.remove_step(data, 0, 0, 0), 0, 0, 0), 0, 0, 0)
    with pytest.raises(InvalidInput) as info:
        edit.remove_step(two_steps, 0, 0, 0)
    assert "minstens 2 treden" in info.value.message("nl")
    ten = data
    for _ in range(MAX_STEPS - 5):
        ten, _ = edit.add_step(ten, 0, 0)
    with pytest.raises(InvalidInput) as info:
        edit.add_step(ten, 0, 0)
    assert "at most 10 steps" in info.value.message("en")


def test_validation_messages_name_the_place_as_the_user_sees_it(data):
    broken = edit.rename_subpillar(data, 2, 0, "nl", "")
    broken = edit.set_field(broken, ("pillars", 3, "subpillars", 1, "weight"), 70)
    check = edit.validate(broken)
    assert not check.ok
    nl = check.messages(broken, "nl")
    assert "pijler 'Financieel beheer' › onderdeel 'Debts' › naam (nl): deze tekst is leeg" in nl
    assert "pijler 'Opleiding en ontwikkeling' › onderdelen: de gewichten tellen op tot 120, dat moet 100 zijn" in nl
    en = check.messages(broken, "en")
    assert "pillar 'Financial management' › sub-pillar 'Debts' › name (nl): this text is empty" in en
    targets = [edit.problem_target(p.location) for p in check.problems]
    assert (2, 0, None, "name.nl") in targets and (3, None, None, "subpillars") in targets
    # an empty English name is no problem in the workbook: it is listed as still to translate
    dutch_only = edit.validate(edit.rename_subpillar(data, 2, 0, "en", ""))
    assert dutch_only.ok and dutch_only.definition.languages == ("nl",)
    assert [p.location for p in dutch_only.untranslated] == ["pillars[2].subpillars[0].name.en"]
    assert dutch_only.definition.subpillar("debts").name.get("en") == "Schulden"  # the Dutch text stands in
    # a file that says it carries English is refused without it (the command line, the conversation)
    assert not edit.validate(edit.rename_subpillar(data, 2, 0, "en", ""), languages=None).ok


def test_problem_locations_for_steps_and_rules():
    assert edit.problem_target("pillars[3].subpillars[1].steps[4].text.nl") == (3, 1, 4, "text.nl")
    assert edit.problem_target("pillars[2].subpillars[0].suggest.rules[1].step") == (2, 0, None, "suggest.rules.1.step")
    assert edit.problem_target("") == (None, None, None, "")
    assert edit.describe_location({}, "", "nl") == "het bestand"
    assert edit.describe_location({}, "pillars[9].colour", "en") == "pillar '#10' › colour"


def test_spread_weights_add_up_exactly(data):
    new, _ = edit.add_pillar(data)
    new, _ = edit.add_pillar(new)
    new = edit.with_placeholders(new, edit.validate(new).todo)
    spread = edit.spread_weights(new)
    weights = [p["weight"] for p in spread["pillars"]]
    assert len(weights) == 7 and abs(sum(weights) - 100) < 1e-9
    assert edit.validate(spread).ok
    cleared = edit.clear_weights(spread)
    assert all("weight" not in p for p in cleared["pillars"]) and edit.validate(cleared).ok


def test_set_field_empty_weight_or_icon_removes_it(data):
    new = edit.set_field(data, ("pillars", 0, "subpillars", 0, "steps", 0, "icon"), "🏠")
    assert new["pillars"][0]["subpillars"][0]["steps"][0]["icon"] == "🏠"
    new = edit.set_field(new, ("pillars", 0, "subpillars", 0, "steps", 0, "icon"), " ")
    assert "icon" not in new["pillars"][0]["subpillars"][0]["steps"][0]


def test_editable_copy_gets_a_new_id(data):
    default = load_definition(REPO / "data" / "bridges" / "default.yaml")
    copy1 = edit.editable_copy(default, {"mm-standaard@1"})
    assert copy1["id"] == "mm-standaard-eigen"
    copy2 = edit.editable_copy(default, {"mm-standaard@1", "mm-standaard-eigen@1"})
    assert copy2["id"] == "mm-standaard-eigen-2"
    assert edit.validate(copy1).ok


# -- saving -----------------------------------------------------------------------------------
def test_save_writes_readable_yaml_atomically(tmp_path, data):
    defn = edit.validate(edit.rename_step(data, 0, 0, 0, "nl", "Geen dak ☂ boven je hoofd")).definition
    path = edit.save_definition(defn, tmp_path, "mijn-brug")
    assert path == (tmp_path / "mijn-brug.yaml").resolve()
    text = path.read_text(encoding="utf-8")
    assert "Geen dak ☂ boven je hoofd" in text  # unicode kept, not escaped
    assert text.index("id:") < text.index("pillars:")  # field order kept
    assert load_definition(path) == defn
    assert [p.name for p in tmp_path.iterdir()] == ["mijn-brug.yaml"]  # no temp file left


def test_save_over_own_file_needs_confirmation(tmp_path, data):
    defn = edit.validate(data).definition
    edit.save_definition(defn, tmp_path, "brug.yaml")
    before = (tmp_path / "brug.yaml").read_text(encoding="utf-8")
    changed = edit.validate(edit.rename_pillar(data, 0, "nl", "Thuis")).definition
    with pytest.raises(edit.NeedsConfirmation) as info:
        edit.save_definition(changed, tmp_path, "brug")
    assert info.value.path.name == "brug.yaml"
    assert (tmp_path / "brug.yaml").read_text(encoding="utf-8") == before
    edit.save_definition(changed, tmp_path, "brug", overwrite=True)
    assert load_definition(tmp_path / "brug.yaml").pillars[0].name.nl == "Thuis"


@pytest.mark.parametrize(
    "name", ["../buiten", "map/brug", "/etc/passwd", "..", ".verborgen", "", "Brug Met Spaties", "a" * 80,
             "brug.yml", "c:\\brug", "brug\x00"],
)
def test_names_that_would_escape_the_folder_are_refused(tmp_path, data, name):
    defn = edit.validate(data).definition
    folder = tmp_path / "definitions"
    folder.mkdir()
    with pytest.raises(InvalidInput) as info:
        edit.save_definition(defn, folder, name)
    assert "kleine letters" in info.value.message("nl") and "lower-case" in info.value.message("en")
    assert list(tmp_path.rglob("*.yaml")) == []


def test_never_writes_into_the_shipped_folder(data):
    defn = edit.validate(data).definition
    before = sorted(os.listdir(shipped_data_dir() / "bridges"))
    with pytest.raises(InvalidInput):
        edit.save_definition(defn, shipped_data_dir() / "bridges", "kopie")
    with pytest.raises(InvalidInput):
        edit.save_definition(defn, shipped_data_dir(), "kopie")
    assert sorted(os.listdir(shipped_data_dir() / "bridges")) == before


def test_a_failed_write_leaves_the_old_file(tmp_path, data, monkeypatch):
    defn = edit.validate(data).definition
    edit.save_definition(defn, tmp_path, "brug")
    before = (tmp_path / "brug.yaml").read_bytes()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(edit.os, "replace", broken_replace)
    with pytest.raises(OSError):
        edit.save_definition(defn, tmp_path, "brug", overwrite=True)
    assert (tmp_path / "brug.yaml").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["brug.yaml"]


def test_saved_file_keeps_suggest_rules(tmp_path):
    gemeente = load_definition(REPO / "data" / "bridges" / "gemeente-schulden.yaml")
    path = edit.save_definition(gemeente, tmp_path, "gemeente-kopie")
    again = load_definition(path)
    assert again == gemeente
    assert again.subpillar("inkomen").suggest.norm == "sociaal-minimum"
    assert "context_steps" not in path.read_text(encoding="utf-8")
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["id"] == "gemeente-schulden"
