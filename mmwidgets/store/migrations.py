"""Create and upgrade the schema when a :class:`~mmwidgets.store.store.Store` starts.

``upgrade(engine, metadata)`` runs in ONE transaction, holding the database's write
lock (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory lock), so that two kernels
starting at once do not trip over each other:

1. create the ``schema_version`` table and every missing table of ``metadata``
   (a new table is created complete, with all its columns);
2. apply, in order, each step in :data:`MIGRATIONS` whose number is above the
   stored version, then store the newest number.

Steps must be safe on a database that already has their change (a fresh database got
it from step 1): check before you alter, as :func:`add_column` does.
To change the schema: change the table class AND append a step here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sqlalchemy import Column, Integer, MetaData, Table, inspect, select
from sqlalchemy.engine import Connection, Engine

PG_LOCK_ID = 0x6D6D7769  # "mmwi": any constant shared by every process of this app

version_metadata = MetaData()
schema_version = Table(
    "schema_version",
    version_metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
)


class SchemaTooNew(RuntimeError):
    """The database was written by a newer mmwidgets than this one."""


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Connection], None]


def add_column(conn: Connection, table: str, column: str, ddl: str) -> None:
    """``ALTER TABLE table ADD COLUMN column ddl``, unless the table lacks or already has it."""
    inspector = inspect(conn)
    if not inspector.has_table(table):
        return
    if column in {c["name"] for c in inspector.get_columns(table)}:
        return
    preparer = conn.dialect.identifier_preparer
    conn.exec_driver_sql(
        f"ALTER TABLE {preparer.quote(table)} ADD COLUMN {preparer.quote(column)} {ddl}"
    )


def _initial(conn: Connection) -> None:
    """Version 1: the first schema; its tables come from the models."""


def _stress_note(conn: Connection) -> None:
    """Version 2: a free-text note with the stress check-in."""
    add_column(conn, "assessments", "stress_note", "TEXT NOT NULL DEFAULT ''")


def _teams(conn: Connection) -> None:
    """Version 3: every client has a coach and a team; existing clients go to the local coach
    (owner "~lokaal", team "lokaal", see model/actor.py); the access log refuses UPDATE/DELETE."""
    from mmwidgets.store.access.migration import teams_step

    teams_step(conn, add_column)


def _one_per_day(conn: Connection) -> None:
    """Version 4: one conversation per client per date (duplicates merged), revisions."""
    from mmwidgets.store.assessment_migration import one_conversation_per_day

    one_conversation_per_day(conn, add_column)


def _report_summary(conn: Connection) -> None:
    """Version 5: the per-client, per-sub-pillar summary the team report reads (store/reports/summary.py),
    built from every answer already saved."""
    from mmwidgets.store.reports.summary import rebuild

    rebuild(conn)


# Ordered; append new steps at the end, never renumber or remove one.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _initial),
    Migration(2, "assessments.stress_note", _stress_note),
    Migration(3, "teams: clients.coach and clients.team, access log append-only", _teams),
    Migration(4, "one conversation per client per date; revisions against stale writes", _one_per_day),
    Migration(5, "report_summary: first, second and latest reading per client and sub-pillar", _report_summary),
)


def latest_version() -> int:
    return MIGRATIONS[-1].version if MIGRATIONS else 0


def _lock(conn: Connection) -> None:
    dialect = conn.dialect.name
    if dialect == "sqlite":
        # pysqlite would only BEGIN (deferred) before the first INSERT; take the write
        # lock now so that the DDL below is transactional and serialised.
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif dialect == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_LOCK_ID})")


def current_version(conn: Connection) -> int:
    """The stored schema version (0: none stored yet)."""
    if not inspect(conn).has_table("schema_version"):
        return 0
    value = conn.execute(select(schema_version.c.version).where(schema_version.c.id == 1)).scalar()
    return int(value or 0)


def upgrade(engine: Engine, metadata: MetaData, migrations: tuple[Migration, ...] | None = None) -> int:
    """Create missing tables and apply pending migration steps; returns the version."""
    steps = MIGRATIONS if migrations is None else migrations
    target = steps[-1].version if steps else 0
    numbers = [m.version for m in steps]
    if numbers != sorted(set(numbers)):
        raise ValueError("migration versions must be unique and ascending")
    with engine.connect() as conn:
        _lock(conn)
        try:
            version_metadata.create_all(conn)
            version = current_version(conn)
            if version > target:
                raise SchemaTooNew(
                    f"database schema version {version} is newer than this program ({target})"
                )
            metadata.create_all(conn)
            for step in steps:
                if step.version > version:
                    step.apply(conn)
            if version == 0:
                conn.execute(schema_version.insert().values(id=1, version=target))
            elif target != version:
                conn.execute(
                    schema_version.update().where(schema_version.c.id == 1).values(version=target)
                )
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
    return target
