"""The client's own bridge in the store: who may use a link is decided here.

Two doors:

- :class:`InvitationRepo`, the coach's side, through the Store's guarded sessions: a coach can
  make, read and end links only for clients of their own caseload (the access guard filters
  ``self_invitations`` and ``self_choices`` like every client table) and each change is logged
  as the coach's.
- :class:`SelfPage`, the client's page, which has no account: it reaches the database only
  through the token. :meth:`SelfPage.open` looks the token's hash up, checks the client id in
  the link, the bridge, expiry, the coach's end and "Klaar"; every later save checks all of it
  again in its own transaction. It reads and writes the client's own answers of that one
  invitation and nothing else (no client row beyond its log code, no conversation, no notes).
  Every open and save (and every refusal) is written to the access log as the client's own
  action (role ``client_self``, actor ``eigen-link``, origin: the visitor's address).
  Wrong links are counted per address (keyed hash) and slowed: after too many, every try from
  that address waits before its token is checked (model/self_view.delay_seconds), then gets its
  answer; a right token still opens.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import time
from typing import Any, Callable

from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from mmwidgets.model.assessment import check_step
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.model.self_view import (
    DETAIL_ENDED,
    DETAIL_FINISHED,
    DETAIL_INVITED,
    DETAIL_SLOWED,
    FAILURE_WINDOW,
    SELF_ACTOR,
    SELF_ROLE,
    VALID_DAYS,
    Invitation,
    OwnChoice,
    OwnView,
    SelfViewRefused,
    delay_seconds,
    new_token,
    token_hash,
    token_shape_ok,
)
from mmwidgets.store import export
from mmwidgets.store.access.guard import AccessRefused, ensure_secret, guard_of, keyed_code
from mmwidgets.store.access.tables import AccessLogRow
from mmwidgets.store.self_view.tables import SelfAttemptRow, SelfChoiceRow, SelfInvitationRow
from mmwidgets.store.tables import ClientRow, utcnow

Clock = Callable[[], dt.datetime]
_ORIGIN = re.compile(r"^[0-9A-Za-z.:\-\[\]_]{1,64}$")
_UNSET: Any = object()


def _invitation(row: Any) -> Invitation:
    return Invitation(
        id=row.id, client_id=row.client_id, definition_id=row.definition_id,
        definition_version=row.definition_version, created_at=row.created_at, expires_at=row.expires_at,
        opened_at=row.opened_at, finished_at=row.finished_at, ended_at=row.ended_at,
    )


def _choices(rows: Any) -> dict[str, OwnChoice]:
    return {r.subpillar_id: OwnChoice(step=r.step, focus=bool(r.focus), updated_at=r.updated_at) for r in rows}


# -- the coach's side ------------------------------------------------------------------
class InvitationRepo:
    """Links for the actor's own clients (through the access guard)."""

    def __init__(self, store: Any, clock: Clock = utcnow):
        self.store = store
        self.clock = clock

    def invite(self, client_id: int, definition: BridgeDefinition) -> tuple[Invitation, str]:
        """A new personal link for this client and bridge: (the invitation, the token). The
        token is returned once and never stored; an earlier open link of the same client and
        bridge ends (one link at a time)."""
        now = self.clock()
        token = new_token()
        actor = guard_of(self.store).actor
        with self.store.transaction() as s:
            if not isinstance(client_id, int) or s.get(ClientRow, client_id) is None:
                raise AccessRefused()
            for old in self._open_rows(s, client_id, definition, now):
                old.ended_at = now
            row = SelfInvitationRow(
                client_id=client_id, token_hash=token_hash(token), definition_id=definition.id,
                definition_version=definition.version, created_by=actor.user, created_at=now,
                expires_at=now + dt.timedelta(days=VALID_DAYS),
            )
            s.add(row)
            s.flush()
            guard = guard_of(self.store)
            conn = s.connection()
            guard.write(conn, "change", guard.code_of(conn, client_id), detail=DETAIL_INVITED)
            return _invitation(row), token

    @staticmethod
    def _open_rows(s: Session, client_id: int, definition: BridgeDefinition, now: dt.datetime) -> list[Any]:
        query = select(SelfInvitationRow).where(
            SelfInvitationRow.client_id == client_id,
            SelfInvitationRow.definition_id == definition.id,
            SelfInvitationRow.definition_version == definition.version,
            SelfInvitationRow.ended_at.is_(None), SelfInvitationRow.finished_at.is_(None),
            SelfInvitationRow.expires_at > now,
        )
        return list(s.execute(query).scalars())

    def latest(self, client_id: int, definition: BridgeDefinition) -> Invitation | None:
        """The newest link of this client for this bridge (any state), or None."""
        with self.store.transaction() as s:
            row = self._latest_row(s, client_id, definition)
            return _invitation(row) if row is not None else None

    @staticmethod
    def _latest_row(s: Session, client_id: int, definition: BridgeDefinition) -> Any:
        query = (
            select(SelfInvitationRow)
            .where(SelfInvitationRow.client_id == client_id,
                   SelfInvitationRow.definition_id == definition.id,
                   SelfInvitationRow.definition_version == definition.version)
            .order_by(SelfInvitationRow.created_at.desc(), SelfInvitationRow.id.desc())
            .limit(1)
        )
        return s.execute(query).scalars().first()

    def end(self, invitation_id: int) -> Invitation:
        """The coach ends a link sooner (nothing happens to answers already given)."""
        with self.store.transaction() as s:
            row = s.get(SelfInvitationRow, invitation_id) if isinstance(invitation_id, int) else None
            if row is None:
                raise AccessRefused()
            if row.ended_at is None and row.finished_at is None:
                row.ended_at = self.clock()
                s.flush()
                guard = guard_of(self.store)
                conn = s.connection()
                guard.write(conn, "change", guard.code_of(conn, row.client_id), detail=DETAIL_ENDED)
            return _invitation(row)

    def own_view(self, client_id: int, definition: BridgeDefinition) -> OwnView | None:
        """The client's own answers through their newest link for this bridge with answers."""
        with self.store.transaction() as s:
            query = (
                select(SelfInvitationRow)
                .where(SelfInvitationRow.client_id == client_id,
                       SelfInvitationRow.definition_id == definition.id,
                       SelfInvitationRow.definition_version == definition.version,
                       SelfInvitationRow.id.in_(select(SelfChoiceRow.invitation_id)))
                .order_by(SelfInvitationRow.created_at.desc(), SelfInvitationRow.id.desc())
                .limit(1)
            )
            row = s.execute(query).scalars().first()
            if row is None:
                return None
            rows = s.execute(select(SelfChoiceRow).where(SelfChoiceRow.invitation_id == row.id)).scalars()
            return OwnView(_invitation(row), _choices(rows))


# -- the client's page -----------------------------------------------------------------
class SelfPage:
    """What one visitor with a link may do (see the module text). ``address``: the visitor's
    address as the serving layer gives it (model/self_view.address_from_environment).
    ``sleep``: how a slowed try waits (``time.sleep``; tests pass their own)."""

    def __init__(self, store: Any, address: str, clock: Clock = utcnow,
                 sleep: Callable[[float], Any] = time.sleep):
        self.store = store
        self.engine = store.engine  # the token decides, not the Store's actor: no guarded session
        self.address = address if isinstance(address, str) and _ORIGIN.match(address) else "onbekend"
        self.clock = clock
        self.sleep = sleep
        self.waited = 0.0  # seconds the last open waited (0: not slowed)
        self._hash: str | None = None
        self._client_id: int | None = None
        self.invitation: Invitation | None = None

    # the log and the counter -------------------------------------------------------
    def _log(self, conn: Connection, action: str, code: str, result: str = "ok", detail: str = "",
             team: str = "") -> None:
        conn.execute(insert(AccessLogRow.__table__).values(
            at=utcnow(), actor=SELF_ACTOR, role=SELF_ROLE, team=team or "-", on_behalf_of="",
            action=action, object_code=code, result=result, origin=self.address, detail=detail,
        ))

    def _address_key(self, secret: str) -> str:
        return hmac.new(secret.encode(), f"self|{self.address}".encode(), hashlib.sha256).hexdigest()[:32]

    def _client(self, conn: Connection, client_id: int) -> tuple[str, str] | None:
        """(log code, team) of a client, or None."""
        c = ClientRow.__table__
        found = conn.execute(select(c.c.created_at, c.c.team).where(c.c.id == client_id)).first()
        if found is None:
            return None
        return keyed_code(ensure_secret(conn), client_id, found[0]), found[1]

    def _refuse(self, client_id: int | None, detail: str = "", count: bool = True) -> SelfViewRefused:
        """Log the refusal (about the link's real client when the token was a real one) and
        count it for the address; then the one sentence."""
        with self.engine.begin() as conn:
            known = self._client(conn, client_id) if client_id is not None else None
            code, team = known if known else ("onbekend", "")
            self._log(conn, "open", code, "refused", detail, team)
            if count:
                now = self.clock()
                secret = ensure_secret(conn)
                attempts = SelfAttemptRow.__table__
                conn.execute(insert(attempts).values(address_key=self._address_key(secret), at=now))
                conn.execute(delete(attempts).where(attempts.c.at < now - dt.timedelta(days=1)))
        self._hash = self._client_id = None
        self.invitation = None
        return SelfViewRefused()

    def _delay(self) -> float:
        since = self.clock() - FAILURE_WINDOW
        attempts = SelfAttemptRow.__table__
        with self.engine.connect() as conn:
            key = self._address_key(ensure_secret(conn))
            here = conn.execute(select(func.count()).select_from(attempts)
                                .where(attempts.c.address_key == key, attempts.c.at >= since)).scalar_one()
            everyone = conn.execute(select(func.count()).select_from(attempts)
                                    .where(attempts.c.at >= since)).scalar_one()
        return delay_seconds(here, everyone)

    # open, save, finish ------------------------------------------------------------
    def delay(self) -> float:
        """Seconds the next try from this address waits before its token is looked at (0: not
        slowed); :meth:`open` waits them itself, a server that vets links first awaits them."""
        return self._delay()

    def _lookup(self, conn: Connection, client_id: Any, token: Any,
                now: dt.datetime) -> tuple[Invitation | None, int | None, bool]:
        """(the usable invitation or None, the client a refusal is logged under, whether the
        refusal counts as a guess). A guess is a malformed or unknown token, or a real one with
        another client's id; the client's own link after its end is refused but not counted
        (no lock-out by reopening)."""
        if not isinstance(client_id, int) or isinstance(client_id, bool) or not token_shape_ok(token):
            return None, None, True
        inv = SelfInvitationRow.__table__
        row = conn.execute(select(inv).where(inv.c.token_hash == token_hash(token))).first()
        found = _invitation(row) if row is not None else None
        if found is None or found.client_id != client_id or not found.usable(now):
            return None, (found.client_id if found is not None else None), (found is None or found.client_id != client_id)
        return found, client_id, False

    def vet(self, client_id: Any, token: Any, slowed: bool = False) -> None:
        """Check a link before its page starts (the hub's service does this before it starts
        a kernel, so a bad link never holds one): a usable link passes silently (the page's
        :meth:`open` logs the open); any other is refused exactly as :meth:`open` refuses it
        (logged, counted when it is a guess). It does not wait: the caller awaits
        :meth:`delay` first (``slowed``: it did, for the log's detail)."""
        with self.engine.connect() as conn:
            found, refused_for, guessed = self._lookup(conn, client_id, token, self.clock())
        if found is None:
            raise self._refuse(refused_for, DETAIL_SLOWED if slowed else "", count=guessed)

    def open(self, client_id: int, token: str) -> OwnView:
        """Open the link ``?client=<id>&t=<token>``: the client's own answers so far.
        Refused (one sentence, logged, counted) for a malformed, unknown, expired, ended or
        finished link, and a client id that is not the link's. After too many wrong links from
        this address the try first waits (:func:`delay_seconds`; logged with detail
        ``self_slowed``), then is checked like any other: a right token opens."""
        self.waited = self._delay()
        if self.waited:
            self.sleep(self.waited)
        slow = DETAIL_SLOWED if self.waited else ""
        inv = SelfInvitationRow.__table__
        now = self.clock()
        with self.engine.begin() as conn:
            found, refused_for, guessed = self._lookup(conn, client_id, token, now)
            if found is not None:
                if found.opened_at is None:
                    conn.execute(update(inv).where(inv.c.id == found.id).values(opened_at=now))
                    found = _invitation(conn.execute(select(inv).where(inv.c.id == found.id)).first())
                code, team = self._client(conn, client_id)  # type: ignore[misc]
                self._log(conn, "open", code, team=team, detail=slow)
                choices = _choices(conn.execute(select(SelfChoiceRow.__table__)
                                                .where(SelfChoiceRow.__table__.c.invitation_id == found.id)))
        if found is None:
            raise self._refuse(refused_for, slow, count=guessed)
        self._hash, self._client_id, self.invitation = token_hash(token), client_id, found
        return OwnView(found, choices)

    def _check(self, conn: Connection) -> Invitation:
        """The opened link, read again in this transaction: still the same client, still usable."""
        if self._hash is None:
            raise SelfViewRefused()
        inv = SelfInvitationRow.__table__
        row = conn.execute(select(inv).where(inv.c.token_hash == self._hash)).first()
        found = _invitation(row) if row is not None else None
        if found is None or found.client_id != self._client_id or not found.usable(self.clock()):
            raise SelfViewRefused()
        return found

    def save(self, definition: BridgeDefinition, sub_id: str, step: Any = _UNSET,
             focus: Any = _UNSET) -> OwnChoice:
        """Save the client's own step and/or "hier wil ik aan werken" for one part, at once."""
        try:
            with self.engine.begin() as conn:
                found = self._check(conn)
                if definition.key != found.definition_key:
                    raise SelfViewRefused()
                check_step(definition, sub_id, None)
                changes: dict[str, Any] = {}
                if step is not _UNSET:
                    changes["step"] = check_step(definition, sub_id, step)
                if focus is not _UNSET:
                    if not isinstance(focus, bool):
                        raise SelfViewRefused()
                    changes["focus"] = focus
                now = self.clock()
                table = SelfChoiceRow.__table__
                where = and_(table.c.invitation_id == found.id, table.c.subpillar_id == sub_id)
                if conn.execute(select(table.c.id).where(where)).first() is None:
                    conn.execute(insert(table).values({"invitation_id": found.id, "subpillar_id": sub_id, "step": None,
                                                       "focus": False, "updated_at": now, **changes}))
                else:
                    conn.execute(update(table).where(where).values(updated_at=now, **changes))
                code, team = self._client(conn, found.client_id)  # type: ignore[misc]
                self._log(conn, "change", code, team=team)
                saved = conn.execute(select(table).where(where)).first()
        except SelfViewRefused:
            raise self._refuse(self._client_id, count=False) from None
        return OwnChoice(step=saved.step, focus=bool(saved.focus), updated_at=saved.updated_at)

    def finish(self) -> Invitation:
        """"Klaar": the link stops; the answers stay for the conversation."""
        try:
            with self.engine.begin() as conn:
                found = self._check(conn)
                inv = SelfInvitationRow.__table__
                conn.execute(update(inv).where(inv.c.id == found.id).values(finished_at=self.clock()))
                code, team = self._client(conn, found.client_id)  # type: ignore[misc]
                self._log(conn, "change", code, team=team, detail=DETAIL_FINISHED)
                done = _invitation(conn.execute(select(inv).where(inv.c.id == found.id)).first())
        except SelfViewRefused:
            raise self._refuse(self._client_id, count=False) from None
        self._hash = None
        self.invitation = done
        return done


# -- exports ---------------------------------------------------------------------------
def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _own_rows(s: Session, client_id: int) -> list[tuple[Any, list[Any]]]:
    rows = list(s.execute(select(SelfInvitationRow).where(SelfInvitationRow.client_id == client_id)
                          .order_by(SelfInvitationRow.created_at, SelfInvitationRow.id)).scalars())
    choices: dict[int, list[Any]] = {r.id: [] for r in rows}
    if rows:
        for c in s.execute(select(SelfChoiceRow).where(SelfChoiceRow.invitation_id.in_(list(choices)))
                           .order_by(SelfChoiceRow.id)).scalars():
            choices[c.invitation_id].append(c)
    return [(r, choices[r.id]) for r in rows]


def own_bridge_export(s: Session, client_id: int) -> tuple[str, Any]:
    """The client's own views in their data export (never the token or its hash)."""
    return "own_bridge", [
        {
            "definition_id": r.definition_id, "definition_version": r.definition_version,
            "invited_at": _iso(r.created_at), "valid_until": _iso(r.expires_at), "opened_at": _iso(r.opened_at),
            "finished_at": _iso(r.finished_at), "ended_at": _iso(r.ended_at),
            "choices": {c.subpillar_id: {"step": c.step, "focus": bool(c.focus), "updated_at": _iso(c.updated_at)}
                        for c in choices},
        }
        for r, choices in _own_rows(s, client_id)
    ]


def own_bridge_research_export(s: Session, client_id: int) -> tuple[str, Any]:
    """The client's own views for research: dates and steps only."""
    return "own_views", [
        {
            "bridge": f"{r.definition_id}@{r.definition_version}",
            "invited_on": _iso(r.created_at.date()), "finished": r.finished_at is not None,
            "choices": {c.subpillar_id: {"step": c.step, "focus": bool(c.focus), "date": _iso(c.updated_at.date())}
                        for c in choices},
        }
        for r, choices in _own_rows(s, client_id)
    ]


def _register_exports() -> None:
    if own_bridge_export not in export.EXPORTERS:
        export.EXPORTERS.append(own_bridge_export)
    if own_bridge_research_export not in export.RESEARCH_EXPORTERS:
        export.RESEARCH_EXPORTERS.append(own_bridge_research_export)


_register_exports()  # the Store (composition root) imports this module
