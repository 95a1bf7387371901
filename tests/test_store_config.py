"""Where the data lives: MM_DATA_DIR, the platform default (never the repo), the URL."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import inspect

from mmwidgets.store import config
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store

REPO = Path(__file__).resolve().parents[1]


def test_data_dir_from_environment_is_created_private(tmp_path, monkeypatch):
    target = tmp_path / "nested" / "mmdata"
    monkeypatch.setenv("MM_DATA_DIR", str(target))
    assert config.data_dir() == target.resolve()
    assert target.is_dir()
    assert stat.S_IMODE(target.stat().st_mode) == 0o700


@pytest.mark.sqlite_only(reason="a database file and its permissions exist only for SQLite")
def test_store_without_url_puts_database_in_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MM_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.delenv("MM_DATABASE_URL", raising=False)
    assert config.database_url() == f"sqlite:///{(tmp_path / 'd' / 'mmwidgets.sqlite').resolve()}"
    store = Store()
    try:
        ClientRepo(store).create("Noor")
        database = tmp_path / "d" / "mmwidgets.sqlite"
        assert database.is_file()
        assert "clients" in inspect(store.engine).get_table_names()
        again = Store()
        assert [c.pseudonym for c in ClientRepo(again).search()] == ["Noor"]
        again.dispose()
    finally:
        store.dispose()


def test_database_url_from_environment_wins(tmp_path, monkeypatch):
    url = "sqlite:///" + str(tmp_path / "other.db")
    monkeypatch.setenv("MM_DATABASE_URL", url)
    monkeypatch.setenv("MM_DATA_DIR", str(tmp_path / "unused"))
    assert config.database_url() == url


def test_default_data_dir_is_the_platform_dir_outside_the_repo(tmp_path, monkeypatch):
    monkeypatch.delenv("MM_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    path = config.data_dir()
    assert path == config.default_data_dir()
    assert path.name == "mmwidgets"
    assert path.is_relative_to(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o700
    assert not config.default_data_dir().resolve().is_relative_to(REPO)


def test_real_default_is_not_inside_the_repo(monkeypatch):
    monkeypatch.delenv("MM_DATA_DIR", raising=False)
    assert not config.default_data_dir().resolve().is_relative_to(REPO)


def test_definitions_dir_is_made_on_demand(tmp_path, monkeypatch):
    monkeypatch.setenv("MM_DATA_DIR", str(tmp_path / "d"))
    folder = config.definitions_dir()
    assert folder == (tmp_path / "d" / "definitions").resolve()
    assert folder.is_dir()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.sqlite_only(reason="a database file and its permissions exist only for SQLite")
def test_database_file_is_private_even_in_an_existing_open_data_folder(tmp_path, monkeypatch):
    """SQLite only (a database file): 0600 for the file and its -wal/-shm, whatever the umask."""
    folder = tmp_path / "open"
    folder.mkdir()
    folder.chmod(0o755)
    monkeypatch.setenv("MM_DATA_DIR", str(folder))
    monkeypatch.delenv("MM_DATABASE_URL", raising=False)
    old_umask = os.umask(0o022)
    try:
        store = Store()
        ClientRepo(store).create("Noor")
        database = folder / config.DATABASE_FILE
        assert _mode(database) == 0o600
        companions = [p for p in folder.iterdir() if p.name.startswith(database.name + "-")]
        assert companions, "WAL mode keeps a -wal and -shm file while the store is open"
        assert {p.name: _mode(p) for p in companions} == {p.name: 0o600 for p in companions}
        store.dispose()
        assert _mode(folder) == 0o755  # a folder that existed is not changed
    finally:
        os.umask(old_umask)


@pytest.mark.sqlite_only(reason="a database file and its permissions exist only for SQLite")
def test_database_file_given_by_url_is_private_too(tmp_path):
    old_umask = os.umask(0o022)
    try:
        store = Store("sqlite:///" + str(tmp_path / "elders.db"))
        ClientRepo(store).create("Sem")
        store.dispose()
    finally:
        os.umask(old_umask)
    assert _mode(tmp_path / "elders.db") == 0o600


@pytest.mark.sqlite_only(reason="a database file and its permissions exist only for SQLite")
def test_data_folder_made_by_us_is_private_whatever_the_umask(tmp_path, monkeypatch):
    monkeypatch.setenv("MM_DATA_DIR", str(tmp_path / "new" / "mmdata"))
    monkeypatch.delenv("MM_DATABASE_URL", raising=False)
    old_umask = os.umask(0o000)
    try:
        store = Store()
        store.dispose()
    finally:
        os.umask(old_umask)
    assert _mode(tmp_path / "new" / "mmdata") == 0o700
    assert _mode(tmp_path / "new" / "mmdata" / config.DATABASE_FILE) == 0o600
