"""The rules of the team and organisation report (issue 10), pure Python.

- the baseline: ``first`` (the client's first conversation), ``first_in_period`` (the first in the
  chosen period) or ``lower_of_first_two`` (the lower of the first two readings: first readings are
  often too rosy); the latest reading is the last one in the period;
- the distance travelled per part (pillar or sub-pillar) is latest minus baseline on the 0-100
  step score; a client counts only with a baseline and a later latest reading;
- up, same and down shares (a change of exactly zero is "same");
- small groups: a cell resting on fewer than ``minimum`` clients is not shown; the minimum is
  configurable, 10 by default, never below 5.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Sequence

from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.bridge.files import Problem

BASELINE_RULES: tuple[str, ...] = ("first", "first_in_period", "lower_of_first_two")
DEFAULT_MINIMUM = 10
MINIMUM_FLOOR = 5


def check_minimum(value: object) -> int:
    """The smallest group shown; refused below 5 (or when not a whole number)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < MINIMUM_FLOOR:
        raise InvalidInput(Problem("minimum", "report_minimum", {"floor": MINIMUM_FLOOR, "value": str(value)[:20]}))
    return value


def check_rule(rule: object) -> str:
    if rule not in BASELINE_RULES:
        raise InvalidInput(Problem("baseline", "report_rule", {"rule": str(rule)[:40], "rules": ", ".join(BASELINE_RULES)}))
    return rule  # type: ignore[return-value]


def _shown(day: object) -> str:
    """A date as the user reads it (6-12-2026), anything else as typed (shortened)."""
    if isinstance(day, dt.date):
        return f"{day.day}-{day.month}-{day.year}"
    return str(day)[:20]


def check_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    if not isinstance(start, dt.date) or not isinstance(end, dt.date) or start > end:
        raise InvalidInput(Problem("", "report_period", {"start": _shown(start), "end": _shown(end)}))
    return start, end


Reading = tuple[dt.date, float]  # (date of the conversation, step score 0-100)


def choose_baseline(rule: str, first: Reading | None, second: Reading | None,
                    first_in_period: Reading | None) -> Reading | None:
    """The baseline reading by ``rule`` from the first, second and first-in-period readings."""
    if rule == "first":
        return first
    if rule == "first_in_period":
        return first_in_period
    if rule == "lower_of_first_two":
        if first is None or second is None:
            return first
        return second if second[1] < first[1] else first
    raise ValueError(rule)


def baseline_and_latest(readings: Sequence[Reading], rule: str, start: dt.date,
                        end: dt.date) -> tuple[float, float] | None:
    """(baseline, latest) of one client for one part, or None when the client does not count:
    no reading in the period, or no reading in the period later than the baseline."""
    ordered = sorted(r for r in readings if r[0] <= end)
    in_period = [r for r in ordered if r[0] >= start]
    if not in_period:
        return None
    latest = in_period[-1]
    first = ordered[0]
    second = ordered[1] if len(ordered) > 1 else None
    base = choose_baseline(rule, first, second, in_period[0])
    if base is None or base[0] >= latest[0]:
        return None
    return base[1], latest[1]


#: a change closer to zero than this is "the same" (sums of weighted steps are floats)
SAME_WITHIN = 1e-9


def direction(change: float) -> str:
    if change > SAME_WITHIN:
        return "up"
    if change < -SAME_WITHIN:
        return "down"
    return "same"


@dataclass(frozen=True)
class PartSummary:
    """One row of the change table: the part, how many clients, and (when shown) the figures."""

    part: str
    clients: int
    shown: bool
    baseline: float | None = None
    latest: float | None = None
    change: float | None = None
    up: float | None = None  # share 0-1
    same: float | None = None
    down: float | None = None


def shown(clients: int, minimum: int) -> bool:
    """Whether a cell resting on ``clients`` clients may be shown."""
    return clients >= check_minimum(minimum)


def summarise(part: str, pairs: Iterable[tuple[float, float]], minimum: int = DEFAULT_MINIMUM) -> PartSummary:
    """Means of baseline, latest and change, and the up/same/down shares over ``pairs``
    (one (baseline, latest) per client); nothing but the count when under ``minimum``."""
    pairs = list(pairs)
    n = len(pairs)
    if not shown(n, minimum):
        return PartSummary(part, n, False)
    ways = [direction(p[1] - p[0]) for p in pairs]
    return shown_summary(part, n, sum(p[0] for p in pairs), sum(p[1] for p in pairs),
                         ways.count("up"), ways.count("down"))


def shown_summary(part: str, n: int, baseline_sum: float, latest_sum: float, up: int, down: int) -> PartSummary:
    """The shown row from the sums of the ``n`` baselines and latest scores and the counts of
    changes up and down (the rest stayed the same): the one place its figures are rounded, for
    :func:`summarise` and for the report's column maths (mmwidgets.store.reports.team)."""
    base = baseline_sum / n
    latest = latest_sum / n
    return PartSummary(
        part, n, True, round(base, 1), round(latest, 1), round(latest - base, 1),
        round(up / n, 3), round((n - up - down) / n, 3), round(down / n, 3),
    )


def weighted_mean(values: Iterable[tuple[float, float]]) -> float | None:
    """Mean of (value, weight) pairs; None when there are none."""
    values = list(values)
    total = sum(w for _v, w in values)
    if not values or total <= 0:
        return None
    return sum(v * w for v, w in values) / total


def pillar_pair(sub_pairs: dict[str, tuple[float, float]], weights: dict[str, float]) -> tuple[float, float] | None:
    """A client's (baseline, latest) for a pillar: the weighted means over the pillar's
    sub-pillars where the client has both (like for like); None when there is none."""
    items = [(sub, pair) for sub, pair in sub_pairs.items() if sub in weights]
    if not items:
        return None
    base = weighted_mean((pair[0], weights[sub]) for sub, pair in items)
    latest = weighted_mean((pair[1], weights[sub]) for sub, pair in items)
    if base is None or latest is None:
        return None
    return base, latest
