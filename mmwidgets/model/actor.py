"""Who is working: the actor every store read and write is done for (pure Python).

The actor comes from the serving layer, never from the browser:

- Under JupyterHub the hub starts each coach's own server with ``JUPYTERHUB_USER`` in its
  environment (set by the hub, not by the browser); the hub's spawner adds ``MM_TEAM`` and
  ``MM_ROLE`` from the coach's hub groups (see deploy/).
- With ``make serve`` on one laptop (no ``JUPYTERHUB_USER``): the local user
  (``getpass.getuser()``), role ``coach``, team ``lokaal``; every client made before teams
  existed belongs to them (owner :data:`LOCAL_OWNER`).

Query strings, headers and widget values are never read here.
"""

from __future__ import annotations

import getpass
import os
import re
from dataclasses import dataclass
from typing import Mapping

from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.bridge.files import Problem
from mmwidgets.model.typed_input import FieldProblem

ROLES: tuple[str, ...] = ("coach", "team_lead", "log_keeper", "trainer", "trainee", "client_self")
#: ``client_self``: the client's own page (a personal link, no account): sees no client through
#: the guard; it reaches only its own link's answers through mmwidgets.store.self_view.repo.SelfPage.
#: Roles that may see client data at all (a team lead only through an explicit, logged step).
CLIENT_ROLES: tuple[str, ...] = ("coach", "team_lead")
LOCAL_TEAM = "lokaal"
#: The owner of clients made before teams existed (and of every client on a laptop):
#: no JupyterHub user name can look like this.
LOCAL_OWNER = "~lokaal"
LOCAL_ORIGIN = "lokaal"
MAX_NAME = 100

_NAME = re.compile(r"^[^\x00-\x1f\x7f]{1,%d}$" % MAX_NAME)
_ORIGIN = re.compile(r"^[0-9A-Za-z.:\-\[\]_]{1,64}$")


@dataclass(frozen=True)
class Actor:
    """A person using the app: ``user`` (the hub's user name), ``team``, ``role`` (see :data:`ROLES`).

    ``local`` is True for the one-laptop mode, where the actor also owns :data:`LOCAL_OWNER`'s clients.
    """

    user: str
    team: str
    role: str = "coach"
    local: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "user", check_name(self.user, "user"))
        object.__setattr__(self, "team", check_name(self.team, "team"))
        if self.role not in ROLES:
            raise InvalidInput(Problem("role", "teams_role_unknown", {"role": str(self.role)[:40],
                                                                      "roles": ", ".join(ROLES)}))

    @property
    def owners(self) -> tuple[str, ...]:
        """The coach names whose clients are this actor's own caseload."""
        if self.role != "coach":
            return ()
        return (self.user, LOCAL_OWNER) if self.local else (self.user,)

    @property
    def sees_clients(self) -> bool:
        return self.role in CLIENT_ROLES

    def label(self) -> str:
        return self.user


def check_name(value: object, where: str) -> str:
    """A user or team name: 1-100 characters, no control characters, trimmed."""
    if not isinstance(value, str) or not _NAME.match(value.strip() or "\x00"):
        raise InvalidInput(FieldProblem(where, "teams_name_invalid", {"max": MAX_NAME}))
    return value.strip()


def local_actor() -> Actor:
    """The one-laptop actor: the local user, a coach in team ``lokaal`` owning every old client."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment (e.g. a container without passwd entry)
        user = "coach"
    return Actor(user=user or "coach", team=LOCAL_TEAM, role="coach", local=True)


def actor_from_environment(environ: Mapping[str, str] | None = None) -> Actor:
    """The actor of this server process (see the module text)."""
    env = os.environ if environ is None else environ
    hub_user = env.get("JUPYTERHUB_USER", "").strip()
    if not hub_user:
        return local_actor()
    team = env.get("MM_TEAM", "").strip() or hub_user  # a coach without a team: a team of one
    role = env.get("MM_ROLE", "").strip().lower() or "coach"
    return Actor(user=hub_user, team=team, role=role, local=False)


def origin_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """Where the work comes from, for the access log: ``MM_ORIGIN`` (set by the serving
    layer, e.g. the hub's address), else ``lokaal``. Anything odd becomes ``onbekend``."""
    env = os.environ if environ is None else environ
    value = env.get("MM_ORIGIN", "").strip()
    if not value:
        return LOCAL_ORIGIN
    return value if _ORIGIN.match(value) else "onbekend"
