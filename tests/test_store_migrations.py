"""Schema creation and upgrade at start with Alembic: once per revision, harmless when repeated, a
failing revision rolls back, old databases get the old steps first (SQLite and PostgreSQL).
The data-in-every-table upgrade of a schema-5 database is in test_store_alembic.py."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, inspect, select, text

from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.store import Base, Store, make_engine
from mmwidgets.store.migrations import (
    SCRIPT_LOCATION,
    SchemaTooNew,
    current_revision,
    current_version,
    latest_version,
    revision_chain,
    schema_version,
    script_directory,
    upgrade,
)


def _next() -> tuple[str, int]:
    """The test revision's id and the schema version it brings: one after the package's head."""
    return f"mm{latest_version() + 1:04d}", latest_version() + 1


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
    assert _dump(store.engine) == before
    with store.engine.connect() as conn:
        assert conn.execute(select(schema_version)).all() == [(1, latest_version())]
    store.dispose()


def _revisions_with(tmp_path, body: str, name: str = "mm_next_test.py") -> Path:
    """A copy of the package's revisions with one more after the head (``body``: its upgrade())."""
    folder = tmp_path / "alembic"
    shutil.copytree(SCRIPT_LOCATION, folder, ignore=shutil.ignore_patterns("__pycache__"))
    head = revision_chain()[-1]
    (folder / "versions" / name).write_text(
        "from alembic import op\nimport sqlalchemy as sa\n"
        f"revision = {_next()[0]!r}\ndown_revision = {head!r}\nbranch_labels = None\ndepends_on = None\n"
        f"def upgrade():\n{textwrap.indent(body, '    ')}\n",
        encoding="utf-8",
    )
    return folder


def test_a_new_revision_runs_once_and_counts_in_schema_version(db_url, tmp_path):
    engine = make_engine(db_url)
    assert upgrade(engine, Base.metadata) == latest_version() >= 5
    revision, version = _next()
    folder = _revisions_with(
        tmp_path,
        "op.add_column('clients', sa.Column('language', sa.String(2), nullable=False, server_default='nl'))\n"
        "op.execute(\"INSERT INTO training_misses (at) VALUES ('2026-12-06 10:00:00')\")",
    )
    assert upgrade(engine, Base.metadata, folder) == version
    assert upgrade(engine, Base.metadata, folder) == version  # the next start: nothing again
    with engine.connect() as conn:
        assert current_revision(conn) == revision and current_version(conn) == version
        assert conn.execute(text("SELECT count(*) FROM training_misses")).scalar() == 1
    assert "language" in {c["name"] for c in inspect(engine).get_columns("clients")}
    with pytest.raises(SchemaTooNew):  # this program's revisions stop before it: it refuses
        upgrade(engine, Base.metadata)
    engine.dispose()


def test_a_failing_revision_changes_nothing(db_url, tmp_path):
    engine = make_engine(db_url)
    upgrade(engine, Base.metadata)
    folder = _revisions_with(
        tmp_path,
        "op.add_column('clients', sa.Column('extra', sa.Integer()))\nraise RuntimeError('step failed half-way')",
    )
    with pytest.raises(RuntimeError):
        upgrade(engine, Base.metadata, folder)
    assert "extra" not in {c["name"] for c in inspect(engine).get_columns("clients")}  # rolled back
    with engine.connect() as conn:
        assert current_revision(conn) == revision_chain()[-1]
        assert current_version(conn) == latest_version()
    engine.dispose()


def test_an_old_database_gets_the_old_steps_and_then_the_new_revisions(db_url, tmp_path):
    engine = create_engine(db_url)
    # clients as schema 5 had them (frozen in mm0005; the models' table has a constraint on coach)
    script_directory().get_revision("mm0005").module.schema_5(MetaData()).tables["clients"].create(engine)
    with engine.begin() as conn:  # version 2: clients without coach and team
        conn.exec_driver_sql("ALTER TABLE clients DROP COLUMN coach")
        conn.exec_driver_sql("ALTER TABLE clients DROP COLUMN team")
        conn.exec_driver_sql("CREATE TABLE schema_version (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)")
        conn.exec_driver_sql("INSERT INTO schema_version VALUES (1, 2)")
        conn.exec_driver_sql(
            "INSERT INTO clients (id, pseudonym, name_key, note, created_at, updated_at) "
            "VALUES (1, 'Oud', 'oud', '', '2025-05-01', '2025-05-01')"
        )
    folder = _revisions_with(tmp_path, "op.execute(\"UPDATE clients SET note = 'na de oude stappen: ' || coach\")")
    assert upgrade(engine, Base.metadata, folder) == _next()[1]
    with engine.connect() as conn:
        assert tuple(conn.execute(text("SELECT note, team FROM clients")).one()) == ("na de oude stappen: ~lokaal", "lokaal")
        assert current_revision(conn) == _next()[0]
    engine.dispose()


def test_a_new_table_needs_no_revision(db_url):
    engine = make_engine(db_url)
    upgrade(engine, Base.metadata)
    extra = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(extra)
    Table("mm_test_new_things", extra, Column("id", Integer, primary_key=True), Column("what", String(20)))
    assert upgrade(engine, extra) == latest_version()
    assert inspect(engine).has_table("mm_test_new_things")
    with engine.connect() as conn:
        assert current_revision(conn) == revision_chain()[-1]
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


_V3_ASSESSMENTS = (
    "CREATE TABLE assessments (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES clients(id) "
    "ON DELETE CASCADE, date DATE NOT NULL, definition_id VARCHAR(40) NOT NULL, definition_version INTEGER NOT NULL, "
    "stress INTEGER, stress_note TEXT NOT NULL DEFAULT '', created_at TIMESTAMP, updated_at TIMESTAMP)"
)
_V3_CHOICES = (
    "CREATE TABLE choices (id INTEGER PRIMARY KEY, assessment_id INTEGER NOT NULL REFERENCES assessments(id) "
    "ON DELETE CASCADE, subpillar_id VARCHAR(40) NOT NULL, step INTEGER, chosen_by VARCHAR(10) NOT NULL, "
    "note TEXT NOT NULL, focus BOOLEAN NOT NULL, updated_at TIMESTAMP, "
    "CONSTRAINT uq_choice_subpillar UNIQUE (assessment_id, subpillar_id))"
)


def test_duplicate_conversations_of_one_day_are_merged_without_losing_a_choice(db_url):
    # A version-3 database where two tabs made two conversations for one client on one day.
    engine = create_engine(db_url)
    Base.metadata.create_all(
        engine, tables=[t for t in Base.metadata.sorted_tables if t.name not in ("assessments", "choices")]
    )
    with engine.begin() as conn:
        conn.exec_driver_sql(_V3_ASSESSMENTS)
        conn.exec_driver_sql(_V3_CHOICES)
        conn.exec_driver_sql("CREATE TABLE schema_version (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)")
        conn.exec_driver_sql("INSERT INTO schema_version VALUES (1, 3)")
        conn.exec_driver_sql(
            "INSERT INTO clients (id, pseudonym, name_key, note, created_at, updated_at) "
            "VALUES (1, 'Sam', 'sam', '', '2026-10-01', '2026-10-01')"
        )
        for row in (
            "(1, 1, '2026-11-30', 'mm-standaard', 1, 4, '', '2026-11-30 10:00', '2026-11-30 10:00')",
            "(2, 1, '2026-11-30', 'mm-standaard', 1, 6, 'druk', '2026-11-30 10:00', '2026-11-30 10:05')",
            "(3, 1, '2026-10-30', 'mm-standaard', 1, 8, 'oud', '2026-10-30 10:00', '2026-10-30 10:00')",
        ):
            conn.exec_driver_sql(
                "INSERT INTO assessments (id, client_id, date, definition_id, definition_version, stress, "
                f"stress_note, created_at, updated_at) VALUES {row}"
            )
        for row in (
            "(1, 1, 'housing', 2, 'client', 'eerst', FALSE, '2026-11-30 10:01')",
            "(2, 2, 'housing', 3, 'coach', 'later', FALSE, '2026-11-30 10:04')",  # the later one wins
            "(3, 1, 'debts', 1, 'together', '', TRUE, '2026-11-30 10:02')",  # only in the first
            "(4, 2, 'care', 2, 'together', '', FALSE, '2026-11-30 10:03')",  # only in the second
            "(5, 3, 'housing', 1, 'together', '', FALSE, '2026-10-30 10:00')",  # another day: untouched
        ):
            conn.exec_driver_sql(
                "INSERT INTO choices (id, assessment_id, subpillar_id, step, chosen_by, note, focus, updated_at) "
                f"VALUES {row}"
            )
    engine.dispose()

    store = Store(db_url)
    with store.engine.connect() as conn:
        assert current_version(conn) == latest_version() >= 4
    repo = AssessmentRepo(store)
    days = repo.conversations(1)
    assert [(c.id, c.date) for c in days] == [(3, dt.date(2026, 10, 30)), (1, dt.date(2026, 11, 30))]
    merged = days[1]
    assert {k: (c.step, c.chosen_by, c.note, c.focus) for k, c in merged.choices.items()} == {
        "housing": (3, "coach", "later", False),
        "debts": (1, "together", "", True),
        "care": (2, "together", "", False),
    }
    assert (merged.stress, merged.stress_note) == (6, "druk")
    assert days[0].step("housing") == 1 and days[0].stress_note == "oud"
    # from now on one per day: a second insert for that day is refused by the database
    with pytest.raises(Exception) as refused:
        with store.engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO assessments (id, client_id, date, definition_id, definition_version, stress_note, revision) "
                "VALUES (9, 1, '2026-11-30', 'mm-standaard', 1, '', 0)"
            )
    assert "unique" in str(refused.value).lower()
    upgrade(store.engine, Base.metadata)  # harmless when repeated
    assert len(repo.conversations(1)) == 2
    store.dispose()
