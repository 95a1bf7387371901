"""The PostgreSQL role of the client's own page: it may read the links (to check a token) and
write the client's own answers, the attempts and access-log lines, nothing else.

    python -c "from mmwidgets.store.self_view.role import grant_self_page_role; ..."  (or see docs/eigen-brug.md)

The page then connects with ``MM_SELF_DATABASE_URL`` (a URL with this role's name and password)
instead of ``MM_DATABASE_URL``; it opens the database without the schema upgrade (the coaches'
servers do that) and without the coach's guard (the token decides, in SelfPage).

What it may do, table by table:

- ``self_invitations``: read; change ``opened_at`` and ``finished_at`` only.
- ``self_choices``: read, add and change (the answers of the link it opened: SelfPage checks).
- ``self_attempts``: read, add, delete (old ones); ``access_log``: add lines only (and read the
  ``id`` column, which INSERT ... RETURNING needs; no line's content).
- ``access_key``: read (the secret for the clients' log codes).
- ``clients``: only the columns ``id``, ``created_at`` and ``team`` (for the log code and the log's
  team) — never the pseudonym, the note or the coach.
- everything else (conversations, answers, notes, plans, training, reports): nothing.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.engine import Connection

_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

GRANTS = (
    "GRANT SELECT ON self_invitations TO {role}",
    "GRANT UPDATE (opened_at, finished_at) ON self_invitations TO {role}",
    "GRANT SELECT, INSERT, UPDATE ON self_choices TO {role}",
    "GRANT SELECT, INSERT, DELETE ON self_attempts TO {role}",
    "GRANT INSERT ON access_log TO {role}",
    "GRANT SELECT (id) ON access_log TO {role}",  # INSERT ... RETURNING id: the new line's number only
    "GRANT SELECT ON access_key TO {role}",
    "GRANT SELECT (id, created_at, team) ON clients TO {role}",
)
SEQUENCES = (("self_choices", "id"), ("self_attempts", "id"), ("access_log", "id"))


def grant_self_page_role(conn: Connection, role: str, password: str | None = None) -> None:
    """Make (if needed) the login role ``role`` and give it exactly the rights above. Run as the
    owner of the tables, after the schema exists (a coach's Store made it)."""
    if not _ROLE.match(role):
        raise ValueError("a role name is lower case letters, digits and _")
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
    if exists is None:
        conn.execute(text(f"CREATE ROLE {role} LOGIN"))
    if password is not None:
        quoted = conn.execute(text("SELECT quote_literal(:p)"), {"p": password}).scalar_one()
        conn.execute(text(f"ALTER ROLE {role} PASSWORD {quoted}"))
    conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}"))
    for grant in GRANTS:
        conn.execute(text(grant.format(role=role)))
    for table, column in SEQUENCES:
        sequence = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table, "c": column}).scalar()
        if sequence:
            conn.execute(text(f"GRANT USAGE ON SEQUENCE {sequence} TO {role}"))


#: the page's role on the team stack (mmwidgets.serving.hub_pilot; a municipality's set-up job)
SELF_PAGE_ROLE = "mm_self"


def setup_role(admin_url: str, owner_url: str, password: str, role: str = SELF_PAGE_ROLE) -> str:
    """The page's role on the team's database, after :func:`mmwidgets.store.roles.setup` made
    the owner, migrated and granted the coaches' role: as a superuser (``admin_url``) the login
    role with ``password`` (no superuser, no roles or databases of its own, no inheriting) and
    CONNECT on the database; as the owner (``owner_url``) USAGE on the schema and exactly the
    rights of :data:`GRANTS`. Safe to run at every start. Returns the URL for ``MM_SELF_DATABASE_URL``."""
    from sqlalchemy import create_engine, make_url

    from mmwidgets.store.roles import role_url

    if not _ROLE.match(role):
        raise ValueError("a role name is lower case letters, digits and _")
    database = make_url(admin_url).database
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
            quoted = conn.execute(text("SELECT quote_literal(:p)"), {"p": password}).scalar_one()
            conn.exec_driver_sql(  # a quoted literal, not a bind parameter (utility statement)
                f"{'ALTER' if exists else 'CREATE'} ROLE {role} LOGIN NOSUPERUSER NOCREATEDB "
                f"NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT PASSWORD {quoted}")
            db = conn.execute(text("SELECT quote_ident(:d)"), {"d": database}).scalar_one()
            conn.exec_driver_sql(f"GRANT CONNECT ON DATABASE {db} TO {role}")
    finally:
        admin.dispose()
    owner = create_engine(owner_url, isolation_level="AUTOCOMMIT")
    try:
        with owner.connect() as conn:
            conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {role}"))
            grant_self_page_role(conn, role)
    finally:
        owner.dispose()
    return role_url(admin_url, role, password)
