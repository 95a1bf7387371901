"""Teams (issue 9): a coach finds, opens and changes only their own caseload, through every
repo method, on SQLite and PostgreSQL; hand-over and back; the team lead's list and logged
open; trainers, trainees and log keepers see no client at all."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from mmwidgets.model.actor import Actor
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.store.access.guard import AccessRefused, AccessRepo
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Base, Store
from mmwidgets.store.export import export_client, export_pseudonymised
from mmwidgets.store.plans.repo import PlanRepo
from mmwidgets.store.training.repo import TrainingRepo

DEFN = load_definition(shipped_data_dir() / "bridges" / "default.yaml")
DAY = dt.date(2026, 11, 30)
ANNE = Actor("anne", "noord")
BOB = Actor("bob", "noord")


@pytest.fixture
def stores(db_url):
    made: dict[str, Store] = {}

    def store_for(actor: Actor) -> Store:
        key = f"{actor.user}/{actor.team}/{actor.role}"
        if key not in made:
            made[key] = Store(db_url, actor=actor)
        return made[key]

    yield store_for
    for store in made.values():
        store.dispose()


@pytest.fixture
def annes_client(stores):
    """Anne's client with a conversation, a choice and a plan (goal, action, reward given)."""
    store = stores(ANNE)
    client = ClientRepo(store).create("Sanne Jansen", note="Woont bij haar zus")
    repo = AssessmentRepo(store)
    a = repo.start(client.id, DEFN, DAY)
    repo.set_choice(a.id, "housing", definition=DEFN, step=2, note="Zoekt een huis")
    repo.set_stress(a.id, 7, note="Veel post")
    plans = PlanRepo(store)
    goal = plans.add_goal(client.id, "Een eigen huis")
    action = plans.add_action(client.id, goal, "Bel de woningcorporatie", due=DAY)
    plans.give_reward(client.id, date=DAY, for_what="Gebeld", value_cents=0, kind="intangible")
    return {"client": client, "assessment": a, "goal": goal, "action": action}


def table_counts(store: Store) -> dict[str, int]:
    """Rows per table, read straight from the database (no actor in between)."""
    with store.engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables
            if t.name != "access_log"
        }


def refused_or_missing(call) -> None:
    """The call gives nothing of the other coach's client: a refusal or 'does not exist'."""
    with pytest.raises(InvalidInput) as caught:
        call()
    assert "teams_refused" in caught.value.problem.code or caught.value.problem.code.endswith("missing")


def gives_nothing(call, is_empty) -> None:
    """The call refuses, says the client does not exist, or returns nothing."""
    try:
        found = call()
    except InvalidInput as exc:
        assert "teams_refused" in exc.problem.code or exc.problem.code.endswith("missing")
        return
    assert is_empty(found), found


def test_a_coach_cannot_read_another_coachs_client_by_any_repo_method(stores, annes_client):
    bob = stores(BOB)
    cid, aid = annes_client["client"].id, annes_client["assessment"].id
    clients, assessments, plans = ClientRepo(bob), AssessmentRepo(bob), PlanRepo(bob)

    assert clients.get(cid) is None
    assert clients.search("") == [] and clients.search("sanne") == []
    assert assessments.get(aid) is None
    assert assessments.history(cid) == []
    assert assessments.current(cid, DEFN, DAY) is None
    gives_nothing(lambda: plans.load(cid), lambda plan: not (plan.goals or plan.ledger or plan.history))
    gives_nothing(lambda: plans.history(cid), lambda found: found == [])
    gives_nothing(lambda: plans.ledger(cid), lambda found: found == [])
    gives_nothing(lambda: plans.total_given(cid), lambda found: found == 0)
    assert plans.totals_by_client() == {}
    refused_or_missing(lambda: export_client(bob, cid))
    assert export_pseudonymised(bob)["participants"] == []
    refused_or_missing(lambda: AccessRepo(bob).open_client(cid))
    refused_or_missing(lambda: AccessRepo(bob).client_code(cid))
    refused_or_missing(lambda: AccessRepo(bob).lines_of_client(cid))
    # guessing ids around it gives nothing either
    for guess in range(1, cid + 5):
        assert clients.get(guess) is None and assessments.get(guess) is None
    # Anne still has everything
    anne = stores(ANNE)
    assert ClientRepo(anne).get(cid).pseudonym == "Sanne Jansen"
    assert AssessmentRepo(anne).history(cid)[0].choices["housing"].step == 2
    assert export_client(anne, cid)["client"]["note"] == "Woont bij haar zus"


def test_a_coach_cannot_change_or_erase_another_coachs_client(stores, annes_client):
    bob, anne = stores(BOB), stores(ANNE)
    cid, aid = annes_client["client"].id, annes_client["assessment"].id
    before = table_counts(anne)
    assessments, plans = AssessmentRepo(bob), PlanRepo(bob)
    attempts = [
        lambda: ClientRepo(bob).update(cid, pseudonym="Gestolen", note="x"),
        lambda: assessments.set_choice(aid, "housing", definition=DEFN, step=5),
        lambda: assessments.set_choice(aid, "debts", definition=DEFN, step=1),
        lambda: assessments.set_stress(aid, 1),
        lambda: assessments.set_date(aid, DAY - dt.timedelta(days=3)),
        lambda: assessments.start(cid, DEFN, DAY),
        lambda: plans.add_goal(cid, "Iets anders"),
        lambda: plans.tick(cid, annes_client["action"], DAY),
        lambda: plans.give_reward(cid, date=DAY, for_what="x", value_cents=100, kind="money"),
        lambda: AccessRepo(bob).hand_over(cid, "bob"),
    ]
    for attempt in attempts:
        refused_or_missing(attempt)
    assert assessments.delete(aid) is False
    assert ClientRepo(bob).erase(cid) is False
    assert table_counts(anne) == before
    saved = AssessmentRepo(anne).get(aid)
    assert saved.choices["housing"].step == 2 and saved.stress == 7 and saved.date == DAY
    assert "debts" not in saved.choices
    assert ClientRepo(anne).get(cid).pseudonym == "Sanne Jansen"
    assert [g.text for g in PlanRepo(anne).load(cid).goals] == ["Een eigen huis"]


def test_a_new_client_belongs_to_its_coach_and_team(stores):
    anne, bob = stores(ANNE), stores(BOB)
    client = ClientRepo(bob).create("Piet Bakker")
    with anne.engine.connect() as conn:
        row = conn.execute(
            select(Base.metadata.tables["clients"].c.coach, Base.metadata.tables["clients"].c.team)
        ).one()
    assert tuple(row) == ("bob", "noord")
    assert [c.id for c in ClientRepo(bob).search("")] == [client.id]
    assert ClientRepo(anne).search("") == []


def test_hand_over_and_back(stores, annes_client):
    anne, bob = stores(ANNE), stores(BOB)
    cid = annes_client["client"].id
    AccessRepo(anne).hand_over(cid, "bob")
    assert ClientRepo(anne).get(cid) is None and AssessmentRepo(anne).history(cid) == []
    assert ClientRepo(bob).get(cid).pseudonym == "Sanne Jansen"
    assert AssessmentRepo(bob).history(cid)[0].choices["housing"].step == 2
    AssessmentRepo(bob).set_choice(annes_client["assessment"].id, "debts", definition=DEFN, step=3)
    refused_or_missing(lambda: AccessRepo(anne).hand_over(cid, "anne"))  # the old coach cannot take it back
    AccessRepo(bob).hand_over(cid, "anne")
    assert ClientRepo(bob).get(cid) is None
    assert AssessmentRepo(anne).history(cid)[0].choices["debts"].step == 3
    lines = [(l.actor, l.action, l.result, l.detail) for l in AccessRepo(anne).lines_of_client(cid)]
    assert ("anne", "hand_over", "ok", "bob@noord") in lines
    assert ("bob", "hand_over", "ok", "anne@noord") in lines
    assert ("anne", "hand_over", "refused", "anne") in lines


def test_the_team_lead_lists_the_team_and_opens_a_file_only_through_the_logged_step(stores, annes_client):
    bob = stores(BOB)
    bobs = ClientRepo(bob).create("Piet Bakker")
    other_team = ClientRepo(stores(Actor("carla", "zuid"))).create("Kees de Boer")
    lead = stores(Actor("lena", "noord", "team_lead"))
    cid = annes_client["client"].id

    listed = {(c.pseudonym, coach) for c, coach in AccessRepo(lead).team_clients()}
    assert listed == {("Sanne Jansen", "anne"), ("Piet Bakker", "bob")}
    assert {c.id for c in ClientRepo(lead).search("")} == {cid, bobs.id}
    assert ClientRepo(lead).get(other_team.id) is None
    # the file stays closed until the explicit step
    assert AssessmentRepo(lead).history(cid) == []
    assert PlanRepo(lead).ledger(cid) == []
    refused_or_missing(lambda: AccessRepo(lead).open_client(cid))
    refused_or_missing(lambda: export_client(lead, cid))
    with pytest.raises(InvalidInput) as bad:
        AccessRepo(lead).open_as_team_lead(cid, "curious")
    assert "replacement" in bad.value.message("en")  # the message lists the reasons
    refused_or_missing(lambda: AccessRepo(lead).open_as_team_lead(other_team.id, "report"))

    AccessRepo(lead).open_as_team_lead(cid, "replacement")
    assert AssessmentRepo(lead).history(cid)[0].choices["housing"].step == 2
    assert AssessmentRepo(lead).history(bobs.id) == []  # only the opened file
    opened = [l for l in AccessRepo(stores(ANNE)).lines_of_client(cid) if l.actor == "lena"]
    assert [(l.action, l.result, l.on_behalf_of, l.detail, l.role) for l in opened][-1] == (
        "open", "ok", "anne", "replacement", "team_lead"
    )


@pytest.mark.parametrize("role", ["trainer", "trainee", "log_keeper"])
def test_trainers_trainees_and_log_keepers_see_no_client(stores, annes_client, role):
    other = stores(Actor("tom", "noord", role))
    cid = annes_client["client"].id
    assert ClientRepo(other).search("") == [] and ClientRepo(other).get(cid) is None
    assert AssessmentRepo(other).history(cid) == []
    refused_or_missing(lambda: ClientRepo(other).create("Nieuwe deelnemer"))
    refused_or_missing(lambda: AccessRepo(other).open_client(cid))
    # training data stays theirs to use
    session = TrainingRepo(other).create_session(DEFN.key)
    assert TrainingRepo(other).session_by_id(session.id) is not None


def test_the_laptop_coach_owns_every_client_made_before_teams(db_url):
    laptop = Store(db_url)  # no JUPYTERHUB_USER in the tests: the local user
    assert laptop.actor.local and laptop.actor.team == "lokaal"
    client = ClientRepo(laptop).create("Oude deelnemer")
    with laptop.engine.begin() as conn:  # as if made before teams: the migration's owner
        conn.execute(Base.metadata.tables["clients"].update().values(coach="~lokaal"))
    again = Store(db_url)
    assert ClientRepo(again).get(client.id).pseudonym == "Oude deelnemer"
    hub = Store(db_url, actor=Actor(laptop.actor.user, "lokaal"))  # same name on a hub: not the laptop
    assert ClientRepo(hub).get(client.id) is None
    for store in (laptop, again, hub):
        store.dispose()


def test_every_way_of_reading_in_a_session_is_limited_to_the_caseload(stores, annes_client):
    """Not only the repos: any statement a future module may write goes through the same rules."""
    from mmwidgets.store.tables import AssessmentRow, ChoiceRow, ClientRow

    bob = stores(BOB)
    cid = annes_client["client"].id
    tables = Base.metadata.tables
    with bob.transaction() as s:
        assert s.get(ClientRow, cid) is None
        assert s.execute(select(func.count()).select_from(ClientRow)).scalar_one() == 0
        assert s.execute(select(func.count(ClientRow.id))).scalar_one() == 0
        assert s.execute(select(ClientRow.pseudonym)).all() == []
        assert s.execute(select(tables["clients"].c.pseudonym)).all() == []
        assert s.execute(select(tables["choices"])).all() == []
        assert s.execute(select(ChoiceRow.note).join(AssessmentRow)).all() == []
        assert s.execute(select(func.count()).select_from(tables["plan_goals"])).scalar_one() == 0
        assert s.execute(
            select(tables["assessments"].c.id).join(tables["clients"])
        ).all() == []
    with stores(ANNE).transaction() as s:
        client = s.get(ClientRow, cid)
        assert [a.id for a in client.assessments] == [annes_client["assessment"].id]
        assert s.execute(select(func.count()).select_from(ChoiceRow)).scalar_one() == 1


def test_a_team_leads_logged_opening_holds_in_another_page_that_day_and_only_for_that_file(stores, annes_client, db_url, monkeypatch):
    """The team view logs the opening; the conversation page (another kernel, another Store)
    then opens that file with ?client=, logged again on behalf of the coach; nothing else opens."""
    from mmwidgets.store.access import guard as access

    lena = Actor("lena", "noord", "team_lead")
    bobs = ClientRepo(stores(BOB)).create("Piet Bakker")
    cid = annes_client["client"].id
    AccessRepo(stores(lena)).open_as_team_lead(cid, "replacement")

    conversation_page = Store(db_url, actor=lena)
    assert AccessRepo(conversation_page).open_client(cid).pseudonym == "Sanne Jansen"
    assert AssessmentRepo(conversation_page).history(cid)[0].choices["housing"].step == 2
    refused_or_missing(lambda: AccessRepo(conversation_page).open_client(bobs.id))
    other_lead = Store(db_url, actor=Actor("lotte", "noord", "team_lead"))
    refused_or_missing(lambda: AccessRepo(other_lead).open_client(cid))
    opens = [(l.actor, l.action, l.result, l.on_behalf_of) for l in AccessRepo(stores(ANNE)).lines_of_client(cid)]
    assert opens.count(("lena", "open", "ok", "anne")) == 2

    later = access.utcnow() + dt.timedelta(hours=access.LEAD_OPEN_HOURS + 1)
    monkeypatch.setattr(access, "utcnow", lambda: later)
    next_day = Store(db_url, actor=lena)
    refused_or_missing(lambda: AccessRepo(next_day).open_client(cid))
