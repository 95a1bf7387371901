"""The pilot's PostgreSQL (issue 23): a socket only the service account can open, a password for
every role, and the coaches' servers get the app role, never the owner or the superuser."""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from mmwidgets.serving.hub_pilot import SUPERUSER, PilotPostgres, load_passwords
from mmwidgets.store import roles


@pytest.fixture(scope="module")
def pilot_pg(tmp_path_factory):
    state = tmp_path_factory.mktemp("pilot-state")
    passwords = load_passwords(state / "pg-passwords.yaml")
    folder = Path(tempfile.mkdtemp(prefix="mm-pilot-pg-"))  # PostgreSQL's account must reach it (as PilotStack)
    pg = PilotPostgres(folder, passwords[SUPERUSER]).start()
    try:
        urls = roles.setup(pg.ensure_database("mmwidgets"), passwords)
        yield pg, urls, state
    finally:
        pg.stop()
        shutil.rmtree(folder, ignore_errors=True)


def test_the_passwords_are_kept_owner_only_and_made_once(pilot_pg):
    _pg, _urls, state = pilot_pg
    path = state / "pg-passwords.yaml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = load_passwords(path)
    # the coaches' role, and the client's own page's (issue 22)
    assert load_passwords(path) == first and set(first) == {SUPERUSER, roles.OWNER, "mm_app", "mm_self"}


def test_the_socket_folder_is_the_service_accounts_only(pilot_pg):
    pg, _urls, _state = pilot_pg
    assert stat.S_IMODE(pg.folder.stat().st_mode) == 0o700
    socket = next(pg.folder.glob(".s.PGSQL.*"))
    assert stat.S_IMODE(socket.lstat().st_mode) == 0o700


def test_another_local_account_cannot_reach_postgresql(pilot_pg):
    pg, _urls, _state = pilot_pg
    if os.geteuid() != 0:  # as another account we cannot try it; the folder's mode says it all
        assert stat.S_IMODE(pg.folder.stat().st_mode) == 0o700
        return
    pwd.getpwnam("nobody")
    psql = str(pg.bindir / "psql")
    tried = subprocess.run(["runuser", "-u", "nobody", "--", psql, "-h", str(pg.folder), "-U", SUPERUSER,
                            "-d", "postgres", "-w", "-c", "SELECT 1"], capture_output=True, text=True, timeout=60)
    assert tried.returncode != 0
    assert "Permission denied" in tried.stderr or "No such file" in tried.stderr, tried.stderr


def test_without_a_password_nobody_gets_in_not_even_the_service_account(pilot_pg):
    pg, _urls, _state = pilot_pg
    for user in (SUPERUSER, roles.OWNER, "mm_app"):
        engine = create_engine(f"postgresql+psycopg://{user}@/mmwidgets?host={pg.folder}")
        with pytest.raises(OperationalError) as refused:
            with engine.connect():
                pass
        engine.dispose()
        assert "password" in str(refused.value).lower()


def test_the_app_role_works_but_cannot_rewrite_the_log(pilot_pg):
    _pg, urls, _state = pilot_pg
    engine = create_engine(urls["app"])
    with engine.connect() as conn:
        assert conn.execute(text("SELECT current_user")).scalar() == "mm_app"
        assert conn.execute(text("SELECT count(*) FROM clients")).scalar() == 0
        for statement in ("ALTER TABLE access_log DISABLE TRIGGER ALL", "SET session_replication_role = replica",
                          "TRUNCATE access_log"):
            with pytest.raises(Exception) as refused:
                conn.execute(text(statement))
            assert getattr(refused.value.orig, "sqlstate", "") == "42501", statement
            conn.rollback()
    engine.dispose()
    from sqlalchemy import make_url

    assert make_url(urls["app"]).username == "mm_app" and make_url(urls["owner"]).username == roles.OWNER
    assert make_url(urls["owner"]).password not in urls["app"]


def test_a_cluster_made_by_an_older_make_hub_gets_passwords_at_its_next_start():
    folder = Path(tempfile.mkdtemp(prefix="mm-pilot-old-"))
    pg = PilotPostgres(folder, "nieuw-wachtwoord-1")
    try:  # as the older make hub made it: trust on the socket
        made = pg._run(str(pg.bindir / "initdb"), "-D", str(pg.data), "-U", SUPERUSER, "-A", "trust",
                       "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions")
        assert made.returncode == 0, made.stderr
        pg.start()
        assert "scram-sha-256" in (pg.data / "pg_hba.conf").read_text()
        engine = create_engine(pg.url("postgres"))  # with the password: in
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar() == 1
        engine.dispose()
        engine = create_engine(f"postgresql+psycopg://{SUPERUSER}@/postgres?host={folder}")
        with pytest.raises(OperationalError):  # without: out (trust is gone)
            with engine.connect():
                pass
        engine.dispose()
    finally:
        pg.stop()
        shutil.rmtree(folder, ignore_errors=True)
