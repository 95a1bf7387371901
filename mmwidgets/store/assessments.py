"""Assessments: one per conversation, a step per sub-pillar, saved on every click.

Each public method is one short transaction. Input is validated against the bridge
definition before the database is touched; invalid input raises
:class:`~mmwidgets.model.assessment.InvalidInput` and changes nothing.

One conversation per client per date (per bridge id@version): :meth:`AssessmentRepo.open_conversation`
returns it or makes it, race-safe (a unique constraint; the loser of a race re-reads), so two
tabs (two kernels) opening the same client at once share one conversation.

Stale writes: each choice and the check-in carry a ``revision`` (how often saved). A screen
passes the revision it last showed as ``expected=``; if another screen saved meanwhile,
:class:`~mmwidgets.model.assessment.StaleChange` is raised with the current value and nothing
is written. Without ``expected`` the change is written as before (last writer wins).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from mmwidgets.model.assessment import (
    Assessment,
    Choice,
    InvalidInput,
    StaleChange,
    check_chosen_by,
    check_note,
    check_step,
    check_stress,
    describe_checkin,
    describe_choice,
    parse_date,
)
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.model.dates import local_today
from mmwidgets.store.assessment_rows import (  # noqa: F401  (UNSET re-exported)
    UNSET,
    _assessment,
    _check_focus,
    _check_made_with,
    _choices_of,
    _day_query,
    _load,
    _load_many,
    _shown,
    _touch,
    _Unset,
    _upsert_choice,
    assessment_missing,
    date_taken,
)
from mmwidgets.store.reports import summary as report_summary
from mmwidgets.store.clients import client_missing, delete_tree
from mmwidgets.store.db import Database
from mmwidgets.store.tables import AssessmentRow, ChoiceRow, ClientRow, utcnow


class AssessmentRepo:
    """Assessments (conversations) in one :class:`Store`."""

    def __init__(self, store: Database):
        self.store = store

    # -- reading --------------------------------------------------------------
    def get(self, assessment_id: int) -> Assessment | None:
        with self.store.transaction() as s:
            return _load(s, assessment_id)

    def current(
        self, client_id: int, definition: BridgeDefinition, today: dt.date | None = None
    ) -> Assessment | None:
        """The conversation of this client on ``today`` (default: today) with this definition, if any.

        Lets a conversation continue after a closed tab or a restarted kernel; does not make one
        (see :meth:`open_conversation`).
        """
        day = today or local_today()
        with self.store.transaction() as s:
            row = s.execute(_day_query(client_id, definition, day)).scalar()
            return None if row is None else _load_many(s, [row])[0]

    def history(self, client_id: int) -> list[Assessment]:
        """All assessments of the client, any definition, oldest first."""
        return self.conversations(client_id)

    def conversations(
        self, client_id: int, definition: BridgeDefinition | None = None
    ) -> list[Assessment]:
        """The client's conversations by date, oldest first (only this bridge id@version if given)."""
        query = select(AssessmentRow).where(AssessmentRow.client_id == client_id)
        if definition is not None:
            query = query.where(
                AssessmentRow.definition_id == definition.id,
                AssessmentRow.definition_version == definition.version,
            )
        with self.store.transaction() as s:
            rows = s.execute(query.order_by(AssessmentRow.date, AssessmentRow.id)).scalars()
            return _load_many(s, list(rows))

    def previous(
        self,
        client_id: int,
        before: dt.date | str,
        definition: BridgeDefinition | None = None,
    ) -> Assessment | None:
        """The last conversation of the client before the date ``before`` ("last time": its
        stress, stress note and steps), or None. Only this bridge id@version if given."""
        day = parse_date(before)
        query = select(AssessmentRow).where(
            AssessmentRow.client_id == client_id, AssessmentRow.date < day
        )
        if definition is not None:
            query = query.where(
                AssessmentRow.definition_id == definition.id,
                AssessmentRow.definition_version == definition.version,
            )
        query = query.order_by(AssessmentRow.date.desc(), AssessmentRow.id.desc()).limit(1)
        with self.store.transaction() as s:
            row = s.execute(query).scalar()
            return None if row is None else _load_many(s, [row])[0]

    # -- writing --------------------------------------------------------------
    def open_conversation(
        self, client_id: int, definition: BridgeDefinition, date: dt.date | str | None = None
    ) -> Assessment:
        """The client's conversation on ``date`` (default: today) with this definition: the
        existing one, or a new empty one, saved at once. Exactly one per client, date and
        bridge: when two tabs open it at the same moment, the second insert hits the unique
        constraint and re-reads the first one's row, so both get the same conversation."""
        day = parse_date(date) if date is not None else local_today()
        for _attempt in range(3):
            try:
                with self.store.transaction() as s:
                    if s.get(ClientRow, client_id) is None:
                        raise client_missing(client_id)
                    row = s.execute(_day_query(client_id, definition, day)).scalar()
                    if row is not None:
                        return _load_many(s, [row])[0]
                    row = AssessmentRow(
                        client_id=client_id,
                        date=day,
                        definition_id=definition.id,
                        definition_version=definition.version,
                        stress=None,
                        stress_note="",
                        revision=0,
                    )
                    s.add(row)
                    s.flush()
                    return _assessment(row, {})
            except IntegrityError:  # another tab made it between our look and our insert
                continue
        found = self.current(client_id, definition, day)
        if found is None:  # pragma: no cover - the client was erased meanwhile
            raise client_missing(client_id)
        return found

    def start(
        self, client_id: int, definition: BridgeDefinition, date: dt.date | str | None = None
    ) -> Assessment:
        """The conversation on that date (default: today), made if needed: see :meth:`open_conversation`."""
        return self.open_conversation(client_id, definition, date)

    def set_choice(
        self,
        assessment_id: int,
        subpillar_id: str,
        *,
        definition: BridgeDefinition,
        step: int | None | _Unset = UNSET,
        chosen_by: str | _Unset = UNSET,
        note: str | _Unset = UNSET,
        focus: bool | _Unset = UNSET,
        expected: int | None = None,
    ) -> Assessment:
        """Save what was clicked or typed for one sub-pillar; fields not given stay as they are.

        ``step=None`` clears the step. ``definition`` must be the one the assessment was
        made with. ``expected``: the revision of this choice the screen last showed
        (``assessment.choice(sub_id).revision``; 0 when it showed none): if another screen saved
        it meanwhile, :class:`StaleChange` is raised (with the current choice) and nothing is
        written. Returns the assessment as saved; the choice's revision goes up by one.
        """
        check_step(definition, subpillar_id, None)  # the sub-pillar exists
        changes: dict[str, Any] = {}
        if step is not UNSET:
            changes["step"] = check_step(definition, subpillar_id, step)  # type: ignore[arg-type]
        if chosen_by is not UNSET:
            changes["chosen_by"] = check_chosen_by(chosen_by)  # type: ignore[arg-type]
        if note is not UNSET:
            changes["note"] = check_note(note, "note")  # type: ignore[arg-type]
        if focus is not UNSET:
            changes["focus"] = _check_focus(focus)
        with self.store.transaction() as s:
            if not changes:
                saved = _load(s, assessment_id)
                if saved is None:
                    raise assessment_missing(assessment_id)
                _check_made_with(saved, definition)
                return saved
            row = _touch(s, assessment_id)  # takes the write lock first
            _check_made_with(row, definition)  # raising rolls the touch back
            if expected is not None:
                current = _choices_of(s, [assessment_id])[assessment_id].get(subpillar_id, Choice())
                if current.revision != expected:
                    raise StaleChange(
                        "choice",
                        current,
                        current.revision,
                        _shown(lambda lang: describe_choice(definition, subpillar_id, current, lang)),
                    )
            now = utcnow()
            values = {
                "assessment_id": assessment_id,
                "subpillar_id": subpillar_id,
                "step": None,
                "chosen_by": "together",
                "note": "",
                "focus": False,
                **changes,
                "revision": 1,
                "updated_at": now,
            }
            bump = {**changes, "revision": ChoiceRow.__table__.c.revision + 1, "updated_at": now}
            _upsert_choice(s, values, bump)
            if "step" in changes:  # the report's summary, in this transaction
                report_summary.refresh(s, row.client_id, row.definition_id, row.definition_version, [subpillar_id])
            return _assessment(row, _choices_of(s, [assessment_id])[assessment_id])

    def set_stress(
        self,
        assessment_id: int,
        stress: int | None,
        note: str | _Unset = UNSET,
        expected: int | None = None,
    ) -> Assessment:
        """The stress check-in (0-10, or None), and its note if given.

        ``expected``: the check-in revision the screen last showed (``assessment.revision``);
        if another screen saved the check-in meanwhile, :class:`StaleChange` is raised (its
        ``current`` is the assessment as saved) and nothing is written.
        """
        values: dict[str, Any] = {"stress": check_stress(stress)}
        if note is not UNSET:
            values["stress_note"] = check_note(note, "stress_note")  # type: ignore[arg-type]
        table = AssessmentRow.__table__
        with self.store.transaction() as s:
            if expected is not None:
                row = _touch(s, assessment_id)  # the write lock, then look at the newest revision
                if row.revision != expected:
                    current = _assessment(row, _choices_of(s, [assessment_id])[assessment_id])
                    raise StaleChange(  # raising rolls this transaction back: nothing written
                        "stress",
                        current,
                        current.revision,
                        _shown(lambda lang: describe_checkin(current, lang)),
                    )
            row = _touch(s, assessment_id, revision=table.c.revision + 1, **values)
            return _assessment(row, _choices_of(s, [assessment_id])[assessment_id])

    def set_date(self, assessment_id: int, date: dt.date | str) -> Assessment:
        """Move the conversation to another date; if the client already has a conversation
        (with this bridge) on that date: a clear :class:`InvalidInput`, nothing changed."""
        day = parse_date(date)
        try:
            with self.store.transaction() as s:
                row = s.get(AssessmentRow, assessment_id)
                if row is None:
                    raise assessment_missing(assessment_id)
                other = s.execute(
                    select(AssessmentRow.id).where(
                        AssessmentRow.client_id == row.client_id,
                        AssessmentRow.date == day,
                        AssessmentRow.definition_id == row.definition_id,
                        AssessmentRow.definition_version == row.definition_version,
                        AssessmentRow.id != assessment_id,
                    )
                ).scalar()
                if other is not None:
                    raise date_taken(day)
                saved = _touch(s, assessment_id, date=day)
                report_summary.refresh(s, saved.client_id, saved.definition_id, saved.definition_version)
                return _assessment(saved, _choices_of(s, [assessment_id])[assessment_id])
        except IntegrityError:  # another tab made one on that date at the same moment
            raise date_taken(day) from None

    def delete(self, assessment_id: int) -> bool:
        """Delete the assessment and its choices; False if it did not exist."""
        with self.store.transaction() as s:
            row = s.get(AssessmentRow, assessment_id)
            if row is None:
                return False
            key = (row.client_id, row.definition_id, row.definition_version)
            table = AssessmentRow.__table__
            delete_tree(s, table, table.c.id == assessment_id)  # type: ignore[arg-type]
            report_summary.refresh(s, *key)
            return True
