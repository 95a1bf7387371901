"""The report's fast path after issue 20's speed work, on SQLite and PostgreSQL:

- a part whose packed readings row is missing (a database written before revision mm0007 ran its
  rebuild, say) is packed from its answers: the report still equals the exact one, by every rule;
- the part table's column maths (summarise_columns) gives bit for bit what the rules' summarise
  gives pair by pair, also for changes of exactly zero and next to the rounding edges.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from sqlalchemy import delete, func, select

from mmwidgets.model.reports.rules import summarise
from mmwidgets.store.reports.summary import report_readings
from mmwidgets.store.reports.team import summarise_columns
from mmwidgets.store.store import Store
from tests.test_store_report_summary import LEAD, PERIODS, RULES, assert_same_report, options, random_caseload


def test_missing_packed_readings_are_read_from_the_answers(db_url):
    stores, ids = random_caseload(db_url, seed=7)
    lead = Store(db_url, actor=LEAD)
    r = report_readings
    with lead.engine.begin() as conn:
        before = conn.execute(select(func.count()).select_from(r)).scalar_one()
        # every other client's housing and debts lose their packed readings
        conn.execute(delete(r).where(r.c.client_id.in_(ids[::2]), r.c.subpillar_id.in_(["housing", "debts"])))
        after = conn.execute(select(func.count()).select_from(r)).scalar_one()
    assert after < before
    counted = 0
    for store in (lead, stores["anne"]):
        for start, end in PERIODS:
            for rule in RULES:
                counted += assert_same_report(store, options(start, end, rule))
    assert counted > 0


@pytest.mark.parametrize("seed", range(6))
def test_summarise_columns_equals_summarise_pair_by_pair(seed):
    rnd = random.Random(seed)
    n = rnd.choice((3, 5, 10, 57, 400))
    steps = (0.0, 25.0, 50.0, 75.0, 100.0, 100 / 3, 200 / 3)
    pairs = [(rnd.choice(steps), rnd.choice(steps)) if rnd.random() < 0.7 else (rnd.random() * 100, rnd.random() * 100)
             for _ in range(n)]
    pairs += [(50.0, 50.0 + 1e-12), (40.0, 40.0 - 1e-10), (1 / 3, 1 / 3)]  # "same" by the rule's 1e-9
    base = np.array([p[0] for p in pairs])
    latest = np.array([p[1] for p in pairs])
    for minimum in (5, 10, 1000):
        assert summarise_columns("x", base, latest, minimum) == summarise("x", pairs, minimum)
