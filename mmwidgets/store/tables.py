"""Tables for clients, their assessments and the step chosen per sub-pillar.

Other modules that keep data about a client add a foreign key to ``clients.id`` with
``ondelete="CASCADE"``, so that erasing a client removes everything of theirs.
Times are stored as naive UTC.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mmwidgets.model.actor import LOCAL_OWNER, LOCAL_TEAM
from mmwidgets.store.db import Base


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def name_key(pseudonym: str) -> str:
    return pseudonym.casefold()


class ClientRow(Base):
    __tablename__ = "clients"
    # A coach's own clients have different names (revision mm0006); two coaches may each have an
    # "Anna", so no coach learns another's names from "naam al in gebruik".
    __table_args__ = (UniqueConstraint("coach", "name_key", name="uq_clients_coach_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pseudonym: Mapped[str] = mapped_column(String(60))
    # The pseudonym case-folded: names differing only in capitals count as the same name,
    # also for two writers at once; search and sorting use it.
    name_key: Mapped[str] = mapped_column(String(240))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # The responsible coach (a JupyterHub user name; "~lokaal": the laptop's user) and team (store/access/guard.py).
    coach: Mapped[str] = mapped_column(String(100), default=LOCAL_OWNER, server_default=LOCAL_OWNER)
    team: Mapped[str] = mapped_column(String(100), default=LOCAL_TEAM, server_default=LOCAL_TEAM)

    assessments: Mapped[list["AssessmentRow"]] = relationship(
        back_populates="client", cascade="all, delete-orphan", passive_deletes=True
    )


class AssessmentRow(Base):
    __tablename__ = "assessments"
    # One conversation per client per date (per bridge id@version): two tabs opening the same
    # client at once get the same row (store/assessments.py open_conversation).
    __table_args__ = (
        Index("ix_assessments_client_date", "client_id", "date"),
        UniqueConstraint(
            "client_id", "date", "definition_id", "definition_version", name="uq_assessment_day"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    definition_id: Mapped[str] = mapped_column(String(40))
    definition_version: Mapped[int] = mapped_column(Integer)
    stress: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stress_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Saves of the check-in (stress, stress_note); a stale change is refused (StaleChange).
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    client: Mapped[ClientRow] = relationship(back_populates="assessments")
    choices: Mapped[list["ChoiceRow"]] = relationship(
        back_populates="assessment",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ChoiceRow.id",
    )


class ChoiceRow(Base):
    __tablename__ = "choices"
    __table_args__ = (UniqueConstraint("assessment_id", "subpillar_id", name="uq_choice_subpillar"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    subpillar_id: Mapped[str] = mapped_column(String(40))
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    chosen_by: Mapped[str] = mapped_column(String(10), default="together")
    note: Mapped[str] = mapped_column(Text, default="")
    focus: Mapped[bool] = mapped_column(Boolean, default=False)
    # Saves of this choice; a stale change is refused (StaleChange).
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    assessment: Mapped[AssessmentRow] = relationship(back_populates="choices")


class ResearchCodeRow(Base):
    """A stable random code per client for pseudonymised research exports."""

    __tablename__ = "research_codes"

    client_id: Mapped[int] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
