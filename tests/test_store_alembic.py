"""Alembic takes over the schema (issue 16): a database made by the hand-written runner, with data in
every table, upgrades without losing a row (SQLite and PostgreSQL), from schema version 5 and from
versions 1-4 derived from it; a fresh database gets exactly the old runner's schema 5; the models and
the revisions agree about every existing table.

The fixture ``tests/data/schema5/mmwidgets-schema5.sql`` is a dump of a database made by mmwidgets at
commit 561066d (the runner's schema_version 5), written through the repositories: clients,
conversations with choices, a plan with goals, actions, rewards and history, the access log and its
secret, research codes, a training session with trainees, answers, checks, keys and responses, the
report summary."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, MetaData, Table, create_engine, func, inspect, insert, make_url, select, text

from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.migrations import (
    FIRST_REVISION,
    current_revision,
    current_version,
    latest_version,
    revision_chain,
    run_legacy_steps,
    script_directory,
    upgrade,
)
from mmwidgets.store.reports.summary import summary_metadata
from mmwidgets.store.store import Base, Store

pytestmark = pytest.mark.empty_database  # these tests make the old database themselves

DUMP = Path(__file__).parent / "data" / "schema5" / "mmwidgets-schema5.sql"
# report_summary alone: schema 5 had it; a later table of summary_metadata (report_readings, mm0007) it had not
SUMMARY_5 = MetaData()
Table("report_summary", SUMMARY_5, *(Column(c.name, c.type, primary_key=c.primary_key)
                                     for c in summary_metadata.tables["report_summary"].columns))


def schema5_module():
    return script_directory().get_revision(FIRST_REVISION).module


def schema5_tables() -> MetaData:
    return schema5_module().schema_5(MetaData())


def fixture_sqlite(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript(DUMP.read_text(encoding="utf-8"))
    conn.close()
    return path


def rows_of(engine, tables: MetaData) -> dict[str, list[tuple]]:
    with engine.connect() as conn:
        return {
            t.name: sorted((tuple(r) for r in conn.execute(select(t))), key=repr)
            for t in tables.sorted_tables
        }


def make_schema5_database(db_url: str, tmp_path: Path) -> None:
    """The fixture's database at ``db_url``: on SQLite the dump itself; on PostgreSQL the schema as the
    old runner made it (schema-5 tables, then its steps 1-5, schema_version 5) with the dump's rows."""
    source = fixture_sqlite(tmp_path / "schema5-source.db")
    if db_url.startswith("sqlite"):
        fixture_sqlite(Path(make_url(db_url).database))
        return
    engine = create_engine(db_url)
    tables = schema5_tables()
    with engine.begin() as conn:
        tables.create_all(conn)
        run_legacy_steps(conn, after=0)
        conn.exec_driver_sql("CREATE TABLE schema_version (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)")
        conn.exec_driver_sql("INSERT INTO schema_version VALUES (1, 5)")
        conn.exec_driver_sql("DELETE FROM access_key")  # the dump's secret instead of the new one
    data = rows_of(create_engine("sqlite:///" + str(source)), tables)
    with engine.begin() as conn:
        for table in tables.sorted_tables:
            if data[table.name]:
                conn.execute(insert(table), [dict(zip(table.columns.keys(), row)) for row in data[table.name]])
            if "id" in table.c:
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table.name}))"
                )
    engine.dispose()


def test_the_fixture_has_data_in_every_table_of_schema_5(tmp_path):
    engine = create_engine("sqlite:///" + str(fixture_sqlite(tmp_path / "f.db")))
    data = rows_of(engine, schema5_tables())
    assert len(data) == 21 and "report_summary" in data and "access_log" in data
    assert all(rows for rows in data.values()), [name for name, rows in data.items() if not rows]
    with engine.connect() as conn:
        assert current_version(conn) == 5 and current_revision(conn) is None
    engine.dispose()


def test_a_schema5_database_with_data_in_every_table_upgrades_without_losing_a_row(db_url, tmp_path):
    make_schema5_database(db_url, tmp_path)
    engine = create_engine(db_url)
    before = rows_of(engine, schema5_tables())
    assert sum(len(rows) for rows in before.values()) > 50

    assert upgrade(engine, Base.metadata) == latest_version()
    after = rows_of(engine, schema5_tables())
    assert after == before  # every row of every table, every column
    with engine.connect() as conn:
        assert current_revision(conn) == revision_chain()[-1]
        assert current_version(conn) == latest_version()
        names = set(inspect(conn).get_table_names())
    assert {t.name for t in Base.metadata.sorted_tables} <= names  # new tables made at start
    with pytest.raises(Exception):  # the access log is still append-only in the database
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM access_log"))

    assert upgrade(engine, Base.metadata) == latest_version()  # the next start changes nothing
    assert rows_of(engine, schema5_tables()) == before
    engine.dispose()

    store = Store(db_url)  # and the workbooks read what was there and write on
    ans = next(c for c in ClientRepo(store).search("") if c.pseudonym == "Ans de Wit")
    history = AssessmentRepo(store).history(ans.id)
    assert [a.date for a in history] == [dt.date(2026, 10, 1), dt.date(2026, 11, 5)]
    assert history[-1].step("housing") == 3 and history[-1].stress_note == "druk met de schulden"
    new = ClientRepo(store).create("Cor Nieuw")
    assert new.id > ans.id
    store.dispose()


def test_a_schema4_database_gets_its_report_summary_and_then_alembic(db_url, tmp_path):
    make_schema5_database(db_url, tmp_path)
    engine = create_engine(db_url)
    summary = rows_of(engine, SUMMARY_5)["report_summary"]
    assert summary
    with engine.begin() as conn:  # as version 4 had it: no summary yet
        conn.exec_driver_sql("DROP TABLE report_summary")
        conn.exec_driver_sql("UPDATE schema_version SET version = 4")
    upgrade(engine, Base.metadata)
    assert rows_of(engine, SUMMARY_5)["report_summary"] == summary  # built from the answers
    with engine.connect() as conn:
        assert current_revision(conn) == revision_chain()[-1]
    engine.dispose()


def _sqlite_schema(path: str, skip: set[str]) -> list[tuple]:
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    conn.close()
    # a CREATE TABLE's lines (columns, then constraints in whatever order) as a sorted list
    return [(*r[:3], sorted(line.strip().rstrip(",") for line in (r[3] or "").splitlines())) for r in rows if r[2] not in skip]


def first_revision_only(tmp_path: Path) -> Path:
    """A revisions folder with ``mm0005`` alone: the schema Alembic took over (later revisions change it)."""
    import shutil

    folder = tmp_path / "alembic-mm0005"
    (folder / "versions").mkdir(parents=True)
    source = script_directory().dir
    shutil.copy(Path(source) / "script.py.mako", folder)
    shutil.copy(Path(script_directory().get_revision(FIRST_REVISION).path), folder / "versions")
    return folder


def test_a_fresh_database_gets_exactly_the_old_runners_schema_on_sqlite(tmp_path):
    fresh = tmp_path / "fresh.db"
    engine = create_engine("sqlite:///" + str(fresh))
    upgrade(engine, MetaData(), first_revision_only(tmp_path))  # mm0005 only, no table of the models on top
    engine.dispose()
    old = fixture_sqlite(tmp_path / "old.db")
    skip = {"schema_version", "alembic_version"}
    assert _sqlite_schema(str(fresh), skip) == _sqlite_schema(str(old), skip)  # the same CREATE statements, line for line


def _reflect(conn) -> dict:
    inspector = inspect(conn)
    out = {}
    for name in sorted(inspector.get_table_names()):
        if name in ("schema_version", "alembic_version"):
            continue
        out[name] = {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"], str(c.get("default")))
                for c in inspector.get_columns(name)
            ],
            "pk": inspector.get_pk_constraint(name)["constrained_columns"],
            "fks": sorted(
                (tuple(f["constrained_columns"]), f["referred_table"], f["options"].get("ondelete"))
                for f in inspector.get_foreign_keys(name)
            ),
            "indexes": sorted((i["name"], tuple(i["column_names"]), i["unique"]) for i in inspector.get_indexes(name)),
            "unique": sorted((u["name"], tuple(u["column_names"])) for u in inspector.get_unique_constraints(name)),
        }
    if conn.dialect.name == "postgresql":
        out["triggers"] = sorted(
            conn.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars()
        )
    return out


def test_a_fresh_database_matches_the_old_runners_schema_on_postgresql_too(db_url, tmp_path):
    """The old runner: every table of the models, then its steps 1-5 (here on the schema-5 tables)."""
    engine = create_engine(db_url)
    upgrade(engine, MetaData())  # every revision: later ones change schema-5 tables as the models do
    with engine.connect() as conn:
        by_revisions = _reflect(conn)
    engine.dispose()
    other = tmp_path / "old-runner.db"
    old_url = "sqlite:///" + str(other) if db_url.startswith("sqlite") else None
    if old_url is None:
        old_url = make_url(db_url).set(database=make_url(db_url).database + "_old").render_as_string(hide_password=False)
        admin = create_engine(db_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{make_url(old_url).database}"')
        admin.dispose()
    old = create_engine(old_url)
    names = set(schema5_tables().tables)
    with old.begin() as conn:
        Base.metadata.create_all(conn, tables=[t for t in Base.metadata.sorted_tables if t.name in names])
        run_legacy_steps(conn, after=0)
    with old.connect() as conn:
        by_models = _reflect(conn)
    old.dispose()
    if not db_url.startswith("sqlite"):
        admin = create_engine(db_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE "{make_url(old_url).database}"')
        admin.dispose()
    # the schema-5 tables (tables a later revision makes are compared by the test below)
    by_revisions = {name: found for name, found in by_revisions.items() if name in names or name == "triggers"}
    assert by_revisions == by_models
    assert len(by_revisions) >= 21


def test_the_models_and_the_revisions_agree_about_every_existing_table(tmp_path):
    """A change to an existing table needs a revision; a table of its own needs none (made at start)."""
    engine = create_engine("sqlite:///" + str(tmp_path / "r.db"))
    upgrade(engine, MetaData())
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": False})
        diffs = [
            d for d in compare_metadata(context, [Base.metadata, summary_metadata])
            if not (isinstance(d, tuple) and d[0] == "remove_table" and d[1].name in ("schema_version", "alembic_version"))
            # made by the old runner's step 3 with plain SQL, never in the model: as it always was
            and not (isinstance(d, tuple) and d[0] == "remove_index" and d[1].name == "ix_clients_coach")
        ]
    engine.dispose()

    def flat(items):
        for item in items:
            yield from (flat(item) if isinstance(item, list) else [item])

    kinds = [d[0] for d in flat(diffs)]
    allowed_new = {"add_table", "add_index"}  # a new table and its own indexes
    new_tables = {d[1].name for d in flat(diffs) if d[0] == "add_table"}
    problems = [
        d for d in flat(diffs)
        if d[0] not in allowed_new
        or (d[0] == "add_index" and d[1].table.name not in new_tables)
    ]
    assert problems == [], "the models changed an existing table: write a revision (docs/architecture.md)"
    assert "remove_table" not in kinds


# Going back from the dump to what each earlier version had: the columns and tables it lacked.
_ADDED_IN = {  # version -> (table, column) pairs that version added (the old runner's steps)
    2: [("assessments", "stress_note")],
    3: [("clients", "coach"), ("clients", "team")],
    4: [("assessments", "revision"), ("choices", "revision")],
}
_TABLES_ADDED_IN = {3: ["access_log", "access_key"], 5: ["report_summary"]}


def make_older_database(db_url: str, tmp_path: Path, version: int) -> None:
    """The dump's database as schema ``version`` had it: later columns and tables dropped."""
    make_schema5_database(db_url, tmp_path)
    engine = create_engine(db_url)
    with engine.begin() as conn:
        for v in range(5, version, -1):
            for table in _TABLES_ADDED_IN.get(v, []):
                conn.exec_driver_sql(f"DROP TABLE {table}")
            if v == 3:
                conn.exec_driver_sql("DROP INDEX ix_clients_coach")
            for table, column in _ADDED_IN.get(v, []):
                conn.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {column}")
        conn.exec_driver_sql(f"UPDATE schema_version SET version = {version}")
    engine.dispose()


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_every_earlier_schema_version_with_data_upgrades_without_losing_a_row(db_url, tmp_path, version):
    make_older_database(db_url, tmp_path, version)
    engine = create_engine(db_url)
    with engine.connect() as conn:
        present = {
            name: [c["name"] for c in inspect(conn).get_columns(name)]
            for name in inspect(conn).get_table_names()
            if name != "schema_version"
        }

    def snapshot() -> dict[str, list[tuple]]:
        with engine.connect() as conn:
            return {
                name: sorted(
                    (tuple(r) for r in conn.execute(text(f"SELECT {', '.join(cols)} FROM {name}"))), key=repr
                )
                for name, cols in present.items()
            }

    before = snapshot()
    assert sum(len(rows) for rows in before.values()) > 30
    assert upgrade(engine, Base.metadata) == latest_version()
    assert snapshot() == before  # every row that was there, every column it had
    with engine.connect() as conn:
        assert current_revision(conn) == revision_chain()[-1]
        if version < 3:  # the old clients went to the local coach
            assert set(conn.execute(text("SELECT DISTINCT coach, team FROM clients")).all()) == {("~lokaal", "lokaal")}
        if version < 4:
            assert conn.execute(text("SELECT COUNT(*) FROM assessments WHERE revision <> 0")).scalar() == 0
    source = create_engine("sqlite:///" + str(fixture_sqlite(tmp_path / "compare.db")))
    summary = rows_of(engine, SUMMARY_5)["report_summary"]
    assert summary == rows_of(source, SUMMARY_5)["report_summary"]  # rebuilt from the answers
    source.dispose()
    with engine.begin() as conn:  # a line (versions 1 and 2 had no log yet)
        conn.execute(text(
            "INSERT INTO access_log (at, actor, role, team, on_behalf_of, action, object_code, result, origin, detail) "
            "VALUES ('2026-12-06 10:00:00', 'anne', 'coach', 'lokaal', '', 'open', 'L-TEST', 'ok', 'lokaal', '')"
        ))
    with pytest.raises(Exception):  # the access log is append-only (again)
        with engine.begin() as conn:
            conn.execute(text("UPDATE access_log SET actor = 'x'"))
    engine.dispose()
