"""Pillar colours a designer can choose from, with their contrast checked (WCAG 2.x).

Text drawn on a pillar colour is white or dark, whichever reads better (:func:`text_on`).
Every palette colour gives white text a contrast ratio of at least 4.5 (WCAG AA for normal
text); a custom colour is allowed, and :func:`colour_warning` says when neither white nor
dark text on it would be readable (a light Okabe-Ito orange takes dark text and is fine).
:func:`colour_advice` checks a colour where it is used: also against the white page and
picture (3:1, WCAG 1.4.11), where a light colour's rungs vanish, with a darker suggestion.
Pure Python: no widgets, no plotly.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

#: the light and the dark text colour that may be drawn on a pillar colour
TEXT_ON_COLOUR = "#ffffff"
DARK_TEXT = "#1d2630"
#: WCAG 2.x level AA, normal text
AA_NORMAL = 4.5
HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class PaletteColour:
    key: str  # catalogue key suffix: adapt.colour.<key>
    hex: str


#: colours with enough contrast for white text (checked in the tests, and by contrast_ratio)
PALETTE: tuple[PaletteColour, ...] = (
    PaletteColour("blue", "#2b6a9e"),
    PaletteColour("green", "#2e7050"),
    PaletteColour("orange", "#a4511c"),
    PaletteColour("purple", "#6a4f98"),
    PaletteColour("red", "#a63a4c"),
    PaletteColour("teal", "#3b6b7a"),
    PaletteColour("olive", "#6b5f1f"),
    PaletteColour("slate", "#4f5f70"),
)


def is_hex(colour: str) -> bool:
    return bool(HEX.fullmatch(str(colour or "").strip()))


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb`` (0 = black, 1 = white)."""
    if not is_hex(colour):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    text = colour.strip()
    r, g, b = (int(text[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours, from 1 (none) to 21 (black on white)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    light, dark = max(la, lb), min(la, lb)
    return (light + 0.05) / (dark + 0.05)


def readable(colour: str, text: str = TEXT_ON_COLOUR) -> bool:
    """True when ``text`` on ``colour`` meets WCAG AA for normal text."""
    return is_hex(colour) and contrast_ratio(colour, text) >= AA_NORMAL


def text_on(colour: str) -> str:
    """White or dark text, whichever has the higher contrast on ``colour``."""
    return max((TEXT_ON_COLOUR, DARK_TEXT), key=lambda text: contrast_ratio(colour, text))


def palette_key(colour: str) -> str | None:
    """The palette name of ``colour`` (any case), or None for a custom colour."""
    low = str(colour or "").strip().lower()
    return next((c.key for c in PALETTE if c.hex == low), None)


def colour_warning(colour: str) -> dict[str, str] | None:
    """None when text on ``colour`` reads well; else the values for the ``adapt.colour.hard_to_read`` text."""
    if not is_hex(colour):
        return None  # validation names a malformed colour
    ratio = contrast_ratio(colour, text_on(colour))
    if ratio >= AA_NORMAL:
        return None
    shown = math.floor(ratio * 10) / 10  # never round a failing ratio up
    return {"ratio": f"{shown:.1f}".replace(".", ","), "needed": "4,5"}


#: the page and the bridge picture are white; a pillar's rungs and legend must stand out from it
BACKGROUND = "#ffffff"
#: WCAG 2.1 success criterion 1.4.11 (non-text contrast): graphics need 3:1 against what is next to them
AA_GRAPHICS = 3.0


def _shown_ratio(ratio: float) -> str:
    return f"{math.floor(ratio * 10) / 10:.1f}".replace(".", ",")  # never round a failing ratio up


@dataclass(frozen=True)
class ColourAdvice:
    """What is wrong with a pillar colour where it is used, and a darker colour that fixes it.

    ``problems``: (catalogue key, values) pairs, in the order a designer should read them:
    ``adapt.colour.too_light`` (the colour against the white page and picture, 3:1) and
    ``adapt.colour.hard_to_read`` (step text on the colour, 4.5:1).
    """

    colour: str
    problems: tuple[tuple[str, dict[str, str]], ...]
    suggestion: str | None

    @property
    def ok(self) -> bool:
        return not self.problems


def darker(colour: str, against: str = BACKGROUND, needed: float = AA_NORMAL) -> str:
    """The same hue made darker, just enough for white text on it and for the page (``needed``)."""
    text = colour.strip()
    r, g, b = (int(text[i : i + 2], 16) for i in (1, 3, 5))
    for step in range(100, -1, -1):
        factor = step / 100
        candidate = "#{:02x}{:02x}{:02x}".format(*(round(c * factor) for c in (r, g, b)))
        if contrast_ratio(candidate, against) >= needed and contrast_ratio(candidate, TEXT_ON_COLOUR) >= needed:
            return candidate
    return "#000000"


def colour_advice(colour: str, background: str = BACKGROUND) -> ColourAdvice:
    """Check ``colour`` where it is used: against the white background (3:1) and with step text
    on it (4.5:1). A malformed colour gets no advice (validation names it)."""
    if not is_hex(colour):
        return ColourAdvice(str(colour), (), None)
    problems: list[tuple[str, dict[str, str]]] = []
    against_page = contrast_ratio(colour, background)
    if against_page < AA_GRAPHICS:
        problems.append(("adapt.colour.too_light", {"ratio": _shown_ratio(against_page), "needed": "3"}))
    warning = colour_warning(colour)
    if warning is not None:
        problems.append(("adapt.colour.hard_to_read", warning))
    return ColourAdvice(colour, tuple(problems), darker(colour, background) if problems else None)


def next_colour(used: set[str]) -> str:
    """The first palette colour not yet used (cycling when all are)."""
    low = {u.lower() for u in used}
    free = [c.hex for c in PALETTE if c.hex not in low]
    return free[0] if free else PALETTE[len(low) % len(PALETTE)].hex
