"""Tables of the goal-action plans: goals, actions, agreed rewards, the ledger, the history.

Every table refers to ``clients.id`` with ``ON DELETE CASCADE`` (actions and rewards also
to their goal), so erasing a client removes their whole plan. Goals, actions, rewards and
ledger lines carry the model's ``key``. History values are JSON text; times are naive UTC.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mmwidgets.store.db import Base


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


_CLIENT_FK = "clients.id"


class PlanRow(Base):
    """Per client: the next appointment and the plan checks the coach chose to ignore."""

    __tablename__ = "plans"

    client_id: Mapped[int] = mapped_column(ForeignKey(_CLIENT_FK, ondelete="CASCADE"), primary_key=True)
    next_meeting: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    next_meeting_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    ignored: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class GoalRow(Base):
    __tablename__ = "plan_goals"
    __table_args__ = (Index("ix_plan_goals_client", "client_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey(_CLIENT_FK, ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    subpillar_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    start_step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    target_step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    why: Mapped[str] = mapped_column(Text, default="", server_default="")
    done_when: Mapped[str] = mapped_column(Text, default="", server_default="")
    target_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(10), default="open", server_default="open")
    status_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    review_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    barriers: Mapped[str] = mapped_column(Text, default="", server_default="")
    barrier_plan: Mapped[str] = mapped_column(Text, default="", server_default="")
    waits_for: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ActionRow(Base):
    __tablename__ = "plan_actions"
    __table_args__ = (Index("ix_plan_actions_client", "client_id"), Index("ix_plan_actions_goal", "goal_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("plan_goals.id", ondelete="CASCADE"))
    client_id: Mapped[int] = mapped_column(ForeignKey(_CLIENT_FK, ondelete="CASCADE"))
    what: Mapped[str] = mapped_column(Text)
    who: Mapped[str | None] = mapped_column(String(10), nullable=True)
    who_name: Mapped[str] = mapped_column(String(60), default="", server_default="")
    due: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    done_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    created_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class RewardRow(Base):
    """A reward agreed up front for a goal (or an interim step of it)."""

    __tablename__ = "plan_rewards"
    __table_args__ = (Index("ix_plan_rewards_client", "client_id"), Index("ix_plan_rewards_goal", "goal_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("plan_goals.id", ondelete="CASCADE"))
    client_id: Mapped[int] = mapped_column(ForeignKey(_CLIENT_FK, ondelete="CASCADE"))
    what: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(12), default="tangible")
    for_what: Mapped[str] = mapped_column(String(10), default="goal")
    interim: Mapped[str] = mapped_column(Text, default="", server_default="")
    tier: Mapped[str | None] = mapped_column(String(40), nullable=True)
    value_cents: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class RewardGivenRow(Base):
    """The ledger: a reward handed over. Kept when the goal is removed (goal_key is text)."""

    __tablename__ = "plan_rewards_given"
    __table_args__ = (Index("ix_plan_rewards_given_client_date", "client_id", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey(_CLIENT_FK, ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    for_what: Mapped[str] = mapped_column(Text)
    value_cents: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(12), default="tangible")
    goal_key: Mapped[str | None] = mapped_column(String(32), nullable=True)
    reward_key: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class PlanHistoryRow(Base):
    """One field of a goal, action, reward or plan changed: old and new value (JSON), when."""

    __tablename__ = "plan_history"
    __table_args__ = (Index("ix_plan_history_client_at", "client_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey(_CLIENT_FK, ondelete="CASCADE"))
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    entity: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(32))
    goal_key: Mapped[str | None] = mapped_column(String(32), nullable=True)
    field: Mapped[str] = mapped_column(String(30))
    old_value: Mapped[str | None] = mapped_column(Text, nullable=True)
    new_value: Mapped[str | None] = mapped_column(Text, nullable=True)
