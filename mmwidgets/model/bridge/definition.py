"""Bridge definitions: pillars, sub-pillars and ordered steps, as validated data.

A definition is a YAML file a team can edit (see ``data/bridges/README.md``).
Steps run from crisis (first, step 1) to self-sufficient (last). Weights are
percentages: pillar weights add up to 100 across the bridge, sub-pillar weights add up
to 100 within their pillar; leave them all out for equal weights.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Iterator, Literal

from pydantic import (
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from mmwidgets.i18n import LANGUAGES, normalise_language
from mmwidgets.model.bounds import MAX_VERSION
from mmwidgets.model.bridge.files import (
    DataFileError,
    parse_yaml_text,
    problems_from_validation,
    read_yaml_file,
)
from mmwidgets.model.bridge.step_rules import SuggestSpec, inject_step_count
from mmwidgets.model.texts import Identifier, LocalText, Strict

__all__ = ["BridgeDefinition", "BridgeText", "Identifier", "LocalText", "Pillar", "Step", "SubPillar"]

MIN_STEPS = 2
MAX_STEPS = 10
WEIGHT_TOLERANCE = 0.01

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$", strip_whitespace=True)]
Language = Literal["nl", "en"]
_Words = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]

#: the languages every text of the definition being validated must carry (its ``languages``)
_REQUIRED: ContextVar[tuple[str, ...]] = ContextVar("mm_required_languages", default=tuple(LANGUAGES))


def _required_text(value: str | None, info: ValidationInfo) -> str | None:
    """An empty text is no text; a language the definition says it carries must be there."""
    text = value or None
    if text is None and info.field_name in _REQUIRED.get():
        if value is not None:  # written, but empty
            raise PydanticCustomError("mm_pyd_string_too_short", "this text is empty", {"min_length": 1})
        raise PydanticCustomError(f"mm_text_missing_{info.field_name}", "this text is missing in {language}",
                                  {"language": str(info.field_name)})
    return text


class BridgeText(Strict):
    """A text of a bridge definition, in the languages the definition carries (its ``languages``).

    A language the definition does not promise may be left out (a Dutch-only variant): then
    :meth:`get` gives the text in the other language, and :meth:`has` says it is a stand-in.
    """

    nl: _Words | None = Field(default=None, validate_default=True)
    en: _Words | None = Field(default=None, validate_default=True)

    _check_nl = field_validator("nl")(_required_text)
    _check_en = field_validator("en")(_required_text)

    @model_validator(mode="after")
    def _some_text(self) -> "BridgeText":
        if not self.nl and not self.en:
            raise PydanticCustomError("mm_text_missing_nl", "this text is empty", {"language": "nl"})
        return self

    def get(self, lang: str | None = None) -> str:
        """The text in ``lang``, or in the other language when it was not translated yet."""
        lang = normalise_language(lang)
        own = getattr(self, lang)
        return own if own else next(getattr(self, x) for x in LANGUAGES if getattr(self, x))

    def has(self, lang: str | None = None) -> bool:
        """True when the text was written in ``lang`` (not shown in another language)."""
        return bool(getattr(self, normalise_language(lang)))


class Step(Strict):
    """One rung: a short label for the picture and a sentence for the conversation."""

    label: BridgeText
    text: BridgeText
    icon: str | None = Field(default=None, max_length=40)


class SubPillar(Strict):
    id: Identifier
    name: BridgeText
    question: BridgeText | None = None
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
    name: BridgeText
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
    #: the languages every text carries (left out: Dutch and English); a Dutch-only variant
    #: says ``languages: [nl]`` and its English view shows the Dutch text where English is missing
    languages: tuple[Language, ...] | None = Field(default=None, min_length=1, max_length=2)
    name: BridgeText
    description: BridgeText | None = None
    source: BridgeText | None = None
    pillars: list[Pillar] = Field(min_length=1, max_length=40)

    @model_validator(mode="wrap")
    @classmethod
    def _texts_in_its_languages(cls, data: Any, handler: Any) -> Any:
        """Every text is checked for the languages this definition says it carries."""
        langs = data.get("languages") if isinstance(data, dict) else None
        required = tuple(x for x in LANGUAGES if x in langs) if isinstance(langs, (list, tuple)) else tuple(LANGUAGES)
        token = _REQUIRED.set(required or tuple(LANGUAGES))
        try:
            return handler(data)
        finally:
            _REQUIRED.reset(token)

    @field_validator("languages")
    @classmethod
    def _languages_once(cls, languages: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if languages is not None and len(set(languages)) != len(languages):
            raise PydanticCustomError("mm_duplicate_language", "a language is listed twice", {})
        return languages

    @property
    def carried_languages(self) -> tuple[str, ...]:
        """The languages every text of this definition is written in."""
        return tuple(self.languages) if self.languages else tuple(LANGUAGES)

    def untranslated(self, lang: str = "en") -> list[str]:
        """Where a text is not written in ``lang`` (shown in the other language), as data places."""
        out: list[str] = []

        def look(text: BridgeText | None, where: str) -> None:
            if text is not None and not text.has(lang):
                out.append(f"{where}.{lang}")

        look(self.name, "name")
        look(self.description, "description")
        look(self.source, "source")
        for p, pillar in enumerate(self.pillars):
            look(pillar.name, f"pillars[{p}].name")
            for s, sub in enumerate(pillar.subpillars):
                where = f"pillars[{p}].subpillars[{s}]"
                look(sub.name, f"{where}.name")
                look(sub.question, f"{where}.question")
                for n, step in enumerate(sub.steps):
                    look(step.label, f"{where}.steps[{n}].label")
                    look(step.text, f"{where}.steps[{n}].text")
        return out

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


assert LANGUAGES == ("nl", "en"), "BridgeText lists the supported languages"
