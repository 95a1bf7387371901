"""The client's own bridge: the rules of the personal link (pure Python).

A coach invites a client to fill in their own view of the bridge on their own phone. The link
carries a random token; the database keeps only its hash. An invitation is bound to one client
and one bridge (id@version), holds for :data:`VALID_DAYS` days, can be ended by the coach and
stops when the client presses "Klaar". Wrong tokens from one address are slowed: after
:data:`MAX_FAILURES` in :data:`FAILURE_WINDOW` every further try from there waits before its
token is checked (1, 2, 4 ... up to :data:`MAX_DELAY` seconds, :func:`delay_seconds`), the right
token too, and then gets its answer: a delay, never a refusal, so a client who shares an address
with a guesser (a library, a phone network) still gets in.

Every refusal is the same one sentence (``val.self_refused``): a visitor learns nothing about
why (expired, ended, unknown, another client), so links cannot be probed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass, field
from typing import Mapping

from mmwidgets.model.bridge.files import Problem
from mmwidgets.model.errors import InvalidInput

#: random bytes in a token: 32 bytes = 256 bits (the issue asks for at least 128)
TOKEN_BYTES = 32
VALID_DAYS = 14
#: wrong tokens from one address within the window answered without a delay
MAX_FAILURES = 10
FAILURE_WINDOW = dt.timedelta(minutes=15)
#: wrong tokens from all addresses together within the window (a visitor who forges addresses)
MAX_FAILURES_ALL = 200
#: the longest wait before a try is checked (seconds); well under Voila's cell timeout (120 s)
MAX_DELAY = 30.0
#: the access log's actor and role for the client's own page (the log holds no name)
SELF_ACTOR = "eigen-link"
SELF_ROLE = "client_self"
#: detail codes of the access log lines written for the client's page
DETAIL_FINISHED = "self_finished"
DETAIL_SLOWED = "self_slowed"
DETAIL_INVITED = "self_invited"
DETAIL_ENDED = "self_ended"

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")


class SelfViewRefused(InvalidInput):
    """The link cannot be used: one plain sentence, the same for every reason."""

    def __init__(self) -> None:
        super().__init__(Problem("", "self_refused", {}))


def new_token() -> str:
    """A fresh random token for a link (URL-safe, 43 characters, 256 bits)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_shape_ok(token: object) -> bool:
    return isinstance(token, str) and bool(_TOKEN.match(token))


def token_hash(token: str) -> str:
    """What the database keeps of a token (sha256, hex). The token has 256 random bits, so a
    plain hash cannot be reversed by trying; no salt is needed to look it up."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def parse_link_query(query: Mapping[str, list[str]]) -> tuple[int, str]:
    """(client id, token) from a parsed query string ``client=<id>&t=<token>``; refused when
    either is missing or malformed."""
    client = (query.get("client") or [""])[0].strip()
    token = (query.get("t") or [""])[0].strip()
    if not client.isdigit() or len(client) > 12 or not token_shape_ok(token):
        raise SelfViewRefused()
    return int(client), token


@dataclass(frozen=True)
class Invitation:
    """One personal link (never the token itself)."""

    id: int
    client_id: int
    definition_id: str
    definition_version: int
    created_at: dt.datetime  # naive UTC, like every stored time
    expires_at: dt.datetime
    opened_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None

    @property
    def definition_key(self) -> str:
        return f"{self.definition_id}@{self.definition_version}"

    def state(self, now: dt.datetime) -> str:
        """``ended`` (by the coach), ``finished`` (the client pressed Klaar), ``expired``,
        ``opened`` or ``new``."""
        if self.ended_at is not None:
            return "ended"
        if self.finished_at is not None:
            return "finished"
        if now >= self.expires_at:
            return "expired"
        return "opened" if self.opened_at is not None else "new"

    def usable(self, now: dt.datetime) -> bool:
        return self.state(now) in ("new", "opened")


@dataclass(frozen=True)
class OwnChoice:
    """The client's own choice for one part: a step (or none yet) and "hier wil ik aan werken"."""

    step: int | None = None
    focus: bool = False
    updated_at: dt.datetime | None = None


@dataclass(frozen=True)
class OwnView:
    """The client's own view of the bridge through one invitation (dated by its saves)."""

    invitation: Invitation
    choices: dict[str, OwnChoice] = field(default_factory=dict)

    def step(self, sub_id: str) -> int | None:
        choice = self.choices.get(sub_id)
        return choice.step if choice else None

    def last_saved(self) -> dt.datetime | None:
        times = [c.updated_at for c in self.choices.values() if c.updated_at is not None]
        return max(times) if times else None


@dataclass(frozen=True)
class Difference:
    sub_id: str
    own: int
    today: int | None


def differences(own: OwnView | None, today_steps: Mapping[str, int | None],
                order: list[str]) -> list[Difference]:
    """Parts (in ``order``) where the client's own step differs from today's step (also where
    today has none yet)."""
    if own is None:
        return []
    found = []
    for sub_id in order:
        step = own.step(sub_id)
        if step is not None and today_steps.get(sub_id) != step:
            found.append(Difference(sub_id, step, today_steps.get(sub_id)))
    return found


def first_open_part(order: list[str], own: Mapping[str, OwnChoice]) -> int:
    """Where a reopened link continues: the first part without a step (else the last part)."""
    for index, sub_id in enumerate(order):
        choice = own.get(sub_id)
        if choice is None or choice.step is None:
            return index
    return max(0, len(order) - 1)


def delay_seconds(failures_here: int, failures_all: int) -> float:
    """How long the next try waits before its token is checked: 0 for the first
    :data:`MAX_FAILURES` wrong tokens from an address (:data:`MAX_FAILURES_ALL` from all together)
    in the window, then 1, 2, 4 ... seconds up to :data:`MAX_DELAY`, the longer of the two."""
    over = max(failures_here - MAX_FAILURES, failures_all - MAX_FAILURES_ALL)
    return 0.0 if over < 0 else min(MAX_DELAY, 2.0 ** over)


def slowed(failures_here: int, failures_all: int) -> bool:
    """Too many wrong tokens lately: the next try waits (:func:`delay_seconds`)."""
    return delay_seconds(failures_here, failures_all) > 0


#: the shape of the server's keyed hash of a connection's address (never an address itself)
_KEYED_ADDRESS = re.compile(r"^[0-9a-f]{32}$")


def address_from_environment(environ: Mapping[str, str]) -> str:
    """The visitor's address as the serving layer hands it to the page (voila.json passes the
    headers ``X-Real-IP``, ``X-Forwarded-For`` and the server's own ``X-MM-Address`` to the page
    as ``HTTP_*``).

    - With ``MM_SELF_PROXIES=<n>`` (the setting for a page behind proxies: the number of proxies
      in front of the page that each add the address they saw to ``X-Forwarded-For``; 1 for
      JupyterHub's own proxy, 2 with an ingress before it, or a laptop server behind a reverse
      proxy of its own): the n-th entry from the end, the one the outermost of our proxies wrote.
      Entries before it come from the visitor and prove nothing, and so does ``X-Real-IP`` (a
      visitor can send it). Fewer entries than proxies: the page was not reached through them,
      the server's origin (``MM_ORIGIN``) stands in.
    - Without it (the laptop, ``mmwidgets serve``): no header the browser sent is trusted, only
      the connection's own address, which our Voila writes over any ``X-MM-Address`` the browser
      sent (a keyed hash of it, :func:`mmwidgets.serving.voila_app.request_address`); without
      that, the server's origin, else ``lokaal``.
    """
    origin = (environ.get("MM_ORIGIN", "").strip() or "lokaal")[:64]
    proxies = environ.get("MM_SELF_PROXIES", "").strip()
    if proxies.isdigit() and int(proxies) > 0:
        entries = [e.strip() for e in environ.get("HTTP_X_FORWARDED_FOR", "").split(",") if e.strip()]
        return entries[-int(proxies)][:64] if len(entries) >= int(proxies) else origin
    own = environ.get("HTTP_X_MM_ADDRESS", "").strip()
    return own if _KEYED_ADDRESS.match(own) else origin
