"""The team report's baselines from the summary table (:mod:`mmwidgets.store.reports.summary`):
the same pairs as the exact path in :mod:`mmwidgets.store.reports.team`, without reading every answer.

Per client and sub-pillar of the report's bridge the summary holds the first, second and latest
reading. For a period [start, end]:

- first and second up to ``end`` come from the summary (the second only when on or before ``end``);
- when the latest reading is on or before ``end``, it is the period's latest reading (or the
  client has none in the period when it lies before ``start``);
- the first reading in the period is the first (on or after ``start``), else the second (when
  inside the period), else none (latest before ``start``), else unknown.

Three queries (issue 20: each reads only what it needs; the database does the comparisons):

1. the clients for the exact path: answers on another bridge version (mapped through the
   crosswalks), or a first, second or latest step that does not fit the report's bridge;
2. the rows the summary answers by itself: the database chooses the baseline by the rule and says
   whether the row counts; only whole numbers come back (client, part, baseline step, latest step,
   a flag), no dates, no packed readings;
3. the rows it cannot answer - the latest reading when the client has readings after ``end`` (a
   historical period), the first reading in the period under rule ``first_in_period`` - with their
   packed readings (table ``report_readings``, one row per client and part; dates as day numbers),
   unpacked with numpy for all rows at once. Where that row is missing (it never is once revision
   mm0007 ran) the answers of exactly those clients and parts are packed here the same way.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pandas as pd
from sqlalchemy import Integer, and_, case, cast, func, literal_column, or_, select, type_coerce

from mmwidgets.store.reports.summary import EPOCH, READING_WIDTH, _answers, _summary_rows, report_readings, report_summary
from mmwidgets.store.tables import AssessmentRow, ChoiceRow, ClientRow

PAIR_COLUMNS = ["client_id", "sub", "baseline", "latest"]

# exact(condition on clients) -> (pairs, clients with a reading in the period, unmapped)
Exact = Callable[[Any], tuple[pd.DataFrame, set[int], list[Any]]]

# query 2's flag per row
NO_LATEST, LATEST_ONLY, COUNTS = 0, 1, 2


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


def _days(column: Any, sqlite: bool) -> Any:
    """SQL: a date as its day number since EPOCH (a whole number; NULL stays NULL)."""
    if sqlite:  # SQLite keeps a date as ISO text; julianday('1900-01-01') = 2415020.5 (a time of day is cut)
        return cast(func.julianday(column) - 2415020.5, Integer)
    return type_coerce(column - literal_column("DATE '1900-01-01'"), Integer)


def _valid(defn: Any) -> dict[str, int]:
    return {sub.id: sub.step_count for _p, sub in defn.subpillars()}


def _score(steps: np.ndarray, tops: np.ndarray) -> np.ndarray:
    """:func:`~mmwidgets.model.score.step_score` for every row (NaN where no step): the same
    arithmetic, (step - 1) / (steps - 1) * 100, on whole columns."""
    return (steps.astype(float) - 1) / (tops - 1) * 100


def _matrix(rows: list[tuple], width: int) -> np.ndarray:
    """Rows of whole numbers or NULL as a float matrix (NULL as NaN), in one step."""
    if not rows:
        return np.zeros((0, width))
    return np.array(rows, dtype=float).reshape(len(rows), width)


def summary_pairs(store: Any, options: Any, scope: Any, exact: Exact) -> tuple[pd.DataFrame, int, list[Any]]:
    """(pairs as the exact path makes them, clients with a reading in the period, unmapped)."""
    defn = options.definition
    s, cl = report_summary, ClientRow.__table__
    counts = _valid(defn)
    subs = sorted(counts)  # a part's code is its place among the ids: ordering by code orders by id
    tops = np.array([counts[sub] for sub in subs], dtype=float)
    top = case({sub: counts[sub] for sub in subs}, value=s.c.subpillar_id)
    same = (s.c.definition_id == defn.id) & (s.c.definition_version == defn.version)
    joined = s.join(cl, cl.c.id == s.c.client_id)
    mine = and_(scope, s.c.first_date <= options.end)
    ours = and_(same, s.c.subpillar_id.in_(subs))
    sqlite = store.engine.dialect.name == "sqlite"

    def fits(step: Any) -> Any:
        return and_(step >= 1, step <= top)

    # 1. clients for the exact path: answers on another bridge version, or a step that does not fit
    # (rule "first" never uses the second reading: it is on or before the latest one, so it cannot
    # be the period's first when the first is not)
    bad = or_(~fits(s.c.first_step), ~fits(s.c.latest_step))
    if options.rule != "first":
        bad = or_(bad, and_(s.c.second_date.is_not(None), ~fits(s.c.second_step)))
    other = select(s.c.client_id).select_from(joined).where(mine, or_(~same, and_(ours, bad))).distinct()
    exact_ids = np.array(sorted({int(r[0]) for r in _rows(store, other)}), dtype=np.int64)
    parts: list[pd.DataFrame] = []
    in_period: set[int] = set()
    unmapped: list[Any] = []
    if len(exact_ids):
        exact_pairs, exact_clients, unmapped = exact(cl.c.id.in_(other))
        parts.append(exact_pairs)
        in_period |= exact_clients
    needs = _needs_answers(options)
    known = _known(store, options, joined, and_(mine, ours, ~needs), exact_ids)
    unknown = _unknown(store, options, joined, and_(mine, ours, needs), exact_ids, tops, sqlite)
    columns = [np.concatenate([k[n] for k in (known, unknown)]) for n in range(4)]
    client, sub_code, b_step, l_step = columns[:4]
    flag = np.concatenate([known[4], unknown[4]])
    in_period |= set(np.unique(client[flag != NO_LATEST]).tolist())
    ok = flag == COUNTS
    client, sub_code, b_step, l_step = client[ok], sub_code[ok], b_step[ok], l_step[ok]
    order = np.lexsort((sub_code, client))
    client, sub_code = client[order], sub_code[order]
    row_tops = tops[sub_code]
    fast = pd.DataFrame({"client_id": client, "sub": np.array(subs, dtype=object)[sub_code],
                         "baseline": _score(b_step[order], row_tops), "latest": _score(l_step[order], row_tops)})
    if not parts:
        return fast, len(in_period), unmapped
    parts.append(fast)
    pairs = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else fast
    pairs = pairs.sort_values(["client_id", "sub"], kind="stable").reset_index(drop=True)
    return pairs, len(in_period), unmapped


def _known(store: Any, options: Any, joined: Any, where: Any, exact_ids: np.ndarray) -> tuple[np.ndarray, ...]:
    """Query 2: (client, part code, baseline step, latest step, flag) of the rows the summary
    answers by itself, worked out by the database (see the module text)."""
    s = report_summary
    subs = sorted(_valid(options.definition))
    code = case({sub: n for n, sub in enumerate(subs)}, value=s.c.subpillar_id)
    start, end = options.start, options.end
    # here the latest reading is on or before the end: in the period when on or after the start
    l_in = s.c.latest_date >= start
    s_in = and_(s.c.second_date.is_not(None), s.c.second_date <= end)
    if options.rule == "first":
        b_date, b_step = s.c.first_date, s.c.first_step
    elif options.rule == "lower_of_first_two":
        # the lower score is the lower step (the same part, so the same number of steps)
        lower = and_(s_in, s.c.second_step < s.c.first_step)
        b_date = case((lower, s.c.second_date), else_=s.c.first_date)
        b_step = case((lower, s.c.second_step), else_=s.c.first_step)
    else:  # first_in_period: the first when in the period, else the second when in it, else none
        first_in = s.c.first_date >= start
        second_in = and_(s_in, s.c.second_date >= start)
        b_date = case((first_in, s.c.first_date), (second_in, s.c.second_date), else_=None)
        b_step = case((first_in, s.c.first_step), (second_in, s.c.second_step), else_=None)
    flag = case((and_(l_in, b_date.is_not(None), b_date < s.c.latest_date), COUNTS), (l_in, LATEST_ONLY),
                else_=NO_LATEST)
    query = (select(s.c.client_id, code, b_step, s.c.latest_step, flag).select_from(joined)
             .where(where, l_in))  # a row without a reading in the period adds nothing
    m = _matrix(_rows(store, query), 5)
    if len(exact_ids):
        m = m[~np.isin(m[:, 0].astype(np.int64), exact_ids)]
    return (m[:, 0].astype(np.int64), m[:, 1].astype(np.int64), m[:, 2], m[:, 3], m[:, 4].astype(np.int64))


def _unknown(store: Any, options: Any, joined: Any, where: Any, exact_ids: np.ndarray, tops: np.ndarray,
             sqlite: bool) -> tuple[np.ndarray, ...]:
    """Query 3: the same five columns for the rows the summary cannot answer, from their packed
    readings (the same readings the exact path sees: steps that do not fit the report's bridge left out)."""
    s, r = report_summary, report_readings
    subs = sorted(_valid(options.definition))
    code = case({sub: n for n, sub in enumerate(subs)}, value=s.c.subpillar_id)
    with_readings = joined.outerjoin(r, and_(r.c.client_id == s.c.client_id, r.c.definition_id == s.c.definition_id,
                                               r.c.definition_version == s.c.definition_version,
                                               r.c.subpillar_id == s.c.subpillar_id))
    query = (select(s.c.client_id, code, _days(s.c.first_date, sqlite), s.c.first_step,
                    _days(s.c.second_date, sqlite), s.c.second_step, r.c.readings)
             .select_from(with_readings).where(where))
    rows = _rows(store, query)
    empty = np.zeros(0, dtype=np.int64)
    if not rows:
        return empty, empty, np.zeros(0), np.zeros(0), empty
    m = _matrix([row[:6] for row in rows], 6)
    texts = [row[6] for row in rows]
    if len(exact_ids):
        keep = ~np.isin(m[:, 0].astype(np.int64), exact_ids)
        m, texts = m[keep], [t for t, k in zip(texts, keep) if k]
    client, sub_code = m[:, 0].astype(np.int64), m[:, 1].astype(np.int64)
    f_day, f_step, s_day, s_step = m[:, 2], m[:, 3], m[:, 4], m[:, 5]
    missing = [n for n, t in enumerate(texts) if t is None]
    if missing:
        packed = _packed_from_answers(store, options, [(int(client[n]), subs[sub_code[n]]) for n in missing])
        for n in missing:
            texts[n] = packed.get((int(client[n]), subs[sub_code[n]]), "")
    start, end = (options.start - EPOCH).days, (options.end - EPOCH).days
    owner, days, steps = _unpack(texts)
    top = tops[sub_code]
    kept = np.flatnonzero((steps >= 1) & (steps <= top[owner]) & (days >= start) & (days <= end))
    n = len(texts)
    fp_day, fp_step = np.full(n, np.nan), np.full(n, np.nan)
    lp_day, lp_step = np.full(n, np.nan), np.full(n, np.nan)
    if len(kept):
        who = owner[kept]
        # readings are in date order within a row: the first and the last kept one per row
        first = kept[np.r_[True, who[1:] != who[:-1]]]
        last = kept[np.r_[who[1:] != who[:-1], True]]
        at = owner[first]
        fp_day[at], fp_step[at] = days[first], steps[first]
        lp_day[at], lp_step[at] = days[last], steps[last]
    rule = options.rule
    if rule == "first":
        b_day, b_step = f_day, f_step
    elif rule == "first_in_period":
        b_day, b_step = fp_day, fp_step
    else:  # lower_of_first_two: the second when (on or before the end and) lower, else the first
        lower = ~np.isnan(s_step) & (s_day <= end) & (s_step < f_step)
        b_day, b_step = np.where(lower, s_day, f_day), np.where(lower, s_step, f_step)
    has_latest = ~np.isnan(lp_step)
    with np.errstate(invalid="ignore"):
        ok = has_latest & ~np.isnan(b_step) & (b_day < lp_day)
    flag = np.where(ok, COUNTS, np.where(has_latest, LATEST_ONLY, NO_LATEST)).astype(np.int64)
    return client, sub_code, b_step, lp_step, flag


def _unpack(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row of each reading, its day since EPOCH, its step) for packed texts, all at once."""
    w = READING_WIDTH
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts)) // w
    digits = np.frombuffer("".join(texts).encode("ascii"), dtype=np.uint8).reshape(-1, w)
    d = [digits[:, k].astype(np.int32) - 48 for k in range(w)]
    days = (((d[0] * 10 + d[1]) * 10 + d[2]) * 10 + d[3]) * 10 + d[4]
    steps = d[5] * 10 + d[6]
    return np.repeat(np.arange(len(texts)), lengths), days, steps


def _packed_from_answers(store: Any, options: Any, keys: list[tuple[int, str]]) -> dict[tuple[int, str], str]:
    """The packed readings of these (client, part) of the report's bridge, made from their answers
    (:func:`~mmwidgets.store.reports.summary.pack_one`, as ``report_readings`` keeps them)."""
    defn = options.definition
    a, c = AssessmentRow.__table__, ChoiceRow.__table__
    where = and_(a.c.client_id.in_(sorted({k[0] for k in keys})), a.c.definition_id == defn.id,
                 a.c.definition_version == defn.version, c.c.subpillar_id.in_(sorted({k[1] for k in keys})))
    readings: list[dict[str, Any]] = []
    with store.engine.connect() as conn:
        _summary_rows(conn.execute(_answers(where)).all(), readings)
    return {(int(r["client_id"]), r["subpillar_id"]): r["readings"] for r in readings}
