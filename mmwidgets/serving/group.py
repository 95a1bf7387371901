"""A training day: kernels prepared before the group arrives, and planned for the whole room.

Voila gives every page its own kernel, and starting one costs a few CPU-seconds: twenty
trainees opening an exercise together on a 2-core machine waited up to two minutes. With
``mmwidgets serve --group 20`` the server prepares twenty kernels that have already run the
exercise (Voila's preheated pool), so a trainee's page only has to be handed over.

The room's plan (:func:`plan_room`, issue 17): every exercise is prepared for the group, the
next one first, as far as the machine's memory reaches, because the trainer may move the group
to any exercise and twenty pages then open at once. Once the group has its pages of an
exercise only a small reserve (``GROUP_RESERVE``) is kept there for latecomers and reloads
(refilling all twenty while the group was still loading doubled the kernels, 43 instead of
22, and cost ~50 CPU-seconds in the middle of the rush); refills wait ``GROUP_FILL_DELAY``
seconds, until the rush is over. The group's trainees come first: a trainee's kernel marks
itself in the room folder once its trainee joined, the trainer's kernel says when the group
moves, and a page load by anyone else never takes a seat the group still needs, takes no
prepared kernel at all and waits while the group arrives after a move, and runs at a lower CPU
priority. Every new prepared kernel (a refill) waits too, until the group has arrived and its
pages had a moment to draw (:meth:`Room.busy`).
"""

from __future__ import annotations

import os
import re
import time
from typing import Any, Sequence

GROUP_SIZE_ENV = "MM_GROUP_SIZE"
GROUP_WORKBOOKS_ENV = "MM_GROUP_WORKBOOKS"
DEFAULT_GROUP_WORKBOOKS = ("oefening-1-brug.ipynb",)
#: always preheated (one kernel each): the conversation, and the trainer's view on a training day
ALWAYS = ("gesprek.ipynb",)
TRAINER = "trainer.ipynb"
MAX_GROUP = 40
GROUP_FILL_DELAY = 15.0
#: kernels kept ready per group workbook once the group's own kernels have been prepared
GROUP_RESERVE = 2
#: on a training day a page the group has left (the trainer moved it on) gives back its kernel
#: after this many idle, disconnected seconds (a laptop day keeps 30 minutes, voila.json)
GROUP_CULL_IDLE = 600
#: seconds Voila waits, after a cell's reply, for the cell's last output (nbclient's
#: ``iopub_timeout``, 4 s by default). On a training day a handed-over kernel's output often
#: came later than that (ten times in one six-trainee run at load 2) and was then dropped:
#: the page showed no widget at all and reloaded itself after 15 s, or stayed blank.
GROUP_IOPUB_TIMEOUT = 60
#: how the server talks to a training day's kernels: Unix sockets in the kernels' own folder,
#: not TCP ports. A kernel is given random free TCP ports that it binds a moment later; on a
#: busy machine another process took one meanwhile ("Address already in use"), the kernel was
#: restarted on new ports while Voila still waited for it on the old ones, and that wait (a
#: blocking send in jupyter_client's kernel_info) froze the whole server: no page, no fill
#: (bench of 20, 7 December 04:30: only exercise 1 was prepared, then nothing answered).
GROUP_KERNEL_TRANSPORT = "ipc"


def group_from_environment(env: dict[str, str] | None = None) -> tuple[int, tuple[str, ...]]:
    """(size, workbooks) asked for with ``--group``; size 0 when it is no training day."""
    env = os.environ if env is None else env
    try:
        size = int(env.get(GROUP_SIZE_ENV, "0") or 0)
    except ValueError:
        size = 0
    size = max(0, min(size, MAX_GROUP))
    names = tuple(n.strip() for n in env.get(GROUP_WORKBOOKS_ENV, "").split(",") if n.strip())
    return size, names or DEFAULT_GROUP_WORKBOOKS


def group_pools(size: int, workbooks: Sequence[str], pools: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Voila's ``kernel_pools_config`` and ``preheat_denylist`` for a group of ``size``."""
    pools = {name: dict(value) for name, value in pools.items()}
    pools.setdefault("default", {"pool_size": 1})
    for name in workbooks:
        pools[name] = {**pools.get(name, {}), "pool_size": size}
    pools.setdefault(TRAINER, {"pool_size": 1})
    allowed = "|".join(re.escape(n) for n in (*ALWAYS, TRAINER, *workbooks))
    return pools, [rf"^(?!(.*/)?({allowed})$).*$"]


def apply_group(config: Any, env: dict[str, str] | None = None) -> int:
    """Change a Voila app's loaded traitlets ``config`` for a training day; returns the group size."""
    size, workbooks = group_from_environment(env)
    if not size:
        return 0
    manager = config.VoilaKernelManager
    current = manager.get("kernel_pools_config") or {}
    pools, denylist = group_pools(size, workbooks, dict(current))
    manager.kernel_pools_config = pools
    manager.preheat_denylist = denylist
    manager.fill_delay = GROUP_FILL_DELAY
    config.MappingKernelManager.cull_idle_timeout = GROUP_CULL_IDLE
    config.VoilaExecutor.iopub_timeout = GROUP_IOPUB_TIMEOUT
    if os.name == "posix":
        config.KernelManager.transport = GROUP_KERNEL_TRANSPORT
    return size


def keep_reserve(kernel_manager: Any, env: dict[str, str] | None = None) -> None:
    """After Voila scheduled the first fill: refill each group workbook only up to the reserve.

    Voila refills a pool to its configured size every time a kernel is handed over; the size
    is read at each refill, so lowering it now keeps the group's prepared kernels and stops
    a second set from being started while the group arrives.
    """
    size, workbooks = group_from_environment(env)
    if not size:
        return
    pools = {name: dict(value) for name, value in kernel_manager.kernel_pools_config.items()}
    for name in workbooks:
        if name in pools:
            pools[name]["pool_size"] = min(size, GROUP_RESERVE)
    kernel_manager.kernel_pools_config = pools


def next_exercise(workbook: str) -> str | None:
    """The exercise workbook after this one in a training day (1 -> 2 -> 3 -> 4), None after the last."""
    from mmwidgets.model.training.stage import WORKBOOKS

    order = [WORKBOOKS[n] for n in sorted(WORKBOOKS)]
    name = workbook.rsplit("/", 1)[-1]
    if name not in order or order.index(name) + 1 >= len(order):
        return None
    prefix = workbook[: len(workbook) - len(name)]
    return prefix + order[order.index(name) + 1]


def prepare_following(kernel_manager: Any, env: dict[str, str] | None = None) -> None:
    """Once the group has taken kernels of an exercise, prepare the next exercise for the group.

    The trainer moves the whole group on (apps/training.py); twenty pages of the next exercise
    then open together, which without prepared kernels takes about half a minute on two cores.
    The kernels start ``GROUP_FILL_DELAY`` seconds after the first hand-over, when the rush of
    the current exercise is over, and only once per exercise; afterwards its pool keeps the
    reserve like the first exercise's.
    """
    size, _workbooks = group_from_environment(env)
    if not size:
        return
    handing_over = kernel_manager.get_rendered_notebook
    prepared: set[str] = set()

    async def get_rendered_notebook(notebook_name: str, *args: Any, **kwargs: Any) -> Any:
        result = await handing_over(notebook_name, *args, **kwargs)
        following = next_exercise(notebook_name)
        if following is not None and following not in prepared:
            prepared.add(following)
            pools = {name: dict(value) for name, value in kernel_manager.kernel_pools_config.items()}
            pools[following] = {**pools.get(following, {}), "pool_size": size}
            kernel_manager.kernel_pools_config = pools
            kernel_manager.fill_if_needed(delay=GROUP_FILL_DELAY, notebook_name=following)
            pools = {name: dict(value) for name, value in pools.items()}
            pools[following]["pool_size"] = min(size, GROUP_RESERVE)
            kernel_manager.kernel_pools_config = pools
        return result

    kernel_manager.get_rendered_notebook = get_rendered_notebook


# -- the room's plan: kernels for the group on every exercise, strangers after the group ----------
#: what one prepared exercise kernel holds in memory (measured: 95 MB resident, part of it shared)
KERNEL_MB = 100
#: share of the memory available at start that prepared kernels may take
MEMORY_SHARE = 0.4
#: after a move, the room's refills (and strangers' pages) wait until the group's pages have
#: arrived and joined again, and at least this many seconds after the last hand-over
GROUP_SETTLE = 2.0
#: at start the first exercise is filled at once; each further exercise this many seconds later
GROUP_STAGGER = 20.0
#: nice value of a kernel started for a visitor who is not in the group (a stranger's page)
STRANGER_NICE = 10
#: after the trainer's move, a page load by anyone not in the group, and every refill of a pool,
#: waits (at most this long after the move) until the group's pages have arrived
STRANGER_HOLD = 30.0
#: kernels started at the same time for visitors not in the group
STRANGER_STARTS = 1
#: the folder a trainee's kernel marks itself in once the trainee joined (see model/training/room.py)
ROOM_DIR_ENV = "MM_ROOM_DIR"


def exercise_order() -> list[str]:
    from mmwidgets.model.training.stage import WORKBOOKS

    return [WORKBOOKS[n] for n in sorted(WORKBOOKS)]


def likely_after(current: str, exercises: Sequence[str]) -> list[str]:
    """The other exercises, the most likely next move first: the next one, then by distance
    (the one before, two on, two back, ...)."""
    if current not in exercises:
        return list(exercises)
    here = exercises.index(current)
    rest = [n for n in exercises if n != current]
    return sorted(rest, key=lambda name: (abs(exercises.index(name) - here), exercises.index(name) < here))


def kernel_budget(available_mb: float | None = None) -> int:
    """How many prepared kernels this machine can hold beside everything else."""
    if available_mb is None:
        try:
            import psutil

            available_mb = psutil.virtual_memory().available / 2**20
        except Exception:  # pragma: no cover - no way to tell: assume a small laptop
            available_mb = 4096.0
    return max(1, int(available_mb * MEMORY_SHARE // KERNEL_MB))


def room_plan(
    size: int,
    current: str,
    held: dict[str, int],
    budget: int,
    exercises: Sequence[str] | None = None,
    reserve: int = GROUP_RESERVE,
) -> dict[str, int]:
    """Prepared kernels wanted per exercise workbook for a group of ``size``.

    ``current`` is the exercise the group is on; ``held`` how many live pages (kernels) of each
    exercise have been handed out. On the current exercise the group needs a kernel for
    everyone who has none yet, and a reserve for latecomers and reloads; every other exercise
    a kernel for the whole group (a move opens it for everyone at once). The next exercise
    comes first, then by distance, as far as the machine's ``budget`` reaches.
    """
    exercises = list(exercise_order() if exercises is None else exercises)
    plan: dict[str, int] = {}
    left = max(0, budget)
    for name in [current, *likely_after(current, exercises)] if current in exercises else exercises:
        want = max(size - held.get(name, 0), min(size, reserve)) if name == current else size
        plan[name] = min(want, left)
        left -= plan[name]
    return plan


def may_take_prepared(member: bool, started: int, owed: int, holds_one: bool) -> bool:
    """May this page load take a prepared kernel of an exercise?

    The group's trainees always may (they come first). Anyone else (a trainee who has not
    joined yet looks the same) takes only what is left after the seats still owed to the
    group's trainees who have no page of this exercise yet, and one per browser: a browser
    that already holds a page of the exercise gets a kernel started for it instead.
    """
    if member:
        return started > 0
    return not holds_one and started - owed > 0


class Room:
    """What the server knows of the room: which kernels are the group's trainees' pages.

    A trainee's kernel marks itself in ``folder`` once the trainee joined a session (a file
    named after the kernel, :mod:`mmwidgets.model.training.room`); the server knows which
    browser (visitor) owns each kernel, so a browser with a live kernel marked there is one of
    the group's trainees. ``notebooks`` records which workbook each kernel shows.
    """

    def __init__(self, size: int, folder: str, exercises: Sequence[str] | None = None, current: str | None = None):
        self.size = size
        self.folder = folder
        self.exercises = list(exercise_order() if exercises is None else exercises)
        self.current = current if current in self.exercises else self.exercises[0]
        self.notebooks: dict[str, str] = {}  # kernel id -> workbook name (its last path part)
        self.owners: dict[str, str] = {}  # kernel id -> visitor token
        self.latest: dict[str, str] = {}  # visitor -> the exercise of its latest page
        self.moved_at = float("-inf")  # time.monotonic() of the group's latest move
        self.arrived_at = float("-inf")  # time.monotonic() of the latest page on the current exercise
        self._move_seen: int | None = None
        self.told = False  # the trainer's view has said where the group is

    def move_to(self, name: str, now: float) -> bool:
        """The group moves to exercise ``name``; True when that is a move."""
        if name not in self.exercises or name == self.current:
            return False
        self.current, self.moved_at = name, now
        return True

    def check_move(self, now: float) -> bool:
        """Read the trainer's move (the ``_move`` file its kernel writes); True when the group moved."""
        from mmwidgets.model.training.room import MOVE_FILE
        from mmwidgets.model.training.stage import WORKBOOKS

        path = os.path.join(self.folder, MOVE_FILE)
        try:
            stamp = os.stat(path).st_mtime_ns
            if stamp == self._move_seen:
                return False
            self._move_seen = stamp
            with open(path, encoding="ascii") as handle:
                exercise = int(handle.read(4))
        except (OSError, ValueError):
            return False
        if exercise not in WORKBOOKS:
            return False
        self.told = True
        return self.move_to(WORKBOOKS[exercise], now)

    def moving(self, live: set[str], now: float) -> bool:
        """The group is still arriving after a move: some of its trainees have no page there yet."""
        return now - self.moved_at < STRANGER_HOLD and self.owed(self.current, live) > 0

    def unseated(self, live: set[str]) -> int:
        """The group's trainees whose page of the current exercise has not joined again yet
        (its kernel has not marked its seat: the page still loads, draws or joins)."""
        seated = self.seated(live)
        here = {self.owners[k] for k in seated if k in self.owners and self.notebooks.get(k) == self.current}
        members = {self.owners[k] for k in seated if k in self.owners}
        return sum(1 for member in members if self.latest.get(member) == self.current and member not in here)

    def busy(self, live: set[str], now: float) -> bool:
        """The group is arriving after a move: some of its trainees have no page of the exercise
        yet, or a page that has not joined again, or the last page was handed out less than
        ``GROUP_SETTLE`` seconds ago; never longer than ``STRANGER_HOLD`` after the move.
        Strangers' pages and new prepared kernels wait meanwhile."""
        if now - self.moved_at >= STRANGER_HOLD:
            return False
        return self.moving(live, now) or now - self.arrived_at < GROUP_SETTLE or self.unseated(live) > 0

    def seated(self, live: set[str]) -> set[str]:
        """Live kernels whose trainee joined a session."""
        try:
            marked = set(os.listdir(self.folder))
        except OSError:
            return set()
        return marked & live

    def members(self, live: set[str]) -> set[str]:
        """Visitors (browsers) of the group: owners of a live kernel whose trainee joined."""
        return {self.owners[k] for k in self.seated(live) if k in self.owners}

    def holders(self, notebook: str, live: set[str]) -> set[str]:
        """Visitors holding a live page of ``notebook``."""
        name = notebook.rsplit("/", 1)[-1]
        return {self.owners[k] for k, nb in self.notebooks.items() if nb == name and k in live and k in self.owners}

    def opened(self, visitor: str, notebook: str, kernel_id: str | None, member: bool = False) -> None:
        """A page of ``notebook`` was made for ``visitor`` (with this kernel); ``member``: one of
        the group's trainees (its arrival on the group's exercise is noted for :meth:`busy`)."""
        name = notebook.rsplit("/", 1)[-1]
        if kernel_id:
            self.notebooks[kernel_id] = name
        if visitor and name in self.exercises:
            self.latest[visitor] = name
            if member and name == self.current:
                self.arrived_at = time.monotonic()

    def pages(self) -> dict[str, int]:
        """Browsers per exercise, by the exercise of their latest page (a page the group left
        by a move still runs for a while, but is no seat on that exercise any more)."""
        counts = {name: 0 for name in self.exercises}
        for name in self.latest.values():
            counts[name] = counts.get(name, 0) + 1
        return counts

    def owed(self, notebook: str, live: set[str]) -> int:
        """Seats the group's trainees still need on ``notebook``: those whose latest page is another."""
        name = notebook.rsplit("/", 1)[-1]
        return sum(1 for member in self.members(live) if self.latest.get(member) != name)

    def plan(self, live: set[str], budget: int, taking: str | None = None) -> dict[str, int]:
        """:func:`room_plan` now; ``taking``: a page of this exercise is being handed out."""
        pages = self.pages()
        if taking in pages:
            pages[taking] += 1
        return room_plan(self.size, self.current, pages, budget, self.exercises)


def plan_room(kernel_manager: Any, env: dict[str, str] | None = None, budget: int | None = None,
              owners: dict[str, str] | None = None, visitor: Any = None) -> Room | None:
    """Plan the room's kernels on a training day (``mmwidgets serve --group N``).

    - Every exercise gets kernels prepared for the group, the next exercise first, as far as
      the machine's memory reaches (:func:`room_plan`): the first exercise at start, the
      others one by one a little later (``GROUP_STAGGER``).
    - When the group's trainees open another exercise (the trainer moved them), the plan
      follows: that exercise keeps only a reserve once the group has its pages (no second set
      during the rush), the others are refilled for the whole group once the group has
      arrived (:meth:`Room.busy`: every new prepared kernel waits until then).
    - A page load by anyone not in the group (a stranger, or a trainee who has not joined
      yet) never takes a seat the group's trainees still need (:func:`may_take_prepared`),
      and while the group moves it takes no prepared kernel at all: it waits until the group
      has arrived and gets a kernel started for it, at a lower CPU priority, so the group's
      pages come first.

    ``owners`` maps kernel ids to visitor tokens (voila_app.KERNEL_OWNERS); ``visitor()`` gives
    the visitor of the page being made. The page handler awaits ``kernel_manager.mm_hold_page``
    before a page is made (a stranger's page waits there during a move). Returns the room, None
    when it is no training day.
    """
    import asyncio
    import contextvars
    import inspect

    size, workbooks = group_from_environment(env)
    folder = (os.environ if env is None else env).get(ROOM_DIR_ENV, "")
    pools_of = getattr(kernel_manager, "_pools", None)
    if not size or not folder or pools_of is None:
        return None
    room = Room(size, folder, current=workbooks[0].rsplit("/", 1)[-1])
    if owners is not None:
        room.owners = owners
    who = visitor or (lambda: "")
    budget = kernel_budget() if budget is None else budget
    page: contextvars.ContextVar[str] = contextvars.ContextVar("mm_room_page", default="")
    stranger_gate = asyncio.Semaphore(STRANGER_STARTS)

    def live() -> set[str]:
        return set(kernel_manager.list_kernel_ids())

    def configure(wanted: dict[str, int]) -> None:
        pools = {name: dict(value) for name, value in kernel_manager.kernel_pools_config.items()}
        for name, count in wanted.items():
            pools[name] = {**pools.get(name, {}), "pool_size": count}
        kernel_manager.kernel_pools_config = pools

    def replan(delay: float) -> None:
        wanted = room.plan(live(), budget)
        configure(wanted)
        for name, count in wanted.items():
            if name != room.current and len(pools_of.get(name, ())) < count:
                # in a context of its own: the refill tasks must not carry this page's visitor
                contextvars.Context().run(kernel_manager.fill_if_needed, delay=delay, notebook_name=name)

    def arrived(name: str) -> None:
        """A page is being made: follow a move of the group (the trainer's word, or the group's
        trainees opening another exercise)."""
        now = time.monotonic()
        moved = room.check_move(now)
        me = who()
        if name in room.exercises and me and me in room.members(live()) and room.told is False:
            moved = room.move_to(name, now) or moved  # no word from the trainer's view: follow the group
        if moved:
            replan(0.0)  # the new kernels wait until the group has arrived (initialize below)

    counting = kernel_manager.get_pool_size

    def get_pool_size(notebook_name: str) -> int:
        page.set(notebook_name)
        count = counting(notebook_name)
        name = notebook_name.rsplit("/", 1)[-1]
        arrived(name)
        now = live()
        me = who()
        member = bool(me) and me in room.members(now)
        if not member and name != TRAINER and room.busy(now, time.monotonic()):
            return 0  # the group moves: no prepared kernel for others; start_kernel waits for the group
        if name not in room.exercises:
            return count
        holds = bool(me) and me in room.holders(name, now)
        return count if may_take_prepared(member, count, room.owed(name, now), holds) else 0

    kernel_manager.get_pool_size = get_pool_size
    handing_over = kernel_manager.get_rendered_notebook

    async def get_rendered_notebook(notebook_name: str, *args: Any, **kwargs: Any) -> Any:
        name = notebook_name.rsplit("/", 1)[-1]
        if name in room.exercises:  # before Voila refills this pool: only what the plan wants
            configure({name: room.plan(live(), budget, taking=name).get(name, 0)})
        page.set("")  # a prepared kernel: the refill Voila starts now is no page's own kernel
        result = await handing_over(notebook_name, *args, **kwargs)
        if isinstance(result, tuple) and len(result) == 3 and isinstance(result[2], str):
            me = who()
            room.opened(me, name, result[2], member=bool(me) and me in room.members(live()))
        return result

    kernel_manager.get_rendered_notebook = get_rendered_notebook
    starting = kernel_manager.start_kernel

    async def start_kernel(*args: Any, **kwargs: Any) -> Any:
        if (kwargs.get("env") or {}).get("VOILA_PREHEAT") == "True":
            return await started(*args, **kwargs)  # a pool's kernel (a refill task may carry a page's context)
        name = page.get().rsplit("/", 1)[-1]
        page.set("")
        me = who()
        # anyone not in the group, except on the trainer's own workbook (the trainer's reload)
        member = bool(me) and me in room.members(live())
        stranger = bool(name) and name != TRAINER and not member
        if not stranger:
            result = await started(*args, **kwargs)
        else:  # the group first: wait while it arrives after a move, and start one at a time
            await group_arrived()
            async with stranger_gate:
                result = await started(*args, **kwargs)
                if isinstance(result, str):
                    lower_priority(kernel_manager, result)
        if isinstance(result, str) and name:  # a page's own kernel (not a pool's)
            room.opened(me, name, result, member=member)
        return result

    async def started(*args: Any, **kwargs: Any) -> Any:
        result = starting(*args, **kwargs)
        return await result if inspect.isawaitable(result) else result

    kernel_manager.start_kernel = start_kernel

    looked = [float("-inf"), False]  # when the room was last looked at, and whether it was busy

    def busy_now() -> bool:
        """:meth:`Room.busy`, looked at no more than every 0.2 s however many pages and refills wait."""
        now = time.monotonic()
        if now - looked[0] >= 0.2 or room.moved_at >= looked[0]:  # and at once after a move
            looked[0], looked[1] = now, room.busy(live(), now)
        return bool(looked[1])

    async def group_arrived() -> None:
        while busy_now():
            await asyncio.sleep(0.25)

    initializing = getattr(kernel_manager, "_initialize", None)
    if initializing is not None:

        async def initialize(notebook_path: str, kernel_id: str | None = None, **kwargs: Any) -> Any:
            """A pool's new kernel (a refill) starts only once the group has arrived after a move:
            twenty kernels starting in the middle of the rush cost the group's pages their CPU."""
            if kernel_id is None:
                await group_arrived()
            return await initializing(notebook_path, kernel_id, **kwargs)

        kernel_manager._initialize = initialize

    async def hold_page(notebook_name: str) -> None:
        """A page request, before Voila does any work for it (the page handler's ``prepare``):
        while the group moves, a page of anyone not in the group waits here until the group's
        pages have arrived (:meth:`Room.busy`, at most ``STRANGER_HOLD`` after the move); the
        trainer's workbook never waits. Ten stranger pages rendered at the start of a move cost
        the server seconds of CPU the group's twenty hand-overs were waiting for."""
        name = notebook_name.rsplit("/", 1)[-1]
        if room.check_move(time.monotonic()):
            replan(0.0)
        me = who()
        if name == TRAINER or (me and me in room.members(live())):
            return
        await group_arrived()

    kernel_manager.mm_hold_page = hold_page

    # at start: the first exercise at once (Voila does), the others one by one a little later
    wanted = room.plan(set(), budget)
    configure(wanted)
    log = getattr(kernel_manager, "log", None)
    if log is not None:
        log.info("Training room: %s kernels in the memory budget, planned %s", budget, wanted)
    for step, name in enumerate(likely_after(room.current, room.exercises), start=1):
        if wanted.get(name) and len(pools_of.get(name, ())) < wanted[name]:
            kernel_manager.fill_if_needed(delay=GROUP_STAGGER * step, notebook_name=name)
    return room


def lower_priority(kernel_manager: Any, kernel_id: str) -> None:
    """A stranger's kernel runs at a lower CPU priority than the group's pages."""
    try:
        import psutil

        provisioner = kernel_manager.get_kernel(kernel_id).provisioner
        pid = getattr(provisioner, "pid", None) or provisioner.process.pid
        psutil.Process(pid).nice(STRANGER_NICE)
    except Exception:  # pragma: no cover - not on this platform, or the kernel ended
        pass
