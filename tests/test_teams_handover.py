"""Issue 20: a hand-over goes only to a coach of the team's roster, is confirmed, can be undone
by the giver the same day (logged both ways); a team lead's opened file is read-only until
"Ik neem dit over" (logged; the coach sees it); the banner says whose file, who, why, until when."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from mmwidgets.apps.common import FileBannerApp
from mmwidgets.apps.team_view import TeamView
from mmwidgets.model.actor import Actor
from mmwidgets.model.errors import InvalidInput
from mmwidgets.store.access.guard import AccessRefused, AccessRepo
from mmwidgets.store.access.roster import hub_names, working_day_end, working_day_start
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store


@pytest.fixture
def team(db_url):
    stores = {
        "anne": Store(db_url, actor=Actor("anne", "noord")),
        "ahmed": Store(db_url, actor=Actor("Ahmed", "noord")),
        "lena": Store(db_url, actor=Actor("lena", "noord", "team_lead")),
        "carla": Store(db_url, actor=Actor("carla", "zuid")),
    }
    yield stores
    for store in stores.values():
        store.dispose()


def actions(store, client_id):
    return [(line.actor, line.action, line.detail, line.result) for line in AccessRepo(store).lines_of_client(client_id)]


def test_a_name_outside_the_team_is_refused_in_the_store_and_logged(team):
    visser = ClientRepo(team["anne"]).create("Mevrouw Visser")
    assert AccessRepo(team["anne"]).colleagues() == ["Ahmed"]
    assert AccessRepo(team["lena"]).colleagues() == ["Ahmed", "anne"]
    for typo in ("ahmd", "carla", "lena"):  # a typo, a coach of another team, the team lead
        with pytest.raises(InvalidInput) as caught:
            AccessRepo(team["anne"]).hand_over(visser.id, typo)
        message = caught.value.message("nl")
        assert f"{typo} staat niet in team noord" in message and "Ahmed, anne" in message
    assert [c.id for c in ClientRepo(team["anne"]).search("")] == [visser.id], "nobody lost the client"
    assert ("anne", "hand_over", "ahmd", "refused") in actions(team["anne"], visser.id)
    with pytest.raises(InvalidInput) as same:
        AccessRepo(team["anne"]).hand_over(visser.id, "anne")
    assert "anne is al de coach van deze deelnemer" in same.value.message("nl")
    AccessRepo(team["anne"]).hand_over(visser.id, "ahmed")  # capitals do not matter: the roster's spelling
    assert [c.pseudonym for c in ClientRepo(team["ahmed"]).search("")] == ["Mevrouw Visser"]
    lines = actions(team["ahmed"], visser.id)
    assert ("anne", "hand_over", "Ahmed@noord", "ok") in lines


def test_the_hub_passes_the_team_coaches(db_url, monkeypatch):
    assert hub_names({"MM_TEAM_COACHES": "piet, ,\x00bad,joke"}) == ["piet", "joke"]
    monkeypatch.setenv("MM_TEAM_COACHES", "anne,piet")
    anne = Store(db_url, actor=Actor("anne", "noord"))
    client = ClientRepo(anne).create("Jan")
    assert AccessRepo(anne).colleagues() == ["piet"]
    AccessRepo(anne).hand_over(client.id, "piet")  # piet never logged in, but the hub knows him
    assert ClientRepo(anne).search("") == []
    anne.dispose()


def test_undo_by_the_giver_within_the_working_day(team):
    anne, ahmed = AccessRepo(team["anne"]), AccessRepo(team["ahmed"])
    visser = ClientRepo(team["anne"]).create("Mevrouw Visser")
    anne.hand_over(visser.id, "Ahmed")
    assert [item["client_id"] for item in anne.undoable_hand_overs()] == [visser.id]
    assert ahmed.undoable_hand_overs() == []
    with pytest.raises(AccessRefused):  # the receiver cannot "undo" the giver's hand-over
        ahmed.undo_hand_over(visser.id)
    anne.undo_hand_over(visser.id)
    assert [c.id for c in ClientRepo(team["anne"]).search("")] == [visser.id]
    assert ClientRepo(team["ahmed"]).search("") == []
    lines = actions(team["anne"], visser.id)
    assert ("anne", "hand_over", "Ahmed@noord", "ok") in lines
    assert ("anne", "undo_hand_over", "anne@noord", "ok") in lines
    with pytest.raises(AccessRefused) as late:
        anne.undo_hand_over(visser.id)  # undone once
    assert "kan niet meer terug" in late.value.message("nl")
    # yesterday's hand-over cannot be undone
    anne.hand_over(visser.id, "Ahmed")
    yesterday = working_day_start() - dt.timedelta(hours=1)
    with team["anne"].engine.begin() as conn:
        conn.execute(text("UPDATE hand_overs SET at = :at WHERE undone_at IS NULL"), {"at": yesterday})
    assert anne.undoable_hand_overs() == []
    with pytest.raises(AccessRefused):
        anne.undo_hand_over(visser.id)
    # handed on by the new coach: the first giver can no longer take it back
    ahmed.hand_over(visser.id, "anne")
    ahmed_again = AccessRepo(team["anne"])
    ahmed_again.hand_over(visser.id, "Ahmed")
    AccessRepo(team["lena"]).hand_over(visser.id, "anne")
    with pytest.raises(AccessRefused):
        ahmed_again.undo_hand_over(visser.id)
    assert [c.id for c in ClientRepo(team["anne"]).search("")] == [visser.id]


def test_the_working_day_is_amsterdams():
    evening = dt.datetime(2026, 12, 6, 22, 30)  # 23:30 in Amsterdam
    assert working_day_start(evening) == dt.datetime(2026, 12, 5, 23, 0)
    assert working_day_end(evening) == dt.datetime(2026, 12, 6, 23, 0)
    late = dt.datetime(2026, 12, 6, 23, 30)  # 00:30 the next day in Amsterdam
    assert working_day_start(late) == dt.datetime(2026, 12, 6, 23, 0)
    summer = dt.datetime(2026, 7, 1, 12, 0)
    assert working_day_start(summer) == dt.datetime(2026, 6, 30, 22, 0)


def test_the_team_leads_hand_over_says_from_whom_and_can_be_undone(team):
    visser = ClientRepo(team["anne"]).create("Mevrouw Visser")
    lead = TeamView(team["lena"], "nl")
    lead.client.value = visser.id
    lead.coach.value = "Ahmed"
    lead.button.click()
    assert ("Mevrouw Visser gaat van anne naar Ahmed. Ahmed ziet het dossier vanaf nu; anne niet meer."
            in lead.confirm_text.value)
    lead.no.click()
    assert lead.confirm_box.layout.display == "none"
    assert [c.id for c in ClientRepo(team["anne"]).search("")] == [visser.id]
    lead.button.click()
    lead.yes.click()
    assert [c.id for c in ClientRepo(team["ahmed"]).search("")] == [visser.id]
    assert "<td>Ahmed</td>" in lead.table.value
    undo = [b for b in lead.undo_box.children if "mm-handover-undo" in b._dom_classes]
    undo[0].click()
    assert [c.id for c in ClientRepo(team["anne"]).search("")] == [visser.id]
    lines = [(l.actor, l.action, l.on_behalf_of) for l in AccessRepo(team["anne"]).lines_of_client(visser.id)]
    assert ("lena", "hand_over", "anne") in lines and ("lena", "undo_hand_over", "anne") in lines


def test_english_hand_over_sentence(team):
    ClientRepo(team["anne"]).create("Mrs Visser")
    view = TeamView(team["anne"], "en")
    view.coach.value = "Ahmed"
    view.button.click()
    assert "Mrs Visser goes to Ahmed. Ahmed sees the file from now on; you no longer do." in view.confirm_text.value
    assert view.yes.description == "Yes, hand over"


def test_a_team_leads_opened_file_is_read_only_until_taken_over(team, db_url):
    visser = ClientRepo(team["anne"]).create("Mevrouw Visser")
    lena = AccessRepo(team["lena"])
    lena.open_as_team_lead(visser.id, "quality")
    banner = FileBannerApp(team["lena"], "nl")
    banner.set_client(visser.id)
    assert banner.layout.display == ""
    shown = banner.text.value
    assert "Dossier van Mevrouw Visser (coach: anne). Geopend door lena, reden: kwaliteit. Open tot " in shown
    assert " om " in shown and "Je kunt dit dossier alleen bekijken" in banner.state.value
    assert banner.button.layout.display == "" and banner.button.description == "Ik neem dit over"
    with pytest.raises(AccessRefused) as looked:
        ClientRepo(team["lena"]).update(visser.id, note="door de teamleider")
    assert "je bekijkt dit dossier alleen" in looked.value.message("nl")
    assert ClientRepo(team["anne"]).get(visser.id).note == ""
    assert ("lena", "change", "", "refused") in actions(team["anne"], visser.id)
    # the coach sees nothing yet
    coach_banner = FileBannerApp(team["anne"], "nl")
    coach_banner.set_client(visser.id)
    assert coach_banner.layout.display == "none"
    banner.button.click()  # "Ik neem dit over"
    assert "Je hebt dit dossier overgenomen" in banner.state.value and banner.button.layout.display == "none"
    ClientRepo(team["lena"]).update(visser.id, note="door de teamleider")
    assert ClientRepo(team["anne"]).get(visser.id).note == "door de teamleider"
    assert ("lena", "take_over", "quality", "ok") in actions(team["anne"], visser.id)
    coach_banner.set_client(visser.id)
    assert coach_banner.layout.display == ""
    assert "teamleider lena heeft dit dossier overgenomen op " in coach_banner.text.value
    assert "(reden: kwaliteit)" in coach_banner.text.value
    # another page of the team lead (another kernel) knows the file is taken over
    page = Store(db_url, actor=Actor("lena", "noord", "team_lead"))
    AccessRepo(page).open_client(visser.id)
    ClientRepo(page).update(visser.id, note="nog eens")
    page.dispose()
    # a page of a team lead who only looked cannot change it
    other = Store(db_url, actor=Actor("lena", "noord", "team_lead"))
    banner_en = FileBannerApp(other, "en")
    AccessRepo(other).open_client(visser.id)
    banner_en.set_client(visser.id)
    assert "File of Mevrouw Visser (coach: anne). Opened by lena, reason: quality." in banner_en.text.value
    other.dispose()


def test_taking_over_needs_an_opened_file(team):
    visser = ClientRepo(team["anne"]).create("Mevrouw Visser")
    with pytest.raises(AccessRefused):
        AccessRepo(team["lena"]).take_over(visser.id)
    with pytest.raises(AccessRefused):
        AccessRepo(team["anne"]).take_over(visser.id)
    assert ("lena", "take_over", "", "refused") in actions(team["anne"], visser.id)


def test_the_team_leads_list_counts_per_coach_and_not_seen(team):
    for name in ("Jan", "Piet"):
        ClientRepo(team["anne"]).create(name)
    recent = ClientRepo(team["ahmed"]).create("Kees")
    repo = AssessmentRepo(team["ahmed"])
    from mmwidgets.model.bridge.definition import load_definition
    from mmwidgets.model.bridge.files import shipped_data_dir

    defn = load_definition(shipped_data_dir() / "bridges" / "default.yaml")
    today = dt.date(2026, 12, 6)
    talk = repo.start(recent.id, defn, today - dt.timedelta(days=7))
    repo.set_choice(talk.id, "housing", definition=defn, step=3)
    view = TeamView(team["lena"], "nl", today=today)
    counts = view.counts.value
    assert "Het team heeft 3 deelnemers" in counts
    assert "anne: 2 deelnemers, 2 niet gezien in 6 weken" in counts
    assert "Ahmed: 1 deelnemers, 0 niet gezien in 6 weken" in counts
    assert "mm-team-not-seen" in view.table.value and "nog geen gesprek" in view.table.value
    assert "29-11-2026" in view.table.value
    view.weeks.value = 10
    assert "in 10 weken" in view.counts.value
    assert view.title.value == "<h1>Deelnemers van team noord</h1>"


def test_the_caseload_link_chooses_the_client_in_the_logged_step(team):
    visser = ClientRepo(team["anne"]).create("Mevrouw Visser")
    view = TeamView(team["lena"], "nl", query=f"client={visser.id}")
    assert view.open_client.value == visser.id and "Kies een reden" in view.open_messages.value
    assert AccessRepo(team["lena"]).lead_status(visser.id) is None, "not opened before the reason"
    view.open_reason.value = "replacement"
    view.open_button.click()
    assert AccessRepo(team["lena"]).lead_status(visser.id).reason == "replacement"
    assert view.open_button.style.button_color == "#0b4f8a" and view.open_button.style.text_color == "white"


def test_the_conversation_page_shows_the_banner_and_refuses_a_step_until_taken_over(team):
    from mmwidgets.apps.conversation import conversation_app

    visser = ClientRepo(team["anne"]).create("Mevrouw Visser")
    AccessRepo(team["lena"]).open_as_team_lead(visser.id, "replacement")
    app = conversation_app(team["lena"], "nl")
    assert app.open_from_query(f"client={visser.id}")
    banner = app.file_banner
    assert banner in app.workspace.children and banner.layout.display == ""
    assert "Geopend door lena, reden: vervanging" in banner.text.value
    app.guard(app._on_choice)("housing", {"step": 3})
    assert "je bekijkt dit dossier alleen" in app.messages.value
    assert AssessmentRepo(team["anne"]).history(visser.id) == []
    banner.button.click()
    app.messages.clear()
    app.guard(app._on_choice)("housing", {"step": 3})
    assert "bekijkt" not in app.messages.value
    saved = AssessmentRepo(team["anne"]).history(visser.id)
    assert [a.choices["housing"].step for a in saved] == [3]
    # the coach opens the file and reads that the team lead took it over
    mine = conversation_app(team["anne"], "nl")
    assert mine.open_from_query(f"client={visser.id}")
    assert "teamleider lena heeft dit dossier overgenomen" in mine.file_banner.text.value


def test_the_log_says_undo_and_take_over_in_words(team):
    from mmwidgets.store.access.export import who_looked

    visser = ClientRepo(team["anne"]).create("Mevrouw Visser")
    AccessRepo(team["anne"]).hand_over(visser.id, "Ahmed")
    AccessRepo(team["anne"]).undo_hand_over(visser.id)
    lena = AccessRepo(team["lena"])
    lena.open_as_team_lead(visser.id, "quality")
    lena.take_over(visser.id)
    lines = who_looked(team["anne"], visser.id, "nl")
    assert any(line.endswith("coach anne — overdracht teruggedraaid; weer bij anne") for line in lines)
    assert any(line.endswith("teamleider lena (namens anne) — overgenomen door de teamleider (kwaliteit)")
               for line in lines)


def test_the_team_leads_caseload_has_its_own_title_and_links_through_the_logged_step(team):
    from mmwidgets.apps.caseload import caseload_app

    visser = ClientRepo(team["anne"]).create("Mevrouw Visser")
    lead = caseload_app(team["lena"], "nl", today=dt.date(2026, 12, 6))
    assert "<h1>Deelnemers van team noord</h1>" in lead.title.value and "Mijn deelnemers" not in lead.title.value
    assert f"href='team.ipynb?client={visser.id}'" in lead.table.value
    assert "gesprek.ipynb" not in lead.table.value
    english = caseload_app(team["lena"], "en", today=dt.date(2026, 12, 6))
    assert f"team.ipynb?client={visser.id}&amp;lang=en" in english.table.value
    own = caseload_app(team["anne"], "nl", today=dt.date(2026, 12, 6))
    assert "<h1>Mijn deelnemers</h1>" in own.title.value
    assert f"href='gesprek.ipynb?client={visser.id}'" in own.table.value


def test_a_page_left_open_past_the_opening_cannot_go_on_writing(team, monkeypatch):
    from mmwidgets.store.access import guard as access

    visser = ClientRepo(team["anne"]).create("Mevrouw Visser")
    lena = AccessRepo(team["lena"])
    lena.open_as_team_lead(visser.id, "quality")
    lena.take_over(visser.id)
    ClientRepo(team["lena"]).update(visser.id, note="vandaag")
    # the same page (this Store) the next morning: the opening has ended, the write is refused
    later = access.utcnow() + dt.timedelta(hours=access.LEAD_OPEN_HOURS + 1)
    monkeypatch.setattr(access, "utcnow", lambda: later)
    with pytest.raises(AccessRefused) as refused:
        ClientRepo(team["lena"]).update(visser.id, note="de volgende ochtend")
    assert "je opening van dit dossier is verlopen" in refused.value.message("nl")
    assert "opening of this file has ended" in refused.value.message("en")
    assert ClientRepo(team["anne"]).get(visser.id).note == "vandaag"
    assert ("lena", "change", "", "refused") in actions(team["anne"], visser.id)
