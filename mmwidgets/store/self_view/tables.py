"""Tables of the client's own bridge (issue 22).

- ``self_invitations``: one personal link per row, bound to one client and one bridge
  (id@version). Only the token's hash is kept. Ends by expiry, by the coach (``ended_at``) or
  when the client presses "Klaar" (``finished_at``).
- ``self_choices``: the client's own answers through one invitation, dated per part
  (``updated_at``), kept apart from the conversation's ``choices``: the progress line and the
  team report never read them.
- ``self_attempts``: wrong links per address (a keyed hash, never the address itself), for
  slowing down guessing.

``self_invitations`` has a ``client_id`` to ``clients`` (and ``self_choices`` goes through it),
so the access guard shows a coach only their own clients' links and answers, and erasing a
client erases them too.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mmwidgets.store.db import Base
from mmwidgets.store.tables import utcnow


class SelfInvitationRow(Base):
    __tablename__ = "self_invitations"
    __table_args__ = (Index("ix_self_invitations_client", "client_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    definition_id: Mapped[str] = mapped_column(String(40))
    definition_version: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    opened_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class SelfChoiceRow(Base):
    __tablename__ = "self_choices"
    __table_args__ = (UniqueConstraint("invitation_id", "subpillar_id", name="uq_self_choice_part"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("self_invitations.id", ondelete="CASCADE"))
    subpillar_id: Mapped[str] = mapped_column(String(40))
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    focus: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class SelfAttemptRow(Base):
    __tablename__ = "self_attempts"
    __table_args__ = (Index("ix_self_attempts_at", "at"), Index("ix_self_attempts_address_at", "address_key", "at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    address_key: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
