"""Goals and actions behave under the finger: one goal per part, remove with undo, rows that stay put,
history lines that name the action (issue 18)."""

from __future__ import annotations

import datetime as dt

import pytest

from mmwidgets.apps.conversation import conversation_app
from mmwidgets.model.errors import InvalidInput
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.plans.repo import PlanRepo
from mmwidgets.store.store import Store
from mmwidgets.widgets.plan.panel import PlanPanel

TODAY = dt.date(2026, 3, 11)


@pytest.fixture
def store(tmp_path):
    s = Store("sqlite:///" + str(tmp_path / "t.db"))
    yield s
    s.dispose()


@pytest.fixture
def panel(store):
    client = ClientRepo(store).create("Merel")
    p = PlanPanel(store, "nl", today=TODAY)
    p.set_client(client.id)
    return p


def rows(editor):
    return [row.key for row in editor.action_rows if row.key is not None]


def add(editor, what, due=""):
    editor.quick_due.value = due
    editor.quick_what.value = what


def test_three_taps_on_make_a_goal_leave_one_goal(store):
    app = conversation_app(store=store, lang="nl")
    app.picker.new_name.value = "Wonen3"
    app.picker.create_button.click()
    app.editor.editors["housing"].buttons[2].click()
    app.editor.editors["housing"].focus.value = True
    for _ in range(3):
        button = next(b for b in app.focus_goals.children if "mm-focus-goal-housing" in b._dom_classes)
        button.click()
        app.tabs.selected_index = 2  # back to "Waaraan werken?"
    goals = PlanRepo(store).load(app.client.id).goals
    assert [(g.subpillar_id, g.status) for g in goals] == [("housing", "open")]
    assert "iets mis" not in app.messages.value


def test_a_goal_without_actions_can_be_removed_and_brought_back(panel, store):
    editor = panel.editor
    editor.new_goal.value = "Per ongeluk"
    key = editor.selected
    assert editor.goal_remove.layout.display == "" and editor.goal_remove.description == "Doel weghalen"
    editor.goal_remove.click()
    assert PlanRepo(store).load(panel.client.id).goals == []
    assert editor.undo_bar.layout.display == "" and "Per ongeluk" in editor.undo_text.value
    editor.undo_button.click()
    again = PlanRepo(store).load(panel.client.id)
    assert [g.key for g in again.goals] == [key] and again.goals[0].text == "Per ongeluk"
    assert editor.selected == key and editor.undo_bar.layout.display == "none"


def test_a_goal_with_actions_is_not_removed(panel):
    editor = panel.editor
    editor.new_goal.value = "Werk"
    add(editor, "Bel de bieb")
    assert editor.goal_remove.layout.display == "none"
    with pytest.raises(InvalidInput) as info:
        editor.remove_goal(editor.selected)
    assert "gestopt" in info.value.message("nl")


def test_a_ticked_action_stays_in_place_until_the_list_is_opened_again(panel):
    editor = panel.editor
    editor.new_goal.value = "Werk"
    goal = editor.selected
    for what, due in (("Eerst", "12-3-2026"), ("Tweede", "13-3-2026"), ("Derde", "14-3-2026")):
        add(editor, what, due)
    order = rows(editor)
    first = editor.action_rows[0]
    first.done.value = True  # a tick
    assert rows(editor) == order, "no row moves under the finger"
    assert editor.action_rows[1].done.value is False
    editor.new_goal.value = "Ander doel"
    editor.select_goal(goal)  # the list opened again: done actions go last
    assert rows(editor) == order[1:] + order[:1]


def test_deleting_an_action_has_undo_and_the_history_names_it(panel, store):
    editor = panel.editor
    editor.new_goal.value = "Werk"
    add(editor, "Bel het uitzendbureau", "13-3-2026")
    add(editor, "Cv maken", "14-3-2026")
    key = rows(editor)[0]
    editor.action_rows[0].done.value = True
    editor.action_rows[0].remove.click()
    assert [a.what for a in PlanRepo(store).load(panel.client.id).goals[0].actions] == ["Cv maken"]
    assert "Bel het uitzendbureau" in editor.undo_text.value and editor.undo_button.description == "Ongedaan maken"
    history = editor.history_html.value
    assert "‘Bel het uitzendbureau’ gedaan op" in history and "‘’" not in history
    editor.undo_button.click()
    back = PlanRepo(store).load(panel.client.id).goals[0].action(key)
    assert back is not None and back.what == "Bel het uitzendbureau"
    assert back.due == dt.date(2026, 3, 13) and back.done_on == TODAY
