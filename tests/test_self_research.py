"""The client's own views in the research export (issue 22): a sheet of their own (own_views) with
research codes, reduced dates and steps, described in the codebook; never a token or a name; only the
actor's own clients; the conversations sheet holds only answers chosen in a conversation."""

from __future__ import annotations

import io

import pandas as pd

from mmwidgets.apps.self_view import PAGE_ACTOR
from mmwidgets.model.actor import Actor
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.reports.research_export import codebook, research_excel, research_tables
from mmwidgets.store.self_view.repo import InvitationRepo, SelfPage
from mmwidgets.store.store import Store

DEFN = load_definition(shipped_data_dir() / "bridges" / "default.yaml")


def test_own_views_sheet_and_codebook(tmp_path):
    url = "sqlite:///" + str(tmp_path / "t.db")
    anne, bob, page_store = Store(url, actor=Actor("anne", "noord")), Store(url, actor=Actor("bob", "noord")), \
        Store(url, actor=PAGE_ACTOR)
    sanne = ClientRepo(anne).create("Sanne")
    piet = ClientRepo(bob).create("Piet")
    talk = AssessmentRepo(anne).open_conversation(sanne.id, DEFN)
    AssessmentRepo(anne).set_choice(talk.id, "housing", definition=DEFN, step=3)
    for coach, client, step in ((anne, sanne, 2), (bob, piet, 5)):
        _inv, token = InvitationRepo(coach).invite(client.id, DEFN)
        page = SelfPage(page_store, "192.0.2.1")
        page.open(client.id, token)
        page.save(DEFN, "housing", step=step)
        page.save(DEFN, "debts", focus=True)
        page.finish()
    _unused, token = InvitationRepo(anne).invite(sanne.id, DEFN)  # a link without answers: no row
    tables = research_tables(anne)
    own = tables["own_views"]
    assert len(own) == 1  # only anne's client, only links with answers
    row = own.iloc[0]
    assert row["code"] == tables["conversations"].iloc[0]["code"] and row["code"].startswith("R-")
    assert row["step_housing"] == 2 and bool(row["focus_debts"]) is True and bool(row["finished"]) is True
    assert len(row["invited_on"]) == 7  # YYYY-MM
    assert tables["conversations"].iloc[0]["step_housing"] == 3  # the conversation's own answer, not 2
    book = codebook(tables, "month", "en").set_index(["sheet", "column"])
    assert "sheet own_views" in book.loc[("own views", "view"), "meaning"]
    assert book.loc[("own views", "step_housing"), "meaning"].endswith("housing")
    dutch = codebook(tables, "month", "nl").set_index(["blad", "kolom"])
    assert "eigen brug" in dutch.loc[("eigen brug", "eigen_brug"), "betekenis"]
    data = research_excel(anne)  # Dutch by default: the sheet is "eigen brug"
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
    own_sheet = sheets["eigen brug"]
    assert list(own_sheet.columns[:6]) == ["code", "eigen_brug", "brug", "uitgenodigd_op", "laatst_bewaard_op", "klaar"]
    assert own_sheet.iloc[0]["klaar"] == "ja" and own_sheet.iloc[0]["trede_housing"] == 2
    assert "Sanne" not in own_sheet.to_string() and token not in str(sheets)
    for store in (anne, bob, page_store):
        store.dispose()
