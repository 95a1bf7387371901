"""Schema creation and upgrade at start: once per step, harmless when repeated (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, inspect, select, text

from mmwidgets.store import migrations
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.db import Base, Store, make_engine
from mmwidgets.store.migrations import (
    Migration,
    SchemaTooNew,
    current_version,
    latest_version,
    schema_version,
    upgrade,
)


pytestmark = pytest.mark.empty_database  # these tests create the schema themselves


def _dump(engine):
    with engine.connect() as conn:
        return {
            t.name: sorted(tuple(r) for r in conn.execute(select(t)))
            for t in Base.metadata.sorted_tables
        }


def test_fresh_database_gets_every_table_and_the_latest_version(db_url):
    store = Store(db_url)
    names = set(inspect(store.engine).get_table_names())
    assert {"clients", "assessments", "choices", "research_codes", "schema_version"} <= names
    with store.engine.connect() as conn:
        assert current_version(conn) == latest_version() >= 2
        assert conn.execute(select(schema_version)).all() == [(1, latest_version())]
    store.dispose()


def test_upgrade_twice_is_harmless(db_url):
    store = Store(db_url)
    with store.transaction() as s:
        s.execute(text("INSERT INTO clients (pseudonym, name_key, note, created_at, updated_at) "
                       "VALUES ('Sem', 'sem', 'x', '2026-01-01', '2026-01-01')"))
    before = _dump(store.engine)
    assert upgrade(store.engine, Base.metadata) == latest_version()
    assert upgrade(store.engine, Base.metadata) == latest_version()
    Store(db_url).dispose()
    assert _dump(store.engine) == before
    with store.engine.connect() as conn:
        assert conn.execute(select(schema_version)).all() == [(1, latest_version())]
    store.dispose()


def test_each_step_runs_once_in_order(db_url):
    engine = make_engine(db_url)
    calls: list[int] = []
    steps = tuple(Migration(n, f"step {n}", lambda conn, n=n: calls.append(n)) for n in (1, 2))
    assert upgrade(engine, Base.metadata, steps) == 2
    assert upgrade(engine, Base.metadata, steps) == 2
    assert calls == [1, 2]
    more = steps + (Migration(3, "step 3", lambda conn: calls.append(3)),)
    assert upgrade(engine, Base.metadata, more) == 3
    assert upgrade(engine, Base.metadata, more) == 3
    assert calls == [1, 2, 3]
    engine.dispose()


def test_failing_step_changes_nothing(db_url):
    engine = make_engine(db_url)
    upgrade(engine, Base.metadata, migrations.MIGRATIONS)

    def broken(conn):
        migrations.add_column(conn, "clients", "extra", "INTEGER")
        raise RuntimeError("step failed half-way")

    steps = migrations.MIGRATIONS + (Migration(latest_version() + 1, "broken", broken),)
    with pytest.raises(RuntimeError):
        upgrade(engine, Base.metadata, steps)
    columns = {c["name"] for c in inspect(engine).get_columns("clients")}
    assert "extra" not in columns  # the ALTER was rolled back with the failed step
    with engine.connect() as conn:
        assert current_version(conn) == latest_version()
    engine.dispose()


def test_old_database_missing_a_column_is_upgraded(db_url):
    url = db_url
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    with engine.begin() as conn:  # make it look like a version-1 database
        conn.exec_driver_sql("ALTER TABLE assessments DROP COLUMN stress_note")
        conn.exec_driver_sql("CREATE TABLE schema_version (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)")
        conn.exec_driver_sql("INSERT INTO schema_version VALUES (1, 1)")
        conn.exec_driver_sql(
            "INSERT INTO clients (id, pseudonym, name_key, note, created_at, updated_at) "
            "VALUES (1, 'Oud', 'oud', '', '2025-05-01', '2025-05-01')"
        )
        conn.exec_driver_sql(
            "INSERT INTO assessments (id, client_id, date, definition_id, definition_version, "
            "stress, created_at, updated_at) VALUES (1, 1, '2025-05-01', 'mm-standaard', 1, 6, "
            "'2025-05-01', '2025-05-01')"
        )
    assert "stress_note" not in {c["name"] for c in inspect(engine).get_columns("assessments")}
    engine.dispose()

    store = Store(url)
    assert "stress_note" in {c["name"] for c in inspect(store.engine).get_columns("assessments")}
    with store.engine.connect() as conn:
        assert current_version(conn) == latest_version()
    repo = AssessmentRepo(store)
    old = repo.get(1)
    assert old is not None
    assert (old.date, old.stress, old.stress_note) == (dt.date(2025, 5, 1), 6, "")
    assert repo.set_stress(1, 4, "rustiger").stress_note == "rustiger"
    store.dispose()


def test_database_from_a_newer_program_is_refused(db_url):
    store = Store(db_url)
    with store.engine.begin() as conn:
        conn.execute(schema_version.update().values(version=latest_version() + 5))
    with pytest.raises(SchemaTooNew):
        upgrade(store.engine, Base.metadata)
    store.dispose()


def test_steps_must_be_ascending(db_url):
    engine = make_engine(db_url)
    steps = (Migration(2, "b", lambda c: None), Migration(1, "a", lambda c: None))
    with pytest.raises(ValueError):
        upgrade(engine, Base.metadata, steps)
    engine.dispose()
