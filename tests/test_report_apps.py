"""The caseload and report apps (issue 10) on a worked caseload: what the coach and the team
lead see, sorting, the link to the conversation, a changed period, the downloads, a refused
minimum or period as a message."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from mmwidgets.apps.caseload import caseload_app
from mmwidgets.apps.report import report_app
from mmwidgets.store.store import Store
from tests.test_report_store import ANNE, LEAD, team  # noqa: F401  (fixture)

D = dt.date


def test_caseload_sorts_and_links_to_the_conversation(team):
    url, ids = team
    app = caseload_app(Store(url, actor=ANNE), "nl", today=D(2026, 7, 1))
    assert [r["pseudonym"] for r in app.sorted_rows()] == ["c1", "c2", "c3", "c4", "c5", "c6", "c7"]
    assert f"href='gesprek.ipynb?client={ids['c3']}'" in app.table.value
    app.sort.value = "last_conversation"
    assert app.sorted_rows()[0]["pseudonym"] == "c7"  # seen longest ago first
    app.reverse.value = True
    assert app.sorted_rows()[-1]["pseudonym"] == "c7"
    assert app.table.value.count("mm-caseload-not-seen") == 1
    app.weeks.value = 104  # nobody unseen for two years
    assert "mm-caseload-not-seen" not in app.table.value


def test_caseload_sorts_by_a_click_on_a_column_header(team):
    url, _ids = team
    app = caseload_app(Store(url, actor=ANNE), "nl", today=D(2026, 7, 1))
    assert app.header in app.children and app.children.index(app.header) == app.children.index(app.table) - 1
    assert app.heads["pseudonym"].description == "deelnemer ▲"
    app.heads["last_conversation"].click()
    assert app.sort.value == "last_conversation" and not app.reverse.value  # the dropdown follows
    assert app.sorted_rows()[0]["pseudonym"] == "c7"  # seen longest ago first
    assert app.heads["last_conversation"].description == "laatste gesprek ▲"
    assert "mm-caseload-head-sorted" in app.heads["last_conversation"]._dom_classes
    assert "mm-caseload-head-sorted" not in app.heads["pseudonym"]._dom_classes
    assert app.heads["pseudonym"].description == "deelnemer"
    app.heads["last_conversation"].click()  # again: the other way round
    assert app.reverse.value and app.sorted_rows()[-1]["pseudonym"] == "c7"
    assert app.heads["last_conversation"].description == "laatste gesprek ▼"
    assert app.table.value.index(">c7<") > app.table.value.index(">c1<")
    app.heads["overdue_actions"].click()  # another column: ascending again
    assert app.sort.value == "overdue_actions" and not app.reverse.value
    app.sort.value = "pseudonym"  # the dropdown still works, and the header follows it
    assert app.heads["pseudonym"].description == "deelnemer ▲"
    app.set_lang("en")
    assert app.heads["pseudonym"].description == "client ▲" and "Sort by" in app.heads["goals_reached"].tooltip


def test_report_app_for_a_coach_and_a_team_lead(team):
    url, _ids = team
    app = report_app(Store(url, actor=ANNE), "nl", today=D(2026, 12, 31))
    app.minimum.value = 5
    app.start.value = D(2026, 2, 1)
    assert "6 deelnemers hadden een gesprek" in app.notes.value
    assert "niets over hoe goed een coach werkt" in app.explanation.value
    assert app.explanation.value.count("Beginpunt") == 1 and "Periode" not in app.tables.value, "said once"
    assert "Het begin is het allereerste gesprek" in app.explanation.value
    assert "Per coach" not in app.tables.value
    name, data = app.excel.click()
    assert name == "rapportage-2026-02-01-2026-12-31.xlsx"
    assert openpyxl.load_workbook(io.BytesIO(data))["Verandering"]["A1"].value.startswith("Periode: 01-02-2026")
    lead = report_app(Store(url, actor=LEAD), "en", today=D(2026, 12, 31))
    lead.minimum.value = 5
    assert "Per coach" in lead.tables.value and "not a measure of a coach" in lead.explanation.value


def test_a_refused_period_is_a_message_and_nothing_to_download(team):
    url, _ids = team
    app = report_app(Store(url, actor=ANNE), "nl", today=D(2026, 12, 31))
    app.start.value = D(2027, 3, 1)
    assert "begindatum 1-3-2027 ligt na de einddatum 31-12-2026" in app.messages.value
    assert app.excel.click() is None and "Traceback" not in app.messages.value


def test_period_dates_are_typed_and_shown_as_dd_mm_yyyy_in_the_pages_language(team):
    """The browser's own date picker showed mm/dd/yyyy on a Dutch screen: the period is typed text."""
    url, _ids = team
    app = report_app(Store(url, actor=ANNE), "nl", today=D(2026, 12, 31))
    app.minimum.value = 5
    assert app.start.text.value == "31-12-2025" and app.end.text.value == "31-12-2026"
    assert app.start.text.placeholder == "dd-mm-jjjj" and app.start.label.value == "<label>Van</label>"
    app.start.text.value = "1-2-2026"  # typed the Dutch way: the report follows
    assert app.start.value == D(2026, 2, 1) and app.start.text.value == "01-02-2026"
    assert "zondag 1 februari 2026" in app.start.shown.value
    assert "Periode: 01-02-2026 tot en met 31-12-2026" in app.explanation.value
    assert "6 deelnemers hadden een gesprek" in app.notes.value
    app.start.text.value = "1 maart"  # words, a day back from the end of the period
    assert app.start.value == D(2026, 3, 1)
    before = app.explanation.value
    app.start.text.value = "13/13/2026"  # refused under the field; the last good date stays in use
    assert app.start.value == D(2026, 3, 1) and app.explanation.value == before
    assert "&#x27;13/13/2026&#x27; is geen datum. Schrijf bijvoorbeeld 1-1-2026" in app.start.error.value
    assert "Traceback" not in app.start.error.value + app.messages.value
    app.start.text.value = "<b>x</b>"  # what was typed comes back escaped
    assert "&lt;b&gt;x&lt;/b&gt;" in app.start.error.value and "<b>x" not in app.start.error.value
    app.start.text.value = ""
    assert "Vul een datum in" in app.start.error.value and app.start.value == D(2026, 3, 1)
    app.start.text.value = "2026-02-01"
    assert app.start.error.value == "" and app.start.value == D(2026, 2, 1)
    english = report_app(Store(url, actor=ANNE), "en", today=D(2026, 12, 31))
    assert english.end.text.value == "31-12-2026" and english.end.text.placeholder == "dd-mm-yyyy"
    english.start.text.value = "1-2-2026"  # day first in English too: never mm/dd
    assert english.start.value == D(2026, 2, 1) and "Sunday 1 February 2026" in english.start.shown.value
    english.start.text.value = "nonsense"
    assert "&#x27;nonsense&#x27; is not a date. Write for example 1-1-2026" in english.start.error.value


def test_names_are_escaped_in_the_caseload_and_the_coach_table(db_url):
    from mmwidgets.model.actor import Actor
    from tests.test_report_store import add_client, add_talk

    evil = '<img src=x onerror="alert(1)">'
    anne = Store(db_url, actor=Actor("<b>anne</b>", "noord"))
    evil_id = add_client(anne, evil, "<b>anne</b>")
    add_talk(anne, evil_id, D(2026, 6, 1), {"housing": 2})
    app = caseload_app(anne, "nl", today=D(2026, 7, 1))
    assert evil not in app.table.value and "&lt;img src=x" in app.table.value
    lead = report_app(Store(db_url, actor=Actor("lea", "noord", "team_lead")), "nl", today=D(2026, 7, 1))
    assert "<b>anne</b>" not in lead.tables.value and "&lt;b&gt;anne&lt;/b&gt;" in lead.tables.value


def test_the_empty_state_reads_naturally_and_a_raised_minimum_is_said(db_url):
    from mmwidgets.model.actor import Actor

    lead = report_app(Store(db_url, actor=Actor("lea", "noord", "team_lead")), "nl", today=D(2026, 7, 1))
    assert "Er waren nog geen gesprekken in deze periode" in lead.notes.value
    assert lead.tables.value == "" and lead.radar_box.layout.display == "none"
    assert "0 tot 0" not in lead.notes.value + lead.explanation.value
    lead.minimum.value = 1
    assert "De kleinste groep is minstens 5 deelnemers" in lead.minimum_note.value
    assert "Je koos 1; de rapportage gebruikt 5." in lead.minimum_note.value
    assert lead.report.options.minimum == 5 and "minder dan 5 deelnemers" in lead.explanation.value
    lead.minimum.value = 7
    assert lead.minimum_note.value == "" and lead.report.options.minimum == 7
    english = report_app(Store(db_url, actor=Actor("lea", "noord", "team_lead")), "en", today=D(2026, 7, 1))
    assert "There were no conversations in this period yet" in english.notes.value
    assert [label for label, _key in english.bridge.options][0] == "Bridge to a stable life"
    assert all("mmwidgets" not in label and "(1)" not in label for label, _key in english.bridge.options)


def test_a_radar_with_too_few_clients_says_so():
    from mmwidgets.figures.report import group_radar_figure
    from tests.test_report_store import DEFN

    figure = group_radar_figure(DEFN, {}, {"housing": 2}, "eerste gesprek", "nl", minimum=10)
    caption = [a for a in figure["layout"]["annotations"] if a.get("name") == "how"][0]["text"]
    assert "Nog te weinig deelnemers" in caption and "minstens 10" in caption and "0 tot 0" not in caption
    same = group_radar_figure(DEFN, {"housing": (40.0, 60.0)}, {"housing": 12}, "eerste gesprek", "nl")
    caption = [a for a in same["layout"]["annotations"] if a.get("name") == "how"][0]["text"]
    assert "rust op 12 deelnemers" in caption.replace("<br>", " ")
