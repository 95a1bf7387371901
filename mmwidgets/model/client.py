"""Clients are pseudonyms chosen at the table, never a citizen service number (BSN)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mmwidgets.model.assessment import InvalidInput, check_note
from mmwidgets.model.files import Problem

MAX_PSEUDONYM = 60
_DIGIT_RUN = re.compile(r"\d[\d .-]{6,}\d")


@dataclass(frozen=True)
class Client:
    id: int
    pseudonym: str
    note: str = ""


def looks_like_bsn(text: str) -> bool:
    """True for 8-9 digits (spaces, dots or dashes allowed): refuse rather than store a BSN."""
    for run in _DIGIT_RUN.findall(text):
        digits = re.sub(r"\D", "", run)
        if len(digits) in (8, 9):
            return True
    return False


def check_pseudonym(text: str) -> str:
    name = " ".join((text or "").split())
    if not name:
        raise InvalidInput(Problem("pseudonym", "name_empty"))
    if len(name) > MAX_PSEUDONYM:
        raise InvalidInput(Problem("pseudonym", "text_too_long", {"max": MAX_PSEUDONYM}))
    if looks_like_bsn(name):
        raise InvalidInput(Problem("pseudonym", "name_bsn"))
    return name


def check_client_note(text: str) -> str:
    note = check_note(text, "client_note")
    if looks_like_bsn(note):
        raise InvalidInput(Problem("client_note", "name_bsn"))
    return note
