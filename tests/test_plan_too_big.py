"""The "too big for this week" check on realistic actions, Dutch and English."""

from __future__ import annotations

import pytest

from mmwidgets.model.plan.checks import looks_too_big

SMALL = [
    "bel je moeder of je haar computer mag gebruiken",
    "Zoek kinderopvang",
    "Bel voor een afspraak",
    "Maak een lijst van alle rekeningen",
    "Vraag bij de bibliotheek naar de taalcursus",
    "Stuur de brief van de woningcorporatie naar je coach",
    "Ga dinsdag naar het spreekuur van de schuldhulp",
    "Vraag je zus of zij woensdag de kinderen ophaalt",
    "Leg alle post van deze week in één map",
    "Call the job centre for an appointment",
    "Ask my sister to pick up the kids on Tuesday",
    "Write down all the bills on one sheet",
    "Look up the bus times to the training",
    "Bel de huisarts",
]
BIG = [
    "schulden regelen en werk vinden",
    "Werk vinden",
    "Een huis zoeken",
    "Mijn schulden oplossen",
    "Alles op orde krijgen",
    "De hele administratie aanpakken",
    "Bel de bank en daarna de gemeente en dan het uitzendbureau",
    "Sort out my debts and find a job",
    "Find a job",
    "Get on top of everything",
    "Pay off the loans",
    "Zoek werk",
]


@pytest.mark.parametrize("what", SMALL)
def test_small_concrete_actions_are_not_flagged(what):
    assert not looks_too_big(what)


@pytest.mark.parametrize("what", BIG)
def test_whole_projects_are_flagged(what):
    assert looks_too_big(what)


def test_the_table_is_large_enough():
    assert len(SMALL) >= 12 and len(BIG) >= 12
