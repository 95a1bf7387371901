""""Voorlezen" in the plan (issue 19): beside the selected goal's small steps, a button reads
the goal, when it is reached and every step with who and when, in Dutch or English, escaped."""

from __future__ import annotations

import datetime as dt
import html
import re

from mmwidgets.widgets.plan.editor import PlanEditor
from mmwidgets.widgets.speech import goal_reading

TODAY = dt.date(2026, 3, 10)


def spoken(fragment: str) -> list[tuple[str, str]]:
    return [(html.unescape(text), lang) for text, lang in
            re.findall(r'data-mm-speak-text="([^"]*)" data-mm-speak-lang="([^"]*)"', fragment)]


def test_the_selected_goal_and_its_steps_are_read_aloud_in_the_plans_language():
    editor = PlanEditor("nl", today=TODAY)
    key = editor.add_goal("Ik wil de huur op tijd <b>betalen</b>")
    editor.set_goal(key, done_when="drie maanden op tijd")
    editor.add_action("Post openen met mijn zus", due=dt.date(2026, 3, 12))
    editor.add_action("Bellen met de woningcorporatie", due=dt.date(2026, 3, 2))
    heading = editor.actions_heading.value
    assert "<b>betalen" not in heading  # typed text is escaped in the page
    [(text, lang)] = spoken(heading)
    assert lang == "nl-NL"
    assert text.startswith("Doel: Ik wil de huur op tijd <b>betalen</b>. Gehaald als: drie maanden op tijd.")
    assert "Kleine stappen: Post openen met mijn zus. Wie: " in text and "12 mrt 2026." in text
    assert "Bellen met de woningcorporatie." in text and "Datum voorbij, nog open." in text
    assert 'aria-label="Voorlezen: Ik wil de huur op tijd &lt;b&gt;betalen&lt;/b&gt;"' in heading
    editor.set_lang("en")
    [(text, lang)] = spoken(editor.actions_heading.value)
    assert lang == "en-GB" and text.startswith("Goal: Ik wil de huur") and "Small steps:" in text


def test_a_goal_without_steps_reads_the_goal_only():
    editor = PlanEditor("en", today=TODAY)
    editor.add_goal("Find child care")
    [(text, _lang)] = spoken(editor.actions_heading.value)
    assert text == "Goal: Find child care."
    goal = editor.selected_goal
    assert goal_reading(goal, "nl", TODAY) == "Doel: Find child care."
