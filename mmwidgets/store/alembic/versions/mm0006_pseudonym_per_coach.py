"""Pseudonyms unique per coach, no longer across the whole database (issue 23).

Revision ``mm0006`` (after ``mm0005``). Until now ``clients.pseudonym`` and ``clients.name_key`` were
each unique in the whole database, so "naam al in gebruik" told coach B that coach A had a client of
that name. From now on a coach's own clients have different names (the name compared case-folded,
with spaces inside folded to one: ``name_key``), and two coaches may each have an "Anna".

What happens to existing data:

- Duplicates within one coach cannot exist in a database before this revision (the old constraints were
  stricter). A database made by hand without them may have some: the oldest client (lowest id) keeps
  the name, every later one gets a suffix " (2)", " (3)", ... (shortened in front of the suffix to the
  60 characters a name may have), so the coach sees both and can rename them. No row is lost or merged.
- On PostgreSQL the two old unique constraints are dropped (found by their columns, whatever their
  names) and ``uq_clients_coach_name`` (coach, name_key) is added: no table is rebuilt.
- On SQLite a unique constraint cannot be dropped, so ``clients`` is rebuilt the SQLite way (new
  table, rows copied, old table dropped, new one renamed). This needs foreign keys OFF while it runs
  (a DROP TABLE would otherwise cascade to every child row): :func:`mmwidgets.store.migrations.upgrade`
  turns them off around the revisions and runs ``PRAGMA foreign_key_check`` before it commits; this
  revision refuses to run with them on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "mm0006"
down_revision = "mm0005"
branch_labels = None
depends_on = None

MAX_PSEUDONYM = 60  # as model/client.py (frozen here)
UNIQUE_NAME = "uq_clients_coach_name"


def clients_table(metadata: sa.MetaData) -> sa.Table:
    """``clients`` as this revision leaves it (frozen: a later change is a later revision)."""
    table = sa.Table(
        "clients", metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pseudonym", sa.String(length=60), nullable=False),
        sa.Column("name_key", sa.String(length=240), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("coach", sa.String(length=100), server_default="~lokaal", nullable=False),
        sa.Column("team", sa.String(length=100), server_default="lokaal", nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("coach", "name_key", name=UNIQUE_NAME),
    )
    sa.Index("ix_clients_coach", table.c.coach, table.c.team)  # made by the old runner's step 3
    return table


def suffixed(name: str, number: int) -> str:
    """``name`` with " (number)", shortened in front of the suffix to fit the name's length."""
    tail = f" ({number})"
    return name[: MAX_PSEUDONYM - len(tail)].rstrip() + tail


def rename_duplicates(conn: sa.engine.Connection) -> list[tuple[int, str, str]]:
    """Give every later client of a coach with an earlier client's name a suffix; returns
    (id, old name, new name) per renamed client. Nothing is deleted or merged."""
    clients = sa.table("clients", sa.column("id"), sa.column("pseudonym"), sa.column("name_key"),
                       sa.column("coach"))
    rows = conn.execute(sa.select(clients.c.id, clients.c.pseudonym, clients.c.name_key, clients.c.coach)
                        .order_by(clients.c.id)).all()
    taken: set[tuple[str, str]] = set()
    later: list[tuple[int, str, str]] = []
    for row in rows:
        key = (row.coach, row.name_key)
        if key in taken:
            later.append((row.id, row.pseudonym, row.coach))
        else:
            taken.add(key)
    renamed = []
    for client_id, name, coach in later:
        number = 2
        while True:
            new = suffixed(name, number)
            new_key = new.casefold()
            if (coach, new_key) not in taken:
                break
            number += 1
        taken.add((coach, new_key))
        conn.execute(sa.update(clients).where(clients.c.id == client_id)
                     .values(pseudonym=new, name_key=new_key))
        renamed.append((client_id, name, new))
    return renamed


def upgrade() -> None:
    conn = op.get_bind()
    rename_duplicates(conn)
    if conn.dialect.name == "sqlite":
        if conn.exec_driver_sql("PRAGMA foreign_keys").scalar():
            raise RuntimeError("mm0006 rebuilds 'clients' on SQLite: foreign keys must be off (migrations.upgrade)")
        with op.batch_alter_table("clients", recreate="always", copy_from=clients_table(sa.MetaData())):
            pass
        return
    inspector = sa.inspect(conn)
    uniques = inspector.get_unique_constraints("clients")
    for unique in uniques:
        if unique["column_names"] in (["name_key"], ["pseudonym"]):
            op.drop_constraint(unique["name"], "clients", type_="unique")
    if not any(u["column_names"] == ["coach", "name_key"] for u in uniques):  # tables made from today's models have it
        op.create_unique_constraint(UNIQUE_NAME, "clients", ["coach", "name_key"])


def downgrade() -> None:
    raise NotImplementedError("names are unique per coach now; restore a backup instead")
