"""Serving a team with JupyterHub: what the hub needs from us (deploy/jupyterhub_config.py uses it).

- **Teams and roles are hub groups.** A group named ``team-<x>`` is a team; the groups in
  :data:`ROLE_GROUPS` give a role (``teamleider`` -> ``team_lead``, ``logbeheerder`` ->
  ``log_keeper``, ``trainer``, ``cursist`` -> ``trainee``); anyone else is a ``coach``.
  :func:`team_and_role` turns a user's groups into ``MM_TEAM`` and ``MM_ROLE``;
  :func:`pre_spawn_hook` puts them in the coach's server environment, where
  :func:`mmwidgets.model.actor.actor_from_environment` reads them (with ``JUPYTERHUB_USER``,
  which the hub sets). Nothing the browser sends can change them.
- **Each coach gets their own Voila** behind jupyter-server-proxy's standalone proxy, which
  lets in only requests that carry the hub's OAuth for that coach: :func:`coach_command`.
  The proxied Voila is :mod:`mmwidgets.serving.hub_voila` (our hardened Voila plus a cap on
  kernels per coach and a Content Security Policy). The standalone proxy as published starts
  its command at the first authenticated request, so a server started in the morning had no
  Voila yet and the coach's first page waited for Voila and its kernel; :func:`run_proxy` is
  that same proxy (same handlers, same hub OAuth) which starts Voila as soon as it listens, so
  the coach's Voila and its preheated conversation kernel are ready before the coach arrives.
- **Every byte to a coach's Voila passes the hub's check, websockets too.** jupyter-server-proxy
  4.6.0's standalone handler empties ``prepare()``, so only plain HTTP went through the hub's
  OAuth check (``oauth_proxy``) and a kernel websocket without a hub cookie was let through.
  :func:`locked_proxy_handler` checks the websocket upgrade in ``prepare()`` (no hub user of
  this server, or no visitor token signed for this user with the server's key: 403, before
  anything reaches Voila; Voila checks the token again and that it owns the kernel), adds the per-server secret and the
  authenticated hub user to every request it passes on (Voila refuses requests without the
  secret: :mod:`mmwidgets.serving.hub_voila`) and sends no version header.
- **The page's scripts come from the proxy itself** (issue 20): Voila's static files (its
  chunks, the widget manager's, our template's), after the same hub log-in check, straight from
  the folders Voila names at its start, with cache headers: :mod:`mmwidgets.serving.hub_static`.
  Everything else still goes to Voila with the per-server secret.
- **Servers started before the day begins**: :func:`start_servers` asks the hub (with the
  ``mm-starter`` service's token) to start the servers of the given users, or of everyone;
  ``make hub`` does it for the pilot team, a municipality runs it as a morning job.
- **A pilot authenticator**: :class:`PilotPasswordAuthenticator`, one password per coach,
  stored as PBKDF2 hashes in a YAML file (``make hub`` writes it and prints the passwords once).
  We chose it over JupyterHub's SharedPasswordAuthenticator (one password for everyone: any coach
  could log in under a colleague's name and see their caseload) and DummyAuthenticator (any password).
  A municipality replaces it by OpenID Connect (Microsoft Entra ID, deploy/README.md).
  It resists guessing (:class:`LoginThrottle`): after a few wrong passwords each further try
  for that user name, or from that address, waits longer (1, 2, 4 ... up to 30 s, also for the
  right password), and an unknown user name costs the same PBKDF2 work as a known one, so
  names cannot be found by timing.
- **No versions to strangers**: :func:`hide_versions` takes JupyterHub's and Tornado's version
  out of the hub's headers, and out of ``/hub/api`` for anyone without a token.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sys
from pathlib import Path
from typing import Any, Iterable, Mapping

from mmwidgets.i18n import t
from mmwidgets.serving.paths import ROOT

TEAM_PREFIX = "team-"
ROLE_GROUPS: dict[str, str] = {
    "teamleider": "team_lead",
    "logbeheerder": "log_keeper",
    "trainer": "trainer",
    "cursist": "trainee",
}
#: when someone is in more than one role group, the first of these wins (least client access last)
ROLE_ORDER = ("team_lead", "log_keeper", "trainer", "trainee")
#: kernels (open workbook pages) one coach's Voila may hold at once, the preheated one included
DEFAULT_KERNEL_CAP = 4
#: the page a coach lands on after logging in
DEFAULT_URL = "/voila/render/gesprek.ipynb"

#: jupyter-server-proxy's standalone proxy, starting Voila at once (:func:`run_proxy`), run by this Python
PROXY_MAIN = "import sys; from mmwidgets.serving.hub import run_proxy; sys.exit(run_proxy())"
#: seconds the proxy waits for a starting Voila to answer (20 coaches' Voilas may start at once on 2 cores)
VOILA_START_TIMEOUT = 300
#: after a page took the preheated kernel, a coach's Voila prepares the next one after a random
#: delay in this range (seconds): not during the morning's log-ins, and not all coaches at once
REFILL_DELAY = (120.0, 600.0)

CSP_VOILA = (
    "default-src 'self'; "
    # Voila's page and require.js run inline code; anywidget (the download button) imports its module from a blob: URL
    "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob: data:; worker-src 'self' blob:; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self' ws: wss:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)
CSP_HUB = "frame-ancestors 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"


#: the hub's own pages we replace (share/jupyterhub/templates): the log-in page, in the team's language
TEMPLATES = ROOT / "share" / "jupyterhub" / "templates"
LOGIN_TEXTS = ("login_title", "login_heading", "login_username", "login_password", "login_submit",
               "login_show_password", "login_hide_password", "login_error", "login_expired",
               "login_insecure", "login_service")


def template_vars(lang: str | None = None) -> dict[str, Any]:
    """``JupyterHub.template_vars`` for our log-in page: its texts from the catalogue (``hub.login_*``)."""
    from mmwidgets.i18n import normalise_language

    lang = normalise_language(lang)
    return {"mm_lang": lang, "mm_text": {key: t(f"hub.{key}", lang) for key in LOGIN_TEXTS}}


class HubSetupError(ValueError):
    """A hub set-up file is wrong; ``str()`` is the translated message naming file and place."""


def team_and_role(groups: Iterable[str]) -> tuple[str, str]:
    """``(MM_TEAM, MM_ROLE)`` for a user in ``groups``; team "" when the user is in no team group."""
    names = sorted({str(g) for g in groups})
    teams = [g for g in names if g.startswith(TEAM_PREFIX)]
    roles = {ROLE_GROUPS[g] for g in names if g in ROLE_GROUPS}
    role = next((r for r in ROLE_ORDER if r in roles), "coach")
    return (teams[0] if teams else ""), role


def coach_environment(user_name: str, groups: Iterable[str], origin: str = "jupyterhub",
                      members: Mapping[str, Iterable[str]] | None = None) -> dict[str, str]:
    """The ``MM_*`` part of a coach's server environment (``JUPYTERHUB_USER`` is set by the hub itself).

    ``members``: every hub group's members, when known (the pre-spawn hook knows them). Then a log
    keeper gets ``MM_LOG_TEAMS``: the teams whose log they keep (their team groups; in none, every
    team of the hub), and everyone gets ``MM_TEAM_COACHES``: the coaches of their team (for hand-overs)."""
    groups = list(groups)
    team, role = team_and_role(groups)
    env = {"MM_ROLE": role, "MM_ORIGIN": origin}
    env["MM_TEAM"] = team or user_name  # no team group: a team of one, as actor_from_environment does
    if members is not None:
        own_teams = sorted(g for g in groups if g.startswith(TEAM_PREFIX))
        every_team = sorted(g for g in members if g.startswith(TEAM_PREFIX))
        if role == "log_keeper":
            log_teams = own_teams or every_team
            env["MM_LOG_TEAMS"] = ",".join(log_teams)
            if not own_teams and log_teams:
                env["MM_TEAM"] = log_teams[0]
        if team:
            non_coaches = {m for g, ms in members.items() if g in ROLE_GROUPS for m in ms}
            env["MM_TEAM_COACHES"] = ",".join(sorted(set(members.get(team, ())) - non_coaches))
    return env


def pre_spawn_hook(spawner: Any) -> None:
    """``c.Spawner.pre_spawn_hook``: MM_TEAM/MM_ROLE (and a log keeper's teams, the team's coaches)
    from the hub groups, just before the start."""
    groups = [group.name for group in spawner.user.groups]
    members = _hub_group_members(spawner)
    spawner.environment.update(coach_environment(spawner.user.name, groups,
                                                 os.environ.get("MM_HUB_ORIGIN", "jupyterhub"), members))


def _hub_group_members(spawner: Any) -> dict[str, list[str]] | None:
    """Every hub group with its members, from the hub's database (None when it cannot be read)."""
    try:
        from jupyterhub import orm

        db = spawner.user.db
        return {group.name: [u.name for u in group.users] for group in db.query(orm.Group)}
    except Exception:  # noqa: BLE001 - without it, the coach's own groups still give team and role
        return None


def coach_command(python: str = sys.executable, kernel_cap: int = DEFAULT_KERNEL_CAP, workbooks: Path | str | None = None) -> list[str]:
    """``Spawner.cmd``: the standalone proxy (hub OAuth) in front of this coach's own Voila."""
    voila = [python, "-m", "mmwidgets.serving.hub_voila", "--port={port}", "--base-url={base_url}",
             f"--kernel-cap={int(kernel_cap)}"]
    if workbooks:
        voila.append(f"--dir={workbooks}")
    # --activity-interval=0: the standalone proxy would tell the hub "active now" every interval
    # whether or not anyone used the server (standalone/activity.py), so the idle culler would never
    # stop a server; without it the hub takes the coach's activity from configurable-http-proxy.
    return [python, "-c", PROXY_MAIN, "--absolute-url", f"--timeout={VOILA_START_TIMEOUT}",
            "--activity-interval=0", "--", *voila]


def locked_proxy_handler(base: type, secret: str, secret_dir: Path) -> type:
    """The standalone proxy's handler with the websocket upgrade checked against the hub too.

    ``secret``: the per-server secret added to every request passed on to Voila (header
    :data:`mmwidgets.serving.security.PROXY_HEADER`), with the authenticated hub user
    (:data:`~mmwidgets.serving.security.HUB_USER_HEADER`); Voila gets the secret in a file in
    ``secret_dir`` (owner-only), written again at each start of the process, named in
    ``MM_PROXY_SECRET_FILE``.
    """
    from tornado import web

    from mmwidgets.serving import hub_static, security

    visitor_key = security.visitor_key(secret)
    static_map = secret_dir / "static-map.json"  # Voila writes its static folders here at its start
    static: dict[str, Any] = {"files": None}

    def static_files() -> Any:
        if static["files"] is None and static_map.exists():
            static["files"] = hub_static.read_static_files(static_map)
        return static["files"]

    class LockedHubProxyHandler(base):  # type: ignore[misc, valid-type]
        def set_default_headers(self) -> None:  # upstream sends X-JupyterHub-Version to anyone
            self.clear_header("Server")

        async def prepare(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
            # upstream's prepare does nothing: plain requests are checked in oauth_proxy
            # (web.authenticated: a redirect to the hub's log-in); the websocket upgrade was not
            # checked at all. Here it needs this server's hub user, else 403.
            upgrade = self.request.headers.get("Upgrade", "").lower() == "websocket"
            if not upgrade:
                return
            if not self.current_user:
                self.log.warning("Websocket to %s refused: no hub log-in for this server", self.request.path[:120])
                raise web.HTTPError(403)
            # the visitor token Voila gave this browser (signed with a key derived from our secret):
            # a self-made one or one made for another hub user stops here, before Voila
            token = self.get_cookie("mm_visitor", "")
            if not security.verify_visitor(visitor_key, token, str(self.current_user.get("name", ""))):
                self.log.warning("Websocket to %s refused: no visitor token of this server", self.request.path[:120])
                raise web.HTTPError(403)

        async def http_get(self, *args: Any, **kwargs: Any) -> Any:
            # the page's scripts and stylesheets: from disk, here, after the same hub log-in check
            # (hub_static); anything else, or a file not found there, goes on to Voila
            path = args[0] if args else kwargs.get("path", "")
            if "Range" not in self.request.headers and isinstance(path, str):
                files = static_files()
                found = files.find(path) if files is not None else None
                if found:
                    return self.send_static(found, files.bundle(path))
            return await super().http_get(*args, **kwargs)

        @web.authenticated
        def send_static(self, found: str, chunks: list[str] | None = None) -> None:
            try:
                # the page's chunks in front of the script that would fetch them, or the file alone
                tag = hub_static.bundle_etag([*chunks, found]) if chunks else hub_static.etag(os.stat(found))
            except OSError:
                raise web.HTTPError(404) from None
            self.set_header("Content-Type", hub_static.content_type(found))
            self.set_header("Cache-Control", hub_static.cache_control(found, "v" in self.request.query_arguments))
            self.set_header("Etag", tag)
            self.set_header("Content-Security-Policy", CSP_VOILA)
            self.set_header("X-Content-Type-Options", "nosniff")
            self.set_header("Referrer-Policy", "same-origin")
            if self.check_etag_header():
                self.set_status(304)
                return
            try:
                if chunks:
                    body = hub_static.bundled_body(chunks, found)
                else:
                    with open(found, "rb") as handle:
                        body = handle.read()
            except OSError:
                raise web.HTTPError(404) from None
            self.write(body)

        def proxy_request_headers(self) -> Any:
            headers = super().proxy_request_headers()
            for name in list(headers.keys()):  # nothing of ours may come from the browser
                if name.lower().startswith("x-mm-"):
                    del headers[name]
            user = self.current_user if isinstance(self.current_user, dict) else {}
            headers[security.PROXY_HEADER] = secret
            headers[security.HUB_USER_HEADER] = str(user.get("name", ""))
            return headers

        def get_env(self) -> dict[str, str]:
            env = dict(super().get_env())
            path = secret_dir / "proxy-secret"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(secret)
            env["MM_PROXY_SECRET_FILE"] = str(path)
            static_map.unlink(missing_ok=True)  # the starting Voila writes it again
            static["files"] = None
            env[hub_static.STATIC_MAP_ENV] = str(static_map)
            return env

    LockedHubProxyHandler.__name__ = f"Locked{base.__name__}"
    return LockedHubProxyHandler


class _NoConnection:
    """Stands in for a client connection when the proxy handler is made without a request."""

    context = None

    def set_close_callback(self, callback: Any) -> None:
        pass


def eager_proxy_class() -> type:
    """jupyter-server-proxy's ``StandaloneProxyServer`` that starts its command as soon as it listens.

    Upstream starts the command inside the proxy handler, at the first authenticated request
    (``SuperviseAndProxyHandler.ensure_process``). Here, right after the server starts, one handler
    is made without a request and its ``ensure_process`` runs: the same code, the same shared state
    (port, process, lock), so later requests find Voila running (or wait for the start under the
    same lock). Authentication is untouched: every request still goes through the hub OAuth check.
    """
    import tempfile

    from jupyter_server_proxy.standalone.app import StandaloneProxyServer
    from tornado import httputil, ioloop

    class EagerStandaloneProxy(StandaloneProxyServer):
        _mm_handler: Any = None
        _mm_kwargs: dict = {}
        _mm_app: Any = None

        def make_proxy_handler(self):  # type: ignore[override]
            handler, kwargs = super().make_proxy_handler()
            secret_dir = Path(tempfile.mkdtemp(prefix="mm-proxy-"))  # 0700, this account's
            handler = locked_proxy_handler(handler, secrets.token_urlsafe(32), secret_dir)
            self._mm_handler, self._mm_kwargs = handler, kwargs
            return handler, kwargs

        def create_app(self):  # type: ignore[override]
            self._mm_app = super().create_app()
            return self._mm_app

        async def start_process_now(self) -> None:
            if self._mm_handler is None:
                return
            request = httputil.HTTPServerRequest(method="GET", uri=self.base_url + "/",
                                                 headers=httputil.HTTPHeaders(), connection=_NoConnection())
            handler = self._mm_handler(self._mm_app, request, **self._mm_kwargs)
            try:
                await handler.ensure_process()
            except Exception as exc:  # noqa: BLE001 - the first request tries again, as upstream
                self.log.error("Voila did not start ahead of time (%s); the first request starts it", exc)
            else:
                self.log.info("Voila started ahead of the coach's first request")

        def start(self):  # type: ignore[override]
            ioloop.IOLoop.current().add_callback(self.start_process_now)
            super().start()

    return EagerStandaloneProxy


def run_proxy(argv: list[str] | None = None) -> int:
    """The coach's server (``Spawner.cmd``): the eager standalone proxy in front of the coach's Voila."""
    eager_proxy_class().launch_instance(argv)
    return 0


def start_servers(hub_url: str, token: str, users: Iterable[str] | None = None, timeout: float = 60) -> list[str]:
    """Ask the hub to start the servers of ``users`` (all the hub's users when None) with a token
    that has the ``servers`` scope (the ``mm-starter`` service); returns the users asked for.
    The hub answers at once; each server then starts its Voila and preheated kernel by itself."""
    import json
    import urllib.error
    import urllib.request

    headers = {"Authorization": f"token {token}"}
    api = hub_url.rstrip("/") + "/hub/api"
    if users is None:
        with urllib.request.urlopen(urllib.request.Request(api + "/users", headers=headers), timeout=timeout) as resp:  # noqa: S310
            users = [model["name"] for model in json.loads(resp.read())]
    asked = []
    for user in users:
        request = urllib.request.Request(f"{api}/users/{user}/server", method="POST", headers=headers)
        try:
            urllib.request.urlopen(request, timeout=timeout).read()  # noqa: S310 - the team's own hub
        except urllib.error.HTTPError as err:
            if err.code != 400:  # 400: already running
                raise
        asked.append(user)
    return asked


# -- the pilot's passwords ------------------------------------------------------------
_ITERATIONS = 200_000


def hash_password(password: str, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), _ITERATIONS).hex()
    return f"pbkdf2-sha256${_ITERATIONS}${salt}${digest}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, rounds, salt, digest = stored.split("$")
        if scheme != "pbkdf2-sha256":
            return False
        offered = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), int(rounds)).hex()
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(offered, digest)


def read_team_file(path: Path | str, lang: str | None = None) -> dict[str, Any]:
    """The pilot's team file: ``groups: {team-a: [coach-a, ...], teamleider: [...]}`` and
    ``passwords: {coach-a: <hash>}``. Wrong content raises :class:`HubSetupError` naming the place."""
    from mmwidgets.model.bridge.files import DataFileError, read_yaml_file

    path = Path(path)
    try:
        data = read_yaml_file(path)
    except DataFileError as err:
        raise HubSetupError("\n".join(err.messages(lang or "nl"))) from None
    if not isinstance(data, dict):
        raise HubSetupError(t("hub.team_file_shape", lang, file=str(path), where="/"))
    groups = data.get("groups") or {}
    passwords = data.get("passwords") or {}
    if not isinstance(groups, dict):
        raise HubSetupError(t("hub.team_file_shape", lang, file=str(path), where="groups"))
    for name, members in groups.items():
        if not isinstance(members, list) or not all(isinstance(m, str) and m.strip() for m in members):
            raise HubSetupError(t("hub.team_file_members", lang, file=str(path), where=f"groups.{name}"))
    if not isinstance(passwords, dict) or not all(isinstance(v, str) for v in passwords.values()):
        raise HubSetupError(t("hub.team_file_shape", lang, file=str(path), where="passwords"))
    users = sorted({m.strip() for members in groups.values() for m in members} | set(passwords))
    return {"groups": {str(k): [m.strip() for m in v] for k, v in groups.items()},
            "passwords": {str(k): v for k, v in passwords.items()}, "users": users}


def write_team_file(path: Path | str, groups: Mapping[str, list[str]], passwords: Mapping[str, str]) -> Path:
    """Write a team file with hashed ``passwords`` (plain text in, never stored); owner-only."""
    import yaml

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"groups": {k: list(v) for k, v in groups.items()},
            "passwords": {user: hash_password(pw) for user, pw in passwords.items()}}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("# Pilot team: hub groups and PBKDF2 password hashes (mmwidgets.serving.hub)\n")
        yaml.safe_dump(data, handle, allow_unicode=True, sort_keys=True)
    return path


#: wrong passwords per user name answered without a delay
FREE_FAILURES = 3
#: wrong passwords per address answered without a delay (a team behind one office address shares it)
FREE_FAILURES_ADDRESS = 10
#: the longest wait before a log-in is checked (seconds)
MAX_LOGIN_DELAY = 30.0
#: wrong passwords are forgotten after this long without another one (seconds)
FAILURE_MEMORY = 15 * 60.0
#: a PBKDF2 hash of nothing anyone knows: unknown users are checked against it (same work, same time)
_UNKNOWN_USER_HASH = hash_password(secrets.token_urlsafe(16))


class LoginThrottle:
    """A growing delay after wrong passwords, counted per user name and per address.

    ``delay(user, address)`` is the wait before the next try is checked: 0 for the first
    :data:`FREE_FAILURES` wrong ones for a user name (:data:`FREE_FAILURES_ADDRESS` for an
    address), then 1, 2, 4 ... seconds up to :data:`MAX_LOGIN_DELAY`, the longer of the two. A right password forgets the user name's count (not the
    address's: a guesser who knows one password does not get a free run at the others).
    Tries still waiting count already, so parallel guessers wait too.
    """

    def __init__(self, clock: Any = None):
        import time

        self.clock = clock or time.monotonic
        self.failures: dict[str, tuple[int, float]] = {}

    def _count(self, key: str) -> int:
        count, last = self.failures.get(key, (0, 0.0))
        if count and self.clock() - last > FAILURE_MEMORY:
            self.failures.pop(key, None)
            return 0
        return count

    def delay(self, user: str, address: str) -> float:
        over = max(self._count("u:" + user.lower()) - FREE_FAILURES,
                   self._count("a:" + address) - FREE_FAILURES_ADDRESS)
        return 0.0 if over < 0 else min(MAX_LOGIN_DELAY, 2.0 ** over)

    def failed(self, user: str, address: str) -> None:
        now = self.clock()
        for key in ("u:" + user.lower(), "a:" + address):
            self.failures[key] = (self._count(key) + 1, now)
        if len(self.failures) > 10_000:  # forget the oldest half rather than grow without end
            for key, _ in sorted(self.failures.items(), key=lambda item: item[1][1])[:5_000]:
                del self.failures[key]

    def succeeded(self, user: str) -> None:
        self.failures.pop("u:" + user.lower(), None)


def hide_versions() -> None:
    """No JupyterHub or Tornado version in the hub's answers to strangers (headers, ``/hub/api``)."""
    import json

    from jupyterhub.apihandlers.hub import RootAPIHandler
    from jupyterhub.handlers.base import BaseHandler

    if getattr(BaseHandler, "_mm_versions_hidden", False):
        return
    setting = BaseHandler.set_default_headers

    def set_default_headers(self: Any) -> None:
        setting(self)
        self.clear_header("X-JupyterHub-Version")
        self.clear_header("Server")

    answering = RootAPIHandler.get

    def get(self: Any) -> Any:
        if self.current_user is None:  # a stranger: the API is there, nothing more
            self.set_header("Content-Type", "application/json")
            self.write(json.dumps({}))
            return None
        return answering(self)

    BaseHandler.set_default_headers = set_default_headers
    RootAPIHandler.get = get
    BaseHandler._mm_versions_hidden = True


def pilot_authenticator_class() -> type:
    """JupyterHub's Authenticator with one password per user from the team file (imports jupyterhub)."""
    from jupyterhub.auth import Authenticator
    from traitlets import Unicode

    class PilotPasswordAuthenticator(Authenticator):
        team_file = Unicode(os.environ.get("MM_HUB_TEAM_FILE", ""), config=True,
                            help="YAML team file with groups and password hashes (mmwidgets.serving.hub)")

        throttle = LoginThrottle()

        def _passwords(self) -> dict[str, str]:
            return read_team_file(self.team_file)["passwords"] if self.team_file else {}

        async def authenticate(self, handler: Any, data: dict[str, str]) -> str | None:
            import asyncio

            user = (data.get("username") or "").strip()[:100]
            address = getattr(getattr(handler, "request", None), "remote_ip", "") or ""
            wait = self.throttle.delay(user, address)
            if wait:
                await asyncio.sleep(wait)
            stored = self._passwords().get(user)
            # PBKDF2 takes ~0.1 s of CPU: in a thread (hashlib lets go of the GIL), so twenty coaches
            # logging in together do not queue on the hub's event loop. An unknown user is checked
            # against a hash of nothing: the same work, so the answer takes the same time.
            right = await asyncio.get_running_loop().run_in_executor(
                None, check_password, data.get("password") or "", stored or _UNKNOWN_USER_HASH)
            if right and stored:
                self.throttle.succeeded(user)
                return user
            self.throttle.failed(user, address)
            self.log.warning("Failed log-in for %r from %s", user[:40], address)
            return None

    return PilotPasswordAuthenticator


def root() -> Path:
    return ROOT
