"""How mmwidgets-schema5.sql was made (once, 2026-12-06): a database with data in every table, written
by mmwidgets at commit 561066d (the hand-written runner, schema_version 5) through its repositories,
then dumped with sqlite3's iterdump. It only runs against that commit's code:

    mkdir /tmp/mm-561066d && git archive 561066d | tar -x -C /tmp/mm-561066d
    .venv/bin/python tests/data/schema5/make_schema5_dump.py /tmp/mm-561066d /tmp/schema5.sqlite
"""
import datetime as dt, os, sqlite3, sys
sys.path.insert(0, sys.argv[1])  # the old commit's tree
from sqlalchemy import select, func, insert, Integer, String, Text, Date, DateTime, Boolean
from mmwidgets.store.store import Store, Base
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.plans.repo import PlanRepo
from mmwidgets.store.training.repo import TrainingRepo
from mmwidgets.store.access.guard import AccessRepo
from mmwidgets.store.export import export_pseudonymised
from mmwidgets.store.reports.summary import report_summary
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import shipped_data_dir

path = sys.argv[2]
if os.path.exists(path): os.remove(path)
store = Store("sqlite:///" + path)
defn = load_definition(shipped_data_dir() / "bridges" / "default.yaml")
clients, assessments, plans = ClientRepo(store), AssessmentRepo(store), PlanRepo(store)
ans = clients.create("Ans de Wit", "eerste gesprek ging goed")
bram = clients.create("Bram Kok")
for who, days, steps in ((ans, ("2026-10-01", "2026-11-05"), (2, 3)), (bram, ("2026-11-10",), (1,))):
    for day, step in zip(days, steps):
        a = assessments.open_conversation(who.id, defn, day)
        for sub, k in (("housing", step), ("debts", step + 1), ("income", 2)):
            assessments.set_choice(a.id, sub, definition=defn, step=k, chosen_by="together", note=f"{sub} {day}", focus=sub == "debts")
        assessments.set_stress(a.id, 6, "druk met de schulden")
goal = plans.add_goal(ans.id, "Rust in mijn geldzaken", subpillar_id="debts")
act = plans.add_action(ans.id, goal, "Post openen met de coach", due=dt.date(2026, 11, 20))
plans.tick(ans.id, act, dt.date(2026, 11, 18))
reward = plans.agree_reward(ans.id, goal, "Bioscoopbon", value_cents=1000)
plans.give_reward(ans.id, date=dt.date(2026, 11, 19), for_what="post geopend", value_cents=1000, goal_key=goal, reward_key=reward)
access = AccessRepo(store)
access.open_client(ans.id)
export_pseudonymised(store)  # research codes
training = TrainingRepo(store)
session = training.create_session("mm-standaard@1", "v1-sanne")
trainee = training.join(session.code, "Kim")
training.save_step(trainee.id, "v1-sanne", "housing", 2)
training.record_check(trainee.id, "v1-sanne")
training.save_response(trainee.id, "coach", "q1", "a")
training.set_exercise(session.id, 2)
# every table not filled by the workbooks' own paths gets a plain row
VALUES = {Integer: 1, String: "x", Text: "tekst", Date: dt.date(2026, 11, 1), DateTime: dt.datetime(2026, 11, 1, 9, 30), Boolean: True}
with store.engine.begin() as conn:
    for table in [*Base.metadata.sorted_tables, report_summary]:
        if conn.execute(select(func.count()).select_from(table)).scalar():
            continue
        row = {}
        for c in table.columns:
            if c.primary_key and isinstance(c.type, Integer) and not c.foreign_keys and len(table.primary_key.columns) == 1:
                continue
            for kind, value in VALUES.items():
                if isinstance(c.type, kind):
                    row[c.name] = value
                    break
        print("plain row in", table.name, file=sys.stderr)
        conn.execute(insert(table).values(**row))
    empty = [t.name for t in [*Base.metadata.sorted_tables, report_summary] if not conn.execute(select(func.count()).select_from(t)).scalar()]
    assert not empty, empty
store.engine.dispose()

# the dump (the header lines of mmwidgets-schema5.sql were added by hand)
dump = sqlite3.connect(path)
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "mmwidgets-schema5.sql.new"), "w") as out:
    out.write("\n".join(dump.iterdump()) + "\n")
dump.close()
