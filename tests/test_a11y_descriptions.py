"""What a figure shows for this client, in words (issue 19): the radar names its highest and
lowest parts and what changed since the conversation before; the progress lines their first and
last workbook score; the plan's timeline how many actions are done. Dutch and English, made from
the model; the figure keeps its "Als tabel"; typed names stay text."""

from __future__ import annotations

import datetime as dt

from mmwidgets.figures.progress import progress_figure
from mmwidgets.figures.radar import radar_figure
from mmwidgets.figures.timeline import timeline_figure
from mmwidgets.model.assessment import Assessment, Choice
from mmwidgets.model.bridge.definition import BridgeDefinition, definition_to_data, load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.model.plan import Action, Goal, Plan
from mmwidgets.widgets.figure_table import figure_description, figure_rows, table_html
from mmwidgets.widgets.plotly_view import PlotlyView

DEFN = load_definition(shipped_data_dir() / "bridges" / "default.yaml")


def conversation(day: dt.date, **steps: int) -> Assessment:
    return Assessment("c1", day, DEFN.id, DEFN.version, {k: Choice(v) for k, v in steps.items()})


BEFORE = conversation(dt.date(2026, 10, 1), housing=2, debts=1, income=3)
NOW = conversation(dt.date(2026, 11, 1), housing=4, debts=1, income=2, care=5)


def test_the_radar_says_highest_lowest_and_what_changed_since_last_time():
    nl = figure_description(radar_figure(DEFN, [BEFORE, NOW], "nl"))
    assert "4 van de 10 onderdelen ingevuld" in nl
    assert "Hoogst: Gezin en zorg voor anderen, 100 van 100." in nl
    assert "Laagst: Schulden, 0 van 100." in nl
    assert "Sinds 1 okt 2026: hoger bij Wonen; lager bij Inkomen; 1 gelijk." in nl
    en = figure_description(radar_figure(DEFN, [BEFORE, NOW], "en"))
    assert "Highest: Family and caring for others, 100 out of 100." in en
    assert "Since Oct 1, 2026: higher for Housing; lower for Income; 1 the same." in en


def test_the_radar_with_one_conversation_nothing_filled_in_or_all_equal():
    one = figure_description(radar_figure(DEFN, [NOW], "nl"))
    assert "Hoogst:" in one and "Sinds" not in one
    assert "Er is nog niets ingevuld" in figure_description(radar_figure(DEFN, [], "nl"))
    same = figure_description(radar_figure(DEFN, [conversation(dt.date(2026, 11, 1), housing=3, debts=3)], "en"))
    assert "Every part filled in is at 50 out of 100 (Housing and Debts)." in same
    apart = figure_description(radar_figure(DEFN, [conversation(dt.date(2026, 9, 1), care=2), NOW], "nl"))
    assert "Sinds 1 sep 2026: hoger bij Gezin en zorg voor anderen." in apart
    nothing_common = figure_description(radar_figure(DEFN, [conversation(dt.date(2026, 9, 1), health=2), NOW], "nl"))
    assert "vergelijken kan nog niet" in nothing_common


def test_the_progress_lines_say_the_workbook_score_from_first_to_last():
    nl = figure_description(progress_figure(DEFN, [BEFORE, NOW], "nl"))
    assert "2 gesprekken, van 1 okt 2026 tot 1 nov 2026, over de 3 van 10 onderdelen" in nl
    assert "Werkboekscore van 25 naar 33 (+8)." in nl
    assert "Meest omhoog: Gezinsstabiliteit (+50)." in nl and "Meest omlaag: Werk en loopbaan (-25)." in nl
    en = figure_description(progress_figure(DEFN, [NOW], "en"))
    assert "One conversation, on Nov 1, 2026: workbook score" in en
    assert "No conversation" in figure_description(progress_figure(DEFN, [], "en"))


def test_the_timeline_counts_done_open_and_late_actions():
    goal = Goal(text="Kinderopvang regelen", created_on=dt.date(2026, 3, 1), actions=[
        Action(what="Bel de opvang", due=dt.date(2026, 3, 2), done_on=dt.date(2026, 3, 3)),
        Action(what="Formulier halen", due=dt.date(2026, 3, 5)),
        Action(what="Toeslag aanvragen", due=dt.date(2026, 3, 20)),
    ])
    plan = Plan(goals=[goal])
    nl = figure_description(timeline_figure(plan, "nl", dt.date(2026, 3, 10)))
    assert "1 doel(en) met 3 actie(s): 1 gedaan, 1 nog te doen, 1 over de datum." in nl
    en = figure_description(timeline_figure(plan, "en", dt.date(2026, 3, 10)))
    assert "1 goal(s) with 3 action(s): 1 done, 1 still to do, 1 past their date." in en
    assert "no goals" in figure_description(timeline_figure(Plan(), "en", dt.date(2026, 3, 10)))


def test_the_description_is_the_figures_name_and_the_table_stays():
    view = PlotlyView(radar_figure(DEFN, [BEFORE, NOW], "nl"))
    view.add_class("mm-radar-figure")
    assert "Hoogst: Gezin en zorg voor anderen" in view.description
    _columns, rows = figure_rows(view.figure)
    assert len(rows) >= 7  # every answered point of both conversations, and the open ones
    assert "<table>" in view.table_html


def test_a_typed_name_stays_text_in_the_description():
    data = definition_to_data(DEFN)
    data["pillars"][0]["subpillars"][0]["name"]["nl"] = "<img src=x onerror=alert(1)>"
    hostile = BridgeDefinition.model_validate(data)
    figure = radar_figure(hostile, [conversation(dt.date(2026, 11, 1), housing=5, debts=1)], "nl")
    assert "<img" not in str(figure["data"])  # escaped in the figure, like its labels
    said = figure_description(figure)
    assert "Hoogst: <img src=x onerror=alert(1)>, 100 van 100." in said  # plain text again, for aria-label
    assert "<img" not in table_html(figure)


def test_the_trainers_group_grid_says_how_far_the_answers_are_from_the_reference():
    from mmwidgets.figures.group import group_figure

    reference = {"housing": 3, "debts": 2, "income": 4}
    answers = [("Kees", {"housing": 3, "debts": 4}), ("Eva", {"housing": 2, "debts": 2, "income": 4})]
    nl = figure_description(group_figure(DEFN, reference, answers, "nl", highlight="debts"))
    assert "2 deelnemer(s). Van 5 antwoorden zijn er 3 gelijk aan de referentie, 1 één trede ernaast" in nl
    assert "Het meeste verschil: Schulden." in nl
    hidden = figure_description(group_figure(DEFN, reference, answers, "en", revealed=[]))
    assert "The reference is not shown yet." in hidden and "match" not in hidden  # gives nothing away
    assert "No trainees yet." in figure_description(group_figure(DEFN, reference, [], "en"))


def test_the_reports_group_radar_names_highest_lowest_and_the_biggest_change():
    from mmwidgets.figures.report import group_radar_figure

    means = {"housing": (40.0, 55.5), "debts": (30.0, 25.0)}
    nl = figure_description(group_radar_figure(DEFN, means, {"housing": 12, "debts": 12}, "eerste gesprek", "nl"))
    assert "bij 2 van de 10 onderdelen" in nl and "Hoogst: Wonen, 56 van 100." in nl
    assert "meest omhoog: Wonen (+15,5)" in nl and "meest omlaag: Schulden (-5)" in nl
    en = figure_description(group_radar_figure(DEFN, {}, {}, "first", "en"))
    assert "No part with enough participants" in en
