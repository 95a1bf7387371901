"""Opening a client in plan.ipynb is logged like in the conversation workbook (issue 23)."""

from __future__ import annotations

from mmwidgets.apps.plan import PlanApp
from mmwidgets.model.actor import Actor
from mmwidgets.store.access.guard import AccessRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store


def test_opening_a_client_in_the_plan_workbook_is_logged(tmp_path):
    store = Store("sqlite:///" + str(tmp_path / "t.db"), actor=Actor(user="coach-a", team="team-a", role="coach"))
    client = ClientRepo(store).create("Margriet")
    before = [line for line in AccessRepo(store).lines_of_client(client.id) if line.action == "open"]
    app = PlanApp(store, "nl")
    app.open_client(client)
    opens = [line for line in AccessRepo(store).lines_of_client(client.id) if line.action == "open"]
    assert len(opens) == len(before) + 1
    assert (opens[-1].actor, opens[-1].result) == ("coach-a", "ok")
    store.dispose()
