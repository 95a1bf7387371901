"""A training day: `mmwidgets serve --group N` prepares N kernels of the exercise before the group arrives."""

from __future__ import annotations

import re

from traitlets.config import Config

from mmwidgets.serving.group import GROUP_FILL_DELAY, GROUP_IOPUB_TIMEOUT, apply_group, group_from_environment, group_pools


def preheated(denylist: list[str], name: str) -> bool:
    return not any(re.match(pattern, name) for pattern in denylist)


def test_the_exercise_gets_a_pool_of_the_group_size_and_the_rest_stays_as_it_was():
    pools, denylist = group_pools(20, ["oefening-1-brug.ipynb"], {"default": {"pool_size": 1}})
    assert pools["oefening-1-brug.ipynb"]["pool_size"] == 20
    assert pools["trainer.ipynb"]["pool_size"] == 1 and pools["default"] == {"pool_size": 1}
    for name in ("gesprek.ipynb", "oefening-1-brug.ipynb", "trainer.ipynb"):
        assert preheated(denylist, name)
    for name in ("plan.ipynb", "aanpassen.ipynb", "oefening-2-coachen.ipynb", "sub/gesprek.ipynb.bak"):
        assert not preheated(denylist, name)


def test_the_group_size_comes_from_the_serve_command_and_is_bounded():
    assert group_from_environment({}) == (0, ("oefening-1-brug.ipynb",))
    assert group_from_environment({"MM_GROUP_SIZE": "15", "MM_GROUP_WORKBOOKS": "oefening-2-coachen.ipynb"}) == (
        15, ("oefening-2-coachen.ipynb",))  # fmt: skip
    assert group_from_environment({"MM_GROUP_SIZE": "500"})[0] == 40
    assert group_from_environment({"MM_GROUP_SIZE": "twintig"})[0] == 0


def test_voila_config_is_changed_only_on_a_training_day():
    config = Config()
    config.VoilaKernelManager.kernel_pools_config = {"default": {"pool_size": 1}}
    config.VoilaKernelManager.fill_delay = 0.5
    assert apply_group(config, {}) == 0 and config.VoilaKernelManager.fill_delay == 0.5
    assert apply_group(config, {"MM_GROUP_SIZE": "12"}) == 12
    assert config.VoilaKernelManager.kernel_pools_config["oefening-1-brug.ipynb"] == {"pool_size": 12}
    assert config.VoilaKernelManager.fill_delay == GROUP_FILL_DELAY  # refills wait until the rush is over
    assert config.MappingKernelManager.cull_idle_timeout == 600  # pages the group left give back their kernels
    # a busy server's late cell output is waited for, not dropped (a page without its widgets)
    assert config.VoilaExecutor.iopub_timeout == GROUP_IOPUB_TIMEOUT >= 30
    assert "iopub_timeout" not in Config().VoilaExecutor
    # kernels over Unix sockets: no TCP port another process can take between choosing and binding
    # it (a kernel restarted on new ports froze the whole server in a bench of 20)
    assert config.KernelManager.transport == "ipc"
    assert "transport" not in Config().KernelManager


def test_serve_passes_the_group_to_voila(capsys):
    from mmwidgets.__main__ import main

    assert main(["serve", "--group", "20", "--print"]) == 0
    out = capsys.readouterr().out
    assert "MM_GROUP_SIZE=20 " in out and "mmwidgets.serving.voila_app" in out
    assert main(["serve", "--print"]) == 0
    assert "MM_GROUP_SIZE" not in capsys.readouterr().out


def test_after_the_first_fill_only_a_reserve_is_refilled_for_the_group():
    """Twenty prepared kernels, then at most two kept ready: not a second twenty during the rush."""
    from types import SimpleNamespace

    from mmwidgets.serving.group import GROUP_RESERVE, keep_reserve

    env = {"MM_GROUP_SIZE": "20", "MM_GROUP_WORKBOOKS": "oefening-1-brug.ipynb"}
    pools, _ = group_pools(20, ["oefening-1-brug.ipynb"], {"default": {"pool_size": 1}})
    manager = SimpleNamespace(kernel_pools_config=pools)
    keep_reserve(manager, env)
    assert manager.kernel_pools_config["oefening-1-brug.ipynb"]["pool_size"] == GROUP_RESERVE == 2
    assert manager.kernel_pools_config["trainer.ipynb"]["pool_size"] == 1
    assert manager.kernel_pools_config["default"]["pool_size"] == 1

    plain = SimpleNamespace(kernel_pools_config={"default": {"pool_size": 1}})
    keep_reserve(plain, {})
    assert plain.kernel_pools_config == {"default": {"pool_size": 1}}


def test_the_next_exercise_is_prepared_once_the_group_has_taken_the_current_one():
    """The trainer moves the group 1 -> 2: kernels of exercise 2 are started (after the rush
    delay) when the first trainee takes a kernel of exercise 1, once, for the whole group."""
    import asyncio
    from types import SimpleNamespace

    from fresh_loop import run_in_fresh_loop

    from mmwidgets.serving.group import GROUP_RESERVE, next_exercise, prepare_following

    assert next_exercise("oefening-1-brug.ipynb") == "oefening-2-coachen.ipynb"
    assert next_exercise("site/oefening-3-kleine-stappen.ipynb") == "site/oefening-4-stress.ipynb"
    assert next_exercise("oefening-4-stress.ipynb") is None and next_exercise("gesprek.ipynb") is None

    fills: list[tuple[str, float, int]] = []

    async def handed(notebook_name, **_kwargs):
        return f"kernel of {notebook_name}"

    manager = SimpleNamespace(kernel_pools_config={"default": {"pool_size": 1}}, get_rendered_notebook=handed)
    manager.fill_if_needed = lambda delay, notebook_name: fills.append(
        (notebook_name, delay, manager.kernel_pools_config[notebook_name]["pool_size"]))
    prepare_following(manager, {"MM_GROUP_SIZE": "20"})

    async def day():
        for _ in range(3):
            assert await manager.get_rendered_notebook(notebook_name="oefening-1-brug.ipynb") == "kernel of oefening-1-brug.ipynb"
        await manager.get_rendered_notebook(notebook_name="gesprek.ipynb")

    run_in_fresh_loop(day())
    assert fills == [("oefening-2-coachen.ipynb", GROUP_FILL_DELAY, 20)]
    assert manager.kernel_pools_config["oefening-2-coachen.ipynb"]["pool_size"] == GROUP_RESERVE

    plain = SimpleNamespace(get_rendered_notebook=handed)
    prepare_following(plain, {})
    assert plain.get_rendered_notebook is handed


# -- the room's plan (issue 17): every exercise ready for the group, strangers after the group ----
TRAINER_NB = "trainer.ipynb"
EX = ["oefening-1-brug.ipynb", "oefening-2-coachen.ipynb", "oefening-3-kleine-stappen.ipynb", "oefening-4-stress.ipynb"]


def test_the_next_exercise_comes_first_then_by_distance():
    from mmwidgets.serving.group import exercise_order, likely_after

    assert exercise_order() == EX
    assert likely_after(EX[0], EX) == [EX[1], EX[2], EX[3]]
    assert likely_after(EX[2], EX) == [EX[3], EX[1], EX[0]]  # the next, the one before, then further
    assert likely_after(EX[3], EX) == [EX[2], EX[1], EX[0]]


def test_the_plan_prepares_every_exercise_for_the_group_size_within_the_machines_budget():
    from mmwidgets.serving.group import GROUP_RESERVE, kernel_budget, room_plan

    # before the group came: six for the first exercise and six for each one a move may open
    assert room_plan(6, EX[0], {}, budget=100, exercises=EX) == {name: 6 for name in EX}
    # the group has its pages of exercise 1: a reserve there for latecomers and reloads
    plan = room_plan(6, EX[0], {EX[0]: 6}, budget=100, exercises=EX)
    assert plan == {EX[0]: GROUP_RESERVE, EX[1]: 6, EX[2]: 6, EX[3]: 6}
    # half of the group has arrived on exercise 4 after a move: the rest still need theirs
    assert room_plan(6, EX[3], {EX[3]: 3, EX[0]: 6}, budget=100, exercises=EX)[EX[3]] == 3
    # a small machine: the current exercise, then the next one, then what is left
    assert room_plan(20, EX[0], {}, budget=45, exercises=EX) == {EX[0]: 20, EX[1]: 20, EX[2]: 5, EX[3]: 0}
    assert room_plan(20, EX[2], {EX[2]: 20}, budget=30, exercises=EX) == {EX[2]: 2, EX[3]: 20, EX[1]: 8, EX[0]: 0}
    # a group of one still has a reserve of one, never more kernels than the group
    assert room_plan(1, EX[0], {EX[0]: 1}, budget=100, exercises=EX)[EX[0]] == 1
    # the budget comes from the memory this machine has free (100 MB a kernel, 40% of it)
    assert kernel_budget(available_mb=24_000) == 96 and kernel_budget(available_mb=3_000) == 12
    assert kernel_budget(available_mb=10) == 1


def test_a_stranger_never_takes_a_seat_the_group_still_needs():
    from mmwidgets.serving.group import may_take_prepared

    assert may_take_prepared(member=True, started=1, owed=6, holds_one=True)  # the group first
    assert not may_take_prepared(member=True, started=0, owed=0, holds_one=False)  # nothing ready
    assert may_take_prepared(member=False, started=6, owed=0, holds_one=False)  # arriving: nobody joined yet
    assert not may_take_prepared(member=False, started=6, owed=6, holds_one=False)  # all six are the group's
    assert may_take_prepared(member=False, started=7, owed=6, holds_one=False)  # the one left over
    assert not may_take_prepared(member=False, started=6, owed=0, holds_one=True)  # one per browser


class FakeVoila:
    """Voila's kernel manager as the room sees it: pools of kernel tasks, hand-overs, fresh kernels."""

    def __init__(self, pools_config):
        import asyncio

        self.kernel_pools_config = pools_config
        self._pools: dict[str, list] = {}
        self.kernels: set[str] = set()
        self.fills: list[tuple[str, float, int]] = []
        self.started_fresh: list[str] = []
        self.count = 0
        self.loop = asyncio.new_event_loop()

    def _kernel(self):
        self.count += 1
        kid = f"{self.count:08x}-0000-0000-0000-000000000000"
        self.kernels.add(kid)
        return kid

    def ready(self, name, n):
        """n kernels of ``name`` started and waiting in its pool."""
        for _ in range(n):
            future = self.loop.create_future()
            future.set_result({"kernel_id": self._kernel()})
            self._pools.setdefault(name, []).append(future)

    def list_kernel_ids(self):
        return list(self.kernels)

    def get_pool_size(self, name):
        return len(self._pools.get(name, []))

    def fill_if_needed(self, delay=None, notebook_name=None, **_kw):
        wanted = self.kernel_pools_config.get(notebook_name, {}).get("pool_size", 1)
        self.fills.append((notebook_name, delay, wanted - len(self._pools.get(notebook_name, []))))

    async def get_rendered_notebook(self, notebook_name, **_kw):
        item = self._pools[notebook_name].pop(0)
        return None, [], item.result()["kernel_id"]

    async def start_kernel(self, **_kw):
        kid = self._kernel()
        self.started_fresh.append(kid)
        return kid

    async def _initialize(self, notebook_path, kernel_id=None, **_kw):
        """A pool's kernel starting (what Voila's fill_if_needed runs after its delay)."""
        return {"kernel_id": kernel_id or self._kernel()}

    def get_kernel(self, kid):
        raise KeyError(kid)  # no process to renice in this fake


VISITOR = __import__("contextvars").ContextVar("visitor", default="")


def _room_day(tmp_path, size=6):
    import contextvars

    from mmwidgets.serving.group import plan_room

    owners: dict[str, str] = {}
    km = FakeVoila({"default": {"pool_size": 1}, EX[0]: {"pool_size": size}})
    km.ready(EX[0], size)
    env = {"MM_GROUP_SIZE": str(size), "MM_ROOM_DIR": str(tmp_path)}
    room = plan_room(km, env, budget=100, owners=owners, visitor=VISITOR.get)
    assert room is not None

    async def page_load(who: str, name: str) -> tuple[str, bool]:
        """A page load as Voila's handler does it: ask the pool size, then take a prepared
        kernel or start one. Returns the kernel and whether it was prepared."""
        VISITOR.set(who)
        if km.get_pool_size(name) > 0:
            kid, prepared = (await km.get_rendered_notebook(notebook_name=name))[2], True
        else:
            kid, prepared = await km.start_kernel(), False
        owners.setdefault(kid, who)
        return kid, prepared

    def load(who: str, name: str) -> tuple[str, bool]:
        return km.loop.run_until_complete(contextvars.copy_context().run(lambda: km.loop.create_task(page_load(who, name))))

    def join(kid: str) -> None:
        from mmwidgets.model.training.room import take_seat

        assert take_seat({"MM_ROOM_DIR": str(tmp_path), "VOILA_KERNEL_ID": kid})

    load.in_loop = page_load  # type: ignore[attr-defined]
    return km, room, load, join


def test_the_room_prepares_the_other_exercises_one_by_one_after_the_first(tmp_path):
    from mmwidgets.serving.group import GROUP_STAGGER

    km, room, _load, _join = _room_day(tmp_path)
    assert [(name, delay) for name, delay, _n in km.fills] == [
        (EX[1], GROUP_STAGGER), (EX[2], 2 * GROUP_STAGGER), (EX[3], 3 * GROUP_STAGGER)]  # fmt: skip
    assert all(n == 6 for _name, _delay, n in km.fills)
    assert room.current == EX[0]


def test_nine_page_loads_by_a_stranger_leave_the_group_its_kernels_and_a_move_finds_them_ready(tmp_path):
    """The day of the issue: a stranger loads nine pages before the group moves; six trainees
    still get prepared kernels on exercise 1, and after the trainer's move 1 -> 4 -> 1 too."""
    from mmwidgets.serving.group import GROUP_SETTLE

    km, room, load, join = _room_day(tmp_path)
    km.ready(EX[3], 6)
    stranger = [load("stranger", EX[0]) for _ in range(9)]
    assert [prepared for _kid, prepared in stranger].count(True) == 1  # one per browser
    for kid, prepared in stranger[1:]:
        assert not prepared and kid in km.started_fresh
    trainees = [f"trainee-{n}" for n in range(6)]
    firsts = {}
    for who in trainees[:5]:  # five of six came; the sixth is late
        kid, prepared = load(who, EX[0])
        assert prepared
        join(kid)
        firsts[who] = kid
    assert room.members(set(km.kernels)) == set(trainees[:5])
    # the stranger's pages of exercise 4 while the group is still on 1: the group's five seats stay
    assert [load("stranger", EX[3])[1] for _ in range(3)] == [True, False, False]  # 6 ready, 5 owed: one spare
    km.fills.clear()
    # the trainer moves the group to 4: every trainee of the group gets a prepared kernel
    for who in trainees[:5]:
        kid, prepared = load(who, EX[3])
        assert prepared, who
        join(kid)
    assert room.current == EX[3]
    # exercise 1 is planned again for the whole group; its new kernels start once the group
    # has arrived (FakeVoila only records the fill; the wait is in Voila's _initialize, tested below)
    assert (EX[0], 0.0, 6) in km.fills
    km.ready(EX[0], 6 - len(km._pools[EX[0]]))  # the refill has run
    room.arrived_at -= GROUP_SETTLE  # a few seconds later: the group's pages have drawn
    # ... and back to 1 (their pages of 1 from before the move still run): six ready, five owed
    assert load("stranger-2", EX[0])[1]  # the one spare
    assert not load("stranger-3", EX[0])[1]  # not a seat of the group
    for who in trainees[:5]:
        assert load(who, EX[0])[1], who
    assert room.current == EX[0]


def test_a_trainees_kernel_marks_its_seat_only_on_a_training_day(tmp_path):
    from mmwidgets.model.training.room import own_kernel_id, take_seat

    kid = "0a1b2c3d-4e5f-6789-abcd-ef0123456789"
    assert own_kernel_id({}, ["ipykernel_launcher", "-f", f"/run/jupyter/kernel-{kid}.json"]) == kid
    assert own_kernel_id({"VOILA_KERNEL_ID": kid}, []) == kid
    assert own_kernel_id({"VOILA_KERNEL_ID": "../etc"}, []) == ""
    assert not take_seat({}, [f"kernel-{kid}.json"])  # no room: not a training day
    assert not take_seat({"MM_ROOM_DIR": str(tmp_path)}, ["python"])  # not a kernel
    assert take_seat({"MM_ROOM_DIR": str(tmp_path)}, ["-f", f"kernel-{kid}.json"])
    assert [p.name for p in tmp_path.iterdir()] == [kid] and (tmp_path / kid).read_bytes() == b""


def test_plan_room_does_nothing_on_an_ordinary_day(tmp_path):
    from mmwidgets.serving.group import plan_room

    km = FakeVoila({"default": {"pool_size": 1}})
    assert plan_room(km, {}, budget=10) is None
    assert plan_room(km, {"MM_GROUP_SIZE": "6"}, budget=10) is None  # no room folder
    assert km.fills == [] and km.kernel_pools_config == {"default": {"pool_size": 1}}


def test_the_trainers_move_reaches_the_room_at_the_click_and_strangers_wait_while_the_group_arrives(tmp_path):
    """The trainer moves the group 1 -> 4: the room knows at once (before any trainee page
    arrives); a stranger's page started meanwhile waits until the group's pages are there."""
    import asyncio
    import contextvars

    from mmwidgets.model.training.room import announce_move

    km, room, load, join = _room_day(tmp_path, size=2)
    km.ready(EX[3], 2)
    for who in ("anna", "bram"):
        join(load(who, EX[0])[0])
    km.fills.clear()
    assert announce_move(4, {"MM_ROOM_DIR": str(tmp_path)})
    assert not announce_move(4, {})  # no training day: nothing to tell
    assert (tmp_path / "_move").read_text() == "4" and not list(tmp_path.glob("_move.*"))

    # the stranger's page (a plan, no prepared kernel) arrives right after the click ...
    visitor_log: list[str] = []

    async def stranger_page():
        kid, prepared = await load.in_loop("stranger", "plan.ipynb")
        visitor_log.append("stranger")
        return kid, prepared

    async def day():
        stranger = contextvars.copy_context().run(lambda: asyncio.ensure_future(stranger_page()))
        await asyncio.sleep(1.2)
        assert room.current == EX[3] and not stranger.done()  # the move is known; the stranger waits
        for who in ("anna", "bram"):  # ... the group's pages arrive on prepared kernels and join again
            task = contextvars.copy_context().run(lambda: asyncio.ensure_future(load.in_loop(who, EX[3])))
            kid, prepared = await task
            assert prepared
            join(kid)
            visitor_log.append(who)
        assert not (await asyncio.wait_for(stranger, 5))[1]

    km.loop.run_until_complete(day())
    assert visitor_log == ["anna", "bram", "stranger"]  # the group first
    load("anna", EX[0])  # an old tab of exercise 1 reloads: the trainer said 4, the room stays there
    assert room.current == EX[3]
    assert any(name == EX[0] for name, _delay, _n in km.fills)  # exercise 1 planned again for a move back


def test_a_pools_refill_started_during_a_strangers_page_is_never_held_back(tmp_path):
    """Voila's refill tasks inherit the context of the page that triggered them: a refill
    started while a stranger's page loads during a move is the group's kernel, started at once."""
    import asyncio
    import contextvars

    from mmwidgets.model.training.room import announce_move

    km, room, load, join = _room_day(tmp_path, size=2)
    for who in ("anna", "bram"):
        join(load(who, EX[0])[0])
    announce_move(4, {"MM_ROOM_DIR": str(tmp_path)})

    async def refill_in_a_strangers_context():
        VISITOR.set("stranger")
        km.get_pool_size("plan.ipynb")  # the stranger's page: the room now knows of the move
        assert room.moving(set(km.kernels), __import__("time").monotonic())
        return await km.start_kernel(env={"VOILA_PREHEAT": "True"})

    task = contextvars.copy_context().run(lambda: km.loop.create_task(refill_in_a_strangers_context()))
    kid = km.loop.run_until_complete(asyncio.wait_for(task, 0.4))  # not held for the move
    assert kid in km.started_fresh and kid not in room.notebooks  # no page's own kernel


def test_while_the_group_moves_others_take_no_prepared_kernel_and_refills_wait_for_the_group(tmp_path, monkeypatch):
    """The bench of 20 (7 December): a stranger loading ten pages during a move took prepared
    kernels, and the refills of the exercise the group left started while the group was still
    arriving: the slowest trainee 48 s. Now, while the group moves, a page of anyone else takes
    no prepared kernel (of any workbook but the trainer's), waits and gets a kernel of its own
    after the group; every new prepared kernel (a refill) waits until the group's pages are there
    and have joined again (and ``GROUP_SETTLE`` after the last hand-over); afterwards the
    stranger may take what is prepared again."""
    import asyncio
    import contextvars
    import time

    from mmwidgets.model.training.room import announce_move
    from mmwidgets.serving import group

    monkeypatch.setattr(group, "GROUP_SETTLE", 0.4)
    km, room, load, join = _room_day(tmp_path, size=2)
    km.ready(EX[3], 2)
    km.ready("gesprek.ipynb", 1)
    km.ready(TRAINER_NB, 1)
    for who in ("anna", "bram"):
        join(load(who, EX[0])[0])
    assert announce_move(4, {"MM_ROOM_DIR": str(tmp_path)})
    done: dict[str, float] = {}

    def task(label, coroutine_function, *args):
        async def timed():
            result = await coroutine_function(*args)
            done[label] = time.monotonic()
            return result

        return contextvars.copy_context().run(lambda: asyncio.ensure_future(timed()))

    async def day():
        stranger = task("stranger", load.in_loop, "stranger", "gesprek.ipynb")  # the move is read here
        await asyncio.sleep(0.1)
        assert room.current == EX[3] and (EX[0], 0.0, 2) in km.fills  # exercise 1 planned again ...
        refill = task("refill", km._initialize, EX[0])  # ... and its kernels wait for the group
        trainer = task("trainer", load.in_loop, "stranger", TRAINER_NB)  # a trainer's reload is never held
        assert (await asyncio.wait_for(trainer, 1))[1]
        await asyncio.sleep(0.5)
        assert not stranger.done() and not refill.done()
        anna, prepared = await task("anna", load.in_loop, "anna", EX[3])
        assert prepared
        join(anna)
        await asyncio.sleep(0.5)
        assert not stranger.done() and not refill.done()  # Bram has no page of exercise 4 yet
        bram, prepared = await task("bram", load.in_loop, "bram", EX[3])  # the group's trainees come first
        assert prepared
        await asyncio.sleep(0.6)
        assert not stranger.done() and not refill.done()  # Bram's page has not joined again yet
        join(bram)
        done["bram"] = time.monotonic()
        kid, prepared = await asyncio.wait_for(stranger, 5)
        assert not prepared and kid in km.started_fresh  # a kernel of its own, after the group
        assert "kernel_id" in await asyncio.wait_for(refill, 5)

    km.loop.run_until_complete(day())
    assert done["stranger"] >= done["bram"] and done["refill"] >= done["bram"]
    assert km.get_pool_size("gesprek.ipynb") == 1  # the stranger took no prepared kernel during the move
    assert load("stranger-2", "gesprek.ipynb")[1]  # once the group is there, it may
    assert not room.busy(set(km.kernels), time.monotonic())


def test_a_strangers_page_request_waits_before_any_work_while_the_group_moves(tmp_path, monkeypatch):
    """The page handler awaits the room's hold before Voila renders anything: a stranger's ten
    pages rendered at the click cost the server the seconds the group's hand-overs needed. The
    group's trainees and the trainer's workbook pass at once; the hold reads the trainer's move."""
    import asyncio
    import contextvars

    from mmwidgets.model.training.room import announce_move
    from mmwidgets.serving import group

    monkeypatch.setattr(group, "GROUP_SETTLE", 0.2)
    km, room, load, join = _room_day(tmp_path, size=2)
    km.ready(EX[3], 2)
    for who in ("anna", "bram"):
        join(load(who, EX[0])[0])

    def hold(who, path):
        async def held():
            VISITOR.set(who)
            await km.mm_hold_page(path)

        return contextvars.copy_context().run(lambda: asyncio.ensure_future(held()))

    async def quiet_room():
        await asyncio.wait_for(hold("stranger", "/voila/render/plan.ipynb"), 0.5)  # no move: no wait

    km.loop.run_until_complete(quiet_room())
    assert announce_move(4, {"MM_ROOM_DIR": str(tmp_path)})

    async def day():
        stranger = hold("stranger", "/voila/render/oefening-4-stress.ipynb")
        await asyncio.sleep(0.1)
        assert room.current == EX[3]  # the hold read the trainer's move
        await asyncio.wait_for(hold("anna", "/voila/render/oefening-4-stress.ipynb"), 0.5)  # the group passes
        await asyncio.wait_for(hold("stranger", "/voila/render/trainer.ipynb"), 0.5)  # a trainer's reload too
        for who in ("anna", "bram"):
            kid, prepared = await load.in_loop(who, EX[3])
            assert prepared and not stranger.done()
            join(kid)  # the page joined again
        await asyncio.wait_for(stranger, 3)  # after the group (and GROUP_SETTLE)

    km.loop.run_until_complete(day())
