"""The client's own views as a sheet of their own in the research export (``own_views``): one row
per personal link that has answers, the research code, the bridge, dates reduced like the other
dates of the export, and per part the client's own step and "hier wil ik aan werken".
No token, no free text. Only the actor's clients (the export's ``scope``)."""

from __future__ import annotations

from typing import Any, Callable

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from mmwidgets.store.self_view.tables import SelfChoiceRow, SelfInvitationRow
from mmwidgets.store.tables import ClientRow

SHEET = "own_views"
FIRST = ["code", "view", "bridge", "invited_on", "last_saved_on", "finished"]


def own_views_table(conn: Connection, scope: Any, codes: dict[int, str],
                    when: Callable[[str, Any], Any]) -> pd.DataFrame:
    inv, own, cl = SelfInvitationRow.__table__, SelfChoiceRow.__table__, ClientRow.__table__
    links = conn.execute(
        select(inv.c.id, inv.c.client_id, inv.c.definition_id, inv.c.definition_version, inv.c.created_at,
               inv.c.finished_at, func.max(own.c.updated_at))
        .select_from(inv.join(cl, cl.c.id == inv.c.client_id).join(own, own.c.invitation_id == inv.c.id))
        .where(scope)
        .group_by(inv.c.id, inv.c.client_id, inv.c.definition_id, inv.c.definition_version, inv.c.created_at,
                  inv.c.finished_at)
        .order_by(inv.c.client_id, inv.c.created_at, inv.c.id)).all()
    answers: dict[int, dict[str, Any]] = {}
    ids = [row[0] for row in links]
    if ids:
        for invitation_id, sub, step, focus in conn.execute(
                select(own.c.invitation_id, own.c.subpillar_id, own.c.step, own.c.focus)
                .where(own.c.invitation_id.in_(ids))):
            row = answers.setdefault(invitation_id, {})
            row[f"step_{sub}"] = step
            row[f"focus_{sub}"] = bool(focus)
    rows = []
    numbers: dict[int, int] = {}
    for invitation_id, cid, def_id, version, created, finished, last in links:
        if cid not in codes:
            continue
        numbers[cid] = numbers.get(cid, 0) + 1
        code = codes[cid]
        rows.append({"code": code, "view": numbers[cid], "bridge": f"{def_id}@{version}",
                     "invited_on": when(code, created.date()), "last_saved_on": when(code, last.date() if last else None),
                     "finished": finished is not None, **answers.get(invitation_id, {})})
    rest: list[str] = []
    for row in rows:
        rest.extend(k for k in row if k not in FIRST and k not in rest)
    return pd.DataFrame(rows, columns=FIRST + sorted(rest, key=lambda k: (k.split("_", 1)[1], k)))
