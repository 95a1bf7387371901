"""Exports: everything of one client (their own data, e.g. on request), and a
pseudonymised data set for research (no names, no notes, no database ids).

Other modules add their own parts by appending to :data:`EXPORTERS` (and, for data
that may leave the team without names or free text, :data:`RESEARCH_EXPORTERS`):
a function ``(session, client_id) -> (key, json_serialisable_value)``.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from typing import Any, Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from mmwidgets.store.clients import client_missing
from mmwidgets.store.db import Database
from mmwidgets.store.tables import (
    AssessmentRow,
    ChoiceRow,
    ClientRow,
    ResearchCodeRow,
    utcnow,
)

Exporter = Callable[[Session, int], tuple[str, Any]]

#: Extra parts of a client's own export (plans, rewards, ...), in the client's export.
EXPORTERS: list[Exporter] = []
#: Extra parts per participant of the research export; must hold no names or free text.
RESEARCH_EXPORTERS: list[Exporter] = []

FORMAT_VERSION = 1
CODE_PREFIX = "P-"


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _choices_by_assessment(s: Session, ids: list[int]) -> dict[int, list[ChoiceRow]]:
    found: dict[int, list[ChoiceRow]] = {i: [] for i in ids}
    if ids:
        query = select(ChoiceRow).where(ChoiceRow.assessment_id.in_(ids)).order_by(ChoiceRow.id)
        for choice in s.execute(query).scalars():
            found[choice.assessment_id].append(choice)
    return found


def _assessments(s: Session, client_id: int) -> tuple[list[AssessmentRow], dict[int, list[ChoiceRow]]]:
    rows = list(
        s.execute(
            select(AssessmentRow)
            .where(AssessmentRow.client_id == client_id)
            .order_by(AssessmentRow.date, AssessmentRow.id)
        ).scalars()
    )
    return rows, _choices_by_assessment(s, [r.id for r in rows])


def _add_parts(data: dict[str, Any], exporters: list[Exporter], s: Session, client_id: int) -> None:
    for exporter in exporters:
        key, value = exporter(s, client_id)
        if key in data:
            raise ValueError(f"export part {key!r} is already present")
        data[key] = value


def export_client(store: Database, client_id: int) -> dict[str, Any]:
    """Everything stored about one client, as JSON-ready data."""
    with store.transaction() as s:
        client = s.get(ClientRow, client_id)
        if client is None:
            raise client_missing(client_id)
        rows, choices = _assessments(s, client_id)
        data: dict[str, Any] = {
            "format": "mmwidgets-client",
            "format_version": FORMAT_VERSION,
            "exported_at": _iso(utcnow()),
            "client": {
                "id": client.id,
                "pseudonym": client.pseudonym,
                "note": client.note or "",
                "created_at": _iso(client.created_at),
                "updated_at": _iso(client.updated_at),
            },
            "assessments": [
                {
                    "id": row.id,
                    "date": _iso(row.date),
                    "definition_id": row.definition_id,
                    "definition_version": row.definition_version,
                    "stress": row.stress,
                    "stress_note": row.stress_note or "",
                    "created_at": _iso(row.created_at),
                    "updated_at": _iso(row.updated_at),
                    "choices": {
                        c.subpillar_id: {
                            "step": c.step,
                            "chosen_by": c.chosen_by,
                            "note": c.note or "",
                            "focus": bool(c.focus),
                            "updated_at": _iso(c.updated_at),
                        }
                        for c in choices[row.id]
                    },
                }
                for row in rows
            ],
        }
        _add_parts(data, EXPORTERS, s, client_id)
    return data


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


def export_client_json(store: Database, client_id: int, indent: int | None = 2) -> str:
    return json.dumps(
        export_client(store, client_id), ensure_ascii=False, indent=indent, default=_json_default
    )


def _research_codes(s: Session) -> dict[int, str]:
    """Every client's research code, making new ones (random, stable once made)."""
    codes = dict(s.execute(select(ResearchCodeRow.client_id, ResearchCodeRow.code)).all())
    taken = set(codes.values())
    for (client_id,) in s.execute(select(ClientRow.id).order_by(ClientRow.id)).all():
        if client_id in codes:
            continue
        code = CODE_PREFIX + secrets.token_hex(5).upper()
        while code in taken:  # pragma: no cover - 1 in 10^12
            code = CODE_PREFIX + secrets.token_hex(5).upper()
        s.add(ResearchCodeRow(client_id=client_id, code=code))
        codes[client_id] = code
        taken.add(code)
    s.flush()
    return codes


def export_pseudonymised(store: Database) -> dict[str, Any]:
    """All clients' assessments for research: each client a stable random code;
    no pseudonyms, notes or database ids. Dates are kept (needed for change over time)."""
    with store.transaction() as s:
        codes = _research_codes(s)
        rows = list(
            s.execute(
                select(AssessmentRow).order_by(
                    AssessmentRow.client_id, AssessmentRow.date, AssessmentRow.id
                )
            ).scalars()
        )
        choices = _choices_by_assessment(s, [r.id for r in rows])
        by_client: dict[int, list[dict[str, Any]]] = {client_id: [] for client_id in codes}
        for row in rows:
            by_client[row.client_id].append(
                {
                    "date": _iso(row.date),
                    "definition_id": row.definition_id,
                    "definition_version": row.definition_version,
                    "stress": row.stress,
                    "choices": {
                        c.subpillar_id: {
                            "step": c.step,
                            "chosen_by": c.chosen_by,
                            "focus": bool(c.focus),
                        }
                        for c in choices[row.id]
                    },
                }
            )
        participants = []
        for client_id, code in sorted(codes.items(), key=lambda item: item[1]):
            participant: dict[str, Any] = {"code": code, "assessments": by_client[client_id]}
            _add_parts(participant, RESEARCH_EXPORTERS, s, client_id)
            participants.append(participant)
    return {
        "format": "mmwidgets-research",
        "format_version": FORMAT_VERSION,
        "exported_at": _iso(utcnow()),
        "participants": participants,
    }
