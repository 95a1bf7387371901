"""The team report's baselines from the summary table (:mod:`mmwidgets.store.reports.summary`):
the same pairs as the exact path in :mod:`mmwidgets.store.reports.team`, without reading every answer.

Per client and sub-pillar of the report's bridge the summary holds the first, second and latest
reading. For a period [start, end]:

- first and second up to ``end`` come from the summary (the second only when on or before ``end``);
- when the latest reading is on or before ``end``, it is the period's latest reading (or the
  client has none in the period when it lies before ``start``);
- the first reading in the period is the first (on or after ``start``), else the second (when
  inside the period), else none (latest before ``start``), else unknown.

Only what is still unknown - the latest reading when the client has readings after ``end`` (a
historical period), the first reading in the period under rule ``first_in_period`` - is read from
the client's packed readings (table ``report_readings``, one row per client and part, read in the
same query and unpacked with numpy for all rows at once). Only where that row is missing (it never
is once revision mm0007 ran) are the period's answers of exactly those clients and parts read.

Clients with answers on another bridge version (mapped through the crosswalks), or whose first,
second or latest step does not fit the report's bridge, go through the exact path.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pandas as pd
from sqlalchemy import String, and_, case, cast, func, or_, select

from mmwidgets.store.reports.summary import EPOCH, READING_WIDTH, report_readings, report_summary
from mmwidgets.store.tables import AssessmentRow, ChoiceRow, ClientRow

PAIR_COLUMNS = ["client_id", "sub", "baseline", "latest"]

# exact(condition on clients) -> (pairs, clients with a reading in the period, unmapped)
Exact = Callable[[Any], tuple[pd.DataFrame, set[int], list[Any]]]


def _rows(store: Any, query: Any) -> list[tuple]:
    with store.engine.connect() as conn:
        return conn.execute(query).cursor.fetchall()


def _needs_answers(options: Any) -> Any:
    """SQL: this summary row cannot answer the period by itself (see the module text)."""
    s = report_summary
    start, end = options.start, options.end
    needs = s.c.latest_date > end
    if options.rule == "first_in_period":
        known = or_(s.c.first_date >= start,
                    and_(s.c.second_date.is_not(None), s.c.second_date >= start, s.c.second_date <= end),
                    s.c.latest_date < start)
        needs = or_(needs, ~known)
    return needs


def _day(column: Any, sqlite: bool = False) -> Any:
    """A date as ISO text 'YYYY-MM-DD' (compared as text: the same order). SQLite stores it so:
    read as it is (no conversion per row)."""
    return column if sqlite else func.substr(cast(column, String), 1, 10)


def _valid(defn: Any) -> dict[str, int]:
    return {sub.id: sub.step_count for _p, sub in defn.subpillars()}


def summary_pairs(store: Any, options: Any, scope: Any, exact: Exact) -> tuple[pd.DataFrame, int, list[Any]]:
    """(pairs as the exact path makes them, clients with a reading in the period, unmapped)."""
    defn = options.definition
    s, cl = report_summary, ClientRow.__table__
    start, end = options.start.isoformat(), options.end.isoformat()
    same = (s.c.definition_id == defn.id) & (s.c.definition_version == defn.version)
    joined = s.join(cl, cl.c.id == s.c.client_id)
    needs = _needs_answers(options)
    sqlite = store.engine.dialect.name == "sqlite"
    # rule "first" never uses the second reading (it is on or before the latest one, so it
    # cannot be the period's first when the first is not): not read, for speed
    second = options.rule != "first"
    columns = ["client_id", "sub", "f_date", "f_step", "l_date", "l_step", "needs"]
    selected = [s.c.client_id, s.c.subpillar_id, _day(s.c.first_date, sqlite), s.c.first_step,
                _day(s.c.latest_date, sqlite), s.c.latest_step, case((needs, 1), else_=0)]
    if second:
        columns += ["s_date", "s_step"]
        selected += [_day(s.c.second_date, sqlite), s.c.second_step]
    r = report_readings
    # the packed readings only for the rows that need them (a LEFT JOIN: a missing row reads the answers)
    columns.append("readings")
    selected.append(case((needs, r.c.readings), else_=None))
    with_readings = joined.outerjoin(r, and_(r.c.client_id == s.c.client_id, r.c.definition_id == s.c.definition_id,
                                               r.c.definition_version == s.c.definition_version,
                                               r.c.subpillar_id == s.c.subpillar_id))
    query = select(*selected).select_from(with_readings).where(scope, same, s.c.first_date <= options.end)
    frame = pd.DataFrame.from_records(_rows(store, query), columns=columns)
    if not second:
        frame["s_date"], frame["s_step"] = None, np.nan
    for name in ("f_step", "s_step", "l_step", "needs"):
        frame[name] = pd.to_numeric(frame[name]).astype(float)
    if sqlite:  # SQLite keeps a date as its ISO text already; anything longer is cut like the exact path does
        for name in ("f_date", "s_date", "l_date"):
            if frame[name].notna().any() and (frame[name].dropna().str.len() != 10).any():
                frame[name] = frame[name].str.slice(0, 10)
    counts = _valid(defn)
    frame = frame[frame["sub"].isin(list(counts))]
    # clients for the exact path: answers on another bridge version, or a step that does not fit
    other = select(s.c.client_id).select_from(joined).where(scope, ~same, s.c.first_date <= options.end).distinct()
    exact_ids = {int(r[0]) for r in _rows(store, other)}
    top = frame["sub"].map(counts).to_numpy(dtype=float)
    bad = ~frame["f_step"].between(1, top) | ~frame["l_step"].between(1, top)
    bad |= frame["s_step"].notna() & ~frame["s_step"].between(1, top)
    invalid = {int(c) for c in frame.loc[bad, "client_id"]}
    exact_ids |= invalid
    parts: list[pd.DataFrame] = []
    in_period: set[int] = set()
    unmapped: list[Any] = []
    if exact_ids:
        condition = or_(cl.c.id.in_(other), cl.c.id.in_(sorted(invalid))) if invalid else cl.c.id.in_(other)
        exact_pairs, exact_clients, unmapped = exact(condition)
        parts.append(exact_pairs)
        in_period |= exact_clients
        frame = frame[~frame["client_id"].isin(list(exact_ids))]
    fast = _fast(store, options, scope, frame, counts, needs)
    in_period |= fast[1]
    parts.append(fast[0])
    pairs = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else fast[0]
    pairs = pairs.sort_values(["client_id", "sub"], kind="stable").reset_index(drop=True)
    return pairs, len(in_period), unmapped


def _score(subs: pd.Series, steps: pd.Series, counts: dict[str, int]) -> np.ndarray:
    """:func:`~mmwidgets.model.score.step_score` for every row (NaN where no step): the same
    arithmetic, (step - 1) / (steps - 1) * 100, on whole columns."""
    codes, names = pd.factorize(subs)
    top = np.array([counts[n] for n in names], dtype=float)[codes] if len(names) else np.zeros(0)
    step = pd.to_numeric(steps).to_numpy(dtype=float)
    return (step - 1) / (top - 1) * 100


def _fast(store: Any, options: Any, scope: Any, frame: pd.DataFrame, counts: dict[str, int],
          needs: Any) -> tuple[pd.DataFrame, set[int]]:
    start, end = options.start.isoformat(), options.end.isoformat()
    if frame.empty:
        return pd.DataFrame(columns=PAIR_COLUMNS), set()
    f = frame.reset_index(drop=True)
    top = _tops(f["sub"], counts)  # each row's number of steps, worked out once

    def score(steps: Any) -> np.ndarray:  # the same arithmetic as _score
        return (pd.to_numeric(steps).to_numpy(dtype=float) - 1) / (top - 1) * 100

    f_score = score(f["f_step"])
    s_in = f["s_date"].notna() & (f["s_date"].fillna("9999") <= end)
    s_score = np.where(s_in, score(f["s_step"]), np.nan)
    s_date = f["s_date"].where(s_in, None)
    l_score = score(f["l_step"])
    # what the summary answers by itself
    l_in = f["l_date"] >= start
    lp_date = f["l_date"].where(l_in, None)
    lp_score = np.where(l_in, l_score, np.nan)
    first_in = f["f_date"] >= start
    second_in = s_in & (f["s_date"].fillna("") >= start)
    fp_date = f["f_date"].where(first_in, s_date.where(second_in, None))
    fp_score = np.where(first_in, f_score, np.where(second_in, s_score, np.nan))
    needs_rows = f["needs"] == 1
    packed = needs_rows & f["readings"].notna()
    if packed.any():
        lp_date, lp_score, fp_date, fp_score = _from_readings(
            options, f, packed, top, (lp_date, lp_score, fp_date, fp_score))
    missing = needs_rows & ~packed
    if missing.any():
        lp_date, lp_score, fp_date, fp_score = _from_answers(
            store, options, scope, f, missing, counts, needs, (lp_date, lp_score, fp_date, fp_score))
    # the baseline by the rule
    rule = options.rule
    if rule == "first":
        b_date, b_score = f["f_date"], f_score
    elif rule == "first_in_period":
        b_date, b_score = fp_date, fp_score
    else:  # lower_of_first_two: the second when it is lower, else the first
        lower = ~np.isnan(s_score) & (s_score < f_score)
        b_date, b_score = f["f_date"].where(~lower, s_date), np.where(lower, s_score, f_score)
    has_latest = ~np.isnan(lp_score)
    counts_ok = has_latest & ~np.isnan(b_score) & (b_date.fillna("9999").to_numpy(dtype=object) < lp_date.fillna("").to_numpy(dtype=object))
    clients = {int(c) for c in f.loc[has_latest, "client_id"]}
    pairs = pd.DataFrame({"client_id": f["client_id"], "sub": f["sub"], "baseline": np.asarray(b_score, dtype=float),
                          "latest": lp_score})[counts_ok]
    return pairs[PAIR_COLUMNS].reset_index(drop=True), clients


def _unpack(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row of each reading, its day since EPOCH, its step) for packed texts, all at once."""
    w = READING_WIDTH
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts)) // w
    digits = np.frombuffer("".join(texts).encode("ascii"), dtype=np.uint8).reshape(-1, w).astype(np.int64) - 48
    days = digits[:, :5] @ np.array([10_000, 1_000, 100, 10, 1], dtype=np.int64)
    steps = digits[:, 5] * 10 + digits[:, 6]
    return np.repeat(np.arange(len(texts)), lengths), days, steps


def _iso(days: np.ndarray) -> np.ndarray:
    """Days since EPOCH as ISO text (the form the rest of this module compares)."""
    return np.datetime_as_string(np.datetime64(EPOCH.isoformat(), "D") + days.astype("timedelta64[D]"), unit="D")


def _tops(subs: pd.Series, counts: dict[str, int]) -> np.ndarray:
    codes, names = pd.factorize(subs)
    return np.array([counts[n] for n in names], dtype=float)[codes] if len(names) else np.zeros(0)


def _from_readings(options: Any, f: pd.DataFrame, rows: pd.Series, tops: np.ndarray, known: tuple) -> tuple:
    """Latest and first reading in the period from the packed readings of ``rows`` (the same
    readings the exact path sees: steps that do not fit the report's bridge left out); the other
    rows keep what the summary gave (``known``)."""
    index = np.flatnonzero(rows.to_numpy())
    owner, days, steps = _unpack(f["readings"].to_numpy()[index].tolist())
    top = tops[index][owner]
    start, end = (options.start - EPOCH).days, (options.end - EPOCH).days
    keep = np.flatnonzero((steps >= 1) & (steps <= top) & (days >= start) & (days <= end))
    lp_date, lp_score, fp_date, fp_score = (v.copy() for v in known)
    # every row asked for has no reading in the period unless one is found below
    lp_date.iloc[index] = None
    fp_date.iloc[index] = None
    lp_score[index] = np.nan
    fp_score[index] = np.nan
    if len(keep):
        who = owner[keep]
        # readings are in date order within a row: the first and the last kept one per row
        first = keep[np.r_[True, who[1:] != who[:-1]]]
        last = keep[np.r_[who[1:] != who[:-1], True]]
        at = index[owner[first]]
        fp_date.iloc[at] = _iso(days[first])
        fp_score[at] = (steps[first].astype(float) - 1) / (tops[at] - 1) * 100  # as _score does
        lp_date.iloc[at] = _iso(days[last])
        lp_score[at] = (steps[last].astype(float) - 1) / (tops[at] - 1) * 100
    return lp_date, lp_score, fp_date, fp_score


def _from_answers(store: Any, options: Any, scope: Any, f: pd.DataFrame, needs_rows: pd.Series,
                  counts: dict[str, int], needs: Any, known: tuple) -> tuple:
    """Latest and first reading in the period, read from the period's answers, for the rows the
    summary could not answer; the other rows keep what the summary gave (``known``)."""
    defn = options.definition
    a, c, cl, s = AssessmentRow.__table__, ChoiceRow.__table__, ClientRow.__table__, report_summary
    sqlite = store.engine.dialect.name == "sqlite"
    by_count: dict[int, list[str]] = {}
    for sub, n in counts.items():
        by_count.setdefault(n, []).append(sub)
    # only steps that fit the report's bridge count, as in the exact path
    fits = or_(*[and_(c.c.subpillar_id.in_(sorted(subs)), c.c.step >= 1, c.c.step <= n)
                 for n, subs in sorted(by_count.items())])
    same = and_(a.c.definition_id == defn.id, a.c.definition_version == defn.version)
    ends = (
        select(a.c.client_id.label("client_id"), c.c.subpillar_id.label("sub"),
               func.min(a.c.date).label("p"), func.max(a.c.date).label("q"))
        .select_from(
            a.join(cl, cl.c.id == a.c.client_id).join(c, c.c.assessment_id == a.c.id)
            .join(s, and_(s.c.client_id == a.c.client_id, s.c.definition_id == a.c.definition_id,
                          s.c.definition_version == a.c.definition_version, s.c.subpillar_id == c.c.subpillar_id)))
        .where(scope, same, a.c.date >= options.start, a.c.date <= options.end, c.c.step.is_not(None), fits, needs)
        .group_by(a.c.client_id, c.c.subpillar_id)
    ).subquery()
    # the steps on those two dates (one conversation per client, day and bridge)
    a1, c1, a2, c2 = a.alias("a1"), c.alias("c1"), a.alias("a2"), c.alias("c2")

    def on(alias: Any, day: Any) -> Any:
        return and_(alias.c.client_id == ends.c.client_id, alias.c.date == day,
                    alias.c.definition_id == defn.id, alias.c.definition_version == defn.version)

    query = (
        select(ends.c.client_id, ends.c.sub, _day(ends.c.p, sqlite), c1.c.step, _day(ends.c.q, sqlite), c2.c.step)
        .select_from(
            ends.join(a1, on(a1, ends.c.p)).join(c1, and_(c1.c.assessment_id == a1.c.id, c1.c.subpillar_id == ends.c.sub))
            .join(a2, on(a2, ends.c.q)).join(c2, and_(c2.c.assessment_id == a2.c.id, c2.c.subpillar_id == ends.c.sub)))
    )
    ends = pd.DataFrame.from_records(_rows(store, query),
                                     columns=["client_id", "sub", "p_date", "p_step", "q_date", "q_step"])
    ends["client_id"] = ends["client_id"].astype("int64")
    for name in ("p_date", "q_date"):
        ends[name] = ends[name].astype(object).map(lambda v: str(v)[:10])
    wanted = f.loc[needs_rows, ["client_id", "sub"]].reset_index()
    found = wanted.merge(ends, on=["client_id", "sub"], how="left").set_index("index")
    lp_date, lp_score, fp_date, fp_score = known
    lp_date, fp_date = lp_date.copy(), fp_date.copy()
    lp_score, fp_score = lp_score.copy(), fp_score.copy()
    idx = found.index.to_numpy()
    lp_date.loc[idx] = found["q_date"].where(found["q_date"].notna(), None).to_numpy(dtype=object)
    fp_date.loc[idx] = found["p_date"].where(found["p_date"].notna(), None).to_numpy(dtype=object)
    lp_score[idx] = _score(found["sub"], found["q_step"], counts)
    fp_score[idx] = _score(found["sub"], found["p_step"], counts)
    return lp_date, lp_score, fp_date, fp_score
