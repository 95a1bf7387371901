"""Progress over time: workbook score and pillar scores per assessment date."""

from __future__ import annotations

import datetime as dt
import json

import plotly.graph_objects as go
from babel.dates import format_date

from mmwidgets.figures import progress_figure
from mmwidgets.i18n import t
from mmwidgets.model.definition import BridgeDefinition, definition_to_data, load_definition
from mmwidgets.model.files import shipped_data_dir
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
    ordered = sorted((a for a in items if a.answered()), key=lambda a: a.date)
    for item, value in zip(ordered, total["y"]):
        assert value == round(score(defn, item).total, 1)
    money = fig["data"][1]
    assert money["y"][0] is None  # no money answer in March: a gap, not a zero
    assert money["line"]["color"] == defn.pillar("money").colour
    assert fig["data"][0]["name"] == "Thuis en gezin"
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
    assert "annotations" not in one["layout"]
    assert one["data"][-1]["y"] == [0.0]


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
