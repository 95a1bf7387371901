"""The group radar (issue 10): two shapes, baseline and latest, from the report's means; a
hidden cell is a gap, never a zero; hover and caption say on how many clients a point rests."""

from __future__ import annotations

from mmwidgets.figures.radar import radar_layout
from mmwidgets.figures.report import group_radar_figure
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import shipped_data_dir

DEFN = load_definition(shipped_data_dir() / "bridges" / "default.yaml")


def test_two_shapes_with_gaps_and_counts():
    means = {"housing": (37.5, 62.5), "debts": (25.0, 50.0)}
    counts = {"housing": 12, "debts": 30, "care": 3}
    fig = group_radar_figure(DEFN, means, counts, "eerste gesprek", "nl")
    base, latest = fig["data"]
    ids = DEFN.subpillar_ids()
    h, d, c = ids.index("housing"), ids.index("debts"), ids.index("care")
    # housing is the first spoke (straight up): x 0, y = the mean
    assert (base["x"][h], base["y"][h]) == (0.0, 37.5) and (latest["x"][h], latest["y"][h]) == (0.0, 62.5)
    assert base["x"][c] is None and latest["y"][c] is None  # too few clients: a gap
    assert "12 deelnemers" in latest["text"][h] and "30 deelnemers" in base["text"][d]
    assert "te weinig" in latest["text"][c]
    assert "fill" not in latest  # not every spoke has a point: no fill over a gap
    caption = [a for a in fig["layout"]["annotations"] if a.get("name") == "how"][0]["text"].replace("<br>", " ")
    assert "12 tot 30 deelnemers" in caption and "eerste gesprek" in caption
    # the radar's own web and names are reused
    assert fig["layout"]["shapes"] == radar_layout(DEFN, "nl")["shapes"]


def test_names_are_escaped_and_full_group_is_filled():
    means = {s: (50.0, 75.0) for s in DEFN.subpillar_ids()}
    fig = group_radar_figure(DEFN, means, {s: 10 for s in means}, "<b>regel</b>", "en")
    assert fig["data"][1]["fill"] == "toself"
    assert "<b>regel</b>" not in fig["data"][0]["name"] and "&lt;b&gt;" in fig["data"][0]["name"]
