"""Every broken data file of every kind is refused by the loader the workbooks use, with a
message naming the file, the place and the reason, in Dutch and in English.

The corpora (tests/data/broken_<kind>/) hold one mistake per file; the tables below say where
the loader must point and which message it must give. The same files through
``mmwidgets validate`` are in test_cli_validate.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from mmwidgets.i18n import t
from mmwidgets.model.bridge.crosswalk import load_crosswalks
from mmwidgets.model.bridge.files import DataFileError
from mmwidgets.model.bridge.library import DefinitionLibrary, shipped_bridges_dir
from mmwidgets.model.bridge.norms import load_norm_table
from mmwidgets.model.plan.rewards import load_reward_scheme
from mmwidgets.model.training.content import load_coach_exercises, load_quiz, load_vignette, load_vignettes, shipped_definitions

DATA = Path(__file__).parent / "data"
LIBRARY = DefinitionLibrary([shipped_bridges_dir()])
DEFINITIONS = shipped_definitions()
VIGNETTE_IDS = set(load_vignettes(definitions=DEFINITIONS))

#: corpus -> file -> (place, message code): what the loader and `validate` say
CORPORA: dict[str, dict[str, tuple[str, str]]] = {
    "broken_norms": {
        "date_31_02.yaml": ("years[0].checked", "date_form"),
        "date_2025_02_30.yaml": ("years[0].valid_from", "date_not_existing"),
        "date_year_1.yaml": ("years[0].checked", "date_range"),
        "date_hour_25.yaml": ("years[0].valid_from", "date_form"),
        "year_2_66.yaml": ("years[0].year", "number_too_big"),
        "year_1850.yaml": ("years[0].year", "pyd_greater_than_equal"),
        "amount_infinite.yaml": ("years[0].amounts.alleenstaand", "number_not_finite"),
        "amount_too_big.yaml": ("years[0].amounts.alleenstaand", "pyd_less_than_equal"),
        "amount_as_text.yaml": ("years[0].amounts.alleenstaand", "pyd_float_parsing"),
        "duplicate_key.yaml": ("", "duplicate_key"),
        "duplicate_household_amount.yaml": ("years[0].amounts", "duplicate_key_one_line"),
        "unknown_household.yaml": ("", "unknown_household"),
        "int_tag_on_text.yaml": ("", "bad_yaml_value"),
        "not_yaml.yaml": ("", "not_yaml"),
        "list_not_mapping.yaml": ("", "not_mapping"),
    },
    "broken_rewards": {
        "version_2_66.yaml": ("version", "number_too_big"),
        "version_two_million.yaml": ("version", "pyd_less_than_equal"),
        "version_zero.yaml": ("version", "pyd_greater_than_equal"),
        "amount_too_big.yaml": ("tiers[1].amount", "pyd_less_than_equal"),
        "amount_not_a_number.yaml": ("tiers[1].amount", "number_not_finite"),
        "tiers_out_of_order.yaml": ("tiers", "plan_tier_order"),
        "duplicate_key.yaml": ("", "duplicate_key"),
        "currency_word.yaml": ("currency", "pyd_pattern_currency"),
        "unknown_field.yaml": ("bedrag", "pyd_extra_forbidden"),
        "no_tiers.yaml": ("tiers", "pyd_too_short"),
    },
    "broken_bridges": {
        "version_2_66.yaml": ("version", "number_too_big"),
        "version_two_million.yaml": ("version", "pyd_less_than_equal"),
        "duplicate_key.yaml": ("", "duplicate_key"),
        "duplicate_colour.yaml": ("pillars[0]", "duplicate_key"),
        "weight_infinite.yaml": ("pillars[0].weight", "number_not_finite"),
        "version_tag.yaml": ("", "bad_yaml_value"),
        "unknown_norm.yaml": ("pillars[3].subpillars[0].suggest.norm", "unknown_norm"),
    },
    "broken_crosswalk_files": {
        "duplicate_key.yaml": ("", "duplicate_key"),
        "step_2_66.yaml": ("subpillars[0].steps[0]", "number_too_big"),
        "version_too_long.yaml": ("to", "pyd_pattern_key"),
        "unknown_version.yaml": ("to", "cw_unknown_definition"),
    },
    "broken_vignettes": {
        "unknown_bridge.yaml": ("bridge", "train_unknown_bridge"),
        "version_2_66.yaml": ("bridge.version", "number_too_big"),
        "version_two_million.yaml": ("bridge.version", "pyd_less_than_equal"),
        "step_out_of_range.yaml": ("reference.housing.step", "step_out_of_range"),
        "duplicate_key.yaml": ("", "duplicate_key"),
        "duplicate_reference.yaml": ("reference", "duplicate_key"),
        "unknown_subpillar.yaml": ("reference.huis", "unknown_subpillar"),
        "pictures_without_icons.yaml": ("", "train_picture_icon"),
    },
    "broken_exercises": {
        "coach_unknown_vignette.yaml": ("items[0].vignette", "train_unknown_vignette"),
        "coach_duplicate_key.yaml": ("", "duplicate_key"),
        "quiz_unknown_topic.yaml": ("questions[0].topic", "pyd_literal_error"),
        "quiz_two_ids.yaml": ("questions", "duplicate_id"),
        "unknown_kind.yaml": ("kind", "exercise_kind"),
    },
}

#: what a workbook's loader says where it differs from `validate` (which knows more)
LOADER_DIFFERS = {
    # a workbook loads a bridge whose norms are missing (it then suggests no step there);
    # only `validate` follows the reference to the norms
    ("broken_bridges", "unknown_norm.yaml"): None,
    # the workbooks read coach.yaml as coach exercises: a wrong kind is a wrong value of kind:
    ("broken_exercises", "unknown_kind.yaml"): ("kind", "pyd_literal_error"),
}

CASES = [(corpus, name) for corpus, files in CORPORA.items() for name in sorted(files)]


def _library_error(path: Path) -> DataFileError | None:
    library = DefinitionLibrary([shipped_bridges_dir(), path.parent])
    entry = next(e for e in library if e.path == path)
    return entry.error


def _crosswalk_error(path: Path) -> DataFileError | None:
    found = load_crosswalks([path.parent]).checked(lambda key: LIBRARY.get(key) if key in LIBRARY else None)
    return next((e for e in found.errors if e.source == path.name), None)


def _raised(load: Callable[[], object]) -> DataFileError | None:
    try:
        load()
    except DataFileError as exc:
        return exc
    return None


def loader_error(corpus: str, path: Path) -> DataFileError | None:
    """What the loader a workbook uses for this kind says about ``path`` (None: accepted)."""
    if corpus == "broken_norms":
        return _raised(lambda: load_norm_table(path))
    if corpus == "broken_rewards":
        return _raised(lambda: load_reward_scheme(path))
    if corpus == "broken_bridges":
        return _library_error(path)
    if corpus == "broken_crosswalk_files":
        return _crosswalk_error(path)
    if corpus == "broken_vignettes":
        return _raised(lambda: load_vignette(path, DEFINITIONS))
    if path.name.startswith("quiz_"):
        return _raised(lambda: load_quiz(path))
    return _raised(lambda: load_coach_exercises(path, VIGNETTE_IDS))


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_each_corpus_and_its_table_list_the_same_files(corpus):
    assert {p.name for p in (DATA / corpus).glob("*.yaml")} == set(CORPORA[corpus])


@pytest.mark.parametrize(("corpus", "name"), CASES)
def test_the_loader_refuses_the_file_naming_file_place_and_reason(corpus, name):
    expected = LOADER_DIFFERS.get((corpus, name), CORPORA[corpus][name])
    error = loader_error(corpus, DATA / corpus / name)
    if expected is None:
        assert error is None
        return
    assert error is not None, f"{corpus}/{name} was accepted"
    place, code = expected
    assert error.source == name
    assert (place, code) in [(p.location, p.code) for p in error.problems]
    for lang in ("nl", "en"):
        for problem in error.problems:
            text = problem.message(lang)
            assert "val." not in text and "{" not in text
        line = next(m for m, p in zip(error.messages(lang), error.problems) if p.code == code)
        reason = t(f"val.{code}", lang, **next(p for p in error.problems if p.code == code).values)
        assert line == f"{name}: {place}: {reason}" if place else line == f"{name}: {reason}"


# -- the cases named in the issue, word for word -------------------------------------------------
def test_norms_date_31_02_is_a_clear_message_not_a_value_error():
    error = loader_error("broken_norms", DATA / "broken_norms" / "date_31_02.yaml")
    assert error.messages("nl") == [
        "date_31_02.yaml: years[0].checked: '31-02-2025' is geen datum; schrijf een datum als 2026-03-09 (jaar-maand-dag)"
    ]
    impossible = loader_error("broken_norms", DATA / "broken_norms" / "date_2025_02_30.yaml")
    assert impossible.messages("en") == [
        "date_2025_02_30.yaml: years[0].valid_from: the date 2025-02-30 does not exist (check the day and the month)"
    ]


def test_duplicate_key_names_the_key_and_both_lines():
    error = loader_error("broken_bridges", DATA / "broken_bridges" / "duplicate_key.yaml")
    assert error.messages("nl") == [
        "duplicate_key.yaml: het veld 'id' staat twee keer in hetzelfde blok (regel 15 en regel 17); laat er één staan"
    ]


def test_version_2_to_the_66_is_refused_everywhere_it_can_be_written():
    for corpus in ("broken_bridges", "broken_rewards", "broken_vignettes"):
        error = loader_error(corpus, DATA / corpus / "version_2_66.yaml")
        assert error is not None and error.problems[0].code == "number_too_big"
        assert "73786976294838206464" in error.messages("en")[0]
        assert "at most 2147483647" in error.messages("en")[0]
