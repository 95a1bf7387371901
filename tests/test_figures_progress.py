"""Progress over time: workbook score and pillar scores per assessment date."""

from __future__ import annotations

import datetime as dt
import json

import plotly.graph_objects as go
from babel.dates import format_date

from mmwidgets.figures import progress_figure
from mmwidgets.i18n import t
from mmwidgets.model.bridge.definition import BridgeDefinition, definition_to_data, load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.model.assessment import Assessment, Choice
from mmwidgets.model.score import score
from test_figures_data import XSS, assessment, sample_definition


def test_one_line_per_pillar_and_the_total_last():
    defn = sample_definition()
    items = [
        assessment(defn, date=dt.date(2025, 9, 1), steps={"housing": 2, "debts": 1}),
        assessment(defn, date=dt.date(2025, 3, 1), steps={"housing": 1, "care": 1}),
        assessment(defn, date=dt.date(2025, 6, 1)),  # nothing answered: left out
        assessment(defn, date=dt.date(2026, 1, 10), steps={"housing": 4, "care": 3, "debts": 3, "savings": 2}),
    ]
    fig = progress_figure(defn, items, "nl")
    go.Figure(fig)
    json.dumps(fig)
    assert [trace["uid"] for trace in fig["data"]] == ["pillar-home", "pillar-money", "total"]
    total = fig["data"][-1]
    assert total["name"] == t("fig.progress_total", "nl")
    assert total["line"]["width"] > fig["data"][0]["line"]["width"]
    assert total["x"] == ["2025-03-01", "2025-09-01", "2026-01-10"]
    # like-for-like: only housing was answered every time (steps 1, 2, 4 of 4 = 0, 33.3, 100)
    assert total["y"] == [0.0, 33.3, 100.0]
    money = fig["data"][1]
    assert money["y"] == [None, None, None]  # debts and savings were not answered every time: no line
    assert money["name"] == "Geld (niet elke keer ingevuld)"
    assert money["line"]["color"] == defn.pillar("money").colour
    assert fig["data"][0]["name"] == "Thuis en gezin"
    note = fig["layout"]["annotations"][0]["text"].replace("<br>", " ")
    assert note == t("change.progress_note", "nl", n=1, total=4)
    assert "1 van 4" in note
    layout = fig["layout"]
    assert layout["yaxis"]["range"][0] <= 0 and layout["yaxis"]["range"][1] >= 100
    assert layout["xaxis"]["ticktext"][0] == format_date(dt.date(2025, 3, 1), "medium", locale="nl")
    assert progress_figure(defn, items, "en")["data"][0]["name"] == "Home and family"


def test_empty_state_keeps_the_traces_and_says_why():
    defn = sample_definition()
    for items in ([], [assessment(defn)]):
        fig = progress_figure(defn, items, "nl")
        go.Figure(fig)
        assert len(fig["data"]) == len(defn.pillars) + 1
        assert all(trace["x"] == [] for trace in fig["data"])
        assert fig["layout"]["annotations"][0]["text"].replace("<br>", " ") == t("fig.progress_empty", "nl")
    one = progress_figure(defn, [assessment(defn, steps={"housing": 1})], "nl")
    assert one["layout"]["annotations"][0]["text"].replace("<br>", " ") == t("change.progress_note", "nl", n=1, total=4)
    assert one["data"][-1]["y"] == [0.0]


def test_a_pillar_line_does_not_drop_because_more_of_it_was_answered():
    defn = sample_definition()  # home: housing (4 steps), care (4 steps); money: debts, savings
    first = assessment(defn, date=dt.date(2026, 10, 30), steps={"housing": 3, "debts": 2})
    # a month later housing is the same, care is answered for the first time at the bottom
    second = assessment(defn, date=dt.date(2026, 11, 30), steps={"housing": 3, "care": 1, "debts": 3})
    assert score(defn, second).pillars["home"] < score(defn, first).pillars["home"]  # the old, dishonest drop
    fig = progress_figure(defn, [first, second], "nl")
    home, money, total = fig["data"]
    assert home["y"][0] == home["y"][1] == round(score(defn, first).pillars["home"], 1)
    assert money["y"][1] > money["y"][0]
    assert total["y"][1] > total["y"][0]
    assert "Voortgang 67 over 1 van 2 onderdelen" in home["text"][1]  # housing 3 of 4 steps
    assert "Voortgang 58 over 2 van 4 onderdelen" in total["text"][1]  # (66.7 + debts 3 of 5 = 50) / 2
    en = progress_figure(defn, [first, second], "en")
    assert "answered every time (2 of 4)" in en["layout"]["annotations"][0]["text"].replace("<br>", " ")


def test_many_dates_keep_the_axis_readable():
    defn = load_definition(shipped_data_dir() / "bridges" / "default.yaml")
    ids = defn.subpillar_ids()
    start = dt.date(2024, 1, 1)
    items = [
        assessment(defn, date=start + dt.timedelta(days=30 * i), steps={s: 1 + (i + k) % 5 for k, s in enumerate(ids)})
        for i in range(20)
    ]
    fig = progress_figure(defn, items, "en")
    go.Figure(fig)
    assert len(fig["data"][-1]["x"]) == 20
    assert len(fig["layout"]["xaxis"]["tickvals"]) <= 8


def test_pillar_names_are_escaped():
    defn = sample_definition()
    data = definition_to_data(defn)
    data["pillars"][0]["name"]["nl"] = XSS
    hostile = BridgeDefinition.model_validate(data)
    fig = progress_figure(hostile, [assessment(hostile, steps={"housing": 2})], "nl")
    text = json.dumps(fig)
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text


def test_the_progress_line_is_not_called_workbook_score():
    """One meaning per number: the like-for-like line has its own name and says how it differs."""
    import json

    defn = load_definition(shipped_data_dir() / "bridges" / "default.yaml")
    first = Assessment(client_id=1, date=dt.date(2026, 11, 1), definition_id=defn.id,
                       definition_version=defn.version, choices={"housing": Choice(step=2)})
    second = Assessment(client_id=1, date=dt.date(2026, 12, 1), definition_id=defn.id,
                        definition_version=defn.version, choices={"housing": Choice(step=3), "debts": Choice(step=4)})
    for lang, word in (("nl", "werkboekscore"), ("en", "workbook score")):
        fig = progress_figure(defn, [first, second], lang)
        names = [trace["name"] for trace in fig["data"]]
        assert all(word not in name.lower() for name in names)
        note = fig["layout"]["annotations"][0]["text"].replace("<br>", " ").lower()
        assert word in note and ("niet de" in note or "not the" in note)
