"""Suggested steps from the client's own figures.

A sub-pillar in a definition may hold a ``suggest`` block::

    suggest:
      metric: housing_cost_share        # what to measure (see METRICS)
      rules:                            # first rule that fits wins
        - {step: 2, at_least: 50}       # 50% or more
        - {step: 3, at_least: 40, below: 50}
        - {step: 4, at_least: 30, below: 40}
        - {step: 5, below: 30}

Numbers: ``at_least`` (inclusive) and ``below`` (exclusive); a rule with neither fits
everything and must come last. Categories (``debt_stage``, ``education_level``):
``one_of: [...]``. The measured value is rounded to one decimal before the rules are
applied, so the reason shown ("huur na huurtoeslag is 41% van het inkomen") and the
rule always agree. ``income_vs_norm`` compares with a norms file (``norm:``, default
``sociaal-minimum``; see :mod:`mmwidgets.model.bridge.norms`).

The suggestion is only a suggestion: the client chooses the step.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import Annotated, Any, Literal, Protocol, Sequence, get_args

from babel.numbers import format_decimal
from pydantic import (
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from mmwidgets.i18n import normalise_language, t
from mmwidgets.model.dates import local_today
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.bridge.files import Problem, problems_from_validation
from mmwidgets.model.bridge.norms import Norms
from mmwidgets.model.texts import Strict as _Strict


class SubPillarLike(Protocol):
    """What a suggestion needs of a sub-pillar (a ``definition.SubPillar``), named here so that
    this module does not import the definition that imports it."""

    suggest: "SuggestSpec | None"
    step_count: int
    steps: Sequence[Any]

Metric = Literal["income_vs_norm", "housing_cost_share", "buffer_months", "debt_stage", "education_level"]
METRICS: tuple[str, ...] = get_args(Metric)
NUMERIC_METRICS = ("income_vs_norm", "housing_cost_share", "buffer_months")

DebtStage = Literal["geen_hulp", "aanmelding", "stabilisatie", "regeling", "wsnp", "schuldenvrij"]
#: the stages of debt help, in order (geen_hulp: debts, no help yet; schuldenvrij: no debts)
DEBT_STAGES: tuple[str, ...] = get_args(DebtStage)

EducationLevel = Literal[
    "geen_diploma", "praktijkonderwijs", "vmbo", "mbo1", "mbo2", "havo", "vwo", "mbo3", "mbo4", "hbo", "wo"
]
#: the highest diploma a client has
EDUCATION_LEVELS: tuple[str, ...] = get_args(EducationLevel)
#: a startkwalificatie: at least a havo, vwo or mbo 2 diploma
STARTKWALIFICATIE: frozenset[str] = frozenset({"mbo2", "havo", "vwo", "mbo3", "mbo4", "hbo", "wo"})

CATEGORIES: dict[str, tuple[str, ...]] = {"debt_stage": DEBT_STAGES, "education_level": EDUCATION_LEVELS}

#: the figures each metric needs (first) and may use (second)
NEEDED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "income_vs_norm": (("household", "net_income"), ("year",)),
    "housing_cost_share": (("net_income", "rent"), ("huurtoeslag",)),
    "buffer_months": (("savings", "monthly_costs"), ()),
    "debt_stage": (("debt_stage",), ()),
    "education_level": (("education",), ()),
}
DEFAULT_NORM = "sociaal-minimum"
MAX_RULES = 20
MAX_AMOUNT = 10_000_000.0

NormId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$", strip_whitespace=True)]


class SuggestRule(_Strict):
    """One rule: when the measured value fits, suggest ``step``."""

    # Filled in by the enclosing sub-pillar / suggest block (never by a team), so that an
    # error can point at the rule's own field; not written back to files.
    context_steps: int | None = Field(default=None, exclude=True)
    context_metric: str | None = Field(default=None, exclude=True)
    step: int = Field(ge=1)
    at_least: float | None = None
    below: float | None = None
    one_of: list[str] | None = Field(default=None, min_length=1, max_length=20)

    @field_validator("step")
    @classmethod
    def _step_exists(cls, step: int, info: ValidationInfo) -> int:
        count = info.data.get("context_steps")
        if count is not None and step > count:
            raise PydanticCustomError(
                "mm_rule_step_missing", "step {step} does not exist here ({count} steps)",
                {"step": step, "count": count},
            )
        return step

    @field_validator("at_least", "below")
    @classmethod
    def _numbers_only(cls, value: float | None, info: ValidationInfo) -> float | None:
        metric = info.data.get("context_metric")
        if value is not None and metric in CATEGORIES:
            raise PydanticCustomError(
                "mm_rule_needs_one_of", "this metric takes one_of, not numbers", {"metric": metric}
            )
        return value

    @field_validator("one_of")
    @classmethod
    def _known_categories(cls, values: list[str] | None, info: ValidationInfo) -> list[str] | None:
        metric = info.data.get("context_metric")
        if values is None or metric is None:
            return values
        if metric not in CATEGORIES:
            raise PydanticCustomError(
                "mm_rule_needs_numbers", "this metric takes at_least/below", {"metric": metric}
            )
        allowed = CATEGORIES[metric]
        for value in values:
            if value not in allowed:
                raise PydanticCustomError(
                    "mm_rule_unknown_category", "unknown value {value}",
                    {"value": str(value)[:40], "expected": ", ".join(allowed)},
                )
        return values

    @model_validator(mode="after")
    def _range(self) -> "SuggestRule":
        if self.at_least is not None and self.below is not None and self.at_least >= self.below:
            raise PydanticCustomError(
                "mm_rule_empty_range", "at_least {at_least} is not below {below}",
                {"at_least": _plain(self.at_least), "below": _plain(self.below)},
            )
        return self

    @property
    def catch_all(self) -> bool:
        return self.at_least is None and self.below is None and self.one_of is None

    def fits(self, value: Decimal | float | str) -> bool:
        """Does ``value`` fit? Numbers are compared exactly (as decimals), so 40% is 40%."""
        if self.one_of is not None:
            return value in self.one_of
        if isinstance(value, str):
            return False
        exact = _decimal(value)
        if self.at_least is not None and exact < _decimal(self.at_least):
            return False
        if self.below is not None and exact >= _decimal(self.below):
            return False
        return True


class SuggestSpec(_Strict):
    """The ``suggest`` block of a sub-pillar."""

    metric: Metric
    norm: NormId | None = None
    rules: list[SuggestRule] = Field(min_length=1, max_length=MAX_RULES)

    @model_validator(mode="before")
    @classmethod
    def _tell_rules_the_metric(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("rules"), list) and data.get("metric") in METRICS:
            data = {**data, "rules": [_with(rule, context_metric=data["metric"]) for rule in data["rules"]]}
        return data

    @field_validator("norm")
    @classmethod
    def _norm_for_income_only(cls, norm: str | None, info: ValidationInfo) -> str | None:
        if norm is not None and info.data.get("metric") not in (None, "income_vs_norm"):
            raise PydanticCustomError("mm_rule_norm_unused", "norm is only used by income_vs_norm", {})
        return norm

    @field_validator("rules")
    @classmethod
    def _catch_all_last(cls, rules: list[SuggestRule]) -> list[SuggestRule]:
        for index, rule in enumerate(rules[:-1]):
            if rule.catch_all:
                raise PydanticCustomError(
                    "mm_rule_catch_all_not_last", "rule {number} fits everything; put it last",
                    {"number": index + 1},
                )
        return rules

    @property
    def norm_id(self) -> str:
        return self.norm or DEFAULT_NORM

    def needed_figures(self) -> tuple[str, ...]:
        return NEEDED[self.metric][0]

    def used_figures(self) -> tuple[str, ...]:
        return NEEDED[self.metric][0] + NEEDED[self.metric][1]


def _with(rule: Any, **extra: Any) -> Any:
    if isinstance(rule, dict):
        return {**rule, **extra}
    return rule


def inject_step_count(data: Any) -> Any:
    """For :class:`~mmwidgets.model.bridge.definition.SubPillar`: let each rule know how many steps there are."""
    if not isinstance(data, dict):
        return data
    suggest, steps = data.get("suggest"), data.get("steps")
    if isinstance(suggest, dict) and isinstance(steps, list) and isinstance(suggest.get("rules"), list):
        rules = [_with(rule, context_steps=len(steps)) for rule in suggest["rules"]]
        data = {**data, "suggest": {**suggest, "rules": rules}}
    return data


# -- the client's figures -----------------------------------------------------------------
Amount = Annotated[float, Field(ge=0, le=MAX_AMOUNT)]


class Figures(_Strict):
    """What a client tells about their money, debts and school; every field optional."""

    household: NormId | None = None
    year: int | None = Field(default=None, ge=2000, le=2100)
    net_income: Amount | None = None  # net per month, without huurtoeslag
    rent: Amount | None = None  # rent or mortgage per month
    huurtoeslag: Amount | None = None  # per month
    savings: Amount | None = None
    monthly_costs: Annotated[float, Field(gt=0, le=MAX_AMOUNT)] | None = None  # fixed costs per month
    debt_stage: DebtStage | None = None
    education: EducationLevel | None = None


FIGURE_NAMES: tuple[str, ...] = tuple(Figures.model_fields)
AMOUNT_FIGURES = ("net_income", "rent", "huurtoeslag", "savings", "monthly_costs")


def _invalid(problem: Problem) -> Exception:
    return InvalidInput(problem)


def parse_amount(text: str | float | int | None, where: str = "") -> float | None:
    """An amount typed the Dutch or English way: ``1.430,50``, ``1430.50``, ``€ 1430``; empty is None."""
    if text is None:
        return None
    if isinstance(text, bool):
        raise _invalid(Problem(where, "bad_amount", {"input": str(text)}))
    if isinstance(text, (int, float)):
        value = float(text)
    else:
        raw = text.strip().replace("€", "").replace("\u00a0", "").replace(" ", "")
        if not raw:
            return None
        if not re.fullmatch(r"-?[0-9.,]+", raw):
            raise _invalid(Problem(where, "bad_amount", {"input": text.strip()[:40]}))
        if "," in raw and "." in raw:  # both: the last one is the decimal sign
            thousands = "." if raw.rfind(",") > raw.rfind(".") else ","
            raw = raw.replace(thousands, "").replace(",", ".")
        elif "," in raw:  # Dutch: the comma is the decimal sign (1430,50)
            if raw.count(",") > 1:
                raise _invalid(Problem(where, "bad_amount", {"input": text.strip()[:40]}))
            raw = raw.replace(",", ".")
        elif raw.count(".") > 1 or re.fullmatch(r"-?\d{1,3}(\.\d{3})+", raw):
            raw = raw.replace(".", "")  # Dutch thousands: 1.430 or 1.430.000
        try:
            value = float(raw)
        except ValueError:
            raise _invalid(Problem(where, "bad_amount", {"input": text.strip()[:40]})) from None
    if not 0 <= value <= MAX_AMOUNT:
        raise _invalid(Problem(where, "amount_out_of_range", {"max": int(MAX_AMOUNT)}))
    return value


def figures_from_input(values: dict[str, Any] | Figures | None) -> Figures:
    """Figures from a form (amounts may be typed text); :class:`InvalidInput` on a bad value."""
    if isinstance(values, Figures):
        return values
    clean: dict[str, Any] = {}
    for key, value in (values or {}).items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        clean[key] = parse_amount(value) if key in AMOUNT_FIGURES else value
    try:
        return Figures.model_validate(clean)
    except ValidationError as exc:
        first = problems_from_validation(exc)[0]
        raise _invalid(Problem("", first.code, first.values)) from None


# -- suggesting ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Suggestion:
    """A suggested step and why, in the user's language. The client chooses the step."""

    step: int
    reason: str
    metric: str
    value: float | str  # the measured value, exact (a percentage, months, or a category)
    label: str = ""
    lang: str = "nl"

    def sentence(self) -> str:
        """``Voorstel: trede 2 (Te hoog). Reden: huur na huurtoeslag is 41% van het inkomen. …``"""
        return t("adapt.suggestion", self.lang, step=self.step, label=self.label, reason=self.reason)


def _decimal(value: Decimal | float | int) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _shown(value: Decimal, places: int) -> Decimal:
    """Cut off (never round up) for display, so a shown value never crosses a rule's boundary."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_FLOOR)


def _plain(value: float) -> str:
    return f"{value:g}"


def _number(value: Decimal | float, lang: str) -> str:
    return format_decimal(value, format="#,##0.##", locale=lang)


def _money(value: float, lang: str) -> str:
    pattern = "#,##0" if float(value).is_integer() else "#,##0.00"
    return "€ " + format_decimal(value, format=pattern, locale=lang) if lang == "nl" else "€" + format_decimal(value, format=pattern, locale=lang)


def measure(
    spec: SuggestSpec, figures: Figures, norms: Norms | None, lang: str | None = None
) -> tuple[Decimal | str, str] | None:
    """``(value, reason)`` for the metric, or None when a needed figure or norm is missing.

    Numbers are exact decimals (amounts as typed), so a boundary such as exactly 40% or
    exactly the norm is met exactly. The reason shows the value cut off (not rounded up)
    to one decimal for percentages and two for months, so it never contradicts the rule.
    """
    lang = normalise_language(lang)
    if any(getattr(figures, name) is None for name in spec.needed_figures()):
        return None
    metric = spec.metric
    if metric == "housing_cost_share":
        income = _decimal(figures.net_income)  # type: ignore[arg-type]
        if income <= 0:
            return None
        cost = max(_decimal(figures.rent) - _decimal(figures.huurtoeslag or 0), Decimal(0))  # type: ignore[arg-type]
        value = cost / income * 100
        key = "adapt.reason.housing_cost_share" if figures.huurtoeslag else "adapt.reason.housing_cost_share_plain"
        return value, t(key, lang, pct=_number(_shown(value, 1), lang))
    if metric == "buffer_months":
        value = _decimal(figures.savings) / _decimal(figures.monthly_costs)  # type: ignore[arg-type]
        return value, t("adapt.reason.buffer_months", lang, months=_number(_shown(value, 2), lang))
    if metric == "income_vs_norm":
        table = norms.get(spec.norm_id) if norms is not None else None
        if table is None:
            return None
        year = figures.year or local_today().year
        found = table.amount(figures.household, year)  # type: ignore[arg-type]
        if found is None:
            return None
        amount, entry = found
        value = _decimal(figures.net_income) / _decimal(amount) * 100  # type: ignore[arg-type]
        household = table.household_types[figures.household].get(lang)  # type: ignore[index]
        return value, t(
            "adapt.reason.income_vs_norm", lang,
            pct=_number(_shown(value, 1), lang), income=_money(figures.net_income, lang),  # type: ignore[arg-type]
            norm=table.name.get(lang), household=household, year=entry.year, amount=_money(amount, lang),
        )
    if metric == "debt_stage":
        stage = figures.debt_stage
        return stage, t("adapt.reason.debt_stage", lang, stage=t(f"adapt.debt_stage.{stage}", lang))  # type: ignore[return-value]
    if metric == "education_level":
        level = figures.education
        key = "adapt.reason.education_sk" if level in STARTKWALIFICATIE else "adapt.reason.education_no_sk"
        return level, t(key, lang, level=t(f"adapt.education.{level}", lang))  # type: ignore[return-value]
    return None  # pragma: no cover - METRICS is closed


def suggest_step(
    subpillar: SubPillarLike,
    figures: Figures | dict[str, Any] | None,
    norms: Norms | None,
    lang: str | None = None,
) -> Suggestion | None:
    """The step the sub-pillar's rules suggest for these figures, with the reason; else None.

    None when the sub-pillar has no rules, a needed figure or norm is missing, or no rule
    fits. Bad figures raise :class:`~mmwidgets.model.errors.InvalidInput`.
    """
    spec: SuggestSpec | None = subpillar.suggest
    if spec is None:
        return None
    figures = figures_from_input(figures)
    measured = measure(spec, figures, norms, lang)
    if measured is None:
        return None
    value, reason = measured
    for rule in spec.rules:
        if rule.fits(value) and rule.step <= subpillar.step_count:
            label = subpillar.steps[rule.step - 1].label.get(lang)
            return Suggestion(
                step=rule.step, reason=reason, metric=spec.metric, label=label,
                value=value if isinstance(value, str) else float(value),
                lang=normalise_language(lang),
            )
    return None


def needed_figures(subpillar: SubPillarLike) -> tuple[str, ...]:
    """The figures the sub-pillar's rules need (empty when it has none)."""
    return subpillar.suggest.needed_figures() if subpillar.suggest else ()
