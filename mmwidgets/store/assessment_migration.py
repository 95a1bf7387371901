"""Schema step 4 (one conversation per client per date, revisions against stale writes).

1. ``assessments.revision`` and ``choices.revision`` (0 for what exists).
2. Duplicates (the same client, date and bridge id@version, made by two tabs at once before
   this step) are merged into the first one made, without losing a choice: per sub-pillar the
   most recently saved choice is kept; stress and its note come from the most recently saved
   duplicate that has them.
3. The unique constraint ``uq_assessment_day`` (client, date, bridge) as a unique index.

Plain SQL that runs the same on SQLite and PostgreSQL; safe on a database that already has it.
"""

from __future__ import annotations

from typing import Callable

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

UNIQUE_NAME = "uq_assessment_day"
_KEY = ("client_id", "date", "definition_id", "definition_version")


def _has_unique(conn: Connection) -> bool:
    inspector = inspect(conn)
    names = {c["name"] for c in inspector.get_unique_constraints("assessments")}
    names |= {ix["name"] for ix in inspector.get_indexes("assessments") if ix.get("unique")}
    return UNIQUE_NAME in names


def _latest_first(rows: list) -> list:
    """Rows (id, updated_at, ...) with the most recently saved first (ties: the higher id)."""
    return sorted(rows, key=lambda r: (r[1] is not None, r[1] or 0, r[0]), reverse=True)


def merge_group(conn: Connection, ids: list[int]) -> None:
    """Merge the assessments ``ids`` (one client, date and bridge) into the lowest id."""
    keeper, others = min(ids), [i for i in ids if i != min(ids)]
    params = {f"a{n}": i for n, i in enumerate(ids)}
    in_ids = ", ".join(f":a{n}" for n in range(len(ids)))
    choices = conn.execute(
        text(
            f"SELECT id, updated_at, subpillar_id, assessment_id FROM choices "
            f"WHERE assessment_id IN ({in_ids})"
        ),
        params,
    ).all()
    winners: dict[str, tuple] = {}
    for row in _latest_first(list(choices)):
        winners.setdefault(row[2], row)
    for row in choices:
        if winners[row[2]][0] != row[0]:
            conn.execute(text("DELETE FROM choices WHERE id = :id"), {"id": row[0]})
    for row in winners.values():
        if row[3] != keeper:
            conn.execute(
                text("UPDATE choices SET assessment_id = :k WHERE id = :id"), {"k": keeper, "id": row[0]}
            )
    heads = _latest_first(
        list(
            conn.execute(
                text(f"SELECT id, updated_at, stress, stress_note FROM assessments WHERE id IN ({in_ids})"),
                params,
            ).all()
        )
    )
    stress = next((r[2] for r in heads if r[2] is not None), None)
    note = next((r[3] for r in heads if r[3]), "")
    conn.execute(
        text("UPDATE assessments SET stress = :s, stress_note = :n WHERE id = :k"),
        {"s": stress, "n": note, "k": keeper},
    )
    for other in others:
        conn.execute(text("DELETE FROM assessments WHERE id = :id"), {"id": other})


def one_conversation_per_day(
    conn: Connection, add_column: Callable[[Connection, str, str, str], None]
) -> None:
    add_column(conn, "assessments", "revision", "INTEGER NOT NULL DEFAULT 0")
    add_column(conn, "choices", "revision", "INTEGER NOT NULL DEFAULT 0")
    if not inspect(conn).has_table("assessments") or _has_unique(conn):
        return
    key = ", ".join(_KEY)
    groups = conn.execute(
        text(f"SELECT {key} FROM assessments GROUP BY {key} HAVING COUNT(*) > 1")
    ).all()
    for client_id, date, definition_id, version in groups:
        ids = conn.execute(
            text(
                "SELECT id FROM assessments WHERE client_id = :c AND date = :d "
                "AND definition_id = :i AND definition_version = :v"
            ),
            {"c": client_id, "d": date, "i": definition_id, "v": version},
        ).scalars().all()
        merge_group(conn, list(ids))
    conn.exec_driver_sql(f"CREATE UNIQUE INDEX {UNIQUE_NAME} ON assessments ({key})")
