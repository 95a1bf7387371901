"""The radar: four traces always, this assessment solid, three earlier ones faint, gaps not zeros."""

from __future__ import annotations

import datetime as dt
import json

import plotly.graph_objects as go
from babel.dates import format_date

from mmwidgets.figures import radar_figure, radar_values
from mmwidgets.i18n import t
from mmwidgets.model.definition import BridgeDefinition, definition_to_data, load_definition
from mmwidgets.model.files import shipped_data_dir
from mmwidgets.model.score import step_score
from test_figures_data import XSS, assessment, big_definition, sample_definition

DATES = [dt.date(2025, 1, 6), dt.date(2025, 4, 2), dt.date(2025, 7, 1), dt.date(2025, 10, 13), dt.date(2026, 3, 9)]


def history(defn: BridgeDefinition, count: int):
    return [
        assessment(defn, date=DATES[-count + i], steps={"housing": 1 + i % 4, "debts": 1 + i % 5, "care": 2})
        for i in range(count)
    ]


def test_always_four_traces_with_stable_uids():
    defn = sample_definition()
    expected = ["earlier-3", "earlier-2", "earlier-1", "current"]
    for count in range(0, 6):
        fig = radar_figure(defn, history(defn, count), "nl")
        go.Figure(fig)
        json.dumps(fig)
        assert [trace["uid"] for trace in fig["data"]] == expected
        assert all(trace["type"] == "scatterpolar" for trace in fig["data"])
        visible = [trace["visible"] for trace in fig["data"]]
        shown = min(count, 4)
        assert visible == [False] * (4 - shown) + [True] * shown
        for trace in fig["data"]:
            if not trace["visible"]:
                assert trace["r"] == [] and trace["showlegend"] is False


def test_last_assessment_is_this_one_and_at_most_three_earlier_dates():
    defn = sample_definition()
    items = history(defn, 5)
    fig = radar_figure(defn, items, "nl")
    current = fig["data"][3]
    assert current["fill"] == "toself" and current["line"]["dash"] == "solid"
    assert current["r"][:-1] == radar_values(defn, items[-1])
    assert current["name"] == t("fig.radar_current", "nl", date=format_date(DATES[-1], "medium", locale="nl"))
    earlier_names = [trace["name"] for trace in fig["data"][:3]]
    assert earlier_names == [format_date(d, "medium", locale="nl") for d in DATES[1:4]]
    text = json.dumps(fig)
    assert format_date(DATES[0], "medium", locale="nl") not in text  # the fifth-newest is not shown
    for trace, item in zip(fig["data"][:3], items[1:4]):
        assert trace["r"][:-1] == radar_values(defn, item)
        assert trace.get("fill") is None and trace["line"]["dash"] != "solid"
        assert trace["line"]["width"] < current["line"]["width"]
    assert "9 mrt 2026" in current["name"]
    assert "Mar 9, 2026" in radar_figure(defn, items, "en")["data"][3]["name"]


def test_values_are_comparable_step_scores_and_unanswered_is_a_gap():
    defn = sample_definition()
    item = assessment(defn, steps={"housing": 3, "care": 2, "debts": 3})
    assert radar_values(defn, item) == [step_score(3, 4), 50.0, 50.0, None]
    fig = radar_figure(defn, [item], "nl")
    r = fig["data"][3]["r"]
    assert r[3] is None  # savings: no answer, no zero
    assert r[-1] == r[0]  # the web is closed
    assert fig["data"][3]["theta"][-1] == 360
    assert t("fig.not_answered", "nl") in fig["data"][3]["text"][3]
    stale = assessment(defn, steps={"savings": 9})
    assert radar_values(defn, stale)[3] is None


def test_axes_are_sub_pillar_names_in_the_users_language():
    defn = sample_definition()
    nl = radar_figure(defn, history(defn, 2), "nl")["layout"]["polar"]["angularaxis"]
    en = radar_figure(defn, history(defn, 2), "en")["layout"]["polar"]["angularaxis"]
    assert nl["ticktext"] != en["ticktext"]
    for axis, lang in ((nl, "nl"), (en, "en")):
        assert len(axis["tickvals"]) == len(defn.subpillar_ids())
        for (_pillar, sub), text in zip(defn.subpillars(), axis["ticktext"]):
            assert text.split("</span> ", 1)[1].replace("<br>", " ") == sub.name.get(lang)
    layout = radar_figure(defn, [], "nl")["layout"]
    assert layout["polar"]["radialaxis"]["range"] == [0, 100]
    assert layout["separators"] == ",."


def test_empty_state_text_without_answers():
    defn = sample_definition()
    empty = radar_figure(defn, [assessment(defn)], "en")
    assert t("fig.radar_empty", "en").split()[0] in empty["layout"]["annotations"][0]["text"]
    assert "annotations" not in radar_figure(defn, history(defn, 1), "en")["layout"]


def test_default_and_big_definitions():
    defn = load_definition(shipped_data_dir() / "bridges" / "default.yaml")
    ids = defn.subpillar_ids()
    items = [assessment(defn, date=d, steps={s: 1 + (i + k) % 5 for k, s in enumerate(ids)}) for i, d in enumerate(DATES)]
    fig = radar_figure(defn, items, "nl")
    go.Figure(fig)
    assert len(fig["data"][3]["r"]) == len(ids) + 1
    big = big_definition()
    go.Figure(radar_figure(big, [assessment(big, steps={"p0s0": 10})], "en"))


def test_names_and_dates_are_escaped():
    defn = sample_definition()
    data = definition_to_data(defn)
    data["pillars"][1]["subpillars"][0]["name"]["en"] = XSS
    data["pillars"][1]["subpillars"][0]["steps"][2]["label"]["en"] = XSS
    hostile = BridgeDefinition.model_validate(data)
    fig = radar_figure(hostile, [assessment(hostile, steps={"debts": 3})], "en")
    text = json.dumps(fig)
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    go.Figure(fig)
