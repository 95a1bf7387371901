"""Schema step for teams (migration 3): a coach and team per client, the log's secret,
and triggers that make ``access_log`` append-only in the database itself."""

from __future__ import annotations

from typing import Callable

from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from mmwidgets.model.actor import LOCAL_OWNER, LOCAL_TEAM

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION mm_access_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'access_log is append-only';
END;
$$ LANGUAGE plpgsql
"""


def teams_step(conn: Connection, add_column: Callable[[Connection, str, str, str], None]) -> None:
    # Existing clients (made before teams) belong to the local coach: on a laptop that is the
    # local user; on a team server a team lead hands them over.
    add_column(conn, "clients", "coach", f"VARCHAR(100) NOT NULL DEFAULT '{LOCAL_OWNER}'")
    add_column(conn, "clients", "team", f"VARCHAR(100) NOT NULL DEFAULT '{LOCAL_TEAM}'")
    inspector = inspect(conn)
    if inspector.has_table("clients"):
        names = {ix["name"] for ix in inspector.get_indexes("clients")}
        if "ix_clients_coach" not in names:
            conn.exec_driver_sql("CREATE INDEX ix_clients_coach ON clients (coach, team)")
    if inspector.has_table("access_key"):
        from mmwidgets.store.access.guard import ensure_secret

        ensure_secret(conn)
    if not inspector.has_table("access_log"):
        return
    dialect = conn.dialect.name
    if dialect == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            conn.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS access_log_no_{verb.lower()} BEFORE {verb} ON access_log "
                "BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END"
            )
    elif dialect == "postgresql":
        conn.exec_driver_sql(_PG_FUNCTION)
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS access_log_append_only ON access_log")
        conn.exec_driver_sql(
            "CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON access_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION mm_access_log_append_only()"
        )
