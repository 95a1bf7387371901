"""The client's own page (issue 22) without a browser: a link opens the client's own bridge one
part at a time; each tap is saved; reopening continues where they were; "Klaar" thanks them and
stops the link; every bad link shows the one sentence and nothing else."""

from __future__ import annotations

import ipywidgets as W
import pytest

from mmwidgets.apps.self_view import PAGE_ACTOR, self_view_app
from mmwidgets.model.actor import Actor
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.model.self_view import new_token
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.self_view.repo import InvitationRepo
from mmwidgets.store.store import Store
from mmwidgets.widgets.self_view.page import SelfBridgePage

DEFN = load_definition(shipped_data_dir() / "bridges" / "default.yaml")
SIMPLE = load_definition(shipped_data_dir() / "bridges" / "eenvoudig.yaml")
ANNE = Actor("anne", "noord")
NL = "Deze link werkt niet (meer). Vraag je coach om een nieuwe link."


@pytest.fixture
def stores(tmp_path):
    url = "sqlite:///" + str(tmp_path / "t.db")
    coach, page = Store(url, actor=ANNE), Store(url, actor=PAGE_ACTOR)
    yield coach, page
    coach.dispose()
    page.dispose()


def texts(widget) -> str:
    """Every text the page shows (descriptions and HTML values), depth first."""
    found = []
    if isinstance(widget, W.HTML):
        found.append(widget.value)
    if isinstance(widget, (W.Button, W.Checkbox)) and widget.layout.display != "none":
        found.append(widget.description)
    for child in getattr(widget, "children", ()):
        if getattr(child.layout, "display", "") != "none":
            found.append(texts(child))
    return "\n".join(found)


def open_page(page_store, client_id, token, lang=None):
    query = f"client={client_id}&t={token}" + (f"&lang={lang}" if lang else "")
    return self_view_app(store=page_store, environ={"QUERY_STRING": query, "HTTP_X_REAL_IP": "192.0.2.7"})


def test_a_link_opens_the_own_bridge_and_every_tap_is_saved(stores):
    coach, page_store = stores
    client = ClientRepo(coach).create("Sanne <b>de Vries</b>", note="geheime notitie")
    _inv, token = InvitationRepo(coach).invite(client.id, DEFN)
    app = open_page(page_store, client.id, token)
    view = app.view
    assert isinstance(view, SelfBridgePage)
    shown = texts(app)
    assert "Je brug" in shown and "Deel 1 van 10" in shown and "Sanne" not in shown
    assert "geheime" not in shown and "anne" not in shown
    first = view.parts[0][1].id
    view.buttons[2].click()
    assert "mm-step-selected" in view.buttons[2]._dom_classes and "Bewaard" in view.saved.value
    view.focus.value = True
    view.next_button.click()
    second = view.parts[1][1].id
    view.buttons[4].click()
    view.next_button.click()
    view.buttons[1].click()
    own = InvitationRepo(coach).own_view(client.id, DEFN)
    assert own.step(first) == 2 and own.choices[first].focus and own.step(second) == 4
    # reopening the link continues at the first part without an answer, answers kept
    again = open_page(page_store, client.id, token).view
    assert again.index == 3
    again.go(0)
    assert "mm-step-selected" in again.buttons[2]._dom_classes and again.focus.value is True
    # the last part has "Klaar"; it thanks and stops the link
    again.go(len(again.parts) - 1)
    assert again.finish_button.layout.display == "" and again.next_button.layout.display == "none"
    again.finish_button.click()
    assert "Dank je wel" in texts(again)
    refused = open_page(page_store, client.id, token)
    assert refused.view is None and texts(refused).count("<div") == 1 and NL in texts(refused)


@pytest.mark.parametrize("query", ["", "client=1", "client=abc&t=x", "t=" + "A" * 43, "client=1&t=" + "A" * 43])
def test_a_bad_link_gets_one_plain_sentence(stores, query):
    _coach, page_store = stores
    app = self_view_app(store=page_store, environ={"QUERY_STRING": query})
    assert app.view is None and len(app.children) == 1
    assert NL in app.children[0].value and "Traceback" not in app.children[0].value


def test_english_and_pictograms_where_the_bridge_has_them(stores):
    coach, page_store = stores
    client = ClientRepo(coach).create("Piet")
    _inv, token = InvitationRepo(coach).invite(client.id, SIMPLE)
    app = open_page(page_store, client.id, token, lang="en")
    shown = texts(app)
    assert "Your bridge" in shown and "Part 1 of" in shown and "Next" in shown
    assert any("mm-icon" in b._dom_classes for b in app.view.buttons.values())
    english = self_view_app(store=page_store, environ={"QUERY_STRING": "lang=en"})
    assert "This link does not work" in english.children[0].value


def test_a_link_ended_while_the_page_is_open_shows_the_sentence_at_the_next_tap(stores):
    coach, page_store = stores
    client = ClientRepo(coach).create("Piet")
    inv, token = InvitationRepo(coach).invite(client.id, DEFN)
    app = open_page(page_store, client.id, token)
    InvitationRepo(coach).end(inv.id)
    app.view.buttons[3].click()
    assert app.view is None and NL in app.children[0].value
    assert InvitationRepo(coach).own_view(client.id, DEFN) is None
    assert new_token() != token


def test_voorlezen_reads_the_part_and_a_broken_database_gives_a_calm_sentence(stores, tmp_path, monkeypatch):
    coach, page_store = stores
    client = ClientRepo(coach).create("Piet")
    _inv, token = InvitationRepo(coach).invite(client.id, DEFN)
    app = open_page(page_store, client.id, token)
    part = app.view.part.value
    assert "mm-speak" in part and "data-mm-speak-text=\"Wonen." in part and "Trede 5:" in part
    monkeypatch.setenv("MM_DATABASE_URL", "sqlite:///" + str(tmp_path / "no-such-folder" / "x.db"))
    broken = self_view_app(environ={"QUERY_STRING": f"client={client.id}&t={token}"})
    assert broken.view is None and len(broken.children) == 1
    assert "Er ging iets mis" in broken.children[0].value and "Traceback" not in broken.children[0].value
