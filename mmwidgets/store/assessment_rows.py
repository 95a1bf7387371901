"""Rows of assessments and choices, read and written in one session (used by store/assessments.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mmwidgets.i18n import LANGUAGES
from mmwidgets.model.assessment import Assessment, Choice, InvalidInput
from mmwidgets.model.dates import format_day
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.model.bridge.files import Problem
from mmwidgets.store.tables import AssessmentRow, ChoiceRow, utcnow


class _Unset:
    """The value of an argument that was not given ("leave this field as it is")."""

    _instance: "_Unset | None" = None

    def __new__(cls) -> "_Unset":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Final = _Unset()

_CHOICE_COLUMNS = (
    ChoiceRow.assessment_id,
    ChoiceRow.subpillar_id,
    ChoiceRow.step,
    ChoiceRow.chosen_by,
    ChoiceRow.note,
    ChoiceRow.focus,
    ChoiceRow.revision,
)


def assessment_missing(assessment_id: int) -> InvalidInput:
    return InvalidInput(Problem("assessment", "assessment_missing", {"id": assessment_id}))


def _assessment(row: Any, choices: dict[str, Choice]) -> Assessment:
    return Assessment(
        client_id=row.client_id,
        date=row.date,
        definition_id=row.definition_id,
        definition_version=row.definition_version,
        choices=choices,
        stress=row.stress,
        stress_note=row.stress_note or "",
        id=row.id,
        revision=row.revision or 0,
    )


def _choices_of(s: Session, ids: list[int]) -> dict[int, dict[str, Choice]]:
    found: dict[int, dict[str, Choice]] = {i: {} for i in ids}
    if not ids:
        return found
    query = select(*_CHOICE_COLUMNS).where(ChoiceRow.assessment_id.in_(ids)).order_by(ChoiceRow.id)
    for assessment_id, sub_id, step, chosen_by, note, focus, revision in s.execute(query):
        found[assessment_id][sub_id] = Choice(
            step=step, chosen_by=chosen_by, note=note or "", focus=bool(focus), revision=revision or 0
        )
    return found


def _load(s: Session, assessment_id: int) -> Assessment | None:
    row = s.get(AssessmentRow, assessment_id, populate_existing=True)
    if row is None:
        return None
    return _assessment(row, _choices_of(s, [row.id])[row.id])


def _load_many(s: Session, rows: list[AssessmentRow]) -> list[Assessment]:
    choices = _choices_of(s, [r.id for r in rows])
    return [_assessment(r, choices[r.id]) for r in rows]


def _touch(s: Session, assessment_id: int, **values: Any) -> Any:
    """Update the assessment row (taking the write lock) and return it as saved;
    raise :func:`assessment_missing` if it is gone."""
    table = AssessmentRow.__table__
    statement = (
        update(table).where(table.c.id == assessment_id).values(updated_at=utcnow(), **values)
    )
    if s.get_bind().dialect.update_returning:
        row = s.execute(statement.returning(*table.c)).first()
    else:  # pragma: no cover - databases without UPDATE ... RETURNING
        found = s.execute(statement).rowcount
        row = s.execute(select(table).where(table.c.id == assessment_id)).first() if found else None
    if row is None:
        raise assessment_missing(assessment_id)
    return row


def _check_made_with(row: Any, definition: BridgeDefinition) -> None:
    """The assessment (or its row) was made with this definition, or :class:`InvalidInput`."""
    made_with = (row.definition_id, row.definition_version)
    if made_with != (definition.id, definition.version):
        raise InvalidInput(
            Problem(
                "definition",
                "definition_mismatch",
                {"expected": "{}@{}".format(*made_with), "given": definition.key},
            )
        )


def _check_focus(value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(Problem("focus", "pyd_bool_type"))
    return value


def _upsert_choice(s: Session, values: dict[str, Any], changes: dict[str, Any]) -> None:
    """Insert the choice, or update only ``changes`` if it exists: one statement."""
    table = ChoiceRow.__table__
    dialect = s.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert
        statement = insert(table).values(**values)
        s.execute(
            statement.on_conflict_do_update(
                index_elements=[table.c.assessment_id, table.c.subpillar_id], set_=changes
            )
        )
        return
    existing = s.execute(  # other databases: look, then update or insert
        select(ChoiceRow.id).where(
            ChoiceRow.assessment_id == values["assessment_id"],
            ChoiceRow.subpillar_id == values["subpillar_id"],
        )
    ).scalar()
    if existing is None:
        s.execute(table.insert().values(**values))
    else:
        s.execute(table.update().where(table.c.id == existing).values(**changes))


def date_taken(day: dt.date) -> InvalidInput:
    return InvalidInput(Problem("date", "date_taken", {"date": format_day(day)}))


def _day_query(client_id: int, definition: BridgeDefinition, day: dt.date) -> Any:
    return select(AssessmentRow).where(
        AssessmentRow.client_id == client_id,
        AssessmentRow.date == day,
        AssessmentRow.definition_id == definition.id,
        AssessmentRow.definition_version == definition.version,
    )


def _shown(describe: Any) -> dict[str, str]:
    return {lang: describe(lang) for lang in LANGUAGES}
