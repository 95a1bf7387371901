"""The bridge picture: pillars under a deck, one ladder per sub-pillar, a rung per step.

Coordinates: each sub-pillar is a column at an integer-ish x (a small gap between
pillars); rungs sit at y = (step - 1) / (steps - 1), so every ladder runs from 0 (crisis)
to 1 (self-sufficient) whatever its number of steps, and the deck is level.

Trace layout (depends only on the definition, never on the assessment, so a click
changes trace data and never the trace list):

* ``0 .. S-1``  one trace per sub-pillar, in definition order (uid ``rung-<sub id>``):
  its rungs, step 1 first; each point's customdata is ``[sub_id, step]``.
* ``S``         ``previous`` (uid ``previous``): one point per sub-pillar, a ring on
  the step of the previous assessment, y ``None`` where there is none. Not clickable. In
  the legend as "Vorige keer, 3-11-2026" when there is one.
* ``S + 1``     ``focus`` (uid ``focus``): one point per sub-pillar, a star above the
  column of each focus sub-pillar ("hier wil ik aan werken"), y ``None`` elsewhere; in
  the legend when there is one.

On a tablet: rungs are thick bars at least STEP_PX apart on screen (the figure grows with
the number of steps) and ``hoverdistance`` is half of that, so a touch anywhere in a rung's
band chooses it; names are wrapped (and split with a hyphen) for the box's width, given as
``width=`` or else the narrowest box the app uses. Steps with a pictogram (figures/icons.py)
get it drawn under their rung as a layout image (our own SVG, no emoji font needed).

The layout depends on the definition and language, plus the focus flags (focus
sub-pillar names are bold on the x axis).
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from mmwidgets.figures.bridge_table import with_words
from mmwidgets.figures.icons import icon_data_uri
from mmwidgets.figures.style import (
    DECK,
    EMPTY,
    FOCUS,
    GRID,
    MUTED,
    TEXT,
    TICK_FONT_SIZE,
    WATER,
    base_layout,
    esc,
    fixed_axis,
    short_day,
    tint,
    wrap,
)
from mmwidgets.i18n import t
from mmwidgets.model.assessment import Assessment
from mmwidgets.model.bridge.definition import BridgeDefinition

#: extra room between two pillars, in columns (the tinted backgrounds keep a white gap of
#: 1 + PILLAR_GAP - 2 * PILLAR_PAD columns); the same for every box width, as the browser
#: only swaps the names for a wider box, never the columns
PILLAR_GAP = 0.3
PILLAR_PAD = 0.45  # the pillar's tinted background reaches this far beyond its outer columns
#: px; only used to size rungs and wrap labels when the caller does not say how wide the
#: box is (``width=``, e.g. PlotlyView.box_width). The narrowest box the bridge is drawn in:
#: the bridge column beside the editor on a tablet on its side (1024 px: a 468 px box, 16 px
#: of it margins); a laptop (1366 px) has a 556 px box, a portrait tablet (768 px) 724 px.
ASSUMED_PLOT_WIDTH = 450
MIN_PLOT_WIDTH = 300
#: px on screen between two rungs of a ladder, at least: with hoverdistance at half of it,
#: every rung is a touch target of this height (44 px is the least a finger needs)
STEP_PX = 56
MIN_UNIT_PX = 250  # px for the 0..1 of a ladder, also when it has few steps
CHAR_PX = 7.0  # average width of a character of a sub-pillar name (12 px font), a little generous
LINE_PX = 15  # height of a line of a sub-pillar name
NAME_LINES = 8
TOP_MARGIN = 40  # room for the legend above the deck
RUNG_WIDTH = 10  # px thickness of a rung
CHOSEN_RUNG_WIDTH = 16
ICON_PX = 26  # a step's pictogram, drawn just under its rung
Y_FOCUS = 1.05
Y_DECK = (1.232, 1.32)
Y_WATER = (-0.14, -0.06)
Y_RANGE = [-0.15, 1.325]
NARROW_COLUMN_PX = 34  # below this many px per column, names are tilted

PREVIOUS_UID = "previous"
FOCUS_UID = "focus"
RUNG_UID_PREFIX = "rung-"


@dataclass(frozen=True)
class _Geometry:
    xs: dict[str, float]  # sub-pillar id -> column x
    spans: list[tuple[float, float]]  # per pillar: (left, right) of its background
    x_range: list[float]
    px_per_column: float  # estimated, for sizing and wrapping
    rung_size: int  # px, length of a rung
    name_chars: int  # characters per line of a sub-pillar name
    narrow: bool  # too many columns for names under them: one tilted line each
    unit_px: float  # px on screen of a ladder from step 1 to the top step


def _max_steps(definition: BridgeDefinition) -> int:
    return max((sub.step_count for _p, sub in definition.subpillars()), default=2)


def _plot_width(width: int | float | None) -> float:
    if isinstance(width, (int, float)) and not isinstance(width, bool) and width > 0:
        return max(MIN_PLOT_WIDTH, float(width) - 16)  # the figure's own margins
    return ASSUMED_PLOT_WIDTH


def _geometry(definition: BridgeDefinition, width: int | float | None = None) -> _Geometry:
    xs: dict[str, float] = {}
    spans = []
    x = 0.0
    for index, pillar in enumerate(definition.pillars):
        if index:
            x += PILLAR_GAP
        first = x
        for sub in pillar.subpillars:
            xs[sub.id] = x
            x += 1
        spans.append((first - PILLAR_PAD, x - 1 + PILLAR_PAD))
    x_range = [-0.6, x - 1 + 0.6]
    columns = x_range[1] - x_range[0]
    px_per_column = _plot_width(width) / columns
    rung_size = max(14, min(46, round(px_per_column * 0.62)))
    name_chars = max(6, int(px_per_column / (CHAR_PX * _tick_font(px_per_column) / 12)))
    narrow = px_per_column < NARROW_COLUMN_PX
    unit_px = max(MIN_UNIT_PX, (_max_steps(definition) - 1) * STEP_PX)
    return _Geometry(xs, spans, x_range, px_per_column, rung_size, name_chars, narrow, unit_px)


# ---------------------------------------------------------------- names under the ladders
#: advance widths in 1/100 em of DejaVu Sans, regular and bold: what Debian's Chromium draws
#: for FONT_FAMILY (system-ui), measured there with canvas measureText, and the widest of
#: the fonts the family falls back to (an iPad's or Windows' system font is narrower), so a
#: name measured with it fits its column on every device. Other characters count as 1 em.
_GLYPHS = (
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
    "àáâäèéêëìíîïòóôöùúûüçñÀÁÈÉËÏÖÜ’‘“”–—…"
)
_REGULAR = (
    32, 40, 46, 84, 64, 95, 78, 27, 39, 39, 50, 84, 32, 36, 32, 34, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 34, 34,
    84, 84, 84, 53, 100, 68, 69, 70, 77, 63, 58, 77, 75, 29, 29, 66, 56, 86, 75, 79, 60, 79, 69, 63, 61, 73, 68, 99,
    69, 61, 69, 39, 34, 39, 84, 50, 50, 61, 63, 55, 63, 62, 35, 63, 63, 28, 28, 58, 28, 97, 63, 61, 63, 63, 41, 52,
    39, 63, 59, 82, 59, 59, 52, 64, 34, 64, 84, 61, 61, 61, 61, 62, 62, 62, 62, 28, 28, 28, 28, 61, 61, 61, 61, 63,
    63, 63, 63, 55, 63, 68, 68, 63, 63, 63, 29, 79, 73, 32, 32, 52, 52, 50, 100, 100,
)
_BOLD = (
    35, 46, 52, 84, 70, 100, 87, 31, 46, 46, 52, 84, 38, 42, 38, 37, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 40, 40,
    84, 84, 84, 58, 100, 77, 76, 73, 83, 68, 68, 82, 84, 37, 37, 77, 64, 100, 84, 85, 73, 85, 77, 72, 68, 81, 77,
    110, 77, 72, 73, 46, 37, 46, 84, 50, 50, 67, 72, 59, 72, 68, 44, 72, 71, 34, 34, 67, 34, 104, 71, 69, 72, 72,
    49, 60, 48, 71, 65, 92, 65, 65, 58, 71, 37, 71, 84, 67, 67, 67, 67, 68, 68, 68, 68, 34, 34, 34, 34, 69, 69, 69,
    69, 71, 71, 71, 71, 59, 71, 77, 77, 68, 68, 68, 37, 85, 81, 38, 38, 66, 66, 50, 100, 100,
)
_WIDTHS = {False: dict(zip(_GLYPHS, _REGULAR)), True: dict(zip(_GLYPHS, _BOLD))}
#: px kept free between two neighbouring names (half on each side of a column)
NAME_GAP_PX = 4
BOLD_GAP_PX = 0  # a bold name may fill its column: its plain neighbours keep NAME_GAP_PX / 2 free


def text_px(text: str, size: float, bold: bool = False) -> float:
    """Width in px of one line of plain text at font ``size`` (see _GLYPHS)."""
    widths = _WIDTHS[bool(bold)]
    return sum(widths.get(ch, 100) for ch in text) * size / 100


_VOWELS = set("aeiouyàáâäèéêëìíîïòóôöùúûü")
#: two vowels that make one sound: never split between them ("Soci-aal" yes, "Sociaa-l" no)
_ONE_SOUND = {"aa", "ee", "oo", "uu", "ie", "ei", "ij", "ui", "ou", "au", "eu", "oe", "ai", "oi", "ea", "ua", "ue",
              "uo", "ey", "ay", "oy", "ee", "ië", "eë"}
#: consonants that may start a syllable inside a word: one consonant, or a consonant with
#: l or r ("Di-ploma", "admini-stratie"), as Dutch and English hyphenation does; an s with
#: another consonant only where nothing better fits ("Gezins-stabiliteit")
_ONSETS = {"bl", "br", "ch", "dr", "fl", "fr", "gl", "gr", "kl", "kr", "pl", "pr", "tr", "vl", "vr", "wr", "sch",
           "schr", "str", "spr", "th", "sh", "ph"}
_WEAK_ONSETS = {"sl", "sm", "sn", "sp", "st", "sk", "sw", "zw", "kw", "kn"}
MIN_PIECE = 3  # letters, at least, after a hyphen; 2 before it
#: a word of at most this many letters is never broken ("Wo-nen" reads as two words; a cut
#: leaves at least 3 letters on either side): where its column is too narrow, its name may use
#: room its neighbours leave free (see _names)
SHORT_WORD = 5


def _syllable_cut(word: str, i: int) -> int:
    """How sensible ``word[:i] + "-"`` / ``word[i:]`` is: 2 between syllables, 1 before an
    s-cluster ("Gezins-stabiliteit"), 0 elsewhere (inside a sound, "Sociaa-l", "Sav-ings")."""
    lower = word.lower()
    head, tail = lower[:i], lower[i:]
    if not (head[-1:].isalpha() and tail[:1].isalpha()):
        return 0
    if not any(ch in _VOWELS for ch in head) or not any(ch in _VOWELS for ch in tail):
        return 0
    if sum(ch.isalpha() for ch in tail) < MIN_PIECE:
        return 0
    if head[-1] in _VOWELS and tail[0] in _VOWELS:  # "Soci-aal", never inside "aa" or "qu-a"
        return 2 if head[-1] + tail[0] not in _ONE_SOUND and head[-2:-1] != "q" else 0
    onset = ""
    for ch in tail:
        if ch in _VOWELS:
            break
        onset += ch
    if not onset:  # a syllable starts with its consonant: "Sa-vings", not "Sav-ings"
        return 0
    if head[-1] + onset[0] in ("ch", "ck", "gh", "ph", "sh", "th"):
        return 0  # one sound: "ot-hers" no
    if sum(ch.isalpha() for ch in tail) < MIN_PIECE or sum(ch.isalpha() for ch in head) < 2:
        return 0  # "Langua-ge," no
    if head[-1] not in _VOWELS and head[-1] + onset in _ONSETS:
        return 1  # a cluster that could start the syllable: "Di-ploma" before "Dip-loma"
    if len(onset) == 1 or onset in _ONSETS:
        return 2
    return 1 if onset in _WEAK_ONSETS else 0


def _split_word(word: str, fits: Callable[[str], bool]) -> tuple[list[str], bool]:
    """A word too wide for its column in pieces that fit, each but the last ending in a
    hyphen, cut between syllables where one fits ("Gezond-heid", "Oplei-ding", "Di-ploma"),
    else after as many letters as fit; never fewer than MIN_PIECE letters after a cut. Also
    whether every piece fits and every cut is between syllables."""
    pieces: list[str] = []
    sensible = True
    if sum(ch.isalpha() for ch in word) <= SHORT_WORD and not fits(word):
        return [word], False  # never "Wo-nen": whole, and not good enough where it does not fit
    while not fits(word):
        fitting = [i for i in range(len(word) - MIN_PIECE, 1, -1) if fits(word[:i] + "-")]
        if not fitting:
            sensible = False
            break
        cut = max(fitting, key=lambda i: (_syllable_cut(word, i), i))
        sensible = sensible and _syllable_cut(word, cut) > 0
        pieces.append(word[:cut] + "-")
        word = word[cut:]
    return [*pieces, word], sensible


def name_lines(name: str, room: float, size: float, bold: bool = False, max_lines: int = 8) -> list[str]:
    """A name (plain text) as lines of at most ``room`` px at font ``size`` where words allow:
    whole words first, a word that is too wide split with a hyphen at a syllable. More than
    ``max_lines`` lines end in "…"."""
    return _name_lines(name, lambda text: text_px(text, size, bold) <= room, max_lines)[0]


def _name_lines(name: str, fits: Callable[[str], bool], max_lines: int) -> tuple[list[str], bool]:
    """name_lines for any test of a line, and whether the lines are good enough to draw
    upright: every line fits, every cut is between syllables and nothing is left off."""
    lines: list[str] = []
    good = True
    for word in str(name).split():
        if lines and not lines[-1].endswith("-") and fits(lines[-1] + " " + word):
            lines[-1] += " " + word
            continue
        pieces, sensible = _split_word(word, fits)
        good = good and sensible
        lines.extend(pieces)
    if not lines:
        lines = [""]
    if len(lines) > max_lines:
        good = False
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip("-") + "…"
    return lines, good


def column_fits(column_px: float, size: float) -> Callable[[str], bool]:
    """Whether a line of a name fits a column ``column_px`` wide: plain with NAME_GAP_PX to
    spare, and in bold (a part to work on) within the column, so neither runs into the
    neighbouring names."""

    def fits(text: str) -> bool:
        return (
            text_px(text, size) + NAME_GAP_PX <= column_px
            and text_px(text, size, bold=True) + BOLD_GAP_PX <= column_px
        )

    return fits


def _tick_font(px_per_column: float) -> float:
    """Sub-pillar names: 13 px where there is room, else 12 px, or 11 px on a tablet bridge."""
    return TICK_FONT_SIZE if px_per_column >= 85 else (12 if px_per_column >= 70 else 11)


def _bottom_margin(narrow: bool, ticktext: list[str]) -> int:
    if narrow:
        longest = max((len(text.replace("<b>", "").replace("</b>", "")) for text in ticktext), default=10)
        return min(200, 30 + round(min(longest, 40) * CHAR_PX * 0.8))
    lines = max((text.count("<br>") + 1 for text in ticktext), default=1)
    return 24 + lines * LINE_PX


def figure_height(definition: BridgeDefinition, lang: str = "nl") -> int:
    """The figure's height in px: enough for every ladder's steps to be STEP_PX apart."""
    return _layout(definition, _geometry(definition), None, lang)["height"]


def step_px(definition: BridgeDefinition, lang: str = "nl") -> float:
    """px on screen between two rungs of the ladder with the most steps (at the figure's height)."""
    layout = bridge_layout(definition, None, lang)
    margin = layout["margin"]
    plot = layout["height"] - margin["t"] - margin["b"]
    low, high = layout["yaxis"]["range"]
    return plot / (high - low) / (_max_steps(definition) - 1)


def rung_y(step: int, steps: int) -> float:
    """Height of a rung on the common 0..1 scale (step 1 at 0, the top step at 1)."""
    return (step - 1) / (steps - 1)


def _valid_step(step: int | None, steps: int) -> int | None:
    if isinstance(step, int) and not isinstance(step, bool) and 1 <= step <= steps:
        return step
    return None


def bridge_traces(
    definition: BridgeDefinition,
    assessment: Assessment | None,
    previous: Assessment | None = None,
    lang: str = "nl",
    width: int | None = None,
) -> list[dict[str, Any]]:
    """The figure's ``data`` only (see the module docstring for the trace layout)."""
    geo = _geometry(definition, width)
    return _traces(definition, geo, assessment, previous, lang)


def _traces(
    definition: BridgeDefinition,
    geo: _Geometry,
    assessment: Assessment | None,
    previous: Assessment | None,
    lang: str,
) -> list[dict[str, Any]]:
    chosen_text = t("fig.chosen", lang)
    previous_text = t("fig.previous", lang)
    note_text = t("fig.note", lang)
    focus_text = t("fig.focus", lang)
    not_answered = t("fig.not_answered", lang)
    rungs: list[dict[str, Any]] = []
    prev_x: list[float] = []
    prev_y: list[float | None] = []
    prev_data: list[list[Any]] = []
    focus_y: list[float | None] = []
    focus_hover: list[str] = []
    for pillar, sub in definition.subpillars():
        n = sub.step_count
        x = geo.xs[sub.id]
        choice = assessment.choice(sub.id) if assessment else None
        current = _valid_step(choice.step, n) if choice else None
        before = _valid_step(previous.step(sub.id), n) if previous else None
        name = esc(sub.name.get(lang))
        light = tint(pillar.colour, 0.6)
        colours, widths, hover, customdata, ys = [], [], [], [], []
        for step_no, step in enumerate(sub.steps, start=1):
            ys.append(rung_y(step_no, n))
            customdata.append([sub.id, step_no])
            if current is None:
                colours.append(EMPTY)
            elif step_no < current:
                colours.append(light)
            elif step_no == current:
                colours.append(pillar.colour)
            else:
                colours.append(EMPTY)
            widths.append(CHOSEN_RUNG_WIDTH if step_no == current else RUNG_WIDTH)
            lines = [
                f"<b>{name}</b>",
                f"{t('fig.step', lang, step=step_no, count=n)} · <b>{esc(step.label.get(lang))}</b>",
                f"<span style='color:{MUTED}'>{wrap(step.text.get(lang), 52, 4)}</span>",
            ]
            if step_no == current:
                lines.append(f"<i>✓ {chosen_text}</i>")
                if choice and choice.note:
                    lines.append(f"{note_text}: {wrap(choice.note, 52, 3)}")
            if step_no == before:
                lines.append(f"<i>○ {previous_text}</i>")
            if current is None and step_no == n:
                lines.append(f"<i>{not_answered}</i>")
            hover.append("<br>".join(lines))
        rungs.append(
            {
                "type": "scatter",
                "uid": f"{RUNG_UID_PREFIX}{sub.id}",
                "name": sub.id,
                "mode": "markers",
                "x": [x] * n,
                "y": ys,
                "customdata": customdata,
                "text": hover,
                "hovertemplate": "%{text}<extra></extra>",
                "marker": {
                    "symbol": "line-ew-open",
                    "size": geo.rung_size,
                    "color": colours,
                    "line": {"width": widths},
                },
                "showlegend": False,
                "cliponaxis": False,
            }
        )
        prev_x.append(x)
        prev_y.append(rung_y(before, n) if before else None)
        prev_data.append([sub.id, before])
        is_focus = bool(choice and choice.focus)
        focus_y.append(Y_FOCUS if is_focus else None)
        focus_hover.append(f"<b>{name}</b><br>{focus_text}")
    has_previous = any(y is not None for y in prev_y)
    previous_trace = {
        "type": "scatter",
        "uid": PREVIOUS_UID,
        "name": (
            esc(t("fig.previous_dated", lang, date=short_day(previous.date, lang)))
            if previous is not None
            else esc(previous_text)
        ),
        "mode": "markers",
        "x": prev_x,
        "y": prev_y,
        "customdata": prev_data,
        "hoverinfo": "skip",
        "marker": {
            "symbol": "circle-open",
            "size": 24,
            "color": TEXT,
            "opacity": 0.85,
            "line": {"width": 3},
        },
        "showlegend": has_previous,
        "legendrank": 1,
        "cliponaxis": False,
    }
    focus_trace = {
        "type": "scatter",
        "uid": FOCUS_UID,
        "name": esc(focus_text),
        "mode": "markers",
        "x": list(prev_x),
        "y": focus_y,
        "customdata": [[sub_id, None] for sub_id in geo.xs],
        "text": focus_hover,
        "hovertemplate": "%{text}<extra></extra>",
        "marker": {"symbol": "star", "size": 18, "color": FOCUS, "line": {"width": 1, "color": "white"}},
        "showlegend": any(y is not None for y in focus_y),
        "legendrank": 2,
        "cliponaxis": False,
    }
    return [*rungs, previous_trace, focus_trace]


def bridge_layout(
    definition: BridgeDefinition,
    assessment: Assessment | None = None,
    lang: str = "nl",
    width: int | None = None,
) -> dict[str, Any]:
    """The figure's ``layout``: deck, pillars, water, axis labels (focus names in bold).

    ``width``: the box's width in px when known (PlotlyView.box_width): names are wrapped
    and rungs sized for it; else for the narrowest box the app uses."""
    return _layout(definition, _geometry(definition, width), assessment, lang, width is None)


#: wider boxes the page may draw the bridge in (a portrait tablet, a laptop without the
#: editor beside it): the layout carries their labels too, and PlotlyView picks the one
#: for the box's real width in the browser (layout.meta.mm_widths), without a round trip
WIDER_BOXES = (540, 700, 940)


def _layout(
    definition: BridgeDefinition,
    geo: _Geometry,
    assessment: Assessment | None,
    lang: str,
    with_wider: bool = False,
) -> dict[str, Any]:
    layout = _layout_for(definition, geo, assessment, lang)
    if with_wider:
        variants = []
        for box in WIDER_BOXES:
            wide = _layout_for(definition, _geometry(definition, box), assessment, lang)
            change = {key: wide[key] for key in ("height", "margin", "annotations") if wide[key] != layout[key]}
            for key in ("ticktext", "tickfont", "tickangle"):
                if wide["xaxis"].get(key) != layout["xaxis"].get(key):
                    change[f"xaxis.{key}"] = wide["xaxis"].get(key)
            # pictograms need no change: their box is set by their height (sizing "contain")
            variants.append({"min_width": box, "set": change})
        layout["meta"] = {"mm_widths": variants}
    return layout


def _layout_for(
    definition: BridgeDefinition, geo: _Geometry, assessment: Assessment | None, lang: str
) -> dict[str, Any]:
    focus = set(assessment.focus_ids()) if assessment else set()
    tickvals = [geo.xs[sub.id] for _pillar, sub in definition.subpillars()]
    ticktext, narrow = _names(definition, geo, focus, lang)
    left, right = geo.x_range
    shapes: list[dict[str, Any]] = [
        {  # water under the bridge: "crisis"
            "type": "rect", "layer": "below", "xref": "x", "yref": "y",
            "x0": left, "x1": right, "y0": Y_WATER[0], "y1": Y_WATER[1],
            "fillcolor": WATER, "line": {"width": 0},
        },
        {  # the deck
            "type": "rect", "layer": "below", "xref": "x", "yref": "y",
            "x0": left, "x1": right, "y0": Y_DECK[0], "y1": Y_DECK[1],
            "fillcolor": DECK, "line": {"width": 0},
        },
    ]  # fmt: skip
    annotations: list[dict[str, Any]] = [
        {
            "x": (left + right) / 2, "y": sum(Y_DECK) / 2, "xref": "x", "yref": "y",
            "text": f"<b>{esc(t('fig.deck', lang))}</b>", "showarrow": False,
            "font": {"color": "white", "size": 14},
        },
        {
            "x": (left + right) / 2, "y": sum(Y_WATER) / 2, "xref": "x", "yref": "y",
            "text": esc(t("fig.crisis", lang)), "showarrow": False,
            "font": {"color": DECK, "size": 13},
        },
    ]  # fmt: skip
    pillar_lines, name_size = _pillar_names(definition, geo, lang)
    for pillar, (x0, x1) in zip(definition.pillars, geo.spans):
        shapes.append(
            {
                "type": "rect", "layer": "below", "xref": "x", "yref": "y",
                "x0": x0, "x1": x1, "y0": Y_WATER[1], "y1": Y_DECK[0],
                "fillcolor": tint(pillar.colour, 0.88), "line": {"width": 0},
            }
        )  # fmt: skip
        lines = pillar_lines[pillar.id]
        annotations.append(
            {
                "x": (x0 + x1) / 2, "y": Y_DECK[0] - 0.008, "xref": "x", "yref": "y",
                "text": "<b>" + "<br>".join(esc(line) for line in lines) + "</b>", "showarrow": False,
                "font": {"color": TEXT, "size": name_size}, "yanchor": "top",
            }
        )  # fmt: skip
    for sub_id, x in geo.xs.items():  # the pole each ladder's rungs hang on
        shapes.append(
            {
                "type": "line", "layer": "below", "xref": "x", "yref": "y",
                "x0": x, "x1": x, "y0": 0, "y1": 1, "line": {"color": GRID, "width": 2},
            }
        )  # fmt: skip
    bottom = _bottom_margin(narrow, ticktext)
    margin_left = 8
    if narrow:
        margin_left, bottom = _tilted_margins(definition, geo, ticktext)
    plot_px = geo.unit_px * (Y_RANGE[1] - Y_RANGE[0])
    images = _step_images(definition, geo)
    layout = base_layout(lang, round(plot_px + TOP_MARGIN + bottom))
    if images:
        layout["images"] = images
    layout.update(
        {
            "margin": {"l": margin_left, "r": 8, "t": TOP_MARGIN, "b": bottom},
            # a touch anywhere in a rung's band (half the distance to its neighbours) chooses it
            "hoverdistance": round(STEP_PX / 2),
            "showlegend": True,
            "legend": {
                "orientation": "h", "x": 0, "xanchor": "left", "y": 1, "yanchor": "bottom",
                "itemclick": False, "itemdoubleclick": False, "bgcolor": "rgba(0,0,0,0)",
                "font": {"size": 13, "color": TEXT},
            },
            "xaxis": fixed_axis(
                range=[left, right],
                tickmode="array",
                tickvals=tickvals,
                ticktext=ticktext,
                tickangle=-50 if narrow else 0,
                ticks="",
                tickfont={"size": _tick_font(geo.px_per_column), "color": TEXT},
                showline=False,
            ),
            "yaxis": fixed_axis(range=list(Y_RANGE), visible=False),
            "shapes": shapes,
            "annotations": annotations,
            "uirevision": definition.key,
        }
    )
    return layout


def _pillar_names(definition: BridgeDefinition, geo: _Geometry, lang: str) -> tuple[dict[str, list[str]], int]:
    """Each pillar's name (bold, under the deck) in lines, and one font size for them all. A
    name may use its background and half the white gap to the next one, less 2 px; measured
    like the names under the ladders, at the largest size where every name takes two lines at
    most, else three (a third line reaches the star of a part to work on): a px smaller where
    that is what it takes ("Education and development" beside the editor at 1024 px)."""
    sizes = (12, 11, 10) if geo.px_per_column >= 50 else (11, 10)
    white = (1 + PILLAR_GAP - 2 * PILLAR_PAD) / 2
    rooms = {p.id: (x1 - x0 + white) * geo.px_per_column - 2 for p, (x0, x1) in zip(definition.pillars, geo.spans)}
    result: dict[str, list[str]] = {}
    for most in (2, 3):
        for size in sizes:
            result, all_good = {}, True
            for pillar in definition.pillars:
                room = rooms[pillar.id]
                lines, good = _name_lines(pillar.name.get(lang), lambda text: text_px(text, size, True) <= room, most)
                result[pillar.id] = lines
                all_good = all_good and good
            if all_good:
                return result, size
    return result, sizes[-1]


TILT_DEGREES = 50


def _tilted_margins(definition: BridgeDefinition, geo: _Geometry, ticktext: list[str]) -> tuple[int, int]:
    """(left, bottom) margins in px for tilted names: a name hangs down and to the left from
    its column (it ends at the column), so the first columns' long names need room on the
    left ("Family and caring for others" was cut off at the figure's edge) and the longest
    name room below. Measured with the font's widths (bold, the widest)."""
    size = _tick_font(geo.px_per_column)
    angle = math.radians(TILT_DEGREES)
    left, right = geo.x_range
    plot = _plot_width_of(geo)
    margin_left, bottom = 8.0, 0.0
    for (_pillar, sub), text in zip(definition.subpillars(), ticktext):
        width = text_px(html.unescape(text.replace("<b>", "").replace("</b>", "")), size, bold=True)
        across = width * math.cos(angle) + size * math.sin(angle) + 2
        down = width * math.sin(angle) + size * math.cos(angle)
        share = (geo.xs[sub.id] - left) / (right - left)  # of the plot's width, from its left
        # the column sits at share * (plot + 8 - margin) px from the plot's left edge
        margin_left = max(margin_left, (across - share * (plot + 8)) / (1 - share))
        bottom = max(bottom, down)
    return math.ceil(margin_left), min(260, math.ceil(bottom + 16))


def _plot_width_of(geo: _Geometry) -> float:
    return geo.px_per_column * (geo.x_range[1] - geo.x_range[0])


def _names(definition: BridgeDefinition, geo: _Geometry, focus: set[str], lang: str) -> tuple[list[str], bool]:
    """The names under the ladders, and whether they are tilted. Upright, each measured to fit
    its column with room to spare (NAME_GAP_PX) and in bold within the column (the name of a
    part to work on is bold, on the same lines, so a tap on "hier wil ik aan werken" moves no
    line and never runs into the neighbours), split only between syllables and never inside
    a short word ("Wonen", not "Wo-nen"): a name that cannot be drawn so in its column alone
    (a short word too wide for it, or no cut between syllables that fits) may use the room its
    neighbours leave free on the same lines (see _borrowed_lines); when that is not enough,
    every name is one tilted line instead."""
    if not geo.narrow:
        size = _tick_font(geo.px_per_column)
        fits = column_fits(geo.px_per_column, size)
        subs = [sub for _pillar, sub in definition.subpillars()]
        drafts = [_name_lines(sub.name.get(lang), fits, NAME_LINES) for sub in subs]
        all_lines = [lines for lines, _good in drafts]
        good = True
        for i, (lines, fine) in enumerate(drafts):
            if fine:
                continue
            wider = _borrowed_lines(subs, all_lines, i, geo, size, lang)
            if wider is None:
                good = fine
                if not good:
                    break
            else:
                all_lines[i] = wider
        if good:
            upright = []
            for sub, lines in zip(subs, all_lines):
                label = "<br>".join(esc(line) for line in lines)
                upright.append(f"<b>{label}</b>" if sub.id in focus else label)
            return upright, False
    tilted = [esc(" ".join(sub.name.get(lang).split())) for _pillar, sub in definition.subpillars()]
    return [f"<b>{name}</b>" if sub_id in focus else name for name, sub_id in zip(tilted, geo.xs)], True


def names_clear(left: list[str], right: list[str], apart: float, size: float) -> bool:
    """Whether two neighbouring names, line by line, never run into each other, whichever of
    them is bold (a part to work on): 1 px apart with one bold, not overlapping with both."""
    for a, b in zip(left, right):
        pa, pb = text_px(a, size), text_px(b, size)
        ba, bb = text_px(a, size, True), text_px(b, size, True)
        if max(ba / 2 + pb / 2, pa / 2 + bb / 2) + 1 > apart or ba / 2 + bb / 2 > apart:
            return False
    return True


def _borrowed_lines(subs: list[Any], all_lines: list[list[str]], i: int, geo: _Geometry, size: float,
                    lang: str) -> list[str] | None:
    """Name ``i`` in lines that may be wider than its column, into the room its neighbours'
    names leave free on the same lines (and, for the first and last column, up to the
    figure's edge), its short words whole; None if they do not fit."""
    column = geo.px_per_column
    xs = [geo.xs[sub.id] for sub in subs]
    edge = (0.6 * column + 8 - 1) * 2  # the outer columns: as wide as the room to the figure's edge
    name = subs[i].name.get(lang)
    for room in range(int(min(2 * column, edge if i in (0, len(subs) - 1) else 2 * column)), int(column) - 1, -1):
        lines, good = _name_lines(name, lambda text: text_px(text, size, True) <= room, NAME_LINES)
        if not good:
            continue
        if i > 0 and not names_clear(all_lines[i - 1], lines, (xs[i] - xs[i - 1]) * column, size):
            continue
        if i + 1 < len(subs) and not names_clear(lines, all_lines[i + 1], (xs[i + 1] - xs[i]) * column, size):
            continue
        return lines
    return None


def _step_images(definition: BridgeDefinition, geo: _Geometry) -> list[dict[str, Any]]:
    """Each step's pictogram (our own SVG, never an emoji font) just under its rung."""
    images = []
    for _pillar, sub in definition.subpillars():
        for step_no, step in enumerate(sub.steps, start=1):
            source = icon_data_uri(step.icon)
            if source is None:
                continue
            images.append(
                {
                    "name": f"icon-{sub.id}-{step_no}", "source": source,
                    "xref": "x", "yref": "y", "x": geo.xs[sub.id],
                    "y": rung_y(step_no, sub.step_count) - (CHOSEN_RUNG_WIDTH / 2 + 2) / geo.unit_px,
                    "sizex": ICON_PX / geo.px_per_column, "sizey": ICON_PX / geo.unit_px,
                    "xanchor": "center", "yanchor": "top", "sizing": "contain", "layer": "above",
                }
            )  # fmt: skip
    return images


def bridge_figure(
    definition: BridgeDefinition,
    assessment: Assessment | None,
    previous: Assessment | None = None,
    lang: str = "nl",
    width: int | None = None,
) -> dict[str, Any]:
    """The bridge as a plotly figure dict ``{"data": [...], "layout": {...}}``.

    ``width``: the box's width in px when known (PlotlyView.box_width), see bridge_layout."""
    geo = _geometry(definition, width)
    figure = {
        "data": _traces(definition, geo, assessment, previous, lang),
        "layout": _layout(definition, geo, assessment, lang, width is None),
    }
    return with_words(figure, definition, assessment, lang)  # its short table and description (issue 19)


def rung_trace_index(definition: BridgeDefinition, sub_id: str) -> int:
    """Index in ``data`` of the rung trace of ``sub_id``."""
    return definition.subpillar_ids().index(sub_id)


def previous_trace_index(definition: BridgeDefinition) -> int:
    return len(definition.subpillar_ids())


def focus_trace_index(definition: BridgeDefinition) -> int:
    return len(definition.subpillar_ids()) + 1


def bridge_click_target(
    point: Mapping[str, Any] | None, definition: BridgeDefinition | None = None
) -> tuple[str, int] | None:
    """The ``(sub-pillar id, step)`` a click on the bridge chose, or None.

    ``point`` is what the browser reports: ``{curve, index, customdata}``. Its values come
    from the browser, so they are checked; give ``definition`` to also check that the
    sub-pillar and step exist.
    """
    if not isinstance(point, Mapping):
        return None
    data = point.get("customdata")
    if not isinstance(data, Sequence) or isinstance(data, str) or len(data) != 2:
        return None
    sub_id, step = data
    if isinstance(step, float) and step.is_integer():
        step = int(step)
    if not isinstance(sub_id, str) or isinstance(step, bool) or not isinstance(step, int):
        return None
    if definition is not None:
        if not definition.has_subpillar(sub_id):
            return None
        if not 1 <= step <= definition.subpillar(sub_id).step_count:
            return None
    elif step < 1:
        return None
    return sub_id, step
