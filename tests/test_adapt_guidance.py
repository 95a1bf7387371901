"""The designer's afternoon, in the model: a new part lists what is still to fill in (not an
error), an empty step text is never "in orde", ids follow the names, the palette has enough
contrast, a renamed id is a rename, and step rules round-trip with the file's messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from mmwidgets.model.bridge import edit
from mmwidgets.model.bridge.definition import definition_from_data, definition_to_data, load_definition
from mmwidgets.model.bridge.diff import diff_definitions, format_table
from mmwidgets.model.bridge.files import DataFileError
from mmwidgets.model.bridge.palette import (
    AA_NORMAL, PALETTE, TEXT_ON_COLOUR, colour_warning, contrast_ratio, next_colour, palette_key, readable,
)

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture()
def data():
    return definition_to_data(load_definition(REPO / "data" / "bridges" / "default.yaml"))


def fill_steps(d, p, s, text="Iets"):
    for n in range(len(d["pillars"][p]["subpillars"][s]["steps"])):
        for lang in ("nl", "en"):
            d = edit.set_text(d, edit.step_path(p, s, n) + ("text",), lang, f"{text} {n + 1}")
    return d


# -- guidance, not scolding --------------------------------------------------------------------
def test_new_subpillar_lists_what_is_still_to_fill_in_calmly(data):
    d, s = edit.add_subpillar(data, 0)
    result = edit.validate(d)
    assert not result.ok and not result.errors  # nothing wrong yet, only things to fill in
    assert edit.todo_lines(d, result.todo, "nl") == [
        "pijler 'Gezinsstabiliteit' › nieuw onderdeel: de naam in het Nederlands; "
        "de tekst van trede 1, 2, 3, 4 en 5 in het Nederlands"
    ]
    d = edit.set_text(d, edit.subpillar_path(0, s) + ("name",), "nl", "Kinderopvang")
    d = fill_steps(d, 0, s)
    d = edit.set_text(d, edit.step_path(0, s, 1) + ("text",), "nl", "   ")  # spaces only: still empty
    result = edit.validate(d)
    assert edit.todo_lines(d, result.todo, "nl") == [
        "pijler 'Gezinsstabiliteit' › onderdeel 'Kinderopvang': de tekst van trede 2 in het Nederlands"
    ]
    assert edit.todo_lines(d, result.todo, "en")[0].endswith("the text of step 2 in Dutch")


def test_a_dutch_only_variant_saves_and_lists_what_is_still_to_translate(data, tmp_path):
    d, s = edit.add_subpillar(data, 0)
    d = edit.set_text(d, edit.subpillar_path(0, s) + ("name",), "nl", "Digitale vaardigheden")
    d = edit.set_text(d, edit.subpillar_path(0, s) + ("question",), "nl", "Hoe gaat het met de computer?")
    for n in range(5):
        d = edit.set_text(d, edit.step_path(0, s, n) + ("text",), "nl", f"Digitaal {n + 1}.")
    d = edit.spread_weights(d, 0)
    result = edit.validate(d)
    assert result.ok and result.todo == () and result.definition.languages == ("nl",)
    assert edit.todo_lines(d, result.untranslated, "nl") == [
        "pijler 'Gezinsstabiliteit' › onderdeel 'Digitale vaardigheden': de naam in het Engels; "
        "de vraag in het Engels; de tekst van trede 1, 2, 3, 4 en 5 in het Engels"
    ]
    sub = result.definition.subpillar(d["pillars"][0]["subpillars"][s]["id"])
    assert sub.name.get("en") == "Digitale vaardigheden" and not sub.name.has("en")  # Dutch stands in
    path = edit.save_definition(result.definition, tmp_path, "digitaal")
    saved = load_definition(path)  # the file says it carries Dutch only, and loads as such
    assert saved.languages == ("nl",) and "languages:\n- nl\n" in path.read_text(encoding="utf-8")
    # translated in full: the file says it carries both
    for n in range(5):
        d = edit.set_text(d, edit.step_path(0, s, n) + ("text",), "en", f"Digital {n + 1}.")
    d = edit.set_text(d, edit.subpillar_path(0, s) + ("name",), "en", "Digital skills")
    d = edit.set_text(d, edit.subpillar_path(0, s) + ("question",), "en", "How is the computer going?")
    full = edit.validate(d)
    assert full.ok and full.untranslated == () and full.definition.languages == ("nl", "en")


def test_a_file_that_promises_english_is_refused_without_it(data, tmp_path):
    d = edit.set_text(data, edit.step_path(1, 0, 2) + ("text",), "en", "")
    assert edit.validate(d).ok  # the workbook: still to translate
    with pytest.raises(DataFileError) as caught:
        definition_from_data(d, "x.yaml")  # no "languages": Dutch and English
    assert any("steps[2].text.en: deze tekst is leeg" in line for line in caught.value.messages("nl"))
    d.pop("languages", None)
    d["pillars"][1]["subpillars"][0]["steps"][2]["text"].pop("en")
    with pytest.raises(DataFileError) as caught:
        definition_from_data({**d, "languages": ["nl", "en"]}, "x.yaml")
    assert any("steps[2].text.en: de Engelse tekst ontbreekt" in line for line in caught.value.messages("nl"))
    assert definition_from_data({**d, "languages": ["nl"]}, "x.yaml").languages == ("nl",)


def test_preview_draws_dots_where_text_is_still_to_come_but_not_with_real_errors(data):
    d, s = edit.add_subpillar(data, 0)  # pillar 0 has sub-pillar weights: one more to weigh
    preview = edit.preview_definition(d)
    assert preview is not None and preview.pillars[0].subpillars[s].steps[0].text.nl == "…"
    wrong = edit.set_field(d, ("pillars", 0, "colour"), "blauw")
    assert edit.preview_definition(wrong) is None
    assert [p.code for p in edit.validate(wrong).errors] == ["pyd_pattern_colour"]


def test_an_empty_weight_is_an_equal_share(data):
    d, s = edit.add_subpillar(data, 0)
    d = edit.set_text(d, edit.subpillar_path(0, s) + ("name",), "nl", "Kinderopvang")
    d = edit.set_text(d, edit.subpillar_path(0, s) + ("name",), "en", "Childcare")
    d = fill_steps(d, 0, s)
    result = edit.validate(d)
    assert result.ok and not result.todo  # an empty weight is an equal share: 1 of 3
    pillar = result.definition.pillars[0]
    assert [round(pillar.subpillar_share(x.id) * 100, 2) for x in pillar.subpillars] == [33.33, 33.33, 33.34]
    # the others keep their proportions in the rest: 60/40 and an empty one
    d = edit.set_field(d, ("pillars", 0, "subpillars", 0, "weight"), 60)
    d = edit.set_field(d, ("pillars", 0, "subpillars", 1, "weight"), 40)
    shares = [x.weight for x in edit.validate(d).definition.pillars[0].subpillars]
    assert s == 2 and shares == [40.0, 26.67, 33.33]
    assert edit.validate(edit.spread_weights(d, 0)).ok


# -- ids follow names ----------------------------------------------------------------------------
def test_new_ids_follow_the_dutch_name_but_opened_and_typed_ids_stay(data):
    fixed = edit.all_ids(data)
    d, s = edit.add_subpillar(data, 2)
    path = edit.subpillar_path(2, s)
    assert edit.get_at(d, path + ("id",)) == "onderdeel"
    d = edit.follow_name(edit.set_text(d, path + ("name",), "nl", "Toeslagen & crèche"), path, fixed)
    assert edit.get_at(d, path + ("id",)) == "toeslagen-creche"
    d = edit.follow_name(edit.set_text(d, path + ("name",), "nl", "Schulden"), path, fixed)
    assert edit.get_at(d, path + ("id",)) == "schulden"  # not taken: debts is the existing id
    d = edit.follow_name(edit.set_text(d, path + ("name",), "nl", "Debts"), path, fixed)
    assert edit.get_at(d, path + ("id",)) == "debts-2"  # an existing id is never reused
    # an existing part keeps its id when renamed (assessments refer to it)
    d = edit.follow_name(edit.rename_subpillar(d, 0, 0, "nl", "Woning"), edit.subpillar_path(0, 0), fixed)
    assert edit.get_at(d, edit.subpillar_path(0, 0) + ("id",)) == "housing"
    assert edit.slug("Financiën  en   werk!") == "financien-en-werk"


# -- colours ---------------------------------------------------------------------------------------
def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the famous just-fails grey
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_every_palette_colour_meets_aa_for_the_text_on_it_and_they_differ():
    assert len(PALETTE) >= 6 and len({c.hex for c in PALETTE}) == len(PALETTE)
    for colour in PALETTE:
        assert contrast_ratio(colour.hex, TEXT_ON_COLOUR) >= AA_NORMAL, colour
        assert readable(colour.hex) and colour_warning(colour.hex) is None
        assert palette_key(colour.hex.upper()) == colour.key


def test_a_hard_to_read_custom_colour_gets_a_warning_in_dutch_numbers():
    warning = colour_warning("#808080")  # a middle grey: neither white (3,9) nor dark text (3,8) reads well
    assert warning == {"ratio": "3,9", "needed": "4,5"}
    assert palette_key("#E69F00") is None and not readable("#E69F00")  # white text on orange would not do
    assert colour_warning("not a colour") is None  # validation names that one


def test_new_pillars_take_unused_palette_colours(data):
    d, p = edit.add_pillar(data)
    first = d["pillars"][p]["colour"]
    d, q = edit.add_pillar(d)
    assert first in {c.hex for c in PALETTE} and d["pillars"][q]["colour"] != first
    assert next_colour({c.hex for c in PALETTE}) in {c.hex for c in PALETTE}


# -- renamed ids in the diff ----------------------------------------------------------------------
def test_a_renamed_id_with_the_same_texts_is_a_rename_not_removed_and_added(data):
    before = definition_from_data(data, "a")
    d = edit.set_field(data, edit.subpillar_path(2, 0) + ("id",), "schulden")
    d = edit.set_field(d, edit.pillar_path(3) + ("id",), "opleiding")
    after = definition_from_data(d, "b")
    diff = diff_definitions(before, after)
    assert [(r.kind, r.level, r.field, r.before, r.after) for r in diff.rows] == [
        ("renamed", "subpillar", "id", "debts", "schulden"),
        ("renamed", "pillar", "id", "education", "opleiding"),
    ]
    assert diff.marks("after") == ({"schulden": "changed"}, {"opleiding": "changed"})
    assert diff.marks("before") == ({"debts": "changed"}, {"education": "changed"})
    text = format_table(diff, "nl")
    assert "hernoemd: id" in text and "debts" in text and "verwijderd" not in text


def test_a_new_id_with_other_texts_stays_removed_plus_added(data):
    before = definition_from_data(data, "a")
    d = edit.set_field(data, edit.subpillar_path(2, 0) + ("id",), "iets-anders")
    d = edit.rename_subpillar(d, 2, 0, "nl", "Iets anders")
    d = edit.rename_subpillar(d, 2, 0, "en", "Something else")
    d = fill_steps(d, 2, 0, "Andere tekst")
    diff = diff_definitions(before, definition_from_data(d, "b"))
    assert diff.counts() == {"added": 1, "removed": 1}
    assert diff.marks("after")[0] == {"iets-anders": "added"}
    assert diff.marks("before")[0] == {"debts": "removed"}


# -- step rules edited in the workbook --------------------------------------------------------
def test_an_edited_rule_round_trips_through_save_and_load(tmp_path):
    gemeente = load_definition(REPO / "data" / "bridges" / "gemeente-schulden.yaml")
    d = definition_to_data(gemeente)
    p, s = next((p, s) for p, pillar in enumerate(d["pillars"]) for s, sub in enumerate(pillar["subpillars"])
                if (sub.get("suggest") or {}).get("metric") == "housing_cost_share")
    rules = d["pillars"][p]["subpillars"][s]["suggest"]["rules"]
    index = next(i for i, r in enumerate(rules) if r.get("at_least") is not None and r.get("below") is not None)
    d = edit.set_rule_field(d, p, s, index, "at_least", rules[index]["at_least"] - 2.5)
    d = edit.set_at(d, ("id",), "gemeente-eigen")
    result = edit.validate(d)
    assert result.ok, result.problems
    path = edit.save_definition(result.definition, tmp_path, "gemeente-eigen")
    again = load_definition(path)
    rule = again.pillars[p].subpillars[s].suggest.rules[index]
    assert rule.at_least == rules[index]["at_least"] - 2.5 and rule.below == rules[index]["below"]


def test_a_wrong_threshold_gets_the_files_message(tmp_path):
    gemeente = load_definition(REPO / "data" / "bridges" / "gemeente-schulden.yaml")
    d = definition_to_data(gemeente)
    p, s = next((p, s) for p, pillar in enumerate(d["pillars"]) for s, sub in enumerate(pillar["subpillars"])
                if (sub.get("suggest") or {}).get("metric") == "housing_cost_share")
    rules = d["pillars"][p]["subpillars"][s]["suggest"]["rules"]
    index = next(i for i, r in enumerate(rules) if r.get("at_least") is not None and r.get("below") is not None)
    d = edit.set_rule_field(d, p, s, index, "at_least", rules[index]["below"] + 5)
    result = edit.validate(d)
    assert [p_.code for p_ in result.errors] == ["rule_empty_range"]
    # the same message the file gets when it is loaded
    bad = tmp_path / "bad.yaml"
    bad.write_text(edit.yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_definition(bad)
    file_lines = caught.value.messages("nl")
    workbook_line = result.messages(d, "nl")[0]
    assert any(workbook_line.split(": ", 1)[1].split(": ")[-1] in line for line in file_lines)
    assert "moet kleiner zijn dan below" in workbook_line


def test_choosing_a_metric_keeps_steps_and_drops_thresholds_that_do_not_fit(data):
    d = edit.set_rule_metric(data, 2, 1, "buffer_months")
    assert edit.get_at(d, edit.subpillar_path(2, 1) + ("suggest",)) == {"metric": "buffer_months", "rules": [{"step": 5}]}
    d, r = edit.add_rule(d, 2, 1)
    assert r == 0
    d = edit.set_rule_field(d, 2, 1, 0, "below", 1)
    assert edit.validate(d).ok
    d = edit.set_rule_metric(d, 2, 1, "debt_stage")  # a kind, not a number: below is dropped
    assert edit.get_at(d, edit.subpillar_path(2, 1) + ("suggest", "rules")) == [{"step": 1}, {"step": 5}]
    assert [p.code for p in edit.validate(d).errors] == ["rule_catch_all_not_last"]
    d = edit.remove_rule(edit.remove_rule(d, 2, 1, 0), 2, 1, 0)
    assert "suggest" not in edit.get_at(d, edit.subpillar_path(2, 1))


def test_a_light_colour_takes_dark_text_and_only_a_muddy_middle_is_hard_to_read():
    from mmwidgets.model.bridge.palette import DARK_TEXT, text_on

    assert text_on("#E69F00") == DARK_TEXT and colour_warning("#E69F00") is None  # the default bridge's orange
    assert text_on("#2b6a9e") == TEXT_ON_COLOUR
    assert colour_warning("#56B4E9") is None and colour_warning("#CC79A7") is None  # the other light defaults


# -- colours checked where they are used (issue 21) ------------------------------------------------
@pytest.mark.parametrize("colour", ["#FFFFFF", "#F0F0F0", "#FFEE58"])
def test_a_light_colour_is_too_light_against_the_white_page_with_a_darker_suggestion(colour):
    from mmwidgets.model.bridge.palette import AA_GRAPHICS, BACKGROUND, colour_advice

    advice = colour_advice(colour)
    assert not advice.ok and advice.problems[0][0] == "adapt.colour.too_light"
    assert contrast_ratio(colour, BACKGROUND) < AA_GRAPHICS
    suggestion = advice.suggestion
    assert suggestion is not None and suggestion != colour.lower()
    # the suggestion stands out from the page (3:1) and carries white step text (4.5:1)
    assert contrast_ratio(suggestion, BACKGROUND) >= AA_NORMAL and contrast_ratio(suggestion, TEXT_ON_COLOUR) >= AA_NORMAL
    assert colour_advice(suggestion).ok
    from mmwidgets.i18n import t

    key, values = advice.problems[0]
    assert t(key, "nl", **values).startswith("Te licht: de treden vallen weg tegen de witte achtergrond (contrast 1,")
    assert t(key, "en", **values).startswith("Too light: the steps vanish against the white background")


def test_the_darker_suggestion_keeps_the_hue_and_palette_colours_need_no_advice():
    from mmwidgets.model.bridge.palette import colour_advice, darker

    assert all(colour_advice(c.hex).ok for c in PALETTE)
    yellow = darker("#FFEE58")
    r, g, b = (int(yellow[i:i + 2], 16) for i in (1, 3, 5))
    assert r > b and g > b  # still a yellow, only darker
    grey = colour_advice("#808080")  # a middle grey: dark enough for the page, not for text
    assert [key for key, _ in grey.problems] == ["adapt.colour.hard_to_read"] and grey.suggestion
    assert colour_advice("not a colour").ok  # validation names that one
