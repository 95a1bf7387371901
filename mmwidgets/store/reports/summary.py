"""A summary of every client's answers per bridge and sub-pillar, kept up to date when a step is saved
(issue 10: a team report over 10,000 clients reads ~100,000 summary rows, not 2,000,000 answers).

Table ``report_summary``: one row per client, bridge (id@version) and sub-pillar with at least one
answered step: the first, the second and the latest reading (date and step, by conversation date).

Kept right by:

- :func:`refresh` in the same transaction as the change, called by the write path of
  :mod:`mmwidgets.store.assessments` (a step saved or cleared, a conversation moved to another
  date or deleted) and, for rows changed through ORM objects (``session.add(ChoiceRow(...))``,
  a changed or deleted ``AssessmentRow``), by a ``Session`` ``after_flush`` listener;
- the database's ``ON DELETE CASCADE`` when a client is erased (a hand-over changes nothing here:
  the report joins ``clients`` for coach and team);
- :func:`rebuild` for everything else: schema migration 5 builds it for an existing database, and
  bulk loaders that write answers with plain SQL (bench/bench_report.py) call it afterwards.

On PostgreSQL :func:`refresh` first locks the client's row (``FOR NO KEY UPDATE``), so two
transactions saving answers of the same client recompute its summary one after the other, each
seeing the other's committed answers. SQLite has one writer at a time anyway.

The table is deliberately not on :data:`mmwidgets.store.db.Base`: the access guard and the
client-erase walk leave it alone (it is derived data, read only by :mod:`mmwidgets.store.reports.team`
with the actor's own scope); the migration creates it.
"""

from __future__ import annotations

import datetime as dt
from itertools import chain
from typing import Any, Iterable

from sqlalchemy import (
    Column,
    Date,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    delete,
    event,
    insert,
    select,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, attributes

from mmwidgets.store.tables import AssessmentRow, ChoiceRow, ClientRow

summary_metadata = MetaData()
report_summary = Table(
    "report_summary",
    summary_metadata,
    Column("client_id", Integer, ForeignKey(ClientRow.__table__.c.id, ondelete="CASCADE"), primary_key=True),
    Column("definition_id", String(40), primary_key=True),
    Column("definition_version", Integer, primary_key=True),
    Column("subpillar_id", String(40), primary_key=True),
    Column("first_date", Date, nullable=False),
    Column("first_step", Integer, nullable=False),
    Column("second_date", Date, nullable=True),
    Column("second_step", Integer, nullable=True),
    Column("latest_date", Date, nullable=False),
    Column("latest_step", Integer, nullable=False),
)

Key = tuple[int, str, int]  # client_id, definition_id, definition_version


def create(conn: Connection) -> None:
    report_summary.create(conn, checkfirst=True)


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _summary_rows(ordered: Iterable[tuple]) -> list[dict[str, Any]]:
    """Summary rows from answers ``(client_id, def_id, def_version, sub, date, step)`` sorted by
    the first four and then the date (one answer per key and date: one conversation per day)."""
    out: list[dict[str, Any]] = []
    current: tuple | None = None
    row: dict[str, Any] = {}
    for client_id, def_id, version, sub, date, step in ordered:
        key = (client_id, def_id, version, sub)
        day = _as_date(date)
        if key != current:
            current = key
            row = {"client_id": client_id, "definition_id": def_id, "definition_version": version,
                   "subpillar_id": sub, "first_date": day, "first_step": step, "second_date": None,
                   "second_step": None, "latest_date": day, "latest_step": step}
            out.append(row)
            continue
        if row["second_date"] is None:
            row["second_date"], row["second_step"] = day, step
        row["latest_date"], row["latest_step"] = day, step
    return out


def _answers(where: Any) -> Any:
    a, c = AssessmentRow.__table__, ChoiceRow.__table__
    return (
        select(a.c.client_id, a.c.definition_id, a.c.definition_version, c.c.subpillar_id, a.c.date, c.c.step)
        .select_from(a.join(c, c.c.assessment_id == a.c.id))
        .where(c.c.step.is_not(None), where)
        .order_by(a.c.client_id, a.c.definition_id, a.c.definition_version, c.c.subpillar_id, a.c.date, a.c.id)
    )


def _lock_client(conn: Connection, client_id: int) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT id FROM clients WHERE id = :id FOR NO KEY UPDATE"), {"id": int(client_id)})


def refresh(conn: Connection | Session, client_id: int, definition_id: str, definition_version: int,
            subpillars: Iterable[str] | None = None) -> None:
    """Recompute the summary of one client and bridge (all sub-pillars, or only ``subpillars``)
    from the answers, in the caller's transaction: one SELECT of those answers and one upsert
    (a DELETE as well when a sub-pillar has no answered step left; on PostgreSQL first the lock)."""
    if isinstance(conn, Session):
        conn = conn.connection()
    _lock_client(conn, client_id)
    a, s = AssessmentRow.__table__, report_summary
    subs = None if subpillars is None else sorted(set(subpillars))
    where = and_(a.c.client_id == client_id, a.c.definition_id == definition_id,
                 a.c.definition_version == definition_version)
    if subs is not None:
        where = and_(where, ChoiceRow.__table__.c.subpillar_id.in_(subs))
    rows = _summary_rows(conn.execute(_answers(where)).all())
    kept = {r["subpillar_id"] for r in rows}
    if subs is None or set(subs) - kept:
        old = and_(s.c.client_id == client_id, s.c.definition_id == definition_id,
                   s.c.definition_version == definition_version, s.c.subpillar_id.not_in(sorted(kept)))
        if subs is not None:
            old = and_(old, s.c.subpillar_id.in_(subs))
        conn.execute(delete(s).where(old))
    if rows:
        _upsert(conn, rows)


def _upsert(conn: Connection, rows: list[dict[str, Any]]) -> None:
    dialect = conn.dialect.name
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as upsert
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:  # pragma: no cover - other databases: delete, then insert
        keys = [(r["client_id"], r["definition_id"], r["definition_version"], r["subpillar_id"]) for r in rows]
        s = report_summary
        for key in keys:
            conn.execute(delete(s).where(s.c.client_id == key[0], s.c.definition_id == key[1],
                                         s.c.definition_version == key[2], s.c.subpillar_id == key[3]))
        conn.execute(insert(s), rows)
        return
    statement = upsert(report_summary).values(rows)
    values = ("first_date", "first_step", "second_date", "second_step", "latest_date", "latest_step")
    conn.execute(statement.on_conflict_do_update(
        index_elements=[c for c in report_summary.primary_key.columns],
        set_={name: statement.excluded[name] for name in values}))


def refresh_many(conn: Connection | Session, keys: Iterable[Key]) -> None:
    for client_id, def_id, version in sorted(set(keys)):
        refresh(conn, client_id, def_id, version)


def rebuild(conn: Connection, chunk: int = 20_000) -> int:
    """Build the whole summary again from every answer (migration 5, bulk loaders); returns the rows."""
    create(conn)
    conn.execute(delete(report_summary))
    result = conn.execute(_answers(True))
    total = 0
    pending: list[tuple] = []
    while True:
        batch = result.fetchmany(chunk)
        if not batch:
            break
        pending.extend(batch)
        # keep the last (client, bridge, sub-pillar) open: its answers may go on in the next batch
        last = pending[-1][:4]
        cut = len(pending)
        while cut > 0 and pending[cut - 1][:4] == last:
            cut -= 1
        if cut == 0:
            continue
        rows = _summary_rows(pending[:cut])
        pending = pending[cut:]
        conn.execute(insert(report_summary), rows)
        total += len(rows)
    if pending:
        rows = _summary_rows(pending)
        conn.execute(insert(report_summary), rows)
        total += len(rows)
    return total


# -- ORM objects changed in a session -------------------------------------------------------
def _old_keys(obj: AssessmentRow) -> set[Key]:
    keys = {(obj.client_id, obj.definition_id, obj.definition_version)}
    histories = [attributes.get_history(obj, name) for name in ("client_id", "definition_id", "definition_version")]
    if any(h.deleted for h in histories):
        old = tuple(h.deleted[0] if h.deleted else h.unchanged[0] if h.unchanged else None for h in histories)
        if None not in old:
            keys.add(old)  # type: ignore[arg-type]
    return keys


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    keys: set[Key] = set()
    assessment_ids: set[int] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, ChoiceRow):
            if obj in session.dirty and not session.is_modified(obj):
                continue
            history = attributes.get_history(obj, "assessment_id")
            assessment_ids.update(v for v in chain(history.added, history.unchanged, history.deleted) if v is not None)
        elif isinstance(obj, AssessmentRow):
            if obj in session.new:  # a new conversation has no answers yet; its choices are seen themselves
                continue
            if obj in session.dirty and not session.is_modified(obj):
                continue
            keys |= _old_keys(obj)
    if not keys and not assessment_ids:
        return
    conn = session.connection()
    if assessment_ids:
        a = AssessmentRow.__table__
        found = conn.execute(select(a.c.client_id, a.c.definition_id, a.c.definition_version)
                             .where(a.c.id.in_(sorted(assessment_ids)))).all()
        keys |= {tuple(k) for k in found}  # type: ignore[misc]
    refresh_many(conn, {k for k in keys if None not in k})
