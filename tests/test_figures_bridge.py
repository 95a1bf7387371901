"""The bridge figure: a valid plotly dict, a stable trace list, clickable rungs."""

from __future__ import annotations

import copy
import datetime as dt
import html
import json

import plotly.graph_objects as go
import pytest

from mmwidgets.figures import (
    bridge_click_target,
    bridge_figure,
    bridge_layout,
    bridge_traces,
    focus_trace_index,
    previous_trace_index,
    rung_trace_index,
)
from mmwidgets.figures.bridge import (
    ASSUMED_PLOT_WIDTH,
    MIN_PLOT_WIDTH,
    NAME_GAP_PX,
    NAME_LINES,
    SHORT_WORD,
    _name_lines,
    _syllable_cut,
    column_fits,
    name_lines,
    names_clear,
    rung_y,
    text_px,
)
from mmwidgets.figures.style import EMPTY, esc, tint
from mmwidgets.i18n import t
from mmwidgets.model.assessment import Choice
from mmwidgets.model.bridge.definition import BridgeDefinition, definition_to_data, load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from test_figures_data import XSS, assessment, big_definition, sample_definition


@pytest.fixture
def defn() -> BridgeDefinition:
    return sample_definition()


def default_definition() -> BridgeDefinition:
    return load_definition(shipped_data_dir() / "bridges" / "default.yaml")


def rung(fig: dict, defn: BridgeDefinition, sub_id: str) -> dict:
    return fig["data"][rung_trace_index(defn, sub_id)]


def test_figure_is_valid_plotly_in_every_state(defn):
    states = [
        (None, None),
        (assessment(defn), None),
        (assessment(defn, steps={"housing": 2, "debts": 5}, focus=("care",)), None),
        (assessment(defn, steps={"housing": 2}), assessment(defn, steps={"housing": 1, "savings": 2})),
    ]
    for current, previous in states:
        for lang in ("nl", "en"):
            fig = bridge_figure(defn, current, previous, lang)
            go.Figure(fig)  # raises on any invalid property
            json.dumps(fig)  # plain JSON, no numpy or plotly objects


def test_default_bridge_builds_and_validates():
    defn = default_definition()
    ids = defn.subpillar_ids()
    current = assessment(defn, steps={sub_id: 1 + i % 5 for i, sub_id in enumerate(ids)}, focus=(ids[0],))
    fig = bridge_figure(defn, current, assessment(defn, steps={ids[1]: 2}), "nl")
    go.Figure(fig)
    assert len(fig["data"]) == len(ids) + 2
    assert fig["layout"]["xaxis"]["tickvals"] == [rung(fig, defn, s)["x"][0] for s in ids]


def test_big_definition_builds_without_error():
    defn = big_definition(12, 4, 10)
    ids = defn.subpillar_ids()
    current = assessment(defn, steps={sub_id: 1 + i % 10 for i, sub_id in enumerate(ids)})
    fig = bridge_figure(defn, current, current, "en")
    go.Figure(fig)
    assert len(fig["data"]) == 48 + 2
    assert all(len(trace["y"]) == 10 for trace in fig["data"][:48])


def test_trace_list_depends_only_on_the_definition(defn):
    def signature(fig):  # the legend names of "previous" and "focus" carry a date and a language
        return [(tr["type"], tr["uid"], len(tr["x"])) for tr in fig["data"]]

    empty = signature(bridge_figure(defn, None))
    variants = [
        bridge_figure(defn, assessment(defn), None, "nl"),
        bridge_figure(defn, assessment(defn, steps={"housing": 4, "care": 1}), None, "en"),
        bridge_figure(
            defn,
            assessment(defn, steps={"debts": 3}, focus=("debts", "savings")),
            assessment(defn, steps={"debts": 1, "housing": 2}),
        ),
    ]
    for fig in variants:
        assert signature(fig) == empty
    uids = [uid for _, uid, _ in empty]
    assert len(set(uids)) == len(uids)
    assert uids[: len(defn.subpillar_ids())] == [f"rung-{s}" for s in defn.subpillar_ids()]
    assert uids[previous_trace_index(defn)] == "previous"
    assert uids[focus_trace_index(defn)] == "focus"


def test_rungs_are_normalised_so_the_deck_is_level(defn):
    fig = bridge_figure(defn, None)
    for _pillar, sub in defn.subpillars():
        ys = rung(fig, defn, sub.id)["y"]
        assert ys[0] == 0 and ys[-1] == 1
        assert ys == sorted(ys) and len(ys) == sub.step_count
    assert rung_y(3, 5) == 0.5
    deck = fig["layout"]["shapes"][1]
    assert deck["y0"] > 1  # the deck sits above every top rung


def test_choosing_a_step_changes_only_that_sub_pillars_rungs(defn):
    before = assessment(defn, steps={"housing": 2, "debts": 2}, focus=("care",))
    previous = assessment(defn, steps={"debts": 1})
    after = before.with_choice("debts", Choice(step=4))
    fig0 = bridge_figure(defn, before, previous)
    fig1 = bridge_figure(defn, after, previous)
    changed = [i for i, (a, b) in enumerate(zip(fig0["data"], fig1["data"])) if a != b]
    assert changed == [rung_trace_index(defn, "debts")]
    # (the "Als tabel" rows and description follow the choices on purpose, issue 19)
    without_table = lambda layout: {**layout, "meta": {k: v for k, v in layout.get("meta", {}).items()  # noqa: E731
                                                       if k not in ("mm_table", "mm_description")}}
    assert without_table(fig0["layout"]) == without_table(fig1["layout"])
    colour = defn.pillar("money").colour
    colours = rung(fig1, defn, "debts")["marker"]["color"]
    assert colours == [tint(colour, 0.6)] * 3 + [colour, EMPTY]
    widths = rung(fig1, defn, "debts")["marker"]["line"]["width"]
    assert widths[3] > widths[0] and len(set(widths[:3] + widths[4:])) == 1
    hover = rung(fig1, defn, "debts")["text"]
    assert t("fig.chosen", "nl") in hover[3]
    assert sum(t("fig.chosen", "nl") in text for text in hover) == 1


def test_unanswered_sub_pillar_shows_only_empty_rungs(defn):
    fig = bridge_figure(defn, assessment(defn, steps={"housing": 1}))
    assert rung(fig, defn, "savings")["marker"]["color"] == [EMPTY, EMPTY]
    assert rung(fig, defn, "housing")["marker"]["color"][0] == defn.pillar("home").colour


def test_step_outside_the_definition_is_read_as_unanswered(defn):
    stale = assessment(defn, steps={"savings": 7})  # e.g. made with another version
    fig = bridge_figure(defn, stale, stale)
    assert rung(fig, defn, "savings")["marker"]["color"] == [EMPTY, EMPTY]
    assert fig["data"][previous_trace_index(defn)]["y"][3] is None


def test_previous_assessment_shows_as_a_ring_on_its_step(defn):
    previous = assessment(defn, date=dt.date(2025, 1, 5), steps={"housing": 3, "debts": 1})
    fig = bridge_figure(defn, assessment(defn, steps={"housing": 4}), previous, "nl")
    ring = fig["data"][previous_trace_index(defn)]
    ids = defn.subpillar_ids()
    assert ring["y"] == [rung_y(3, 4), None, rung_y(1, 5), None]
    assert ring["x"][ids.index("housing")] == rung(fig, defn, "housing")["x"][0]
    assert ring["customdata"][ids.index("debts")] == ["debts", 1]
    assert ring["hoverinfo"] == "skip"  # clicks go to the rung underneath
    assert t("fig.previous", "nl") in rung(fig, defn, "housing")["text"][2]
    without = bridge_figure(defn, assessment(defn, steps={"housing": 4}), None, "nl")
    assert without["data"][previous_trace_index(defn)]["y"] == [None] * 4


def test_focus_sub_pillars_get_a_star_and_a_bold_name(defn):
    fig = bridge_figure(defn, assessment(defn, steps={"debts": 2}, focus=("care", "debts")))
    stars = fig["data"][focus_trace_index(defn)]
    ids = defn.subpillar_ids()
    shown = [ids[i] for i, y in enumerate(stars["y"]) if y is not None]
    assert shown == ["care", "debts"]
    assert all(y > 1 for y in stars["y"] if y is not None)
    assert stars["marker"]["symbol"] == "star"
    ticktext = fig["layout"]["xaxis"]["ticktext"]
    assert [ids[i] for i, text in enumerate(ticktext) if text.startswith("<b>")] == ["care", "debts"]
    assert t("fig.focus", "nl") in stars["text"][ids.index("care")]


def test_every_rung_click_round_trips(defn):
    fig = json.loads(json.dumps(bridge_figure(defn, assessment(defn, steps={"care": 2}))))
    seen = []
    for curve, trace in enumerate(fig["data"][: len(defn.subpillar_ids())]):
        for index, customdata in enumerate(trace["customdata"]):
            point = {"curve": curve, "index": index, "customdata": customdata}
            target = bridge_click_target(point, defn)
            assert target == (trace["name"], index + 1)
            assert bridge_click_target(point) == target
            seen.append(target)
    expected = [(sub.id, k) for _, sub in defn.subpillars() for k in range(1, sub.step_count + 1)]
    assert seen == expected


def test_clicks_that_are_not_a_choice_decode_to_none(defn):
    fig = bridge_figure(defn, assessment(defn, focus=("care",)))
    star = fig["data"][focus_trace_index(defn)]["customdata"][1]
    bad = [
        None,
        "housing",
        {},
        {"curve": 0, "index": 0},
        {"curve": 0, "index": 0, "customdata": None},
        {"curve": 0, "index": 0, "customdata": star},
        {"customdata": ["housing"]},
        {"customdata": ["housing", "2"]},
        {"customdata": ["housing", True]},
        {"customdata": ["housing", 0]},
        {"customdata": ["housing", 2.5]},
        {"customdata": [3, 2]},
        {"customdata": "ho"},
    ]
    for point in bad:
        assert bridge_click_target(point, defn) is None, point
        assert bridge_click_target(point) is None, point
    # with the definition, unknown sub-pillars and steps beyond the ladder are refused too
    assert bridge_click_target({"customdata": ["nope", 1]}, defn) is None
    assert bridge_click_target({"customdata": ["savings", 3]}, defn) is None
    assert bridge_click_target({"customdata": ["savings", 2.0]}, defn) == ("savings", 2)


def test_dutch_and_english_labels_come_from_the_definition(defn):
    nl = bridge_figure(defn, assessment(defn, steps={"housing": 2}), None, "nl")
    en = bridge_figure(defn, assessment(defn, steps={"housing": 2}), None, "en")
    assert nl["layout"]["xaxis"]["ticktext"] != en["layout"]["xaxis"]["ticktext"]
    for fig, lang in ((nl, "nl"), (en, "en")):
        ticktext = fig["layout"]["xaxis"]["ticktext"]
        for (_pillar, sub), text in zip(defn.subpillars(), ticktext):
            assert text.replace("<br>", " ") == sub.name.get(lang)
        housing = defn.subpillar("housing")
        hover = rung(fig, defn, "housing")["text"]
        for k, step in enumerate(housing.steps):
            assert step.label.get(lang) in hover[k]
            assert t("fig.step", lang, step=k + 1, count=4) in hover[k]
        annotations = [a["text"] for a in fig["layout"]["annotations"]]
        assert any(t("fig.deck", lang) in text for text in annotations)
        assert any(defn.pillar("money").name.get(lang) in text for text in annotations)
    assert "Thuis en gezin" in json.dumps(nl) and "Thuis en gezin" not in json.dumps(en)
    assert t("fig.deck", "nl") != t("fig.deck", "en")


def test_layout_is_fixed_calm_and_dutch(defn):
    nl = bridge_layout(defn, None, "nl")
    assert nl["dragmode"] is False
    assert nl["xaxis"]["fixedrange"] and nl["yaxis"]["fixedrange"]
    assert nl["separators"] == ",."
    assert bridge_layout(defn, None, "en")["separators"] == ".,"
    assert 400 <= nl["height"] <= 520
    assert {"zoom", "pan", "select", "lasso", "autoScale", "resetScale"} <= set(nl["modebar"]["remove"])
    assert nl["xaxis"]["tickfont"]["size"] >= 12
    assert bridge_traces(defn, None) == bridge_figure(defn, None)["data"]


def test_long_names_wrap_onto_lines(defn):
    ticktext = bridge_layout(defn, None, "en")["xaxis"]["ticktext"]
    care = ticktext[defn.subpillar_ids().index("care")]
    assert "<br>" in care  # "Care for children and relatives" does not fit one column


def test_user_and_team_text_is_escaped(defn):
    data = definition_to_data(defn)
    data["pillars"][0]["name"]["nl"] = XSS
    data["pillars"][0]["subpillars"][0]["name"]["nl"] = XSS
    data["pillars"][0]["subpillars"][0]["steps"][1]["label"]["nl"] = XSS
    data["pillars"][0]["subpillars"][0]["steps"][1]["text"]["nl"] = XSS
    hostile = BridgeDefinition.model_validate(copy.deepcopy(data))
    current = assessment(hostile, steps={"housing": 2, "debts": 1}, focus=("housing",), notes={"housing": XSS, "debts": XSS})
    fig = bridge_figure(hostile, current, current, "nl")
    # the "Als tabel" rows are plain text, escaped where they become HTML (widgets/figure_table.py)
    meta = fig["layout"].get("meta", {})
    plain = {k: meta.pop(k) for k in ("mm_table", "mm_description") if k in meta}
    text = json.dumps(fig)
    fig["layout"]["meta"].update(plain)
    assert "<img" not in text
    assert "onerror=alert(1)&gt;" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in rung(fig, hostile, "debts")["text"][0]  # the note
    go.Figure(fig)


# ---------------------------------------------------------------- on a tablet (issue 8)
def eenvoudig_definition() -> BridgeDefinition:
    return load_definition(shipped_data_dir() / "bridges" / "eenvoudig.yaml")


def on_screen_step_px(fig: dict, steps: int) -> float:
    layout = fig["layout"]
    plot = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    low, high = layout["yaxis"]["range"]
    return plot / (high - low) * (rung_y(2, steps) - rung_y(1, steps))


@pytest.mark.parametrize("which", ["default", "eenvoudig", "big", "sample"])
def test_every_rung_is_a_touch_target_of_at_least_44_px(which):
    defn = {
        "default": default_definition,
        "eenvoudig": eenvoudig_definition,
        "big": big_definition,
        "sample": sample_definition,
    }[which]()
    fig = bridge_figure(defn, None)
    for _pillar, sub in defn.subpillars():
        # rungs are this far apart on screen, and a touch within half of it picks the rung
        apart = on_screen_step_px(fig, sub.step_count)
        assert apart >= 44, (sub.id, apart)
        assert 2 * fig["layout"]["hoverdistance"] >= 44
        assert 2 * fig["layout"]["hoverdistance"] <= apart + 1  # never the neighbour's rung
        assert min(rung(fig, defn, sub.id)["marker"]["line"]["width"]) >= 8  # a bar, not a hairline


def test_the_chosen_step_is_the_thickest_rung_in_the_pillar_colour(defn):
    fig = bridge_figure(defn, assessment(defn, steps={"debts": 3}))
    debts = rung(fig, defn, "debts")
    widths, colours = debts["marker"]["line"]["width"], debts["marker"]["color"]
    assert widths.index(max(widths)) == 2 and max(widths) > min(widths)
    assert colours[2] == defn.pillar_of("debts").colour
    assert colours[3] == EMPTY and colours[0] == tint(defn.pillar_of("debts").colour, 0.6)


def test_last_time_has_a_dated_legend_entry_and_no_entry_without_it(defn):
    previous = assessment(defn, date=dt.date(2026, 11, 3), steps={"housing": 3})
    current = assessment(defn, date=dt.date(2026, 12, 1), steps={"housing": 4})
    nl = bridge_figure(defn, current, previous, "nl")
    ring = nl["data"][previous_trace_index(defn)]
    assert ring["showlegend"] is True and ring["name"] == "Vorige keer, 3-11-2026"
    assert nl["layout"]["showlegend"] is True
    assert nl["layout"]["legend"]["itemclick"] is False  # a tap on the legend hides nothing
    en = bridge_figure(defn, current, previous, "en")
    assert en["data"][previous_trace_index(defn)]["name"] == "Last time, 3 Nov 2026"
    alone = bridge_figure(defn, current, None, "nl")
    assert alone["data"][previous_trace_index(defn)]["showlegend"] is False
    assert alone["data"][focus_trace_index(defn)]["showlegend"] is False
    focused = bridge_figure(defn, assessment(defn, steps={"debts": 2}, focus=("debts",)), None, "nl")
    star = focused["data"][focus_trace_index(defn)]
    assert star["showlegend"] is True and star["name"] == t("fig.focus", "nl")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_names_fit_their_column_on_a_tablet_without_being_cut(lang):
    from mmwidgets.figures.bridge import ASSUMED_PLOT_WIDTH, CHAR_PX

    cases = []
    for defn in (default_definition(), eenvoudig_definition()):
        base = bridge_layout(defn, None, lang)
        cases.append((defn, base, ASSUMED_PLOT_WIDTH))
        for variant in base["meta"]["mm_widths"]:  # the labels for wider boxes, as the browser applies them
            wide = copy.deepcopy(base)
            for key, value in variant["set"].items():
                if key.startswith("xaxis."):
                    wide["xaxis"][key.split(".", 1)[1]] = value
                else:
                    wide[key] = value
            cases.append((defn, wide, variant["min_width"] - 16))
    for defn, layout, plot_width in cases:
        left, right = layout["xaxis"]["range"]
        column_px = plot_width / (right - left)
        char_px = CHAR_PX * layout["xaxis"]["tickfont"]["size"] / 12
        assert layout["xaxis"]["tickfont"]["size"] >= 11
        assert plot_width <= 1366 // 2 + 300
        for (_pillar, sub), text in zip(defn.subpillars(), layout["xaxis"]["ticktext"]):
            plain = text.replace("<b>", "").replace("</b>", "")
            lines = plain.split("<br>")
            assert "…" not in plain, f"{sub.id}: {plain} is cut"
            if layout["xaxis"]["tickangle"]:  # too narrow to break names well: whole, tilted
                assert lines == [esc(" ".join(sub.name.get(lang).split()))]
                continue
            # every word of the name is there (split with a hyphen at most)
            assert "".join(lines).replace("-", "").replace(" ", "") == sub.name.get(lang).replace("-", "").replace(" ", "").replace("&", "&amp;")
            assert max(len(line) for line in lines) * char_px <= column_px * 1.3, (sub.id, lines)
        if layout["xaxis"]["tickangle"]:
            continue
        # two neighbours' names never run into each other, line by line
        ticks = layout["xaxis"]["ticktext"]
        xs = layout["xaxis"]["tickvals"]
        for i in range(len(ticks) - 1):
            a = ticks[i].replace("<b>", "").replace("</b>", "").split("<br>")
            b = ticks[i + 1].replace("<b>", "").replace("</b>", "").split("<br>")
            apart_px = (xs[i + 1] - xs[i]) * column_px
            for line_a, line_b in zip(a, b):
                assert (len(line_a) + len(line_b)) / 2 * char_px <= apart_px * 1.1, (line_a, line_b, apart_px)
        # the figure is tall enough for its label lines: the bottom margin holds them all
        most = max(t.count("<br>") + 1 for t in layout["xaxis"]["ticktext"])
        assert layout["margin"]["b"] >= most * 14


def test_pillar_names_wrap_inside_their_background(defn):
    layout = bridge_layout(default_definition(), None, "en")
    names = [a["text"] for a in layout["annotations"][2:]]
    assert any("<br>" in name for name in names)  # "Education and development" takes two lines
    assert not any("…" in name for name in names)


def test_the_simple_bridge_draws_its_pictograms_as_our_own_svg_not_emoji():
    import base64

    defn = eenvoudig_definition()
    fig = bridge_figure(defn, None, None, "nl")
    images = fig["layout"]["images"]
    with_icon = [(sub.id, n) for _p, sub in defn.subpillars() for n, step in enumerate(sub.steps, 1) if step.icon]
    assert len(images) == len(with_icon) == 24
    assert [img["name"] for img in images] == [f"icon-{s}-{n}" for s, n in with_icon]
    for img in images:
        assert img["source"].startswith("data:image/svg+xml;base64,")  # no request, no emoji font
        assert base64.b64decode(img["source"].split(",", 1)[1]).startswith(b"<svg")
    # just under its own rung, inside the step's band (never on the neighbour's rung)
    geo_step = on_screen_step_px(fig, 3)
    for img, (sub_id, n) in zip(images, with_icon):
        assert img["x"] == rung(fig, defn, sub_id)["x"][0]
        below_px = (rung_y(n, 3) - img["y"]) * geo_step / (rung_y(2, 3) - rung_y(1, 3))
        assert 0 < below_px and below_px + 26 < geo_step
    go.Figure(fig)
    assert "layout" in fig and "images" not in bridge_figure(default_definition(), None)["layout"]


def test_the_layout_carries_labels_for_wider_boxes_which_the_browser_picks():
    defn = default_definition()
    layout = bridge_layout(defn, None, "nl")
    variants = layout["meta"]["mm_widths"]
    assert [v["min_width"] for v in variants] == [540, 700, 940]  # laptop, portrait tablet, wide

    def lines(texts):
        return sum(text.count("<br>") + 1 for text in texts)

    narrow = lines(layout["xaxis"]["ticktext"])
    wider = [lines(v["set"].get("xaxis.ticktext", layout["xaxis"]["ticktext"])) for v in variants]
    assert narrow > wider[0] >= wider[1]  # more room: names on fewer lines
    assert variants[-1]["set"]["height"] <= layout["height"]  # and less room under the bridge
    # a caller that knows the width gets that layout only
    assert "meta" not in bridge_layout(defn, None, "nl", width=1000)
    assert len(json.dumps(layout)) < 20_000  # sent once per definition and language, not per click
    simple = bridge_layout(eenvoudig_definition(), None, "nl")
    assert all("images" not in v["set"] for v in simple["meta"]["mm_widths"])  # big, and the same
    go.Figure(bridge_figure(defn, None))


# ---------------------------------------------------------------- names measured (issue 18)
def _plain(label: str) -> list[str]:
    return html.unescape(label.replace("<b>", "").replace("</b>", "")).split("<br>")


def _apply_variant(base: dict, variant: dict) -> dict:
    wide = copy.deepcopy(base)
    for key, value in variant["set"].items():
        if key.startswith("xaxis."):
            wide["xaxis"][key.split(".", 1)[1]] = value
        else:
            wide[key] = value
    return wide


def _every_layout(defn: BridgeDefinition, lang: str, focus: tuple[str, ...] = ()):
    """(layout, plot width in px) for the box widths the app draws in: the layout for the
    browser (narrowest box, plus the variants it picks for wider ones) and layouts made for a
    known width from a phone-sized box to a laptop without the editor beside it."""
    current = assessment(defn, steps={}, focus=focus) if focus else None
    base = bridge_layout(defn, current, lang)
    yield base, ASSUMED_PLOT_WIDTH
    for variant in base["meta"]["mm_widths"]:
        yield _apply_variant(base, variant), variant["min_width"] - 16
    for width in range(320, 1101, 60):
        yield bridge_layout(defn, current, lang, width=width), max(MIN_PLOT_WIDTH, width - 16)


SHIPPED = ("default", "eenvoudig", "gemeente-schulden")


def shipped(name: str) -> BridgeDefinition:
    return load_definition(shipped_data_dir() / "bridges" / f"{name}.yaml")


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", SHIPPED)
def test_every_name_line_fits_its_column_and_every_cut_is_between_syllables(name, lang):
    defn = shipped(name)
    ids = defn.subpillar_ids()
    upright_seen = 0
    for layout, plot_width in _every_layout(defn, lang, focus=tuple(ids)):  # all bold: the widest
        axis = layout["xaxis"]
        size = axis["tickfont"]["size"]
        assert size >= 11
        left, right = axis["range"]
        column_px = plot_width / (right - left)
        for sub_id, label in zip(ids, axis["ticktext"]):
            assert label.startswith("<b>")
            lines = _plain(label)
            name_text = defn.subpillar(sub_id).name.get(lang)
            assert "…" not in "".join(lines), (sub_id, lines)
            if axis["tickangle"]:  # tilted: the whole name on one line, never cut
                assert lines == [" ".join(name_text.split())]
                continue
            # every letter is there, in order; a hyphen only where a word was cut
            assert "".join(line[:-1] if line.endswith("-") else line + " " for line in lines).split() == name_text.split()
            for line in lines:
                # measured with the font's own widths: bold within the column, plain with room to
                # spare; a name that cannot be drawn well in its column alone (a short word too wide
                # for it, "Wonen" at 11 px in 39 px) may use what its neighbours leave free
                if not _name_lines(name_text, column_fits(column_px, size), NAME_LINES)[1]:
                    break  # borrowed room: checked against its neighbours line by line (test_a_short_word_is_never_broken)
                assert text_px(line, size, bold=True) <= column_px + 0.01, (sub_id, line, column_px)
                assert text_px(line, size) + NAME_GAP_PX <= column_px + 0.01, (sub_id, line, column_px)
            for n, line in enumerate(lines):
                if line.endswith("-"):  # cut between syllables, never "Sociaa-l" or "Sav-ings"
                    word = line.rsplit(" ", 1)[-1][:-1]
                    rest = ""  # the rest of the word, over as many lines as it takes
                    for following in lines[n + 1:]:
                        piece = following.split(" ", 1)[0]
                        rest += piece[:-1] if piece.endswith("-") and " " not in following else piece
                        if not (piece.endswith("-") and " " not in following):
                            break
                    assert _syllable_cut(word + rest, len(word)) > 0, (line, rest)
                    assert sum(ch.isalpha() for ch in rest) >= 3 and sum(ch.isalpha() for ch in word) >= 2
        upright_seen += not axis["tickangle"]
    assert upright_seen >= 5  # most boxes draw the names upright


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", SHIPPED)
def test_a_short_word_is_never_broken(name, lang):
    """"Wonen" beside the editor at 1024 px was drawn "Wo-nen" although the names beside it
    left room: a word of up to SHORT_WORD letters is whole in every box, and then still clear
    of its neighbours, whichever of them is bold, and inside the figure."""
    defn = shipped(name)
    short = {w for _p, sub in defn.subpillars() for w in sub.name.get(lang).split()
             if sum(ch.isalpha() for ch in w) <= SHORT_WORD}
    for layout, plot_width in _every_layout(defn, lang):
        axis = layout["xaxis"]
        size = axis["tickfont"]["size"]
        left, right = axis["range"]
        px = plot_width / (right - left)
        ticks = [_plain(label) for label in axis["ticktext"]]
        for lines in ticks:
            for n, line in enumerate(lines[:-1]):
                if line.endswith("-"):
                    whole = line.rsplit(" ", 1)[-1][:-1] + lines[n + 1].split(" ", 1)[0]
                    assert whole not in short, (whole, lines)
        if axis["tickangle"]:
            continue
        for i in range(len(ticks) - 1):
            apart = (axis["tickvals"][i + 1] - axis["tickvals"][i]) * px
            assert names_clear(ticks[i], ticks[i + 1], apart, size), (ticks[i], ticks[i + 1], apart)
        for i in (0, len(ticks) - 1):  # the outer names inside the figure (8 px margins)
            edge = (abs(axis["tickvals"][i] - (left if i == 0 else right))) * px + 8
            assert all(text_px(line, size, True) / 2 <= edge for line in ticks[i]), ticks[i]
    if name == "default" and lang == "nl":
        beside = bridge_layout(defn, None, "nl", width=468)  # the editor beside it at 1024 px
        assert "Wonen" in _plain(beside["xaxis"]["ticktext"][0]) and not beside["xaxis"]["tickangle"]


def test_long_dutch_names_break_where_a_dutch_reader_expects():
    def lines(name: str, room: float, size: float = 11) -> list[str]:
        return name_lines(name, room, size)

    assert lines("Sociaal netwerk", 36) == ["Soci-", "aal", "net-", "werk"]  # never "Sociaa-l"
    assert lines("Sociaal netwerk", 48) == ["Sociaal", "netwerk"]
    assert lines("Gezondheid", 50) == ["Gezond-", "heid"]  # not "Gezon-dheid"
    assert lines("Opleiding", 40) == ["Oplei-", "ding"]
    assert lines("Diploma", 36) == ["Di-", "ploma"]  # not "Dip-loma"
    assert lines("Post en administratie", 50) == ["Post en", "admini-", "stratie"]
    assert lines("Woonlasten", 36) == ["Woon-", "lasten"]
    assert lines("Savings and buffer", 38) == ["Sa-", "vings", "and", "buffer"]  # not "Saving-s"
    assert lines("Language, numeracy", 45) == ["Lan-", "guage,", "nume-", "racy"]  # not "Langua-ge,"
    assert not any(_syllable_cut("others", i) for i in range(1, 6))  # "ot-hers", "oth-ers": no
    assert not any(_syllable_cut("Sociaal", i) for i in (5, 6))  # "Socia-al", "Sociaa-l": no
    assert lines("Wonen", 200) == ["Wonen"]
    for name in ("Gezin en zorg voor anderen", "Kwaliteit van werk", "Taal, rekenen en digitaal"):
        for room in (34, 40, 48, 60, 80):
            for line in lines(name, room):
                assert text_px(line, 11) <= room or " " not in line and len(line.rstrip("-")) <= 4


def test_glyph_widths_are_the_fonts_and_bold_is_wider():
    assert text_px("Wonen", 100) == pytest.approx(99 + 61 + 63 + 62 + 63)  # DejaVu Sans, as Chromium draws it
    assert text_px("iiii", 11) < text_px("WWWW", 11)
    for word in ("Gezondheid", "Sociaal netwerk", "Housing"):
        assert text_px(word, 11, bold=True) > text_px(word, 11)
    assert text_px("ëé’", 11) == pytest.approx(11 * (62 + 62 + 32) / 100)
    assert text_px("€", 10) == 10  # unknown: a whole em, never too little


@pytest.mark.parametrize("name", SHIPPED)
def test_a_part_to_work_on_is_bold_on_the_same_lines_and_moves_nothing(name):
    """A tap on "hier wil ik aan werken" makes the name bold: the same lines, the same height,
    and the bold name stays inside its column (it never runs into its neighbours)."""
    defn = shipped(name)
    ids = defn.subpillar_ids()
    for lang in ("nl", "en"):
        for width in (None, 560, 700, 940):
            plain = bridge_layout(defn, None, lang, width=width)
            for sub_id in ids[:3] + ids[-2:]:
                bold = bridge_layout(defn, assessment(defn, focus=(sub_id,)), lang, width=width)
                index = ids.index(sub_id)
                assert bold["xaxis"]["ticktext"][index] == f"<b>{plain['xaxis']['ticktext'][index]}</b>"
                assert [_plain(t) for t in bold["xaxis"]["ticktext"]] == [_plain(t) for t in plain["xaxis"]["ticktext"]]
                assert (bold["height"], bold["margin"], bold["xaxis"]["tickangle"]) == (
                    plain["height"], plain["margin"], plain["xaxis"]["tickangle"])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_neighbouring_names_never_touch_even_when_one_is_bold(lang):
    for name in SHIPPED:
        defn = shipped(name)
        ids = defn.subpillar_ids()
        for layout, plot_width in _every_layout(defn, lang):
            axis = layout["xaxis"]
            if axis["tickangle"]:
                continue
            size = axis["tickfont"]["size"]
            left, right = axis["range"]
            px = plot_width / (right - left)
            ticks = [_plain(t) for t in axis["ticktext"]]
            for i in range(len(ids) - 1):
                apart = (axis["tickvals"][i + 1] - axis["tickvals"][i]) * px
                for a, b in zip(ticks[i], ticks[i + 1]):
                    # the left one bold (tapped), the right one plain, and the other way round
                    assert text_px(a, size, True) / 2 + text_px(b, size) / 2 + 1 <= apart, (a, b, apart)
                    assert text_px(a, size) / 2 + text_px(b, size, True) / 2 + 1 <= apart, (a, b, apart)


@pytest.mark.parametrize("name", SHIPPED)
def test_tilted_names_stay_inside_the_figure(name):
    """Tilted, a name hangs down-left from its column: the first columns' long names need the
    left margin ("Family and caring for others" was cut off at the edge), the longest the bottom."""
    import math

    defn = shipped(name)
    tilted = 0
    for lang in ("nl", "en"):
        for layout, plot_width in _every_layout(defn, lang):
            axis, margin = layout["xaxis"], layout["margin"]
            if not axis["tickangle"]:
                continue
            tilted += 1
            size = axis["tickfont"]["size"]
            left, right = axis["range"]
            drawn = plot_width + 16 - margin["l"] - margin["r"]  # the box less the margins
            for x, label in zip(axis["tickvals"], axis["ticktext"]):
                width = text_px(_plain(label)[0], size, bold=True)
                reach_left = width * math.cos(math.radians(50))
                assert reach_left <= margin["l"] + (x - left) / (right - left) * drawn, (label, margin)
                assert width * math.sin(math.radians(50)) <= margin["b"], (label, margin)
    assert tilted >= 2
