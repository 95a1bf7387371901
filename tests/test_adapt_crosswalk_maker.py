"""Koppeling maken (issue 21): after saving a variant of a bridge, the workbook proposes the
crosswalk old -> new, shows what has no place, lets the designer adjust it, checks it as a
crosswalk file and saves it beside the variant; the conversation and the reports then carry
the earlier conversations across."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from mmwidgets import validate
from mmwidgets.apps.adapt import adapt_app
from mmwidgets.model.bridge import edit
from mmwidgets.model.bridge.crosswalk import (
    crosswalk_problems,
    load_crosswalks,
    own_crosswalks_dir,
    propose_crosswalk,
    shipped_crosswalks_dir,
    spread_steps,
)
from mmwidgets.model.bridge.diff import diff_definitions
from mmwidgets.model.bridge.library import DefinitionLibrary, shipped_bridges_dir
from mmwidgets.widgets.adapt.crosswalk import NONE


@pytest.fixture()
def own(tmp_path):
    folder = tmp_path / "definitions"
    folder.mkdir()
    return folder


def variant(app) -> None:
    """The designer's afternoon, short: a new sub-pillar in Dutch only, a step more for Wonen,
    Sparen taken out, Gezondheid renamed (its id follows: a new id, same texts)."""
    editor = app.editor
    editor.def_name_nl.value = "Brug Alphen"
    editor.steps.list.value = 4  # Wonen, step 5: a new step above it
    editor.steps.add.click()
    editor.step_text_nl.value = "Een eigen huis, zonder zorgen over de lasten."
    editor.pillars.list.value = 4  # employment
    editor.subs.add.click()
    editor.sub_name_nl.value = "Digitale vaardigheden"
    for n in range(5):
        editor.steps.list.value = n
        editor.step_text_nl.value = f"Digitaal, trede {n + 1}."
    editor.pillars.list.value = 2  # finance: savings out
    editor.subs.list.value = 1
    editor.subs.remove.click()
    editor.sub_clear.click()
    assert app.validation.ok, app.problems.status.value


def test_the_proposal_follows_ids_renames_texts_and_step_counts():
    library = DefinitionLibrary([shipped_bridges_dir()])
    old = library.default()
    data = edit.editable_copy(old, set(library.keys()))
    data, _ = edit.add_step(data, 0, 0)  # a step added at the top of housing
    data = edit.set_text(data, edit.step_path(0, 0, 5) + ("text",), "nl", "Nieuw bovenaan.")
    data = edit.set_field(data, edit.subpillar_path(1, 0) + ("id",), "gezondheid")  # health under a new id
    data = edit.clear_weights(edit.remove_subpillar(data, 2, 1), 2)  # savings out
    new = edit.validate(data).definition
    proposal = propose_crosswalk(old, new, dict(diff_definitions(old, new).sub_renames))
    lines = {line["from"]: line for line in proposal.data["subpillars"]}
    assert lines["housing"] == {"from": "housing", "to": "housing", "steps": [1, 2, 3, 4, 5]}  # texts kept
    assert lines["health"]["to"] == "gezondheid" and lines["health"]["steps"] == [1, 2, 3, 4, 5]
    assert "savings" not in lines and proposal.no_place == ("savings",)
    assert proposal.not_fed == ()
    assert proposal.data["from"] == "mm-standaard@1" and proposal.data["to"] == new.key
    assert crosswalk_problems(proposal.data, old, new) == []
    # another number of steps and no texts in common: spread evenly, crisis and top kept
    assert spread_steps(5, 3) == [1, 1, 2, 3, 3] and spread_steps(3, 5) == [1, 3, 5] and spread_steps(4, 4) == [1, 2, 3, 4]
    # two old parts onto one new part is refused, as in a file
    bad = {**proposal.data, "subpillars": [*proposal.data["subpillars"], {"from": "savings", "to": "debts", "steps": [1] * 5}]}
    assert [p.code for p in crosswalk_problems(bad, old, new)] == ["cw_duplicate_target"]


def test_make_adjust_check_and_save_the_crosswalk_beside_the_variant(own, monkeypatch):
    monkeypatch.setenv("MM_DATA_DIR", str(own.parent))
    app = adapt_app(lang="nl", definitions_dir=own)
    maker = app.crosswalk
    assert "Bewaar eerst je brug" in maker.intro.value and maker.save.layout.display == "none"
    variant(app)
    assert app.savebar.make_crosswalk.layout.display == "none"  # not before it is saved
    app.savebar.name.value = "brug-alphen"
    app.savebar.save.click()
    assert "Bewaard" in app.savebar.status.value
    assert app.savebar.make_crosswalk.layout.display is None and app.savebar.make_crosswalk.description == "Koppeling maken"
    app.savebar.make_crosswalk.click()
    assert app.tabs.selected_index == 2 and app.tabs.titles[2] == "Koppeling"
    assert "Brug naar een stabiel bestaan" in maker.intro.value and "Brug Alphen" in maker.intro.value
    # what has no place, in words
    assert "Geen plek in de nieuwe brug" in maker.no_place.value and "Sparen" in maker.no_place.value
    assert "begint leeg" in maker.no_place.value and "Digitale vaardigheden" in maker.no_place.value
    assert "In orde" in maker.problems.value
    # housing: old step 5 is still step 5 (the new top step is fed by nothing)
    assert [d.value for d in maker._steps["housing"]] == ["1", "2", "3", "4", "5"]
    # the designer adjusts: the old top step of housing goes to the new top
    maker._steps["housing"][4].value = "6"
    # and maps network onto the new part by mistake, two parts onto one: said, not saved
    maker._targets["network"].value = "care"
    assert "te verbeteren" in maker.problems.value and "twee onderdelen" in maker.problems.value
    assert "subpillars[" not in maker.problems.value  # places in words
    assert maker.save.disabled
    maker._targets["network"].value = "network"
    assert "In orde" in maker.problems.value and not maker.save.disabled
    maker.save.click()
    assert "Gesprekken op" in maker.status.value and "lopen nu door" in maker.status.value
    [saved] = sorted(own_crosswalks_dir(own).glob("*.yaml"))
    data = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert data["from"] == "mm-standaard@1" and data["to"] == "mm-standaard-eigen@1"
    housing = next(line for line in data["subpillars"] if line["from"] == "housing")
    assert housing["steps"] == [1, 2, 3, 4, 6]
    assert not any(line["from"] == "savings" for line in data["subpillars"])
    # `mmwidgets validate` accepts the Dutch-only variant and the crosswalk made in the workbook
    lines, code = validate.validate_lines([str(own / "brug-alphen.yaml"), str(saved)], "nl")
    assert code == 0, lines
    assert lines[-1] == "Gecontroleerd: 2. In orde: 2. Met fouten: 0."
    # English: the same maker in English words
    app.lang_switch.value = "en"
    assert app.tabs.titles[2] == "Crosswalk" and "All fine" in maker.problems.value
    assert maker._targets["savings"].value == NONE and maker._targets["savings"].label == "no place (not carried over)"


def test_the_conversation_and_the_report_carry_history_across(own, tmp_path):
    from mmwidgets.apps.conversation import conversation_app
    from mmwidgets.store.assessments import AssessmentRepo
    from mmwidgets.store.clients import ClientRepo
    from mmwidgets.store.reports.team import ReportOptions, team_report
    from mmwidgets.store.store import Store

    app = adapt_app(lang="nl", definitions_dir=own)
    variant(app)
    app.savebar.name.value = "brug-alphen"
    app.savebar.save.click()
    app.savebar.make_crosswalk.click()
    app.crosswalk.save.click()
    library = DefinitionLibrary([shipped_bridges_dir(), own])
    old, new = library.get("mm-standaard@1"), library.get("mm-standaard-eigen@1")
    store = Store("sqlite:///" + str(tmp_path / "t.db"))
    repo = AssessmentRepo(store)
    for name in ("Reiger", "Kievit", "Wulp", "Grutto", "Tureluur"):  # a report shows groups of 5 or more
        client = ClientRepo(store).create(name)
        for day, step in ((dt.date(2026, 3, 2), 2), (dt.date(2026, 6, 1), 3)):
            talk = repo.start(client.id, old, day)
            repo.set_choice(talk.id, "housing", definition=old, step=step)
            repo.set_choice(talk.id, "debts", definition=old, step=2)
            repo.set_choice(talk.id, "savings", definition=old, step=4)
    convo = conversation_app(store=store, lang="nl", library=library)
    convo.definition_choice.value = new.key
    convo.open_client(client)
    assert convo.definition.key == new.key
    assert convo.previous is not None and convo.previous.step("housing") == 3 and convo.previous.step("debts") == 2
    notes = convo.mapping_notes.value
    assert "Sparen" in notes and "mm-standaard" not in notes  # what was lost, by name, no ids
    # the reports: the same crosswalk, found beside the team's definitions
    crosswalks = load_crosswalks([shipped_crosswalks_dir(), own_crosswalks_dir(own)]).checked(
        lambda key: library.get(key) if key in library else None)
    report = team_report(store, ReportOptions(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), definition=new,
                                              minimum=5, crosswalks=crosswalks, lookup=library.get))
    assert report.unmapped == [] or all(u.key != old.key or u.dropped == ["savings"] for u in report.unmapped)
    housing = report.parts.set_index("part").loc["housing"]
    assert housing["clients"] == 5  # counted on the variant through the team's crosswalk
    store.dispose()
