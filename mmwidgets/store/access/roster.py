"""A team's coaches (the roster) and the hand-overs between them.

The roster is what a hand-over may choose from, so that a typo never hands a client to
nobody. It is filled two ways:

- every coach who opens any workbook on a team server is noted (``source`` "login");
- the hub may pass the team's coaches from its groups in ``MM_TEAM_COACHES`` (names split by
  commas), noted as ``source`` "hub" when anyone of the team logs in.

Coaches who hold clients of the team already count too (e.g. before the roster existed).

Reads and writes here go through plain connections (not the guarded sessions): who may do
what is decided by :class:`~mmwidgets.store.access.guard.AccessRepo`, which calls these.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from typing import Mapping
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from mmwidgets.model.actor import LOCAL_OWNER, Actor, check_name
from mmwidgets.store.access.tables import HandOverRow, RosterRow
from mmwidgets.store.tables import ClientRow, utcnow

log = logging.getLogger(__name__)

#: the working day of an undo ends at midnight here
TIMEZONE = ZoneInfo("Europe/Amsterdam")
MAX_HUB_NAMES = 500


def hub_names(environ: Mapping[str, str] | None = None) -> list[str]:
    """The team's coaches the hub passes in ``MM_TEAM_COACHES`` (bad names are left out)."""
    env = os.environ if environ is None else environ
    names = []
    for part in env.get("MM_TEAM_COACHES", "").split(",")[:MAX_HUB_NAMES]:
        try:
            names.append(check_name(part, "coach"))
        except Exception:
            continue
    return names


def note_login(engine, actor: Actor, environ: Mapping[str, str] | None = None) -> None:
    """Put the actor (a coach) and the hub's names for the actor's team on the roster.
    Never stops a page from opening: a failure is logged only."""
    names = [(actor.user, "login")] if actor.role == "coach" else []
    if actor.role in ("coach", "team_lead"):
        names += [(n, "hub") for n in hub_names(environ) if n != actor.user]
    if not names:
        return
    table = RosterRow.__table__
    try:
        with engine.begin() as conn:
            known = {
                c: i for i, c in conn.execute(
                    select(table.c.id, table.c.coach).where(table.c.team == actor.team,
                                                            table.c.coach.in_([n for n, _ in names]))
                )
            }
            for name, source in names:
                if name in known:
                    if source == "login":
                        conn.execute(update(table).where(table.c.id == known[name])
                                     .values(last_seen=utcnow(), source="login"))
                else:
                    conn.execute(table.insert().values(team=actor.team, coach=name, source=source,
                                                       last_seen=utcnow()))
    except Exception:  # e.g. two log-ins at once; a read-only database role
        log.warning("could not note %s on the roster of %s", actor.user, actor.team, exc_info=True)


def team_coaches(conn: Connection, team: str) -> list[str]:
    """The coaches of ``team``: the roster, and whoever holds clients of the team."""
    roster = RosterRow.__table__
    clients = ClientRow.__table__
    names = set(conn.execute(select(roster.c.coach).where(roster.c.team == team)).scalars())
    names |= set(conn.execute(select(clients.c.coach).where(clients.c.team == team).distinct()).scalars())
    names.discard(LOCAL_OWNER)
    return sorted(names, key=lambda n: (n.casefold(), n))


def find_coach(conn: Connection, team: str, typed: str) -> str | None:
    """The roster's spelling of ``typed`` in ``team`` (capitals ignored), or None."""
    wanted = typed.strip().casefold()
    for name in team_coaches(conn, team):
        if name.casefold() == wanted:
            return name
    return None


def working_day_start(now_utc: dt.datetime | None = None) -> dt.datetime:
    """Midnight of today in Amsterdam, as naive UTC (how the database keeps times)."""
    now = (now_utc or utcnow()).replace(tzinfo=dt.timezone.utc).astimezone(TIMEZONE)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.astimezone(dt.timezone.utc).replace(tzinfo=None)


def working_day_end(now_utc: dt.datetime | None = None) -> dt.datetime:
    """Midnight at the end of today in Amsterdam, as naive UTC."""
    start = working_day_start(now_utc).replace(tzinfo=dt.timezone.utc).astimezone(TIMEZONE)
    end = (start + dt.timedelta(days=1, hours=2)).replace(hour=0, minute=0)
    return end.astimezone(dt.timezone.utc).replace(tzinfo=None)


def record_hand_over(conn: Connection, client_id: int, by_user: str, from_coach: str, from_team: str,
                     to_coach: str, to_team: str) -> int:
    table = HandOverRow.__table__
    result = conn.execute(table.insert().values(
        client_id=client_id, at=utcnow(), by_user=by_user, from_coach=from_coach, from_team=from_team,
        to_coach=to_coach, to_team=to_team,
    ))
    return int(result.inserted_primary_key[0])


def undoable(conn: Connection, by_user: str, client_id: int | None = None) -> list[dict]:
    """Today's hand-overs by ``by_user`` that may still be undone: not undone, and the client
    still with the coach it was handed to (newest first)."""
    table = HandOverRow.__table__
    clients = ClientRow.__table__
    query = (
        select(table.c.id, table.c.client_id, table.c.at, table.c.from_coach, table.c.from_team,
               table.c.to_coach, table.c.to_team, clients.c.pseudonym)
        .join(clients, clients.c.id == table.c.client_id)
        .where(table.c.by_user == by_user, table.c.undone_at.is_(None), table.c.at >= working_day_start(),
               clients.c.coach == table.c.to_coach, clients.c.team == table.c.to_team)
        .order_by(table.c.at.desc(), table.c.id.desc())
    )
    if client_id is not None:
        query = query.where(table.c.client_id == client_id)
    found, seen = [], set()
    for row in conn.execute(query):
        if row.client_id in seen:
            continue
        # only the newest hand-over of a client can be undone
        newest = conn.execute(select(table.c.id).where(table.c.client_id == row.client_id)
                              .order_by(table.c.at.desc(), table.c.id.desc()).limit(1)).scalar()
        seen.add(row.client_id)
        if newest == row.id:
            found.append(dict(row._mapping))
    return found


def mark_undone(conn: Connection, hand_over_id: int) -> None:
    table = HandOverRow.__table__
    conn.execute(update(table).where(table.c.id == hand_over_id).values(undone_at=utcnow()))
