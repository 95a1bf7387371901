"""Clients are pseudonyms chosen at the table, never a citizen service number (BSN).

Names and notes go through :func:`mmwidgets.model.typed_input.clean_text` (control and bidi
characters refused, invisible ones removed, lengths bounded). :func:`looks_like_bsn` is the one
BSN guard for names, notes and plan texts: it looks through every separator a person can type
between the digits (spaces, dots, dashes, slashes, commas, colons, pipes, plus signs, middle
dots, apostrophes, brackets, any punctuation or symbol, invisible characters).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.typed_input import MAX_NAME, MAX_NOTE, FieldProblem, clean_text
from mmwidgets.model.typed_input import looks_like_bsn as _looks_like_bsn_classic

__all__ = ["Client", "MAX_PSEUDONYM", "MAX_CLIENT_NOTE", "check_pseudonym", "check_client_note", "looks_like_bsn"]

#: as the database column (clients.pseudonym String(60))
MAX_PSEUDONYM = MAX_NAME
MAX_CLIENT_NOTE = MAX_NOTE


@dataclass(frozen=True)
class Client:
    id: int
    pseudonym: str
    note: str = ""


#: at most this many separator characters between two digit groups of one number
_MAX_GAP = 3


def _is_separator(ch: str) -> bool:
    """Anything a person may type between digits that is not a letter or a digit."""
    category = unicodedata.category(ch)
    return category[0] in "PSZ" or category in ("Cc", "Cf", "Mn", "Me")


def _digit_runs(text: str) -> list[list[str]]:
    """Groups of digits (any script, as 0-9) joined by short runs of separators; letters end a run."""
    runs: list[list[str]] = []
    groups: list[str] = []
    digits, gap = "", 0
    for ch in unicodedata.normalize("NFKC", text or "") + "a":  # a letter at the end closes the last run
        if ch.isdigit():
            if not digits and groups and gap > _MAX_GAP:  # too far from the previous group: a new number
                runs.append(groups)
                groups = []
            digits += str(unicodedata.digit(ch, 0))
            gap = 0
        elif _is_separator(ch):
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


#: a date as people write it (``12-12-2026``, ``12/12``, ``2026-12-12``): left out of free text
#: before the guard looks at it, so "bel op 12-12-2026" is not taken for a number (8 digits)
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
    """True when ``text`` holds what may be a citizen service number (BSN), whatever separators
    a person typed between its digits.

    - the rule of :func:`mmwidgets.model.typed_input.looks_like_bsn` (8 or 9 digits with spaces,
      dots, slashes, dashes or underscores between them; 9 digits of a longer run passing the
      11-proof);
    - with any other separator between the digits (``123,456,782``, ``123:456:782``,
      ``1|2|3 4+5+6 7·8·2``, ``123'456'782``): 9 digits in a row of the groups that pass the
      11-proof, as every BSN does (an 8-digit run too, read with a leading 0);
    - ``name=True`` (a pseudonym needs no number): any 8 or 9 digits in one run;
    - otherwise (notes, plan texts, answers) dates written out in the text are left aside first
      (``bel op 12-12-2026`` passes; ``12-12-2026 123456782`` does not).
    """
    if not name:
        text = without_dates(text)
    if _looks_like_bsn_classic(text):
        return True
    for groups in _digit_runs(text):
        if name and len("".join(groups)) in (8, 9):
            return True
        if len(groups) == 1 and len(groups[0]) == 8 and _eleven_proof(groups[0]):
            return True
        for start in range(len(groups)):
            joined = ""
            for group in groups[start:]:
                joined += group
                if len(joined) > 9:
                    break
                if len(joined) == 9 and _eleven_proof(joined):
                    return True
        if len("".join(groups)) == 8 and _eleven_proof("".join(groups)):
            return True
    return False


def check_pseudonym(text: str) -> str:
    """The name as saved (spaces inside folded to one), or :class:`InvalidInput`."""
    name = " ".join(clean_text(text, where="pseudonym", max_length=MAX_PSEUDONYM).split())
    if not name:
        raise InvalidInput(FieldProblem("pseudonym", "name_empty"))
    if looks_like_bsn(name, name=True):
        raise InvalidInput(FieldProblem("pseudonym", "name_bsn"))
    return name


def check_client_note(text: str) -> str:
    note = clean_text(text, where="client_note", max_length=MAX_CLIENT_NOTE, multiline=True)
    if looks_like_bsn(note):
        raise InvalidInput(FieldProblem("client_note", "name_bsn"))
    return note


