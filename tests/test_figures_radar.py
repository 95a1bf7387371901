"""The radar: five traces always, this conversation and up to three earlier ones as clearly
coloured, dated shapes, gaps (not zeros) where unanswered, marked "niet ingevuld"."""

from __future__ import annotations

import datetime as dt
import json
import math

import plotly.graph_objects as go

from mmwidgets.figures import radar_figure, radar_values
from mmwidgets.i18n import t
from mmwidgets.model.bridge.definition import BridgeDefinition, definition_to_data, load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.model.score import step_score
from test_figures_data import XSS, assessment, big_definition, sample_definition

DATES = [dt.date(2025, 1, 6), dt.date(2025, 4, 2), dt.date(2025, 7, 1), dt.date(2025, 10, 13), dt.date(2026, 3, 9)]


def radii(trace):
    """Distance from the centre per point (the score); None where the web has a gap."""
    return [
        None if x is None else round(math.hypot(x, y), 6)
        for x, y in zip(trace["x"], trace["y"], strict=True)
    ]


def rounded(values):
    return [None if v is None else round(v, 3) for v in values]


def labels(layout):
    return [a for a in layout["annotations"] if a.get("name", "").startswith("label-")]


def history(defn: BridgeDefinition, count: int):
    return [
        assessment(defn, date=DATES[-count + i], steps={"housing": 1 + i % 4, "debts": 1 + i % 5, "care": 2})
        for i in range(count)
    ]


def test_always_five_traces_with_stable_uids():
    defn = sample_definition()
    expected = ["earlier-3", "earlier-2", "earlier-1", "current", "unanswered"]
    for count in range(0, 6):
        fig = radar_figure(defn, history(defn, count), "nl")
        go.Figure(fig)
        json.dumps(fig)
        assert [trace["uid"] for trace in fig["data"]] == expected
        assert all(trace["type"] == "scatter" for trace in fig["data"])
        visible = [trace["visible"] for trace in fig["data"][:4]]
        shown = min(count, 4)
        assert visible == [False] * (4 - shown) + [True] * shown
        for trace in fig["data"][:4]:
            if not trace["visible"]:
                assert trace["x"] == [] and trace["y"] == [] and trace["showlegend"] is False


def test_last_assessment_is_this_one_and_at_most_three_earlier_dates():
    defn = sample_definition()
    items = history(defn, 5)
    fig = radar_figure(defn, items, "nl")
    current = fig["data"][3]
    assert current["line"]["dash"] == "solid"
    assert rounded(radii(current)[:-1]) == rounded(radar_values(defn, items[-1]))
    assert current["name"] == "Nu, 9-3-2026"
    earlier_names = [trace["name"] for trace in fig["data"][:3]]
    # the one just before this one says so in the legend; all carry their date (dd-mm-jjjj)
    assert earlier_names == ["2-4-2025", "1-7-2025", "Vorige keer, 13-10-2025"]
    text = json.dumps(fig)
    assert "6-1-2025" not in text  # the fifth-newest is not shown
    colours = [trace["line"]["color"] for trace in fig["data"][:4]]
    assert len(set(colours)) == 4  # each conversation its own colour
    for trace, item in zip(fig["data"][:3], items[1:4]):
        assert rounded(radii(trace)[:-1]) == rounded(radar_values(defn, item))
        assert trace.get("fill") is None
        assert trace["line"]["dash"] == "solid" and trace["line"]["width"] >= 2  # clear, not a faint dotted line
        assert trace["line"]["width"] < current["line"]["width"]
        assert trace["showlegend"] is True and "opacity" not in trace
    en = radar_figure(defn, items, "en")["data"]
    assert en[3]["name"] == "Now, 9 Mar 2026" and en[2]["name"] == "Last time, 13 Oct 2025"


def test_values_are_comparable_step_scores_and_unanswered_is_a_gap():
    defn = sample_definition()
    item = assessment(defn, steps={"housing": 3, "care": 2, "debts": 3})
    assert radar_values(defn, item) == [step_score(3, 4), 50.0, 50.0, None]
    fig = radar_figure(defn, [item], "nl")
    trace = fig["data"][3]
    r = radii(trace)
    assert r[3] is None and trace["x"][3] is None and trace["y"][3] is None  # savings: no answer, no zero
    assert trace["x"][-1] == trace["x"][0] and trace["y"][-1] == trace["y"][0]  # the web is closed
    assert len(trace["x"]) == len(defn.subpillar_ids()) + 1
    assert trace["connectgaps"] is False
    assert t("fig.not_answered", "nl") in fig["data"][3]["text"][3]
    assert trace["hovertemplate"] == "%{text}<extra></extra>"
    assert "Wonen" in trace["text"][0] and t("fig.step", "nl", step=3, count=4) in trace["text"][0]
    assert t("fig.score", "nl", score="67") in trace["text"][0]
    stale = assessment(defn, steps={"savings": 9})
    assert radar_values(defn, stale)[3] is None


def test_spokes_go_clockwise_from_the_top():
    defn = sample_definition()
    full = assessment(defn, steps={"housing": 4, "care": 3, "debts": 5, "savings": 2})
    trace = radar_figure(defn, [full], "nl")["data"][3]
    assert all(value == 100 for value in radar_values(defn, full))
    points = list(zip(trace["x"], trace["y"]))
    assert points[0] == (0, 100)  # the first sub-pillar points up
    assert points[1][0] > 0 and abs(points[1][1]) < 1e-6  # the second to the right (clockwise)
    assert points[2][0] == 0 and points[2][1] == -100  # then down
    assert points[3][0] < 0  # then left
    assert points[-1] == points[0]  # a full answer is a closed shape
    assert trace["fill"] == "toself"


def test_axes_are_sub_pillar_names_in_the_users_language():
    defn = sample_definition()
    nl = labels(radar_figure(defn, history(defn, 2), "nl")["layout"])
    en = labels(radar_figure(defn, history(defn, 2), "en")["layout"])
    assert [a["text"] for a in nl] != [a["text"] for a in en]
    for found, lang in ((nl, "nl"), (en, "en")):
        assert [a["name"] for a in found] == [f"label-{s}" for s in defn.subpillar_ids()]
        for (pillar, sub), label in zip(defn.subpillars(), found):
            dot, name = label["text"].split("</span> ", 1)
            assert pillar.colour in dot
            assert name.replace("<br>", " ") == sub.name.get(lang)
            assert math.hypot(label["x"], label["y"]) > 100  # outside the web
    layout = radar_figure(defn, [], "nl")["layout"]
    assert "polar" not in layout
    for axis in (layout["xaxis"], layout["yaxis"]):
        assert axis["visible"] is False and axis["fixedrange"] is True
        assert axis["range"][0] < -100 and axis["range"][1] > 100
    assert layout["yaxis"]["scaleanchor"] == "x"  # round, whatever the width
    assert layout["dragmode"] is False
    rings = [s for s in layout["shapes"] if s["type"] == "path"]
    assert len(rings) == 4 and all(s["path"].endswith("Z") and s["layer"] == "below" for s in rings)
    ticks = [a["text"] for a in layout["annotations"] if a.get("name", "").startswith("ring-")]
    assert ticks == ["25", "50", "75", "100"]
    assert layout["separators"] == ",."


def test_only_scatter_traces_for_the_basic_plotly_bundle():
    defn = sample_definition()
    big = big_definition()
    figures = [radar_figure(defn, history(defn, count), lang) for count in range(6) for lang in ("nl", "en")]
    figures.append(radar_figure(big, [assessment(big, steps={"p0s0": 10})], "en"))
    figures.append(radar_figure(load_definition(shipped_data_dir() / "bridges" / "default.yaml"), [], "nl"))
    for fig in figures:
        assert {trace["type"] for trace in fig["data"]} == {"scatter"}
        assert not any(key.startswith("polar") for key in fig["layout"])
        full = go.Figure(fig)
        assert {trace.type for trace in full.data} == {"scatter"}


def test_empty_state_text_without_answers():
    defn = sample_definition()
    empty = radar_figure(defn, [assessment(defn)], "en")
    notes = [a for a in empty["layout"]["annotations"] if a.get("name") == "empty"]
    assert len(notes) == 1 and t("fig.radar_empty", "en").split()[0] in notes[0]["text"]
    answered = radar_figure(defn, history(defn, 1), "en")["layout"]["annotations"]
    assert not [a for a in answered if a.get("name") == "empty"]
    assert t("fig.radar_empty", "en").split()[0] not in json.dumps(answered)


def test_default_and_big_definitions():
    defn = load_definition(shipped_data_dir() / "bridges" / "default.yaml")
    ids = defn.subpillar_ids()
    items = [assessment(defn, date=d, steps={s: 1 + (i + k) % 5 for k, s in enumerate(ids)}) for i, d in enumerate(DATES)]
    fig = radar_figure(defn, items, "nl")
    go.Figure(fig)
    assert len(fig["data"][3]["x"]) == len(fig["data"][3]["y"]) == len(ids) + 1
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


def test_unanswered_spokes_are_marked_and_named_not_left_as_unexplained_pieces():
    defn = sample_definition()
    item = assessment(defn, steps={"housing": 3, "debts": 3})  # care and savings open
    fig = radar_figure(defn, [item], "nl")
    current, marks = fig["data"][3], fig["data"][4]
    assert "fill" not in current  # no piecewise fill of a broken shape
    ids = defn.subpillar_ids()
    assert current["x"][ids.index("care")] is None and current["x"][ids.index("savings")] is None
    # a question mark OUTSIDE the web at each open spoke (never on the 100 ring: that reads as a
    # top score), with "niet ingevuld" in legend and hover
    assert marks["mode"] == "text" and marks["text"] == ["?", "?"]
    assert all(r > 100 for r in radii(marks)) and all(r < 110 for r in radii(marks))
    assert marks["name"] == t("fig.not_answered", "nl") and marks["showlegend"] is True
    assert any(defn.subpillar("care").name.get("nl") in text for text in marks["hovertext"])
    assert all(t("fig.not_answered", "nl") in text for text in marks["hovertext"])
    # no trace has any point of an unanswered spoke inside the web
    for trace in fig["data"][:4]:
        for x, y in zip(trace["x"], trace["y"]):
            assert x is None or math.hypot(x, y) <= 100
    # all answered: one filled shape, no circles, no legend entry for them
    full = assessment(defn, steps={"housing": 4, "care": 3, "debts": 5, "savings": 2})
    fig = radar_figure(defn, [full], "nl")
    assert fig["data"][3]["fill"] == "toself"
    assert fig["data"][4]["x"] == [] and fig["data"][4]["showlegend"] is False
    # nothing answered yet: the empty-state text, no circles on every spoke
    assert radar_figure(defn, [assessment(defn)], "nl")["data"][4]["x"] == []


def test_the_radar_is_large_and_names_have_room_at_the_sides():
    layout = radar_figure(load_definition(shipped_data_dir() / "bridges" / "default.yaml"), [], "en")["layout"]
    assert layout["height"] >= 520
    low, high = layout["xaxis"]["range"]
    # a side name starts at 110 and may take 14 characters (about 80 score units at 13 px)
    assert high - 110 >= 75 and -110 - low >= 75
    for label in labels(layout):
        assert max(len(line) for line in label["text"].split("</span> ", 1)[1].split("<br>")) <= 20
