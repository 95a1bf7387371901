"""The plan editor's widgets and how they are laid out (built once per editor)."""

from __future__ import annotations

import ipywidgets as W
from ipywidgets.widgets.widget_bool import ToggleButtonStyle
from ipywidgets.widgets.widget_button import ButtonStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from mmwidgets.model.plan import GOAL_STATUSES
from mmwidgets.widgets.plan.date_field import DateField
from mmwidgets.widgets.plan.rewards import RewardsView
from mmwidgets.widgets.saved_badge import SavedBadge




def build_editor(editor: W.Box) -> None:
    """Make the editor's widgets as attributes of ``editor`` (a PlanEditor) and set its children."""
    # goals
    editor.heading = W.HTML()
    # "‘Bel de bieb’ is weggehaald. [Ongedaan maken]": shown after a removal, until the next one
    editor.undo_text = W.HTML().add_class("mm-plan-undo-text")
    editor.undo_button = W.Button(icon="undo", layout=W.Layout(width="auto", min_height="44px")).add_class("mm-plan-undo")
    editor.undo_bar = W.HBox([editor.undo_text, editor.undo_button],
                             layout=W.Layout(display="none", flex_flow="row wrap", align_items="center"))
    editor.undo_bar.add_class("mm-plan-undo-bar")
    # a goal made by mistake (no actions yet) can be taken away again
    editor.goal_remove = W.Button(icon="trash", layout=W.Layout(width="auto", min_height="44px"))
    editor.goal_remove.add_class("mm-plan-goal-remove")
    editor.saved = SavedBadge()  # "Bewaard om 14:03" after each saved change (the panel shows it)
    editor.focus_hint = W.HTML()
    editor.focus_buttons = W.HBox(layout=W.Layout(flex_flow="row wrap")).add_class("mm-plan-focus")
    editor.goal_select = W.Dropdown(options=[], layout=W.Layout(width="100%")).add_class("mm-plan-goal-select")
    editor.new_goal = W.Text(continuous_update=False, layout=W.Layout(width="100%")).add_class("mm-plan-new-goal")
    editor.new_goal_hint = W.HTML().add_class("mm-plan-hint")

    # the selected goal
    editor.goal_text = W.Textarea(continuous_update=False, rows=2, layout=W.Layout(width="100%"))
    editor.goal_text.add_class("mm-plan-goal-text")
    editor.subpillar = W.Dropdown(options=[], layout=W.Layout(width="auto")).add_class("mm-plan-subpillar")
    editor.target_step = W.Dropdown(options=[], layout=W.Layout(width="auto")).add_class("mm-plan-target-step")
    editor.why = W.Textarea(continuous_update=False, rows=2, layout=W.Layout(width="100%")).add_class("mm-plan-why")
    editor.done_when = W.Text(continuous_update=False, layout=W.Layout(width="100%")).add_class("mm-plan-done-when")
    editor.target_date = DateField("mm-plan-target-date")  # text: dd-mm-jjjj, vrijdag, over 2 weken
    editor.review_date = DateField("mm-plan-review-date")
    editor.status = W.Dropdown(options=[(s, s) for s in GOAL_STATUSES], value="open", layout=W.Layout(width="auto"))
    editor.status.add_class("mm-plan-status")
    editor.waits_for = W.Dropdown(options=[], layout=W.Layout(width="auto")).add_class("mm-plan-waits")
    editor.barriers = W.Textarea(continuous_update=False, rows=2, layout=W.Layout(width="100%"))
    editor.barriers.add_class("mm-plan-barriers")
    editor.barrier_plan = W.Textarea(continuous_update=False, rows=2, layout=W.Layout(width="100%"))
    editor.barrier_plan.add_class("mm-plan-barrier-plan")
    editor.goal_labels = {name: W.HTML().add_class("mm-plan-field-label") for name in ("text", "why", "done_when", "barriers", "barrier_plan")}
    # a refused text is said under its own field (never at the top of the page)
    editor.field_errors = {name: W.HTML().add_class("mm-field-error")
                           for name in ("goal_text", "why", "done_when", "barriers", "barrier_plan")}

    # actions
    editor.row_parts: dict[str, W.Widget] = {
        "done": W.Layout(width="48px", height="44px", min_width="44px"), "text": W.Layout(flex="1 1 12em"),
        "text_inner": W.Layout(),
        "due": W.Layout(width="9.5em", min_width="9em"), "remove": W.Layout(width="44px", height="44px"),
        "done_style": ToggleButtonStyle(), "text_style": HTMLStyle(),
        "due_style": TextStyle(), "remove_style": ButtonStyle(),
    }  # fmt: skip
    editor.actions_heading = W.HTML()
    editor.action_rows: list[ActionRowView] = []
    editor.actions_box = W.VBox().add_class("mm-plan-actions")
    editor.quick_who = W.Dropdown(options=[], layout=W.Layout(width="auto")).add_class("mm-plan-quick-who")
    editor.quick_who_label = W.HTML().add_class("mm-plan-field-label")
    editor.quick_name = W.Text(continuous_update=True, layout=W.Layout(width="160px", display="none"))
    editor.quick_name.add_class("mm-plan-quick-name")
    editor.quick_due_field = DateField("mm-plan-quick-due")
    editor.quick_due = editor.quick_due_field.text
    editor.quick_due_shown = editor.quick_due_field.shown
    editor.quick_due_shown.add_class("mm-plan-quick-due-shown")
    editor.quick_what = W.Text(continuous_update=False, layout=W.Layout(width="100%")).add_class("mm-plan-quick-what")
    editor.quick_hint = W.HTML().add_class("mm-plan-hint")

    # checks, meeting, history
    editor.checks_heading = W.HTML()
    editor.check_rows: list[CheckRowView] = []
    editor.checks_box = W.VBox().add_class("mm-plan-checks")
    editor.checks_more = W.HTML()
    editor.check_button = W.Button(icon="check-square-o", layout=W.Layout(width="auto", min_height="44px"))
    editor.check_button.add_class("mm-plan-check-button")
    editor.meeting_field = DateField("mm-plan-meeting")
    editor.meeting = editor.meeting_field.text
    editor.meeting_shown = editor.meeting_field.shown
    editor.meeting_note = W.Text(continuous_update=False, layout=W.Layout(width="18em"))
    editor.meeting_note.add_class("mm-plan-meeting-note")
    editor.meeting_note_label = W.HTML().add_class("mm-plan-field-label")
    editor.history_html = W.HTML().add_class("mm-plan-history-list")
    editor.history_box = W.VBox([editor.history_html]).add_class("mm-plan-history")
    editor.rewards = RewardsView(editor)
    editor.meeting_heading = W.HTML()
    for name in ("goal_select", "subpillar", "target_step", "status", "waits_for", "quick_who"):
        getattr(editor, name).style.description_width = "initial"
        # as high as its 44 px list (a fixed 40 px box let the list stick out 2-4 px below its row)
        getattr(editor, name).layout.height = "auto"

    # one thing at a time: the goal, its checks and its small steps in view; the rest folded
    about = W.VBox(
        [
            W.HBox([editor.subpillar, editor.target_step], layout=W.Layout(flex_flow="row wrap")),
            editor.goal_labels["why"], editor.why, editor.field_errors["why"],
            W.HBox([editor.review_date, editor.status], layout=W.Layout(flex_flow="row wrap")),
            editor.waits_for,
        ]
    ).add_class("mm-plan-about")  # fmt: skip
    barriers = W.VBox(
        [editor.goal_labels["barriers"], editor.barriers, editor.field_errors["barriers"],
         editor.goal_labels["barrier_plan"], editor.barrier_plan, editor.field_errors["barrier_plan"]]
    ).add_class("mm-plan-barriers-box")
    editor.more = W.Accordion([about, barriers, editor.rewards, editor.history_box], selected_index=None)
    editor.more.add_class("mm-plan-more")
    editor.goal_box = W.VBox(
        [
            editor.goal_labels["text"], editor.goal_text, editor.field_errors["goal_text"], editor.goal_remove,
            # label above field for both, so the two fields line up (no label beside, none above only one)
            W.HBox([W.VBox([editor.goal_labels["done_when"], editor.done_when, editor.field_errors["done_when"]],
                           layout=W.Layout(flex="1 1 20em")).add_class("mm-plan-done-when-box"),
                    editor.target_date], layout=W.Layout(flex_flow="row wrap", align_items="flex-start")),
            editor.actions_heading, editor.actions_box, editor.quick_hint,
            W.HBox([W.VBox([editor.quick_who_label, W.HBox([editor.quick_who, editor.quick_name],
                                                                layout=W.Layout(flex_flow="row wrap"))]),
                    editor.quick_due_field],
                   layout=W.Layout(flex_flow="row wrap", align_items="flex-start")),
            editor.quick_what,
            editor.check_button, editor.checks_heading, editor.checks_box, editor.checks_more,
            editor.more,
        ],
    ).add_class("mm-plan-goal")  # fmt: skip
    editor.children = [
        W.HBox([editor.heading, editor.saved], layout=W.Layout(align_items="center", flex_flow="row wrap"))
        .add_class("mm-plan-head"),
        editor.messages,
        editor.undo_bar,
        editor.focus_hint,
        editor.focus_buttons,
        editor.goal_select,
        editor.new_goal,
        editor.new_goal_hint,
        editor.goal_box,
        editor.meeting_heading,
        W.HBox([editor.meeting_field, W.VBox([editor.meeting_note_label, editor.meeting_note])],
               layout=W.Layout(flex_flow="row wrap", align_items="center")),
    ]  # fmt: skip
