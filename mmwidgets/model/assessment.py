"""Assessments: where a client stands on each sub-pillar, on one date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal, get_args

from mmwidgets.i18n import LANGUAGES, normalise_language, t  # noqa: F401
from mmwidgets.model.dates import parse_date  # noqa: F401  (re-exported; the one date reader)
from mmwidgets.model.errors import InvalidInput  # noqa: F401  (re-exported)
from mmwidgets.model.bridge.files import Problem

if TYPE_CHECKING:  # only for annotations: no import circle through definition -> step_rules
    from mmwidgets.model.bridge.definition import BridgeDefinition

ChosenBy = Literal["client", "coach", "together"]
CHOSEN_BY: tuple[str, ...] = get_args(ChosenBy)
MAX_NOTE = 2000
STRESS_MIN, STRESS_MAX = 0, 10


@dataclass(frozen=True)
class Choice:
    """The step chosen for one sub-pillar, by whom, with an optional note and focus flag."""

    step: int | None = None
    chosen_by: ChosenBy = "together"
    note: str = ""
    focus: bool = False
    # How often this choice was saved (0: never). A change carries the revision its screen last
    # saw, so that a change made on stale data is refused instead of written over a newer one.
    revision: int = field(default=0, compare=False)


@dataclass
class Assessment:
    client_id: int
    date: dt.date
    definition_id: str
    definition_version: int
    choices: dict[str, Choice] = field(default_factory=dict)
    stress: int | None = None
    stress_note: str = ""
    id: int | None = None
    # How often the check-in (stress and its note) was saved; see Choice.revision.
    revision: int = field(default=0, compare=False)

    @property
    def definition_key(self) -> str:
        return f"{self.definition_id}@{self.definition_version}"

    def step(self, sub_id: str) -> int | None:
        choice = self.choices.get(sub_id)
        return choice.step if choice else None

    def choice(self, sub_id: str) -> Choice:
        return self.choices.get(sub_id, Choice())

    def focus_ids(self) -> list[str]:
        return [sub_id for sub_id, c in self.choices.items() if c.focus]

    def answered(self) -> int:
        return sum(1 for c in self.choices.values() if c.step is not None)

    def with_choice(self, sub_id: str, choice: Choice) -> "Assessment":
        return replace(self, choices={**self.choices, sub_id: choice})


class StaleChange(InvalidInput):
    """A change made on stale data: another screen saved a newer value meanwhile.

    Nothing was written. ``kind`` is ``"choice"`` or ``"stress"``; ``current`` is what is saved
    now (a :class:`Choice`, or the :class:`Assessment` for the check-in) and ``revision`` its
    revision. To save the change anyway, repeat it with ``expected=revision``; to keep the newer
    value, show ``current``. ``message(lang)``: "Dit is intussen in een ander scherm veranderd
    in: Wonen: stap 3 ... Kies: ..."
    """

    def __init__(self, kind: str, current: object, revision: int, shown: dict[str, str]):
        super().__init__(Problem("", f"stale_{kind}", {"value": shown.get("en", "")}))
        self.kind, self.current, self.revision, self.shown = kind, current, revision, shown

    def message(self, lang: str | None = None) -> str:
        return t(f"val.stale_{self.kind}", lang, value=self.shown[normalise_language(lang)])


def describe_choice(definition: "BridgeDefinition", sub_id: str, choice: Choice, lang: str | None = None) -> str:
    """A saved choice in words: "Wonen: stap 3 (Het label)" or "Wonen: nog niet ingevuld"."""
    sub = definition.subpillar(sub_id)
    if choice.step is None:
        what = t("change.value_empty", lang)
    else:
        label = sub.steps[choice.step - 1].label.get(lang)
        what = f"{t('change.value_step', lang, step=choice.step)} ({label})"
    if choice.note:
        what += "; " + t("change.value_note", lang, note=choice.note)
    return f"{sub.name.get(lang)}: {what}"


def describe_checkin(assessment: "Assessment", lang: str | None = None) -> str:
    """The saved check-in in words: "stress 6; notitie: ..." (or "nog niet ingevuld")."""
    parts = []
    if assessment.stress is not None:
        parts.append(t("change.value_stress", lang, stress=assessment.stress))
    if assessment.stress_note:
        parts.append(t("change.value_note", lang, note=assessment.stress_note))
    return "; ".join(parts) or t("change.value_empty", lang)


def check_step(definition: BridgeDefinition, sub_id: str, step: int | None) -> int | None:
    """The step, if it exists in this sub-pillar; otherwise :class:`InvalidInput`."""
    if not definition.has_subpillar(sub_id):
        raise InvalidInput(Problem(sub_id, "unknown_subpillar", {"id": sub_id}))
    if step is None:
        return None
    count = definition.subpillar(sub_id).step_count
    if isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= count:
        raise InvalidInput(Problem(sub_id, "step_out_of_range", {"step": step, "max": count}))
    return step


def check_chosen_by(value: str) -> ChosenBy:
    if value not in CHOSEN_BY:
        raise InvalidInput(Problem("chosen_by", "pyd_literal_error", {"expected": ", ".join(CHOSEN_BY)}))
    return value  # type: ignore[return-value]


def check_note(text: str, where: str = "note") -> str:
    text = (text or "").strip()
    if len(text) > MAX_NOTE:
        raise InvalidInput(Problem(where, "text_too_long", {"max": MAX_NOTE}))
    return text


def check_stress(value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not STRESS_MIN <= value <= STRESS_MAX:
        raise InvalidInput(Problem("stress", "stress_out_of_range", {"min": STRESS_MIN, "max": STRESS_MAX}))
    return value

