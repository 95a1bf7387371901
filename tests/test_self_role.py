"""The PostgreSQL role of the client's own page (issue 22): with it the page opens a link, saves and
finishes; it cannot read clients' names or notes, conversations, answers or plans (a test tries)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import ProgrammingError

from mmwidgets.apps.self_view import self_view_app
from mmwidgets.model.actor import Actor
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.db import Database
from mmwidgets.store.self_view.repo import InvitationRepo, SelfPage
from mmwidgets.store.self_view.role import grant_self_page_role
from mmwidgets.store.store import Store

DEFN = load_definition(shipped_data_dir() / "bridges" / "default.yaml")


@pytest.fixture
def pg_url(pg_cluster, pg_schema_template):
    url = pg_cluster.create_database(pg_schema_template)
    yield url
    pg_cluster.drop_database(url)


def test_the_page_role_does_its_work_and_reads_nothing_else(pg_url):
    coach = Store(pg_url, actor=Actor("anne", "noord"))
    client = ClientRepo(coach).create("Sanne Geheim", note="notitie over schulden")
    talk = AssessmentRepo(coach).open_conversation(client.id, DEFN)
    AssessmentRepo(coach).set_choice(talk.id, "housing", definition=DEFN, step=3, note="geheim")
    _inv, token = InvitationRepo(coach).invite(client.id, DEFN)
    with coach.engine.begin() as conn:
        grant_self_page_role(conn, "mm_self_page", "wachtwoord-test")
    narrow_url = make_url(pg_url).set(username="mm_self_page", password="wachtwoord-test")
    narrow = Database(narrow_url.render_as_string(hide_password=False))
    try:
        page = SelfPage(narrow, "192.0.2.4")
        page.open(client.id, token)
        page.save(DEFN, "housing", step=2)
        page.save(DEFN, "housing", focus=True)
        page.finish()
        assert InvitationRepo(coach).own_view(client.id, DEFN).step("housing") == 2
        # the app uses the narrow role when MM_SELF_DATABASE_URL is set
        app = self_view_app(environ={"QUERY_STRING": f"client={client.id}&t={token}",
                                     "MM_SELF_DATABASE_URL": narrow.url})
        assert app.view is None and "Deze link werkt niet" in app.children[0].value  # finished: refused
        forbidden = [
            "SELECT pseudonym FROM clients", "SELECT note FROM clients", "SELECT coach FROM clients",
            "SELECT * FROM clients", "SELECT * FROM assessments", "SELECT * FROM choices",
            "SELECT * FROM research_codes", "SELECT * FROM access_log", "SELECT * FROM plan_goals", "SELECT * FROM plans",
            "UPDATE self_invitations SET client_id = client_id", "UPDATE self_invitations SET expires_at = now()",
            "DELETE FROM self_invitations", "DELETE FROM access_log", "INSERT INTO clients (pseudonym) VALUES ('x')",
        ]
        engine = create_engine(narrow.url)
        for statement in forbidden:
            with engine.connect() as conn:
                with pytest.raises(ProgrammingError, match="permission denied"):
                    conn.execute(text(statement))
        with engine.connect() as conn:  # what it may read
            assert conn.execute(text("SELECT id, team FROM clients")).all() == [(client.id, "noord")]
        engine.dispose()
    finally:
        narrow.dispose()
        coach.dispose()
