"""Typed input through the model: every short text a user types is cleaned and checked the same way
(issue 12, "Typed input"): BSNs hidden behind separators or invisible characters, NUL bytes,
bidi overrides, empty and overlong names, a pasted megabyte."""

from __future__ import annotations

import unicodedata

import pytest

from mmwidgets.model.bsn import looks_like_bsn
from mmwidgets.model.client import MAX_PSEUDONYM, check_client_note, check_pseudonym
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.training.content import MAX_NICKNAME, check_nickname, check_response
from mmwidgets.model.typed_input import (
    BIDI_CONTROLS,
    INVISIBLE,
    MAX_NAME,
    MAX_NOTE,
    MAX_SHORT,
    ZERO_WIDTH,
    clean_text,
    field_label,
)

ZWSP = "\u200b"
RLO = "\u202e"
MEGABYTE = "a" * 1_000_000


def refused(call, *args, **kwargs) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        call(*args, **kwargs)
    return info.value


# -- clean_text ---------------------------------------------------------------------------------


def test_limits_stay_compatible_with_the_columns_and_notes():
    assert MAX_NAME == MAX_PSEUDONYM == 60  # clients.pseudonym is String(60)
    assert MAX_NOTE == 2000 and MAX_SHORT == 200


def test_text_is_stripped_and_normalised_to_nfc():
    decomposed = "Zoe\u0308"  # e + combining diaeresis, as some keyboards send it
    cleaned = clean_text(f"  {decomposed}  ", where="pseudonym", max_length=10)
    assert cleaned == "Zoë" and unicodedata.is_normalized("NFC", cleaned)


@pytest.mark.parametrize("invisible", sorted(INVISIBLE))
def test_zero_width_and_other_invisible_characters_are_removed(invisible):
    assert ZERO_WIDTH <= INVISIBLE
    assert clean_text(f"Zonne{invisible}bloem", where="pseudonym", max_length=60) == "Zonnebloem"


@pytest.mark.parametrize("control", sorted(BIDI_CONTROLS))
def test_every_bidi_override_or_isolate_is_refused(control):
    error = refused(clean_text, f"foto{control}gnp.exe", where="pseudonym", max_length=60)
    assert error.problem.code == "text_bidi"


def test_a_right_to_left_override_that_disguises_exe_as_png_is_refused_with_a_message():
    name = f"foto{RLO}gnp.exe"
    error = refused(clean_text, name, where="pseudonym", max_length=60)
    assert error.message("nl").startswith("Naam: ")
    assert "leesrichting" in error.message("nl")
    assert "reading direction" in error.message("en")


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\ud800"])
def test_control_characters_and_lone_surrogates_are_refused_and_named(char):
    error = refused(clean_text, f"Ann{char}a", where="note", max_length=60, multiline=True)
    assert error.problem.code == "text_control"
    assert f"U+{ord(char):04X}" in error.message("nl")
    assert error.message("en").startswith("Note: ")


def test_a_nul_byte_is_refused_with_a_message_naming_the_field():
    error = refused(clean_text, "Anna\x00", where="pseudonym", max_length=60)
    assert error.message("nl") == (
        "Naam: deze tekst bevat een teken dat niet getypt kan worden (U+0000); typ de tekst opnieuw"
    )


def test_notes_keep_newlines_and_tabs_but_single_lines_do_not():
    note = clean_text("eerste regel\r\n\tinspringen\rderde", where="note", max_length=100, multiline=True)
    assert note == "eerste regel\n\tinspringen\nderde"
    for char in ("\n", "\t"):
        assert refused(clean_text, f"a{char}b", where="pseudonym", max_length=60).problem.code == "text_control"


def test_empty_text_is_refused_only_when_required():
    assert clean_text(None, where="note", max_length=10) == ""
    assert clean_text(f"  {ZWSP} ", where="note", max_length=10) == ""
    error = refused(clean_text, f" {ZWSP}\u2060 ", where="pseudonym", max_length=10, required=True)
    assert error.problem.code == "text_required"
    assert error.message("nl") == "Naam: vul hier iets in"


def test_an_overlong_text_is_refused_with_its_maximum_in_both_languages():
    assert clean_text("x" * 60, where="pseudonym", max_length=60) == "x" * 60
    error = refused(clean_text, "x" * 61, where="pseudonym", max_length=60)
    assert error.message("nl") == "Naam: deze tekst is te lang (hoogstens 60 tekens)"
    assert error.message("en") == "Name: this text is too long (at most 60 characters)"


def test_a_pasted_megabyte_is_refused_as_too_long():
    error = refused(clean_text, MEGABYTE, where="search", max_length=100)
    assert error.problem.code == "text_too_long" and error.problem.values == {"max": 100}
    assert error.message("nl").startswith("Zoeken: ")


def test_invisible_characters_do_not_count_towards_the_length():
    padded = ZWSP.join("x" * 60)  # 60 visible characters, 59 invisible ones
    assert clean_text(padded, where="pseudonym", max_length=60) == "x" * 60


def test_something_that_is_not_text_is_refused():
    assert refused(clean_text, 12, where="note", max_length=10).problem.code == "text_not_text"


def test_an_unknown_field_is_named_as_given_and_no_field_gives_no_prefix():
    assert field_label("pseudonym", "en") == "Name"
    assert field_label("goal_text", "nl") == "goal_text"
    assert refused(clean_text, "\x00", where="", max_length=5).message("nl").startswith("deze tekst")


# -- the BSN guard ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "123456782",
        "123 456 782",
        "123/456/782",
        "123.456.782",
        "123-456-782",
        "123_456_782",
        "123\\456\\782",
        f"123{ZWSP}456{ZWSP}782",
        "123\u2060456\ufeff782",
        "123\u00ad456\u00ad782",  # soft hyphens
        "123\u2013456\u2013782",  # en dashes
        "１２３４５６７８２",  # full-width digits
        "Jan 12345678",  # 8 digits: today's rule
        "afspraak 09-03-2026, bsn 123456782",  # a real-looking BSN next to other numbers
    ],
)
def test_a_bsn_is_seen_through_separators_and_invisible_characters(text):
    assert looks_like_bsn(text)


@pytest.mark.parametrize("text", ["Huis 12", "Zonnebloem", "kamer 1234567", "06-12345678", "", "0,5 uur"])
def test_ordinary_names_and_short_or_phone_numbers_are_not_a_bsn(text):
    assert not looks_like_bsn(text)


# -- client names and notes ---------------------------------------------------------------------


@pytest.mark.parametrize("written", ["123/456/782", f"123{ZWSP}456{ZWSP}782", "123.456.782", "123-456-782"])
def test_a_pseudonym_with_a_disguised_bsn_is_refused_like_the_plain_form(written):
    plain = refused(check_pseudonym, "123456782")
    error = refused(check_pseudonym, written)
    assert error.problem.code == plain.problem.code == "name_bsn"
    assert "BSN" in error.message("nl")


@pytest.mark.parametrize(
    "name, code",
    [
        ("", "name_empty"),
        (f"  {ZWSP}  ", "name_empty"),
        ("x" * 61, "text_too_long"),
        ("Anna\x00", "text_control"),
        (f"foto{RLO}gnp.exe", "text_bidi"),
        (MEGABYTE, "text_too_long"),
    ],
)
def test_a_bad_pseudonym_is_refused_with_its_own_message(name, code):
    error = refused(check_pseudonym, name)
    assert error.problem.code == code
    assert error.message("nl").startswith("Naam: ")


def test_a_pseudonym_is_saved_clean():
    assert check_pseudonym(f"  Zonne{ZWSP}bloem   van  Dijk ") == "Zonnebloem van Dijk"
    assert check_pseudonym("x" * 60) == "x" * 60


def test_a_client_note_keeps_its_lines_and_refuses_nul_bidi_and_bsn():
    assert check_client_note("regel 1\nregel 2") == "regel 1\nregel 2"
    assert refused(check_client_note, "a\x00b").problem.code == "text_control"
    assert refused(check_client_note, f"a{RLO}b").problem.code == "text_bidi"
    assert refused(check_client_note, "bsn 123/456/782").problem.code == "name_bsn"
    assert refused(check_client_note, "y" * 2001).problem.values == {"max": 2000}


# -- nicknames and training answers ---------------------------------------------------------------


def test_a_nickname_whose_lower_case_form_is_too_long_is_refused():
    name = "ß" * 11  # 11 characters, 22 after case folding: does not fit nick_key String(20)
    error = refused(check_nickname, name)
    assert error.problem.code == "train_nick_long_folded"
    assert "20" in error.message("nl") and "ss" in error.message("nl")
    assert check_nickname("Straße") == "Straße"
    assert check_nickname("ß" * 10) == "ß" * 10  # folds to exactly 20


@pytest.mark.parametrize(
    "nickname, code",
    [
        ("Anna\x00", "text_control"),
        (f"An{RLO}na", "text_bidi"),
        (MEGABYTE, "train_nick_long"),
        ("x" * (MAX_NICKNAME + 1), "train_nick_long"),
        (f"12{ZWSP}34{ZWSP}56{ZWSP}782", "train_nick_number"),
    ],
)
def test_a_bad_nickname_is_refused_with_a_message(nickname, code):
    error = refused(check_nickname, nickname)
    assert error.problem.code == code
    assert error.message("nl") and "{" not in error.message("nl")


def test_a_nickname_loses_invisible_characters():
    assert check_nickname(f"An{ZWSP}na") == "Anna"


def test_a_training_answer_refuses_nul_and_keeps_lines():
    assert check_response("eerst vragen\ndan luisteren") == "eerst vragen\ndan luisteren"
    assert refused(check_response, "a\x00b").problem.code == "text_control"
    assert refused(check_response, MEGABYTE).problem.code == "train_answer_too_long"
