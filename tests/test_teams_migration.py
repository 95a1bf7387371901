"""Teams (issue 9): a database made with the schema before teams (version 2) is upgraded: every
existing client belongs to the local coach, the log is append-only; SQLite file and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from mmwidgets.model.actor import Actor
from mmwidgets.store.access.guard import AccessRepo
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store
from mmwidgets.store.migrations import latest_version

# The schema of version 2 (before teams), as the previous mmwidgets made it.
OLD_SCHEMA = [
    "CREATE TABLE schema_version (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)",
    "INSERT INTO schema_version (id, version) VALUES (1, 2)",
    """CREATE TABLE clients (
        id INTEGER PRIMARY KEY, pseudonym VARCHAR(60) NOT NULL UNIQUE,
        name_key VARCHAR(240) NOT NULL UNIQUE, note TEXT NOT NULL,
        created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE assessments (
        id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        date DATE NOT NULL, definition_id VARCHAR(40) NOT NULL, definition_version INTEGER NOT NULL,
        stress INTEGER, stress_note TEXT NOT NULL DEFAULT '',
        created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL)""",
    "INSERT INTO clients VALUES (1, 'Ans de Wit', 'ans de wit', 'oud', '2025-03-01 10:00:00', '2025-03-01 10:00:00')",
    "INSERT INTO clients VALUES (2, 'Bram Kok', 'bram kok', '', '2025-04-01 10:00:00', '2025-04-01 10:00:00')",
    """INSERT INTO assessments VALUES (1, 1, '2025-03-01', 'mm-standaard', 1, 4, '',
        '2025-03-01 10:00:00', '2025-03-01 10:00:00')""",
]


@pytest.mark.empty_database
def test_an_old_database_gives_every_client_to_the_local_coach(db_url):
    engine = create_engine(db_url)
    with engine.begin() as conn:
        for statement in OLD_SCHEMA:
            conn.execute(text(statement))
    engine.dispose()

    laptop = Store(db_url)  # the tests run without JUPYTERHUB_USER: the laptop's coach
    with laptop.engine.connect() as conn:
        assert conn.execute(text("SELECT version FROM schema_version")).scalar_one() == latest_version()
        owners = conn.execute(text("SELECT id, coach, team FROM clients ORDER BY id")).all()
    assert [tuple(r) for r in owners] == [(1, "~lokaal", "lokaal"), (2, "~lokaal", "lokaal")]
    assert [c.pseudonym for c in ClientRepo(laptop).search("")] == ["Ans de Wit", "Bram Kok"]
    assert AssessmentRepo(laptop).history(1)[0].stress == 4
    AccessRepo(laptop).open_client(1)
    assert [line.action for line in AccessRepo(laptop).lines_of_client(1)] == ["open"]

    coach_on_a_hub = Store(db_url, actor=Actor("anne", "lokaal"))
    assert ClientRepo(coach_on_a_hub).search("") == []
    lead = Store(db_url, actor=Actor("lena", "lokaal", "team_lead"))
    AccessRepo(lead).hand_over(2, "anne")  # a team lead gives old clients to the team's coaches
    assert [c.pseudonym for c in ClientRepo(coach_on_a_hub).search("")] == ["Bram Kok"]

    with pytest.raises(Exception):
        with laptop.engine.begin() as conn:
            conn.execute(text("DELETE FROM access_log"))
    for store in (laptop, coach_on_a_hub, lead):
        store.dispose()
