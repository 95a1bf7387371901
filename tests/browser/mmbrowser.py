"""Helpers for browser tests (import in a test: ``from mmbrowser import open_workbook, screenshot``).

The fixtures live in conftest.py beside this file; this module holds what tests import,
so that no test imports a module named ``conftest`` (tests/ has two of them).
"""

from __future__ import annotations

import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mmwidgets.serving.server import VoilaServer  # noqa: E402
from mmwidgets.serving.server import build_site as build_served_folder  # noqa: E402

BROWSER_DIR = Path(__file__).resolve().parent
#: where screenshot() writes: test-results/screenshots (gitignored), or docs/screenshots when
#: MM_SCREENSHOTS_DIR says so (`make screenshots`), so a test run leaves the checkout clean
SCREENSHOTS = Path(os.environ.get("MM_SCREENSHOTS_DIR") or ROOT / "test-results" / "screenshots")
DOCS_SCREENSHOTS = ROOT / "docs" / "screenshots"
PAGE_TIMEOUT_MS = 60_000
IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")

#: the live Voila servers (the session one and voila_factory's): their logs are attached
#: to a failing test's report, the kernels their pages opened are shut down after each test
SERVERS: list[VoilaServer] = []


# --------------------------------------------------------------------------- notebooks
def make_notebook(path: Path | str, cells: list[str], title: str | None = None) -> Path:
    """Write a notebook of code cells (a cell starting with '#md ' becomes markdown)."""
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
    # a page that renders and then shows nothing (as after "Timeout waiting for IOPub output")
    "blank.ipynb": [
        "x = 1",
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
    """The folder the session server serves: workbooks/, bench/slider.ipynb and _test/*.ipynb."""
    build_served_folder(target)
    for name, cells in TEST_NOTEBOOKS.items():
        make_notebook(target / "_test" / name, cells, title=Path(name).stem)
    return target


# --------------------------------------------------------------------------- network
@dataclass
class NetworkLog:
    """What a browser context did: requests, responses, websocket traffic, console errors."""

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


# --------------------------------------------------------------------------- pages
def kernel_id(page: Any) -> str | None:
    """The kernel id Voila wrote into the page (jupyter-config-data)."""
    return page.evaluate(
        """() => {
            const el = document.getElementById('jupyter-config-data');
            try { return el ? JSON.parse(el.textContent).kernelId || null : null; } catch (e) { return null; }
        }"""
    )


def server_for(url: str) -> VoilaServer | None:
    netloc = urlsplit(url).netloc
    for server in SERVERS:
        if urlsplit(server.url).netloc == netloc:
            return server
    return None


def remember_kernel(page: Any) -> None:
    """Have the page's kernel shut down after the test (open_workbook does this itself)."""
    try:
        kid = kernel_id(page)
    except Exception:  # noqa: BLE001 - page gone
        return
    server = server_for(page.url)
    if kid and server is not None and kid not in server.opened_kernels:
        server.opened_kernels.append(kid)


def open_workbook(
    page: Any,
    name: str,
    *,
    query: str = "",
    wait_for: str = ".jupyter-widgets",
    timeout_ms: int = PAGE_TIMEOUT_MS,
    retry: bool = True,
) -> float:
    """Load /voila/render/<name>[?query], wait until Voila shows the cells and ``wait_for`` is visible.

    ``name`` is relative to the served folder ("gesprek.ipynb", "bench/slider.ipynb") or a full
    URL (another server). Retries the load once on a timeout, as Voila's own UI tests do.
    Returns the seconds from navigation to ``wait_for`` visible.
    """
    path = name if "://" in name else f"/voila/render/{name}"
    url = path + (("?" + query.lstrip("?")) if query else "")
    attempts = 2 if retry else 1
    elapsed = 0.0
    for attempt in range(attempts):
        start = time.perf_counter()
        try:
            page.goto(url, wait_until="commit", timeout=timeout_ms)
            page.wait_for_selector("#rendered_cells", state="visible", timeout=timeout_ms)
            page.wait_for_selector(wait_for, state="visible", timeout=timeout_ms)
            elapsed = time.perf_counter() - start
            break
        except Exception:  # noqa: BLE001 - playwright TimeoutError and friends: retry once
            remember_kernel(page)
            if attempt + 1 >= attempts:
                raise
    remember_kernel(page)
    return elapsed


def screenshot(page: Any, name: str, *, full_page: bool = True, selector: str | None = None) -> Path:
    """Save <name>.png under SCREENSHOTS (test-results/screenshots unless MM_SCREENSHOTS_DIR is set;
    `make screenshots` sets it to docs/screenshots): the whole page, or one element with ``selector``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / (name if name.endswith(".png") else name + ".png")
    if selector:
        page.locator(selector).first.screenshot(path=str(path))
    else:
        page.screenshot(path=str(path), full_page=full_page)
    return path
