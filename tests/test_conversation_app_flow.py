"""The conversation as guided steps, with a date, last time's check-in, the like-for-like
change, the "bewaard" line, ?client=<id>, and two tabs (two Store objects) on one client."""

from __future__ import annotations

import datetime as dt

import pytest

from mmwidgets.apps.conversation import conversation_app
from mmwidgets.model.dates import local_today
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.store import Store


@pytest.fixture
def db_path(tmp_path):
    return "sqlite:///" + str(tmp_path / "t.db")


@pytest.fixture
def app(db_path):
    return conversation_app(store=Store(db_path), lang="nl", plan=False)


def click_step(app, sub_id, n):
    app.editor.editors[sub_id].buttons[n].click()


def new_client(app, name):
    app.picker.new_name.value = name
    app.picker.create_button.click()
    return app.client


def test_the_steps_go_one_at_a_time_and_start_at_the_check_in(app):
    new_client(app, "Merel")
    assert app.tabs.titles == ("Hoe gaat het?", "Brug", "Waaraan werken?", "Verloop", "Meenemen")
    assert app.tabs.selected_index == 0
    assert app.steps.prev_button.disabled and not app.steps.next_button.disabled
    for expected in range(1, 5):
        app.steps.next_button.click()
        assert app.tabs.selected_index == expected
    assert app.steps.next_button.disabled, "no step after 'Meenemen'"
    assert "Stap 5 van 5" in app.steps.where.value
    app.steps.prev_button.click()
    assert app.tabs.selected_index == 3


def test_a_conversation_recorded_afterwards_and_one_today(app, db_path):
    client = new_client(app, "Gaai")
    earlier = local_today() - dt.timedelta(days=30)
    app.day_field.field.value = f"{earlier.day}-{earlier.month}-{earlier.year}"
    app.stress.level.value = 7
    app.stress.note.value = "drukke week"
    click_step(app, "housing", 2)
    click_step(app, "debts", 2)
    assert "Bewaard om" in app.saved.value
    app.day_field.today_button.click()
    assert app.day == local_today()
    assert app.assessment is None, "today's conversation starts at the first change"
    previous = app.stress.previous.value
    assert f"Vorige keer ({earlier.day}-{earlier.month}-{earlier.year}): 7" in previous
    assert "drukke week" in previous
    assert app.stress.level.value == 0 and app.stress.unset.value, "today's stress is not filled in yet"
    click_step(app, "housing", 4)
    click_step(app, "income", 3)  # new this time: not part of the comparison
    summary = app.score_view.summary.value
    assert "+50 punten sinds" in summary
    assert "Vergeleken op 1 van de 10 onderdelen" in summary
    dates = sorted(a.date for a in AssessmentRepo(Store(db_path)).history(client.id))
    assert dates == [earlier, local_today()]


def test_a_date_in_the_future_or_not_a_date_is_refused_next_to_the_field(app):
    new_client(app, "Vink")
    app.day_field.field.value = "31-02-2026"
    assert "is geen datum" in app.day_field.problem.value
    soon = local_today() + dt.timedelta(days=10)
    app.day_field.field.value = f"{soon.day}-{soon.month}-{soon.year}"
    assert "nog niet geweest" in app.day_field.problem.value
    assert app.day == local_today()
    app.set_lang("en")
    app.day_field.field.value = "soon"
    assert "is not a date" in app.day_field.problem.value


def test_the_query_string_opens_that_client_and_shows_its_id(app):
    client = app.clients.create("Kraai")
    assert app.open_from_query(f"lang=nl&client={client.id}")
    assert app.client.id == client.id
    assert f"data-mm-client='{client.id}'" in app.current_client.value
    assert not app.open_from_query("client=999999")
    assert not app.open_from_query("client=<script>")
    assert app.client.id == client.id


def test_two_tabs_on_one_client_share_the_days_conversation(db_path):
    first = conversation_app(store=Store(db_path), lang="nl", plan=False)
    second = conversation_app(store=Store(db_path), lang="nl", plan=False)
    client = first.clients.create("Tweeling")
    first.open_client(first.clients.get(client.id))
    second.open_client(second.clients.get(client.id))  # both open before the first click
    click_step(first, "housing", 2)
    click_step(second, "debts", 3)
    saved = AssessmentRepo(Store(db_path)).history(client.id)
    assert len(saved) == 1, "one conversation per client per day"
    assert saved[0].step("housing") == 2 and saved[0].step("debts") == 3
    reopened = conversation_app(store=Store(db_path), lang="nl", plan=False)
    reopened.open_client(reopened.clients.get(client.id))
    assert reopened.editor.steps["housing"] == 2 and reopened.editor.steps["debts"] == 3


def test_export_and_plain_words(app):
    new_client(app, "Specht")
    labels = [label for label, _key in app.definition_choice.options]
    assert all("(" not in label and "v1" not in label for label in labels), labels
    app.tabs.selected_index = app.tabs.children.index(app.takehome_page)
    app.open_data()
    assert "JSON" not in app.export_button.description
    name, data = app.export_button.click()
    assert b"Specht" in data


def test_a_stale_change_shows_the_new_value_and_the_coach_chooses(db_path):
    first = conversation_app(store=Store(db_path), lang="nl", plan=False)
    second = conversation_app(store=Store(db_path), lang="nl", plan=False)
    client = first.clients.create("Roek")
    first.open_client(first.clients.get(client.id))
    click_step(first, "housing", 2)
    second.open_client(second.clients.get(client.id))  # shows housing 2
    click_step(first, "housing", 4)  # the first tab changes it again
    click_step(second, "housing", 1)  # the second tab still showed 2: stale
    assert second.stale_prompt.is_open
    assert "stap 4" in second.stale_prompt.text.value
    assert AssessmentRepo(Store(db_path)).history(client.id)[0].step("housing") == 4, "nothing overwritten"
    second.stale_prompt.theirs.click()  # "Houd de nieuwe"
    assert not second.stale_prompt.is_open
    assert second.editor.steps["housing"] == 4
    click_step(first, "housing", 5)
    click_step(second, "housing", 1)
    assert second.stale_prompt.mine.description == "Gebruik mijn keuze"
    second.stale_prompt.mine.click()  # "Gebruik mijn keuze"
    assert AssessmentRepo(Store(db_path)).history(client.id)[0].step("housing") == 1
    assert second.editor.steps["housing"] == 1
    # the check-in too
    first.stress.level.value = 3
    second.stress.level.value = 8
    assert second.stale_prompt.is_open
    second.stale_prompt.mine.click()
    assert AssessmentRepo(Store(db_path)).history(client.id)[0].stress == 8


def test_verloop_shows_the_latest_conversation_when_its_step_is_opened(app):
    new_client(app, "Ekster")
    click_step(app, "housing", 3)
    app.tabs.selected_index = app.tabs.children.index(app.progress_page)
    drawn = str(app.progress_view.figure)
    click_step(app, "housing", 5)  # while Verloop is shown: drawn at once
    assert str(app.progress_view.figure) != drawn
    app.tabs.selected_index = 1
    shown = str(app.progress_view.figure)
    click_step(app, "housing", 1)  # hidden: drawn when opened again
    app.tabs.selected_index = app.tabs.children.index(app.progress_page)
    assert str(app.progress_view.figure) != shown


def test_the_data_step_lists_who_looked_at_the_file(app):
    new_client(app, "Merel")
    app.open_data()
    lines = app.who_looked.children[0].value
    assert app.who_looked.selected_index is None and app.who_looked.titles[0] == "Wie heeft dit dossier bekeken?"
    assert lines.count("<li>") >= 1 and "Merel" not in lines  # who and when, never the client's name


def _classes(widget) -> set[str]:
    """Every CSS class in a widget tree."""
    found = set(getattr(widget, "_dom_classes", ()))
    for child in getattr(widget, "children", ()):
        found |= _classes(child)
    return found


def test_take_home_offers_print_pdf_and_calendar_and_never_erasing(db_path):
    app = conversation_app(store=Store(db_path), lang="nl")
    new_client(app, "Wielewaal")
    app.tabs.selected_index = app.tabs.children.index(app.takehome_page)
    classes = _classes(app.takehome_page)
    assert {"mm-plan-print", "mm-plan-ics"} <= classes
    assert not classes & {"mm-erase", "mm-erase-confirm", "mm-export"}
    box = app.takehome_slot.children[0]
    assert box.print_button.description == "Plan printen" and box.children[1].children[0] is box.print_button
    box.print_button.click()
    assert "mm-print-frame" in box.view.value and "Mijn plan" in box.view.value
    # "Gegevens" is a place of its own, closed until the coach opens it; erasing asks first
    assert app.data_box.layout.display == "none"
    app.open_data()
    assert app.data_box.layout.display == "" and "mm-erase" in _classes(app.data_box)
    confirm_box = app.data_panel.children[-1]
    assert confirm_box.layout.display == "none"
    app.data_close.click()
    assert app.data_box.layout.display == "none"
