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
  kernels per coach and a Content Security Policy).
- **A pilot authenticator**: :class:`PilotPasswordAuthenticator`, one password per coach,
  stored as PBKDF2 hashes in a YAML file (``make hub`` writes it and prints the passwords once).
  We chose it over JupyterHub's SharedPasswordAuthenticator (one password for everyone: any coach
  could log in under a colleague's name and see their caseload) and DummyAuthenticator (any password).
  A municipality replaces it by OpenID Connect (Microsoft Entra ID, deploy/README.md).
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

#: jupyter-server-proxy's standalone proxy (the ``jupyter-standaloneproxy`` script), run by this Python
PROXY_MAIN = "import sys; from jupyter_server_proxy.standalone import main; sys.exit(main())"

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


class HubSetupError(ValueError):
    """A hub set-up file is wrong; ``str()`` is the translated message naming file and place."""


def team_and_role(groups: Iterable[str]) -> tuple[str, str]:
    """``(MM_TEAM, MM_ROLE)`` for a user in ``groups``; team "" when the user is in no team group."""
    names = sorted({str(g) for g in groups})
    teams = [g for g in names if g.startswith(TEAM_PREFIX)]
    roles = {ROLE_GROUPS[g] for g in names if g in ROLE_GROUPS}
    role = next((r for r in ROLE_ORDER if r in roles), "coach")
    return (teams[0] if teams else ""), role


def coach_environment(user_name: str, groups: Iterable[str], origin: str = "jupyterhub") -> dict[str, str]:
    """The ``MM_*`` part of a coach's server environment (``JUPYTERHUB_USER`` is set by the hub itself)."""
    team, role = team_and_role(groups)
    env = {"MM_ROLE": role, "MM_ORIGIN": origin}
    env["MM_TEAM"] = team or user_name  # no team group: a team of one, as actor_from_environment does
    return env


def pre_spawn_hook(spawner: Any) -> None:
    """``c.Spawner.pre_spawn_hook``: MM_TEAM/MM_ROLE from the user's hub groups, just before the start."""
    groups = [group.name for group in spawner.user.groups]
    spawner.environment.update(coach_environment(spawner.user.name, groups, os.environ.get("MM_HUB_ORIGIN", "jupyterhub")))


def coach_command(python: str = sys.executable, kernel_cap: int = DEFAULT_KERNEL_CAP, workbooks: Path | str | None = None) -> list[str]:
    """``Spawner.cmd``: the standalone proxy (hub OAuth) in front of this coach's own Voila."""
    voila = [python, "-m", "mmwidgets.serving.hub_voila", "--port={port}", "--base-url={base_url}",
             f"--kernel-cap={int(kernel_cap)}"]
    if workbooks:
        voila.append(f"--dir={workbooks}")
    return [python, "-c", PROXY_MAIN, "--absolute-url", "--timeout=90",
            "--activity-interval=60", "--", *voila]


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
    from mmwidgets.model.files import DataFileError, read_yaml_file

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


def pilot_authenticator_class() -> type:
    """JupyterHub's Authenticator with one password per user from the team file (imports jupyterhub)."""
    from jupyterhub.auth import Authenticator
    from traitlets import Unicode

    class PilotPasswordAuthenticator(Authenticator):
        team_file = Unicode(os.environ.get("MM_HUB_TEAM_FILE", ""), config=True,
                            help="YAML team file with groups and password hashes (mmwidgets.serving.hub)")

        def _passwords(self) -> dict[str, str]:
            return read_team_file(self.team_file)["passwords"] if self.team_file else {}

        async def authenticate(self, handler: Any, data: dict[str, str]) -> str | None:
            user = (data.get("username") or "").strip()
            stored = self._passwords().get(user)
            if stored and check_password(data.get("password") or "", stored):
                return user
            self.log.warning("Failed log-in for %r", user[:40])
            return None

    return PilotPasswordAuthenticator


def root() -> Path:
    return ROOT
