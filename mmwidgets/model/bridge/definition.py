"""Bridge definitions: pillars, sub-pillars and ordered steps, as validated data.

A definition is a YAML file a team can edit (see ``data/bridges/README.md``).
Steps run from crisis (first, step 1) to self-sufficient (last). Weights are
percentages: pillar weights add up to 100 across the bridge, sub-pillar weights add up
to 100 within their pillar; leave them all out for equal weights.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Iterator

from pydantic import (
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from mmwidgets.i18n import LANGUAGES
from mmwidgets.model.bounds import MAX_VERSION
from mmwidgets.model.bridge.files import (
    DataFileError,
    parse_yaml_text,
    problems_from_validation,
    read_yaml_file,
)
from mmwidgets.model.bridge.step_rules import SuggestSpec, inject_step_count
from mmwidgets.model.texts import Identifier, LocalText, Strict

__all__ = ["BridgeDefinition", "Identifier", "LocalText", "Pillar", "Step", "SubPillar"]

MIN_STEPS = 2
MAX_STEPS = 10
WEIGHT_TOLERANCE = 0.01

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$", strip_whitespace=True)]


class Step(Strict):
    """One rung: a short label for the picture and a sentence for the conversation."""

    label: LocalText
    text: LocalText
    icon: str | None = Field(default=None, max_length=40)


class SubPillar(Strict):
    id: Identifier
    name: LocalText
    question: LocalText | None = None
    weight: float | None = Field(default=None, gt=0, le=100)
    steps: list[Step]
    suggest: SuggestSpec | None = None  # rules that suggest a step from figures (step_rules.py)

    @model_validator(mode="before")
    @classmethod
    def _rules_know_step_count(cls, data: Any) -> Any:
        return inject_step_count(data)

    @field_validator("steps")
    @classmethod
    def _step_count(cls, steps: list[Step]) -> list[Step]:
        if not MIN_STEPS <= len(steps) <= MAX_STEPS:
            raise PydanticCustomError(
                "mm_step_count",
                "needs {min} to {max} steps, has {count}",
                {"min": MIN_STEPS, "max": MAX_STEPS, "count": len(steps)},
            )
        return steps

    @property
    def step_count(self) -> int:
        return len(self.steps)


def _check_weights(items: list[Any], what: str) -> None:
    weights = [item.weight for item in items]
    given = [w for w in weights if w is not None]
    if not given:
        return
    if len(given) != len(weights):
        raise PydanticCustomError(
            "mm_weights_partial", "give a weight to every {what} or to none", {"what": what}
        )
    total = sum(given)
    if abs(total - 100) > WEIGHT_TOLERANCE:
        raise PydanticCustomError(
            "mm_weights_sum",
            "weights add up to {total}, not 100",
            {"total": int(total) if float(total).is_integer() else round(total, 2)},
        )


def _check_unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise PydanticCustomError(
                "mm_duplicate_id", "the id {id} is used twice", {"id": ident, "what": what}
            )
        seen.add(ident)


class Pillar(Strict):
    id: Identifier
    name: LocalText
    colour: Colour
    weight: float | None = Field(default=None, gt=0, le=100)
    subpillars: list[SubPillar] = Field(min_length=1)

    @field_validator("subpillars")
    @classmethod
    def _subpillar_rules(cls, subpillars: list[SubPillar]) -> list[SubPillar]:
        _check_unique([s.id for s in subpillars], "subpillar")
        _check_weights(subpillars, "subpillar")
        return subpillars

    def subpillar_share(self, sub_id: str) -> float:
        """This sub-pillar's share of its pillar (0..1)."""
        subs = self.subpillars
        if subs[0].weight is None:
            return 1 / len(subs)
        return next(s.weight for s in subs if s.id == sub_id) / 100  # type: ignore[operator]


class BridgeDefinition(Strict):
    """A whole bridge: what the conversation, the pictures and the score are made of."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Identifier
    version: int = Field(ge=1, le=MAX_VERSION)
    name: LocalText
    description: LocalText | None = None
    source: LocalText | None = None
    pillars: list[Pillar] = Field(min_length=1, max_length=40)

    @field_validator("pillars")
    @classmethod
    def _pillar_rules(cls, pillars: list[Pillar]) -> list[Pillar]:
        _check_unique([p.id for p in pillars], "pillar")
        _check_unique([s.id for p in pillars for s in p.subpillars], "subpillar")
        _check_weights(pillars, "pillar")
        return pillars

    # -- look-ups -------------------------------------------------------------
    @cached_property
    def _subpillar_index(self) -> dict[str, tuple[Pillar, SubPillar]]:
        return {s.id: (p, s) for p in self.pillars for s in p.subpillars}

    def subpillars(self) -> Iterator[tuple[Pillar, SubPillar]]:
        """Every (pillar, sub-pillar) pair, in order."""
        for pillar in self.pillars:
            for sub in pillar.subpillars:
                yield pillar, sub

    def subpillar_ids(self) -> list[str]:
        return [s.id for _, s in self.subpillars()]

    def subpillar(self, sub_id: str) -> SubPillar:
        return self._subpillar_index[sub_id][1]

    def pillar_of(self, sub_id: str) -> Pillar:
        return self._subpillar_index[sub_id][0]

    def has_subpillar(self, sub_id: str) -> bool:
        return sub_id in self._subpillar_index

    def pillar(self, pillar_id: str) -> Pillar:
        return next(p for p in self.pillars if p.id == pillar_id)

    def pillar_share(self, pillar_id: str) -> float:
        """This pillar's share of the workbook score (0..1)."""
        if self.pillars[0].weight is None:
            return 1 / len(self.pillars)
        return self.pillar(pillar_id).weight / 100  # type: ignore[operator]

    @property
    def key(self) -> str:
        """``id@version``: how assessments refer to the definition they were made with."""
        return f"{self.id}@{self.version}"


def definition_from_data(data: dict[str, Any], source: str) -> BridgeDefinition:
    """Validate already-parsed data, or raise :class:`DataFileError` naming the places."""
    try:
        return BridgeDefinition.model_validate(data)
    except ValidationError as exc:
        raise DataFileError(source, problems_from_validation(exc)) from None


def load_definition(path: str | Path) -> BridgeDefinition:
    """Read and validate a definition file, or raise :class:`DataFileError`."""
    path = Path(path)
    return definition_from_data(read_yaml_file(path), path.name)


def definition_from_text(text: str, source: str = "definition") -> BridgeDefinition:
    return definition_from_data(parse_yaml_text(text, source), source)


def definition_to_data(definition: BridgeDefinition) -> dict[str, Any]:
    """Plain data for writing back to YAML (no empty optional fields)."""
    return definition.model_dump(mode="json", exclude_none=True)


assert LANGUAGES == ("nl", "en"), "LocalText lists the supported languages"
