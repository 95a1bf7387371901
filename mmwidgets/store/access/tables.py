"""Tables of the access log (BIO2 8.15.01) and of the key for the clients' log codes.

``access_log`` is append-only: nothing in mmwidgets updates or deletes a line, and the
database refuses it too (triggers made by migration step "access log append-only").
It has no foreign key to ``clients``: erasing a client keeps their log lines, which name
the client only by a pseudonymous code (see :func:`mmwidgets.store.access.guard.client_code`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mmwidgets.store.db import Base
from mmwidgets.store.tables import utcnow

ACTIONS: tuple[str, ...] = ("open", "change", "export", "hand_over", "erase", "search",
                            "undo_hand_over", "take_over")
RESULTS: tuple[str, ...] = ("ok", "refused")


class AccessLogRow(Base):
    __tablename__ = "access_log"
    __table_args__ = (
        Index("ix_access_log_object_at", "object_code", "at"),
        Index("ix_access_log_team_at", "team", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)  # naive UTC
    actor: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    team: Mapped[str] = mapped_column(String(100))
    on_behalf_of: Mapped[str] = mapped_column(String(100), default="", server_default="")
    action: Mapped[str] = mapped_column(String(20))
    object_code: Mapped[str] = mapped_column(String(20))
    result: Mapped[str] = mapped_column(String(10))
    origin: Mapped[str] = mapped_column(String(64))
    # A code from a fixed list (e.g. the team lead's reason, the coach handed to); never client text.
    detail: Mapped[str] = mapped_column(String(100), default="", server_default="")


class AccessKeyRow(Base):
    """One secret per database, for the clients' keyed log codes."""

    __tablename__ = "access_key"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    secret: Mapped[str] = mapped_column(String(64))


class RosterRow(Base):
    """A team's coaches: noted when a coach logs in (``source`` "login") or given by the hub's
    groups (``MM_TEAM_COACHES``, ``source`` "hub"). A hand-over goes only to a coach listed here
    (or one who holds clients of the team already)."""

    __tablename__ = "team_roster"
    __table_args__ = (UniqueConstraint("team", "coach", name="uq_team_roster"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team: Mapped[str] = mapped_column(String(100))
    coach: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(10), default="login")
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)  # naive UTC


class HandOverRow(Base):
    """One hand-over of a client: from whom to whom, by whom, when; ``undone_at`` when the giver
    took it back (within the working day). Goes with the client when the client is erased."""

    __tablename__ = "hand_overs"
    __table_args__ = (Index("ix_hand_overs_client_at", "client_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)  # naive UTC
    by_user: Mapped[str] = mapped_column(String(100))
    from_coach: Mapped[str] = mapped_column(String(100))
    from_team: Mapped[str] = mapped_column(String(100))
    to_coach: Mapped[str] = mapped_column(String(100))
    to_team: Mapped[str] = mapped_column(String(100))
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True, default=None)
