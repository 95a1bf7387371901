"""Database roles by least privilege on PostgreSQL (issue 23): the app role of every coach's
server can work, but cannot rewrite the access log, alter a table or switch triggers off."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from mmwidgets.model.actor import Actor
from mmwidgets.store import roles
from mmwidgets.store.access.guard import AccessRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store

COACH = Actor(user="coach-a", team="team-a", role="coach")


@pytest.fixture(scope="module")
def role_urls(pg_cluster):
    admin = pg_cluster.create_database()
    urls = roles.setup(admin, roles.new_passwords())
    yield {**urls, "admin": admin}
    pg_cluster.drop_database(admin)


def _refused(url: str, statement: str) -> str:
    """Run ``statement`` as the URL's role in its own transaction; the database's refusal (SQLSTATE)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            with pytest.raises(DBAPIError) as refused:
                conn.execute(text(statement))
            conn.rollback()
        return refused.value.orig.sqlstate
    finally:
        engine.dispose()


def test_the_app_role_works_and_writes_the_log(role_urls):
    store = Store(role_urls["app"], actor=COACH)
    client = ClientRepo(store).create("Lavendel")
    AccessRepo(store).open_client(client.id)
    lines = AccessRepo(store).lines_of_client(client.id)
    assert [line.action for line in lines if line.actor == "coach-a"].count("open") >= 1
    store.dispose()


@pytest.mark.parametrize("statement", [
    "ALTER TABLE access_log DISABLE TRIGGER access_log_append_only",
    "ALTER TABLE access_log DISABLE TRIGGER ALL",
    "SET session_replication_role = replica",
    "UPDATE access_log SET actor = 'iemand-anders'",
    "DELETE FROM access_log",
    "TRUNCATE access_log",
    "DROP TRIGGER access_log_append_only ON access_log",
    "ALTER TABLE clients ADD COLUMN bsn VARCHAR(9)",
    "DROP TABLE clients",
    "CREATE TABLE kopie (id INTEGER)",
    "UPDATE access_key SET secret = 'x'",
    "CREATE ROLE stiekem LOGIN SUPERUSER",
    "ALTER ROLE mm_app SUPERUSER",
])
def test_the_app_role_cannot_touch_the_log_nor_the_schema(role_urls, statement):
    # 42501 insufficient privilege (42P01 would be a missing table: not a refusal, the test would lie)
    assert _refused(role_urls["app"], statement) == "42501"


def test_the_app_role_is_no_superuser_and_owns_nothing(role_urls):
    engine = create_engine(role_urls["app"])
    with engine.connect() as conn:
        me = conn.execute(text("SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles "
                               "WHERE rolname = current_user")).one()
        owned = conn.execute(text("SELECT count(*) FROM pg_tables WHERE tableowner = current_user")).scalar()
        log_owner = conn.execute(text("SELECT tableowner FROM pg_tables WHERE tablename = 'access_log'")).scalar()
    engine.dispose()
    assert tuple(me) == (False, False, False, False)
    assert owned == 0 and log_owner == roles.OWNER


def test_a_new_table_after_a_migration_gets_the_default_privileges_and_a_named_one_exactly_its_own(role_urls):
    owner = create_engine(role_urls["owner"])
    with owner.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS later_notes (id SERIAL PRIMARY KEY, body TEXT)"))
    owner.dispose()
    roles.grant(role_urls["owner"])
    app = create_engine(role_urls["app"])
    with app.begin() as conn:
        conn.execute(text("INSERT INTO later_notes (body) VALUES ('x')"))
        assert conn.execute(text("SELECT count(*) FROM later_notes")).scalar() >= 1
    app.dispose()
    assert _refused(role_urls["app"], "UPDATE access_log SET detail = ''") == "42501"


def test_another_role_can_be_added_narrower_still(pg_cluster, monkeypatch):
    monkeypatch.setitem(roles.ROLES, "client_page", roles.RoleGrant("mm_test_page", default=(),
                                                                    tables={"clients": ("SELECT",)}))
    admin = pg_cluster.create_database()
    try:
        urls = roles.setup(admin, roles.new_passwords())
        engine = create_engine(urls["client_page"])
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM clients")).scalar() == 0
        engine.dispose()
        assert _refused(urls["client_page"], "SELECT * FROM access_log") == "42501"
        assert _refused(urls["client_page"], "INSERT INTO clients (pseudonym) VALUES ('x')") == "42501"
    finally:
        pg_cluster.drop_database(admin)
    with pytest.raises(ValueError):
        roles.register("other", roles.RoleGrant(roles.OWNER, default=()))


# -- row-level security: the team wall in the database (store/roles.py, row_security) -----------

def _team_rows(url: str, team: str | None) -> dict[str, list]:
    """What a bare connection of the URL's role sees, saying ``team`` (None: saying nothing)."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            if team is not None:
                conn.execute(text("SELECT set_config('mm.team', :t, true)"), {"t": team})
            return {
                "clients": sorted(conn.execute(text("SELECT pseudonym FROM clients")).scalars()),
                "assessments": sorted(conn.execute(text(
                    "SELECT c.pseudonym FROM assessments a JOIN clients c ON c.id = a.client_id")).scalars()),
                "choices": conn.execute(text("SELECT count(*) FROM choices")).scalar(),
                "plan_goals": conn.execute(text("SELECT count(*) FROM plan_goals")).scalar(),
            }
    finally:
        engine.dispose()


def test_the_app_role_sees_only_its_own_teams_client_rows(role_urls):
    import datetime as dt

    from mmwidgets.model.bridge.definition import load_definition
    from mmwidgets.model.bridge.files import shipped_data_dir
    from mmwidgets.store.assessments import AssessmentRepo

    bridge = load_definition(shipped_data_dir() / "bridges" / "default.yaml")

    made = {}
    for actor, name in ((Actor("rls-a", "rls-noord"), "Noorderlicht"), (Actor("rls-b", "rls-zuid"), "Zuiderzon")):
        store = Store(role_urls["app"], actor=actor)
        client = ClientRepo(store).create(name)
        repo = AssessmentRepo(store)
        assessment = repo.open_conversation(client.id, bridge, dt.date(2026, 12, 1))
        repo.set_choice(assessment.id, "housing", definition=bridge, step=2)
        made[actor.team] = (store, client)
    # a bare connection of the app role, past every check of the store: only its team's rows
    north = _team_rows(role_urls["app"], "rls-noord")
    assert north["clients"] == ["Noorderlicht"] and north["assessments"] == ["Noorderlicht"]
    assert north["choices"] == 1
    assert _team_rows(role_urls["app"], "rls-zuid")["clients"] == ["Zuiderzon"]
    nothing = _team_rows(role_urls["app"], None)  # a connection that never says its team: nothing
    assert nothing == {"clients": [], "assessments": [], "choices": 0, "plan_goals": 0}
    # the owner (migrations) is not limited
    assert {"Noorderlicht", "Zuiderzon"} <= set(_team_rows(role_urls["owner"], None)["clients"])
    # the Store's own raw connection says its team: another team's client cannot be read or changed
    store, _ = made["rls-noord"]
    other = made["rls-zuid"][1]
    with store.engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM clients WHERE id = :i"), {"i": other.id}).scalar() == 0
        changed = conn.execute(text("UPDATE clients SET note = 'x' WHERE id = :i"), {"i": other.id}).rowcount
        deleted = conn.execute(text("DELETE FROM assessments WHERE client_id = :i"), {"i": other.id}).rowcount
    assert changed == 0 and deleted == 0
    # ... nor made in another team's name (42501: the policy refuses the new row)
    assert _refused(role_urls["app"], "INSERT INTO clients (pseudonym, name_key, note, created_at, updated_at, "
                    "coach, team) VALUES ('x', 'x', '', now(), now(), 'rls-a', 'rls-zuid')") == "42501"
    # a hand-over to another team still works behind the wall (the store decides), and then it is theirs
    store, mine = made["rls-noord"]
    AccessRepo(store).hand_over(mine.id, "rls-b", "rls-zuid")
    assert _team_rows(role_urls["app"], "rls-zuid")["clients"] == ["Noorderlicht", "Zuiderzon"]
    assert _team_rows(role_urls["app"], "rls-noord")["clients"] == []
    for store, _ in made.values():
        store.dispose()


def test_row_security_covers_every_table_of_a_client(role_urls):
    from sqlalchemy import inspect

    from mmwidgets.store.access.guard import client_link
    from mmwidgets.store.store import Base

    expected = {t.name for t in Base.metadata.sorted_tables if t.name == "clients" or client_link(t) is not None}
    engine = create_engine(role_urls["owner"])
    with engine.connect() as conn:
        walled = set(conn.execute(text("SELECT relname FROM pg_class WHERE relrowsecurity")).scalars())
        present = set(inspect(conn).get_table_names())
    engine.dispose()
    assert expected & present and expected & present <= walled
    assert "access_log" not in walled and "team_roster" not in walled


def test_the_client_page_role_still_reads_what_its_privileges_give(role_urls):
    """The wall is for the coaches' role: the client's own page (issue 22) reads clients' id and team."""
    from mmwidgets.store.self_view.role import setup_role

    Store(role_urls["app"], actor=Actor("rls-c", "rls-west")).dispose()
    owner = create_engine(role_urls["owner"])
    with owner.begin() as conn:
        conn.execute(text("INSERT INTO clients (pseudonym, name_key, note, created_at, updated_at, coach, team) "
                          "VALUES ('Westwind', 'westwind', '', now(), now(), 'rls-c', 'rls-west')"))
    owner.dispose()
    page = create_engine(setup_role(role_urls["admin"], role_urls["owner"], "pagina-wachtwoord"))
    with page.connect() as conn:
        teams = set(conn.execute(text("SELECT team FROM clients")).scalars())
    page.dispose()
    assert "rls-west" in teams
