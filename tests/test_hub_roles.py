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
    yield urls
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
