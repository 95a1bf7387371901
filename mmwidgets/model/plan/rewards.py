"""Rewards: a scheme that suggests a reward's size from a goal's difficulty, and the ledger.

The scheme is a YAML file a team edits (``data/rewards/default.yaml``): how difficulty
points are counted, and tiers (from ``min_points`` up) with an amount in euro and ideas
for rewards that are not money. The coach always decides; the scheme only suggests.
The ledger is the list of rewards handed over, with totals per client and per period.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Iterable

from babel.numbers import format_currency
from pydantic import Field, StringConstraints, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from mmwidgets.i18n import normalise_language, t
from mmwidgets.model.bounds import Version
from mmwidgets.model.bridge.definition import Identifier, LocalText
from mmwidgets.model.bridge.files import (
    DataFileError,
    parse_yaml_text,
    problems_from_validation,
    read_yaml_file,
    shipped_data_dir,
)
from mmwidgets.model.plan import Goal, RewardGiven
from mmwidgets.model.texts import Strict as _Strict

DEFAULT_SCHEME = "default.yaml"


class Difficulty(_Strict):
    """How a goal's difficulty points are counted."""

    per_step: int = Field(default=1, ge=0, le=10)
    many_actions: int = Field(default=6, ge=1, le=100)
    many_actions_points: int = Field(default=1, ge=0, le=10)
    long_weeks: int = Field(default=12, ge=1, le=520)
    long_points: int = Field(default=1, ge=0, le=10)
    waits_points: int = Field(default=1, ge=0, le=10)


class Tier(_Strict):
    id: Identifier
    name: LocalText
    min_points: int = Field(ge=0, le=100)
    amount: float = Field(ge=0, le=10_000)
    ideas: list[LocalText] = Field(default_factory=list, max_length=20)

    @property
    def amount_cents(self) -> int:
        return round(self.amount * 100)


class RewardScheme(_Strict):
    id: Identifier
    version: Version = 1
    name: LocalText
    description: LocalText | None = None
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "EUR"
    interim_percent: int = Field(default=25, ge=0, le=100)
    difficulty: Difficulty = Field(default_factory=Difficulty)
    tiers: list[Tier] = Field(min_length=1, max_length=10)

    @field_validator("tiers")
    @classmethod
    def _tier_rules(cls, tiers: list[Tier]) -> list[Tier]:
        seen: set[str] = set()
        for tier in tiers:
            if tier.id in seen:
                raise PydanticCustomError(
                    "mm_duplicate_id", "the id {id} is used twice", {"id": tier.id, "what": "tier"}
                )
            seen.add(tier.id)
        if tiers[0].min_points != 0:
            raise PydanticCustomError(
                "mm_plan_tier_start", "the first tier must start at 0 points", {"id": tiers[0].id}
            )
        for before, after in zip(tiers, tiers[1:]):
            if after.min_points <= before.min_points:
                raise PydanticCustomError(
                    "mm_plan_tier_order",
                    "tier {id} must start above {before} points",
                    {"id": after.id, "before": before.min_points},
                )
        return tiers

    def tier(self, tier_id: str | None) -> Tier | None:
        return next((tier for tier in self.tiers if tier.id == tier_id), None)

    def tier_for(self, points: int) -> Tier:
        chosen = self.tiers[0]
        for tier in self.tiers:
            if points >= tier.min_points:
                chosen = tier
        return chosen


def scheme_from_data(data: dict, source: str) -> RewardScheme:
    try:
        return RewardScheme.model_validate(data)
    except ValidationError as exc:
        raise DataFileError(source, problems_from_validation(exc)) from None


def scheme_from_text(text: str, source: str = "rewards") -> RewardScheme:
    return scheme_from_data(parse_yaml_text(text, source), source)


def default_scheme_path() -> Path:
    """``MM_REWARD_SCHEME`` if set, else the shipped ``data/rewards/default.yaml``."""
    override = os.environ.get("MM_REWARD_SCHEME", "").strip()
    if override:
        return Path(override)
    return shipped_data_dir() / "rewards" / DEFAULT_SCHEME


def load_reward_scheme(path: str | Path | None = None) -> RewardScheme:
    """Read and validate a reward scheme, or raise :class:`DataFileError`."""
    path = Path(path) if path is not None else default_scheme_path()
    return scheme_from_data(read_yaml_file(path), path.name)


# -- suggestion ---------------------------------------------------------------------
@dataclass(frozen=True)
class Suggestion:
    tier: Tier
    points: int
    reasons: tuple[tuple[str, dict], ...]
    value_cents: int
    interim_cents: int

    def sentence(self, lang: str | None, scheme: RewardScheme) -> str:
        reasons = "; ".join(t(f"plan.reward.reason.{code}", lang, **values) for code, values in self.reasons)
        return t(
            "plan.reward.suggestion",
            lang,
            tier=self.tier.name.get(lang),
            amount=money(self.value_cents, lang, scheme.currency),
            interim=money(self.interim_cents, lang, scheme.currency),
            reasons=reasons,
        )


def difficulty_points(
    scheme: RewardScheme, goal: Goal, today: dt.date, current_step: int | None = None
) -> tuple[int, tuple[tuple[str, dict], ...]]:
    """A goal's difficulty in points, with the reasons (catalogue codes and values)."""
    rules = scheme.difficulty
    reasons: list[tuple[str, dict]] = []
    start = goal.start_step if goal.start_step is not None else current_step
    if start is not None and goal.target_step is not None and goal.target_step > start:
        steps = goal.target_step - start
        reasons.append(("steps", {"count": steps}) if steps > 1 else ("steps_one", {}))  # no "trede(n)"
    else:
        steps = 1
        reasons.append(("one_step", {}))
    points = steps * rules.per_step
    count = len(goal.actions)
    if count >= rules.many_actions and rules.many_actions_points:
        points += rules.many_actions_points
        reasons.append(("many_actions", {"count": count}))
    if goal.target_date is not None and rules.long_points:
        weeks = (goal.target_date - today).days // 7
        if weeks >= rules.long_weeks:
            points += rules.long_points
            reasons.append(("long", {"weeks": weeks}))
    if goal.waits_for and rules.waits_points:
        points += rules.waits_points
        reasons.append(("waits", {}))
    return points, tuple(reasons)


def suggest_reward(
    scheme: RewardScheme, goal: Goal, today: dt.date, current_step: int | None = None
) -> Suggestion:
    """The tier and amount the scheme suggests for reaching ``goal`` (and an interim step)."""
    points, reasons = difficulty_points(scheme, goal, today, current_step)
    tier = scheme.tier_for(points)
    value = tier.amount_cents
    interim = round(value * scheme.interim_percent / 100 / 100) * 100  # whole euros
    if value and scheme.interim_percent and not interim:
        interim = 100
    return Suggestion(tier, points, reasons, value, interim)


# -- money and the ledger ---------------------------------------------------------------
def money(cents: int | None, lang: str | None, currency: str = "EUR") -> str:
    if cents is None:
        return "–"
    dutch = normalise_language(lang) == "nl"
    pattern = ("¤\u00a0" if dutch else "¤") + ("#,##0" if cents % 100 == 0 else "#,##0.00")
    return format_currency(
        cents / 100, currency, format=pattern, locale="nl_NL" if dutch else "en_GB", currency_digits=False
    )


def ledger_total(
    ledger: Iterable[RewardGiven], start: dt.date | None = None, end: dt.date | None = None
) -> int:
    """Total value in cents of money rewards given from ``start`` to ``end`` (both included);
    a reward that is not money (praise, a coffee together) never counts in euros."""
    return sum(
        x.value_cents
        for x in ledger
        if is_money(x) and (start is None or x.date >= start) and (end is None or x.date <= end)
    )


def is_money(given: RewardGiven) -> bool:
    """A reward given with a value in money (a voucher), not praise or a coffee together."""
    return given.kind == "tangible" and bool(given.value_cents)


PERIODS = ("month", "quarter", "year")


def period_of(day: dt.date, period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of the month, quarter or year holding ``day``."""
    if period == "month":
        first = day.replace(day=1)
        months = 1
    elif period == "quarter":
        first = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        months = 3
    elif period == "year":
        first = dt.date(day.year, 1, 1)
        months = 12
    else:
        raise ValueError(f"unknown period {period!r}")
    month = first.month - 1 + months
    next_first = dt.date(first.year + month // 12, month % 12 + 1, 1)
    return first, next_first - dt.timedelta(days=1)


@dataclass(frozen=True)
class PeriodTotal:
    start: dt.date
    end: dt.date
    cents: int
    count: int

    def label(self, lang: str | None, period: str) -> str:
        from babel.dates import format_date

        locale = normalise_language(lang)
        if period == "month":
            return format_date(self.start, "MMMM y", locale=locale)
        if period == "quarter":
            return t("plan.ledger.quarter", lang, q=(self.start.month - 1) // 3 + 1, year=self.start.year)
        return str(self.start.year)


def ledger_by_period(ledger: Iterable[RewardGiven], period: str = "month") -> list[PeriodTotal]:
    """Totals per month, quarter or year, oldest first (periods without rewards left out)."""
    sums: dict[tuple[dt.date, dt.date], list[int]] = {}
    for entry in ledger:
        bounds = period_of(entry.date, period)
        acc = sums.setdefault(bounds, [0, 0])
        acc[0] += entry.value_cents
        acc[1] += 1
    return [PeriodTotal(s, e, c, n) for (s, e), (c, n) in sorted(sums.items())]
