"""The report across bridge versions (issue 10): conversations on the default bridge counted
on the simple bridge through the shipped crosswalk, hand-computed; without a crosswalk nothing
is counted and the report says what could not be mapped."""

from __future__ import annotations

import datetime as dt

from mmwidgets.model.bridge.crosswalk import CrosswalkSet, load_crosswalks
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.store.store import Store
from mmwidgets.store.reports.files import unmapped_lines
from mmwidgets.store.reports.team import ReportOptions, team_report
from tests.test_report_store import ANNE, DEFN, add_talk, team  # noqa: F401  (fixture)

BRIDGES = shipped_data_dir() / "bridges"
SIMPLE = load_definition(BRIDGES / "eenvoudig.yaml")
BY_KEY = {d.key: d for d in (DEFN, SIMPLE, load_definition(BRIDGES / "gemeente-schulden.yaml"))}


def simple_options(crosswalks):
    return ReportOptions(start=dt.date(2026, 2, 1), end=dt.date(2026, 12, 31), definition=SIMPLE, minimum=5,
                         crosswalks=crosswalks, lookup=BY_KEY.get)


def test_default_bridge_counted_on_the_simple_bridge(team):
    url, ids = team
    store = Store(url, actor=ANNE)
    # housing 1..5 -> wonen [1, 2, 2, 3, 3] (3 steps: 0, 50, 100); schooling has no place there
    add_talk(store, ids["c1"], dt.date(2026, 6, 20), {"schooling": 3})
    report = team_report(store, simple_options(load_crosswalks()))
    wonen = report.parts.set_index("part").loc["wonen"]
    assert (wonen["clients"], wonen["baseline"], wonen["latest"], wonen["change"]) == (6, 50.0, 75.0, 25.0)
    assert (wonen["up"], wonen["same"], wonen["down"]) == (0.667, 0.167, 0.167)
    [lost] = report.unmapped
    assert lost.key == DEFN.key and lost.conversations == 21 and lost.dropped == ["schooling"]
    assert any("schooling" in line and DEFN.key in line for line in unmapped_lines(report, "nl"))


def test_without_a_crosswalk_nothing_is_counted_and_that_is_said(team):
    url, _ids = team
    report = team_report(Store(url, actor=ANNE), simple_options(CrosswalkSet()))
    assert report.parts["clients"].sum() == 0
    [lost] = report.unmapped
    assert lost.parts == SIMPLE.subpillar_ids()
    line = unmapped_lines(report, "en")[0]
    assert DEFN.key in line and "(20 conversations)" in line and SIMPLE.subpillar("wonen").name.get("en") in line
