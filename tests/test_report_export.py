"""Report files and the research export (issue 10), read back with pandas and openpyxl and
compared with the database: sheets, period and rules in the sheet, hidden cells, codes, no free
text, dates by month or shifted, the codebook, and the access log lines."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import select

from mmwidgets.model.actor import Actor
from mmwidgets.model.errors import InvalidInput
from mmwidgets.store.access.tables import AccessLogRow
from mmwidgets.store.store import Store
from mmwidgets.store.reports.files import report_csv, report_excel
from mmwidgets.store.reports.team import team_report
from mmwidgets.store.reports.research_export import research_excel
from mmwidgets.store.tables import AssessmentRow, ChoiceRow
from tests.test_report_store import ANNE, BOB, LEAD, options, team  # noqa: F401  (fixture)

D = dt.date


def test_excel_has_one_sheet_per_table_with_period_rules_and_hidden_cells(team):
    url, _ids = team
    report = team_report(Store(url, actor=LEAD), options("lower_of_first_two"))
    book = openpyxl.load_workbook(io.BytesIO(report_excel(report, "nl")))
    assert book.sheetnames == ["Verandering", "Doelen", "Beloningen", "Per coach"]
    sheet = book["Verandering"]
    top = [sheet.cell(row=n, column=1).value for n in range(1, 7)]
    assert top[0] == "Periode: 01-02-2026 tot en met 31-12-2026"
    assert top[1] == "Brug: Brug naar een stabiel bestaan", "no tool words, no version number"
    assert "laagste van de eerste twee gesprekken" in top[2] and "Het begin is het laagste" in top[2]
    assert "minder dan 5 deelnemers" in top[4]
    assert any("niets over hoe goed een coach werkt" in line for line in top)
    frame = pd.read_excel(io.BytesIO(report_excel(report, "nl")), sheet_name="Verandering", skiprows=7)
    wonen = frame[frame["onderdeel"] == DEFN_NAME("housing")].iloc[0]
    expected = report.parts.set_index("part").loc["housing"]
    assert wonen["deelnemers"] == expected["clients"] == 7
    assert wonen["verschil"] == pytest.approx(expected["change"])
    debts = frame[frame["onderdeel"] == DEFN_NAME("debts")].iloc[0]
    assert debts["verschil"] == "—" and debts["deelnemers"] == 0
    coaches = pd.read_excel(io.BytesIO(report_excel(report, "nl")), sheet_name="Per coach", skiprows=7)
    assert coaches.set_index("coach").loc["bob", "gesprekken"] == "—"


def DEFN_NAME(sub_id):
    from tests.test_report_store import DEFN

    return DEFN.subpillar(sub_id).name.get("nl")


def test_a_coach_gets_no_coach_sheet_and_csv_carries_the_period(team):
    url, _ids = team
    report = team_report(Store(url, actor=ANNE), options())
    assert "Per coach" not in openpyxl.load_workbook(io.BytesIO(report_excel(report, "nl"))).sheetnames
    text = report_csv(report, "en")
    frame = pd.read_csv(io.StringIO(text.lstrip("\ufeff")))
    assert set(frame["period start"]) == {"01-02-2026"} and set(frame["baseline"]) == {"first conversation"}
    assert frame.set_index("part").loc[DEFN_NAME_EN("housing"), "change"] == "25.0"
    assert frame.set_index("part").loc[DEFN_NAME_EN("debts"), "change"] == "—"
    # Dutch by default: Dutch column names and values, ";" and a decimal comma
    dutch = pd.read_csv(io.StringIO(report_csv(report).lstrip("\ufeff")), sep=";", decimal=",")
    assert list(dutch.columns[:6]) == ["begin periode", "einde periode", "beginpunt", "kleinste groep", "niveau", "onderdeel"]
    assert set(dutch["beginpunt"]) == {"eerste gesprek"} and set(dutch["einde periode"]) == {"31-12-2026"}
    assert set(dutch["niveau"]) == {"pijler", "onderdeel"}
    assert dutch.set_index("onderdeel").loc[DEFN_NAME("housing"), "verschil"] == "25,0"


def DEFN_NAME_EN(sub_id):
    from tests.test_report_store import DEFN

    return DEFN.subpillar(sub_id).name.get("en")


def read_research(data):
    return {name: pd.read_excel(io.BytesIO(data), sheet_name=name) for name in ("conversations", "goals", "actions", "codebook")}


def test_research_export_matches_the_database_without_names_or_text(team):
    url, ids = team
    store = Store(url, actor=ANNE)
    data = research_excel(store, date_mode="month", lang="en")
    sheets = read_research(data)
    talks = sheets["conversations"]
    with store.engine.connect() as conn:
        mine = [ids[k] for k in ids if k != "b1"]
        db_talks = conn.execute(select(AssessmentRow.client_id).where(AssessmentRow.client_id.in_(mine))).all()
        steps = conn.execute(select(ChoiceRow.step).join(AssessmentRow, AssessmentRow.id == ChoiceRow.assessment_id)
                             .where(AssessmentRow.client_id.in_(mine))).all()
    assert len(talks) == len(db_talks) == 20  # 6 x 3 + 2; bob's client is not anne's
    assert talks["code"].str.match(r"^R-[0-9A-F]{10}$").all() and talks["code"].nunique() == 7
    assert set(talks["date"]) == {"2026-01", "2026-03", "2026-06"}
    assert sorted(talks["step_housing"]) == sorted(s for (s,) in steps)
    assert len(sheets["goals"]) == 6 and len(sheets["actions"]) == 18
    assert set(sheets["goals"]["status"]) == {"reached", "open"}
    cells = {str(v) for name in ("conversations", "goals", "actions") for v in sheets[name].astype(str).values.ravel()}
    assert not cells & {"geheim doel", "bellen", "later", "klaar", "bon", "anne", *ids}  # no text, names, coach
    book = sheets["codebook"]
    assert set(book["column"]) >= set(talks.columns) | set(sheets["goals"].columns)
    assert book.set_index("column").loc["step_housing", "meaning"].endswith("housing")
    # the same codes next time; logged once per client
    again = read_research(research_excel(store, lang="en"))["conversations"]
    assert list(again["code"]) == list(talks["code"])
    with store.engine.connect() as conn:
        lines = conn.execute(select(AccessLogRow.action, AccessLogRow.detail, AccessLogRow.actor)
                             .where(AccessLogRow.action == "export")).all()
    assert len(lines) == 14 and {tuple(x) for x in lines} == {("export", "research", "anne")}


def test_shifted_dates_keep_intervals_per_client(team):
    url, _ids = team
    talks = read_research(research_excel(Store(url, actor=ANNE), date_mode="shift", max_shift=20, lang="en"))["conversations"]
    for _code, group in talks.groupby("code"):
        days = [D.fromisoformat(d) for d in group.sort_values("conversation")["date"]]
        if len(days) == 3:
            assert [(b - a).days for a, b in zip(days, days[1:])] == [59, 92]
            assert abs((days[0] - D(2026, 1, 10)).days) <= 20
    with pytest.raises(InvalidInput):
        research_excel(Store(url, actor=ANNE), date_mode="exact")


def test_the_research_export_is_dutch_throughout_by_default(team):
    url, _ids = team
    data = research_excel(Store(url, actor=ANNE), date_mode="month")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames[:3] == ["gesprekken", "doelen", "acties"] and book.sheetnames[-1] == "codeboek"
    assert set(book.sheetnames) <= {"gesprekken", "doelen", "acties", "eigen brug", "codeboek"}  # issue 22's sheet
    sheets = {name: pd.read_excel(io.BytesIO(data), sheet_name=name) for name in book.sheetnames}
    talks, goals = sheets["gesprekken"], sheets["doelen"]
    assert list(talks.columns[:5]) == ["code", "gesprek", "datum", "brug", "stress"]
    assert "trede_housing" in talks.columns and "gekozen_door_housing" in talks.columns
    assert list(goals.columns) == ["code", "doel", "onderdeel", "trede_begin", "trede_doel", "stand",
                                   "gemaakt_op", "stand_op", "streefdatum"]
    assert set(goals["stand"]) == {"bereikt", "open"}
    focus = {str(v) for c in talks.columns if c.startswith("wil_werken_aan_") for v in talks[c].dropna()}
    assert focus <= {"ja", "nee"}
    codebook = sheets["codeboek"]
    assert list(codebook.columns) == ["blad", "kolom", "betekenis", "waarden"]
    assert set(codebook["blad"]) == set(book.sheetnames[:-1])
    assert set(codebook["kolom"]) >= set(talks.columns) | set(goals.columns) | set(sheets["acties"].columns)
    english_words = {"reached", "True", "False", "together", "conversations", "goals", "codebook", "step_housing"}
    cells = {str(v) for frame in sheets.values() for v in frame.astype(str).values.ravel()}
    assert not cells & english_words
    assert "True of False" not in " ".join(codebook["waarden"].astype(str))
