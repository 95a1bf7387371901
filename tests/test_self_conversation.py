"""The coach's side of the client's own bridge (issue 22) in the conversation app: the invite
with link and QR code, opened/finished status, ending a link; the client's own choices beside
today's with a sentence where they differ; one tap takes the client's step over as today's
answer, chosen by the client. The progress line counts only answers chosen in a conversation."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from mmwidgets.apps.conversation import conversation_app
from mmwidgets.apps.self_view import PAGE_ACTOR, self_view_app
from mmwidgets.model.actor import Actor
from mmwidgets.model.dates import local_today
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store
from mmwidgets.widgets.self_view.coach import self_link

ANNE = Actor("anne", "noord")


@pytest.fixture
def stores(tmp_path, monkeypatch):
    monkeypatch.setenv("MM_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("MM_PUBLIC_URL", raising=False)
    monkeypatch.delenv("MM_SELF_URL", raising=False)
    url = "sqlite:///" + str(tmp_path / "t.db")
    coach, page = Store(url, actor=ANNE), Store(url, actor=PAGE_ACTOR)
    yield coach, page
    coach.dispose()
    page.dispose()


def page_for(link: str, page_store):
    query = urlsplit(link).query
    return self_view_app(store=page_store, environ={"QUERY_STRING": query})


def test_invite_fill_in_compare_and_take_over(stores):
    coach, page_store = stores
    client = ClientRepo(coach).create("Sanne <script>")
    app = conversation_app(store=coach, lang="nl", plan=False)
    app.open_client(client)
    panel = app.self_view
    assert panel.layout.display == "" and panel.invite_button.description == "Laat Sanne <script> zelf de brug invullen"
    link = panel.invite()
    assert "/zelf.ipynb?client=%d&t=" % client.id in link
    assert "<svg" in panel.link_box.value and "&lt;script&gt;" in panel.link_box.value
    assert "<script>" not in panel.link_box.value
    assert "Nog niet geopend" in panel.status.value
    # today's conversation: housing 3 together
    app.editor.choose("housing", 3)
    assert app.assessment.step("housing") == 3
    # the client fills in their own view on their phone
    page = page_for(link, page_store)
    page.view.buttons[2].click()          # housing: 2
    page.view.next_button.click()
    page.view.buttons[4].click()          # care: 4
    page.view.focus.value = True
    page.view.next_button.click()
    page.view.buttons[1].click()          # health: 1
    page.view.go(len(page.view.parts) - 1)
    page.view.finish_button.click()
    # the coach goes to the bridge step: finished, and the differences in words
    app.tabs.selected_index = 0
    app.tabs.selected_index = 1
    assert "Klaar gemeld op" in panel.status.value
    sentences = " ".join(child.children[0].value for child in panel.own_box.children[1:] if hasattr(child, "children"))
    assert "Je koos zelf trede 2 bij Wonen; samen kozen jullie 3." in sentences
    assert "Je koos zelf trede 4 bij Gezin en zorg; vandaag is hier nog niets gekozen." in sentences or \
        "Je koos zelf trede 4 bij" in sentences
    assert "wil hier aan werken" in sentences
    # one tap takes the client's step over, chosen by the client
    button = next(b for row in panel.own_box.children[1:] if hasattr(row, "children")
                  for b in row.children if "mm-self-take-over-housing" in getattr(b, "_dom_classes", ()))
    button.click()
    saved = AssessmentRepo(coach).get(app.assessment.id)
    assert saved.choices["housing"].step == 2 and saved.choices["housing"].chosen_by == "client"
    assert app.editor.steps["housing"] == 2
    remaining = " ".join(child.children[0].value for child in panel.own_box.children[1:] if hasattr(child, "children"))
    assert "bij Wonen" not in remaining
    # the own answers are not in the conversation: only housing (taken over) counts as answered
    assert set(saved.choices) == {"housing"}


def test_the_coach_ends_a_link_and_english(stores):
    coach, page_store = stores
    client = ClientRepo(coach).create("Piet")
    app = conversation_app(store=coach, lang="en", plan=False)
    app.open_client(client)
    panel = app.self_view
    assert panel.invite_button.description == "Let Piet fill in the bridge on their own"
    link = panel.invite()
    page_for(link, page_store)  # opened
    app.tabs.selected_index = 1
    assert "Opened on" in panel.status.value and panel.end_button.layout.display == ""
    panel.end_button.click()
    assert "You ended the link on" in panel.status.value and panel.end_button.layout.display == "none"
    refused = page_for(link, page_store)
    assert refused.view is None and "This link does not work" not in refused.children[0].value  # Dutch page
    assert "Deze link werkt niet" in refused.children[0].value
    app.set_lang("nl")
    assert "Je hebt de link gestopt op" in panel.status.value
    assert panel.invite_button.description == "Maak een nieuwe link"
    # the link stays on screen while this page is open (other steps and back) ...
    panel.invite()
    app.tabs.selected_index = 0
    app.tabs.selected_index = 1
    assert "zelf.ipynb" in panel.link_box.value
    # ... but is not kept: on a new page the coach is told to make a new one
    again = conversation_app(store=coach, lang="nl", plan=False)
    again.open_client(client)
    box = again.self_view.link_box.value
    assert "wordt niet bewaard" in box and "zelf.ipynb" not in box


def test_the_link_follows_the_page_address_or_the_public_url():
    env = {"SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8866", "SCRIPT_NAME": "/voila/render/gesprek.ipynb"}
    assert self_link(3, "tok", env) == "http://127.0.0.1:8866/voila/render/zelf.ipynb?client=3&t=tok"
    env["MM_PUBLIC_URL"] = "https://mm.gemeente.example/zelf/"
    assert self_link(3, "tok", env) == "https://mm.gemeente.example/zelf/zelf.ipynb?client=3&t=tok"
    assert parse_qs(urlsplit(self_link(3, "tok", {})).query) == {"client": ["3"], "t": ["tok"]}
    # the team stack: the hub service's own address (deploy/jupyterhub_config.py sets MM_SELF_URL)
    env["MM_SELF_URL"] = "https://mm.gemeente.example/services/eigen-brug/"
    assert self_link(3, "tok", env) == "https://mm.gemeente.example/services/eigen-brug/?client=3&t=tok"
    assert local_today()  # the dates shown come from babel (see the status texts above)
