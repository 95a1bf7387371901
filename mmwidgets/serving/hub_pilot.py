"""The whole team stack on one machine: ``python -m mmwidgets.serving.hub_pilot`` (``make hub``).

:class:`PilotStack` starts, in order: a PostgreSQL 15 cluster (only a Unix socket, no TCP port,
in a folder and with a socket only the service account can open, SCRAM passwords for every
role; persistent in ``.mm-data/hub/pg`` for ``make hub``, a temporary folder for tests), the
team's database with its roles (:mod:`mmwidgets.store.roles`: the owner migrates, the coaches'
servers get the app role's URL only; passwords in ``pg-passwords.yaml`` in the state folder,
owner-only), and JupyterHub with ``deploy/jupyterhub_config.py`` (configurable-http-proxy from npm,
the idle culler, one Voila per coach). ``stop()`` ends every process it started: the hub stops
the coaches' servers and the proxy; anything left of that process tree is killed; PostgreSQL stops.

``make hub`` then starts every pilot user's server (:meth:`PilotStack.start_servers`, through the
hub's API with the ``mm-starter`` service token made for this run), as a municipality's morning
job would: each server starts its Voila with one preheated conversation kernel, so the first page
of the day is handed over instead of started.

As root PostgreSQL runs as the ``postgres`` system user (initdb refuses root), like tests/postgres_fixture.py.
"""

from __future__ import annotations

import argparse
import glob
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mmwidgets.i18n import normalise_language, t
from mmwidgets.serving import hub
from mmwidgets.serving.paths import LOCALHOST, ROOT
from mmwidgets.serving.server import free_port, http_get

CONFIG = ROOT / "deploy" / "jupyterhub_config.py"
CHP_DIR = ROOT / ".cache" / "hub"
CHP = CHP_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
#: the log keeper is in no team group: they keep the log of every team (hub.coach_environment)
PILOT_GROUPS = {"team-a": ["coach-a", "coach-b", "teamleider-a"], "teamleider": ["teamleider-a"],
                "logbeheerder": ["logboek"], "team-b": ["coach-c"]}


def pg_bindir() -> Path:
    def version(path: str) -> float:
        try:
            return float(Path(path).parent.name)
        except ValueError:
            return 0.0

    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True):
        if (Path(folder) / "initdb").is_file():
            return Path(folder)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise RuntimeError(t("hub.pilot_missing", None, what="PostgreSQL", hint="apt-get install postgresql-15"))


#: pg_hba.conf of the pilot: the socket only, a SCRAM password for every role (no trust, no TCP)
PG_HBA = "# mmwidgets pilot (hub_pilot.py): socket only, passwords for every role\nlocal all all scram-sha-256\n"
SUPERUSER = "postgres"


def load_passwords(path: Path) -> dict[str, str]:
    """The pilot's database passwords (superuser, owner, roles), made once, kept owner-only in ``path``."""
    import yaml

    from mmwidgets.store import roles

    known: dict[str, str] = {}
    if path.is_file():
        known = {str(k): str(v) for k, v in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items()}
    from mmwidgets.store.self_view.role import SELF_PAGE_ROLE

    wanted = {SUPERUSER: secrets.token_urlsafe(24), **roles.new_passwords(),
              SELF_PAGE_ROLE: secrets.token_urlsafe(24)}  # the client's own page (issue 22)
    if set(wanted) - set(known):
        known = {**wanted, **known}
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            yaml.safe_dump(known, handle)
    os.chmod(path, 0o600)
    return known


class PilotPostgres:
    """A PostgreSQL cluster in ``folder`` listening on a socket there; ``url(db)`` for SQLAlchemy.

    The folder (and the socket in it) can be opened by the account PostgreSQL runs as only
    (``postgres`` when we are root: root passes anyway), and every role needs its password."""

    def __init__(self, folder: Path, superuser_password: str = ""):
        self.folder = Path(folder)
        self.data = self.folder / "data"
        self.bindir = pg_bindir()
        self.run_as: list[str] = []
        self.password = superuser_password or secrets.token_urlsafe(24)
        self.folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)
        self.owner_ids = (os.getuid(), os.getgid())
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            self.owner_ids = (user.pw_uid, user.pw_gid)
            os.chown(self.folder, *self.owner_ids)
            self.run_as = ["runuser", "-u", "postgres", "--"]

    def _write_owned(self, path: Path, text: str) -> None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        if os.geteuid() == 0:
            os.chown(path, *self.owner_ids)

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*self.run_as, *args], capture_output=True, text=True, timeout=120, cwd=self.folder,
                              env={**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "TZ": "UTC"})

    def start(self) -> "PilotPostgres":
        fresh = not (self.data / "PG_VERSION").is_file()
        if fresh:
            pwfile = self.folder / "initdb-password"
            self._write_owned(pwfile, self.password + "\n")
            try:
                init = self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", SUPERUSER,
                                 "-A", "scram-sha-256", f"--pwfile={pwfile}",
                                 "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions")
            finally:
                pwfile.unlink(missing_ok=True)
            if init.returncode != 0:
                raise RuntimeError(f"initdb: {init.stderr.strip()[-400:]}")
            self._write_owned(self.data / "pg_hba.conf", PG_HBA)
        options = (f"-c listen_addresses='' -c unix_socket_directories='{self.folder}' "
                   "-c unix_socket_permissions=0700 "
                   "-c max_connections=200 -c shared_buffers=64MB -c timezone=UTC")
        started = self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "server.log"),
                            "-o", options, "-w", "-t", "60", "start")
        if started.returncode != 0:
            raise RuntimeError(f"pg_ctl start: {started.stderr.strip()[-400:]}")
        if (self.data / "pg_hba.conf").read_text(errors="replace") != PG_HBA:
            self._require_passwords()
        return self

    def _require_passwords(self) -> None:
        """A cluster made before passwords (trust on the socket): give the superuser its password,
        then ask passwords of everyone from now on."""
        from sqlalchemy import create_engine

        engine = create_engine(f"postgresql+psycopg://{SUPERUSER}@/postgres?host={self.folder}",
                               isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                literal = "'" + self.password.replace("'", "''") + "'"
                conn.exec_driver_sql(f"ALTER ROLE {SUPERUSER} PASSWORD {literal}")
        finally:
            engine.dispose()
        self._write_owned(self.data / "pg_hba.conf", PG_HBA)
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "reload")

    def url(self, database: str) -> str:
        from mmwidgets.store.roles import role_url

        return role_url(f"postgresql+psycopg://{SUPERUSER}@/{database}?host={self.folder}", SUPERUSER, self.password)

    def ensure_database(self, name: str) -> str:
        from sqlalchemy import create_engine

        engine = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                exists = conn.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).first()
                if not exists:
                    conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        finally:
            engine.dispose()
        return self.url(name)

    def stop(self) -> None:
        if self.data.is_dir():
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")


def _interruptible() -> None:
    """In the hub's process before it starts: Ctrl+C (SIGINT) back to its default.

    A program started in the background (``nohup``, ``&`` in a script, a CI job) inherits SIGINT
    *ignored*, and so would the hub and everything it starts. JupyterHub stops its services and the
    coaches' servers with SIGINT first and waits 10 s for each before SIGTERM; with SIGINT ignored a
    stop then took over 30 s and the hub was killed before it had cleaned up.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class PilotStack:
    """PostgreSQL + JupyterHub (+ proxy, culler, coaches' Voilas) on 127.0.0.1; a context manager.

    ``team_file``: the YAML with groups and password hashes (see :func:`hub.write_team_file`).
    ``state_dir``: the hub's folder; ``persistent``: keep the database there (``make hub``) rather
    than in a temporary folder removed by :meth:`stop`.
    """

    def __init__(self, state_dir: Path, team_file: Path, *, port: int | None = None, persistent: bool = False,
                 extra_env: dict[str, str] | None = None, kernel_cap: int = hub.DEFAULT_KERNEL_CAP):
        self.state_dir = Path(state_dir)
        self.state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.team_file = Path(team_file)
        self.port = port or free_port()
        self.url = f"http://{LOCALHOST}:{self.port}"
        self.persistent = persistent
        self.pg_folder = self.state_dir / "pg" if persistent else Path(tempfile.mkdtemp(prefix="mm-hub-pg-"))
        if persistent and os.geteuid() == 0:  # PostgreSQL runs as "postgres": it must pass through (not list)
            os.chmod(self.state_dir, 0o711)
        self.pg: PilotPostgres | None = None
        self.database_url = ""  # the app role's: what the coaches' servers get
        self.owner_url = ""  # the owner's: this process only (migration, privileges), never in an environment
        self.self_database_url = ""  # the client's own page's narrow role: the eigen-brug service only
        self.passwords_file = self.state_dir / "pg-passwords.yaml"
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = self.state_dir / "jupyterhub.log"
        self.extra_env = dict(extra_env or {})
        self.kernel_cap = kernel_cap
        self.starter_token = self.extra_env.get("MM_HUB_STARTER_TOKEN") or secrets.token_hex(24)
        self._pids: set[int] = set()

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        for name in list(env):
            if name.startswith("JUPYTERHUB_") or name in ("MM_ADMIN_SECRET", "MM_TEAM", "MM_ROLE"):
                env.pop(name)
        env.update({
            "MM_DATABASE_URL": self.database_url,
            "MM_HUB_TEAM_FILE": str(self.team_file),
            "MM_HUB_STATE_DIR": str(self.state_dir),
            "MM_HUB_IP": LOCALHOST,
            "MM_HUB_PORT": str(self.port),
            "MM_HUB_API_PORT": str(free_port()),
            "MM_HUB_PROXY_API_PORT": str(free_port()),
            "MM_HUB_CHP": str(CHP),
            "MM_HUB_KERNEL_CAP": str(self.kernel_cap),
            "MM_HUB_ORIGIN": f"hub-{LOCALHOST}",
            "MM_HUB_STARTER_TOKEN": self.starter_token,
            "MM_SELF_DATABASE_URL": self.self_database_url,  # jupyterhub_config.py: to the eigen-brug service only
            "MM_HUB_SELF_PORT": str(free_port()),
            "PATH": os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", ""),
            "PYTHONUNBUFFERED": "1",
        })
        env.update(self.extra_env)
        return env

    def start(self, ready_timeout: float = 90) -> "PilotStack":
        ensure_proxy()
        from mmwidgets.store import roles

        passwords = load_passwords(self.passwords_file)
        self.pg = PilotPostgres(self.pg_folder, passwords[SUPERUSER]).start()
        urls = roles.setup(self.pg.ensure_database("mmwidgets"), passwords)
        self.database_url, self.owner_url = urls["app"], urls["owner"]
        from mmwidgets.store.self_view.role import SELF_PAGE_ROLE, setup_role

        self.self_database_url = setup_role(self.pg.url("mmwidgets"), self.owner_url, passwords[SELF_PAGE_ROLE])
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)], cwd=self.state_dir, env=self.env(),
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_interruptible,
        )
        log.close()
        deadline = time.monotonic() + ready_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.stop()
                raise RuntimeError(f"JupyterHub exited ({self.proc.returncode}):\n{self.log_text()[-3000:]}")
            try:
                if http_get(self.url + "/hub/api/", timeout=2)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise TimeoutError(f"JupyterHub not ready after {ready_timeout} s:\n{self.log_text()[-3000:]}")

    def start_servers(self, users: list[str] | None = None) -> list[str]:
        """Ask the hub to start these users' servers (everyone's when None), as a morning job does."""
        return hub.start_servers(self.url, self.starter_token, users)

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def processes(self) -> list:
        """Every live process under the hub (proxy, culler, coaches' proxies, Voilas, kernels)."""
        import psutil

        if self.proc is None:
            return []
        try:
            found = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        self._pids.update(p.pid for p in found)
        return found

    def stop(self) -> None:
        import psutil

        if self.proc is not None:
            self.processes()
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
                try:
                    self.proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(timeout=10)
            for pid in sorted(self._pids):  # anything the hub left behind
                try:
                    psutil.Process(pid).kill()
                except psutil.Error:
                    pass
            self.proc = None
        if self.pg is not None:
            self.pg.stop()
            self.pg = None
        if not self.persistent:
            shutil.rmtree(self.pg_folder, ignore_errors=True)

    def __enter__(self) -> "PilotStack":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def ensure_proxy() -> Path:
    """configurable-http-proxy from npm in .cache/hub (installed once)."""
    if CHP.is_file():
        return CHP
    npm = shutil.which("npm")
    if not npm:
        raise RuntimeError(t("hub.pilot_missing", None, what="npm (Node.js)", hint="apt-get install nodejs npm"))
    CHP_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(CHP_DIR), "configurable-http-proxy@5"],
                   check=True)
    return CHP


def pilot_team(state_dir: Path, lang: str) -> Path:
    """The pilot team file in ``state_dir``: made once with new random passwords (printed then)."""
    team_file = state_dir / "team.yaml"
    if team_file.is_file():
        print(t("hub.pilot_existing", lang, file=team_file))
        return team_file
    users = sorted({u for members in PILOT_GROUPS.values() for u in members})
    passwords = {user: secrets.token_urlsafe(9) for user in users}
    hub.write_team_file(team_file, PILOT_GROUPS, passwords)
    print(t("hub.pilot_passwords", lang, file=team_file))
    for user in users:
        print(f"  {user:14} {passwords[user]}")
    return team_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mmwidgets.serving.hub_pilot")
    parser.add_argument("--port", type=int, default=int(os.environ.get("MM_HUB_PORT", "8000")))
    parser.add_argument("--state-dir", default=str(ROOT / ".mm-data" / "hub"))
    parser.add_argument("--no-start-servers", action="store_true",
                        help="start a coach's server only when they log in (not everyone's at the start)")
    args = parser.parse_args(argv)
    lang = normalise_language(os.environ.get("MM_LANG"))
    state = Path(args.state_dir)
    state.mkdir(parents=True, exist_ok=True, mode=0o700)
    stack = PilotStack(state, pilot_team(state, lang), port=args.port, persistent=True)

    def stop_on_term(signum: int, frame: object) -> None:  # `kill` or a service manager: stop it all too
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop_on_term)
    stack.start()
    print(t("hub.pilot_started", lang, url=stack.url + "/hub/login"), flush=True)
    if not args.no_start_servers:
        print(t("hub.servers_starting", lang, count=len(stack.start_servers())), flush=True)
    try:
        while stack.proc is not None and stack.proc.poll() is None:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
