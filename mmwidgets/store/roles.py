"""PostgreSQL roles by least privilege: who may do what in the team's database (issue 23).

- **The owner** (:data:`OWNER`, ``mm_owner``) owns the schema, the tables, the access log's
  trigger function and the migrations. Only the process that sets up the database uses it
  (``make hub``: :mod:`mmwidgets.serving.hub_pilot`; a municipality: its deploy job). Its URL is
  never in a coach's environment.
- **The app role** (``mm_app``) is what every coach's Voila and kernel connects as: it reads and
  writes the conversation tables, may only INSERT (and read) lines of ``access_log`` and read
  ``access_key``, owns nothing (so it cannot ALTER a table, DISABLE a trigger or TRUNCATE), is
  no superuser (so it cannot set ``session_replication_role``) and cannot make roles or databases.
- More roles are entries in :data:`ROLES` (:func:`register`): e.g. the client's own page may get a
  role that reads a few tables and nothing else. Every role is a LOGIN role with a password
  (the pilot's cluster asks SCRAM passwords on its socket), NOSUPERUSER NOCREATEDB NOCREATEROLE
  NOREPLICATION NOBYPASSRLS, and gets privileges per table, granted again after each migration
  (a new table gets the role's ``default`` privileges; a table named in ``tables`` gets exactly
  those, an empty tuple meaning none).

Privileges are kept out of the schema's migrations: they belong to a deployment, and SQLite has none.

**Row-level security** (:func:`row_security`, run by :func:`grant`): a second wall behind the store's
own check (store/access/guard.py). On ``clients`` and on every table whose rows belong to a client
(a foreign key to ``clients``, or to such a table), the app role sees and writes only the rows of its
own team: the team the Store's actor works in, set at the start of every transaction with
``set_config('mm.team', <team>, true)`` (:data:`TEAM_SETTING`; lasts that transaction only). A
connection that never says its team sees no client row at all. A bug in the store's check, or a
statement sent past it, can therefore not reach another team's clients. Within a team the store's
check still decides (a coach: own caseload; a team lead: a file only after the logged opening);
a role per coach would be needed to make that a database wall too. The wall guards against a
mistake in the app's own queries; whoever holds the app role's password can say any team (the
password stays out of the browser: in the servers' environment only). Other roles (the owner, the
client's own page) are not limited by these policies: the owner migrates, the page's role has
column privileges only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

from sqlalchemy import create_engine, make_url
from sqlalchemy.engine import Connection

OWNER = "mm_owner"
PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")
#: the transaction's team, set by the Store (store/access/guard.py: install) and read by the policies
TEAM_SETTING = "mm.team"
#: the team a client is handed to, set in that hand-over's transaction only (an UPDATE's new row must
#: pass the read policy too)
HAND_TO_SETTING = "mm.hand_to"
#: the role limited to its team's rows (see the module text)
ROW_SECURITY_ROLE = "mm_app"


@dataclass(frozen=True)
class RoleGrant:
    """One login role and its privileges per table (see the module text)."""

    name: str
    default: tuple[str, ...]
    tables: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: USAGE on sequences (needed to INSERT rows with generated ids)
    sequences: bool = True

    def privileges_on(self, table: str) -> tuple[str, ...]:
        privileges = self.tables.get(table, self.default)
        unknown = set(privileges) - set(PRIVILEGES)
        if unknown:
            raise ValueError(f"{self.name}: unknown privileges {sorted(unknown)} on {table}")
        return privileges


#: the role of every coach's Voila and kernel
APP = RoleGrant(
    "mm_app",
    default=PRIVILEGES,
    tables={
        "access_log": ("SELECT", "INSERT"),  # append and read (who looked, a lead's opening); never change
        "access_key": ("SELECT",),  # the log codes' secret: made by the owner at migration
        "alembic_version": ("SELECT",),
        "schema_version": ("SELECT",),
    },
)

#: every role besides the owner, by key (the key names the role in a deployment: ``app``, ...)
ROLES: dict[str, RoleGrant] = {"app": APP}


def register(key: str, grant: RoleGrant) -> None:
    """Add a role (e.g. ``client_page``) before :func:`setup` runs."""
    if grant.name == OWNER or any(g.name == grant.name for k, g in ROLES.items() if k != key):
        raise ValueError(f"role name {grant.name!r} is taken")
    ROLES[key] = grant


def _ident(name: str) -> str:
    if not name.replace("_", "").isalnum() or not name.isascii():
        raise ValueError(f"not a plain SQL name: {name!r}")
    return f'"{name}"'


def _literal(value: str) -> str:
    if "\x00" in value or "\\" in value:
        raise ValueError("a password with NUL or backslash")
    return "'" + value.replace("'", "''") + "'"


def role_url(url: str, user: str, password: str) -> str:
    """``url`` with another user and password (same database, same socket)."""
    return make_url(url).set(username=user, password=password).render_as_string(hide_password=False)


def create_roles(admin_url: str, passwords: Mapping[str, str]) -> None:
    """As a superuser: the owner and every role in :data:`ROLES`, with their passwords; the
    database and its public schema given to the owner; nobody else may create anything in it.

    ``passwords``: by role name (:data:`OWNER`, ``mm_app``, ...). Existing roles get the
    password and attributes again (safe to run at every start)."""
    database = make_url(admin_url).database
    names = [OWNER, *(grant.name for grant in ROLES.values())]
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for name in names:
                exists = conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).first()
                verb = "ALTER" if exists else "CREATE"
                conn.exec_driver_sql(  # a utility statement takes no parameters: a quoted literal
                    f"{verb} ROLE {_ident(name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                    f"NOBYPASSRLS NOINHERIT PASSWORD {_literal(passwords[name])}")
            conn.exec_driver_sql(f"ALTER DATABASE {_ident(database)} OWNER TO {_ident(OWNER)}")
            conn.exec_driver_sql(f"REVOKE ALL ON DATABASE {_ident(database)} FROM PUBLIC")
            for name in names:
                conn.exec_driver_sql(f"GRANT CONNECT ON DATABASE {_ident(database)} TO {_ident(name)}")
            _give_to_owner(conn)
    finally:
        engine.dispose()


def _give_to_owner(conn: Connection) -> None:
    """The public schema and everything in it (made before roles existed) owned by the owner."""
    conn.exec_driver_sql(f"ALTER SCHEMA public OWNER TO {_ident(OWNER)}")
    conn.exec_driver_sql("REVOKE ALL ON SCHEMA public FROM PUBLIC")
    for (table,) in conn.exec_driver_sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"):
        conn.exec_driver_sql(f"ALTER TABLE public.{_ident(table)} OWNER TO {_ident(OWNER)}")
    functions = conn.exec_driver_sql(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = 'public'").all()
    for (signature,) in functions:
        conn.exec_driver_sql(f"ALTER FUNCTION public.{signature} OWNER TO {_ident(OWNER)}")


def grant(owner_url: str) -> None:
    """As the owner: each role's privileges on every table as it is now (after a migration)."""
    engine = create_engine(owner_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            tables = [t for (t,) in conn.exec_driver_sql(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
            for role in ROLES.values():
                who = _ident(role.name)
                conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {who}")
                for table in tables:
                    conn.exec_driver_sql(f"REVOKE ALL ON public.{_ident(table)} FROM {who}")
                    privileges = role.privileges_on(table)
                    if privileges:
                        conn.exec_driver_sql(f"GRANT {', '.join(privileges)} ON public.{_ident(table)} TO {who}")
                conn.exec_driver_sql(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {who}")
                if role.sequences:
                    conn.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {who}")
            row_security(conn)
    finally:
        engine.dispose()


def client_tables(conn: Connection) -> dict[str, tuple[str, str, str] | None]:
    """The tables whose rows belong to a client, from the database's own foreign keys:
    ``clients`` -> None; any other -> (its column, the parent table, the parent's column), a direct
    key to ``clients`` first, else one to a table that belongs to a client (at most 3 steps)."""
    keys = conn.exec_driver_sql(
        "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, af.attname "
        "FROM pg_constraint c "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
        "JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1] "
        "JOIN pg_namespace n ON n.oid = c.connamespace "
        "WHERE c.contype = 'f' AND n.nspname = 'public' AND array_length(c.conkey, 1) = 1 "
        "ORDER BY 1, 2").all()
    found: dict[str, tuple[str, str, str] | None] = {"clients": None}
    for _ in range(3):
        for table, column, parent, parent_column in keys:
            table, parent = table.strip('"'), parent.strip('"')
            if table in (parent, "clients") or parent not in found:
                continue
            have = found.get(table)
            if have is None or (parent == "clients" and have[1] != "clients"):
                found[table] = (column, parent, parent_column)
    return found


def row_security(conn: Connection, role: str = ROW_SECURITY_ROLE) -> list[str]:
    """As the owner: the team wall on every client table for ``role`` (see the module text);
    returns the tables. Safe to run again (after every migration)."""
    who = _ident(role)
    team = f"current_setting('{TEAM_SETTING}', true)"
    tables = client_tables(conn)
    for table, link in sorted(tables.items()):
        name = f"public.{_ident(table)}"
        if link is None:
            mine = f"team = {team}"
            # the new row of a hand-over to another team, in that transaction only (AccessRepo._move)
            seen = f"({mine} OR team = current_setting('{HAND_TO_SETTING}', true))"
        else:
            column, parent, parent_column = (_ident(x) for x in link)
            mine = f"({column} IS NULL OR {column} IN (SELECT {parent_column} FROM public.{parent}))"
            seen = mine
        conn.exec_driver_sql(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY")
        for policy in ("mm_team_read", "mm_team_add", "mm_team_change", "mm_team_remove", "mm_other_roles"):
            conn.exec_driver_sql(f"DROP POLICY IF EXISTS {policy} ON {name}")
        conn.exec_driver_sql(f"CREATE POLICY mm_team_read ON {name} FOR SELECT TO {who} USING ({seen})")
        conn.exec_driver_sql(f"CREATE POLICY mm_team_add ON {name} FOR INSERT TO {who} WITH CHECK ({mine})")
        # a hand-over may give a client to another team (the store decides): the new row need not be ours
        conn.exec_driver_sql(f"CREATE POLICY mm_team_change ON {name} FOR UPDATE TO {who} "
                             f"USING ({mine}) WITH CHECK (true)")
        conn.exec_driver_sql(f"CREATE POLICY mm_team_remove ON {name} FOR DELETE TO {who} USING ({mine})")
        # every other role keeps what its privileges give it (e.g. the client's own page)
        conn.exec_driver_sql(f"CREATE POLICY mm_other_roles ON {name} FOR ALL TO PUBLIC "
                             f"USING (current_user <> '{role}') WITH CHECK (current_user <> '{role}')")
    return sorted(tables)


def migrate(owner_url: str) -> int:
    """The schema upgrade as the owner (every table, the access log's trigger); returns its version."""
    from mmwidgets.store.migrations import upgrade
    from mmwidgets.store.store import Base, make_engine  # the composition root registers every table

    engine = make_engine(owner_url)
    try:
        return upgrade(engine, Base.metadata)
    finally:
        engine.dispose()


def setup(admin_url: str, passwords: Mapping[str, str],
          migrate_as_owner: Callable[[str], object] = migrate) -> dict[str, str]:
    """Roles, migration as the owner, privileges: the URLs by key (``owner``, ``app``, ...).

    Hand ``urls["app"]`` to the coaches' servers; keep ``urls["owner"]`` with the set-up job only."""
    create_roles(admin_url, passwords)
    urls = {"owner": role_url(admin_url, OWNER, passwords[OWNER])}
    migrate_as_owner(urls["owner"])
    grant(urls["owner"])
    for key, role in ROLES.items():
        urls[key] = role_url(admin_url, role.name, passwords[role.name])
    return urls


def new_passwords() -> dict[str, str]:
    """A random password for the owner and each role."""
    import secrets

    return {name: secrets.token_urlsafe(24) for name in (OWNER, *(g.name for g in ROLES.values()))}
