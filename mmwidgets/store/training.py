"""TrainingRepo: training sessions, trainees and their answers. Every method is one transaction.

A trainer creates a session (a code like ``BRUG-4821``); trainees join with the code and a
nickname. Joining again with the same nickname (a reloaded page) resumes that trainee with
their answers: a closed tab loses nothing. Answers are saved on every click.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mmwidgets.model.assessment import InvalidInput, check_step
from mmwidgets.model.definition import BridgeDefinition
from mmwidgets.model.files import Problem
from mmwidgets.model.training import (
    TraineeProgress,
    check_nickname,
    check_response,
    make_session_code,
    normalise_session_code,
)
from mmwidgets.store.db import Store
from mmwidgets.store.training_tables import (
    TraineeRow,
    TrainingAnswerRow,
    TrainingCheckRow,
    TrainingResponseRow,
    TrainingSessionRow,
    utcnow,
)

EXERCISES = ("coach", "coach_open", "quiz", "plan")
_ID_MAX = 40


@dataclass(frozen=True)
class SessionInfo:
    id: int
    code: str
    definition_key: str
    vignette_id: str | None
    closed: bool
    created_at: dt.datetime


@dataclass(frozen=True)
class Trainee:
    id: int
    session_id: int
    nickname: str
    resumed: bool = False  # True when this nickname had joined this session before


def _session(row: TrainingSessionRow) -> SessionInfo:
    return SessionInfo(row.id, row.code, row.definition_key, row.vignette_id, bool(row.closed), row.created_at)


def _unknown_code(code: str) -> InvalidInput:
    return InvalidInput(Problem("", "train_code_unknown", {"code": code}))


def _not_joined() -> InvalidInput:
    return InvalidInput(Problem("", "train_not_joined"))


def _check_id(value: str, where: str) -> str:
    if not isinstance(value, str) or not value or len(value) > _ID_MAX:
        raise InvalidInput(Problem(where, "pyd_other", {"detail": str(value)[:40]}))
    return value


def _upsert(s: Session, row_class: type, keys: dict[str, Any], **values: Any) -> None:
    """Insert the row with these keys, or update its values (one answer per trainee and item)."""
    row = s.scalar(select(row_class).filter_by(**keys))
    if row is None:
        s.add(row_class(**keys, **values))
        return
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_at = utcnow()


class TrainingRepo:
    def __init__(self, store: Store):
        self.store = store

    # -- sessions ------------------------------------------------------------------------
    def create_session(self, definition_key: str, vignette_id: str | None = None) -> SessionInfo:
        """A new open session with a fresh, unused code."""
        for _ in range(50):
            code = make_session_code(secrets.choice, lambda: 1000 + secrets.randbelow(9000))
            try:
                with self.store.transaction() as s:
                    if s.scalar(select(TrainingSessionRow.id).where(TrainingSessionRow.code == code)):
                        continue
                    row = TrainingSessionRow(code=code, definition_key=definition_key, vignette_id=vignette_id)
                    s.add(row)
                    s.flush()
                    return _session(row)
            except IntegrityError:  # another trainer drew the same code at the same moment
                continue
        raise RuntimeError("no free session code found")  # 144,000 codes: not reached in practice

    def session(self, code: str) -> SessionInfo:
        """The open session with this code (typed loosely), or :class:`InvalidInput`."""
        normal = normalise_session_code(code)
        with self.store.transaction() as s:
            row = s.scalar(select(TrainingSessionRow).where(TrainingSessionRow.code == normal))
            if row is None or row.closed:
                raise _unknown_code(normal)
            return _session(row)

    def session_by_id(self, session_id: int) -> SessionInfo | None:
        with self.store.transaction() as s:
            row = s.get(TrainingSessionRow, session_id)
            return _session(row) if row else None

    def set_vignette(self, session_id: int, vignette_id: str | None) -> None:
        with self.store.transaction() as s:
            row = s.get(TrainingSessionRow, session_id)
            if row is not None:
                row.vignette_id = _check_id(vignette_id, "vignette") if vignette_id else None

    def close_session(self, session_id: int) -> None:
        with self.store.transaction() as s:
            row = s.get(TrainingSessionRow, session_id)
            if row is not None:
                row.closed = True

    def delete_sessions_before(self, moment: dt.datetime) -> int:
        """Erase sessions created before ``moment`` with all their trainees and answers."""
        with self.store.transaction() as s:
            result = s.execute(delete(TrainingSessionRow).where(TrainingSessionRow.created_at < moment))
            return result.rowcount or 0

    # -- trainees ------------------------------------------------------------------------
    def join(self, code: str, nickname: str) -> Trainee:
        """Join the open session ``code`` as ``nickname``; the same nickname again resumes."""
        name = check_nickname(nickname)
        key = name.casefold()
        for _ in range(2):
            try:
                with self.store.transaction() as s:
                    session = s.scalar(
                        select(TrainingSessionRow).where(TrainingSessionRow.code == normalise_session_code(code))
                    )
                    if session is None or session.closed:
                        raise _unknown_code(normalise_session_code(code))
                    row = s.scalar(
                        select(TraineeRow).where(TraineeRow.session_id == session.id, TraineeRow.nick_key == key)
                    )
                    if row is not None:
                        return Trainee(row.id, session.id, row.nickname, resumed=True)
                    row = TraineeRow(session_id=session.id, nickname=name, nick_key=key)
                    s.add(row)
                    s.flush()
                    return Trainee(row.id, session.id, row.nickname)
            except IntegrityError:  # the same nickname joined at the same moment: resume it
                continue
        raise _unknown_code(code)

    def trainees(self, session_id: int) -> list[Trainee]:
        with self.store.transaction() as s:
            rows = s.scalars(
                select(TraineeRow).where(TraineeRow.session_id == session_id).order_by(TraineeRow.id)
            )
            return [Trainee(r.id, r.session_id, r.nickname) for r in rows]

    def _trainee(self, s: Session, trainee_id: int) -> TraineeRow:
        row = s.get(TraineeRow, trainee_id)
        if row is None:
            raise _not_joined()
        return row

    # -- bridge answers (exercise 1) -----------------------------------------------------
    def save_step(
        self,
        trainee_id: int,
        vignette_id: str,
        sub_id: str,
        step: int | None,
        definition: BridgeDefinition | None = None,
    ) -> None:
        """Save (or clear, with ``None``) one step; checked against ``definition`` when given."""
        _check_id(vignette_id, "vignette")
        _check_id(sub_id, "subpillar")
        if definition is not None:
            step = check_step(definition, sub_id, step)
        with self.store.transaction() as s:
            self._trainee(s, trainee_id)
            _upsert(s, TrainingAnswerRow, {"trainee_id": trainee_id, "vignette_id": vignette_id, "subpillar_id": sub_id},
                    step=step)  # fmt: skip

    def answers(self, trainee_id: int, vignette_id: str) -> dict[str, int]:
        with self.store.transaction() as s:
            rows = s.execute(
                select(TrainingAnswerRow.subpillar_id, TrainingAnswerRow.step).where(
                    TrainingAnswerRow.trainee_id == trainee_id,
                    TrainingAnswerRow.vignette_id == vignette_id,
                    TrainingAnswerRow.step.is_not(None),
                )
            )
            return {sub: step for sub, step in rows}

    def record_check(self, trainee_id: int, vignette_id: str) -> int:
        """The trainee asked for feedback (saw the reference); returns how often so far."""
        with self.store.transaction() as s:
            self._trainee(s, trainee_id)
            row = self._check_row(s, trainee_id, vignette_id)
            row.checks += 1
            row.updated_at = utcnow()
            return row.checks

    def start_again(self, trainee_id: int, vignette_id: str) -> int:
        """Clear the trainee's steps for a new attempt; returns the new attempt number."""
        with self.store.transaction() as s:
            self._trainee(s, trainee_id)
            s.execute(
                delete(TrainingAnswerRow).where(
                    TrainingAnswerRow.trainee_id == trainee_id, TrainingAnswerRow.vignette_id == vignette_id
                )
            )
            row = self._check_row(s, trainee_id, vignette_id)
            row.attempt += 1
            row.updated_at = utcnow()
            return row.attempt

    @staticmethod
    def _check_row(s: Session, trainee_id: int, vignette_id: str) -> TrainingCheckRow:
        row = s.scalar(
            select(TrainingCheckRow).where(
                TrainingCheckRow.trainee_id == trainee_id, TrainingCheckRow.vignette_id == vignette_id
            )
        )
        if row is None:
            row = TrainingCheckRow(trainee_id=trainee_id, vignette_id=_check_id(vignette_id, "vignette"), checks=0, attempt=1)
            s.add(row)
        return row

    def group_answers(self, session_id: int, vignette_id: str) -> list[TraineeProgress]:
        """Every trainee of the session (in join order) with their steps for ``vignette_id``."""
        with self.store.transaction() as s:
            trainees = list(
                s.execute(
                    select(TraineeRow.id, TraineeRow.nickname)
                    .where(TraineeRow.session_id == session_id)
                    .order_by(TraineeRow.id)
                )
            )
            ids = [t for t, _ in trainees]
            steps: dict[int, dict[str, int]] = {t: {} for t in ids}
            checks: dict[int, tuple[int, int]] = {}
            if ids:
                for trainee_id, sub, step in s.execute(
                    select(TrainingAnswerRow.trainee_id, TrainingAnswerRow.subpillar_id, TrainingAnswerRow.step).where(
                        TrainingAnswerRow.trainee_id.in_(ids),
                        TrainingAnswerRow.vignette_id == vignette_id,
                        TrainingAnswerRow.step.is_not(None),
                    )
                ):
                    steps[trainee_id][sub] = step
                for trainee_id, n, attempt in s.execute(
                    select(TrainingCheckRow.trainee_id, TrainingCheckRow.checks, TrainingCheckRow.attempt).where(
                        TrainingCheckRow.trainee_id.in_(ids), TrainingCheckRow.vignette_id == vignette_id
                    )
                ):
                    checks[trainee_id] = (n, attempt)
            return [
                TraineeProgress(name, steps[t], *checks.get(t, (0, 1)))
                for t, name in trainees
            ]

    # -- other answers (exercises 2 to 4) --------------------------------------------------
    def save_response(self, trainee_id: int, exercise: str, item_id: str, value: str) -> None:
        if exercise not in EXERCISES:
            raise InvalidInput(Problem("exercise", "pyd_literal_error", {"expected": ", ".join(EXERCISES)}))
        _check_id(item_id, "item")
        value = check_response(value)
        with self.store.transaction() as s:
            self._trainee(s, trainee_id)
            _upsert(s, TrainingResponseRow, {"trainee_id": trainee_id, "exercise": exercise, "item_id": item_id},
                    value=value)  # fmt: skip

    def responses(self, trainee_id: int, exercise: str) -> dict[str, str]:
        with self.store.transaction() as s:
            rows = s.execute(
                select(TrainingResponseRow.item_id, TrainingResponseRow.value).where(
                    TrainingResponseRow.trainee_id == trainee_id, TrainingResponseRow.exercise == exercise
                )
            )
            return {item: value for item, value in rows}
