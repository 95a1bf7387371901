"""mmwidgets.serving.voila_app: the cell timeout while a preheated kernel waits, and the open-address guard."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from types import SimpleNamespace

import pytest
from fresh_loop import run_in_fresh_loop

from mmwidgets.serving import voila_app
from mmwidgets.serving.paths import ROOT


def done_task(result):
    """What Voila keeps in a pool: a finished task whose result names the kernel."""
    return SimpleNamespace(done=lambda: True, cancelled=lambda: False, exception=lambda: None, result=lambda: result)


class FakePool:
    """A VoilaKernelManager's pools with one preheated kernel 'k1' waiting for a visitor."""

    def __init__(self):
        self._pools = {"gesprek.ipynb": [done_task({"kernel_id": "k1"})]}
        self._kernels = {}

    def hand_out(self):
        self._pools["gesprek.ipynb"].clear()


def test_a_kernel_waits_for_a_visitor_only_while_it_is_in_the_pool():
    pool = FakePool()
    km = SimpleNamespace(parent=pool, kernel_id="k1")
    other = SimpleNamespace(parent=pool, kernel_id="k2")
    assert voila_app.kernel_waits_for_visitor(km)
    assert not voila_app.kernel_waits_for_visitor(other)
    assert not voila_app.kernel_waits_for_visitor(SimpleNamespace(parent=None, kernel_id="k1"))
    pool.hand_out()
    assert not voila_app.kernel_waits_for_visitor(km)


def test_the_timeout_waits_on_in_the_pool_gives_the_visitor_one_full_timeout_then_fails():
    from voila.execute import VoilaExecutor

    voila_app.patch_executor_timeout()
    calls = []

    class Executor:
        log = SimpleNamespace(debug=lambda *a: None, error=lambda *a: None)

        def __init__(self, km):
            self.km = km

    pool = FakePool()
    executor = Executor(SimpleNamespace(parent=pool, kernel_id="k1"))
    handle = VoilaExecutor._async_handle_timeout

    async def original_called(self, timeout, cell=None):
        calls.append(timeout)
        raise TimeoutError("Cell execution timed out")

    async def scenario():
        for _ in range(3):  # hours of idle: every expiry while in the pool waits on
            assert await handle(executor, 4, None) is None
        pool.hand_out()  # the visitor arrives
        assert await handle(executor, 4, None) is None  # one more full timeout for the visitor's part
        with pytest.raises(TimeoutError):
            await handle(executor, 4, None)  # a cell hanging after that is stopped

    original = VoilaExecutor._mm_original_handle_timeout
    VoilaExecutor._mm_original_handle_timeout = original_called
    try:
        run_in_fresh_loop(scenario())
    finally:
        VoilaExecutor._mm_original_handle_timeout = original
    assert calls == [4]


def test_voila_refuses_an_open_address_without_a_token():
    done = subprocess.run(
        [sys.executable, "-m", "mmwidgets.serving.voila_app", str(ROOT / "workbooks"), "--no-browser",
         "--Voila.ip=0.0.0.0", "--port=1"],
        capture_output=True, text=True, timeout=120, env={"PATH": "/usr/bin:/bin", "MM_LANG": "en", "HOME": "/tmp"},
    )
    assert done.returncode == 2
    assert "Serving on address 0.0.0.0 needs a token" in done.stdout + done.stderr


def test_the_first_browser_claims_a_kernel_and_others_are_refused(monkeypatch):
    monkeypatch.setattr(voila_app, "KERNEL_OWNERS", {})
    assert not voila_app.claim_kernel("k1", "")  # no cookie: never
    assert voila_app.claim_kernel("k1", "browser-a")
    assert voila_app.claim_kernel("k1", "browser-a")  # a reload or a second tab of the same browser
    assert not voila_app.claim_kernel("k1", "browser-b")
    assert voila_app.claim_kernel("k2", "browser-b")


def test_owners_of_gone_kernels_are_forgotten(monkeypatch):
    monkeypatch.setattr(voila_app, "KERNEL_OWNERS", {f"old{i}": "x" for i in range(1001)})
    assert voila_app.claim_kernel("k1", "a", live={"k1"})
    assert voila_app.KERNEL_OWNERS == {"k1": "a"}


def test_a_page_after_the_prepared_kernels_gets_a_started_kernel_not_a_waiting_refill():
    """A reload or a latecomer: Voila would hand out the refill still sitting out its 90 s delay."""
    import asyncio
    from types import SimpleNamespace

    from mmwidgets.serving.voila_app import ready_first

    async def scenario():
        async def kernel(name: str, delay: float) -> str:
            await asyncio.sleep(delay)
            return name

        waiting = asyncio.ensure_future(kernel("refill", 3600))
        ready = asyncio.ensure_future(kernel("started", 0))
        await asyncio.sleep(0.01)
        pools = {"oefening-1-brug.ipynb": [waiting, ready]}

        async def handed(notebook_name, **_kwargs):
            return await pools[notebook_name].pop(0)

        km = SimpleNamespace(_pools=pools, get_pool_size=lambda name: len(pools[name]), get_rendered_notebook=handed)
        ready_first(km)
        assert km.get_pool_size("oefening-1-brug.ipynb") == 1, "the waiting refill is not counted"
        assert km.get_pool_size("gesprek.ipynb") == 0
        got = await asyncio.wait_for(km.get_rendered_notebook(notebook_name="oefening-1-brug.ipynb"), 5)
        assert got == "started" and pools["oefening-1-brug.ipynb"] == [waiting]
        assert km.get_pool_size("oefening-1-brug.ipynb") == 0, "now a page gets a fresh kernel"
        waiting.cancel()

    run_in_fresh_loop(scenario())

    plain = SimpleNamespace()
    ready_first(plain)  # preheating off: nothing to change
    assert vars(plain) == {}
