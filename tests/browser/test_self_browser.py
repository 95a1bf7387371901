"""The client's own bridge (issue 22) in real Voila and Chromium on the laptop server.

The coach makes the link in the conversation; a phone-sized browser with no account (a context
of its own: no cookies) opens it, fills in three parts, reloads (answers kept), presses "Klaar";
the coach's bridge step shows the difference sentence; taking one over saves it as chosen by the
client. The same link after "Klaar", a link the coach ended, an expired one, a guessed token and
another client's id all show the one sentence and nothing else. Every open and save is in the
access log. The client's page has no sideways scrolling, no cut-off text and 44 px targets at
360x640, 390x844 and 768x1024 (Dutch, and English at 390x844).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from a11y import run_axe, serious
from layout import layout_problems
from mmbrowser import open_workbook, screenshot
from playwright.sync_api import expect
from sqlalchemy import func, select, update

from mmwidgets.model.actor import local_actor
from mmwidgets.model.dates import local_today
from mmwidgets.model.self_view import new_token
from mmwidgets.store.access.tables import AccessLogRow
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.config import DATABASE_FILE
from mmwidgets.store.self_view.tables import SelfInvitationRow
from mmwidgets.store.store import Store

TIMEOUT = 30_000
PICKER = ".mm-client-new input"
PAGE = ".mm-self-page"
REFUSED = ".mm-self-refused"
SENTENCE = "Deze link werkt niet (meer). Vraag je coach om een nieuwe link."
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def store(voila_server):
    db = Store(f"sqlite:///{Path(voila_server.data_dir) / DATABASE_FILE}", actor=local_actor())
    yield db
    db.dispose()


def open_link(page, link: str, wait_for: str = PAGE) -> None:
    """Open the personal link exactly as the coach's page made it (an absolute address)."""
    address, query = link.split("?", 1)
    open_workbook(page, address, query=query, wait_for=wait_for)


def check_layout(page, where: str) -> None:
    page.wait_for_timeout(300)
    assert layout_problems(page, within=".mm-self") == [], where


def tap_step(page, sub_id: str, n: int) -> None:
    page.click(f".mm-self-step-{sub_id}-{n}")
    expect(page.locator(f".mm-self-step-{sub_id}-{n}")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)


def png_pixels(png: bytes):
    """A PNG (8-bit RGB or RGBA, not interlaced: what Chromium's screenshots are) as a grey
    numpy array, without an imaging library."""
    import struct
    import zlib

    import numpy as np

    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        chunk = png[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], (previous[i - channels] if i >= channels else 0)
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p_ = left + up - corner
                pa, pb, pc = abs(p_ - left), abs(p_ - up), abs(p_ - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    pixels = np.frombuffer(b"".join(rows), dtype=np.uint8).reshape(height, width, channels)
    return pixels[:, :, :3].mean(axis=2).astype(np.uint8)


def scan_qr(page, selector: str) -> list[str]:
    """What a phone's camera reads from the QR code as the page shows it (a screenshot of it)."""
    import zxingcpp

    return [found.text for found in zxingcpp.read_barcodes(png_pixels(page.locator(selector).first.screenshot()))]


def same_link(url: str, link: str) -> bool:
    """The same page with the same client and token (other parameters, their order: whatever)."""
    from urllib.parse import parse_qs

    a, b = urlsplit(url), urlsplit(link)
    keep = ("client", "t")
    return (a.netloc, a.path) == (b.netloc, b.path) and \
        {k: v for k, v in parse_qs(a.query).items() if k in keep} == {k: v for k, v in parse_qs(b.query).items() if k in keep}


def refused_with_one_sentence(page, link: str) -> None:
    open_link(page, link, wait_for=REFUSED)
    expect(page.locator(REFUSED)).to_have_text(SENTENCE, timeout=TIMEOUT)
    assert page.locator(PAGE).count() == 0
    text = page.locator("#rendered_cells").inner_text().strip()
    assert text == SENTENCE, text


def test_coach_invites_client_fills_in_on_a_phone_coach_sees_the_difference(page, browser, base_url, store):
    # 1. the coach: a client, housing 3 at the table, then the link
    page.set_viewport_size({"width": 768, "height": 1024})
    open_workbook(page, "gesprek.ipynb", wait_for=PICKER)
    page.fill(PICKER, "Zelfinvuller")
    page.click(".mm-client-create")
    page.click(".mm-nav-next", timeout=TIMEOUT)  # to the bridge step
    page.click(".mm-step-housing-3")
    expect(page.locator(".mm-step-housing-3")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
    fold = page.locator(".mm-self-invite-fold .lm-AccordionPanel-title, .mm-self-invite-fold .p-Collapse-header, "
                        ".mm-self-invite-fold .jupyter-widget-Collapse-header").first
    expect(fold).to_contain_text("Zelfinvuller vult zelf de brug in", timeout=TIMEOUT)
    fold.click()
    page.click(".mm-self-invite")
    link = page.locator(".mm-self-invite-link a").get_attribute("href", timeout=TIMEOUT)
    assert link and "/zelf.ipynb?client=" in link
    expect(page.locator(".mm-self-qr svg")).to_be_visible(timeout=TIMEOUT)
    assert scan_qr(page, ".mm-self-qr") == [link]  # the QR code the coach shows holds exactly the link
    expect(fold).to_contain_text("link nog niet geopend", timeout=TIMEOUT)
    assert layout_problems(page, within=".mm-self-coach") == []
    page.locator(".mm-self-coach").scroll_into_view_if_needed()
    screenshot(page, "zelf-coach-link-768x1024", selector=".mm-self-coach")
    client_id = int(re.search(r"client=(\d+)", link).group(1))

    # 2. the client's phone: no account, no cookies of the coach. The server and its access log are
    # shared with the other browser tests of this worker (the axe test opens the client's page too):
    # only the lines written from here on are this phone's
    log = AccessLogRow.__table__
    with store.engine.connect() as conn:
        before = conn.execute(select(func.coalesce(func.max(log.c.id), 0))).scalar()
    phone_context = browser.new_context(viewport=PHONE)
    phone = phone_context.new_page()
    # every request for the link's page (a retry of a slow load, a page that heals itself by reloading):
    # each one is one open of the link, whether or not the browser saw that document load to its end
    loads: list[str] = []
    phone.on("request", lambda r: loads.append(r.url) if r.is_navigation_request() and same_link(r.url, link) else None)
    # ... and the documents that loaded to their end (a request the browser dropped for the next one
    # may or may not have reached the page's kernel, so it may or may not be an open)
    shown: list[str] = []
    phone.on("load", lambda p: shown.append(p.url) if same_link(p.url, link) else None)
    try:
        open_link(phone, link)
        check_layout(phone, "first part 390x844")
        screenshot(phone, "zelf-1-deel-390x844")
        tap_step(phone, "housing", 2)
        phone.click(".mm-self-focus input")
        expect(phone.locator(".mm-self-saved")).to_contain_text("Bewaard", timeout=TIMEOUT)
        phone.click(".mm-self-next")
        tap_step(phone, "care", 4)
        phone.click(".mm-self-next")
        tap_step(phone, "health", 1)
        expect(phone.locator(".mm-self-saved")).to_contain_text("Bewaard", timeout=TIMEOUT)
        # reload: the answers are kept, the page continues at the first open part
        open_link(phone, link)
        expect(phone.locator("[data-mm-part]")).to_have_attribute("data-mm-part", "network", timeout=TIMEOUT)
        for _ in range(3):
            phone.click(".mm-self-prev")
        expect(phone.locator(".mm-self-step-housing-2")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
        assert phone.locator(".mm-self-focus input").is_checked()
        # to the end: "Klaar"
        for sub_id in [sub.id for _p, sub in _definition().subpillars()][1:]:
            phone.click(".mm-self-next")
            expect(phone.locator("[data-mm-part]")).to_have_attribute("data-mm-part", sub_id, timeout=TIMEOUT)
        expect(phone.locator(".mm-self-finish")).to_be_visible(timeout=TIMEOUT)
        check_layout(phone, "last part 390x844")
        screenshot(phone, "zelf-laatste-deel-390x844")
        opened_with_the_link, shown_with_the_link = len(loads), len(shown)
        phone.click(".mm-self-finish")
        expect(phone.locator(".mm-self-thanks")).to_contain_text("Dank je wel", timeout=TIMEOUT)
        screenshot(phone, "zelf-klaar-390x844")
        # the same link after "Klaar": the one sentence
        refused_with_one_sentence(phone, link)
        screenshot(phone, "zelf-geweigerd-390x844")
        # a guessed token, and another client's id with the right token
        refused_with_one_sentence(phone, re.sub(r"&t=[^&]+", "&t=" + new_token(), link))
        other = ClientRepo(store).create("Andere deelnemer")
        refused_with_one_sentence(phone, re.sub(r"client=\d+", f"client={other.id}", link))
    finally:
        phone_context.close()

    # 3. the coach's bridge step: the difference in words, then one tap takes it over
    page.click(".mm-nav-prev")
    page.click(".mm-nav-next")
    diff = page.locator(".mm-self-diff[data-mm-part='housing']")
    expect(diff).to_contain_text("Je koos zelf trede 2 bij Wonen; samen kozen jullie 3.", timeout=TIMEOUT)
    expect(page.locator(".mm-self-status")).to_contain_text("Klaar gemeld op", timeout=TIMEOUT)
    assert layout_problems(page, within=".mm-self-coach") == []
    screenshot(page, "zelf-coach-verschil-768x1024", selector=".mm-self-coach")
    page.click(".mm-self-take-over-housing")
    expect(page.locator(".mm-step-housing-2")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
    expect(diff).to_have_count(0, timeout=TIMEOUT)
    today = AssessmentRepo(store).current(client_id, _definition(), today=local_today())
    assert today.choices["housing"].step == 2 and today.choices["housing"].chosen_by == "client"
    assert "care" not in today.choices  # the own answers stay apart from the conversation

    # 4. every open and save is in the access log as the client's own action
    with store.engine.connect() as conn:
        own = [tuple(r) for r in conn.execute(
            select(log.c.action, log.c.result, log.c.detail)
            .where(log.c.role == "client_self", log.c.id > before).order_by(log.c.id))]
    # the first open and the reload: a line for every page the phone showed, and never more lines
    # than requests for the page (a slow load retried, or a page that healed itself by reloading,
    # is a request of its own; one dropped by the browser before its kernel ran is no open: seen
    # in CI under two test workers, 3 requests, 2 pages shown, 2 lines)
    assert shown_with_the_link >= 2
    assert shown_with_the_link <= own.count(("open", "ok", "")) <= opened_with_the_link, (loads, shown)
    assert own.count(("change", "ok", "")) == 4  # housing, focus, care, health
    assert ("change", "ok", "self_finished") in own
    assert own.count(("open", "refused", "")) == 3


def _definition():
    from mmwidgets.model.bridge.definition import load_definition
    from mmwidgets.model.bridge.files import shipped_data_dir

    return load_definition(shipped_data_dir() / "bridges" / "default.yaml")


def test_ended_and_expired_links_and_the_page_at_three_sizes(browser, base_url, store):
    from mmwidgets.store.self_view.repo import InvitationRepo
    from mmwidgets.widgets.self_view.coach import self_link

    host = urlsplit(base_url)
    env = {"SERVER_NAME": host.hostname, "SERVER_PORT": str(host.port), "SCRIPT_NAME": "/voila/render/gesprek.ipynb"}
    client = ClientRepo(store).create("Maat")
    _inv, token = InvitationRepo(store).invite(client.id, _definition())
    link = self_link(client.id, token, env)
    for (width, height), lang in [((360, 640), "nl"), ((390, 844), "en"), ((768, 1024), "nl")]:
        context = browser.new_context(viewport={"width": width, "height": height})
        phone = context.new_page()
        try:
            open_link(phone, link + ("&lang=en" if lang == "en" else ""))
            if lang == "en":
                expect(phone.locator(".mm-self-page")).to_contain_text("Your bridge", timeout=TIMEOUT)
            check_layout(phone, f"{width}x{height} {lang}")
            if width == 360:  # WCAG 2.1 A/AA (axe-core): no critical or serious finding
                assert serious(run_axe(phone), "zelf 360x640") == []
            screenshot(phone, f"zelf-{lang}-{width}x{height}", full_page=False)
        finally:
            context.close()
    # the coach ends it; another link expires
    inv = InvitationRepo(store).latest(client.id, _definition())
    InvitationRepo(store).end(inv.id)
    second = ClientRepo(store).create("Verlopen")
    inv2, token2 = InvitationRepo(store).invite(second.id, _definition())
    with store.engine.begin() as conn:
        conn.execute(update(SelfInvitationRow.__table__).where(SelfInvitationRow.__table__.c.id == inv2.id)
                     .values(expires_at=dt.datetime(2020, 1, 1)))
    context = browser.new_context(viewport=PHONE)
    phone = context.new_page()
    try:
        refused_with_one_sentence(phone, link)
        assert serious(run_axe(phone), "zelf geweigerd") == []
        refused_with_one_sentence(phone, self_link(second.id, token2, env))
    finally:
        context.close()


def test_the_laptop_serves_the_zelf_page_with_its_own_headers_and_ignores_forwarded_addresses(base_url, store):
    """``mmwidgets serve``: the client's page gets no framing and no referrer (the link holds the
    token); which pages get them: test_self_service.py. Without MM_SELF_PROXIES a forwarded
    address the visitor sent himself is not believed: the log holds the server's keyed hash of
    the connection's own address."""
    from mmwidgets.serving.server import http_get

    client = ClientRepo(store).create("Kopjes")
    forged = {"X-Forwarded-For": "203.0.113.99", "X-Real-IP": "203.0.113.98", "X-MM-Address": "f" * 32}
    status, headers, body = http_get(f"{base_url}/voila/render/zelf.ipynb?client={client.id}&t={new_token()}",
                                     timeout=120, headers=forged)
    headers = {k.lower(): v for k, v in headers.items()}
    assert status == 200 and b"Kopjes" not in body
    csp = headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp, headers
    assert headers.get("x-frame-options") == "DENY" and headers.get("referrer-policy") == "no-referrer"
    assert headers.get("x-content-type-options") == "nosniff"
    log = AccessLogRow.__table__
    with store.engine.connect() as conn:
        origin = conn.execute(select(log.c.origin).where(log.c.role == "client_self", log.c.result == "refused")
                              .order_by(log.c.id.desc()).limit(1)).scalar_one()
    assert re.fullmatch(r"[0-9a-f]{32}", origin) and origin != "f" * 32, origin
