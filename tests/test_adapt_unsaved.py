"""Unsaved edits in the adaptation workbook (issue 21): leaving them asks first, and a draft in
the team's folder means a closed tab loses nothing."""

from __future__ import annotations

import json

import pytest

from mmwidgets.apps.adapt import adapt_app
from mmwidgets.model.bridge import drafts


@pytest.fixture()
def own(tmp_path):
    folder = tmp_path / "definitions"
    folder.mkdir()
    return folder


def test_choosing_another_bridge_with_unsaved_edits_asks_first(own):
    app = adapt_app(lang="nl", definitions_dir=own)
    assert not app.unsaved and "mm-unsaved" not in app._dom_classes
    app.open_choice.value = "mm-eenvoudig@1"  # nothing changed yet: opens at once
    assert app.editor.data["id"].startswith("mm-eenvoudig") and app.leave_question.layout.display == "none"
    app.editor.def_name_nl.value = "Mijn eenvoudige brug"
    assert app.unsaved and "mm-unsaved" in app._dom_classes
    app.open_choice.value = "mm-standaard@1"
    # not opened: the question, and the dropdown still says what is being edited
    assert app.leave_question.layout.display is None
    assert "nog niet bewaard" in app.leave_text.value and "Brug naar een stabiel bestaan" in app.leave_text.value
    assert app.editor.def_name_nl.value == "Mijn eenvoudige brug" and app.entry.key == "mm-eenvoudig@1"
    app.leave_no.click()
    assert app.leave_question.layout.display == "none" and app.editor.def_name_nl.value == "Mijn eenvoudige brug"
    assert app.open_choice.value == "mm-eenvoudig@1"  # the choice is set back to what is being edited
    app.open_choice.value = "mm-standaard@1"
    app.leave_yes.click()
    assert app.editor.data["id"] == "mm-standaard-eigen" and not app.unsaved
    assert drafts.load_draft(own) is None  # the changes were thrown away on purpose
    # saving makes the bridge "clean" again: no question after a save
    app.editor.def_name_nl.value = "Bewaard"
    app.savebar.name.value = "bewaard"
    app.savebar.save.click()
    assert "Bewaard" in app.savebar.status.value and not app.unsaved and drafts.load_draft(own) is None
    app.open_choice.value = "mm-eenvoudig@1"
    assert app.leave_question.layout.display == "none" and app.editor.data["id"].startswith("mm-eenvoudig")


def test_a_closed_tab_loses_nothing_the_next_visit_offers_the_draft(own):
    first = adapt_app(lang="nl", definitions_dir=own)
    first.open_choice.value = "mm-eenvoudig@1"
    first.editor.pillars.list.value = 0
    first.editor.pillar_name_nl.value = "Thuis en gezin"
    first.savebar.name.value = "mijn-versie"
    first.editor.pillar_name_nl.value = "Thuis en gezin!"
    kept = drafts.load_draft(own)
    assert kept is not None and kept.opened == "mm-eenvoudig@1" and kept.file_name == "mijn-versie"
    assert kept.data["pillars"][0]["name"]["nl"] == "Thuis en gezin!"
    assert not any(p.suffix == ".yaml" for p in own.rglob("*"))  # never taken for a bridge
    # the tab is closed; a new visit
    second = adapt_app(lang="nl", definitions_dir=own)
    assert second.draft_offer.layout.display is None
    assert "nog niet bewaard" in second.draft_text.value and "mm-eenvoudig" not in second.draft_text.value
    second.draft_restore.click()
    assert second.editor.data["pillars"][0]["name"]["nl"] == "Thuis en gezin!"
    assert second.open_choice.value == "mm-eenvoudig@1" and second.savebar.name.value == "mijn-versie"
    assert second.unsaved and second.draft_offer.layout.display == "none"
    # thrown away: no offer the next time
    third = adapt_app(lang="en", definitions_dir=own)
    assert "not saved yet" in third.draft_text.value and third.draft_drop.description == "No, throw them away"
    third.draft_drop.click()
    assert drafts.load_draft(own) is None
    assert adapt_app(lang="nl", definitions_dir=own).draft_offer.layout.display == "none"


def test_a_broken_draft_is_ignored_quietly(own):
    path = drafts.draft_path(own)
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    assert drafts.load_draft(own) is None
    path.write_text(json.dumps({"data": [1, 2]}), encoding="utf-8")
    assert drafts.load_draft(own) is None
    app = adapt_app(lang="nl", definitions_dir=own)
    assert app.draft_offer.layout.display == "none" and app.messages.value == ""


def test_the_page_asks_before_closing_while_unsaved(own):
    app = adapt_app(lang="nl", definitions_dir=own)
    guard = app.unload_guard.value
    assert "beforeunload" in guard and ".mm-adapt.mm-unsaved" in guard
