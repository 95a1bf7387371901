"""A training day: kernels prepared before the group arrives.

Voila gives every page its own kernel, and starting one costs a few CPU-seconds: twenty
trainees opening an exercise together on a 2-core machine waited up to two minutes. With
``mmwidgets serve --group 20`` the trainer prepares, when starting the server before the
session, twenty kernels that have already run the exercise (Voila's preheated pool), so a
trainee's page only has to be handed over. Refilling the pool waits until the rush is over
(``GROUP_FILL_DELAY``), so new kernels do not compete with the trainees' first clicks, and
after the first fill only a small reserve (``GROUP_RESERVE``) is kept for latecomers and
reloads: refilling all twenty while the group is still loading its pages doubled the kernels
(43 instead of 22) and cost ~50 CPU-seconds in the middle of the rush.
"""

from __future__ import annotations

import os
import re
from typing import Any, Sequence

GROUP_SIZE_ENV = "MM_GROUP_SIZE"
GROUP_WORKBOOKS_ENV = "MM_GROUP_WORKBOOKS"
DEFAULT_GROUP_WORKBOOKS = ("oefening-1-brug.ipynb",)
#: always preheated (one kernel each): the conversation, and the trainer's view on a training day
ALWAYS = ("gesprek.ipynb",)
TRAINER = "trainer.ipynb"
MAX_GROUP = 40
GROUP_FILL_DELAY = 90.0
#: kernels kept ready per group workbook once the group's own kernels have been prepared
GROUP_RESERVE = 2
#: on a training day a page the group has left (the trainer moved it on) gives back its kernel
#: after this many idle, disconnected seconds (a laptop day keeps 30 minutes, voila.json)
GROUP_CULL_IDLE = 600


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
