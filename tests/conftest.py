"""Shared test setup: no test ever touches the user's real data.

For the whole test session ``MM_DATA_DIR`` points at a throw-away folder (removed at the
end), ``MM_DATABASE_URL`` is unset (so a developer's real database URL is never used),
and ``MM_LANG`` is unset (Dutch is the default, as for a user without settings).
This happens in ``pytest_configure``, before any test module is imported.

Fixtures:
- ``mm_data_dir``: the session's throw-away data folder (a Path).
- ``db_url``: a fresh, empty database for one test, as a SQLAlchemy URL. A test (or a
  fixture such as ``store``) that asks for it runs once per database in
  ``MM_TEST_DATABASES`` (default ``sqlite,postgresql``): an SQLite file in ``tmp_path``, and
  a database of its own in a throw-away PostgreSQL 15 cluster started once for the session
  (tests/postgres_fixture.py). When that cluster cannot be started, those tests FAIL with one sentence
  saying why; ``MM_TEST_DATABASES=sqlite`` is for a quick local run only.
  On PostgreSQL the database is a copy of a template that already holds the schema (fast);
  mark a test ``@pytest.mark.empty_database`` when it needs it empty (schema creation tests).
- ``pg_cluster``: that cluster (``.create_database()``, ``.drop_database(url)``, ``.url(name)``).

Marker: ``@pytest.mark.sqlite_only(reason="...")`` on a test that uses ``db_url`` but checks
something only SQLite has (a database file, its permissions): it runs on SQLite only. Tests
that build an SQLite store themselves for such a reason carry the marker too, for the reader.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

DATABASES = ("sqlite", "postgresql")

_SAVED: dict[str, str | None] = {}
_DATA_DIR: Path | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _DATA_DIR
    if _DATA_DIR is not None:
        return
    config.addinivalue_line(
        "markers", "empty_database: db_url on PostgreSQL is an empty database, not a copy with the schema"
    )
    config.addinivalue_line(
        "markers", "sqlite_only(reason): uses db_url but checks what only SQLite has; runs on SQLite only"
    )
    _DATA_DIR = Path(tempfile.mkdtemp(prefix="mm-test-data-"))
    for name in ("MM_DATA_DIR", "MM_DATABASE_URL", "MM_LANG"):
        _SAVED[name] = os.environ.pop(name, None)
    os.environ["MM_DATA_DIR"] = str(_DATA_DIR)


def pytest_unconfigure(config: pytest.Config) -> None:
    global _DATA_DIR
    if _DATA_DIR is None:
        return
    shutil.rmtree(_DATA_DIR, ignore_errors=True)
    for name, value in _SAVED.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    _DATA_DIR = None


@pytest.fixture(scope="session")
def mm_data_dir() -> Path:
    """The throw-away data folder set as MM_DATA_DIR for this test session."""
    assert _DATA_DIR is not None
    return _DATA_DIR


def test_databases() -> tuple[str, ...]:
    """The databases from ``MM_TEST_DATABASES`` (comma-separated), default both."""
    raw = os.environ.get("MM_TEST_DATABASES", "").strip()
    if not raw:
        return DATABASES
    chosen = tuple(name.strip().lower() for name in raw.split(",") if name.strip())
    unknown = [name for name in chosen if name not in DATABASES]
    if unknown or not chosen:
        raise pytest.UsageError(
            f"MM_TEST_DATABASES={raw!r}: use a comma-separated choice of {', '.join(DATABASES)}"
        )
    return chosen


test_databases.__test__ = False  # not a test, despite its name


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_url" not in metafunc.fixturenames:
        return
    names = test_databases()
    marker = metafunc.definition.get_closest_marker("sqlite_only")
    if marker is not None:
        if not marker.kwargs.get("reason") and not marker.args:
            raise pytest.UsageError(f"{metafunc.definition.nodeid}: sqlite_only needs a reason")
        names = ("sqlite",)
    metafunc.parametrize("db_url", names, indirect=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``MM_TEST_DATABASES`` without postgresql: tests of the cluster itself are deselected too."""
    if "postgresql" in test_databases():
        return
    keep = [item for item in items if "pg_cluster" not in getattr(item, "fixturenames", ())]
    if len(keep) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in keep])
        items[:] = keep


@pytest.fixture(scope="session")
def pg_cluster():
    """A throw-away PostgreSQL cluster for the whole session (stopped and removed at the end)."""
    from postgres_fixture import PgUnavailable, start_cluster

    try:
        cluster = start_cluster()
    except PgUnavailable as exc:
        pytest.fail(
            f"The PostgreSQL store tests cannot run: {exc} (MM_TEST_DATABASES=sqlite runs SQLite only).",
            pytrace=False,
        )
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def pg_schema_template(pg_cluster) -> str:
    """The name of a PostgreSQL database holding today's schema, copied for each test (faster
    than creating ~20 tables per test; Store() then finds everything in place)."""
    from mmwidgets.store.store import Store

    url = pg_cluster.create_database()
    Store(url).dispose()  # nobody may stay connected to a template
    return pg_cluster.name_of(url)


@pytest.fixture
def db_url(request, tmp_path):
    """A fresh database for this test: an SQLite file (not there yet), or a database in ``pg_cluster``.

    On PostgreSQL it already holds the schema (as Store() would create it), unless the test is
    marked ``empty_database`` (schema creation and upgrade tests)."""
    if request.param == "sqlite":
        yield "sqlite:///" + str(tmp_path / "t.db")
        return
    cluster = request.getfixturevalue("pg_cluster")
    empty = request.node.get_closest_marker("empty_database") is not None
    template = None if empty else request.getfixturevalue("pg_schema_template")
    url = cluster.create_database(template)
    yield url
    cluster.drop_database(url)
