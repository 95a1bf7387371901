"""TrainingRepo: training sessions, trainees and their answers. Every method is one transaction.

A trainer creates a session (a code like ``BRUG-4821-KXPT``) and gets the trainer's key; trainees
join with the code and a nickname and get their own key, kept by their browser. Joining again with
the same nickname resumes that trainee with their answers only with that key (a reloaded page):
a closed tab loses nothing, and nobody else can take over a nickname. Answers are saved on every click.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, replace
from typing import Any, Callable

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mmwidgets.model.assessment import InvalidInput, check_step
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.model.bridge.files import Problem
from mmwidgets.model.typed_input import clean_text
from mmwidgets.model.training.content import (
    TraineeProgress,
    check_nickname,
    check_plan_response,
    check_response,
    nickname_key,
    nicknames_look_alike,
)
from mmwidgets.model.training.access import (
    ADDRESS_WINDOW,
    FREE_MISSES,
    SERVER_WINDOW,
    address_delay,
    GuessBrake,
    key_hash,
    key_matches,
    make_session_code,
    new_key,
    normalise_session_code,
    server_busy,
)
from mmwidgets.store.db import Database
from mmwidgets.store.training.tables import (
    TraineeRow,
    TrainingAddressMissRow,
    TrainingAnswerRow,
    TrainingCheckRow,
    TrainingKeyRow,
    TrainingMissRow,
    TrainingResponseRow,
    TrainingSessionRow,
    TrainingStageRow,
    utcnow,
)
from mmwidgets.model.training.stage import check_exercise

EXERCISES = ("coach", "coach_open", "quiz", "plan")
#: where a trainee's page is (the exercise it shows, and when it last said so), kept as a
#: response row of its own kind so the trainer sees who is where; never shown as an answer
WHERE_KIND, WHERE_ITEM = "_where", "page"
_ID_MAX = 40
#: a typed session code (``BRUG-4821-KXPT`` with spaces) fits well within this
_CODE_TYPED_MAX = 40
#: keys are made by new_key() (22 URL-safe characters); anything else never matches
_KEY_MAX = 100


def _typed_code(code: str) -> str:
    """A session code as typed, cleaned like any typed text (no NUL, bounded) before it is looked up."""
    return clean_text(code, where="session_code", max_length=_CODE_TYPED_MAX)


def _plain_key(key: str | None) -> str | None:
    """The key a browser kept, or None when it cannot be one of ours (so it matches nothing)."""
    if not isinstance(key, str):
        return None
    key = key.strip()
    return key if key.isascii() and key.isprintable() and 0 < len(key) <= _KEY_MAX else None


@dataclass(frozen=True)
class SessionInfo:
    id: int
    code: str
    definition_key: str
    vignette_id: str | None
    closed: bool
    created_at: dt.datetime
    trainer_key: str | None = None  # only right after the trainer started the session
    exercise: int = 1  # the exercise (1 to 4) the trainer has moved the group to


@dataclass(frozen=True)
class Trainee:
    id: int
    session_id: int
    nickname: str
    resumed: bool = False  # True when this nickname had joined this session before
    key: str | None = None  # the trainee's key, given out once when they first join


def _session(row: TrainingSessionRow, exercise: int = 1) -> SessionInfo:
    return SessionInfo(
        row.id, row.code, row.definition_key, row.vignette_id, bool(row.closed), row.created_at, exercise=exercise
    )


def _info(s: Session, row: TrainingSessionRow) -> SessionInfo:
    """The session with the exercise the group is on (1 when the trainer never moved it)."""
    stage = s.get(TrainingStageRow, row.id)
    return _session(row, stage.exercise if stage is not None else 1)


def _unknown_code(code: str) -> InvalidInput:
    return InvalidInput(Problem("", "train_code_unknown", {"code": code}))


class _Missed(Exception):
    """A session code that does not exist: written down, then refused with ``error``."""

    def __init__(self, error: InvalidInput, delay: float = 0.0):
        super().__init__(str(error))
        self.error = error
        self.delay = delay


def _not_joined() -> InvalidInput:
    return InvalidInput(Problem("", "train_not_joined"))


def _check_id(value: str, where: str) -> str:
    if not isinstance(value, str) or not value or len(value) > _ID_MAX or not value.isprintable():
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
    #: how a missed code's answer waits (tests put their own clock here)
    sleep: Callable[[float], None] = staticmethod(time.sleep)

    def __init__(self, store: Database):
        self.store = store

    # -- sessions ------------------------------------------------------------------------
    def create_session(self, definition_key: str, vignette_id: str | None = None) -> SessionInfo:
        """A new open session with a fresh, unused code; ``trainer_key`` is handed out only here."""
        key = new_key()
        for _ in range(50):
            code = make_session_code()
            try:
                with self.store.transaction() as s:
                    if s.scalar(select(TrainingSessionRow.id).where(TrainingSessionRow.code == code)):
                        continue
                    row = TrainingSessionRow(code=code, definition_key=definition_key, vignette_id=vignette_id)
                    s.add(row)
                    s.flush()
                    s.add(TrainingKeyRow(session_id=row.id, trainee_id=None, key_hash=key_hash(key)))
                    return replace(_session(row), trainer_key=key)
            except IntegrityError:  # another trainer drew the same code at the same moment
                continue
        raise RuntimeError("no free session code found")  # 2 * 10^10 codes: not reached in practice

    def _open_row(self, s: Session, code: str, brake: GuessBrake | None) -> TrainingSessionRow:
        """The open session with this code, or :class:`_Missed` (to raise AFTER the commit, so the
        miss is written down for the server-wide brake)."""
        now = utcnow()
        if brake is not None:
            brake.check(now)  # this page (browser) guessed too often: it waits, nobody else does
        normal = normalise_session_code(_typed_code(code))
        row = s.scalar(select(TrainingSessionRow).where(TrainingSessionRow.code == normal))
        if row is not None and row.closed:  # a real code, not a guess: no miss, the reason said
            raise InvalidInput(Problem("", "train_session_closed"))
        if row is None:
            recent = s.scalar(select(func.count(TrainingMissRow.id)).where(TrainingMissRow.at >= now - SERVER_WINDOW))
            s.add(TrainingMissRow(at=now))
            s.execute(delete(TrainingMissRow).where(TrainingMissRow.at < now - dt.timedelta(days=1)))
            if brake is not None:  # many misses on the server lately: no free misses for this page
                brake.missed(now, free=0 if server_busy(recent or 0) else FREE_MISSES)
            raise _Missed(_unknown_code(normal), self._address_missed(s, brake, now))
        if brake is not None:
            brake.hit()
        return row

    def _address_missed(self, s: Session, brake: GuessBrake | None, now: dt.datetime) -> float:
        """Write down a miss from the page's address; the seconds its answer waits (0: none)."""
        address = brake.where() if brake is not None else ""
        if not address:
            return 0.0
        recent = s.scalar(
            select(func.count(TrainingAddressMissRow.id)).where(
                TrainingAddressMissRow.address == address, TrainingAddressMissRow.at >= now - ADDRESS_WINDOW
            )
        )
        s.add(TrainingAddressMissRow(address=address, at=now))
        s.execute(delete(TrainingAddressMissRow).where(TrainingAddressMissRow.at < now - dt.timedelta(days=1)))
        return address_delay(recent or 0)

    def _with_code(self, run: Callable[[Session], Any]) -> Any:
        """``run(session)`` in one transaction; a missed code is committed, then refused (after
        the address's delay: the guesser's page waits, nobody else's)."""
        with self.store.transaction() as s:
            try:
                return run(s)
            except _Missed as missed:
                result = missed
        if result.delay > 0:
            self.sleep(result.delay)
        raise result.error

    def session(self, code: str, brake: GuessBrake | None = None) -> SessionInfo:
        """The open session with this code (typed loosely), or :class:`InvalidInput`."""
        return self._with_code(lambda s: _info(s, self._open_row(s, code, brake)))

    def open_session(self, code: str, key: str, brake: GuessBrake | None = None) -> SessionInfo:
        """The trainer's view of a session: the code alone is not enough, the trainer's key is needed."""

        def run(s: Session) -> SessionInfo:
            row = self._open_row(s, code, brake)
            stored = s.scalar(
                select(TrainingKeyRow.key_hash).where(
                    TrainingKeyRow.session_id == row.id, TrainingKeyRow.trainee_id.is_(None)
                )
            )
            if not key_matches(_plain_key(key), stored):
                if brake is not None:
                    brake.missed(utcnow())
                raise InvalidInput(Problem("", "train_trainer_key_wrong"))
            return _info(s, row)

        return self._with_code(run)

    def session_by_id(self, session_id: int) -> SessionInfo | None:
        with self.store.transaction() as s:
            row = s.get(TrainingSessionRow, session_id)
            return _info(s, row) if row else None

    def set_vignette(self, session_id: int, vignette_id: str | None) -> None:
        with self.store.transaction() as s:
            row = s.get(TrainingSessionRow, session_id)
            if row is not None:
                row.vignette_id = _check_id(vignette_id, "vignette") if vignette_id else None

    def set_exercise(self, session_id: int, exercise: int) -> None:
        """Move the whole group to exercise 1 to 4; every trainee page follows (apps/training.py)."""
        exercise = check_exercise(exercise)
        with self.store.transaction() as s:
            if s.get(TrainingSessionRow, session_id) is None:
                return
            stage = s.get(TrainingStageRow, session_id)
            if stage is None:
                s.add(TrainingStageRow(session_id=session_id, exercise=exercise))
            else:
                stage.exercise = exercise
                stage.updated_at = utcnow()

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
    def join(self, code: str, nickname: str, key: str | None = None, brake: GuessBrake | None = None) -> Trainee:
        """Join the open session ``code`` as ``nickname``.

        A new nickname gets a key (``Trainee.key``) that the trainee's browser keeps. A nickname
        already in the session resumes only with that trainee's key (their reloaded page);
        anyone else is refused, so nobody can change another trainee's answers.
        """
        name = check_nickname(nickname)
        nick_key = nickname_key(name)

        def run(s: Session) -> Trainee:
            session = self._open_row(s, code, brake)
            row = s.scalar(select(TraineeRow).where(TraineeRow.session_id == session.id, TraineeRow.nick_key == nick_key))
            if row is not None:
                stored = s.scalar(select(TrainingKeyRow.key_hash).where(TrainingKeyRow.trainee_id == row.id))
                if not key_matches(_plain_key(key), stored):
                    raise InvalidInput(Problem("", "train_nick_taken", {"name": row.nickname}))
                return Trainee(row.id, session.id, row.nickname, resumed=True)
            for other in s.scalars(select(TraineeRow.nickname).where(TraineeRow.session_id == session.id)):
                if nicknames_look_alike(other, name):  # "Аnne" (Cyrillic А) beside "Anne"
                    raise InvalidInput(Problem("", "train_nick_lookalike", {"name": other}))
            row = TraineeRow(session_id=session.id, nickname=name, nick_key=nick_key)
            s.add(row)
            s.flush()
            fresh = new_key()
            s.add(TrainingKeyRow(session_id=session.id, trainee_id=row.id, key_hash=key_hash(fresh)))
            return Trainee(row.id, session.id, row.nickname, key=fresh)

        try:
            return self._with_code(run)
        except IntegrityError:  # the same nickname joined at the very same moment from elsewhere
            raise InvalidInput(Problem("", "train_nick_taken", {"name": name})) from None

    def trainees(self, session_id: int) -> list[Trainee]:
        with self.store.transaction() as s:
            rows = s.scalars(
                select(TraineeRow).where(TraineeRow.session_id == session_id).order_by(TraineeRow.id)
            )
            return [Trainee(r.id, r.session_id, r.nickname) for r in rows]

    def _trainee(self, s: Session, trainee_id: int) -> TraineeRow:
        """The trainee who is about to write; refused when unknown or the session was closed."""
        row = s.get(TraineeRow, trainee_id)
        if row is None:
            raise _not_joined()
        if s.scalar(select(TrainingSessionRow.closed).where(TrainingSessionRow.id == row.session_id)):
            raise InvalidInput(Problem("", "train_session_closed"))
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

    # -- where the trainees' pages are --------------------------------------------------------
    def mark_where(self, trainee_id: int, exercise: int) -> None:
        """A trainee's page says it shows ``exercise`` and works (on joining, and now and then)."""
        exercise = check_exercise(exercise)
        with self.store.transaction() as s:
            if s.get(TraineeRow, trainee_id) is None:
                return
            row = s.scalar(
                select(TrainingResponseRow).filter_by(trainee_id=trainee_id, exercise=WHERE_KIND, item_id=WHERE_ITEM)
            )
            if row is None:
                s.add(TrainingResponseRow(trainee_id=trainee_id, exercise=WHERE_KIND, item_id=WHERE_ITEM, value=str(exercise)))
            else:
                row.value, row.updated_at = str(exercise), utcnow()

    def where(self, session_id: int) -> list[tuple[str, int | None, dt.datetime | None]]:
        """Every trainee of the session (join order): nickname, the exercise their page last
        reported (None: never) and when."""
        with self.store.transaction() as s:
            rows = s.execute(
                select(TraineeRow.nickname, TrainingResponseRow.value, TrainingResponseRow.updated_at)
                .outerjoin(
                    TrainingResponseRow,
                    (TrainingResponseRow.trainee_id == TraineeRow.id)
                    & (TrainingResponseRow.exercise == WHERE_KIND)
                    & (TrainingResponseRow.item_id == WHERE_ITEM),
                )
                .where(TraineeRow.session_id == session_id)
                .order_by(TraineeRow.id)
            )
            return [(name, int(value) if value and value.isdigit() else None, at) for name, value, at in rows]

    # -- other answers (exercises 2 to 4) --------------------------------------------------
    def save_response(self, trainee_id: int, exercise: str, item_id: str, value: str) -> None:
        if exercise not in EXERCISES:
            raise InvalidInput(Problem("exercise", "pyd_literal_error", {"expected": ", ".join(EXERCISES)}))
        _check_id(item_id, "item")
        # exercise 3 is stored as JSON with ISO dates: the guard looks at the typed text inside it only
        value = check_plan_response(value) if exercise == "plan" else check_response(value)
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

    def group_responses(self, session_id: int, exercise: str) -> dict[str, list[tuple[str, str]]]:
        """Every trainee's answer per item of one exercise: ``{item_id: [(nickname, value), ...]}``,
        trainees in join order. Nicknames only: nothing else about a trainee is kept."""
        with self.store.transaction() as s:
            rows = s.execute(
                select(TrainingResponseRow.item_id, TraineeRow.nickname, TrainingResponseRow.value)
                .join(TraineeRow, TraineeRow.id == TrainingResponseRow.trainee_id)
                .where(TraineeRow.session_id == session_id, TrainingResponseRow.exercise == exercise)
                .order_by(TraineeRow.id)
            )
            out: dict[str, list[tuple[str, str]]] = {}
            for item_id, nickname, value in rows:
                out.setdefault(item_id, []).append((nickname, value))
            return out

