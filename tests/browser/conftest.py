"""Browser tests: real Voila (started exactly like `make serve`) driven in Debian Chromium.

Fixtures (use these in any test under tests/browser/):

- ``voila_server`` (session): a :class:`bench.voila_server.VoilaServer` on a free port of
  127.0.0.1 serving a copy of ``workbooks/`` plus ``bench/slider.ipynb`` (from
  bench/notebooks/) and ``_test/*.ipynb`` (tiny notebooks made here, see TEST_NOTEBOOKS).
  Isolated JUPYTER_CONFIG_DIR/JUPYTER_RUNTIME_DIR, a throw-away MM_DATA_DIR
  (``voila_server.data_dir``) and MM_TIMINGS_FILE (``voila_server.timings_file``).
  ``voila_server.render_url("gesprek.ipynb", "lang=en")`` gives a page URL.
- ``base_url``: the session server's URL (so ``page.goto("/voila/render/gesprek.ipynb")`` works).
- ``page`` / ``context``: pytest-playwright's, on Debian Chromium (``/usr/bin/chromium``).
- ``network``: a :class:`NetworkLog` of everything the test's browser context does
  (requests, websocket frames, console errors); ``network.foreign_hosts(base_url)`` must be empty.
- ``voila_factory``: ``voila_factory(notebook_dir, extra_args=[...], config_file_paths=...)``
  starts another Voila (same command line) for a test that needs other settings; stopped after.
- ``make_notebook(path, [code, ...], title=None)``: write a small notebook (to serve with voila_factory).

Helpers (import from this conftest: ``from conftest import open_workbook, screenshot``):

- ``open_workbook(page, "gesprek.ipynb", query="lang=en", wait_for=".mm-bridge-figure .main-svg")``:
  load a page, wait until Voila rendered it and ``wait_for`` is visible (60 s, one retry
  as Voila's own UI tests do); returns seconds until visible. Records the page's kernel id
  so the kernel is shut down after the test.
- ``kernel_id(page)``: the Voila kernel id of a loaded page.
- ``screenshot(page, "gesprek-brug")``: save docs/screenshots/gesprek-brug.png (the README shows them).

Chromium missing: the browser tests skip, except in CI (CI set), where they FAIL; in CI
any skipped browser test is reported as a failure. On a failed browser test the tail of
Voila's log is attached to the report.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.voila_server import VoilaServer  # noqa: E402

BROWSER_DIR = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("MM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
SCREENSHOTS = ROOT / "docs" / "screenshots"
PAGE_TIMEOUT_MS = 60_000

#: the live Voila servers, whose logs are attached to a failing test's report
_SERVERS: list[VoilaServer] = []


# --------------------------------------------------------------------------- notebooks
def make_notebook(path: Path | str, cells: list[str], title: str | None = None) -> Path:
    """Write a notebook of code cells (markdown when a cell starts with '#md ')."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    if title:
        nb.metadata["title"] = title
    for source in cells:
        if source.startswith("#md "):
            nb.cells.append(nbformat.v4.new_markdown_cell(source[4:]))
        else:
            nb.cells.append(nbformat.v4.new_code_cell(source))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


#: small notebooks served under _test/ by the session server
TEST_NOTEBOOKS: dict[str, list[str]] = {
    # three cells with pauses: Voila's loading text can be read while it executes
    "slow.ipynb": [
        "import time\ntime.sleep(2.5)",
        "time.sleep(2.5)",
        "import ipywidgets as W\nW.Button(description='klaar').add_class('mm-done')",
    ],
    # an exception: with show_tracebacks false no traceback may reach the page
    "error.ipynb": [
        "raise ValueError('mm-secret-detail')",
    ],
    # a PlotlyView: plotly.js must come from /voila/static/ and the figure must draw
    "plot.ipynb": [
        "from mmwidgets.widgets.plotly_view import PlotlyView\n"
        "view = PlotlyView({'data': [{'type': 'bar', 'x': ['a', 'b'], 'y': [1, 2]}],"
        " 'layout': {'height': 300}})\n"
        "view.add_class('mm-test-plot')\n"
        "view",
    ],
}


def build_site(target: Path) -> Path:
    """The folder the session server serves: workbooks/, bench/slider.ipynb and _test/."""
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    if (ROOT / "workbooks").is_dir():
        shutil.copytree(ROOT / "workbooks", target, ignore=ignore, dirs_exist_ok=True)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "bench" / "notebooks", target / "bench", ignore=ignore, dirs_exist_ok=True)
    for name, cells in TEST_NOTEBOOKS.items():
        make_notebook(target / "_test" / name, cells, title=Path(name).stem)
    return target


# --------------------------------------------------------------------------- pytest hooks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if BROWSER_DIR not in Path(str(item.path)).parents:
        return
    if IN_CI and report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"browser test skipped in CI (not allowed): {reason}"
    if report.failed:
        for server in _SERVERS:
            lines = server.log_text().splitlines()[-80:]
            report.sections.append((f"Voila log {server.url} ({server.log_path})", "\n".join(lines)))


def require_chromium() -> None:
    if not os.access(CHROMIUM, os.X_OK):
        message = f"Debian chromium not found at {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


# --------------------------------------------------------------------------- servers
@pytest.fixture(scope="session")
def voila_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    work = tmp_path_factory.mktemp("voila")
    site = build_site(work / "site")
    server = VoilaServer(work / "server", notebook_dir=site)
    _SERVERS.append(server)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        _SERVERS.remove(server)


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
        _SERVERS.append(server)
        server.start()
        return server

    yield start
    for server in started:
        server.stop()
        _SERVERS.remove(server)


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


@pytest.fixture(autouse=True)
def _shut_down_test_kernels(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test, shut down the kernels its pages opened on the session server."""
    yield
    for server in list(_SERVERS):
        for kid in server.opened_kernels:
            server.shutdown_kernel(kid)
        server.opened_kernels.clear()


@dataclass
class NetworkLog:
    """What a browser context did: requests, websocket traffic, console errors."""

    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    responses: dict[str, Any] = field(default_factory=dict)
    websockets: list[str] = field(default_factory=list)
    ws_bytes_received: int = 0
    ws_bytes_sent: int = 0
    console_errors: list[str] = field(default_factory=list)

    def hosts(self) -> set[str]:
        return {urlsplit(url).netloc for url in self.requests + self.websockets if urlsplit(url).netloc}

    def foreign_hosts(self, base_url: str) -> set[str]:
        """Hosts other than the server's (data: and blob: URLs have no host)."""
        own = urlsplit(base_url).netloc
        return {host for host in self.hosts() if host != own}

    def urls_matching(self, pattern: str) -> list[str]:
        return [url for url in self.requests if re.search(pattern, url)]

    def attach(self, context: Any) -> "NetworkLog":
        context.on("request", lambda req: self.requests.append(req.url))
        context.on("requestfailed", lambda req: self.failed.append(f"{req.url} {req.failure}"))
        context.on("response", lambda resp: self.responses.__setitem__(resp.url, resp))
        context.on("page", self._watch_page)
        for page in context.pages:
            self._watch_page(page)
        return self

    def _watch_page(self, page: Any) -> None:
        page.on("websocket", self._watch_websocket)
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        page.on("pageerror", lambda err: self.console_errors.append(f"pageerror: {err}"))

    def _watch_websocket(self, ws: Any) -> None:
        self.websockets.append(ws.url)

        def size(payload: Any) -> int:
            return len(payload.encode("utf-8")) if isinstance(payload, str) else len(payload)

        def received(payload: Any) -> None:
            self.ws_bytes_received += size(payload)

        def sent(payload: Any) -> None:
            self.ws_bytes_sent += size(payload)

        ws.on("framereceived", received)
        ws.on("framesent", sent)


@pytest.fixture
def network(context: Any) -> NetworkLog:
    return NetworkLog().attach(context)


# --------------------------------------------------------------------------- helpers
def kernel_id(page: Any) -> str | None:
    """The kernel id Voila wrote into the page (jupyter-config-data)."""
    return page.evaluate(
        """() => {
            const el = document.getElementById('jupyter-config-data');
            try { return el ? JSON.parse(el.textContent).kernelId || null : null; } catch (e) { return null; }
        }"""
    )


def _server_for(url: str) -> VoilaServer | None:
    netloc = urlsplit(url).netloc
    for server in _SERVERS:
        if urlsplit(server.url).netloc == netloc:
            return server
    return None


def open_workbook(
    page: Any,
    name: str,
    *,
    query: str = "",
    wait_for: str = ".jupyter-widgets",
    timeout_ms: int = PAGE_TIMEOUT_MS,
    retry: bool = True,
) -> float:
    """Load /voila/render/<name>[?query] and wait until Voila shows the cells and ``wait_for``.

    Returns the seconds from navigation to ``wait_for`` visible. ``name`` may be a full URL.
    """
    path = name if "://" in name else f"/voila/render/{name}"
    url = path + (("?" + query.lstrip("?")) if query else "")
    attempts = 2 if retry else 1
    for attempt in range(attempts):
        start = time.perf_counter()
        try:
            page.goto(url, wait_until="commit", timeout=timeout_ms)
            page.wait_for_selector("#rendered_cells", state="visible", timeout=timeout_ms)
            page.wait_for_selector(wait_for, state="visible", timeout=timeout_ms)
            elapsed = time.perf_counter() - start
            break
        except Exception:  # noqa: BLE001 - playwright TimeoutError and friends: retry once
            _remember_kernel(page)
            if attempt + 1 >= attempts:
                raise
    _remember_kernel(page)
    return elapsed


def _remember_kernel(page: Any) -> None:
    try:
        kid = kernel_id(page)
    except Exception:  # noqa: BLE001 - page gone
        return
    server = _server_for(page.url)
    if kid and server is not None:
        server.opened_kernels.append(kid)


def screenshot(page: Any, name: str, *, full_page: bool = True, selector: str | None = None) -> Path:
    """Save docs/screenshots/<name>.png (of the page or of one element)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / (name if name.endswith(".png") else name + ".png")
    if selector:
        page.locator(selector).first.screenshot(path=str(path))
    else:
        page.screenshot(path=str(path), full_page=full_page)
    return path
