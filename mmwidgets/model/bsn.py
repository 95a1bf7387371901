"""The one BSN guard: does a text a person typed hold what may be a citizen service number?

Names, notes, plan texts and training answers all ask :func:`looks_like_bsn`. It reads the text
as runs of digit groups (digits of any script, after NFKC and without invisible characters) and
applies two rules, each with its own idea of what may stand between the digits of one number:

- **plain separators** (spaces, dots, slashes, dashes, underscores), however many: 8 or 9 digits
  in a run, or 9 digits in a row of its groups that pass the 11-proof (``09-03-2026 123456782``);
- **any other separator** a person can type (commas, colons, pipes, plus signs, middle dots,
  apostrophes, brackets, any punctuation or symbol), at most three between two groups: 9 digits in
  a row of the groups that pass the 11-proof, as every BSN does (8 digits read with a leading 0).

A pseudonym (``name=True``) needs no number at all: any 8 or 9 digits in one run are refused.
In other texts, real dates written out (``bel op 12-12-2026``) are left aside first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

__all__ = ["looks_like_bsn", "without_dates"]

#: what :mod:`mmwidgets.model.typed_input` removes as invisible (zero-width, soft hyphen, ...)
_INVISIBLE = "Cf"

#: the plain separators of the first rule (dashes of every width and the minus sign among them)
_PLAIN = re.compile(r"[\s._/\\\-\u2010-\u2015\u2212]")

#: at most this many other separator characters between two digit groups of one number
_MAX_GAP = 3


def _is_plain(ch: str) -> bool:
    return _PLAIN.fullmatch(ch) is not None


def _is_any_separator(ch: str) -> bool:
    """Anything a person may type between digits that is not a letter or a digit."""
    category = unicodedata.category(ch)
    return category[0] in "PSZ" or category in ("Cc", "Cf", "Mn", "Me")


def _digit_runs(text: str, separator: Callable[[str], bool], max_gap: int | None) -> list[list[str]]:
    """Groups of digits (any script, as 0-9) joined by separators; a letter, or a gap longer than
    ``max_gap`` separators, ends a run."""
    runs: list[list[str]] = []
    groups: list[str] = []
    digits, gap = "", 0
    for ch in unicodedata.normalize("NFKC", text or "") + "a":  # a letter at the end closes the last run
        if ch.isdigit():
            if not digits and groups and max_gap is not None and gap > max_gap:
                runs.append(groups)
                groups = []
            digits += str(unicodedata.digit(ch, 0))
            gap = 0
        elif unicodedata.category(ch) == _INVISIBLE and separator is _is_plain:
            continue  # invisible characters are no separator at all for the plain rule
        elif separator(ch):
            if digits:
                groups.append(digits)
                digits = ""
            gap += 1
        else:
            if digits:
                groups.append(digits)
                digits = ""
            if groups:
                runs.append(groups)
                groups = []
            gap = 0
    return runs


def _eleven_proof(digits: str) -> bool:
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9:
        return False
    return (sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])) % 11 == 0


def _nine_in_a_row_pass(groups: list[str]) -> bool:
    """9 digits made of whole groups in a row that pass the 11-proof."""
    for start in range(len(groups)):
        joined = ""
        for group in groups[start:]:
            joined += group
            if len(joined) > 9:
                break
            if len(joined) == 9 and _eleven_proof(joined):
                return True
    return False


#: a date as people write it (``12-12-2026``, ``12/12``, ``2026-12-12``)
_TYPED_DATE = re.compile(
    r"(?<![\d\-/.])(?:(?P<y1>\d{4})-(?P<m1>\d{1,2})-(?P<d1>\d{1,2})"
    r"|(?P<d2>\d{1,2})[-/.](?P<m2>\d{1,2})(?:[-/.](?P<y2>\d{4}|\d{2}))?)(?!\d)(?![-/.]\d)"
)


def without_dates(text: str) -> str:
    """``text`` with every real date written in it (day 1-31, month 1-12) replaced by a space."""

    def drop(match: re.Match[str]) -> str:
        day = int(match.group("d1") or match.group("d2"))
        month = int(match.group("m1") or match.group("m2"))
        return " " if 1 <= day <= 31 and 1 <= month <= 12 else match.group()

    return _TYPED_DATE.sub(drop, text or "")


def looks_like_bsn(text: str, name: bool = False) -> bool:
    """True when ``text`` holds what may be a citizen service number (BSN), whatever separators a
    person typed between its digits (the two rules of this module's docstring)."""
    if not name:
        text = without_dates(text)
    for groups in _digit_runs(text, _is_plain, None):
        if len("".join(groups)) in (8, 9) or _nine_in_a_row_pass(groups):
            return True
    for groups in _digit_runs(text, _is_any_separator, _MAX_GAP):
        digits = "".join(groups)
        if name and len(digits) in (8, 9):
            return True
        if len(digits) == 8 and _eleven_proof(digits):
            return True
        if _nine_in_a_row_pass(groups):
            return True
    return False
