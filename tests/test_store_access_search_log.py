"""Issue 23: searches in the client picker are in the access log: who searched, when, how many names
the list showed; never the search text (not in the log, nowhere in the database file). A run of key
presses writes a line at its start and whenever more names appear, so every list a coach saw is
covered; the log keeper reads it in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from mmwidgets.apps.conversation import conversation_app
from mmwidgets.apps.log_view import log_table_html
from mmwidgets.apps.plan import PlanApp
from mmwidgets.model.access.search_log import RUN_GAP_SECONDS, SearchRun
from mmwidgets.model.actor import Actor
from mmwidgets.model.bridge.library import DefinitionLibrary, shipped_bridges_dir
from mmwidgets.store.access.guard import AccessRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store

SECRET = "Qzwx"  # typed into the search box; no client is called this


def test_a_run_of_key_presses_writes_a_line_at_its_start_and_when_more_names_show():
    now = [0.0]
    run = SearchRun(clock=lambda: now[0])
    assert run.note(7) is True  # "a": the first search of the run
    assert [run.note(n) for n in (3, 1, 1, 3)] == [False] * 4  # "an", "ann", "anna", back to "an"
    assert run.note(9) is True  # more names than any line said: a new line
    run.end()  # box emptied, or a client chosen
    assert run.note(1) is True
    now[0] += RUN_GAP_SECONDS + 1
    assert run.note(1) is True  # a minute without typing: a new run


def search_lines(url: str) -> list[tuple]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM access_log WHERE action = 'search' ORDER BY id")).mappings().all()
    engine.dispose()
    return [dict(r) for r in rows]


def test_the_store_writes_who_when_and_how_many_and_the_log_keeper_reads_it(db_url):
    anne = Store(db_url, actor=Actor("anne", "noord"))
    keeper = Store(db_url, actor=Actor("kees", "noord", "log_keeper"))
    AccessRepo(anne).log_search(3)
    lines = [line for line in AccessRepo(keeper).search_log() if line.action == "search"]
    assert [(l.actor, l.role, l.team, l.object_code, l.detail, l.result) for l in lines] == [
        ("anne", "coach", "noord", "-", "3", "ok")]
    html_nl, html_en = log_table_html(lines, "nl"), log_table_html(lines, "en")
    assert "gezocht in de deelnemers (3 gevonden)" in html_nl
    assert "searched the clients (3 found)" in html_en
    anne.dispose()
    keeper.dispose()


@pytest.mark.sqlite_only(reason="reads the database file's bytes to show the search text is nowhere in it")
def test_typing_in_the_picker_logs_the_searches_and_the_text_is_nowhere(db_url, tmp_path):
    store = Store(db_url, actor=Actor("anne", "noord"))
    for name in ("Anna", "Annemarie", "Bob"):
        ClientRepo(store).create(name)
    app = conversation_app(store=store, lang="nl", library=DefinitionLibrary([shipped_bridges_dir()]))
    box = app.picker.search_box
    for typed in ("a", "an", "ann", "anna", ""):  # one run: 2 names at "a" ("Anna", "Annemarie"), then fewer
        box.value = typed
    for typed in ("b", "bo", "", SECRET, SECRET + "a"):  # two more runs; the last finds nobody
        box.value = typed
    lines = search_lines(db_url)
    assert [(l["actor"], l["role"], l["team"], l["detail"], l["result"]) for l in lines] == [
        ("anne", "coach", "noord", "2", "ok"), ("anne", "coach", "noord", "1", "ok"),
        ("anne", "coach", "noord", "0", "ok")]
    assert all(l["at"] is not None and l["origin"] for l in lines)
    box.value = "ann"
    app.picker.matches.value = app.picker.matches.options[0][1]  # choosing ends the run
    assert app.picker.client_id is not None
    # the plan workbook's picker logs too
    plan = PlanApp(store, "nl")
    plan.picker.search_box.value = "bob"
    assert [l["detail"] for l in search_lines(db_url)] == ["2", "1", "0", "2", "1"]
    store.dispose()
    files = [Path(p) for p in (str(tmp_path / "t.db"), str(tmp_path / "t.db-wal")) if Path(p).exists()]
    assert files
    for path in files:
        data = path.read_bytes()
        for form in (SECRET, SECRET.lower(), SECRET.upper()):
            assert form.encode() not in data and form.encode("utf-16-le") not in data, path
