"""Exports: a client's own data in full; a research set without names, notes or ids."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from mmwidgets.model.assessment import InvalidInput
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.store import export
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store
from mmwidgets.store.tables import AssessmentRow


def _text(s: str) -> dict[str, str]:
    return {"nl": s, "en": s}


def make_definition() -> BridgeDefinition:
    def sub(name: str) -> dict:
        steps = [{"label": _text(f"trede {i}"), "text": _text(f"Eigen omschrijving {i}.")} for i in range(1, 6)]
        return {"id": name, "name": _text(name), "steps": steps}

    return BridgeDefinition.model_validate(
        {"id": "test-brug", "version": 3, "name": _text("Testbrug"),
         "pillars": [{"id": "gezin", "name": _text("Gezin"), "colour": "#336699",
                      "subpillars": [sub("housing"), sub("debts")]}]}
    )


DEFN = make_definition()


@pytest.fixture
def store(db_url):
    store = Store(db_url)
    yield store
    store.dispose()


@pytest.fixture
def filled(store):
    clients, repo = ClientRepo(store), AssessmentRepo(store)
    yara = clients.create("Yara <b>", note="woont bij zus")
    tom = clients.create("Tom", note="spreekt liever Engels")
    first = repo.start(yara.id, DEFN, dt.date(2026, 1, 12))
    repo.set_choice(first.id, "housing", definition=DEFN, step=2, chosen_by="client", note="tijdelijk")
    repo.set_stress(first.id, 8, "veel brieven")
    second = repo.start(yara.id, DEFN, dt.date(2026, 4, 20))
    repo.set_choice(second.id, "housing", definition=DEFN, step=3, focus=True)
    repo.set_choice(second.id, "debts", definition=DEFN, step=1, chosen_by="coach")
    third = repo.start(tom.id, DEFN, dt.date(2026, 2, 2))
    repo.set_choice(third.id, "debts", definition=DEFN, step=5, note="alles betaald")
    return yara, tom, first, second, third


def test_client_export_contains_what_was_saved(store, filled):
    yara, tom, first, second, third = filled
    data = json.loads(export.export_client_json(store, yara.id))
    assert data["format"] == "mmwidgets-client" and data["format_version"] == export.FORMAT_VERSION
    assert data["client"]["pseudonym"] == "Yara <b>" and data["client"]["note"] == "woont bij zus"
    assert [a["id"] for a in data["assessments"]] == [first.id, second.id]
    one, two = data["assessments"]
    assert (one["date"], one["definition_id"], one["definition_version"]) == ("2026-01-12", "test-brug", 3)
    assert (one["stress"], one["stress_note"]) == (8, "veel brieven")
    assert {k: {f: v for f, v in c.items() if f != "updated_at"} for k, c in one["choices"].items()} == {
        "housing": {"step": 2, "chosen_by": "client", "note": "tijdelijk", "focus": False}
    }
    assert two["choices"]["housing"]["focus"] is True and two["choices"]["debts"]["chosen_by"] == "coach"
    assert "Tom" not in json.dumps(data) and "alles betaald" not in json.dumps(data)
    # what the export says matches what the repository reads back
    for exported, saved in zip(data["assessments"], AssessmentRepo(store).history(yara.id)):
        assert {k: c["step"] for k, c in exported["choices"].items()} == {
            k: c.step for k, c in saved.choices.items()
        }


def test_export_of_missing_client(store):
    with pytest.raises(InvalidInput) as err:
        export.export_client(store, 77)
    assert err.value.problem.code == "client_missing"


def test_registered_exporters_add_their_part(store, filled, monkeypatch):
    yara = filled[0]
    seen = []

    def plans(session, client_id):
        count = session.execute(
            select(AssessmentRow.id).where(AssessmentRow.client_id == client_id)
        ).all()
        seen.append(client_id)
        return "plans", {"assessments_seen": len(count)}

    monkeypatch.setattr(export, "EXPORTERS", [plans])
    data = export.export_client(store, yara.id)
    assert data["plans"] == {"assessments_seen": 2} and seen == [yara.id]

    monkeypatch.setattr(export, "EXPORTERS", [lambda s, c: ("client", {})])
    with pytest.raises(ValueError):
        export.export_client(store, yara.id)

    monkeypatch.setattr(export, "RESEARCH_EXPORTERS", [lambda s, c: ("goals_reached", c % 1)])
    research = export.export_pseudonymised(store)
    assert [p["goals_reached"] for p in research["participants"]] == [0, 0]


def test_pseudonymised_export_has_stable_codes_and_no_names_or_notes(store, filled):
    yara, tom, *_ = filled
    first = export.export_pseudonymised(store)
    text = json.dumps(first)
    for secret in ("Yara", "Tom", "woont bij zus", "spreekt liever", "tijdelijk", "veel brieven",
                   "alles betaald", '"id"', "client_id", "pseudonym", "note"):
        assert secret not in text
    participants = first["participants"]
    assert len(participants) == 2 and len({p["code"] for p in participants}) == 2
    by_size = sorted(participants, key=lambda p: len(p["assessments"]))
    tom_data, yara_data = by_size
    assert [a["date"] for a in yara_data["assessments"]] == ["2026-01-12", "2026-04-20"]
    assert yara_data["assessments"][0]["stress"] == 8
    assert yara_data["assessments"][1]["choices"] == {
        "housing": {"step": 3, "chosen_by": "together", "focus": True},
        "debts": {"step": 1, "chosen_by": "coach", "focus": False},
    }
    assert tom_data["assessments"][0]["choices"]["debts"]["step"] == 5

    # stable: the same codes next time, also after a new client and a new assessment
    ClientRepo(store).create("Ilse")
    AssessmentRepo(store).start(tom.id, DEFN, dt.date(2026, 5, 5))
    second = export.export_pseudonymised(store)
    codes_before = {p["code"]: len(p["assessments"]) for p in participants}
    codes_after = {p["code"]: len(p["assessments"]) for p in second["participants"]}
    assert set(codes_before) < set(codes_after) and len(codes_after) == 3
    assert codes_after[tom_data["code"]] == 2 and codes_after[yara_data["code"]] == 2
    json.dumps(second)  # serialisable


def test_codes_differ_between_databases(tmp_path):
    codes = []
    for name in ("a.db", "b.db"):
        store = Store("sqlite:///" + str(tmp_path / name))
        ClientRepo(store).create("Zelfde Naam")
        codes.append(export.export_pseudonymised(store)["participants"][0]["code"])
        store.dispose()
    assert codes[0] != codes[1]
