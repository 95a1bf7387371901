"""The report workbook in real Voila and Chromium (issue 10, 20): it opens on a seeded database,
the period is changed in the date field, the tables follow, and the Excel file is downloaded
with a real button and read back with openpyxl; with 30 clients it fits 768x1024, 1024x768 and
1366x768 and the CSV and Excel read back with pandas in the page's language. Both tests share one
Voila with 30 clients.

The team lead's day (issue 20: hand-over, undo, the caseload link, the read-only file and "Ik neem
dit over") is walked on the hub stack, where the hub says who a user is
(tests/browser/test_hub_stack.py)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import open_workbook
from layout import layout_problems
from mmbrowser import SERVERS, build_site
from playwright.sync_api import expect

from mmwidgets.model.actor import local_actor
from mmwidgets.model.dates import format_day, local_today
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.serving.server import VoilaServer
from mmwidgets.store.config import DATABASE_FILE
from mmwidgets.store.store import Store
from mmwidgets.store.tables import AssessmentRow, ChoiceRow, ClientRow

TIMEOUT = 60_000
DEFN = load_definition(shipped_data_dir() / "bridges" / "default.yaml")


def seed(data_dir: Path, today: dt.date, clients: int = 6) -> None:
    actor = local_actor()  # the laptop's coach, as the Voila server without a hub
    store = Store(f"sqlite:///{data_dir / DATABASE_FILE}", actor=actor)
    with store.transaction() as s:
        for n in range(clients):
            client = ClientRow(pseudonym=f"Rapport {n}", name_key=f"rapport {n}", coach=actor.user, team=actor.team)
            s.add(client)
            s.flush()
            for days, step in ((300, 2), (200, 3), (100, 4)):
                a = AssessmentRow(client_id=client.id, date=today - dt.timedelta(days=days),
                                  definition_id=DEFN.id, definition_version=DEFN.version)
                s.add(a)
                s.flush()
                s.add(ChoiceRow(assessment_id=a.id, subpillar_id="housing", step=step))
                s.add(ChoiceRow(assessment_id=a.id, subpillar_id="debts", step=(step + n) % 5 + 1))
    store.dispose()


@pytest.fixture(scope="module")
def report_server(tmp_path_factory):
    """One Voila for the report tests (its own database, seeded with 30 clients with three
    conversations each), started like `make serve`."""
    work = tmp_path_factory.mktemp("report")
    server = VoilaServer(work / "server", notebook_dir=build_site(work / "site"))
    SERVERS.append(server)
    try:
        server.start()
        seed(server.data_dir, local_today(), clients=30)
        yield server
    finally:
        server.stop()
        SERVERS.remove(server)


def test_report_change_period_and_download_excel(page, report_server):
    server = report_server
    today = local_today()
    open_workbook(page, f"{server.url}/voila/render/rapportage.ipynb", wait_for=".mm-report-tables")
    tables = page.locator(".mm-report-tables")
    expect(page.locator(".mm-report-notes")).to_contain_text("30 deelnemers hadden een gesprek", timeout=TIMEOUT)
    expect(page.locator(".mm-report-explanation")).to_contain_text("niets over hoe goed een coach werkt")
    # the period's dates are ours, dd-mm-jjjj, whatever the browser's own language (not its mm/dd/yyyy picker)
    expect(page.locator(".mm-report-end input")).to_have_value(format_day(today), timeout=TIMEOUT)
    assert page.locator(".mm-report-end input").get_attribute("type") == "text"
    start = today - dt.timedelta(days=150)
    page.fill(".mm-report-start input", start.isoformat())
    page.keyboard.press("Tab")
    explanation = page.locator(".mm-report-explanation")
    expect(explanation).to_contain_text(f"Periode: {format_day(start)} tot en met {format_day(today)}", timeout=TIMEOUT)
    expect(page.locator(".mm-report-start input")).to_have_value(format_day(start), timeout=TIMEOUT)
    # rule "first in the period": one conversation in the period per client, so nobody counts
    expect(page.locator(".mm-report-notes")).to_contain_text("30 deelnemers", timeout=TIMEOUT)
    with page.expect_download(timeout=TIMEOUT) as info:
        page.click("button.mm-report-excel")
    assert info.value.suggested_filename == f"rapportage-{start.isoformat()}-{today.isoformat()}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert book.sheetnames[:3] == ["Verandering", "Doelen", "Beloningen"]
    assert book["Verandering"]["A1"].value == f"Periode: {format_day(start)} tot en met {format_day(today)}"
    assert tables.locator("table").count() >= 3


SIZES = ((768, 1024), (1024, 768), (1366, 768))


def download(page, selector: str) -> bytes:
    with page.expect_download(timeout=TIMEOUT) as info:
        page.click(selector)
    return Path(info.value.path()).read_bytes()


def test_report_with_30_clients_fits_three_sizes_and_files_read_back_in_the_pages_language(page, report_server):
    server = report_server
    for lang in ("nl", "en"):
        # one page load per language; the window is resized between the sizes, as a tablet is turned
        page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
        query = "?lang=en" if lang == "en" else ""
        open_workbook(page, f"{server.url}/voila/render/rapportage.ipynb{query}", wait_for=".mm-report-tables table")
        expect(page.locator(".mm-report-notes")).to_contain_text("30", timeout=TIMEOUT)
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(300)  # the tables and the radar follow the new width
            problems = layout_problems(page)
            assert problems == [], (lang, width, problems)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            boxes = page.locator(".mm-report-table-box")
            for n in range(boxes.count()):  # a wide table scrolls inside its box, inside the window
                right = boxes.nth(n).evaluate("e => e.getBoundingClientRect().right")
                assert right <= width, (lang, width, n, right)
            text = page.locator(".mm-report").inner_text()
            assert "mmwidgets" not in text and "(versie" not in text and "(version" not in text
            if width == 768:
                csv = download(page, "button.mm-report-csv").decode("utf-8-sig")
                excel = download(page, "button.mm-report-excel")
                if lang == "nl":
                    frame = pd.read_csv(io.StringIO(csv), sep=";", decimal=",")
                    assert list(frame.columns[:6]) == ["begin periode", "einde periode", "beginpunt",
                                                       "kleinste groep", "niveau", "onderdeel"]
                    assert set(frame["beginpunt"]) == {"eerste gesprek"}
                    sheet = pd.read_excel(io.BytesIO(excel), sheet_name="Verandering", skiprows=7)
                    assert {"onderdeel", "deelnemers", "verschil", "omlaag"} <= set(sheet.columns)
                    assert sheet["deelnemers"].max() == 30
                else:
                    frame = pd.read_csv(io.StringIO(csv))
                    assert list(frame.columns[:4]) == ["period start", "period end", "baseline", "smallest group"]
                    sheet = pd.read_excel(io.BytesIO(excel), sheet_name="Change", skiprows=7)
                    assert {"part", "clients", "change", "down"} <= set(sheet.columns)
