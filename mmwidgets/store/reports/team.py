"""The caseload and the team/organisation report (issue 10): SQL aggregates and pandas.

Every query is limited to the Store's actor by the same rule as its lists
(:meth:`mmwidgets.store.access.guard.Guard.list_condition`): a coach's report holds only their own
clients, a team lead's the team's; other roles get empty tables. Only aggregates leave this
module; the coach-level table is made for a team lead only. The rules (baseline, change,
shares, small groups) are in :mod:`mmwidgets.model.reports.rules`.

The baselines come from the per-client, per-sub-pillar summary kept when a step is saved
(:mod:`mmwidgets.store.reports.summary`, read by :mod:`mmwidgets.store.reports.fast`); what it
cannot answer for a period comes from the packed readings of those rows, and clients with other bridge
versions go through the exact path (every answer up to the period's end, ``exact=True``). The part
table's means and shares are worked out on whole columns (:func:`summarise_columns`), bit for bit what
:func:`~mmwidgets.model.reports.rules.summarise` gives pair by pair.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd
from sqlalchemy import Date, String, and_, case, cast, distinct, func, or_, select

from mmwidgets.model.assessment import Assessment, Choice
from mmwidgets.model.bridge.crosswalk import CrosswalkSet, map_to_definition
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.model.reports.rules import (
    DEFAULT_MINIMUM,
    SAME_WITHIN,
    PartSummary,
    check_minimum,
    check_period,
    check_rule,
    choose_baseline,
    shown,
    shown_summary,
)
from mmwidgets.model.score import step_score
from mmwidgets.store.access.guard import guard_of
from mmwidgets.store.plans.tables import ActionRow, GoalRow, PlanRow, RewardGivenRow
from mmwidgets.store.tables import AssessmentRow, ChoiceRow, ClientRow

PART_COLUMNS = ["level", "part", "clients", "shown", "baseline", "latest", "change", "up", "same", "down"]


@dataclass(frozen=True)
class ReportOptions:
    start: dt.date
    end: dt.date
    definition: BridgeDefinition
    rule: str = "first"
    minimum: int = DEFAULT_MINIMUM
    crosswalks: CrosswalkSet | None = None
    lookup: Callable[[str], BridgeDefinition | None] | None = None

    def __post_init__(self) -> None:
        check_period(self.start, self.end)
        check_rule(self.rule)
        check_minimum(self.minimum)


@dataclass(frozen=True)
class Unmapped:
    """What could not be carried over from another bridge version: ``parts`` of the report's
    bridge left empty, ``dropped`` answered parts of the old one that have no place."""

    key: str
    conversations: int
    parts: list[str]
    dropped: list[str]


@dataclass
class TeamReport:
    options: ReportOptions
    parts: pd.DataFrame  # PART_COLUMNS, pillars first then their sub-pillars
    goals: pd.DataFrame  # one row: clients, set, reached, shown
    rewards: pd.DataFrame  # month, given, value_eur, clients, shown
    coaches: pd.DataFrame | None  # team lead only: coach, clients, conversations, goals_set, goals_reached, shown
    means: dict[str, tuple[float, float]]  # sub-pillar -> (mean baseline, mean latest), shown cells only
    clients: int  # clients with a conversation in the period
    unmapped: list["Unmapped"] = field(default_factory=list)


def _scope(store: Any):
    """The actor's condition on ``clients`` (a coach's own, a team lead's team)."""
    return guard_of(store).list_condition()


def _actor(store: Any):
    return guard_of(store).actor


# -- readings -------------------------------------------------------------------------
def _rows(store: Any, query: Any) -> list[tuple]:
    with store.engine.connect() as conn:
        # the driver's own rows (tuples of plain values: every column here is an int or a string),
        # not a Row object per line: ten times faster for a large team
        return conn.execute(query).cursor.fetchall()


def _readings(store: Any, options: ReportOptions, only: Any = None) -> tuple[pd.DataFrame, list[Unmapped]]:
    """One row per answered sub-pillar per conversation up to the period's end, on the chosen
    bridge (other versions through the crosswalks): client_id, date (datetime64), sub, score.
    ``only``: a further condition on ``clients`` (the summary path's clients for the exact path)."""
    defn = options.definition
    a, c, cl = AssessmentRow.__table__, ChoiceRow.__table__, ClientRow.__table__
    base = (
        select(a.c.client_id, cast(a.c.date, String), c.c.subpillar_id, c.c.step)
        .select_from(a.join(cl, cl.c.id == a.c.client_id).join(c, c.c.assessment_id == a.c.id))
        .where(_scope(store), a.c.date <= options.end, c.c.step.is_not(None))
    )
    if only is not None:
        base = base.where(only)
    same = (a.c.definition_id == defn.id) & (a.c.definition_version == defn.version)
    columns = ["client_id", "date", "sub", "step"]
    parts = [pd.DataFrame.from_records(_rows(store, base.where(same)), columns=columns)]
    other = _rows(store, base.add_columns(a.c.definition_id, a.c.definition_version).where(~same))
    unmapped: list[Unmapped] = []
    if other:
        frame = pd.DataFrame.from_records(other, columns=columns + ["def_id", "def_version"])
        mapped_rows, unmapped = _map_other(frame, options)
        parts.append(pd.DataFrame.from_records(mapped_rows, columns=columns))
    readings = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    # the score of every valid (sub-pillar, step) from the model; other steps drop out in the merge
    scores = pd.DataFrame.from_records(
        [(sub.id, n, step_score(n, sub.step_count)) for _p, sub in defn.subpillars()
         for n in range(1, sub.step_count + 1)], columns=["sub", "step", "score"])
    readings["step"] = readings["step"].astype("int64")
    readings = readings.merge(scores, on=["sub", "step"], how="inner")
    readings["date"] = pd.to_datetime(readings["date"].str.slice(0, 10), format="%Y-%m-%d")
    return readings[["client_id", "date", "sub", "score"]], unmapped


def _map_other(other: pd.DataFrame, options: ReportOptions) -> tuple[list[tuple], list[Unmapped]]:
    defn = options.definition
    result: list[tuple] = []
    lost: dict[str, list[Any]] = {}
    crosswalks = options.crosswalks or CrosswalkSet()
    lookup = options.lookup or (lambda _key: None)
    for (client_id, date, def_id, version), group in other.groupby(["client_id", "date", "def_id", "def_version"]):
        choices = {sub: Choice(step=int(step)) for sub, step in zip(group["sub"], group["step"])}
        assessment = Assessment(client_id=int(client_id), date=dt.date.fromisoformat(str(date)[:10]), definition_id=def_id,
                                definition_version=int(version), choices=choices)
        mapped = map_to_definition(assessment, defn, crosswalks, lookup)
        entry = lost.setdefault(f"{def_id}@{version}", [0, set(), []])
        entry[0] += 1
        entry[1].update(mapped.unmapped if not mapped.no_crosswalk else defn.subpillar_ids())
        entry[2].extend(s for s in mapped.dropped if s not in entry[2])
        for sub, choice in mapped.assessment.choices.items():
            if choice.step is not None:
                result.append((int(client_id), date, sub, int(choice.step)))
    order = defn.subpillar_ids()
    unmapped = [Unmapped(k, v[0], [s for s in order if s in v[1]], sorted(v[2]))
                for k, v in sorted(lost.items()) if v[1] or v[2]]
    return result, unmapped


def _pairs(readings: pd.DataFrame, options: ReportOptions) -> pd.DataFrame:
    """Per client and sub-pillar: baseline and latest score by the chosen rule (clients that count)."""
    columns = ["client_id", "sub", "baseline", "latest"]
    if readings.empty:
        return pd.DataFrame(columns=columns)
    keys = ["client_id", "sub"]
    r = readings.sort_values(["client_id", "sub", "date"], kind="stable")
    # one reading per client, part and day (the last saved counts; only mapped versions can repeat a day)
    if r.duplicated(["client_id", "sub", "date"]).any():
        r = r.drop_duplicates(["client_id", "sub", "date"], keep="last")
    n = r.groupby(keys, sort=False).cumcount()
    in_period = r[r["date"] >= pd.Timestamp(options.start)]
    grouped = in_period.groupby(keys, sort=False)
    frame = grouped.tail(1).rename(columns={"date": "l_date", "score": "l_score"})
    for name, part in (("f", r[n == 0]), ("s", r[n == 1]), ("p", grouped.head(1))):
        frame = frame.merge(part.rename(columns={"date": f"{name}_date", "score": f"{name}_score"}), on=keys, how="left")

    def reading(date: Any, score: Any) -> tuple | None:
        return None if pd.isna(score) else (date, score)

    out = []
    for row in zip(frame["client_id"], frame["sub"], frame["l_date"], frame["l_score"], frame["f_date"],
                   frame["f_score"], frame["s_date"], frame["s_score"], frame["p_date"], frame["p_score"]):
        base = choose_baseline(options.rule, reading(row[4], row[5]), reading(row[6], row[7]), reading(row[8], row[9]))
        if base is None or base[0] >= row[2]:
            continue
        out.append((row[0], row[1], float(base[1]), float(row[3])))
    return pd.DataFrame(out, columns=columns)


def _part_table(pairs: pd.DataFrame, options: ReportOptions) -> tuple[pd.DataFrame, dict[str, tuple[float, float]]]:
    defn = options.definition
    rows = []
    means: dict[str, tuple[float, float]] = {}
    # the pairs by client and sub-pillar (as the exact path's per-client rule sees them), as columns
    if len(pairs):
        sub_codes, sub_names = pd.factorize(pairs["sub"], sort=True)
        client = pairs["client_id"].to_numpy(dtype=np.int64)
        order = np.lexsort((sub_codes, client))
        client, sub_codes = client[order], sub_codes[order]
        base = pairs["baseline"].to_numpy(dtype=float)[order]
        latest = pairs["latest"].to_numpy(dtype=float)[order]
        names = list(sub_names)
    else:
        client, sub_codes, base, latest, names = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64),
                                                   np.zeros(0), np.zeros(0), [])

    def of_sub(sub: str) -> np.ndarray:
        return sub_codes == names.index(sub) if sub in names else np.zeros(len(client), dtype=bool)

    for pillar in defn.pillars:
        weights = {sub.id: float(pillar.subpillar_share(sub.id)) for sub in pillar.subpillars}
        masks = {sub: of_sub(sub) for sub in weights}
        p_base, p_latest = _pillar_columns(client, masks, base, latest, weights)
        rows.append(("pillar", pillar.id, summarise_columns(pillar.id, p_base, p_latest, options.minimum)))
        for sub in pillar.subpillars:
            mask = masks[sub.id]
            summary = summarise_columns(sub.id, base[mask], latest[mask], options.minimum)
            rows.append(("subpillar", sub.id, summary))
            if summary.shown:
                means[sub.id] = (summary.baseline, summary.latest)  # type: ignore[assignment]
    table = pd.DataFrame(
        [(level, part, s.clients, s.shown, s.baseline, s.latest, s.change, s.up, s.same, s.down)
         for level, part, s in rows],
        columns=PART_COLUMNS,
    )
    return table, means


def summarise_columns(part: str, base: np.ndarray, latest: np.ndarray, minimum: int) -> PartSummary:
    """:func:`~mmwidgets.model.reports.rules.summarise` over the pairs (base[i], latest[i]) as
    columns, bit for bit: the means are the same sums left to right (Python's ``sum`` of the same
    floats), the changes the same subtractions, the shares the same counts (issue 20: no Python
    work per client)."""
    n = len(base)
    if not shown(n, minimum):
        return PartSummary(part, n, False)
    change = latest - base
    return shown_summary(part, n, sum(base.tolist()), sum(latest.tolist()),
                         int(np.count_nonzero(change > SAME_WITHIN)), int(np.count_nonzero(change < -SAME_WITHIN)))


def _pillar_pairs(pairs: pd.DataFrame, weights: dict[str, float]) -> list[tuple[float, float]]:
    """Per client (ascending), :func:`~mmwidgets.model.reports.rules.pillar_pair` over the pillar's
    sub-pillars (see :func:`_pillar_columns`), as a list of pairs."""
    if not len(pairs):
        return []
    subs = pairs["sub"].to_numpy()
    masks = {sub: subs == sub for sub in weights}
    b, l = _pillar_columns(pairs["client_id"].to_numpy(), masks, pairs["baseline"].to_numpy(dtype=float),
                           pairs["latest"].to_numpy(dtype=float), weights)
    return list(zip(b.tolist(), l.tolist()))


def _pillar_columns(client: np.ndarray, masks: dict[str, np.ndarray], base: np.ndarray, latest: np.ndarray,
                    weights: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """Per client (ascending), :func:`~mmwidgets.model.reports.rules.pillar_pair` over the pillar's
    sub-pillars (``masks``: each sub-pillar's rows), for all clients at once: the same sums in the
    same order (sub-pillars by id, as the client's pairs come), column by column, so the same
    floating-point results."""
    if not len(client):
        return np.zeros(0), np.zeros(0)
    codes, clients = pd.factorize(client, sort=True)
    n = len(clients)
    acc_b, acc_l, total = np.zeros(n), np.zeros(n), np.zeros(n)
    seen = np.zeros(n, dtype=bool)
    for sub in sorted(weights):
        mask = masks[sub]
        if not mask.any():
            continue
        idx, w = codes[mask], weights[sub]
        acc_b[idx] = acc_b[idx] + base[mask] * w
        acc_l[idx] = acc_l[idx] + latest[mask] * w
        total[idx] = total[idx] + w
        seen[idx] = True
    ok = seen & (total > 0)
    return acc_b[ok] / total[ok], acc_l[ok] / total[ok]


# -- plans ------------------------------------------------------------------------------
def _goal_table(store: Any, options: ReportOptions) -> pd.DataFrame:
    """Goals set and reached in the period, counted in the database. A goal made without a date
    counts on the day it was saved (UTC)."""
    g, cl = GoalRow.__table__, ClientRow.__table__
    day_saved = func.date(g.c.created_at) if store.engine.dialect.name == "sqlite" else cast(g.c.created_at, Date)
    made = func.coalesce(g.c.created_on, day_saved)
    in_period = and_(made >= options.start, made <= options.end)
    reached = and_(g.c.status == "reached", g.c.status_date.is_not(None),
                   g.c.status_date >= options.start, g.c.status_date <= options.end)
    query = (
        select(func.sum(case((in_period, 1), else_=0)), func.sum(case((reached, 1), else_=0)),
               func.count(distinct(case((or_(in_period, reached), g.c.client_id)))))
        .select_from(g.join(cl, cl.c.id == g.c.client_id)).where(_scope(store))
    )
    made_n, reached_n, clients = _rows(store, query)[0]
    clients = int(clients or 0)
    ok = shown(clients, options.minimum)
    return pd.DataFrame([{
        "clients": clients, "shown": ok,
        "set": int(made_n or 0) if ok else None, "reached": int(reached_n or 0) if ok else None,
    }])


def _reward_table(store: Any, options: ReportOptions) -> pd.DataFrame:
    r, cl = RewardGivenRow.__table__, ClientRow.__table__
    query = (
        select(r.c.client_id, cast(r.c.date, String), r.c.value_cents)
        .select_from(r.join(cl, cl.c.id == r.c.client_id))
        .where(_scope(store), r.c.date >= options.start, r.c.date <= options.end)
    )
    months: dict[str, list[Any]] = {}
    for client_id, date, cents in _rows(store, query):
        entry = months.setdefault(date[:7], [set(), 0, 0])
        entry[0].add(int(client_id))
        entry[1] += 1
        entry[2] += int(cents)
    rows = []
    for month in sorted(months):
        ids, given, cents = months[month]
        clients = len(ids)
        ok = shown(clients, options.minimum)
        rows.append({
            "month": month, "clients": clients, "shown": ok,
            "given": given if ok else None,
            "value_eur": round(cents / 100, 2) if ok else None,
        })
    return pd.DataFrame(rows, columns=["month", "clients", "shown", "given", "value_eur"])


def _coach_table(store: Any, options: ReportOptions) -> pd.DataFrame | None:
    if _actor(store).role != "team_lead":
        return None
    a, cl, g = AssessmentRow.__table__, ClientRow.__table__, GoalRow.__table__
    in_period = and_(a.c.date >= options.start, a.c.date <= options.end)
    with store.engine.connect() as conn:
        clients = dict(conn.execute(
            select(cl.c.coach, func.count(cl.c.id)).where(_scope(store)).group_by(cl.c.coach)).all())
        talks = dict(conn.execute(
            select(cl.c.coach, func.count(a.c.id)).select_from(a.join(cl, cl.c.id == a.c.client_id))
            .where(_scope(store), in_period).group_by(cl.c.coach)).all())
        reached = dict(conn.execute(
            select(cl.c.coach, func.count(g.c.id)).select_from(g.join(cl, cl.c.id == g.c.client_id))
            .where(_scope(store), g.c.status == "reached", g.c.status_date >= options.start,
                   g.c.status_date <= options.end).group_by(cl.c.coach)).all())
    rows = []
    for coach in sorted(clients):
        n = int(clients[coach])
        ok = shown(n, options.minimum)
        rows.append({"coach": coach, "clients": n, "shown": ok,
                     "conversations": int(talks.get(coach, 0)) if ok else None,
                     "goals_reached": int(reached.get(coach, 0)) if ok else None})
    return pd.DataFrame(rows, columns=["coach", "clients", "shown", "conversations", "goals_reached"])


def _exact(store: Any, options: ReportOptions, only: Any = None) -> tuple[pd.DataFrame, set[int], list[Unmapped]]:
    """Pairs, clients with a reading in the period and what was not mapped, from every answer."""
    readings, unmapped = _readings(store, options, only)
    in_period = readings[readings["date"] >= pd.Timestamp(options.start)]
    return _pairs(readings, options), {int(c) for c in in_period["client_id"].unique()}, unmapped


def team_report(store: Any, options: ReportOptions, exact: bool = False) -> TeamReport:
    """The report for the Store's actor (see the module text). The baselines come from the
    summary table (store/reports/summary.py, store/reports/fast.py) and, for what it cannot answer,
    from the answers; ``exact=True`` reads every answer up to the period's end instead (the same
    report, slower: the reference the tests compare against)."""
    if exact:
        pairs, in_period, unmapped = _exact(store, options)
        clients = len(in_period)
    else:
        from mmwidgets.store.reports.fast import summary_pairs

        pairs, clients, unmapped = summary_pairs(
            store, options, _scope(store), lambda only: _exact(store, options, only))
    parts, means = _part_table(pairs, options)
    return TeamReport(
        options=options, parts=parts, goals=_goal_table(store, options), rewards=_reward_table(store, options),
        coaches=_coach_table(store, options), means=means, clients=clients,
        unmapped=unmapped,
    )


# -- the caseload -------------------------------------------------------------------------
CASELOAD_COLUMNS = ["client_id", "pseudonym", "coach", "last_conversation", "next_appointment",
                    "overdue_actions", "goals_reached", "rewards_given", "not_seen"]


def caseload(store: Any, today: dt.date, weeks: int = 6) -> pd.DataFrame:
    """The actor's clients, one row each (see CASELOAD_COLUMNS); ``not_seen``: no conversation in
    the last ``weeks`` weeks (or never)."""
    a, cl, p = AssessmentRow.__table__, ClientRow.__table__, PlanRow.__table__
    act, g, r = ActionRow.__table__, GoalRow.__table__, RewardGivenRow.__table__
    last = select(a.c.client_id, func.max(a.c.date).label("d")).group_by(a.c.client_id).subquery()
    overdue = (select(act.c.client_id, func.count(act.c.id).label("n"))
               .where(act.c.done_on.is_(None), act.c.due < today).group_by(act.c.client_id).subquery())
    reached = (select(g.c.client_id, func.count(g.c.id).label("n"))
               .where(g.c.status == "reached").group_by(g.c.client_id).subquery())
    given = select(r.c.client_id, func.count(r.c.id).label("n")).group_by(r.c.client_id).subquery()
    query = (
        select(cl.c.id, cl.c.pseudonym, cl.c.coach, last.c.d, p.c.next_meeting,
               func.coalesce(overdue.c.n, 0), func.coalesce(reached.c.n, 0), func.coalesce(given.c.n, 0))
        .select_from(
            cl.outerjoin(last, last.c.client_id == cl.c.id).outerjoin(p, p.c.client_id == cl.c.id)
            .outerjoin(overdue, overdue.c.client_id == cl.c.id).outerjoin(reached, reached.c.client_id == cl.c.id)
            .outerjoin(given, given.c.client_id == cl.c.id)
        )
        .where(_scope(store)).order_by(cl.c.name_key)
    )
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    frame = pd.DataFrame([tuple(row) + (None,) for row in rows], columns=CASELOAD_COLUMNS)
    cutoff = today - dt.timedelta(weeks=weeks)
    frame["not_seen"] = [d is None or pd.isna(d) or _as_date(d) < cutoff for d in frame["last_conversation"]]
    frame["last_conversation"] = pd.Series(
        [None if d is None or pd.isna(d) else _as_date(d) for d in frame["last_conversation"]], index=frame.index, dtype=object)
    # the next appointment is kept in UTC; shown in the server's local time like the plan does
    # (object columns: an empty cell stays None, not NaT)
    frame["next_appointment"] = pd.Series(
        [None if v is None or pd.isna(v) else _local(v) for v in frame["next_appointment"]], index=frame.index, dtype=object)
    for column in ("overdue_actions", "goals_reached", "rewards_given"):
        frame[column] = frame[column].astype(int)
    return frame


def _local(value: Any) -> dt.datetime:
    value = pd.Timestamp(value).to_pydatetime()  # pandas hands datetimes over as Timestamps
    return value.replace(tzinfo=dt.timezone.utc).astimezone().replace(tzinfo=None)


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
