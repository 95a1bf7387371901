"""A throw-away PostgreSQL cluster for one test run.

``PgCluster.start()`` runs ``initdb`` into a fresh temporary folder and starts the server
listening only on a Unix socket in that folder (no TCP port), with durability switched off
(it is thrown away). ``create_database()`` gives each test its own empty database;
``drop_database(url)`` removes it again; ``stop()`` stops the server and removes the folder.
A small watchdog process does the same when the test process dies without stopping it.

``initdb`` refuses to run as root: as root the cluster runs as the ``postgres`` system user
(created by Debian's postgresql package) in a folder owned by that user; otherwise as the
current user. The binaries are found with ``pg_config --bindir``, else in
``/usr/lib/postgresql/<version>/bin`` (the newest), else on ``PATH``.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SUPERUSER = "postgres"
SYSTEM_USER = "postgres"


# Stops the cluster and removes its folder when the test process is gone without doing so
# (killed by a timeout, Ctrl-C twice): argv = test pid, folder, the pg_ctl stop command.
_WATCHDOG = """
import os, shutil, subprocess, sys, time
pid, root, stop = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
while True:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        break
    time.sleep(1)
subprocess.run(stop, capture_output=True, timeout=60)
shutil.rmtree(root, ignore_errors=True)
"""


class PgUnavailable(RuntimeError):
    """The throw-away PostgreSQL could not be started (the message says why, in one sentence)."""


def _bindir() -> Path:
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10)
            if out.returncode == 0 and out.stdout.strip():
                candidates.append(Path(out.stdout.strip()))
        except OSError:
            pass

    def version(path: str) -> float:
        try:
            return float(Path(path).parent.name)
        except ValueError:
            return 0.0

    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)]
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    raise PgUnavailable(
        "PostgreSQL is not installed (no initdb found via pg_config, /usr/lib/postgresql/*/bin or PATH); "
        "install postgresql-15 or run `make test`, which installs it"
    )


class PgCluster:
    def __init__(self) -> None:
        self.bindir = _bindir()
        self.root = Path(tempfile.mkdtemp(prefix="mm-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root
        self.log = self.root / "server.log"
        self._run_as: list[str] = []
        self._counter = itertools.count(1)
        self._admin = None
        self._watchdog: subprocess.Popen | None = None
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam(SYSTEM_USER)
            except KeyError:
                raise PgUnavailable(
                    f"running as root, but there is no '{SYSTEM_USER}' system user to run PostgreSQL as "
                    "(initdb refuses root); install the postgresql-15 package or run the tests as a normal user"
                ) from None
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self._run_as = ["runuser", "-u", SYSTEM_USER, "--"]

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*self._run_as, *args], capture_output=True, text=True, timeout=timeout, cwd=self.root,
            env={**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "TZ": "UTC"},
        )

    def start(self) -> "PgCluster":
        init = self._run(
            str(self.bindir / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "-A", "trust",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions",
        )
        if init.returncode != 0:
            raise PgUnavailable(f"initdb failed: {(init.stderr or init.stdout).strip().splitlines()[-1:]}")
        options = (
            f"-c listen_addresses='' -c unix_socket_directories='{self.socket_dir}' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200 -c shared_buffers=32MB -c timezone=UTC"
        )
        started = self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options,
            "-w", "-t", "60", "start",
        )
        if started.returncode != 0:
            tail = self.log.read_text(errors="replace").strip().splitlines()[-1:] if self.log.exists() else []
            raise PgUnavailable(f"pg_ctl start failed: {tail or started.stderr.strip()}")
        self._watchdog = subprocess.Popen(
            [sys.executable, "-c", _WATCHDOG, str(os.getpid()), str(self.root),
             *self._run_as, str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"],
            start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        return self

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@/{database}?host={self.socket_dir}"

    def _admin_engine(self):
        if self._admin is None:
            from sqlalchemy import create_engine

            self._admin = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT", poolclass=None)
        return self._admin

    def create_database(self, template: str | None = None) -> str:
        """A new database: empty, or a copy of database ``template`` (which nobody may be using)."""
        name = f"mm_test_{os.getpid()}_{next(self._counter)}"
        with self._admin_engine().connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template or "template0"}"')
        return self.url(name)

    @staticmethod
    def name_of(url: str) -> str:
        return url.split("@/", 1)[1].split("?", 1)[0]

    def drop_database(self, url: str) -> None:
        name = self.name_of(url)
        with self._admin_engine().connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self._watchdog is not None:
            self._watchdog.kill()  # our own child, by its pid
            self._watchdog.wait(timeout=10)
            self._watchdog = None
        if self._admin is not None:
            self._admin.dispose()
            self._admin = None
        if self.data.is_dir():
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def start_cluster() -> PgCluster:
    """Start a throw-away cluster; raises :class:`PgUnavailable` with one sentence on failure."""
    try:
        cluster = PgCluster()
    except OSError as exc:
        raise PgUnavailable(f"could not prepare a folder for PostgreSQL: {exc}") from None
    try:
        return cluster.start()
    except PgUnavailable:
        cluster.stop()
        raise
    except (OSError, subprocess.SubprocessError) as exc:
        cluster.stop()
        raise PgUnavailable(f"could not run PostgreSQL's programs: {exc}") from None
