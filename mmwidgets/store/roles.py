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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

from sqlalchemy import create_engine, make_url
from sqlalchemy.engine import Connection

OWNER = "mm_owner"
PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")


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
    finally:
        engine.dispose()


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
