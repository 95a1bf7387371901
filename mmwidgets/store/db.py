"""The database underneath: declarative base, engine, one transaction per user action.

Nothing here knows the tables: :class:`Database` is an engine with transactions.
:class:`mmwidgets.store.store.Store` (the composition root) adds the tables, the schema
upgrade and the access guard; repositories take either, since they only use transactions.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import create_engine, event, make_url
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from mmwidgets.store.column_guard import unwrap


class Base(DeclarativeBase):
    pass


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=10000")
    _write_ahead_log(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _write_ahead_log(cursor, seconds: float = 10.0) -> None:
    """Switch the file to WAL once. Switching needs the file to itself, and SQLite answers
    "database is locked" at once (without its busy wait) while another process is creating or
    switching the same new file: seen in CI with two kernels opening a fresh database together.
    So: nothing to do when it is WAL already, else try again for a few seconds."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
                return
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _private_sqlite_file(url: str) -> None:
    """Create the SQLite file readable by its owner only (0600), whatever the folder or umask.

    SQLite would create it with the umask's mode (0644 usually); its -wal and -shm files
    copy the database file's mode. An existing file is left as it is."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    try:
        fd = os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError:
        return  # e.g. a missing folder: SQLite reports it when connecting
    os.close(fd)
    os.chmod(database, 0o600)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        _private_sqlite_file(url)
        engine = create_engine(url, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


class Database:
    """One database. ``with db.transaction() as s:`` commits, or rolls back on error."""

    actor = None  # who works; set by Store (mmwidgets.store.access.guard.install)

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction; a value no database column takes raises ``InvalidInput`` (see column_guard)."""
        try:
            with self._sessions.begin() as session:
                yield session
        except Exception as exc:
            cause = unwrap(exc)
            if cause is exc:
                raise
            raise cause from None

    def dispose(self) -> None:
        self.engine.dispose()
