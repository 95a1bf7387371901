"""The plan editor driven from Python, in memory (training) and with a store (conversation)."""

from __future__ import annotations

import html

import datetime as dt

import plotly.graph_objects as go
import pytest
from icalendar import Calendar

from mmwidgets.model.assessment import InvalidInput
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.model.plan import Plan, PlanEdit
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store
from mmwidgets.store.plans.repo import PlanRepo
from mmwidgets.widgets.plan.editor import PlanEditor

TODAY = dt.date(2026, 3, 11)  # a Wednesday
EVIL = '<img src=x onerror="alert(1)">'


@pytest.fixture(scope="module")
def definition():
    return load_definition(shipped_data_dir() / "bridges" / "default.yaml")


@pytest.fixture
def editor():
    return PlanEditor("nl", today=TODAY)


@pytest.fixture
def store(db_url):  # SQLite and PostgreSQL (tests/conftest.py)
    s = Store(db_url)
    yield s
    s.dispose()


def type_goal(editor: PlanEditor, text: str) -> str:
    editor.new_goal.value = text  # Text(continuous_update=False): Enter
    return editor.selected


def type_action(editor: PlanEditor, what: str, due: str = "", who: str | None = None, name: str = "") -> None:
    if who is not None:
        editor.quick_who.value = who
    editor.quick_name.value = name
    editor.quick_due.value = due
    editor.quick_what.value = what  # Enter


def shown_rows(editor: PlanEditor):
    return [row for row in editor.action_rows if row.key is not None]


def shown_checks(editor: PlanEditor) -> list[str]:
    return [row.text.value for row in editor.check_rows if row.check_id is not None]


# -- in memory (the training exercise) -------------------------------------------------------
def test_keyboard_only_goal_and_actions(editor):
    edits: list[PlanEdit] = []
    editor.on_change(edits.append)
    key = type_goal(editor, "Ik wil werk vinden")
    assert editor.new_goal.value == "" and editor.plan.goal(key).text == "Ik wil werk vinden"
    type_action(editor, "Bel het uitzendbureau", due="vrijdag")
    assert editor.quick_what.value == ""  # cleared for the next one
    assert editor.quick_due.value == "vrijdag" and editor.quick_who.value == "client"  # they stay
    type_action(editor, "Vraag mijn zus om op te passen", due="20-3", who="other", name="Zus Fatima")
    actions = editor.plan.goal(key).actions
    assert [(a.what, a.due, a.who, a.who_name) for a in actions] == [
        ("Bel het uitzendbureau", dt.date(2026, 3, 13), "client", ""),
        ("Vraag mijn zus om op te passen", dt.date(2026, 3, 20), "other", "Zus Fatima"),
    ]
    assert [e.kind for e in edits] == ["goal.add", "action.add", "action.add"]
    assert len(shown_rows(editor)) == 2
    assert "Zus Fatima" in shown_rows(editor)[1].text.value
    assert editor.quick_name.layout.display == ""  # the name field shows for "someone else"


def test_a_wrong_date_says_so_and_keeps_the_typed_action(editor):
    type_goal(editor, "Werk")
    editor.quick_due.value = "volgende keer"
    # the message is next to the field, naming it; not at the top, out of view
    assert "geen datum" in editor.quick_due_field.error.value and "Datum:" in editor.quick_due_field.error.value
    assert editor.messages.value == ""
    editor.quick_what.value = "Bel het uitzendbureau"
    assert editor.plan.goals[0].actions == []
    assert editor.quick_what.value == "Bel het uitzendbureau"  # nothing typed is lost
    editor.quick_due.value = "morgen"
    assert editor.quick_due_field.error.value == ""
    assert "donderdag 12 maart 2026" in editor.quick_due_shown.value
    editor.quick_what.value = "Bel het uitzendbureau "  # Enter again
    assert [a.due for a in editor.plan.goals[0].actions] == [dt.date(2026, 3, 12)]


def test_a_refusing_owner_leaves_the_screen_unchanged(editor):
    def refuse(edit: PlanEdit) -> None:
        raise RuntimeError("database gone")

    editor.on_change(refuse)
    editor.new_goal.value = "Werk"
    assert editor.plan.goals == []
    assert "Er ging iets mis" in editor.messages.value
    assert "database gone" not in editor.messages.value


def test_checks_show_when_the_coach_asks_and_can_be_ignored(editor):
    type_goal(editor, "Werk vinden")
    assert shown_checks(editor) == []  # not while typing
    editor.check_button.click()  # "Controleer het plan"
    texts = shown_checks(editor)
    assert any("nog geen datum" in x for x in texts) and any("waaraan" in x for x in texts)
    editor.done_when.value = "Ik heb een contract"
    editor.target_date.text.value = "1-6-2026"
    assert editor.plan.goals[0].target_date == dt.date(2026, 6, 1)
    assert shown_checks(editor) == []
    assert "Geen opmerkingen" in editor.checks_heading.value
    for i in range(4):
        type_action(editor, f"Stap {i}", due=f"+{i}")
    assert any("waslijst" in x for x in shown_checks(editor))
    row = next(r for r in editor.check_rows if r.check_id and r.check_id.startswith("too_many_due"))
    check_id = row.check_id
    row.ignore.click()
    assert not any("waslijst" in x for x in shown_checks(editor))
    assert editor.plan.ignored == (check_id,)
    type_action(editor, "Alle schulden regelen", due="+10")
    assert any("klinkt groot" in x for x in shown_checks(editor))


def test_tick_and_move_a_date_keep_history(editor):
    type_goal(editor, "Werk")
    type_action(editor, "Bel het uitzendbureau", due="vrijdag")
    row = shown_rows(editor)[0]
    assert row.due.value == "13-03-2026"  # dd-mm-jjjj, never mm/dd/yyyy
    row.due.value = "20-3"  # re-route
    assert editor.plan.goals[0].actions[0].due == dt.date(2026, 3, 20)
    row = shown_rows(editor)[0]
    row.done.value = True
    action = editor.plan.goals[0].actions[0]
    assert action.done_on == TODAY
    assert "gedaan op" in shown_rows(editor)[0].text.value
    history = editor.history_html.value
    assert "13 mrt 2026" in history and "20 mrt 2026" in history
    assert "Nieuwe datum" in history
    shown_rows(editor)[0].done.value = False
    assert editor.plan.goals[0].actions[0].done_on is None
    shown_rows(editor)[0].remove.click()
    assert editor.plan.goals[0].actions == []


def test_goal_fields_and_status(editor):
    first = type_goal(editor, "Eerst kinderopvang")
    second = type_goal(editor, "Dan werk")
    assert editor.selected == second
    editor.waits_for.value = first
    editor.why.value = "Dan kan ik de huur betalen"
    editor.barriers.value = "Wachtlijst"
    editor.barrier_plan.value = "Ik vraag oma"
    editor.review_date.text.value = "over 3 weken"
    editor.target_step.value = 3
    goal = editor.plan.goal(second)
    assert (goal.waits_for, goal.why, goal.barrier_plan, goal.review_date, goal.target_step) == (
        first, "Dan kan ik de huur betalen", "Ik vraag oma", dt.date(2026, 4, 1), 3,
    )  # fmt: skip
    editor.goal_select.value = first
    editor.status.value = "stopped"
    assert editor.plan.goal(first).status_date == TODAY
    editor.goal_select.value = second
    editor.check()
    assert any("gestopt" in x for x in shown_checks(editor))
    editor.goal_text.value = ""  # refused: the saved text comes back, with a message
    assert editor.plan.goal(second).text == "Dan werk" and editor.goal_text.value == "Dan werk"
    assert "schrijf het doel op" in editor.field_errors["goal_text"].value  # under the field


def test_rewards_agreed_with_a_suggestion_and_given(editor):
    type_goal(editor, "Werk vinden")
    rewards = editor.rewards
    assert "Voorstel" in rewards.suggestion_text.value
    assert rewards.amount.layout.display == "none"  # no amount until someone chooses money
    rewards.money.value = True
    assert rewards.amount.layout.display == ""
    assert rewards.tier.value == rewards.suggestion.tier.id
    assert rewards.amount.value == rewards.suggestion.value_cents / 100
    rewards.what.value = "Cadeaubon"
    rewards.agree.click()
    reward = editor.plan.goals[0].rewards[0]
    assert (reward.what, reward.value_cents, reward.kind) == ("Cadeaubon", rewards.suggestion.value_cents, "tangible")
    rewards.for_what.value = "interim"
    assert rewards.interim.layout.display == ""
    rewards.kind.value = "intangible"
    rewards.what.value = "Samen koffie"
    rewards.interim.value = "Eerste gesprek gehad"
    rewards.agree.click()
    second = editor.plan.goals[0].rewards[1]
    assert (second.kind, second.for_what, second.interim, second.value_cents) == (
        "intangible", "interim", "Eerste gesprek gehad", None,
    )  # fmt: skip
    assert "Cadeaubon" in rewards.agreed.value
    rewards.given_choice.value = reward.key
    assert rewards.given_for.value == "Cadeaubon" and rewards.given_money.value
    rewards.give.click()
    given = editor.plan.ledger[0]
    assert (given.for_what, given.value_cents, given.reward_key, given.date) == (
        "Cadeaubon", reward.value_cents, reward.key, TODAY,
    )  # fmt: skip
    assert "In geld gegeven" in rewards.ledger.value and "1 keer" in rewards.ledger.value


def test_next_meeting_typed(editor):
    type_goal(editor, "Werk")
    editor.meeting.value = "17-3-2026 14:30"
    editor.meeting_note.value = "Wijkcentrum"
    assert editor.plan.next_meeting == dt.datetime(2026, 3, 17, 14, 30)
    assert editor.plan.next_meeting_note == "Wijkcentrum"
    assert "dinsdag 17 maart 2026 om 14:30" in editor.meeting_shown.value


def test_user_text_is_escaped_in_the_editor(editor):
    type_goal(editor, "Werk " + EVIL)
    type_action(editor, "Bel " + EVIL, due="vrijdag", who="other", name="Ans")
    editor.rewards.what.value = "Bon " + EVIL
    editor.rewards.agree.click()
    shown = [shown_rows(editor)[0].text.value, editor.history_html.value, editor.rewards.agreed.value]
    shown += shown_checks(editor)
    for value in shown:
        assert "<img" not in value
    assert "&lt;img" in shown[0] and "&lt;img" in shown[1] and "&lt;img" in shown[2]


def test_language_switch(editor):
    type_goal(editor, "Werk")
    editor.set_lang("en")
    assert editor.quick_what.placeholder.startswith("What is the next small step")
    assert dict(editor.status.options)["in progress"] == "open"
    editor.check()
    assert any("has no date yet" in x for x in shown_checks(editor))
    assert "Suggestion" in editor.rewards.suggestion_text.value
    assert editor.plan.goals[0].text == "Werk"


def test_load_shows_without_emitting(editor):
    edits = []
    editor.on_change(edits.append)
    other = PlanEditor("nl", today=TODAY)
    first = type_goal(other, "Eerst kinderopvang")
    type_action(other, "Bel", due="vrijdag")
    other.set_goal(first, status="reached")
    type_goal(other, "Dan werk")
    editor.load(other.plan)
    assert edits == []
    assert editor.selected == other.plan.goals[1].key  # the first open goal
    editor.load(other.plan, select=first)
    assert editor.selected == first and len(shown_rows(editor)) == 1
    assert editor.plan is not other.plan


def test_focus_from_the_bridge_starts_a_goal(editor, definition):
    from mmwidgets.model.assessment import Assessment, Choice

    assessment = Assessment(
        client_id=1, date=TODAY, definition_id=definition.id, definition_version=definition.version,
        choices={"care": Choice(step=2, focus=True), "income": Choice(step=1)},
    )  # fmt: skip
    editor.set_focus(definition, assessment)
    buttons = list(editor.focus_buttons.children)
    assert len(buttons) == 1 and "mm-plan-focus-care" in buttons[0]._dom_classes
    buttons[0].click()  # starts a goal for that sub-pillar at once
    key = editor.selected
    goal = editor.plan.goal(key)
    assert goal is not None and goal.text == "Werken aan " + definition.subpillar("care").name.get("nl")
    editor.goal_text.value = "Eerst kinderopvang, dan werk"  # then in the client's words
    goal = editor.plan.goal(key)
    assert goal.text == "Eerst kinderopvang, dan werk"
    assert (goal.subpillar_id, goal.start_step, goal.target_step) == ("care", 2, 3)
    assert editor.subpillar.value == "care" and editor.target_step.value == 3
    assert "3." in dict((v, k) for k, v in editor.target_step.options)[3]


def test_works_without_a_reward_scheme():
    editor = PlanEditor("en", scheme=None, today=TODAY)
    type_goal(editor, "Find work")
    assert editor.rewards.suggestion is None and editor.rewards.tier.layout.display == "none"
    editor.rewards.what.value = "Coffee together"
    editor.rewards.kind.value = "intangible"
    editor.rewards.agree.click()
    assert editor.plan.goals[0].rewards[0].tier is None


# -- with a store (the conversation's Plan tab and the plan workbook) ----------------------------
def downloaded(button) -> bytes:
    """What one click on a download button gives the browser (made at the click)."""
    made = button.click()
    assert made is not None
    return made[1]


def test_panel_saves_every_change_and_offers_the_take_home_page(store):
    from mmwidgets.apps.plan import PlanPanel

    client = ClientRepo(store).create("Sam " + EVIL)
    panel = PlanPanel(store, "nl", today=TODAY)
    assert panel.body.layout.display == "none" and "Kies eerst" in panel.no_client.value
    panel.set_client(client.id)
    editor = panel.editor
    key = type_goal(editor, "Ik wil werk vinden")
    type_action(editor, "Bel het uitzendbureau", due="vrijdag")
    editor.set_meeting("17-3-2026 10:00")
    saved = PlanRepo(store).load(client.id)
    assert saved.goal(key).actions[0].what == "Bel het uitzendbureau"
    assert saved.goal(key).actions[0].created_on == TODAY
    assert saved.next_meeting == dt.datetime(2026, 3, 17, 10, 0)
    panel.print_button.click()  # the print view opens in the page: no file to find
    assert "mm-print-frame" in panel.takehome_box.view.value
    page = panel.takehome_box.open_print_view()
    assert html.escape(page, quote=True) in panel.takehome_box.view.value
    assert "Ik wil werk vinden" in page and "Bel het uitzendbureau" in page and "17 maart 2026" in page
    assert "Sam &lt;img" in page and "<img" not in page
    events = Calendar.from_ical(downloaded(panel.calendar_button)).walk("VEVENT")
    assert {str(e["summary"]) for e in events} == {"Bel het uitzendbureau", "Afspraak met je coach"}
    # the timeline follows
    fig = panel.timeline.figure
    go.Figure(fig)
    due = next(t for t in fig["data"] if t["uid"] == "actions-due")
    assert due["x"] == ["2026-03-13"]
    # a reopened panel shows the same plan
    again = PlanPanel(store, "nl", today=TODAY)
    again.set_client(client.id)
    assert [a.what for a in again.editor.plan.goals[0].actions] == ["Bel het uitzendbureau"]
    assert "Nieuwe" not in again.editor.history_html.value and "Actie toegevoegd" in again.editor.history_html.value


def test_panel_language_and_timeline_click(store):
    from mmwidgets.apps.plan import PlanPanel

    client = ClientRepo(store).create("Sam")
    repo = PlanRepo(store)
    first = repo.add_goal(client.id, "Eerst kinderopvang")
    second = repo.add_goal(client.id, "Dan werk")
    action = repo.add_action(client.id, second, "Bel", due=TODAY)
    panel = PlanPanel(store, "nl", today=TODAY)
    panel.set_client(client.id)
    assert panel.editor.selected == first
    panel.timeline.click({"curve": 2, "index": 0, "customdata": ["action", action]})
    assert panel.editor.selected == second
    bars = next(t for t in panel.timeline.figure["data"] if t["uid"] == "goals")
    assert bars["marker"]["line"]["width"] == [1, 2]
    panel.set_lang("en")
    page = panel.takehome_box.open_print_view()
    assert '<html lang="en">' in page and "My plan" in page
    assert panel.print_button.description == "Print the plan"
    assert panel.calendar_button.description == "Put the dates in your phone's calendar"


def test_panel_without_a_client_refuses_changes(store):
    from mmwidgets.apps.plan import PlanPanel

    panel = PlanPanel(store, "nl", today=TODAY)
    with pytest.raises(InvalidInput):
        panel.editor.add_goal("Werk")
    panel.editor.new_goal.value = "Werk"
    assert "kies eerst een deelnemer" in panel.messages.value
    assert panel.editor.plan.goals == []


def test_pdf_button(store, monkeypatch):
    from mmwidgets.apps.plan import PlanPanel

    client = ClientRepo(store).create("Sam")
    panel = PlanPanel(store, "nl", today=TODAY)
    panel.set_client(client.id)
    type_goal(panel.editor, "Werk")
    name, data = panel.pdf_button.click()  # one click: made and downloaded
    assert data.startswith(b"%PDF") and name == "mijn-plan.pdf"
    monkeypatch.setenv("MM_CHROMIUM", "")
    assert panel.pdf_button.click() is None
    assert "geen Chromium" in panel.pdf_area.value
    assert "iets mis" not in panel.messages.value
    hidden = PlanPanel(store, "en", today=TODAY)
    assert hidden.pdf_button.layout.display == "none" and "no Chromium" in hidden.pdf_area.value


def test_plan_app_picks_the_client_and_the_focus_from_the_bridge(store, definition):
    from mmwidgets.apps.plan import plan_app

    client = ClientRepo(store).create("Sam")
    assessments = AssessmentRepo(store)
    assessment = assessments.start(client.id, definition)
    assessments.set_choice(assessment.id, "income", definition=definition, step=2, focus=True)
    app = plan_app(store, "nl")
    app.open_client(client)
    editor = app.panel.editor
    assert [b.description for b in editor.focus_buttons.children] == ["Doel voor Inkomen (nu trede 2)"]
    assert "mm-plan-focus-income" in editor.focus_buttons.children[0]._dom_classes
    editor.focus_buttons.children[0].click()  # the goal is made and saved at once
    key = editor.selected
    editor.goal_text.value = "Meer verdienen"
    saved = PlanRepo(store).load(client.id).goal(key)
    assert saved.text == "Meer verdienen"
    assert (saved.subpillar_id, saved.start_step, saved.target_step) == ("income", 2, 3)
    app.lang_switch.value = "en"
    assert "Goals and actions" in editor.heading.value and "Plan:" in app.title.value


def test_the_conversation_workbook_can_hold_the_plan_tab(store, definition):
    from mmwidgets.apps.conversation import conversation_app
    from mmwidgets.apps.plan import PlanPanel

    client = ClientRepo(store).create("Sam")
    app = conversation_app(store, "nl")
    assert "Plan" in app.tabs.titles
    app.open_client(client)
    app.tabs.selected_index = app.tabs.titles.index("Plan")
    panel = next(p.panel for _key, p in app.extra_tabs if isinstance(p.panel, PlanPanel))
    assert panel.client is not None and panel.client.id == client.id
    app.editor.editors["housing"].focus.value = True  # "hier wil ik aan werken"
    assert any("mm-plan-focus-housing" in b._dom_classes for b in panel.editor.focus_buttons.children)
    app.set_lang("en")
    assert panel.lang == "en" and "Goals and actions" in panel.editor.heading.value


def test_a_broken_reward_scheme_is_reported_and_the_plan_still_works(tmp_path, monkeypatch):
    broken = tmp_path / "kapot.yaml"
    broken.write_text("id: kapot\nname: {nl: Kapot, en: Broken}\ntiers: []\n", encoding="utf-8")
    monkeypatch.setenv("MM_REWARD_SCHEME", str(broken))
    editor = PlanEditor("nl", today=TODAY)
    assert "kapot.yaml" in editor.messages.value and "minstens 1" in editor.messages.value
    assert editor.scheme is None
    type_goal(editor, "Werk")
    assert editor.plan.goals[0].text == "Werk" and editor.rewards.suggestion is None
