"""The page and the pictures in real Voila and Chromium: a dead kernel is never silent, and the
figures fit their box from the first draw on a tablet and a laptop."""

from __future__ import annotations

import re

import psutil
from playwright.sync_api import expect

from mmbrowser import kernel_id, open_workbook, remember_kernel, screenshot

PICKER = ".mm-client-new input"
BRIDGE = ".mm-bridge-figure .js-plotly-plot"
TIMEOUT = 30_000
SIZES = [(768, 1024), (1024, 768), (1366, 768)]


def create_client(page, name):
    page.fill(PICKER, name)
    page.click(".mm-client-create")
    page.click(".mm-nav-next", timeout=TIMEOUT)  # the conversation opens at the check-in; next: the bridge
    page.wait_for_selector(".mm-workspace .mm-bridge-figure .main-svg", state="visible", timeout=TIMEOUT)


def go_to_bridge(page):
    """The conversation's second step, the bridge (a click on its tab)."""
    page.locator(".mm-steps > .lm-TabBar .lm-TabBar-tab").nth(1).click()
    page.wait_for_selector(".mm-workspace .mm-bridge-figure .main-svg", state="visible", timeout=TIMEOUT)


def rung_centre(page, sub_id, step):
    """Where on screen the rung of ``sub_id``'s ``step`` is drawn (plotly's own axis maths)."""
    page.locator(BRIDGE).scroll_into_view_if_needed()
    return page.evaluate(
        """([sub, step]) => {
            const plot = document.querySelector('.mm-bridge-figure .js-plotly-plot');
            const trace = plot.data.find((t) => t.uid === 'rung-' + sub);
            const L = plot._fullLayout, box = plot.getBoundingClientRect();
            return [box.left + L.margin.l + L.xaxis.l2p(trace.x[step - 1]),
                    box.top + L.margin.t + L.yaxis.l2p(trace.y[step - 1])];
        }""",
        [sub_id, step],
    )


def kill_kernel(server, kid):
    """kill -9 the kernel process whose connection file names ``kid``."""
    killed = []
    for proc in server.kernel_processes():
        try:
            if kid in " ".join(proc.cmdline()):
                proc.kill()
                killed.append(proc)
        except psutil.Error:
            continue
    assert killed, f"no kernel process found for {kid}"
    psutil.wait_procs(killed, timeout=10)


def test_a_killed_kernel_shows_a_dutch_message_and_continue_opens_the_same_client(page, voila_server):
    open_workbook(page, "gesprek.ipynb", wait_for=PICKER)
    create_client(page, "Lindeboom")
    page.click(".mm-step-housing-2")
    expect(page.locator(".mm-step-housing-2")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
    # a finger a little off the rung still chooses it: 20 px under debts' step 4 on the picture
    x, y = rung_centre(page, "debts", 4)
    page.mouse.move(x, y + 20)
    page.wait_for_timeout(200)
    page.mouse.click(x, y + 20)
    expect(page.locator(".mm-step-debts-4")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
    expect(page.locator(".mm-connection-lost")).to_have_count(0)
    page.wait_for_timeout(500)  # the click is saved (the app confirms it with the selected step)

    kill_kernel(voila_server, kernel_id(page))

    banner = page.locator(".mm-connection-lost")
    expect(banner).to_be_visible(timeout=TIMEOUT)
    expect(banner).to_contain_text("De verbinding is verbroken. Je gegevens zijn bewaard.")
    button = banner.locator("button.mm-connection-continue")
    expect(button).to_have_text("Verder gaan")
    box = button.bounding_box()
    assert box and box["height"] >= 44 and box["width"] >= 44
    page.set_viewport_size({"width": 768, "height": 1024})
    screenshot(page, "verbinding-verbroken-768", full_page=False)

    # the app names the open client (contract with the conversation app): the button goes back to it
    current = page.locator(".mm-current-client[data-mm-client]")
    expect(current.first).to_be_attached(timeout=TIMEOUT)
    client = current.first.get_attribute("data-mm-client")
    assert client
    button.click()
    page.wait_for_url(re.compile(r"[?&]client=" + re.escape(client) + r"(&|$)"), timeout=TIMEOUT)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=60_000)
    remember_kernel(page)
    # the same client is open again, with the step saved before the kernel died
    expect(page.locator(".mm-step-housing-2")).to_have_class(re.compile("mm-step-selected"), timeout=60_000)
    # and the step chosen on the picture: the bridge draws debts' step 4 as the chosen rung
    go_to_bridge(page)
    page.wait_for_function(
        """() => {
            const plot = document.querySelector('.mm-bridge-figure .js-plotly-plot');
            const debts = plot && plot.data && plot.data.find((t) => t.uid === 'rung-debts');
            if (!debts) return false;
            const widths = debts.marker.line.width;
            return widths.indexOf(Math.max(...widths)) === 3;
        }""",
        timeout=TIMEOUT,
    )
    expect(page.locator(f".mm-current-client[data-mm-client='{client}']").first).to_be_attached()
    expect(page.locator(".mm-connection-lost")).to_have_count(0)


def test_the_english_page_says_it_in_english(page, voila_server):
    open_workbook(page, "gesprek.ipynb", query="lang=en", wait_for=PICKER)
    kill_kernel(voila_server, kernel_id(page))
    banner = page.locator(".mm-connection-lost")
    expect(banner).to_be_visible(timeout=TIMEOUT)
    expect(banner).to_contain_text("The connection was lost.")
    expect(banner.locator("button")).to_have_text("Continue")
    # no client open yet: continue reloads the same page, still in English
    banner.locator("button").click()
    page.wait_for_selector(PICKER, state="visible", timeout=60_000)
    remember_kernel(page)
    assert "lang=en" in page.url


def fits(page, selector):
    """(figure width, box width) of the first plotly figure under ``selector``."""
    return page.evaluate(
        """(sel) => {
            const plot = document.querySelector(sel);
            const svg = plot.querySelector('.main-svg');
            return [svg.getBoundingClientRect().width, plot.parentElement.getBoundingClientRect().width];
        }""",
        selector,
    )


def test_at_tablet_and_laptop_sizes_the_figures_fit_and_rungs_are_big_enough(page):
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        open_workbook(page, "gesprek.ipynb", wait_for=PICKER)
        create_client(page, f"Eik{width}")
        page.wait_for_function(
            f"() => document.querySelector('{BRIDGE}') && document.querySelector('{BRIDGE}').data", timeout=TIMEOUT
        )
        # before any click: the bridge fits its box (not plotly's default 700 px)
        figure_width, box_width = fits(page, BRIDGE)
        assert abs(figure_width - box_width) <= 2, (width, figure_width, box_width)
        # nothing overflows sideways
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{width}x{height}: the page is {overflow}px too wide"
        # every rung of the bridge is a target at least 44 px tall on screen
        heights = page.evaluate(
            f"""() => {{
                const plot = document.querySelector('{BRIDGE}');
                const y = plot._fullLayout.yaxis;
                const out = [];
                plot.data.forEach((trace) => {{
                    if (!String(trace.uid || '').startsWith('rung-')) return;
                    const ys = trace.y.map((v) => y.l2p(v));
                    for (let i = 1; i < ys.length; i++) out.push(Math.abs(ys[i] - ys[i - 1]));
                }});
                return out;
            }}"""
        )
        assert heights and min(heights) >= 44, f"{width}x{height}: rungs {min(heights):.0f}px apart"
        # tabs and buttons are touch targets
        small = page.evaluate(
            """() => Array.from(document.querySelectorAll('.lm-TabBar-tab, .jupyter-button'))
                .filter((el) => el.offsetParent !== null)
                .map((el) => [el.textContent.trim(), el.getBoundingClientRect().height, el.scrollWidth > el.clientWidth + 1])
                .filter(([, h, cut]) => h < 44 || cut)"""
        )
        assert small == [], f"{width}x{height}: too small or cut off: {small}"
        # checkboxes ("hier wil ik aan werken") and the stress slider's handle: 44 px to touch
        targets = page.evaluate(
            """() => [
                ...Array.from(document.querySelectorAll('.widget-checkbox label, .jupyter-widget-checkbox label')),
                ...Array.from(document.querySelectorAll('.noUi-handle')),
            ].filter((el) => el.offsetParent !== null)
             .map((el) => { const r = el.getBoundingClientRect(); return [el.className, r.width, r.height]; })"""
        )
        assert targets, "a checkbox or slider is on the page"
        assert all(w >= 44 and h >= 44 for _, w, h in targets), targets
        screenshot(page, f"gesprek-{width}x{height}")
        # "Verloop" is drawn while its tab is hidden: shown later, it fits its box at once
        page.locator(".mm-tabs .lm-TabBar-tab", has_text="Verloop").first.click()
        progress = ".mm-progress-figure .js-plotly-plot"
        page.wait_for_selector(f"{progress} .main-svg", state="visible", timeout=TIMEOUT)
        page.wait_for_function(
            f"""() => {{
                const plot = document.querySelector('{progress}');
                const svg = plot.querySelector('.main-svg');
                return Math.abs(svg.getBoundingClientRect().width - plot.parentElement.getBoundingClientRect().width) <= 2;
            }}""",
            timeout=5_000,
        )
        screenshot(page, f"gesprek-verloop-{width}x{height}", full_page=False)


def test_english_labels_are_not_cut_off_on_a_tablet(page):
    page.set_viewport_size({"width": 768, "height": 1024})
    open_workbook(page, "gesprek.ipynb", query="lang=en", wait_for=PICKER)
    create_client(page, "Birch")
    cut = page.evaluate(
        """() => Array.from(document.querySelectorAll('.lm-TabBar-tab, .jupyter-button, .widget-label'))
            .filter((el) => el.offsetParent !== null)
            .filter((el) => el.clientWidth > 1 || el.clientHeight > 1)  // a label only a screen reader reads (1 px)
            .filter((el) => el.scrollWidth > el.clientWidth + 1)
            .map((el) => el.textContent.trim())"""
    )
    assert cut == [], f"cut off in English: {cut}"
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    screenshot(page, "gesprek-en-768x1024")
