"""Every figure uses only the trace types of plotly.js's small "basic" bundle.

The browser loads that bundle (scatter, bar, pie; 1.2 MB, ~0.3 s) instead of the full one
(4.6 MB, ~1.3 s): a figure with another trace type would draw nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest

from mmwidgets.figures.bridge import bridge_figure
from mmwidgets.figures.group import group_figure
from mmwidgets.figures.progress import progress_figure
from mmwidgets.figures.radar import radar_figure
from mmwidgets.figures.timeline import timeline_figure
from mmwidgets.model.assessment import Assessment, Choice
from mmwidgets.model.bridge.library import DefinitionLibrary, shipped_bridges_dir
from mmwidgets.model.plan import Action, Goal, Plan, Reward, RewardGiven
from mmwidgets.model.training.content import load_training

BASIC_BUNDLE = {"scatter", "bar", "pie"}
LIBRARY = DefinitionLibrary([shipped_bridges_dir()])


def assessments(definition):
    first, *rest = definition.subpillar_ids()
    a = Assessment(1, dt.date(2026, 1, 12), definition.id, definition.version, {first: Choice(step=1)})
    b = Assessment(1, dt.date(2026, 3, 9), definition.id, definition.version,
                   {s: Choice(step=2, focus=True) for s in [first, *rest]})
    return [a, b]


def figures():
    for entry in LIBRARY.valid():
        d = entry.definition
        older, newer = assessments(d)
        yield f"bridge {d.key}", bridge_figure(d, newer, older)
        yield f"radar {d.key}", radar_figure(d, [older, newer])
        yield f"progress {d.key}", progress_figure(d, [older, newer])
    goal = Goal(text="Kinderopvang", target_date=dt.date(2026, 4, 1),
                actions=[Action(what="Bellen", due=dt.date(2026, 3, 2), done_on=dt.date(2026, 3, 2))],
                rewards=[Reward(what="Bioscoop")])
    plan = Plan(goals=[goal], ledger=[RewardGiven(date=dt.date(2026, 3, 3), for_what="Gebeld")])
    yield "timeline", timeline_figure(plan, "nl", dt.date(2026, 3, 10))
    training = load_training()
    definition = training.definitions["mm-standaard@1"]
    reference = training.vignettes["sanne"].reference_steps()
    yield "group", group_figure(definition, reference, [("Anna", {"housing": 4}), ("Bo", {})], "nl")


@pytest.mark.parametrize(("name", "figure"), list(figures()), ids=lambda v: v if isinstance(v, str) else "")
def test_only_basic_bundle_trace_types(name, figure):
    types = {trace.get("type", "scatter") for trace in figure["data"]}
    assert types <= BASIC_BUNDLE, f"{name} uses {types - BASIC_BUNDLE}"
