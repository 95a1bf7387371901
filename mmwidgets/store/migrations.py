"""Create and upgrade the schema when a :class:`~mmwidgets.store.store.Store` starts, with Alembic.

``upgrade(engine, metadata)`` runs in ONE transaction, holding the database's write lock
(SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory lock), so that two kernels starting at once
do not trip over each other, and a step that fails leaves the database as it was:

1. a database made by the hand-written runner that came before Alembic (table ``schema_version``
   at 1-5, no ``alembic_version``) first gets that runner's remaining steps (:data:`LEGACY_STEPS`,
   after the schema-5 tables it lacks), and is then stamped with Alembic's first revision
   ``mm0005``, which stands for schema version 5;
2. Alembic upgrades to the newest revision (an empty database gets every revision from the
   first: ``mm0005`` creates schema 5). The revisions ship inside the package
   (``mmwidgets/store/alembic/versions/``) and run programmatically: no ``alembic.ini`` needed;
3. every table of ``metadata`` still missing is created, complete with its columns: a NEW table
   needs no revision (a table class on ``Base`` in a module imported by ``store/store.py``);
4. ``schema_version`` keeps counting (5 + the revisions after ``mm0005``), so that an older
   mmwidgets refuses a database a newer one changed (:class:`SchemaTooNew`), as it always did.

A change to an EXISTING table (a column added, renamed or retyped, a new index, data to move)
needs a revision: ``python -m mmwidgets.store.alembic revision "what it does"`` writes one next
to ``mm0005`` (see docs/architecture.md, "Schema changes"); ``tests/test_store_alembic.py``
fails when the models and the revisions disagree about an existing table.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Column, Integer, MetaData, String, Table, inspect, select
from sqlalchemy.engine import Connection, Engine

PG_LOCK_ID = 0x6D6D7769  # "mmwi": any constant shared by every process of this app
SCRIPT_LOCATION = Path(__file__).resolve().parent / "alembic"
FIRST_REVISION = "mm0005"  # stands for the old runner's schema version 5
LEGACY_LATEST = 5

version_metadata = MetaData()
schema_version = Table(
    "schema_version",
    version_metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
)
alembic_version = Table(  # Alembic's own table, read here only to see whether Alembic was here
    "alembic_version", MetaData(), Column("version_num", String(32), primary_key=True)
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


# --- The hand-written runner's steps (frozen: they bring a database of 1-4 to schema 5) -------


def _initial(conn: Connection) -> None:
    """Version 1: the first schema; its tables come from revision mm0005's frozen definitions."""


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


# Never change: new schema changes are Alembic revisions.
LEGACY_STEPS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _initial),
    Migration(2, "assessments.stress_note", _stress_note),
    Migration(3, "teams: clients.coach and clients.team, access log append-only", _teams),
    Migration(4, "one conversation per client per date; revisions against stale writes", _one_per_day),
    Migration(5, "report_summary: first, second and latest reading per client and sub-pillar", _report_summary),
)
MIGRATIONS = LEGACY_STEPS  # the old name


def run_legacy_steps(conn: Connection, after: int) -> None:
    """Apply, in order, the old runner's steps above version ``after`` (each safe when repeated)."""
    for step in LEGACY_STEPS:
        if step.version > after:
            step.apply(conn)


# --- Alembic --------------------------------------------------------------------------------


def _config(script_location: Path | str | None = None) -> Config:
    config = Config()  # no alembic.ini: everything it would say is set here
    config.set_main_option("script_location", str(script_location or SCRIPT_LOCATION))
    return config


def script_directory(script_location: Path | str | None = None) -> ScriptDirectory:
    return _script_directory(str(script_location or SCRIPT_LOCATION))


@lru_cache(maxsize=8)
def _script_directory(location: str) -> ScriptDirectory:
    """Read once per process (every Store start asks; the revision files do not change meanwhile)."""
    return ScriptDirectory.from_config(_config(location))


def revision_chain(script: ScriptDirectory | None = None) -> list[str]:
    """The revisions from the first (``mm0005``) to the head, in order (one line, no branches)."""
    script = script or script_directory()
    heads = script.get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"the Alembic revisions must form one line, found heads {heads}")
    chain = [rev.revision for rev in script.walk_revisions("base", heads[0])]
    return list(reversed(chain))


def latest_version(script: ScriptDirectory | None = None) -> int:
    """The ``schema_version`` this program writes: 5 for ``mm0005``, one more per later revision."""
    return LEGACY_LATEST + len(revision_chain(script)) - 1


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


def current_revision(conn: Connection) -> str | None:
    """The Alembic revision the database is at (None: Alembic never ran on it)."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(select(alembic_version.c.version_num)).scalar()


def _alembic_upgrade(conn: Connection, script: ScriptDirectory, config: Config, target: str) -> None:
    """Run the revisions between the database's and ``target`` on ``conn``, inside its transaction."""

    def steps(rev, context):
        return script._upgrade_revs(target, rev)

    with EnvironmentContext(config, script, fn=steps, destination_rev=target) as env:
        # The connection is already in our transaction: Alembic joins it (no commit of its own).
        env.configure(connection=conn, target_metadata=None)
        env.run_migrations()


def _stamp(conn: Connection, revision: str) -> None:
    alembic_version.create(conn, checkfirst=True)
    conn.execute(alembic_version.delete())
    conn.execute(alembic_version.insert().values(version_num=revision))


def upgrade(engine: Engine, metadata: MetaData, script_location: Path | str | None = None) -> int:
    """Bring the database to the newest revision and create missing tables; returns the schema version.

    ``script_location``: another revisions folder (tests); default the package's own."""
    config = _config(script_location)
    script = script_directory(script_location)
    chain = revision_chain(script)
    target = chain[-1]
    newest = LEGACY_LATEST + len(chain) - 1
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:
            # SQLite rebuilds a table to drop a constraint (revision mm0006): foreign keys must be off
            # meanwhile (a DROP TABLE would cascade to every child row); checked before the commit.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        _lock(conn)
        try:
            version = current_version(conn)
            revision = current_revision(conn)
            if version > newest or (revision is not None and revision not in chain):
                raise SchemaTooNew(
                    f"database schema version {version} (revision {revision}) is newer than this "
                    f"program ({newest}, revision {target})"
                )
            if 0 < version and (revision is None or version < LEGACY_LATEST):
                # Made by the runner before Alembic: its own steps to 5, then Alembic takes over.
                # (A schema_version below 5 beside an Alembic revision can only be a hand-made
                # database; its old steps are safe to run, so they run.)
                script.get_revision(FIRST_REVISION).module.create_tables(conn)
                run_legacy_steps(conn, after=version)
                if revision is None:
                    _stamp(conn, FIRST_REVISION)
            try:
                _alembic_upgrade(conn, script, config, target)
            except CommandError as exc:  # e.g. a revision this program does not know
                raise SchemaTooNew(str(exc)) from exc
            version_metadata.create_all(conn)
            metadata.create_all(conn)  # new tables (no revision needed for a table of its own)
            if sqlite and revision != target and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                raise RuntimeError("a revision left rows whose parent row is missing: nothing was changed")
            if version == 0:
                conn.execute(schema_version.insert().values(id=1, version=newest))
            elif version != newest:
                conn.execute(schema_version.update().where(schema_version.c.id == 1).values(version=newest))
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
    return newest
