"""The plan tab as a coach uses it at the table (issue 8): dates as typed, messages beside the
field, money only when chosen, a real "gedaan" button, "Bewaard" after a saved change."""

from __future__ import annotations

import datetime as dt

import ipywidgets as W
import pytest

from mmwidgets.model.assessment import InvalidInput
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store
from mmwidgets.store.plans.repo import PlanRepo
from mmwidgets.widgets.plan.editor import PlanEditor
from mmwidgets.widgets.plan.panel import PlanPanel

TODAY = dt.date(2026, 3, 11)  # a Wednesday


@pytest.fixture
def editor():
    return PlanEditor("nl", today=TODAY)


@pytest.fixture
def store(tmp_path):
    s = Store("sqlite:///" + str(tmp_path / "t.db"))
    yield s
    s.dispose()


def new_goal(editor: PlanEditor, text: str = "Werk") -> str:
    editor.new_goal.value = text
    return editor.selected


@pytest.mark.parametrize(
    "typed, expected",
    [("over 2 weken", dt.date(2026, 3, 25)), ("vrijdag", dt.date(2026, 3, 13)), ("20-3", dt.date(2026, 3, 20)),
     ("+2w", dt.date(2026, 3, 25)), ("in 2 weeks", dt.date(2026, 3, 25))],
)  # fmt: skip
def test_a_deadline_typed_at_the_table_is_accepted(editor, typed, expected):
    key = new_goal(editor)
    editor.target_date.text.value = typed
    assert editor.plan.goal(key).target_date == expected
    assert editor.target_date.text.value == expected.strftime("%d-%m-%Y")  # shown back as dd-mm-jjjj
    assert editor.target_date.error.value == ""


def test_a_refused_deadline_is_explained_beside_the_field(editor):
    key = new_goal(editor)
    editor.target_date.text.value = "20-3-2040"
    error = editor.target_date.error.value
    assert "Streefdatum:" in error and "kan niet kloppen" in error
    assert editor.messages.value == ""  # not at the top of the page
    assert editor.plan.goal(key).target_date is None
    editor.set_lang("en")
    editor.review_date.text.value = "someday"
    assert "Review together on:" in editor.review_date.error.value


def test_an_appointment_refused_beside_its_field(editor):
    new_goal(editor)
    editor.meeting.value = "vrijdag 25:00"
    assert "Volgende afspraak:" in editor.meeting_field.error.value
    assert editor.plan.next_meeting is None
    editor.meeting.value = "over 2 weken om 10:00"
    assert editor.plan.next_meeting == dt.datetime(2026, 3, 25, 10, 0)
    assert editor.meeting.value == "25-03-2026 10:00"


def test_an_action_date_refused_in_its_row(editor):
    new_goal(editor)
    editor.quick_due.value = "vrijdag"
    editor.quick_what.value = "Bel de huisarts"
    row = next(r for r in editor.action_rows if r.key)
    row.due.value = "31-02"
    assert "geen datum" in row.error.value
    assert editor.plan.goals[0].actions[0].due == dt.date(2026, 3, 13)
    row.due.value = "over 3 dagen"
    assert editor.plan.goals[0].actions[0].due == dt.date(2026, 3, 14)


def test_the_done_tick_is_a_large_toggle_button(editor):
    new_goal(editor)
    editor.quick_what.value = "Bel de huisarts"
    row = next(r for r in editor.action_rows if r.key)
    assert isinstance(row.done, W.ToggleButton)
    assert row.done.layout.height == "44px" and row.done.layout.min_width == "44px"
    row.done.value = True
    assert editor.plan.goals[0].actions[0].done_on == TODAY
    assert next(r for r in editor.action_rows if r.key).done.button_style == "success"


def test_no_money_on_a_reward_unless_someone_chooses_money(editor):
    new_goal(editor)
    rewards = editor.rewards
    assert rewards.amount.layout.display == "none" and rewards.tier.layout.display == "none"
    rewards.what.value = "samen een ijsje eten"
    rewards.agree.click()
    ice = editor.plan.goals[0].rewards[0]
    assert ice.value_cents is None and ice.tier is None
    assert "€" not in rewards.agreed.value
    rewards.money.value = True
    rewards.what.value = "Cadeaubon"
    rewards.amount.value = 7.5
    rewards.agree.click()
    assert editor.plan.goals[0].rewards[1].value_cents == 750
    assert rewards.money.value is False  # the next reward starts without money again
    rewards.kind.value = "intangible"
    assert rewards.money.layout.display == "none"


def test_a_reward_given_without_money_records_nothing_in_euro(editor):
    new_goal(editor)
    rewards = editor.rewards
    assert rewards.given_value.layout.display == "none"
    rewards.given_for.value = "Eerste week gelukt"
    rewards.given_date.text.value = "ergens vorig jaar"
    rewards.give.click()
    assert editor.plan.ledger == [] and "geen datum" in rewards.given_date.error.value
    rewards.given_date.text.value = "09-03-2026"
    rewards.give.click()
    given = editor.plan.ledger[-1]
    assert (given.value_cents, given.kind, given.date) == (0, "intangible", dt.date(2026, 3, 9))


def test_saved_is_confirmed_after_each_change_and_only_when_saved(store):
    client = ClientRepo(store).create("Sam")
    panel = PlanPanel(store, "nl", today=TODAY)
    panel.set_client(client.id)
    assert panel.editor.saved.value == ""
    panel.editor.new_goal.value = "Werk"
    assert "Bewaard om" in panel.editor.saved.value
    assert PlanRepo(store).load(client.id).goals[0].text == "Werk"
    in_memory = PlanEditor("nl", today=TODAY)  # the training exercise saves nothing: says nothing
    new_goal(in_memory)
    assert in_memory.saved.value == ""


def test_texts_typed_pass_through_the_one_cleaner(editor):
    key = new_goal(editor, "Werk\u200b vinden")
    assert editor.plan.goal(key).text == "Werk vinden"  # zero-width space removed
    with pytest.raises(InvalidInput) as caught:
        editor.add_action("Bel \u202egnp.exe")
    assert "text_bidi" == caught.value.problem.code
    editor.quick_what.value = "Bel\x00 de bank"
    assert editor.plan.goal(key).actions == [] and editor.messages.value != ""


def test_labels_are_never_cut_off(editor):
    new_goal(editor)
    for widget in (editor.subpillar, editor.target_step, editor.status, editor.waits_for, editor.quick_who):
        assert widget.style.description_width == "initial"
    assert editor.target_date.label.value and editor.meeting_field.label.value
