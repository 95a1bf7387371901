"""The throw-away PostgreSQL of the test run (tests/postgres_fixture.py, tests/conftest.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

import postgres_fixture
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store


def test_without_postgresql_installed_it_says_so_in_one_sentence(monkeypatch):
    monkeypatch.setattr(postgres_fixture.shutil, "which", lambda name: None)
    monkeypatch.setattr(postgres_fixture.glob, "glob", lambda pattern: [])
    with pytest.raises(postgres_fixture.PgUnavailable) as caught:
        postgres_fixture.start_cluster()
    message = str(caught.value)
    assert "PostgreSQL is not installed" in message and "postgresql-15" in message
    assert "\n" not in message


def test_each_test_gets_its_own_database_with_the_schema(pg_cluster, pg_schema_template):
    first = pg_cluster.create_database(pg_schema_template)
    second = pg_cluster.create_database(pg_schema_template)
    try:
        assert first != second
        one, two = Store(first), Store(second)
        ClientRepo(one).create("Noor")
        assert [c.pseudonym for c in ClientRepo(one).search()] == ["Noor"]
        assert ClientRepo(two).search() == []  # nothing leaks between tests
        assert "clients" in inspect(two.engine).get_table_names()
        one.dispose()
        two.dispose()
    finally:
        pg_cluster.drop_database(first)
        pg_cluster.drop_database(second)


def test_the_cluster_listens_on_its_own_socket_only(pg_cluster):
    url = pg_cluster.create_database()
    try:
        store = Store(url)
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SHOW listen_addresses").scalar() == ""
            assert conn.exec_driver_sql("SHOW unix_socket_directories").scalar() == str(pg_cluster.socket_dir)
            assert conn.exec_driver_sql("SHOW server_version_num").scalar() >= "150000"
            assert inspect(conn).get_table_names()  # Store() made the schema in an empty database
        store.dispose()
    finally:
        pg_cluster.drop_database(url)
