"""A training day: `mmwidgets serve --group N` prepares N kernels of the exercise before the group arrives."""

from __future__ import annotations

import re

from traitlets.config import Config

from mmwidgets.serving.group import GROUP_FILL_DELAY, apply_group, group_from_environment, group_pools


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
