"""Browser tests: real Voila (started exactly like `make serve`) driven in Debian Chromium.

Fixtures (for any test under tests/browser/):

- ``voila_server`` (session): a :class:`mmwidgets.serving.server.VoilaServer` on a free port of
  127.0.0.1 serving a copy of ``workbooks/`` plus ``bench/slider.ipynb`` (bench/notebooks/)
  and ``_test/*.ipynb`` (mmbrowser.TEST_NOTEBOOKS). Isolated JUPYTER_CONFIG_DIR, _DATA_DIR
  and _RUNTIME_DIR, a throw-away MM_DATA_DIR (``voila_server.data_dir``) and MM_TIMINGS_FILE
  (``voila_server.timings_file``). ``voila_server.render_url("gesprek.ipynb", "lang=en")``,
  ``.log_text()``, ``.kernel_processes()``, ``.kernel_info(id)``, ``.shutdown_kernel(id)`` (it
  sends the server's admin secret: a visitor gets 403 when shutting a kernel down by id).
- ``base_url``: that server's URL, so ``page.goto("/voila/render/gesprek.ipynb")`` works.
- ``page`` / ``context``: pytest-playwright's, on Debian Chromium (/usr/bin/chromium), viewport
  1280x900, locale nl-NL; a fresh context (empty cache) per test.
- ``network``: a :class:`mmbrowser.NetworkLog` of the test's browser context (requests,
  responses, websocket bytes, console errors); ``network.foreign_hosts(base_url)`` must be empty.
- ``voila_factory``: ``voila_factory(notebook_dir, extra_args=[...], config_file_paths=[dir])``
  starts another Voila with the same command line (e.g. other settings); stopped after the test.

Helpers (``from mmbrowser import open_workbook, screenshot, kernel_id, make_notebook``):

- ``open_workbook(page, "gesprek.ipynb", query="lang=en", wait_for=".mm-bridge-figure .main-svg")``
  loads a page and waits (60 s, one retry) until Voila shows the cells and ``wait_for`` is
  visible; returns the seconds it took. The page's kernel is shut down after the test.
- ``screenshot(page, "gesprek-brug")`` saves test-results/screenshots/gesprek-brug.png; `make screenshots`
  runs the browser tests with MM_SCREENSHOTS_DIR=docs/screenshots to refresh the ones the README shows.
- ``make_notebook(path, ["code", "#md text"], title=None)`` writes a small notebook (for voila_factory).

Without Chromium the browser tests FAIL (they never skip: `make test` installs Chromium first,
tools/ensure-system-packages); any skipped browser test is reported as a failure. A failing
browser test gets the tail of every live Voila's log attached to its report.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from mmbrowser import BROWSER_DIR, SERVERS, NetworkLog, build_site
# re-exported for tests written as `from conftest import ...` (prefer `from mmbrowser import ...`)
from mmbrowser import kernel_id, make_notebook, open_workbook, remember_kernel, screenshot  # noqa: F401

from mmwidgets.serving.paths import CHROMIUM, CHROMIUM_ARGS
from mmwidgets.serving.server import VoilaServer


# --------------------------------------------------------------------------- pytest hooks
def _in_browser_dir(item: pytest.Item) -> bool:
    return BROWSER_DIR in Path(str(item.path)).parents


#: files that start a whole stack of their own (a hub with PostgreSQL and a Voila per coach; a group
#: server with a trainer, six trainees and a stranger): under `make test` (pytest-xdist,
#: --dist loadgroup) they run one after the other on one worker, never both at once
HEAVY_FILES = {"test_hub_stack.py", "test_serve_group_browser.py"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _in_browser_dir(item):
            item.add_marker(pytest.mark.browser)
            # a file's tests stay on one worker (its module fixtures start once)
            name = Path(str(item.path)).name
            item.add_marker(pytest.mark.xdist_group("heavy-stacks" if name in HEAVY_FILES else name))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if not _in_browser_dir(item):
        return
    if report.skipped:  # a browser test never skips silently (CI or not)
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"browser test skipped (not allowed): {reason}"
    if report.failed:
        offsets = _LOG_OFFSETS.get(item.nodeid, {})
        for server in SERVERS:
            text = server.log_text()[offsets.get(str(server.log_path), 0):]
            lines = text.splitlines()[-150:]
            report.sections.append((f"Voila log during this test {server.url} ({server.log_path})", "\n".join(lines)))


#: per test: how long each Voila log was when the test started (only its own lines are shown)
_LOG_OFFSETS: dict[str, dict[str, int]] = {}


def require_chromium() -> None:
    """Fail (never skip) without Chromium: `make test` installs it first (tools/ensure-system-packages)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Debian chromium not found at {CHROMIUM}: run `make test` (it installs it) "
            "or `sudo apt-get install chromium fonts-dejavu-core`",
            pytrace=False,
        )


# --------------------------------------------------------------------------- servers
@pytest.fixture(scope="session")
def voila_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    work = tmp_path_factory.mktemp("voila")
    site = build_site(work / "site")
    server = VoilaServer(work / "server", notebook_dir=site)
    SERVERS.append(server)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        SERVERS.remove(server)


@pytest.fixture(scope="session")
def base_url(voila_server: VoilaServer) -> str:
    return voila_server.url


@pytest.fixture
def voila_factory(tmp_path: Path) -> Iterator[Callable[..., VoilaServer]]:
    started: list[VoilaServer] = []

    def start(
        notebook_dir: Path | str,
        extra_args: list[str] | tuple[str, ...] = (),
        config_file_paths: list[Path | str] | None = None,
    ) -> VoilaServer:
        extra = list(extra_args)
        if config_file_paths is not None:
            extra.append("--Voila.config_file_paths=" + json.dumps([str(p) for p in config_file_paths]))
        server = VoilaServer(tmp_path / f"voila-{len(started)}", notebook_dir=notebook_dir, extra_args=extra)
        started.append(server)
        SERVERS.append(server)
        server.start()
        return server

    yield start
    for server in started:
        server.stop()
        SERVERS.remove(server)


@pytest.fixture(autouse=True)
def _shut_down_test_kernels(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test, shut down the kernels its pages opened (Voila keeps them otherwise)."""
    _LOG_OFFSETS[request.node.nodeid] = {str(s.log_path): len(s.log_text()) for s in SERVERS}
    yield
    for server in list(SERVERS):
        for kid in server.opened_kernels:
            server.shutdown_kernel(kid)
        server.opened_kernels.clear()


# --------------------------------------------------------------------------- browser
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    require_chromium()
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "timeout": 60_000,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_context_args,
        "viewport": {"width": 1280, "height": 900},
        "locale": "nl-NL",
    }


@pytest.fixture
def network(context: Any) -> NetworkLog:
    return NetworkLog().attach(context)
