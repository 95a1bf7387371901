"""A fictional participant as a coach has them after a month, written straight into a browser
test server's database (the page then shows them as a coach would find them).

    from seeds import seed_participant
    seeded = seed_participant(voila_server.data_dir, "Noor Indeling")

Two conversations 30 days apart with a step for every part of the bridge and a stress score,
a plan with two goals and three actions, and a personal link for the client's own page
(``seeded["self_query"]``). Calling it again for the same name adds no second plan.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mmwidgets.model.actor import local_actor
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.model.dates import local_today
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.config import DATABASE_FILE
from mmwidgets.store.plans.repo import PlanRepo
from mmwidgets.store.self_view.repo import InvitationRepo
from mmwidgets.store.store import Store

DEFN = load_definition(shipped_data_dir() / "bridges" / "default.yaml")


def seed_participant(data_dir: Path | str, name: str) -> dict:
    """``{"client": Client, "self_query": "client=<id>&t=<token>"}`` for ``name`` (created if new)."""
    store = Store(f"sqlite:///{Path(data_dir) / DATABASE_FILE}", actor=local_actor())
    try:
        clients = ClientRepo(store)
        found = [c for c in clients.search(name) if c.pseudonym == name]
        client = found[0] if found else clients.create(name)
        assessments = AssessmentRepo(store)
        today = local_today()
        for day, shift in ((today - dt.timedelta(days=30), 0), (today, 1)):
            a = assessments.open_conversation(client.id, DEFN, day)
            for n, (_pillar, sub) in enumerate(DEFN.subpillars()):
                assessments.set_choice(a.id, sub.id, definition=DEFN, step=min(5, 1 + (n + shift) % 4 + shift))
            assessments.set_stress(a.id, 7 - 2 * shift)
        plans = PlanRepo(store)
        if not plans.load(client.id).goals:
            debts = plans.add_goal(client.id, "Ik wil mijn schulden op een rij hebben", subpillar_id="debts")
            plans.add_action(client.id, debts, "Post openen met mijn zus", due=today + dt.timedelta(days=3))
            plans.add_action(client.id, debts, "Afspraak maken bij de schuldhulpverlening",
                             due=today + dt.timedelta(days=12))
            work = plans.add_goal(client.id, "Een baan van 24 uur per week vinden", subpillar_id="income")
            plans.add_action(client.id, work, "Cv bijwerken met de coach", due=today + dt.timedelta(days=40))
        _invitation, token = InvitationRepo(store).invite(client.id, DEFN)
        return {"client": client, "self_query": f"client={client.id}&t={token}"}
    finally:
        store.dispose()
