"""One place that cleans and checks every short text a user types (names, nicknames, goals,
actions, notes, search text), so that each field refuses the same things with the same message.

- Unicode NFC (the same letters typed on a Mac or on Windows compare equal);
- bidi overrides and isolates (U+202A-202E, U+2066-2069) are refused: they make ``…gnp.exe``
  read as ``…exe.png``;
- control characters (NUL, the rest of C0 and C1, lone surrogates) are refused: PostgreSQL refuses
  NUL, and none of them can be typed on purpose; a note (``multiline``) keeps newlines and tabs;
- zero-width characters (U+200B-200D, U+2060, U+FEFF) and a few other invisible ones (soft
  hyphen, ...) are removed: they only hide what was typed (a BSN written with zero-width spaces)
  or make two names that look the same differ;
- leading and trailing spaces are removed; an empty text is refused when the field needs one;
- a text longer than the field's maximum is refused with a message that says the maximum.

Problems carry the field (``where``); when the catalogue has ``field.<where>``, the message names
the field in the user's language ("Naam: ...").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from mmwidgets.i18n import catalogue, t
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.bridge.files import Problem

#: a pseudonym or nickname field (clients: up to 60 characters, as the database column)
MAX_NAME = 60
#: a goal, action, reward or other one-line text
MAX_SHORT = 200
#: a note (the limit notes always had)
MAX_NOTE = 2000
#: a search text: longer than any name, so a pasted name is found, short enough to bound the work
MAX_SEARCH = 100

BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
ZERO_WIDTH = frozenset(chr(c) for c in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF))
#: removed as well: invisible too, and only make two names that look the same differ
#: (soft hyphen, combining grapheme joiner, Mongolian vowel separator, invisible operators)
INVISIBLE = ZERO_WIDTH | frozenset(chr(c) for c in (0x00AD, 0x034F, 0x180E, 0x2061, 0x2062, 0x2063, 0x2064))
_ALLOWED_IN_NOTES = frozenset("\n\t")
_INVISIBLE_RE = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")
# Anything much longer than the maximum is refused before normalising (a pasted megabyte).
_SLACK = 4


@dataclass(frozen=True)
class FieldProblem(Problem):
    """A :class:`Problem` whose place is a field the user sees, named in the user's language."""

    def message(self, lang: str | None = None) -> str:
        text = t(f"val.{self.code}", lang, **self.values)
        label = field_label(self.location, lang)
        return f"{label}: {text}" if label else text


def field_label(where: str, lang: str | None = None) -> str:
    """The field's name from the catalogue (``field.<where>``), else ``where`` itself."""
    if not where:
        return ""
    key = f"field.{where}"
    return t(key, lang) if key in catalogue() else where


def refuse(where: str, code: str, **values: object) -> InvalidInput:
    """The error for ``where`` (a field) with catalogue key ``val.<code>``."""
    return InvalidInput(FieldProblem(where, code, dict(values)))


def _describe(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def clean_text(
    value: object,
    *,
    where: str,
    max_length: int,
    required: bool = False,
    multiline: bool = False,
) -> str:
    """The text as it may be saved, or :class:`InvalidInput` naming the field and the reason.

    ``None`` counts as empty. Anything that is not text is refused (it cannot have been typed).
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise refuse(where, "text_not_text")
    if len(value) > max_length * _SLACK + 100:
        raise refuse(where, "text_too_long", max=max_length)
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = unicodedata.normalize("NFC", value)
    for ch in text:
        if ch in BIDI_CONTROLS:
            raise refuse(where, "text_bidi")
        if ch in INVISIBLE:
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs") or category in ("Zl", "Zp"):
            if multiline and ch in _ALLOWED_IN_NOTES:
                continue
            raise refuse(where, "text_control", char=_describe(ch))
    text = _INVISIBLE_RE.sub("", text).strip()
    if required and not text:
        raise refuse(where, "text_required")
    if len(text) > max_length:
        raise refuse(where, "text_too_long", max=max_length)
    return text
