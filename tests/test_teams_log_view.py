"""Teams (issue 9): the log keeper's workbook — filters per client code, staff member and period,
translated, escaped, no client names; every other role sees only a message."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from mmwidgets.apps.log_view import LogView, log_view_app
from mmwidgets.model.actor import Actor
from mmwidgets.store.access.guard import AccessRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store

ANNE = Actor("anne", "noord")
KEEPER = Actor("karin", "noord", "log_keeper")


@pytest.fixture
def team(db_url):
    anne = Store(db_url, actor=ANNE)
    bob = Store(db_url, actor=Actor("<b>bob</b>", "noord"))
    keeper = Store(db_url, actor=KEEPER)
    sanne = ClientRepo(anne).create("Sanne Jansen")
    AccessRepo(anne).open_client(sanne.id)
    piet = ClientRepo(bob).create("Piet <i>Bakker</i>")
    AccessRepo(bob).open_client(piet.id)
    yield {"anne": anne, "bob": bob, "keeper": keeper, "sanne": sanne, "piet": piet}
    for store in (anne, bob, keeper):
        store.dispose()


def test_the_log_keeper_sees_the_team_log_without_names_and_escaped(team):
    view = log_view_app(team["keeper"], "nl")
    html_text = view.table.value
    assert "geopend" in html_text and "anne (coach)" in html_text
    assert "&lt;b&gt;bob&lt;/b&gt;" in html_text and "<b>bob" not in html_text
    assert "Sanne" not in html_text and "Bakker" not in html_text
    assert view.count.value == "4 regels"
    assert "Logboek van het team noord" in view.title.value


def test_filters_per_code_staff_member_and_period(team):
    view = LogView(team["keeper"], "en")
    code = AccessRepo(team["anne"]).client_code(team["sanne"].id)
    view.code.value = code.lower()
    assert {line.object_code for line in view.show()} == {code}
    assert "opened" in view.table.value
    view.code.value, view.actor.value = "", "anne"
    assert {line.actor for line in view.show()} == {"anne"}
    today = dt.datetime.now(dt.timezone.utc).date()
    view.actor.value, view.since.value = "", (today + dt.timedelta(days=1)).isoformat()
    assert view.show() == [] and "No lines found." in view.table.value
    view.since.value, view.until.value = (today - dt.timedelta(days=1)).isoformat(), today.isoformat()
    assert len(view.show()) == 4


def test_bad_filters_give_a_message_naming_the_field(team):
    view = LogView(team["keeper"], "nl")
    view.code.value = "Sanne"
    view.show_button.click()
    assert "Code deelnemer" in view.messages.value and "L-0A1B2C3D4E" in view.messages.value
    view.code.value, view.since.value = "", "31-02-2026"
    view.show_button.click()
    assert "Vanaf" in view.messages.value


@pytest.mark.parametrize("role", ["coach", "team_lead", "trainer", "trainee"])
def test_no_one_else_reads_the_log(db_url, team, role):
    store = Store(db_url, actor=Actor("tom", "noord", role))
    view = LogView(store, "nl")
    assert view.table not in view.children
    assert "logbeheerder" in view.messages.value
    view.show_button.click()  # even when the button is reached: the store refuses
    assert view.table.value == ""
    store.dispose()


def test_the_workbook_is_one_cell_without_outputs():
    notebook = json.loads((Path(__file__).parent.parent / "workbooks" / "logboek.ipynb").read_text())
    assert len(notebook["cells"]) == 1
    cell = notebook["cells"][0]
    assert cell["outputs"] == [] and cell["execution_count"] is None
    assert "log_view_app()" in "".join(cell["source"])
