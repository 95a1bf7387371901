"""Shared look of every figure: fonts, calm colours, Dutch number and date formats.

Everything here returns plain JSON-able values (dicts, lists, strings), never plotly
objects: building a ``go.Figure`` costs milliseconds we do not have on a click.
"""

from __future__ import annotations

import datetime as dt
import html
import textwrap
from functools import lru_cache
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

from mmwidgets.i18n import normalise_language

FONT_FAMILY = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', 'Noto Sans', Arial, sans-serif"
)
FONT_SIZE = 13
TICK_FONT_SIZE = 13

TEXT = "#2f3640"  # body text: dark grey, softer than black
MUTED = "#56606b"  # secondary text: 6.3:1 on white, 5:1 on the water band (WCAG 1.4.3)
GRID = "#e3e6ea"  # grid lines and rails
EMPTY = "#cfd4da"  # an empty rung (above the chosen step)
DECK = "#3f5668"  # the bridge deck
WATER = "#dfe9f1"  # the band at the bottom ("crisis")
CURRENT = "#2b6a9e"  # radar: this assessment
TOTAL = "#1d1d1f"  # progress: the workbook score
#: radar: earlier conversations, newest first: last time a clear warm orange, then purple
#: and green (each distinct from CURRENT, also for the common red-green colour blindness)
EARLIER = ("#d9822b", "#8a63b8", "#4f9a78")
FOCUS = "#e0a100"  # "hier wil ik aan werken": a warm marigold star
TRANSPARENT = "rgba(0,0,0,0)"

#: modebar buttons we never want: no zoom, pan, select or autoscale at the table.
MODEBAR_REMOVE = [
    "zoom", "pan", "select", "lasso", "zoomIn", "zoomOut", "autoScale", "resetScale",
    "zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d",
    "resetScale2d", "hoverClosestCartesian", "hoverCompareCartesian", "toggleSpikelines",
    "resetViews", "toggleHover", "hoverClosestPolar", "resetViewMapbox", "sendDataToCloud",
    "editInChartStudio", "drawline", "drawopenpath", "drawclosedpath", "drawcircle",
    "drawrect", "eraseshape",
]  # fmt: skip


def esc(text: object) -> str:
    """User- or team-supplied text, safe inside plotly labels and hover (which read HTML).

    Quotes become ``&#34;``: plotly decodes numeric entities but shows ``&quot;`` as typed.
    """
    return html.escape(str(text), quote=True).replace("&quot;", "&#34;")


@lru_cache(maxsize=8192)
def wrap(
    text: str, width: int = 48, max_lines: int | None = None, break_words: bool = True
) -> str:
    """Escape, then break a long text into ``<br>``-joined lines (plotly does not wrap).

    Cached: the same step texts are wrapped on every click.
    ``break_words=False`` keeps long words whole (for short names: "Basisvaardigheden").
    """
    lines: list[str] = []
    for paragraph in str(text).splitlines() or [""]:
        lines.extend(textwrap.wrap(paragraph, width, break_long_words=break_words) or [""])
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip() + " …"
    return "<br>".join(esc(line) for line in lines)


@lru_cache(maxsize=4096)
def label_lines(text: str, width: int, max_lines: int = 5, slack: int = 1) -> str:
    """A short name on narrow room: escaped, wrapped at ``width`` characters into at most
    ``max_lines`` lines; a word too long for a line is split with a hyphen ("Gezond-heid")
    rather than left to run into its neighbour. Nothing is dropped unless it needs more than
    ``max_lines`` lines (then the last line ends in "…")."""
    width = max(4, width)
    words: list[str] = []
    for word in str(text).split():
        while len(word) > width + slack:
            cut = _hyphen_point(word, width)
            words.append(word[:cut] + "-")
            word = word[cut:]
        words.append(word)
    lines: list[str] = []
    for word in words:
        if lines and not lines[-1].endswith("-") and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if not lines:
        lines = [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip("-") + "…"
    return "<br>".join(esc(line) for line in lines)


_VOWELS = set("aeiouyàáâäèéêëìíîïòóôöùúûü")


def _hyphen_point(word: str, most: int) -> int:
    """Where to split ``word`` (at most ``most`` letters before the hyphen), as Dutch and
    English split syllables roughly: between two consonants ("Gezond-heid", "Lan-guage"),
    else before a single consonant between vowels ("Oplei-ding"); else after ``most`` letters."""
    lower = word.lower()

    def vowel(i: int) -> bool:
        return lower[i] in _VOWELS

    def pair_cut(i: int) -> bool:
        pair = lower[i - 1 : i + 1]
        return (
            pair.isalpha()
            and not vowel(i - 1)
            and not vowel(i)
            and pair not in ("ch", "ij", "th", "sh")
            and not (pair == "st" and i >= 2 and not vowel(i - 2))  # "Gezins-stabiliteit"
        )

    def single_cut(i: int) -> bool:
        return (
            lower[i - 1 : i + 2].isalpha() and vowel(i - 1) and not vowel(i) and i + 1 < len(word) and vowel(i + 1)
        )

    candidates = range(min(most, len(word) - 3), 2, -1)
    for rule in (pair_cut, single_cut):
        for i in candidates:
            if rule(i):
                return i
    return most


def short_day(date: dt.date, lang: str | None) -> str:
    """A date in few characters: ``3-11-2026`` (Dutch, dd-mm-jjjj without leading zeros) or
    ``3 Nov 2026`` (English)."""
    if normalise_language(lang) == "nl":
        return f"{date.day}-{date.month}-{date.year}"
    return format_date(date, "d MMM y", locale="en")


def separators(lang: str | None) -> str:
    """plotly's decimal and thousands separators for the language."""
    return ",." if normalise_language(lang) == "nl" else ".,"


def number(value: float | None, lang: str | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    if not digits and 0 <= value < 999.5:
        return str(round(value))  # the same in every locale; babel is slow for a click
    value = round(value, digits) if digits else round(value)
    return format_decimal(value, locale=normalise_language(lang))


def day(date: dt.date, lang: str | None, length: str = "medium") -> str:
    """A date as people read it: ``9 mrt 2026`` / ``Mar 9, 2026``."""
    return format_date(date, length, locale=normalise_language(lang))


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white: amount 0 is the colour, 1 is white."""
    r, g, b = _rgb(colour)
    mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
    return "#{:02x}{:02x}{:02x}".format(*mix)


def rgba(colour: str, alpha: float) -> str:
    r, g, b = _rgb(colour)
    return f"rgba({r},{g},{b},{alpha:g})"


def base_layout(lang: str | None, height: int) -> dict[str, Any]:
    """What every figure's layout shares: calm, fixed (no zoom or drag), Dutch numbers."""
    return {
        "height": height,
        "autosize": True,
        "font": {"family": FONT_FAMILY, "size": FONT_SIZE, "color": TEXT},
        "separators": separators(lang),
        "paper_bgcolor": TRANSPARENT,
        "plot_bgcolor": TRANSPARENT,
        "dragmode": False,
        "hovermode": "closest",
        "hoverlabel": {
            "bgcolor": "white",
            "bordercolor": GRID,
            "font": {"family": FONT_FAMILY, "size": FONT_SIZE, "color": TEXT},
            "align": "left",
        },
        "modebar": {
            "remove": list(MODEBAR_REMOVE),
            "bgcolor": TRANSPARENT,
            "color": MUTED,
            "activecolor": TEXT,
        },
        "showlegend": False,
    }


def fixed_axis(**extra: Any) -> dict[str, Any]:
    """An axis the user cannot zoom or drag, without grid or zero line."""
    axis = {"fixedrange": True, "showgrid": False, "zeroline": False}
    axis.update(extra)
    return axis
