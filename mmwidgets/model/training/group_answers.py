"""The group's answers to exercises 2 to 4, as a trainer discusses them: for a multiple-choice
item the share who picked each option (with their nicknames), for an open item every answer side
by side, for a small-steps plan each trainee's actions. Pure: the store hands over
``[(nickname, stored value), ...]`` per item, in join order."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Sequence

Answers = Sequence[tuple[str, str]]


@dataclass(frozen=True)
class OptionShare:
    index: int
    count: int
    share: float  # of those who answered this item, 0..1
    names: tuple[str, ...]


def option_shares(answers: Answers, n_options: int) -> list[OptionShare]:
    """How many picked each option (0-based index stored as text); unreadable values are left out."""
    picked: dict[int, list[str]] = {i: [] for i in range(n_options)}
    for name, value in answers:
        try:
            index = int(value)
        except (TypeError, ValueError):
            continue
        if 0 <= index < n_options:
            picked[index].append(name)
    total = sum(len(names) for names in picked.values())
    return [
        OptionShare(i, len(names), len(names) / total if total else 0.0, tuple(names))
        for i, names in picked.items()
    ]


def answered_count(shares: Sequence[OptionShare]) -> int:
    return sum(s.count for s in shares)


@dataclass(frozen=True)
class PlannedAction:
    what: str
    who: str | None
    due: str | None  # ISO date as saved, or None


def plan_actions(value: str) -> list[PlannedAction]:
    """A trainee's actions for a vignette (exercise 3) from the saved JSON; nothing if unreadable."""
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return []
    actions = []
    for row in data if isinstance(data, list) else []:
        if isinstance(row, list) and row and isinstance(row[0], str):
            who = row[1] if len(row) > 1 and isinstance(row[1], str) else None
            due = row[2] if len(row) > 2 and isinstance(row[2], str) else None
            actions.append(PlannedAction(row[0], who, due))
    return actions
