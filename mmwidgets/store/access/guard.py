"""Who may see what, decided where data is read and written; and the access log.

:func:`install` (called by every :class:`~mmwidgets.store.store.Store`) hangs a guard on the
Store's sessions:

- **reading** (``do_orm_execute``): every SELECT gets, for each table that belongs to a
  client (``clients`` itself, every table with a ``client_id`` to it, and tables below those,
  such as ``choices``), a condition that keeps only the clients this actor may see — as an
  ORM ``with_loader_criteria`` (covers ``Session.get`` and relationship loads) and as a WHERE
  on the plain tables in the FROM list (covers Core ``select(table)``). The repos need no edit.
  A coach sees their own caseload; a team lead sees the team's clients in lists and a
  client's file only after :meth:`AccessRepo.open_as_team_lead`; trainers, trainees and log
  keepers see no client at all.
- **writing** (``do_orm_execute`` for INSERT/UPDATE/DELETE, ``before_flush`` for ORM rows):
  a write that touches a client the actor may not change raises :class:`AccessRefused`
  (the transaction rolls back; a "refused" line is logged afterwards). A new client gets the
  actor as coach and the actor's team.
- **the access log** (``before_commit``): one ``change`` line per client changed in the
  transaction; erasing a client writes an ``erase`` line before the client's row goes.
  ``open``, ``export`` and ``hand_over`` are written by :class:`AccessRepo` and the export part.

Clients are named in the log by :func:`client_code` ("L-" + 10 hex): a keyed hash of the
client's id and creation time with a secret kept in the database. It survives erasure (the
log keeps it; nothing else links it to a person any more) and is never reused by a new client.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy import Table, case, event, false, insert, or_, select, true
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, with_loader_criteria
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement

from mmwidgets.model.actor import Actor, actor_from_environment, check_name, origin_from_environment
from mmwidgets.model.client import Client
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.bridge.files import Problem
from mmwidgets.model.typed_input import FieldProblem
from mmwidgets.store.access import roster
from mmwidgets.store.access.roster import note_login
from mmwidgets.store.access.tables import AccessKeyRow, AccessLogRow
from mmwidgets.store.db import Base
from mmwidgets.store.tables import ClientRow, utcnow

log = logging.getLogger(__name__)

CODE_PREFIX = "L-"
#: Why a team lead opens a client's file: a fixed list (the log holds no free text).
TEAM_LEAD_REASONS: tuple[str, ...] = ("replacement", "report", "quality", "client_request")
#: a team lead's logged opening of a file holds for this long (a working day), also in other pages
LEAD_OPEN_HOURS = 12
_INFO_KEY = "mm_access"
#: a search names no client: its lines carry this in place of a client code
SEARCH_CODE = "-"


class AccessRefused(InvalidInput):
    """The actor may not see or change this client (or this log)."""

    def __init__(self, where: str = "client", code: str = "teams_refused", **values: Any):
        super().__init__(Problem(where, code, values))


# -- which tables belong to a client ------------------------------------------------
def _clients() -> Table:
    return ClientRow.__table__  # type: ignore[return-value]


def _parent_links(table: Table, depth: int = 0) -> list[tuple[Any, Table]]:
    """The foreign keys of ``table`` leading (in at most 3 steps) to ``clients``: [(fk, parent)]."""
    clients = _clients()
    found = []
    for fk in sorted(table.foreign_keys, key=lambda f: f.parent.name):
        parent = fk.column.table
        if parent is table:
            continue
        if parent is clients or (depth < 2 and _parent_links(parent, depth + 1)):
            found.append((fk, parent))
    # a direct client_id first: the shortest way
    found.sort(key=lambda item: item[1] is not clients)
    return found[:1]


_LINKS: dict[Table, tuple[Any, Table] | None] = {}


def client_link(table: Table) -> tuple[Any, Table] | None:
    """(foreign key, parent table) by which ``table``'s rows belong to a client, or None."""
    if table not in _LINKS:
        links = _parent_links(table)
        _LINKS[table] = links[0] if links else None
    return _LINKS[table]


def _link_from(table: Table) -> tuple[Any, Any]:
    """(FROM clause joined up to ``clients``, the column holding the client id) for ``table``."""
    clients = _clients()
    if table is clients:
        return clients, clients.c.id
    frm: Any = table
    current = table
    while True:
        fk, parent = client_link(current)  # type: ignore[misc]
        if parent is clients:
            return frm.join(clients, fk.parent == clients.c.id), fk.parent
        frm = frm.join(parent, fk.parent == fk.column)
        current = parent


@dataclass(frozen=True)
class LeadStatus:
    """A team lead's opened file, for the banner: whose, why, until when, taken over since."""

    client_id: int
    pseudonym: str
    coach: str
    lead: str
    reason: str
    opened_at: dt.datetime  # naive UTC
    until: dt.datetime  # naive UTC
    taken_at: dt.datetime | None = None


@dataclass(frozen=True)
class LogLine:
    at: dt.datetime  # naive UTC
    actor: str
    role: str
    team: str
    on_behalf_of: str
    action: str
    object_code: str
    result: str
    origin: str
    detail: str


# -- the guard ----------------------------------------------------------------------
class Guard:
    """The rules of one Store's actor (see the module text)."""

    def __init__(self, store: Any, actor: Actor):
        self.store = store
        self.actor = actor
        self.opened: set[int] = set()  # files a team lead opened through the logged step
        self.taken: set[int] = set()  # ... and took over ("Ik neem dit over"): only these may be changed
        self.expired: set[int] = set()  # ... whose opening ended (LEAD_OPEN_HOURS) while the page stayed open
        self._secret: str | None = None
        self._conditions: dict[Any, Any] = {}
        self._options: dict[Any, Any] = {}

    # conditions ---------------------------------------------------------------
    def list_condition(self) -> ColumnElement[bool]:
        """Which client rows appear in lists."""
        clients = _clients()
        if self.actor.role == "coach":
            return clients.c.coach.in_(self.actor.owners)
        if self.actor.role == "team_lead":
            return clients.c.team == self.actor.team
        return false()

    def file_condition(self) -> ColumnElement[bool]:
        """Which clients' files (their data) may be read and changed."""
        clients = _clients()
        if self.actor.role == "coach":
            return clients.c.coach.in_(self.actor.owners)
        if self.actor.role == "team_lead" and self.opened:
            return clients.c.id.in_(sorted(self.opened)) & (clients.c.team == self.actor.team)
        return false()

    def write_condition(self) -> ColumnElement[bool]:
        """Which clients' files may be changed: a coach's own; a team lead's opened file only
        after taking it over (:meth:`AccessRepo.take_over`); an opened file is read-only."""
        clients = _clients()
        if self.actor.role == "team_lead":
            if not self.taken:
                return false()
            return clients.c.id.in_(sorted(self.taken)) & (clients.c.team == self.actor.team)
        return self.file_condition()

    def table_condition(self, table: Table) -> ColumnElement[bool] | None:
        """The condition on ``table``'s rows (None: not a client's table); made once per table
        (and again after a team lead opens a file), so that statements stay cacheable."""
        key = (table, tuple(sorted(self.opened)))
        if key not in self._conditions:
            if len(self._conditions) > 200:
                self._conditions.clear()
            self._conditions[key] = self._make_condition(table)
        return self._conditions[key]

    def _criteria(self, mapper: Any) -> Any:
        key = (mapper, tuple(sorted(self.opened)))
        if key not in self._options:
            if len(self._options) > 200:
                self._options.clear()
            condition = self.table_condition(mapper.local_table)
            self._options[key] = (
                None if condition is None
                else with_loader_criteria(mapper.class_, condition, include_aliases=True)
            )
        return self._options[key]

    def _make_condition(self, table: Table) -> ColumnElement[bool] | None:
        clients = _clients()
        if table is clients:
            return self.list_condition()
        link = client_link(table)
        if link is None:
            return None
        fk, parent = link
        if parent is clients:
            return fk.parent.in_(select(clients.c.id).where(self.file_condition()))
        inner = self.table_condition(parent)
        return fk.parent.in_(select(fk.column).where(inner if inner is not None else true()))

    # events -------------------------------------------------------------------
    def on_execute(self, state: Any) -> None:
        if state.is_select:
            if state.is_column_load:
                return
            state.statement = self._filter_select(state.statement, state.is_orm_statement)
        elif state.is_insert or state.is_update or state.is_delete:
            self._check_write(state)

    def _filter_select(self, statement: Any, orm: bool) -> Any:
        mappers = _mappers_of(statement) if orm else []
        options = [o for o in (self._criteria(m) for m in mappers) if o is not None]
        if options:  # ORM entities (also Session.get, relationship loads, columns of an entity)
            statement = statement.options(*options)
        if isinstance(statement, Select) and not _only_entities(statement):
            # plain tables (select(table), count(*) FROM an entity, joins): a WHERE per table
            handled = {m.local_table for m in mappers}
            for table in _plain_tables(statement.get_final_froms()):
                if table in handled:
                    continue
                condition = self.table_condition(table)
                if condition is not None:
                    statement = statement.where(condition)
        return statement

    def _check_write(self, state: Any) -> None:
        statement = state.statement
        table = getattr(statement, "table", None)
        if not isinstance(table, Table):
            table = getattr(table, "persist_selectable", None) or getattr(table, "local_table", None)
        table = _real_table(table)
        if table is None or table.name in ("access_log", "access_key"):
            if getattr(table, "name", None) == "access_log" and not state.is_insert:
                raise AccessRefused("access_log", "teams_log_append_only")
            return
        if table is not _clients() and client_link(table) is None:
            return
        conn = state.session.connection()
        info = _tx_info(state.session)
        self._lead_files_still_open(conn, info)
        if state.is_insert:
            if table is _clients():
                if not (self.actor.local and self.actor.role == "coach"):
                    raise AccessRefused("client", "teams_refused_create")  # made through ClientRepo.create
                return
            ids = self._inserted_client_ids(conn, info, table, statement, state.parameters)
        else:
            ids = self._probe(conn, info, table, statement.whereclause)
        self._check(info, ids)
        if state.is_delete and table is _clients():
            for client_id in sorted(ids):
                self.write(conn, "erase", self._code(conn, info, client_id))
            info["erased"].update(ids)
        else:
            info["changed"].update(ids)

    def _probe(self, conn: Connection, info: dict[str, Any], table: Table, where: Any) -> set[int]:
        """The clients of the rows of ``table`` matching ``where``, remembering for this
        transaction whether each may be changed, its creation time and which row is whose."""
        frm, column = _link_from(table)
        clients = _clients()
        keys = list(table.primary_key.columns)
        key = keys[0] if len(keys) == 1 else column
        query = select(column, clients.c.created_at, case((self.write_condition(), 1), else_=0), key)
        query = query.select_from(frm)
        if where is not None:
            query = query.where(where)
        found = set()
        for client_id, created, allowed, row_key in conn.execute(query):
            info["seen"][client_id] = (bool(allowed), created)
            info["rows"][(table.key, row_key)] = client_id
            found.add(client_id)
        return found

    def _inserted_client_ids(self, conn: Connection, info: dict[str, Any], table: Table,
                             statement: Any, parameters: Any) -> set[int]:
        rows: list[dict[str, Any]] = []
        try:
            compiled = statement.compile(dialect=conn.dialect)
            rows.append(dict(compiled.params))
        except Exception:  # pragma: no cover - a statement we cannot read: refuse rather than guess
            raise AccessRefused() from None
        if isinstance(parameters, dict):
            rows.append(parameters)
        elif isinstance(parameters, (list, tuple)):
            rows.extend(p for p in parameters if isinstance(p, dict))
        fk, parent = client_link(table)  # type: ignore[misc]
        values = {row.get(fk.parent.name) for row in rows} - {None}
        if not values:
            raise AccessRefused()
        return self._owners_of(conn, info, parent, fk.column, values)

    def _owners_of(self, conn: Connection, info: dict[str, Any], parent: Table, column: Any,
                   values: set[Any]) -> set[int]:
        """The clients of the ``parent`` rows whose ``column`` is one of ``values``."""
        keys = list(parent.primary_key.columns)
        by_key = len(keys) == 1 and keys[0] is column
        if parent is _clients():
            ids = {int(v) for v in values}
            unknown = ids - set(info["seen"])
            if unknown:
                self._probe(conn, info, parent, column.in_(sorted(unknown)))
            return ids
        found: set[int] = set()
        unknown = set()
        for value in values:
            client_id = info["rows"].get((parent.key, value)) if by_key else None
            if client_id is None:
                unknown.add(value)
            else:
                found.add(client_id)
        if unknown:
            found |= self._probe(conn, info, parent, column.in_(sorted(unknown)))
        return found

    def lead_line(self, conn: Connection, client_id: int, action: str = "open") -> Any:
        """This team lead's newest ``action`` line on the client within :data:`LEAD_OPEN_HOURS`."""
        log = AccessLogRow.__table__
        since = utcnow() - dt.timedelta(hours=LEAD_OPEN_HOURS)
        code = self.code_of(conn, client_id, missing_ok=True)
        if code is None:
            return None
        query = select(log.c.at, log.c.detail, log.c.on_behalf_of).where(
            log.c.actor == self.actor.user, log.c.role == "team_lead", log.c.team == self.actor.team,
            log.c.action == action, log.c.result == "ok", log.c.object_code == code,
            log.c.detail.in_(TEAM_LEAD_REASONS), log.c.at >= since,
        ).order_by(log.c.at.desc(), log.c.id.desc())
        return conn.execute(query.limit(1)).first()

    def expire_lead_files(self, conn: Connection) -> None:
        """Drop the files whose logged opening is older than :data:`LEAD_OPEN_HOURS`: checked at
        every write, so a page left open overnight cannot go on changing a file."""
        for client_id in sorted(self.opened | self.taken):
            if self.lead_line(conn, client_id) is None:
                self.opened.discard(client_id)
                self.taken.discard(client_id)
                self.expired.add(client_id)

    def may_open(self, conn: Connection, client_id: int) -> bool:
        """May this actor read the client's file (not just see the name in a list)?"""
        clients = _clients()
        query = select(clients.c.id).where(clients.c.id == client_id, self.file_condition())
        return conn.execute(query).first() is not None

    @staticmethod
    def _refused_in(info: dict[str, Any], ids: Iterable[int]) -> set[int]:
        # A client that does not exist is left to the database (its foreign keys refuse it).
        return {i for i in ids if i in info["seen"] and not info["seen"][i][0]}

    def _check(self, info: dict[str, Any], ids: Iterable[int]) -> None:
        refused = self._refused_in(info, ids)
        if refused:
            self.pending_refusals.extend(sorted(refused))
            if self.actor.role == "team_lead" and refused <= self.expired:
                raise AccessRefused("", "teams_lead_expired")  # the opening ended: open it again, with a reason
            if self.actor.role == "team_lead" and refused <= self.opened:
                raise AccessRefused("", "teams_read_only")  # opened to look, not taken over
            raise AccessRefused()

    def _lead_files_still_open(self, conn: Connection, info: dict[str, Any]) -> None:
        """Once per transaction, before a team lead's first write: an open page keeps no file past its opening."""
        if self.actor.role == "team_lead" and not info.get("lead_checked"):
            self.expire_lead_files(conn)
            info["lead_checked"] = True

    def check_writable(self, conn: Connection, info: dict[str, Any], ids: Iterable[int]) -> None:
        self._lead_files_still_open(conn, info)
        ids = set(ids)
        unknown = ids - set(info["seen"])
        if unknown:
            clients = _clients()
            self._probe(conn, info, clients, clients.c.id.in_(sorted(unknown)))
        self._check(info, ids)

    @property
    def pending_refusals(self) -> list[int]:
        if not hasattr(self, "_refusals"):
            self._refusals: list[int] = []
        return self._refusals

    def before_flush(self, session: Session, _context: Any, _instances: Any) -> None:
        conn = None
        info = _tx_info(session)
        for obj in list(session.new):
            if isinstance(obj, ClientRow):
                if self.actor.role != "coach":
                    raise AccessRefused("client", "teams_refused_create")
                obj.coach = obj.coach or self.actor.user
                obj.team = obj.team or self.actor.team
                if obj.coach != self.actor.user or obj.team != self.actor.team:
                    raise AccessRefused("client", "teams_refused_create")
        touched: set[int] = set()
        for obj in list(session.new) + list(session.dirty) + list(session.deleted):
            if isinstance(obj, (AccessLogRow, AccessKeyRow)):
                if obj in session.new and isinstance(obj, AccessLogRow):
                    continue
                raise AccessRefused("access_log", "teams_log_append_only")
            table = getattr(obj, "__table__", None)
            if table is None:
                continue
            if isinstance(obj, ClientRow):
                if obj in session.new:
                    continue
                if obj in session.dirty and not session.is_modified(obj):
                    continue
                if "coach" in _changed_attributes(obj) or "team" in _changed_attributes(obj):
                    raise AccessRefused("client", "teams_refused_hand_over")
                touched.add(obj.id)
                continue
            link = client_link(table)
            if link is None:
                continue
            if obj in session.dirty and not session.is_modified(obj):
                continue
            fk, parent = link
            value = getattr(obj, _attr_of(obj, fk.parent.name), None)
            if value is None:
                continue
            if parent is _clients():
                touched.add(int(value))
            else:
                conn = conn or session.connection()
                touched |= self._owners_of(conn, info, parent, fk.column, {value})
        if touched:
            self.check_writable(conn or session.connection(), info, touched)
            info["changed"].update(touched)

    def after_flush(self, session: Session, _context: Any) -> None:
        info = _tx_info(session)
        for obj in session.new:
            if isinstance(obj, ClientRow) and obj.id is not None:
                info["changed"].add(obj.id)
                info["seen"][obj.id] = (True, obj.created_at)

    def before_commit(self, session: Session) -> None:
        info = session.info.get(_INFO_KEY)
        if not info:
            return
        changed = info["changed"] - info["erased"]
        if changed:
            conn = session.connection()
            for client_id in sorted(changed):
                code = self._code(conn, info, client_id)
                if code:
                    self.write(conn, "change", code)
        session.info.pop(_INFO_KEY, None)

    def after_rollback(self, session: Session) -> None:
        session.info.pop(_INFO_KEY, None)
        refused, self._refusals = list(self.pending_refusals), []
        if not refused:
            return
        try:
            with self.store.engine.begin() as conn:
                for client_id in sorted(set(refused)):
                    code = self.code_of(conn, client_id, missing_ok=True) or "onbekend"
                    self.write(conn, "change", code, result="refused")
        except Exception:  # the refusal itself was already raised to the user
            log.exception("could not log a refused change")

    # codes and lines ----------------------------------------------------------
    def secret(self, conn: Connection) -> str:
        if self._secret is None:
            self._secret = ensure_secret(conn)
        return self._secret

    def _code(self, conn: Connection, info: dict[str, Any], client_id: int) -> str | None:
        seen = info["seen"].get(client_id)
        if seen is not None:
            return keyed_code(self.secret(conn), client_id, seen[1])
        return self.code_of(conn, client_id, missing_ok=True)

    def code_of(self, conn: Connection, client_id: int, missing_ok: bool = False) -> str | None:
        clients = _clients()
        created = conn.execute(select(clients.c.created_at).where(clients.c.id == client_id)).first()
        if created is None:
            if missing_ok:
                return None
            raise AccessRefused()
        return keyed_code(self.secret(conn), client_id, created[0])

    def write(self, conn: Connection, action: str, code: str, result: str = "ok",
              on_behalf_of: str = "", detail: str = "") -> None:
        conn.execute(
            insert(AccessLogRow.__table__).values(
                at=utcnow(),
                actor=self.actor.user,
                role=self.actor.role,
                team=self.actor.team,
                on_behalf_of=on_behalf_of,
                action=action,
                object_code=code,
                result=result,
                origin=origin_from_environment(),
                detail=detail,
            )
        )


def _changed_attributes(obj: Any) -> set[str]:
    from sqlalchemy import inspect as sa_inspect

    state = sa_inspect(obj)
    return {a.key for a in state.attrs if a.history.has_changes()}


def _attr_of(obj: Any, column_name: str) -> str:
    from sqlalchemy import inspect as sa_inspect

    mapper = sa_inspect(obj).mapper
    for prop in mapper.column_attrs:
        if any(getattr(c, "name", None) == column_name for c in prop.columns):
            return prop.key
    return column_name


def _real_table(item: Any) -> Table | None:
    """The metadata's own Table for ``item`` (ORM statements carry annotated copies)."""
    if not isinstance(item, Table):
        return None
    return Base.metadata.tables.get(item.key, item)


def _mappers_of(statement: Any) -> list[Any]:
    """The mappers of the entities a statement selects (its own columns and FROM list)."""
    from sqlalchemy import inspect as sa_inspect

    found = []
    for description in getattr(statement, "column_descriptions", ()):
        entity = description.get("entity")
        if entity is None:
            continue
        mapper = getattr(sa_inspect(entity, raiseerr=False), "mapper", None)
        if mapper is not None and mapper not in found:
            found.append(mapper)
    return found


def _only_entities(statement: Select) -> bool:
    """Every column belongs to an entity and nothing else is in the FROM list (no need to look
    further: the ORM criteria cover it; saves working out the FROM list on every click)."""
    descriptions = statement.column_descriptions
    return (
        bool(descriptions)
        and all(d.get("entity") is not None for d in descriptions)
        and not getattr(statement, "_from_obj", ())
        and not getattr(statement, "_setup_joins", ())
    )


def _plain_tables(froms: Iterable[Any]) -> list[Table]:
    found: list[Table] = []
    stack = list(froms)
    while stack:
        item = stack.pop()
        if isinstance(item, Table):
            found.append(_real_table(item))  # type: ignore[arg-type]
        elif hasattr(item, "left") and hasattr(item, "right"):  # a join
            stack.extend([item.left, item.right])
    return found


def _tx_info(session: Session) -> dict[str, Any]:
    """This transaction's notes: clients changed and erased; per client seen (may change, created
    at); per (table, row key) its client."""
    return session.info.setdefault(
        _INFO_KEY, {"changed": set(), "erased": set(), "seen": {}, "rows": {}}
    )


def keyed_code(secret: str, client_id: int, created_at: dt.datetime | None) -> str:
    stamp = created_at.isoformat() if created_at is not None else ""
    digest = hmac.new(secret.encode(), f"{client_id}|{stamp}".encode(), hashlib.sha256).hexdigest()
    return CODE_PREFIX + digest[:10].upper()


def ensure_secret(conn: Connection) -> str:
    """The database's secret for log codes (made once, by the migration or here)."""
    table = AccessKeyRow.__table__
    value = conn.execute(select(table.c.secret).where(table.c.id == 1)).scalar()
    if value:
        return value
    new = secrets.token_hex(32)
    dialect = conn.dialect.name
    if dialect in ("sqlite", "postgresql"):
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        else:
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        conn.execute(dialect_insert(table).values(id=1, secret=new).on_conflict_do_nothing())
    else:  # pragma: no cover
        conn.execute(insert(table).values(id=1, secret=new))
    return conn.execute(select(table.c.secret).where(table.c.id == 1)).scalar_one()


def install(store: Any, actor: Actor | None = None) -> Actor:
    """Hang the guard of ``actor`` (default: :func:`actor_from_environment`) on ``store``."""
    actor = actor or actor_from_environment()
    guard = Guard(store, actor)
    sessions = store._sessions
    sessions.configure(info={"mm_guard": guard})
    event.listen(sessions, "do_orm_execute", guard.on_execute)
    event.listen(sessions, "before_flush", guard.before_flush)
    event.listen(sessions, "after_flush", guard.after_flush)
    event.listen(sessions, "before_commit", guard.before_commit)
    event.listen(sessions, "after_rollback", guard.after_rollback)
    store.guard = guard
    if store.engine.dialect.name == "postgresql" and not getattr(store.engine, "_mm_team_set", False):
        # the team wall in the database (store/roles.py, row_security): every transaction says its team
        team = actor.team

        def say_team(conn: Connection) -> None:
            conn.exec_driver_sql("SELECT set_config('mm.team', %s, true)", (team,))

        event.listen(store.engine, "begin", say_team)
        store.engine._mm_team_set = True
    note_login(store.engine, actor)  # the team's roster, for hand-overs
    return actor


def guard_of(store: Any) -> Guard:
    guard = getattr(store, "guard", None)
    if guard is None:
        install(store)
        guard = store.guard
    return guard


# -- the explicit steps: open, hand over, read the log -------------------------------
class AccessRepo:
    """The logged steps on clients, and reading the log, for the Store's actor."""

    def __init__(self, store: Any):
        self.store = store
        self.guard = guard_of(store)
        self.actor: Actor = self.guard.actor

    def _row(self, s: Session, client_id: int) -> ClientRow | None:
        return s.get(ClientRow, client_id) if isinstance(client_id, int) else None

    def _refuse(self, action: str, client_id: Any, **kw: str) -> AccessRefused:
        with self.store.engine.begin() as conn:
            code = self.guard.code_of(conn, client_id, missing_ok=True) if isinstance(client_id, int) else None
            self.guard.write(conn, action, code or "onbekend", result="refused", **kw)
        return AccessRefused()

    def open_client(self, client_id: int) -> Client:
        """Open a client's file: logged ("open", ok or refused). Refused when the client is not
        in the actor's caseload (or does not exist: the same answer, so ids cannot be probed)."""
        from mmwidgets.store.clients import client_from_row

        with self.store.transaction() as s:
            row = self._row(s, client_id)
            if row is not None and self.actor.role == "coach":
                self.guard.write(s.connection(), "open", self.guard.code_of(s.connection(), row.id))
                return client_from_row(row)
            if row is not None and self.actor.role == "team_lead" and row.id not in self.guard.opened:
                if self._opened_today(s.connection(), row.id):
                    self.guard.opened.add(row.id)
                    if self._opened_today(s.connection(), row.id, "take_over"):
                        self.guard.taken.add(row.id)
            if row is not None and row.id in self.guard.opened:
                self.guard.write(s.connection(), "open", self.guard.code_of(s.connection(), row.id),
                                 on_behalf_of=row.coach)
                return client_from_row(row)
        raise self._refuse("open", client_id)

    def _opened_today(self, conn: Connection, client_id: int, action: str = "open") -> bool:
        """Did this team lead open (or take over) this file through the logged step (with a
        reason) lately? Then a conversation page opened from the team view (another kernel) may
        show it (or change it)."""
        return self._lead_line(conn, client_id, action) is not None

    def _lead_line(self, conn: Connection, client_id: int, action: str = "open") -> Any:
        """This team lead's newest ``action`` line on the client within :data:`LEAD_OPEN_HOURS`."""
        return self.guard.lead_line(conn, client_id, action)

    def lead_status(self, client_id: int) -> LeadStatus | None:
        """For a team lead's opened file: whose it is, the reason, until when, taken over or
        not (the banner); None when the actor is not a team lead who opened it."""
        if self.actor.role != "team_lead" or client_id not in self.guard.opened:
            return None
        with self.store.engine.connect() as conn:
            line = self._lead_line(conn, client_id)
            taken = self._lead_line(conn, client_id, "take_over")
            row = conn.execute(select(_clients().c.pseudonym, _clients().c.coach)
                               .where(_clients().c.id == client_id)).first()
        if line is None or row is None:
            return None
        return LeadStatus(client_id=client_id, pseudonym=row[0], coach=row[1], lead=self.actor.user,
                          reason=line[1], opened_at=line[0],
                          until=line[0] + dt.timedelta(hours=LEAD_OPEN_HOURS),
                          taken_at=taken[0] if taken is not None else None)

    def take_over(self, client_id: int) -> LeadStatus:
        """"Ik neem dit over": a team lead who opened the file may change it from now on (until the
        opening ends); logged as "take_over" on behalf of the coach, who is told (see
        :meth:`taken_over_lines`)."""
        if self.actor.role != "team_lead" or client_id not in self.guard.opened:
            raise self._refuse("take_over", client_id)
        with self.store.transaction() as s:
            conn = s.connection()
            line = self._lead_line(conn, client_id)
            row = self._row(s, client_id)
            if line is None or row is None:
                raise AccessRefused()
            self.guard.write(conn, "take_over", self.guard.code_of(conn, client_id),
                             on_behalf_of=row.coach, detail=line[1])
        self.guard.taken.add(client_id)
        status = self.lead_status(client_id)
        assert status is not None
        return status

    def taken_over_lines(self, client_id: int, days: int = 14) -> list[LogLine]:
        """For the client's coach: the team lead's take-overs of this file in the last ``days``."""
        since = utcnow() - dt.timedelta(days=days)
        return [line for line in self.lines_of_client(client_id)
                if line.action == "take_over" and line.result == "ok" and line.at >= since]

    def open_as_team_lead(self, client_id: int, reason: str) -> Client:
        """A team lead opens a client's file of their team, for one of :data:`TEAM_LEAD_REASONS`;
        logged with the client's coach as on-behalf-of. Afterwards this Store may read and
        change that file."""
        from mmwidgets.store.clients import client_from_row

        if reason not in TEAM_LEAD_REASONS:
            raise InvalidInput(Problem("reason", "teams_reason_unknown",
                                       {"reasons": ", ".join(TEAM_LEAD_REASONS)}))
        if self.actor.role != "team_lead":
            raise self._refuse("open", client_id, detail=reason)
        with self.store.transaction() as s:
            row = self._row(s, client_id)
            if row is not None:
                conn = s.connection()
                self.guard.write(conn, "open", self.guard.code_of(conn, row.id),
                                 on_behalf_of=row.coach, detail=reason)
                self.guard.opened.add(row.id)
                return client_from_row(row)
        raise self._refuse("open", client_id, detail=reason)

    def colleagues(self, team: str | None = None) -> list[str]:
        """The coaches a client of this actor may be handed to: the team's roster (see
        :mod:`mmwidgets.store.access.roster`), without the actor. Empty for other roles."""
        if self.actor.role not in ("coach", "team_lead"):
            return []
        with self.store.engine.connect() as conn:
            names = roster.team_coaches(conn, team or self.actor.team)
        return [n for n in names if n != self.actor.user]

    def hand_over(self, client_id: int, to_coach: str, to_team: str | None = None) -> Client:
        """Give the client to another coach of the team's roster (and team: default the same);
        logged as "hand_over" with the new coach in the line. Allowed for the client's coach and
        for the team lead of the client's team. A name not on the roster is refused (and
        logged): a typo never hands a client to nobody."""
        coach = check_name(to_coach, "coach")
        team = check_name(to_team, "team") if to_team is not None else None
        bad: InvalidInput | None = None
        with self.store.transaction() as s:
            row = self._row(s, client_id)
            allowed = row is not None and (
                (self.actor.role == "coach" and row.coach in self.actor.owners)
                or (self.actor.role == "team_lead" and row.team == self.actor.team)
            )
            if allowed:
                assert row is not None
                conn = s.connection()
                new_team = team or row.team
                known = roster.find_coach(conn, new_team, coach)
                if known is not None and known != row.coach and not _name_held(conn, known, row):
                    return self._move(conn, row, known, new_team)
                if known is not None and known != row.coach:  # names are unique per coach (mm0006)
                    bad = InvalidInput(FieldProblem("", "teams_hand_over_name_taken", {
                        "name": row.pseudonym, "coach": known}))
                elif known is None:
                    bad = InvalidInput(FieldProblem("coach", "teams_not_in_team", {
                        "name": coach, "team": new_team,
                        "names": ", ".join(roster.team_coaches(conn, new_team)) or "-"}))
                else:
                    bad = InvalidInput(FieldProblem("coach", "teams_hand_over_same", {"name": coach}))
        refused = self._refuse("hand_over", client_id, detail=f"{coach}"[:100])
        raise bad or refused

    def _move(self, conn: Connection, row: ClientRow, coach: str, team: str) -> Client:
        clients = _clients()
        code = self.guard.code_of(conn, row.id)
        # the hand-over's row first: on PostgreSQL's team wall (store/roles.py) a client given to
        # another team is out of sight once moved
        roster.record_hand_over(conn, row.id, self.actor.user, row.coach, row.team, coach, team)
        self.guard.write(conn, "hand_over", code, detail=f"{coach}@{team}"[:100],
                         on_behalf_of="" if self.actor.role == "coach" else row.coach)
        if team != row.team and conn.dialect.name == "postgresql":  # the wall lets this transaction see it arrive
            conn.exec_driver_sql("SELECT set_config('mm.hand_to', %s, true)", (team,))
        conn.execute(clients.update().where(clients.c.id == row.id).values(coach=coach, team=team))
        return Client(id=row.id, pseudonym=row.pseudonym, note=row.note or "")

    def undoable_hand_overs(self) -> list[dict[str, Any]]:
        """The actor's hand-overs of today that may still be undone (newest first): dicts with
        id, client_id, pseudonym, from_coach, to_coach, at."""
        if self.actor.role not in ("coach", "team_lead"):
            return []
        with self.store.engine.connect() as conn:
            return roster.undoable(conn, self.actor.user)

    def undo_hand_over(self, client_id: int) -> Client:
        """The giver takes a hand-over back, within the working day (until midnight in
        Amsterdam) and while the client is still with the new coach; logged as
        "undo_hand_over" (the hand-over itself stays in the log)."""
        clash: InvalidInput | None = None
        with self.store.transaction() as s:
            conn = s.connection()
            found = roster.undoable(conn, self.actor.user, client_id) if isinstance(client_id, int) else []
            item = found[0] if found else None
            clients = _clients()
            if item is not None and _name_held(conn, item["from_coach"], client_id, conn.execute(
                    select(clients.c.name_key).where(clients.c.id == client_id)).scalar()):
                # names are unique per coach (mm0006): the giver has that name again by now
                own = item["from_coach"] == self.actor.user  # the giver reads "you", a team lead the name
                clash = InvalidInput(FieldProblem("", "teams_undo_name_taken_own" if own else "teams_undo_name_taken", {
                    "name": item["pseudonym"], "coach": item["from_coach"]}))
            elif item is not None:
                conn.execute(clients.update().where(clients.c.id == client_id)
                             .values(coach=item["from_coach"], team=item["from_team"]))
                roster.mark_undone(conn, item["id"])
                self.guard.write(conn, "undo_hand_over", self.guard.code_of(conn, client_id),
                                 detail=f"{item['from_coach']}@{item['from_team']}"[:100],
                                 on_behalf_of="" if self.actor.role == "coach" else item["from_coach"])
                return Client(id=client_id, pseudonym=item["pseudonym"])
        self._refuse("undo_hand_over", client_id)
        raise clash or AccessRefused("", "teams_undo_too_late")

    def log_search(self, results: int) -> None:
        """A search in the client picker: who, when and how many names it showed ("search", the
        count in ``detail``). The search text is never passed here, so it is in no line."""
        count = max(0, int(results))
        with self.store.engine.begin() as conn:
            self.guard.write(conn, "search", SEARCH_CODE, detail=str(count))

    def client_code(self, client_id: int) -> str:
        """The client's pseudonymous code in the log (only for a client the actor may see)."""
        with self.store.transaction() as s:
            if self._row(s, client_id) is None:
                raise AccessRefused()
            return self.guard.code_of(s.connection(), client_id)  # type: ignore[return-value]

    def team_clients(self) -> list[tuple[Client, str]]:
        """A team lead's list of the team's clients with their coach (for reports); a coach's own."""
        from mmwidgets.store.clients import client_from_row

        with self.store.transaction() as s:
            rows = s.execute(select(ClientRow).order_by(ClientRow.coach, ClientRow.name_key)).scalars()
            return [(client_from_row(r), r.coach) for r in rows]

    def lines_of_client(self, client_id: int) -> list[LogLine]:
        """The log lines about one client the actor may see (their own client's file), oldest first."""
        with self.store.transaction() as s:
            if self._row(s, client_id) is None:
                raise AccessRefused()
            code = self.guard.code_of(s.connection(), client_id)
            return _lines(s.connection(), select_log().where(AccessLogRow.object_code == code))

    def search_log(self, code: str | None = None, actor: str | None = None,
                   since: dt.date | None = None, until: dt.date | None = None,
                   limit: int = 1000) -> list[LogLine]:
        """The log keeper's view of their team's log: per client code, per coach, per period
        (``since``/``until`` inclusive, dates in UTC). Refused for every other role."""
        if self.actor.role != "log_keeper":
            raise AccessRefused("log", "teams_refused_log")
        table = AccessLogRow.__table__
        teams = log_teams(self.actor)  # issue 23: the teams whose log they keep, from the hub's groups
        query = select_log().where(or_(*(
            (table.c.team == team) | (table.c.detail.like(f"%@{_like(team)}", escape="\\")) for team in teams)))
        if code:
            query = query.where(table.c.object_code == code.strip().upper())
        if actor:
            query = query.where(table.c.actor == actor.strip())
        if since:
            query = query.where(table.c.at >= dt.datetime.combine(since, dt.time()))
        if until:
            query = query.where(table.c.at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time()))
        query = query.limit(max(1, min(int(limit), 10000)))
        with self.store.engine.connect() as conn:
            return _lines(conn, query)


def _name_held(conn: Connection, coach: str, client: Any, key: str | None = None) -> bool:
    """Does ``coach`` already have another client with this client's name (capitals ignored)?
    Names are unique per coach (revision mm0006): a hand-over to them is refused, nothing moves."""
    clients = _clients()
    client_id = client if isinstance(client, int) else client.id
    key = key if key is not None else client.name_key
    query = select(clients.c.id).where(clients.c.coach == coach, clients.c.name_key == key,
                                       clients.c.id != client_id)
    return conn.execute(query.limit(1)).first() is not None


def log_teams(actor: Actor, environ: Any = None) -> list[str]:
    """A log keeper's teams: their own and those the hub lists in ``MM_LOG_TEAMS`` (from its groups)."""
    import os

    env = os.environ if environ is None else environ
    named = [actor.team]
    for part in env.get("MM_LOG_TEAMS", "").split(",")[:100]:
        try:
            named.append(check_name(part, "team"))
        except InvalidInput:
            continue
    return list(dict.fromkeys(named))


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def select_log() -> Select:
    table = AccessLogRow.__table__
    return select(
        table.c.at, table.c.actor, table.c.role, table.c.team, table.c.on_behalf_of, table.c.action,
        table.c.object_code, table.c.result, table.c.origin, table.c.detail,
    ).order_by(table.c.at, table.c.id)


def _lines(conn: Connection, query: Select) -> list[LogLine]:
    return [LogLine(*row) for row in conn.execute(query)]
