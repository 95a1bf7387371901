"""Serving: the mm template, voila.json's settings and plotly.js as a static file, seen in a real browser."""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
import urllib.request
from pathlib import Path

from mmbrowser import ROOT, NetworkLog, kernel_id, make_notebook, open_workbook, remember_kernel

from mmwidgets.serving.paths import CONFIG_FILE, TEMPLATE_DIR
from mmwidgets.serving.server import VoilaServer, http_get

SLIDER = "bench/slider.ipynb"


def test_tests_use_a_throw_away_data_dir(mm_data_dir: Path) -> None:
    from mmwidgets.store.config import data_dir

    assert os.environ["MM_DATA_DIR"] == str(mm_data_dir)
    assert mm_data_dir.is_relative_to(Path(tempfile.gettempdir()))
    assert data_dir() == mm_data_dir.resolve()
    assert "MM_DATABASE_URL" not in os.environ


def test_loading_texts_exist_in_both_languages() -> None:
    texts = json.loads((TEMPLATE_DIR / "loading-texts.json").read_text(encoding="utf-8"))
    assert set(texts) == {"nl", "en"}
    assert set(texts["nl"]) == set(texts["en"])
    assert {"running", "executing", "reading"} <= set(texts["nl"])
    for lang in texts.values():
        assert "{title}" in lang["running"]
        assert "{i}" in lang["executing"] and "{n}" in lang["executing"]


def test_slider_page_is_served_locally_as_configured(
    page, network: NetworkLog, base_url: str, voila_server: VoilaServer
) -> None:
    handshakes: list[dict] = []
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.on("Network.webSocketHandshakeResponseReceived", lambda event: handshakes.append(event))

    seconds = open_workbook(page, SLIDER, wait_for=".widget-slider")
    assert seconds < 60

    # the widget works: the arrow key moves the slider
    page.locator(".noUi-handle").first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('.widget-readout').textContent.trim() === '4'")

    # no request leaves the machine (FontAwesome/mermaid CDNs dropped), nothing failed to load
    assert network.requests, "no requests recorded"
    assert network.foreign_hosts(base_url) == set()
    assert network.failed == []

    # template: Dutch page, light theme, our stylesheet (16px), translated loading text table
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert "theme-light" in page.get_attribute("body", "class")
    assert "mm-page" in page.get_attribute("body", "class")
    assert page.evaluate("getComputedStyle(document.body).fontSize") == "16px"
    assert network.urls_matching(r"/voila/templates/mm/static/mm\.css\?v=")
    assert page.evaluate("window.mm_loading.text('running', {title: 'x'})") == "Even geduld: x wordt geopend ..."

    # voila.json: strip_sources (no code on the page)
    assert "IntSlider(" not in page.content()

    # voila.json: websocket compression (permessage-deflate negotiated with the kernel channel)
    deadline = time.monotonic() + 10
    while not handshakes and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert handshakes, "no websocket handshake seen"
    headers = {k.lower(): v for k, v in handshakes[0]["response"]["headers"].items()}
    assert "permessage-deflate" in headers.get("sec-websocket-extensions", "")

    # voila.json: kernel culling configured (jupyter_server logs it when the first kernel starts)
    assert re.search(
        r"Culling kernels with idle durations > 1800 seconds at 60 second intervals", voila_server.log_text()
    )


def test_tree_and_error_pages_stay_local(page, network: NetworkLog, base_url: str) -> None:
    # the listing is JupyterLab's file browser (a large script bundle): with the other test worker's
    # Voila and Chromium busy on the same two cores it once took over 60 s to draw
    page.goto("/", timeout=120_000)
    page.locator(".jp-DirListing-itemText", has_text="bench").first.wait_for(timeout=120_000)
    assert page.evaluate("document.documentElement.lang") == "nl"
    response = page.goto("/voila/render/does-not-exist.ipynb", timeout=60_000)
    assert response is not None and response.status == 404
    assert network.foreign_hosts(base_url) == set()
    assert network.failed == []


def test_loading_text_is_dutch_by_default_and_english_with_lang_en(page) -> None:
    # _test/slow.ipynb pauses 2.5 s in its first two cells: the progress text is readable meanwhile
    page.goto("/voila/render/_test/slow.ipynb", wait_until="commit", timeout=60_000)
    page.wait_for_function(
        "/Bezig met openen: stap [12] van 3/.test(document.getElementById('loading_text')?.textContent || '')",
        timeout=60_000,
    )
    assert page.evaluate("document.documentElement.lang") == "nl"
    page.wait_for_selector(".mm-done", state="visible", timeout=60_000)
    remember_kernel(page)

    page.goto("/voila/render/_test/slow.ipynb?lang=en", wait_until="commit", timeout=60_000)
    page.wait_for_function(
        "/Executing [12] of 3/.test(document.getElementById('loading_text')?.textContent || '')",
        timeout=60_000,
    )
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.evaluate("window.mm_loading.text('running', {title: 'x'})") == "Running x..."
    page.wait_for_selector(".mm-done", state="visible", timeout=60_000)
    remember_kernel(page)


def test_an_error_shows_no_traceback(page) -> None:
    open_workbook(page, "_test/error.ipynb", wait_for="#rendered_cells")
    text = page.inner_text("body")
    assert "mm-secret-detail" not in text
    assert "Traceback" not in text
    assert "ValueError" not in text


def test_plotly_js_is_a_cached_static_file_not_websocket_traffic(
    page, network: NetworkLog, base_url: str
) -> None:
    open_workbook(page, "_test/plot.ipynb", wait_for=".mm-test-plot .main-svg")
    assert page.locator(".mm-test-plot .main-svg").first.is_visible()

    # PlotlyView loads the versioned URL that <body data-mm-plotly-url> offers: cached for long
    versioned = page.get_attribute("body", "data-mm-plotly-url")
    assert versioned and "?v=" in versioned
    loaded = network.urls_matching(r"plotly\.min\.js\?v=")
    assert loaded and loaded[0].endswith(versioned), network.requests
    assert network.responses[loaded[0]].status == 200
    status, vheaders, body = http_get(base_url + versioned)
    assert status == 200 and len(body) > 1_000_000
    assert "max-age" in vheaders.get("Cache-Control", "")
    assert b"plotly.js" in body[:200]

    # the plain URL is served too, and revalidated: 304 without the body
    status, headers, _ = http_get(base_url + "/voila/static/plotly.min.js")
    assert status == 200 and headers.get("Etag")
    request = urllib.request.Request(base_url + "/voila/static/plotly.min.js", headers={"If-None-Match": headers["Etag"]})
    try:
        urllib.request.urlopen(request, timeout=10)
        raise AssertionError("expected 304 Not Modified")
    except urllib.error.HTTPError as err:
        assert err.code == 304

    # plotly.js did not travel over the websocket (a FigureWidget sends ~5 MB there)
    assert network.ws_bytes_received < 1_000_000, network.ws_bytes_received
    assert network.foreign_hosts(base_url) == set()


def test_idle_kernels_are_culled_but_not_while_the_page_is_open(page, voila_factory, tmp_path: Path) -> None:
    # the repo's voila.json with only the culling times shortened: proves its keys take effect
    config = json.loads(CONFIG_FILE.read_text(encoding="utf-8"))
    config["MappingKernelManager"].update(cull_idle_timeout=3, cull_interval=1)
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    (config_dir / "voila.json").write_text(json.dumps(config), encoding="utf-8")
    server = voila_factory(ROOT / "bench" / "notebooks", config_file_paths=[config_dir])

    open_workbook(page, server.render_url("slider.ipynb"), wait_for=".widget-slider")
    kid = kernel_id(page)
    assert kid and server.kernel_info(kid) is not None
    assert len(server.kernel_processes()) == 1
    assert "Culling kernels with idle durations > 3 seconds at 1 second intervals" in server.log_text()

    # open and connected, but idle for longer than the timeout: kept (cull_connected false)
    page.wait_for_timeout(6_000)
    info = server.kernel_info(kid)
    assert info is not None and info["connections"] >= 1

    # tab closed (its shutdown beacon does not work in Voila): culled once idle
    page.close()
    deadline = time.monotonic() + 30
    while server.kernel_info(kid) is not None and time.monotonic() < deadline:
        time.sleep(0.5)
    assert server.kernel_info(kid) is None, server.log_text()[-2000:]
    deadline = time.monotonic() + 10
    while server.kernel_processes() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert server.kernel_processes() == []
    assert re.search(r"Culling '\w+' kernel 'python3' \(" + re.escape(kid), server.log_text())


def _config_with(tmp_path: Path, **sections: dict) -> Path:
    """A copy of the repo's voila.json with some keys changed, in its own folder."""
    config = json.loads(CONFIG_FILE.read_text(encoding="utf-8"))
    for section, values in sections.items():
        config.setdefault(section, {}).update(values)
    folder = tmp_path / "config"
    folder.mkdir(exist_ok=True)
    (folder / "voila.json").write_text(json.dumps(config), encoding="utf-8")
    return folder


def test_first_visit_after_idle_longer_than_the_cell_timeout_works(page, voila_factory, tmp_path: Path) -> None:
    # issue 8.1: the preheated kernel waits for its visitor inside the workbook's cell; that wait
    # must not count against VoilaExecutor.timeout (120 s in voila.json, 4 s here) ...
    config_dir = _config_with(
        tmp_path, VoilaExecutor={"timeout": 4}, VoilaKernelManager={"preheat_denylist": []}
    )
    site = tmp_path / "site"
    site.mkdir()
    (site / "gesprek.ipynb").write_bytes((ROOT / "workbooks" / "gesprek.ipynb").read_bytes())
    # ... while a cell that hangs after the visitor arrived is still stopped by it
    make_notebook(
        site / "hangs.ipynb",
        ["from mmwidgets.apps.conversation import wait_for_visitor\nwait_for_visitor()\nimport time\ntime.sleep(600)"],
    )
    server = voila_factory(site, config_file_paths=[config_dir])
    deadline = time.monotonic() + 90
    while server.log_text().count("Kernel pool of") < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert "Kernel pool of gesprek.ipynb is filled" in server.log_text()
    assert "Kernel pool of hangs.ipynb is filled" in server.log_text()
    time.sleep(12)  # idle for three timeouts before anyone comes
    assert "Timeout waiting for execute reply" not in server.log_text()

    open_workbook(page, server.render_url("gesprek.ipynb"), wait_for=".mm-app", retry=False)
    assert "Using pre-heated kernel" in server.log_text()
    page.wait_for_timeout(1_000)
    body = page.inner_text("body")
    assert "timed out" not in body and "Cell execution" not in body
    assert page.locator(".mm-client-new input").first.is_visible()

    page.goto(server.render_url("hangs.ipynb"), wait_until="commit", timeout=60_000)
    page.wait_for_function("document.body.innerText.includes('Cell execution timed out')", timeout=60_000)
    remember_kernel(page)
    assert "Timeout waiting for execute reply (4s)" in server.log_text()


def test_a_visitor_cannot_shut_down_another_visitors_kernel(browser, base_url: str, voila_server: VoilaServer) -> None:
    # issue 9: two visitors; the second knows the first one's kernel id and tries every way Voila offers
    first = browser.new_page(base_url=base_url)
    second = browser.new_page(base_url=base_url)
    try:
        open_workbook(first, SLIDER, wait_for=".widget-slider")
        open_workbook(second, SLIDER, wait_for=".widget-slider")
        victim = kernel_id(first)
        assert victim and victim != kernel_id(second)

        statuses = second.evaluate(
            """async (kid) => {
                const xsrf = (document.cookie.match(/_xsrf=([^;]+)/) || [])[1] || 'x';
                if (!document.cookie.includes('_xsrf=')) document.cookie = '_xsrf=' + xsrf + '; path=/';
                const headers = {'X-XSRFToken': decodeURIComponent(xsrf)};
                const out = {};
                out.beacon = navigator.sendBeacon('/voila/api/shutdown/' + kid);
                out.shutdown = (await fetch('/voila/api/shutdown/' + kid, {method: 'POST', headers})).status;
                out.delete = (await fetch('/api/kernels/' + kid, {method: 'DELETE', headers})).status;
                out.list = (await fetch('/api/kernels')).status;
                return out;
            }""",
            victim,
        )
        assert statuses["shutdown"] == 403 and statuses["delete"] == 403, statuses
        assert statuses["list"] == 404, statuses  # no list of everyone's kernels

        # nor connect to it to drive the first visitor's widgets (its own kernel's socket works)
        sockets = second.evaluate(
            """async ([victim, own]) => {
                const attempt = (kid) => new Promise((resolve) => {
                    const ws = new WebSocket(`ws://${location.host}/api/kernels/${kid}/channels`);
                    ws.onopen = () => { ws.close(); resolve('open'); };
                    ws.onerror = () => resolve('refused');
                    setTimeout(() => resolve('timeout'), 15000);
                });
                return {victim: await attempt(victim), own: await attempt(own)};
            }""",
            [victim, kernel_id(second)],
        )
        assert sockets == {"victim": "refused", "own": "open"}, sockets
        assert "Websocket to kernel " + victim + " refused" in voila_server.log_text()

        # the first visitor's kernel lives on and answers: the slider still moves
        second.wait_for_timeout(1_000)
        assert voila_server.kernel_info(victim) is not None
        first.locator(".noUi-handle").first.focus()
        first.keyboard.press("ArrowRight")
        first.wait_for_function("document.querySelector('.widget-readout').textContent.trim() === '4'")
    finally:
        first.close()
        second.close()
