"""The report workbook in real Voila and Chromium (issue 10): it opens on a seeded database,
the period is changed in the date field, the tables follow, and the Excel file is downloaded
with a real button and read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
from conftest import open_workbook
from mmbrowser import build_site
from playwright.sync_api import expect

from mmwidgets.model.actor import local_actor
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.store.config import DATABASE_FILE
from mmwidgets.store.store import Store
from mmwidgets.store.tables import AssessmentRow, ChoiceRow, ClientRow

TIMEOUT = 60_000
DEFN = load_definition(shipped_data_dir() / "bridges" / "default.yaml")


def seed(data_dir: Path, today: dt.date) -> None:
    actor = local_actor()  # the laptop's coach, as the Voila server without a hub
    store = Store(f"sqlite:///{data_dir / DATABASE_FILE}", actor=actor)
    with store.transaction() as s:
        for n in range(6):
            client = ClientRow(pseudonym=f"Rapport {n}", name_key=f"rapport {n}", coach=actor.user, team=actor.team)
            s.add(client)
            s.flush()
            for days, step in ((300, 2), (200, 3), (100, 4)):
                a = AssessmentRow(client_id=client.id, date=today - dt.timedelta(days=days),
                                  definition_id=DEFN.id, definition_version=DEFN.version)
                s.add(a)
                s.flush()
                s.add(ChoiceRow(assessment_id=a.id, subpillar_id="housing", step=step))


def test_report_change_period_and_download_excel(page, voila_factory, tmp_path):
    server = voila_factory(build_site(tmp_path / "site"))
    today = dt.date.today()
    seed(server.data_dir, today)
    open_workbook(page, f"{server.url}/voila/render/rapportage.ipynb", wait_for=".mm-report-tables")
    tables = page.locator(".mm-report-tables")
    expect(page.locator(".mm-report-notes")).to_contain_text("6 deelnemers hadden een gesprek", timeout=TIMEOUT)
    expect(page.locator(".mm-report-not-performance")).to_contain_text("niets over hoe goed een coach werkt")
    start = today - dt.timedelta(days=150)
    page.fill(".mm-report-start input", start.isoformat())
    page.keyboard.press("Tab")
    expect(tables).to_contain_text(f"Periode: {start.isoformat()} tot en met {today.isoformat()}", timeout=TIMEOUT)
    # rule "first in the period": one conversation in the period per client, so nobody counts
    expect(page.locator(".mm-report-notes")).to_contain_text("6 deelnemers", timeout=TIMEOUT)
    with page.expect_download(timeout=TIMEOUT) as info:
        page.click("button.mm-report-excel")
    assert info.value.suggested_filename == f"rapportage-{start.isoformat()}-{today.isoformat()}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert book.sheetnames[:3] == ["Verandering", "Doelen", "Beloningen"]
    assert book["Verandering"]["A1"].value == f"Periode: {start.isoformat()} tot en met {today.isoformat()}"
