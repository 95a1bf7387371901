"""The trainer's group grid: a plotly figure dict of scatter traces only, validated by plotly itself."""

from __future__ import annotations

import json

import plotly.graph_objects as go

from mmwidgets.figures.group import (
    GROUP_UID,
    MISSING_LINE,
    Z_EXACT,
    Z_FURTHER,
    Z_MISSING,
    Z_ONE_OFF,
    Z_REFERENCE,
    group_figure,
)
from mmwidgets.model.training.content import load_training

CONTENT = load_training()
DEFN = CONTENT.definitions["mm-standaard@1"]
SANNE = CONTENT.vignettes["sanne"].reference_steps()


def grid(trace, values) -> list[list]:
    """The trace's flat per-cell ``values`` as rows of columns, placed by the cells' x and y."""
    rows = [[None] * (max(trace["x"]) + 1) for _ in range(max(trace["y"]) + 1)]
    for x, y, value in zip(trace["x"], trace["y"], values, strict=True):
        assert rows[y][x] is None  # one cell per place
        rows[y][x] = value
    return rows


def test_only_scatter_traces_for_plotlys_basic_bundle():
    figures = [
        group_figure(DEFN, SANNE, [], "nl"),
        group_figure(DEFN, SANNE, [("Anna", {"housing": 4}), ("Bo", {})], "en", highlight="housing"),
    ]
    for fig in figures:
        go.Figure(fig)
        assert fig["data"] and {trace["type"] for trace in fig["data"]} == {"scatter"}
        for trace in fig["data"]:
            assert trace["marker"]["symbol"] == "square" and trace["mode"] == "markers+text"


def test_rows_columns_and_colours_follow_the_answers():
    answers = [("Anna", {"housing": 4, "care": 2, "debts": 1}), ("Bo", {"housing": 5})]
    fig = group_figure(DEFN, SANNE, answers, "nl", highlight="care")
    go.Figure(fig)  # plotly validates every property
    json.dumps(fig)  # plain JSON, nothing plotly-specific
    (trace,) = fig["data"]
    assert trace["uid"] == GROUP_UID and trace["type"] == "scatter"
    ids = DEFN.subpillar_ids()
    assert trace["meta"]["subpillars"] == ids
    codes, text = grid(trace, trace["marker"]["color"]), grid(trace, trace["text"])
    assert len(codes) == 3 and all(len(row) == len(ids) for row in codes)
    assert codes[0] == [Z_REFERENCE] * len(ids)
    assert text[0] == [str(SANNE[s]) for s in ids]
    col = {s: i for i, s in enumerate(ids)}
    anna = codes[1]
    assert anna[col["housing"]] == Z_EXACT and text[1][col["housing"]] == "4"  # 4 vs 4
    assert anna[col["care"]] == Z_ONE_OFF  # 2 vs 3
    assert anna[col["debts"]] == Z_FURTHER and text[1][col["debts"]] == "1"  # 1 vs 4
    assert codes[2][col["housing"]] == Z_ONE_OFF and text[2][col["housing"]] == "5"
    # a missing answer: an empty, outlined cell (and only missing answers are outlined)
    assert anna[col["health"]] == Z_MISSING and text[1][col["health"]] == "\u00a0"  # invisible, never empty
    assert "" not in trace["text"]  # plotly.js drops the text of a cell that was ever empty
    lines = grid(trace, trace["marker"]["line"]["color"])
    widths = grid(trace, trace["marker"]["line"]["width"])
    for r, row in enumerate(codes):
        for c, code in enumerate(row):
            assert (lines[r][c] == MISSING_LINE and widths[r][c] > 0) == (code == Z_MISSING)
    # each code has its own colour band in the scale
    scale = trace["marker"]["colorscale"]
    lo, hi = trace["marker"]["cmin"], trace["marker"]["cmax"]

    def colour(code):
        at = (code - lo) / (hi - lo)
        return next(c for (start, c), (end, _) in zip(scale[::2], scale[1::2]) if start <= at <= end)

    kinds = (Z_MISSING, Z_REFERENCE, Z_EXACT, Z_ONE_OFF, Z_FURTHER)
    assert len({colour(code) for code in kinds}) == len(kinds)
    assert fig["layout"]["yaxis"]["ticktext"][1:] == ["Anna", "Bo"]
    assert fig["layout"]["yaxis"]["tickvals"] == [0, 1, 2]
    y_range = fig["layout"]["yaxis"]["range"]
    assert y_range[0] > y_range[1]  # reversed: the reference row on top
    (frame,) = fig["layout"]["shapes"]
    assert (frame["x0"], frame["x1"]) == (col["care"] - 0.5, col["care"] + 0.5)
    assert (frame["y0"], frame["y1"]) == (-0.5, 2.5)  # the whole column, reference included
    custom = grid(trace, trace["customdata"])
    assert "hoger dan de referentie" in custom[2][col["housing"]][3]
    assert "nog niet ingevuld" in custom[1][col["health"]][3]
    assert custom[0][col["care"]][:3] == ["Referentie", "Gezin en zorg voor anderen", str(SANNE["care"])]


def test_nicknames_are_escaped_everywhere():
    nick = '<img src=x onerror="alert(1)">'
    fig = group_figure(DEFN, SANNE, [(nick, {"housing": 2})], "en")
    text = json.dumps(fig)
    assert "<img" not in text and "alert(1)\\\"" not in text
    escaped = "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;"
    assert escaped in fig["layout"]["yaxis"]["ticktext"][1]
    (trace,) = fig["data"]
    assert all(cell[0] == escaped for cell, y in zip(trace["customdata"], trace["y"]) if y == 1)
    go.Figure(fig)


def test_empty_group_and_english():
    fig = group_figure(DEFN, SANNE, [], "en")
    go.Figure(fig)
    (trace,) = fig["data"]
    assert set(trace["y"]) == {0} and len(trace["x"]) == len(DEFN.subpillar_ids())  # the reference only
    texts = " ".join(a["text"] for a in fig["layout"]["annotations"])
    assert "Nobody has joined yet" in texts and "one step off" in texts and "not answered yet" in texts
    assert fig["layout"]["shapes"] == []
    assert fig["layout"]["xaxis"]["ticktext"][0] == "Housing"
    assert fig["layout"]["separators"] == ".,"


def test_height_grows_with_the_group_and_the_trace_list_is_stable():
    small = group_figure(DEFN, SANNE, [("A", {})], "nl")
    big = group_figure(DEFN, SANNE, [(f"P{i}", {}) for i in range(12)], "nl")
    assert big["layout"]["height"] > small["layout"]["height"]
    assert [t["uid"] for t in small["data"]] == [t["uid"] for t in big["data"]]
    # the cells fit their rows: the plot area gives every row more than a cell's side
    for fig in (small, big):
        layout, rows = fig["layout"], len(fig["layout"]["yaxis"]["tickvals"])
        plot_height = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
        assert plot_height / rows > fig["data"][0]["marker"]["size"]
