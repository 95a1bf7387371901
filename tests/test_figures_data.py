"""Shared test data for the figure tests: small fictional bridges and assessments.

Written in our own words; the people are fictional. The tests in this file check the
data itself, so that a broken sample fails here first.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from mmwidgets.model.assessment import Assessment, Choice
from mmwidgets.model.bridge.definition import BridgeDefinition, definition_from_data, definition_from_text

XSS = "<img src=x onerror=alert(1)>"

SAMPLE_YAML = """
id: test-brug
version: 1
name: {nl: Testbrug, en: Test bridge}
pillars:
  - id: home
    name: {nl: Thuis en gezin, en: Home and family}
    colour: "#4c8c6b"
    subpillars:
      - id: housing
        name: {nl: Wonen, en: Housing}
        steps:
          - {label: {nl: Geen dak, en: No roof}, text: {nl: Je hebt geen vaste plek om te slapen., en: You have no fixed place to sleep.}}
          - {label: {nl: Tijdelijk, en: Temporary}, text: {nl: Je woont tijdelijk bij iemand in., en: You stay with someone for now.}}
          - {label: {nl: Eigen plek, en: Own place}, text: {nl: Je hebt een eigen woning maar de huur is zwaar., en: You have your own home but the rent is heavy.}}
          - {label: {nl: Stabiel, en: Stable}, text: {nl: Je woont stabiel en kunt de huur betalen., en: Your home is stable and you can pay the rent.}}
      - id: care
        name: {nl: Zorg voor kinderen en naasten, en: Care for children and relatives}
        steps:
          - {label: {nl: Geen opvang, en: No care}, text: {nl: Er is geen opvang voor de kinderen., en: There is no care for the children.}}
          - {label: {nl: Soms, en: Sometimes}, text: {nl: Soms past familie op., en: Sometimes family helps out.}}
          - {label: {nl: Geregeld, en: Arranged}, text: {nl: De opvang is geregeld., en: Care is arranged.}}
  - id: money
    name: {nl: Geld, en: Money}
    colour: "#c0703a"
    subpillars:
      - id: debts
        name: {nl: Schulden, en: Debts}
        steps:
          - {label: {nl: Beslag, en: Seizure}, text: {nl: Er ligt beslag op je inkomen., en: Your income is seized.}}
          - {label: {nl: Aangemeld, en: Registered}, text: {nl: Je bent aangemeld bij schuldhulp., en: You signed up for debt help.}}
          - {label: {nl: Regeling, en: Arrangement}, text: {nl: Er is een regeling., en: There is an arrangement.}}
          - {label: {nl: Bijna vrij, en: Nearly free}, text: {nl: De laatste schulden worden afgelost., en: The last debts are being paid off.}}
          - {label: {nl: Schuldenvrij, en: Debt free}, text: {nl: Je hebt geen schulden meer., en: You have no debts any more.}}
      - id: savings
        name: {nl: Sparen, en: Savings}
        steps:
          - {label: {nl: Niets, en: Nothing}, text: {nl: Er is geen buffer., en: There is no buffer.}}
          - {label: {nl: Buffer, en: Buffer}, text: {nl: Je hebt een buffer van drie maanden., en: You have three months of buffer.}}
"""


def sample_definition() -> BridgeDefinition:
    return definition_from_text(SAMPLE_YAML, "sample.yaml")


@lru_cache(maxsize=None)
def big_definition(pillars: int = 12, subs: int = 4, steps: int = 10) -> BridgeDefinition:
    """A large fictional definition (default 12 pillars x 4 sub-pillars x 10 steps)."""
    data = {
        "id": "groot",
        "version": 1,
        "name": {"nl": "Grote brug", "en": "Big bridge"},
        "pillars": [
            {
                "id": f"p{p}",
                "name": {"nl": f"Pijler {p}", "en": f"Pillar {p}"},
                "colour": f"#{(40 + 15 * p) % 256:02x}6a9e",
                "subpillars": [
                    {
                        "id": f"p{p}s{s}",
                        "name": {"nl": f"Onderdeel {p}.{s} met een lange naam", "en": f"Part {p}.{s} with a long name"},
                        "steps": [
                            {
                                "label": {"nl": f"Trede {k}", "en": f"Step {k}"},
                                "text": {"nl": f"Een zin over trede {k} van dit onderdeel.", "en": f"A sentence about step {k}."},
                            }
                            for k in range(steps)
                        ],
                    }
                    for s in range(subs)
                ],
            }
            for p in range(pillars)
        ],
    }
    return definition_from_data(data, "big")


def assessment(
    definition: BridgeDefinition,
    date: dt.date = dt.date(2026, 3, 9),
    steps: dict[str, int | None] | None = None,
    focus: tuple[str, ...] = (),
    notes: dict[str, str] | None = None,
) -> Assessment:
    steps = steps or {}
    notes = notes or {}
    choices = {
        sub_id: Choice(step=step, note=notes.get(sub_id, ""), focus=sub_id in focus)
        for sub_id, step in steps.items()
    }
    for sub_id in focus:
        choices.setdefault(sub_id, Choice(focus=True))
    return Assessment(
        client_id=1,
        date=date,
        definition_id=definition.id,
        definition_version=definition.version,
        choices=choices,
    )


def test_sample_definition_has_mixed_step_counts():
    counts = {sub.id: sub.step_count for _, sub in sample_definition().subpillars()}
    assert counts == {"housing": 4, "care": 3, "debts": 5, "savings": 2}


def test_big_definition_has_the_asked_size():
    defn = big_definition()
    assert len(defn.pillars) == 12
    assert len(defn.subpillar_ids()) == 48
    assert {sub.step_count for _, sub in defn.subpillars()} == {10}
