"""A refused text is refused at its field: the reason under it, the field marked, no "Bewaard",
no field id such as "note:" in the message (issue 18)."""

from __future__ import annotations

import datetime as dt

from mmwidgets.apps.conversation import conversation_app
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store
from mmwidgets.widgets.plan.panel import PlanPanel

LONG = "x" * 5220


def new_app(tmp_path):
    app = conversation_app(store=Store("sqlite:///" + str(tmp_path / "t.db")), lang="nl", plan=False)
    app.picker.new_name.value = "Kievit"
    app.picker.create_button.click()
    return app


def test_a_too_long_bridge_note_is_refused_under_the_note(tmp_path):
    app = new_app(tmp_path)
    sub = app.editor.editors["housing"]
    sub.note.value = "Huur is te hoog"
    assert app.saved.value != "" and sub.note_error.value == ""
    sub.note.value = LONG
    assert app.saved.value == "", "no 'Bewaard' for a refused note"
    assert "te lang" in sub.note_error.value and "role='alert'" in sub.note_error.value
    assert "note" not in sub.note_error.value.lower().replace("notitie", "")
    assert "mm-field-invalid" in sub.note._dom_classes
    assert sub.note.value == LONG, "the text stays for the coach to shorten"
    assert "te lang" not in app.messages.value, "not at the top of the page"
    saved = AssessmentRepo(app.store).get(app.assessment.id)
    assert saved.choices["housing"].note == "Huur is te hoog"
    sub.note.value = LONG[:100]  # shortened: saved, the mark goes
    assert sub.note_error.value == "" and "mm-field-invalid" not in sub.note._dom_classes
    assert app.saved.value != ""


def test_a_too_long_stress_note_is_refused_under_it(tmp_path):
    app = new_app(tmp_path)
    app.stress.note.value = LONG
    assert "te lang" in app.stress.note_error.value and app.saved.value == ""
    assert "mm-field-invalid" in app.stress.note._dom_classes and "te lang" not in app.messages.value
    app.stress.note.value = "Moe"
    assert app.stress.note_error.value == "" and app.saved.value != ""


def test_a_too_long_goal_text_is_refused_under_the_field(tmp_path):
    store = Store("sqlite:///" + str(tmp_path / "p.db"))
    client = ClientRepo(store).create("Merel")
    panel = PlanPanel(store, "nl", today=dt.date(2026, 3, 11))
    panel.set_client(client.id)
    editor = panel.editor
    editor.new_goal.value = "Werk"
    editor.why.value = "Geld"
    assert editor.saved.value != ""
    editor.why.value = LONG
    assert "te lang" in editor.field_errors["why"].value and editor.saved.value == ""
    assert "mm-field-invalid" in editor.why._dom_classes and editor.why.value == LONG
    assert "te lang" not in panel.messages.value and "why" not in editor.field_errors["why"].value
    editor.why.value = "Dan kan ik de huur betalen"
    assert editor.field_errors["why"].value == "" and editor.saved.value != ""


def test_conversation_dates_typed_as_coaches_say_them_going_back(tmp_path):
    from mmwidgets.widgets.conversation.date import ConversationDate

    field = ConversationDate("nl", today=lambda: dt.date(2026, 12, 6))
    got = []
    field.on_change(got.append)
    field.field.value = "gisteren"
    assert got[-1] == dt.date(2026, 12, 5) and "zaterdag 5 december 2026" in field.shown.value
    field.field.value = "1-12"
    assert got[-1] == dt.date(2026, 12, 1)
    field.field.value = "20-12"  # a conversation happened: last year's 20 December
    assert got[-1] == dt.date(2025, 12, 20) and "2025" in field.shown.value
    field.field.value = "morgen"
    assert got[-1] == dt.date(2025, 12, 20) and "nog niet geweest" in field.problem.value


def test_a_date_that_already_has_a_conversation_says_so(tmp_path):
    app = new_app(tmp_path)
    app.editor.editors["housing"].buttons[2].click()  # today's conversation exists now
    app.day_field.field.value = "gisteren"
    assert "al een gesprek" not in app.day_field.problem.value
    app.day_field.field.value = "vandaag"
    assert "al een gesprek" in app.day_field.problem.value
