"""Clients are pseudonyms chosen at the table, never a citizen service number (BSN).

Names and notes go through :func:`mmwidgets.model.typed_input.clean_text` (control and bidi
characters refused, invisible ones removed, lengths bounded). :func:`looks_like_bsn` (from
:mod:`mmwidgets.model.bsn`) is the one BSN guard for names, notes and plan texts.
"""

from __future__ import annotations

from dataclasses import dataclass

from mmwidgets.model.bsn import looks_like_bsn, without_dates
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.typed_input import MAX_NAME, MAX_NOTE, FieldProblem, clean_text

__all__ = ["Client", "MAX_PSEUDONYM", "MAX_CLIENT_NOTE", "check_pseudonym", "check_client_note", "looks_like_bsn", "without_dates"]

#: as the database column (clients.pseudonym String(60))
MAX_PSEUDONYM = MAX_NAME
MAX_CLIENT_NOTE = MAX_NOTE


@dataclass(frozen=True)
class Client:
    id: int
    pseudonym: str
    note: str = ""


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


