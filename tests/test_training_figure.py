"""The trainer's heat map: a plotly figure dict, validated by plotly itself."""

from __future__ import annotations

import json

import plotly.graph_objects as go

from mmwidgets.figures.group import (
    GROUP_UID,
    Z_EXACT,
    Z_FURTHER,
    Z_ONE_OFF,
    Z_REFERENCE,
    group_figure,
)
from mmwidgets.model.training import load_training

CONTENT = load_training()
DEFN = CONTENT.definitions["mm-standaard@1"]
SANNE = CONTENT.vignettes["sanne"].reference_steps()


def test_rows_columns_and_colours_follow_the_answers():
    answers = [("Anna", {"housing": 4, "care": 2, "debts": 1}), ("Bo", {"housing": 5})]
    fig = group_figure(DEFN, SANNE, answers, "nl", highlight="care")
    go.Figure(fig)  # plotly validates every property
    json.dumps(fig)  # plain JSON, nothing plotly-specific
    (trace,) = fig["data"]
    assert trace["uid"] == GROUP_UID and trace["type"] == "heatmap"
    ids = DEFN.subpillar_ids()
    assert trace["meta"]["subpillars"] == ids
    assert len(trace["z"]) == 3 and all(len(row) == len(ids) for row in trace["z"])
    assert trace["z"][0] == [Z_REFERENCE] * len(ids)
    assert trace["text"][0] == [str(SANNE[s]) for s in ids]
    col = {s: i for i, s in enumerate(ids)}
    anna = trace["z"][1]
    assert anna[col["housing"]] == Z_EXACT  # 4 vs 4
    assert anna[col["care"]] == Z_ONE_OFF  # 2 vs 3
    assert anna[col["debts"]] == Z_FURTHER  # 1 vs 4
    assert anna[col["health"]] is None and trace["text"][1][col["health"]] == ""
    assert trace["z"][2][col["housing"]] == Z_ONE_OFF
    assert fig["layout"]["yaxis"]["ticktext"][1:] == ["Anna", "Bo"]
    assert fig["layout"]["yaxis"]["autorange"] == "reversed"
    (frame,) = fig["layout"]["shapes"]
    assert (frame["x0"], frame["x1"]) == (col["care"] - 0.5, col["care"] + 0.5)
    assert "hoger dan de referentie" in trace["customdata"][2][col["housing"]][3]


def test_nicknames_are_escaped_everywhere():
    fig = group_figure(DEFN, SANNE, [('<img src=x onerror="alert(1)">', {"housing": 2})], "en")
    text = json.dumps(fig)
    assert "<img" not in text
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in fig["layout"]["yaxis"]["ticktext"][1]
    go.Figure(fig)


def test_empty_group_and_english():
    fig = group_figure(DEFN, SANNE, [], "en")
    go.Figure(fig)
    assert len(fig["data"][0]["z"]) == 1
    texts = " ".join(a["text"] for a in fig["layout"]["annotations"])
    assert "Nobody has joined yet" in texts and "one step off" in texts
    assert fig["layout"]["shapes"] == []
    assert fig["layout"]["xaxis"]["ticktext"][0] == "Housing"
    assert fig["layout"]["separators"] == ".,"


def test_height_grows_with_the_group_and_the_trace_list_is_stable():
    small = group_figure(DEFN, SANNE, [("A", {})], "nl")
    big = group_figure(DEFN, SANNE, [(f"P{i}", {}) for i in range(12)], "nl")
    assert big["layout"]["height"] > small["layout"]["height"]
    assert [t["uid"] for t in small["data"]] == [t["uid"] for t in big["data"]]
