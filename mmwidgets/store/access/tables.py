"""Tables of the access log (BIO2 8.15.01) and of the key for the clients' log codes.

``access_log`` is append-only: nothing in mmwidgets updates or deletes a line, and the
database refuses it too (triggers made by migration step "access log append-only").
It has no foreign key to ``clients``: erasing a client keeps their log lines, which name
the client only by a pseudonymous code (see :func:`mmwidgets.store.access.guard.client_code`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mmwidgets.store.db import Base
from mmwidgets.store.tables import utcnow

ACTIONS: tuple[str, ...] = ("open", "change", "export", "hand_over", "erase", "search")
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
