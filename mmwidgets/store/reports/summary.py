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

Table ``report_readings`` (issue 20): per client, bridge and sub-pillar every answered reading, packed
in one text (:func:`pack_one`: 7 digits a reading, the day since 1900-01-01 and the step, by date), so that
a report over ANY period - a historical year, the first reading in the period - reads one row per
client and part instead of every answer in the period. It is kept by the same :func:`refresh` (the
same SELECT of the client's answers, one more upsert) and built by :func:`rebuild` (from revision
``mm0007`` on). Why not a row per quarter: a period that does not start and end on a quarter (a year back
from today) still needs the answers of its two edge quarters, which for a large team is most of them.

The tables are deliberately not on :data:`mmwidgets.store.db.Base`: the access guard and the
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
    Text,
    and_,
    delete,
    event,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, attributes

from mmwidgets.store.tables import AssessmentRow, ChoiceRow, ClientRow

summary_metadata = MetaData()


def _key_columns() -> list[Column]:
    """Both tables have a row per client, bridge (id, version) and sub-pillar."""
    return [
        Column("client_id", Integer, ForeignKey(ClientRow.__table__.c.id, ondelete="CASCADE"), primary_key=True),
        Column("definition_id", String(40), primary_key=True),
        Column("definition_version", Integer, primary_key=True),
        Column("subpillar_id", String(40), primary_key=True),
    ]


report_summary = Table(
    "report_summary",
    summary_metadata,
    *_key_columns(),
    Column("first_date", Date, nullable=False),
    Column("first_step", Integer, nullable=False),
    Column("second_date", Date, nullable=True),
    Column("second_step", Integer, nullable=True),
    Column("latest_date", Date, nullable=False),
    Column("latest_step", Integer, nullable=False),
)

report_readings = Table(
    "report_readings",
    summary_metadata,
    *_key_columns(),
    Column("readings", Text, nullable=False),
)

#: one packed reading: 5 digits for the day (since :data:`EPOCH`), 2 for the step
READING_WIDTH = 7
EPOCH = dt.date(1900, 1, 1)

Key = tuple[int, str, int]  # client_id, definition_id, definition_version


def create(conn: Connection) -> None:
    report_summary.create(conn, checkfirst=True)


def create_readings(conn: Connection) -> None:
    report_readings.create(conn, checkfirst=True)


def _has_readings(conn: Connection) -> bool:
    """Whether ``report_readings`` is there (it is not yet while the old runner's step 5 runs)."""
    return inspect(conn).has_table("report_readings")


def pack_one(day: dt.date, step: int) -> str:
    """One reading as 7 digits: ``pack_one(date(2026, 3, 20), 3) == '4506803'``. Days before 1900
    count as day 0 and steps outside 0-99 as 0 or 99: none of them fits a bridge, so the report
    drops them as it drops any step that does not fit."""
    days = min(max((day - EPOCH).days, 0), 99_999)
    return f"{days:05d}{min(max(int(step), 0), 99):02d}"


def unpack(text_: str) -> list[tuple[dt.date, int]]:
    """The readings of one packed text, in order (for tests and for reading by eye)."""
    w = READING_WIDTH
    return [(EPOCH + dt.timedelta(days=int(text_[i:i + 5])), int(text_[i + 5:i + w]))
            for i in range(0, len(text_), w)]


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _summary_rows(ordered: Iterable[tuple], readings: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Summary rows from answers ``(client_id, def_id, def_version, sub, date, step)`` sorted by
    the first four and then the date (one answer per key and date: one conversation per day).
    ``readings``: a list that gets the ``report_readings`` rows of the same answers."""
    out: list[dict[str, Any]] = []
    current: tuple | None = None
    row: dict[str, Any] = {}
    packed: list[str] = []
    for client_id, def_id, version, sub, date, step in ordered:
        key = (client_id, def_id, version, sub)
        day = _as_date(date)
        if key != current:
            if readings is not None and current is not None:
                readings.append(_readings_row(current, packed))
            current = key
            packed = []
            row = {"client_id": client_id, "definition_id": def_id, "definition_version": version,
                   "subpillar_id": sub, "first_date": day, "first_step": step, "second_date": None,
                   "second_step": None, "latest_date": day, "latest_step": step}
            out.append(row)
        elif row["second_date"] is None:
            row["second_date"], row["second_step"] = day, step
            row["latest_date"], row["latest_step"] = day, step
        else:
            row["latest_date"], row["latest_step"] = day, step
        if readings is not None:
            packed.append(pack_one(day, step))
    if readings is not None and current is not None:
        readings.append(_readings_row(current, packed))
    return out


def _readings_row(key: tuple, packed: list[str]) -> dict[str, Any]:
    return {"client_id": key[0], "definition_id": key[1], "definition_version": key[2], "subpillar_id": key[3],
            "readings": "".join(packed)}


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
    """Recompute the summary and the packed readings of one client and bridge (all sub-pillars, or
    only ``subpillars``) from the answers, in the caller's transaction: one SELECT of those answers
    and one upsert per table (a DELETE as well when a sub-pillar has no answered step left; on
    PostgreSQL first the lock)."""
    if isinstance(conn, Session):
        conn = conn.connection()
    _lock_client(conn, client_id)
    a = AssessmentRow.__table__
    subs = None if subpillars is None else sorted(set(subpillars))
    where = and_(a.c.client_id == client_id, a.c.definition_id == definition_id,
                 a.c.definition_version == definition_version)
    if subs is not None:
        where = and_(where, ChoiceRow.__table__.c.subpillar_id.in_(subs))
    readings: list[dict[str, Any]] | None = [] if _has_readings_cached(conn) else None
    rows = _summary_rows(conn.execute(_answers(where)).all(), readings)
    kept = {r["subpillar_id"] for r in rows}
    tables = [report_summary] + ([report_readings] if readings is not None else [])
    if subs is None or set(subs) - kept:
        for s in tables:
            old = and_(s.c.client_id == client_id, s.c.definition_id == definition_id,
                       s.c.definition_version == definition_version, s.c.subpillar_id.not_in(sorted(kept)))
            if subs is not None:
                old = and_(old, s.c.subpillar_id.in_(subs))
            conn.execute(delete(s).where(old))
    if rows:
        _upsert(conn, report_summary, rows)
    if readings:
        _upsert(conn, report_readings, readings)


def _has_readings_cached(conn: Connection) -> bool:
    """:func:`_has_readings`, asked once per database (the table only ever comes, never goes)."""
    url = str(conn.engine.url)
    if url not in _READINGS_SEEN:
        if not _has_readings(conn):
            return False
        _READINGS_SEEN.add(url)
    return True


_READINGS_SEEN: set[str] = set()


def _upsert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    keys = ("client_id", "definition_id", "definition_version", "subpillar_id")
    values = [c.name for c in table.columns if c.name not in keys]
    dialect = conn.dialect.name
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as upsert
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:  # pragma: no cover - other databases: delete, then insert
        for r in rows:
            conn.execute(delete(table).where(*[table.c[k] == r[k] for k in keys]))
        conn.execute(insert(table), rows)
        return
    statement = upsert(table).values(rows)
    conn.execute(statement.on_conflict_do_update(
        index_elements=[c for c in table.primary_key.columns],
        set_={name: statement.excluded[name] for name in values}))


def refresh_many(conn: Connection | Session, keys: Iterable[Key]) -> None:
    for client_id, def_id, version in sorted(set(keys)):
        refresh(conn, client_id, def_id, version)


def rebuild(conn: Connection, chunk: int = 20_000) -> int:
    """Build the whole summary again from every answer (migration 5, bulk loaders), and the packed
    readings too when their table is there (revision mm0007 makes it); returns the summary's rows."""
    create(conn)
    with_readings = _has_readings(conn)
    conn.execute(delete(report_summary))
    if with_readings:
        conn.execute(delete(report_readings))
    result = conn.execute(_answers(True))
    total = 0
    pending: list[tuple] = []

    def write(answers: list[tuple]) -> int:
        readings: list[dict[str, Any]] | None = [] if with_readings else None
        rows = _summary_rows(answers, readings)
        conn.execute(insert(report_summary), rows)
        if readings:
            conn.execute(insert(report_readings), readings)
        return len(rows)

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
        total += write(pending[:cut])
        pending = pending[cut:]
    if pending:
        total += write(pending)
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
