"""Teams (issue 9): the caseload workbook — a coach's own clients, a team lead's team with each
coach, and the hand-over from the screen (logged; afterwards the new coach has the client)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mmwidgets.apps.team_view import TeamView, team_view_app
from mmwidgets.model.actor import Actor
from mmwidgets.store.access.guard import AccessRepo
from mmwidgets.store.access.export import who_looked
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store


@pytest.fixture
def team(db_url):
    stores = {
        "anne": Store(db_url, actor=Actor("anne", "noord")),
        "bob": Store(db_url, actor=Actor("bob", "noord")),
        "lena": Store(db_url, actor=Actor("lena", "noord", "team_lead")),
        "carla": Store(db_url, actor=Actor("carla", "zuid")),
    }
    ClientRepo(stores["anne"]).create("Sanne <b>Jansen</b>")
    ClientRepo(stores["bob"]).create("Piet Bakker")
    ClientRepo(stores["carla"]).create("Kees de Boer")
    yield stores
    for store in stores.values():
        store.dispose()


def test_a_coach_sees_their_own_clients_and_the_team_lead_the_team(team):
    anne = TeamView(team["anne"], "nl")
    assert "Sanne &lt;b&gt;Jansen&lt;/b&gt;" in anne.table.value and "Piet" not in anne.table.value
    lead = team_view_app(team["lena"], "en")
    assert "Piet Bakker" in lead.table.value and "Sanne &lt;b&gt;" in lead.table.value
    assert "<td>anne</td>" in lead.table.value and "<td>bob</td>" in lead.table.value
    assert "Kees" not in lead.table.value
    assert "Clients of team noord" in lead.title.value


def test_hand_over_from_the_screen(team):
    anne = TeamView(team["anne"], "nl")
    sanne = anne.client.value
    assert anne.coach.label == "Kies een collega", "nobody is chosen for the coach: the list says what to do"
    assert [value for _label, value in anne.coach.options][1:] == ["bob"], "only the team's colleagues"
    anne.button.click()
    assert "collega" in anne.hand_messages.value and anne.confirm_box.layout.display == "none"
    anne.coach.value = "bob"
    anne.button.click()  # first a sentence to confirm; nothing moved yet
    assert "gaat naar bob. bob ziet het dossier vanaf nu; jij niet meer." in anne.confirm_text.value
    assert "Sanne &lt;b&gt;Jansen&lt;/b&gt;" in anne.confirm_text.value
    assert [c.id for c in ClientRepo(team["anne"]).search("sanne")] == [sanne]
    anne.yes.click()
    assert "is nu deelnemer van bob" in anne.hand_messages.value
    assert anne.confirm_box.layout.display == "none"
    assert "Sanne" not in anne.table.value and anne.client.options == ()
    assert [c.id for c in ClientRepo(team["bob"]).search("sanne")] == [sanne]
    assert any(line.endswith("coach anne — overgedragen aan bob") for line in who_looked(team["bob"], sanne))
    # undo, today, by the giver
    undo = [b for b in anne.undo_box.children if "mm-handover-undo" in b._dom_classes]
    assert len(undo) == 1 and "weer naar anne" in undo[0].description
    undo[0].click()
    assert "Teruggedraaid" in anne.hand_messages.value and "Sanne" in anne.table.value
    assert ClientRepo(team["bob"]).search("sanne") == []
    assert [b for b in anne.undo_box.children if "mm-handover-undo" in b._dom_classes] == []
    # no colleague chosen: a message next to the hand-over, nothing moved
    anne.coach.value = None
    anne.button.click()
    assert "kies eerst een collega" in anne.hand_messages.value and anne.messages.value == ""
    assert [c.id for c in ClientRepo(team["anne"]).search("sanne")] == [sanne]


def test_others_see_no_clients(db_url, team):
    store = Store(db_url, actor=Actor("tom", "noord", "trainer"))
    view = TeamView(store, "nl")
    assert view.table not in view.children and "Alleen coaches" in view.messages.value
    store.dispose()


def test_the_workbook_is_one_cell_without_outputs():
    notebook = json.loads((Path(__file__).parent.parent / "workbooks" / "team.ipynb").read_text())
    assert len(notebook["cells"]) == 1 and notebook["cells"][0]["outputs"] == []
    assert "team_view_app()" in "".join(notebook["cells"][0]["source"])


def test_a_team_lead_opens_a_file_from_the_screen_only_with_a_reason_and_gets_a_link(team, db_url):
    from mmwidgets.store.assessments import AssessmentRepo

    lead = TeamView(team["lena"], "nl")
    assert [label for label, _ in lead.open_reason.options] == [
        "Kies een reden", "vervanging", "rapportage", "kwaliteit", "op verzoek van de deelnemer"]
    anne = TeamView(team["anne"], "nl")
    assert lead.lead_box in lead.children and anne.lead_box not in anne.children, "coaches have no such step"
    sanne = next(cid for label, cid in lead.open_client.options if label.startswith("Sanne"))
    lead.open_client.value = sanne
    lead.open_button.click()  # no reason yet
    assert "kies een reden" in lead.open_messages.value and lead.open_link.value == ""
    assert lead.messages.value == "" and lead.hand_messages.value == "", "the message stands next to its section"
    assert not any(l.actor == "lena" for l in AccessRepo(team["anne"]).lines_of_client(sanne))
    lead.open_reason.value = "replacement"
    lead.open_button.click()
    assert "Vastgelegd: je opende het dossier van Sanne &lt;b&gt;Jansen&lt;/b&gt; (reden: vervanging)" in lead.open_messages.value
    assert f"gesprek.ipynb?client={sanne}" in lead.open_link.value and "<b>" not in lead.open_link.value
    # the conversation page (another Store, as in another kernel) now opens that file
    page = Store(db_url, actor=Actor("lena", "noord", "team_lead"))
    assert AccessRepo(page).open_client(sanne).id == sanne
    assert AssessmentRepo(page).history(sanne) == []
    lines = [(l.actor, l.action, l.detail, l.on_behalf_of) for l in AccessRepo(team["anne"]).lines_of_client(sanne)]
    assert ("lena", "open", "replacement", "anne") in lines
    page.dispose()
