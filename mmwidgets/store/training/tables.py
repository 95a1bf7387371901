"""Tables of the training sessions: a session with a short code, its trainees (a nickname
only), their bridge answers per vignette and sub-pillar, and their other exercise answers.

Nothing here is about real clients: vignettes are fictional and trainees are known by a
first name or nickname. Erasing a session removes its trainees and everything they answered
(``ON DELETE CASCADE``). Times are naive UTC.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mmwidgets.store.db import Base


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class TrainingSessionRow(Base):
    __tablename__ = "training_sessions"
    # ids are never reused (SQLite AUTOINCREMENT): a page still open on an erased session or
    # trainee can never write into a newer one that happened to get the same id
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    definition_key: Mapped[str] = mapped_column(String(60))
    vignette_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    closed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class TrainingStageRow(Base):
    """The exercise (1 to 4) the trainer has moved the group to; no row means exercise 1.

    A table of its own rather than a column of ``training_sessions``: a new table is created
    complete by ``Base.metadata.create_all`` on every database, old ones included, so this
    needs no migration step."""

    __tablename__ = "training_stages"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    exercise: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class TraineeRow(Base):
    __tablename__ = "training_trainees"
    __table_args__ = (
        UniqueConstraint("session_id", "nick_key", name="uq_trainee_nickname"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id", ondelete="CASCADE"))
    nickname: Mapped[str] = mapped_column(String(20))
    nick_key: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class TrainingAnswerRow(Base):
    """One trainee's step for one sub-pillar of one vignette (exercise 1), saved on every click."""

    __tablename__ = "training_answers"
    __table_args__ = (
        UniqueConstraint("trainee_id", "vignette_id", "subpillar_id", name="uq_training_answer"),
        Index("ix_training_answers_vignette", "vignette_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("training_trainees.id", ondelete="CASCADE"))
    vignette_id: Mapped[str] = mapped_column(String(40))
    subpillar_id: Mapped[str] = mapped_column(String(40))
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class TrainingCheckRow(Base):
    """When a trainee asked for feedback on a vignette (and so saw the reference), and how often."""

    __tablename__ = "training_checks"
    __table_args__ = (UniqueConstraint("trainee_id", "vignette_id", name="uq_training_check"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("training_trainees.id", ondelete="CASCADE"))
    vignette_id: Mapped[str] = mapped_column(String(40))
    checks: Mapped[int] = mapped_column(Integer, default=0)
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class TrainingResponseRow(Base):
    """Any other answer: a chosen reply or an open reply (exercise 2), a quiz answer (exercise 4)."""

    __tablename__ = "training_responses"
    __table_args__ = (
        UniqueConstraint("trainee_id", "exercise", "item_id", name="uq_training_response"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("training_trainees.id", ondelete="CASCADE"))
    exercise: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[str] = mapped_column(String(60))
    value: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class TrainingKeyRow(Base):
    """The hash of a key: the trainer's for a session (``trainee_id`` empty) or one trainee's.

    Only the SHA-256 hash is kept; the key itself lives in that person's browser."""

    __tablename__ = "training_keys"
    __table_args__ = (UniqueConstraint("session_id", "trainee_id", name="uq_training_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id", ondelete="CASCADE"))
    trainee_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_trainees.id", ondelete="CASCADE"), nullable=True
    )
    key_hash: Mapped[str] = mapped_column(String(64))


class TrainingMissRow(Base):
    """A session code that was tried and did not exist (no code or name is kept: only when)."""

    __tablename__ = "training_misses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)


class TrainingAddressMissRow(Base):
    """A missed session code from one address (the server's keyed hash of it, never the address
    itself), so that an address that keeps missing is slowed down; kept a day at most."""

    __tablename__ = "training_address_misses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
