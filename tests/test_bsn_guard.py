"""One BSN guard for names, notes and plan texts (issue 23): every separator a person can type."""

from __future__ import annotations

import pytest

from mmwidgets.model.client import check_client_note, check_pseudonym, looks_like_bsn
from mmwidgets.model.errors import InvalidInput

BSN = "123456782"  # passes the 11-proof (a made-up number)


@pytest.mark.parametrize("text", [
    "Jan 123,456,782", "Jan 123:456:782", "Jan 123|456|782", "Jan 123+456+782", "Jan 123·456·782",
    "Jan 123'456'782", "Jan 12 34 56 782", "Jan 123.456.782", "Jan 123-456-782", "Jan (123) 456 782",
    "Jan 1,2,3,4,5,6,7,8,2", "Jan 1 2 3 4 5 6 7 8 2", "bsn: 123 ; 456 ; 782", "Jan 123\u00a0456\u202f782",
    "Jan 123’456’782", "Jan 123 • 456 • 782", "Jan ١٢٣٤٥٦٧٨٢", "Jan 123#456#782", "Jan 12345678",
])
def test_a_bsn_with_any_separator_is_found_in_a_note(text):
    assert looks_like_bsn(text)
    with pytest.raises(InvalidInput) as refused:
        check_client_note(text)
    assert refused.value.problem.code == "name_bsn"


@pytest.mark.parametrize("text", ["Jan 123,456,78", "Ans 1:2:3:4:5:6:7:8", "Ali 12|34|56|78"])
def test_a_name_may_hold_no_eight_or_nine_digits_whatever_the_separators(text):
    assert looks_like_bsn(text, name=True)
    with pytest.raises(InvalidInput):
        check_pseudonym(text)


@pytest.mark.parametrize("text", [
    "Afspraak 3-12-2026, 10:30 uur, kamer 2", "Huis 12", "Bel om 09:15 en 14:45", "Lotte",
    "Ze betaalt 120,50 per maand, 3 termijnen", "Doel: 2 sollicitaties per week, 1 gesprek",
    "telefoon 06 12 34 56 78", "Stap 1, 2 en 3",
])
def test_ordinary_numbers_in_notes_and_plans_are_no_bsn(text):
    assert not looks_like_bsn(text)
    assert check_client_note(text)


def test_digits_far_apart_are_not_joined_into_one_number():
    assert not looks_like_bsn("123 , , , , 456 , , , , 782")
    assert looks_like_bsn("123 , 456 , 782")


def test_plan_texts_go_through_the_same_guard():
    from mmwidgets.model.plan.validate import normalise_action, normalise_goal

    with pytest.raises(InvalidInput) as refused:
        normalise_goal({"text": "Brief sturen met 123,456,782 erin"}, adding=True)
    assert refused.value.problem.code == "name_bsn"
    with pytest.raises(InvalidInput):
        normalise_action({"what": "Bellen: 123|456|782", "who": "client"}, adding=True)
    assert normalise_goal({"text": "Elke week 2 sollicitaties, om 10:30"}, adding=True)["text"]


@pytest.mark.parametrize(
    "text",
    ["Bel op 12-12-2026 de corporatie", "afspraak 1/12 om 10 uur", "vóór 2026-01-05 bellen", "12.12.26 kinderopvang"],
)
def test_a_date_written_in_free_text_is_not_taken_for_a_bsn(text):
    # a coach or trainee writes dates in notes and small steps; 12-12-2026 is 8 digits that pass the 11-proof
    assert not looks_like_bsn(text)


def test_a_bsn_beside_a_date_is_still_found_and_a_name_still_refuses_eight_digits():
    assert looks_like_bsn("12-12-2026 123456782")
    assert looks_like_bsn("Anna 12-12-2026", name=True)
