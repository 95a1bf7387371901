"""Crosswalks: shipped files fit, assessments map without guessing, broken files are refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mmwidgets.model.assessment import Assessment, Choice
from mmwidgets.model.bridge.crosswalk import (
    NO_EQUIVALENT,
    NO_LINE,
    CrosswalkSet,
    check_crosswalk,
    crosswalk_from_text,
    load_crosswalk,
    load_crosswalks,
    map_assessment,
    map_history,
    map_to_definition,
    own_crosswalks_dir,
)
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import DataFileError
from mmwidgets.model.bridge.library import DefinitionLibrary, shipped_bridges_dir

REPO = Path(__file__).resolve().parents[1]
BROKEN = Path(__file__).parent / "data" / "broken_crosswalks"
DAY = dt.date(2025, 3, 9)


@pytest.fixture(scope="module")
def library():
    return DefinitionLibrary([shipped_bridges_dir()])


@pytest.fixture(scope="module")
def lookup(library):
    return lambda key: library.get(key) if key in library else None


@pytest.fixture(scope="module")
def crosswalks():
    return load_crosswalks()


def a(key: str, **steps) -> Assessment:
    ident, version = key.split("@")
    choices = {sub: (c if isinstance(c, Choice) else Choice(step=c)) for sub, c in steps.items()}
    return Assessment(client_id=7, date=DAY, definition_id=ident, definition_version=int(version), choices=choices, stress=4)


# -- shipped -------------------------------------------------------------------------------------
def test_shipped_crosswalks_fit_their_definitions(crosswalks, lookup):
    assert not crosswalks.errors
    pairs = set(crosswalks.crosswalks)
    assert pairs == {
        ("mm-standaard@1", "mm-eenvoudig@1"), ("mm-eenvoudig@1", "mm-standaard@1"),
        ("mm-standaard@1", "gemeente-schulden@1"), ("gemeente-schulden@1", "mm-standaard@1"),
    }
    checked = crosswalks.checked(lookup)
    assert len(checked) == 4 and not checked.errors


def test_default_to_simple_worked_example(crosswalks, library):
    simple = library.get("mm-eenvoudig@1")
    old = a("mm-standaard@1", housing=3, care=Choice(2, chosen_by="client", note="oma helpt", focus=True),
            debts=4, savings=1, income=2, schooling=5)
    mapped = map_assessment(old, crosswalks.find("mm-standaard@1", "mm-eenvoudig@1"), simple)
    got = mapped.assessment
    assert got.definition_key == "mm-eenvoudig@1"
    assert (got.client_id, got.date, got.stress) == (7, DAY, 4)
    assert {k: c.step for k, c in got.choices.items()} == {"wonen": 2, "zorgen": 1, "schulden": 2, "geld_over": 1}
    assert got.choices["zorgen"] == Choice(1, chosen_by="client", note="oma helpt", focus=True)
    assert mapped.unmapped == {}  # every part of the simple bridge has a line
    assert sorted(mapped.dropped) == ["income", "schooling"]  # answered, but no place: said, not hidden
    assert old.choices["housing"].step == 3  # the original is not changed


def test_null_step_and_missing_line_are_unmapped_never_guessed(crosswalks, library):
    gemeente = library.get("gemeente-schulden@1")
    old = a("mm-standaard@1", housing=5, savings=4, schooling=3, debts=2, income=4)
    mapped = map_assessment(old, crosswalks.find("mm-standaard@1", "gemeente-schulden@1"), gemeente)
    steps = {k: c.step for k, c in mapped.assessment.choices.items()}
    assert steps == {"woning": 5, "schuldhulp": 2}
    assert mapped.unmapped == {
        "administratie": NO_LINE, "inkomen": NO_LINE, "woonlasten": NO_LINE,  # new parts: nobody asked
        "buffer": NO_EQUIVALENT,  # "1 to 3 months" spans two steps: null in the file
        "diploma": NO_EQUIVALENT,  # "in training" says nothing about a diploma
    }
    assert list(mapped.unmapped) == [s for s in gemeente.subpillar_ids() if s in mapped.unmapped]  # in bridge order
    assert mapped.dropped == ["income"]


def test_unanswered_parts_are_not_unmapped(crosswalks, library):
    gemeente = library.get("gemeente-schulden@1")
    mapped = map_assessment(a("mm-standaard@1", housing=2), crosswalks.find("mm-standaard@1", "gemeente-schulden@1"), gemeente)
    assert "zorg" not in mapped.unmapped and "zorg" not in mapped.assessment.choices
    assert set(mapped.unmapped) == {"administratie", "inkomen", "woonlasten"}


def test_focus_and_note_survive_an_unmapped_step(crosswalks, library):
    gemeente = library.get("gemeente-schulden@1")
    old = a("mm-standaard@1", savings=Choice(4, note="spaart voor een fiets", focus=True))
    mapped = map_assessment(old, crosswalks.find("mm-standaard@1", "gemeente-schulden@1"), gemeente)
    assert mapped.assessment.choices["buffer"] == Choice(None, note="spaart voor een fiets", focus=True)
    assert mapped.unmapped["buffer"] == NO_EQUIVALENT


def test_wrong_assessment_or_target_is_refused(crosswalks, library):
    cw = crosswalks.find("mm-standaard@1", "mm-eenvoudig@1")
    with pytest.raises(DataFileError) as info:
        map_assessment(a("gemeente-schulden@1", woning=2), cw, library.get("mm-eenvoudig@1"))
    assert "hoort bij 'mm-standaard@1', niet bij 'gemeente-schulden@1'" in info.value.messages("nl")[0]
    with pytest.raises(DataFileError) as info:
        map_assessment(a("mm-standaard@1", housing=2), cw, library.get("gemeente-schulden@1"))
    assert "belongs to 'mm-eenvoudig@1', not to 'gemeente-schulden@1'" in info.value.messages("en")[0]


def test_chain_through_the_default_and_history(crosswalks, library, lookup):
    simple = library.get("mm-eenvoudig@1")
    old = a("gemeente-schulden@1", woning=4, schuldhulp=4, inkomen=2, buffer=1)
    mapped = map_to_definition(old, simple, crosswalks, lookup)
    assert mapped.path == ("gemeente-schulden@1>mm-standaard@1", "mm-standaard@1>mm-eenvoudig@1")
    assert {k: c.step for k, c in mapped.assessment.choices.items()} == {"wonen": 3, "schulden": 2}
    # buffer step 1 has no equivalent in the default; in the simple bridge it stays unmapped
    assert mapped.unmapped == {"geld_over": NO_EQUIVALENT}
    assert "inkomen" in mapped.dropped
    history = map_history([old, a("mm-eenvoudig@1", wonen=3)], simple, crosswalks, lookup)
    assert history[1].path == () and history[1].assessment.choices["wonen"].step == 3
    assert not history[1].unmapped


def test_no_crosswalk_shows_nothing(library, lookup):
    simple = library.get("mm-eenvoudig@1")
    mapped = map_to_definition(a("gemeente-schulden@1", woning=4), simple, CrosswalkSet(), lookup)
    assert mapped.no_crosswalk and mapped.assessment.choices == {}
    assert list(mapped.unmapped) == simple.subpillar_ids()
    assert mapped.dropped == ["woning"]


def test_own_crosswalk_folder_wins_over_shipped(tmp_path):
    own = own_crosswalks_dir(tmp_path)
    own.mkdir(parents=True)
    text = (REPO / "data" / "crosswalks" / "standaard-naar-eenvoudig.yaml").read_text(encoding="utf-8")
    (own / "mijn.yaml").write_text(text.replace("[1, 2, 2, 3, 3]}", "[1, 1, 1, 3, 3]}", 1), encoding="utf-8")
    (own / "kapot.yaml").write_text("from: [", encoding="utf-8")
    found = load_crosswalks([REPO / "data" / "crosswalks", own])
    assert found.find("mm-standaard@1", "mm-eenvoudig@1").lines[0].steps == [1, 1, 1, 3, 3]
    assert found.files[("mm-standaard@1", "mm-eenvoudig@1")] == "mijn.yaml"
    assert [e.source for e in found.errors] == ["kapot.yaml"]


# -- the broken corpus -------------------------------------------------------------------------------
#: file -> (place, message code); checked against the shipped definitions where the shape is fine
BROKEN_CASES = {
    "not_yaml.yaml": ("", "not_yaml"),
    "list_not_mapping.yaml": ("", "not_mapping"),
    "comments_only.yaml": ("", "empty_file"),
    "not_utf8.yaml": ("", "not_utf8"),
    "points_nowhere.yaml": ("to", "cw_unknown_definition"),
    "unknown_target_subpillar.yaml": ("subpillars[0].to", "cw_unknown_target"),
    "unknown_source_subpillar.yaml": ("subpillars[0].from", "cw_unknown_source"),
    "wrong_step_count.yaml": ("subpillars[0].steps", "cw_step_count"),
    "target_step_missing.yaml": ("subpillars[0].steps[3]", "cw_target_step"),
    "two_into_one.yaml": ("subpillars", "cw_duplicate_target"),
    "mapped_twice.yaml": ("subpillars", "cw_duplicate_source"),
    "same_definition.yaml": ("", "cw_same_definition"),
    "key_without_version.yaml": ("from", "pyd_pattern_key"),
    "unknown_field.yaml": ("subpilars", "pyd_extra_forbidden"),
    "step_not_a_number.yaml": ("subpillars[0].steps[1]", "pyd_int_parsing"),
    "step_zero.yaml": ("subpillars[0].steps[0]", "pyd_greater_than_equal"),
    "missing_english.yaml": ("description.en", "pyd_missing"),
}


def refuse(path: Path, lookup) -> DataFileError:
    """Load a crosswalk and check it against the shipped definitions; return the refusal."""
    try:
        crosswalk = load_crosswalk(path)
    except DataFileError as exc:
        return exc
    problems = check_crosswalk(crosswalk, lookup(crosswalk.source_key), lookup(crosswalk.target_key))
    assert problems, f"{path.name} was accepted"
    return DataFileError(path.name, problems)


def test_corpus_is_complete():
    assert {p.name for p in BROKEN.glob("*.yaml")} == set(BROKEN_CASES)


@pytest.mark.parametrize("name", sorted(BROKEN_CASES))
def test_broken_crosswalk_is_refused_with_a_message_in_both_languages(name, lookup):
    place, code = BROKEN_CASES[name]
    error = refuse(BROKEN / name, lookup)
    assert (place, code) in [(p.location, p.code) for p in error.problems]
    for lang in ("nl", "en"):
        for message in error.messages(lang):
            assert message.startswith(f"{name}: ")
            assert "val." not in message and "{" not in message
    nl, en = error.messages("nl"), error.messages("en")
    assert nl != en


def test_messages_say_what_a_user_needs(lookup):
    nowhere = refuse(BROKEN / "points_nowhere.yaml", lookup)
    assert "de brug 'mm-nergens@1' is niet gevonden; deze koppeling wijst nergens naar" in nowhere.messages("nl")[0]
    assert "the bridge 'mm-nergens@1' was not found; this crosswalk points nowhere" in nowhere.messages("en")[0]
    count = refuse(BROKEN / "wrong_step_count.yaml", lookup)
    assert "'housing' heeft 5 treden" in count.messages("nl")[0] and "nu zijn het er 3" in count.messages("nl")[0]
    two = refuse(BROKEN / "two_into_one.yaml", lookup)
    assert "we do not guess" in two.messages("en")[0]


def test_huge_and_deeply_nested_crosswalks_are_refused():
    huge = "from: mm-standaard@1\nto: mm-eenvoudig@1\n# " + "x" * 1_100_000 + "\nsubpillars: []\n"
    with pytest.raises(DataFileError) as info:
        crosswalk_from_text(huge, "groot.yaml")
    assert info.value.problems[0].code == "file_too_big"
    deep = "from: mm-standaard@1\nto: mm-eenvoudig@1\ndescription: " + "[" * 60 + "]" * 60 + "\n"
    with pytest.raises(DataFileError) as info:
        crosswalk_from_text(deep, "diep.yaml")
    assert info.value.problems[0].code == "too_deep"
    alias_bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" \
                 "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nfrom: mm-standaard@1\nto: mm-eenvoudig@1\n"
    with pytest.raises(DataFileError):
        crosswalk_from_text(alias_bomb, "bom.yaml")


def test_broken_files_in_a_folder_do_not_stop_the_good_ones(tmp_path):
    for name in ("not_yaml.yaml", "points_nowhere.yaml"):
        (tmp_path / name).write_bytes((BROKEN / name).read_bytes())
    found = load_crosswalks([REPO / "data" / "crosswalks", tmp_path])
    assert len(found.errors) == 1 and found.errors[0].source == "not_yaml.yaml"
    library = DefinitionLibrary([shipped_bridges_dir()])
    checked = found.checked(lambda k: library.get(k) if k in library else None)
    assert len(checked) == 4
    assert sorted(e.source for e in checked.errors) == ["not_yaml.yaml", "points_nowhere.yaml"]


def test_crosswalk_against_an_edited_definition_reports_each_problem(crosswalks):
    default = load_definition(REPO / "data" / "bridges" / "default.yaml")
    simple = load_definition(REPO / "data" / "bridges" / "eenvoudig.yaml")
    problems = check_crosswalk(crosswalks.find("mm-standaard@1", "mm-eenvoudig@1"), simple, default)
    assert [p.code for p in problems] == ["cw_wrong_definition", "cw_wrong_definition"]


def test_describe_mapping_in_both_languages(crosswalks, library, lookup):
    from mmwidgets.model.bridge.crosswalk import describe_mapping

    default = library.get("mm-standaard@1")
    gemeente = library.get("gemeente-schulden@1")
    old = a("mm-standaard@1", savings=4, income=2)
    mapped = map_assessment(old, crosswalks.find("mm-standaard@1", "gemeente-schulden@1"), gemeente)
    nl = describe_mapping(mapped, gemeente, "nl", default)
    assert "Post en administratie: geen koppeling met de oude brug" in nl
    assert "Buffer: de gekozen trede heeft geen tegenhanger" in nl
    assert nl[-1] == "niet overgenomen uit 'Brug naar een stabiel bestaan': Inkomen"
    en = describe_mapping(mapped, gemeente, "en", default)
    assert en[0] == "Post and paperwork: no mapping from the old bridge"
    assert en[-1].startswith("not carried over from '") and en[-1].endswith("': Income") and "@" not in en[-1]
    none = map_to_definition(a("gemeente-schulden@1", woning=1), library.get("mm-eenvoudig@1"), CrosswalkSet(), lookup)
    simple = library.get("mm-eenvoudig@1")
    [line] = describe_mapping(none, simple, "en", library.get("gemeente-schulden@1"))
    assert line.startswith("There is no crosswalk from '") and f"to '{simple.name.get('en')}'" in line
    assert "@" not in line and "Make a crosswalk in the Aanpassen workbook." in line
    same = map_to_definition(a("mm-standaard@1", housing=2), default, crosswalks, lookup)
    assert describe_mapping(same, default, "nl") == []
