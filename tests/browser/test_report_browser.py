"""The report workbook in real Voila and Chromium (issue 10, 20): it opens on a seeded database,
the period is changed in the date field, the tables follow, and the Excel file is downloaded
with a real button and read back with openpyxl; with 30 clients it fits 768x1024, 1024x768 and
1366x768 and the CSV and Excel read back with pandas in the page's language.

The team lead's day (issue 20) in real pages: a coach hands a client over to a colleague chosen
from the team (confirmed in a sentence) and undoes it; the team lead's caseload link chooses the
client in the logged opening step; the opened file is read-only until "Ik neem dit over", and the
coach then reads that it was taken over. (Actors are set in small test notebooks; the hub stack's
own test covers who the hub says a user is.)"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
from conftest import open_workbook
from layout import layout_problems
from mmbrowser import build_site, make_notebook
from playwright.sync_api import expect

from mmwidgets.model.actor import Actor, local_actor
from mmwidgets.model.dates import format_day, local_today
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
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


def test_report_change_period_and_download_excel(page, voila_factory, tmp_path):
    server = voila_factory(build_site(tmp_path / "site"))
    today = local_today()
    seed(server.data_dir, today)
    open_workbook(page, f"{server.url}/voila/render/rapportage.ipynb", wait_for=".mm-report-tables")
    tables = page.locator(".mm-report-tables")
    expect(page.locator(".mm-report-notes")).to_contain_text("6 deelnemers hadden een gesprek", timeout=TIMEOUT)
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
    expect(page.locator(".mm-report-notes")).to_contain_text("6 deelnemers", timeout=TIMEOUT)
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


def test_report_with_30_clients_fits_three_sizes_and_files_read_back_in_the_pages_language(page, voila_factory, tmp_path):
    server = voila_factory(build_site(tmp_path / "site"))
    seed(server.data_dir, local_today(), clients=30)
    for lang in ("nl", "en"):
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            query = "?lang=en" if lang == "en" else ""
            open_workbook(page, f"{server.url}/voila/render/rapportage.ipynb{query}", wait_for=".mm-report-tables table")
            expect(page.locator(".mm-report-notes")).to_contain_text("30", timeout=TIMEOUT)
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


# -- the team lead's day ---------------------------------------------------------------------
def _actor_notebooks(site: Path) -> None:
    people = {"anne": ("anne", "noord", "coach"), "lena": ("lena", "noord", "team_lead")}
    for key, (user, team, role) in people.items():
        store = f"Store(actor=Actor({user!r}, {team!r}, {role!r}))"
        imports = "from mmwidgets.model.actor import Actor\nfrom mmwidgets.store.store import Store\n"
        make_notebook(site / "_h20" / f"{key}-team.ipynb",
                      [imports + "from mmwidgets.apps.team_view import team_view_app\n" f"team_view_app({store})"])
        make_notebook(site / "_h20" / f"{key}-gesprek.ipynb",
                      [imports + "from mmwidgets.apps.conversation import conversation_app\n" f"conversation_app({store})"])
        make_notebook(site / "_h20" / f"{key}-caseload.ipynb",
                      [imports + "from mmwidgets.apps.caseload import caseload_app\n" f"caseload_app({store})"])


def test_hand_over_undo_and_the_team_leads_read_only_file(page, voila_factory, tmp_path):
    site = build_site(tmp_path / "site")
    _actor_notebooks(site)
    server = voila_factory(site)
    url = f"sqlite:///{server.data_dir / DATABASE_FILE}"
    from mmwidgets.store.clients import ClientRepo

    anne, ahmed = Store(url, actor=Actor("anne", "noord")), Store(url, actor=Actor("Ahmed", "noord"))
    Store(url, actor=Actor("carla", "zuid")).dispose()  # a coach of another team: never offered
    visser = ClientRepo(anne).create("Mevrouw Visser").id
    page.set_viewport_size({"width": 768, "height": 1024})
    base = f"{server.url}/voila/render/_h20"

    # the coach: colleagues of the team only, a sentence to confirm, undo the same day
    open_workbook(page, f"{base}/anne-team.ipynb", wait_for=".mm-handover-coach select")
    options = page.locator(".mm-handover-coach select option").all_inner_texts()
    assert [o.replace("\xa0", " ") for o in options if o.strip()] == ["Kies een collega", "Ahmed"], options
    page.select_option(".mm-handover-coach select", label="Ahmed")
    page.click("button.mm-handover-button")
    expect(page.locator(".mm-handover-sentence")).to_contain_text(
        "Mevrouw Visser gaat naar Ahmed. Ahmed ziet het dossier vanaf nu; jij niet meer.", timeout=TIMEOUT)
    page.click("button.mm-handover-yes")
    expect(page.locator(".mm-handover")).to_contain_text("Gedaan: Mevrouw Visser is nu deelnemer van Ahmed",
                                                          timeout=TIMEOUT)
    assert [c.id for c in ClientRepo(ahmed).search("")] == [visser]
    page.click("button.mm-handover-undo")
    expect(page.locator(".mm-handover")).to_contain_text("Teruggedraaid", timeout=TIMEOUT)
    expect(page.locator(".mm-team-list")).to_contain_text("Mevrouw Visser", timeout=TIMEOUT)
    assert ClientRepo(ahmed).search("") == [] and [c.id for c in ClientRepo(anne).search("")] == [visser]
    assert layout_problems(page) == []

    # the team lead's caseload: its own title; the name leads to the logged opening step
    open_workbook(page, f"{base}/lena-caseload.ipynb", wait_for=".mm-caseload-open")
    expect(page.locator(".mm-caseload")).to_contain_text("Deelnemers van team noord", timeout=TIMEOUT)
    href = page.locator(".mm-caseload-open").first.get_attribute("href")
    assert href == f"team.ipynb?client={visser}"
    open_workbook(page, f"{base}/lena-team.ipynb?client={visser}", wait_for=".mm-lead-open-reason select")
    expect(page.locator(".mm-lead-open")).to_contain_text("Kies een reden", timeout=TIMEOUT)
    page.select_option(".mm-lead-open-reason select", label="kwaliteit")
    page.click("button.mm-lead-open-button")
    expect(page.locator(".mm-lead-open")).to_contain_text("Vastgelegd: je opende het dossier van Mevrouw Visser",
                                                          timeout=TIMEOUT)
    colour = page.locator("button.mm-lead-open-button").evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(11, 79, 138)", colour

    # the opened file: a banner, read-only until "Ik neem dit over"
    open_workbook(page, f"{base}/lena-gesprek.ipynb?client={visser}", wait_for=".mm-file-banner-lead")
    banner = page.locator(".mm-file-banner")
    expect(banner).to_contain_text("Dossier van Mevrouw Visser (coach: anne). Geopend door lena, reden: kwaliteit.",
                                   timeout=TIMEOUT)
    expect(banner).to_contain_text("Je kunt dit dossier alleen bekijken")
    page.click(".mm-nav-next", timeout=TIMEOUT)  # from the check-in to the bridge
    page.click(".mm-step-housing-3")
    expect(page.locator(".mm-conversation, .mm-app, body").first).to_contain_text("je bekijkt dit dossier alleen",
                                                                               timeout=TIMEOUT)
    assert "mm-step-selected" not in (page.locator(".mm-step-housing-3").get_attribute("class") or "")
    page.click("button.mm-take-over")
    expect(banner).to_contain_text("Je hebt dit dossier overgenomen", timeout=TIMEOUT)
    page.click(".mm-step-housing-3")
    expect(page.locator(".mm-step-housing-3")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)

    # the coach reads that the file was taken over
    open_workbook(page, f"{base}/anne-gesprek.ipynb?client={visser}", wait_for=".mm-file-banner-coach")
    expect(page.locator(".mm-file-banner")).to_contain_text("teamleider lena heeft dit dossier overgenomen",
                                                            timeout=TIMEOUT)
    for store in (anne, ahmed):
        store.dispose()
