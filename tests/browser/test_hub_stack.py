"""The team stack for real (issue 9): PostgreSQL + JupyterHub + configurable-http-proxy + one Voila
per coach, started by this module on 127.0.0.1 (mmwidgets.serving.hub_pilot.PilotStack, as `make hub`),
driven in Chromium.

Team: coach-a and coach-b in team-a, teamleider-a (team lead of team-a). Each has their own password.
The hand-over and the team lead's list are done through the store API as that person (the actor the
hub gives their server): the conversation workbook has no hand-over button or team list yet.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest
from layout import layout_problems
from playwright.sync_api import expect

from mmwidgets.model.actor import actor_from_environment
from mmwidgets.serving import hub
from mmwidgets.serving.hub_pilot import PilotStack
from mmwidgets.serving.server import http_get

GROUPS = {"team-a": ["coach-a", "coach-b", "teamleider-a"], "teamleider": ["teamleider-a"]}
PASSWORDS = {"coach-a": "appel-taart-7", "coach-b": "bessen-sap-8", "teamleider-a": "citroen-9-x"}
WORKBOOK = "/voila/render/gesprek.ipynb"
TIMEOUT = 30_000
SPAWN_TIMEOUT = 150_000


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    state = tmp_path_factory.mktemp("hub")
    team_file = hub.write_team_file(state / "team.yaml", GROUPS, PASSWORDS)
    pilot = PilotStack(state, team_file, kernel_cap=8).start()
    try:
        yield pilot
    finally:
        started = pilot.processes()
        pilot.stop()
        left = [p for p in started if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        assert left == [], f"processes left running after the stack stopped: {left}"
        assert not pilot.pg_folder.exists(), "the throw-away PostgreSQL folder was not removed"
        # the hub stopped its services and servers itself (not killed after 30 s: hub_pilot._interruptible)
        assert "...done" in pilot.log_path.read_text(errors="replace")[-5000:], "the hub did not finish its clean-up"


def env_of(user: str) -> dict[str, str]:
    """What the hub puts in that user's server environment (JUPYTERHUB_USER + the pre-spawn hook)."""
    groups = [g for g, members in GROUPS.items() if user in members]
    return {"JUPYTERHUB_USER": user, **hub.coach_environment(user, groups)}


def store_as(stack, user: str):
    from mmwidgets.store.store import Store

    return Store(stack.database_url, actor=actor_from_environment(env_of(user)))


def log_in(browser, stack, user: str, query: str = ""):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="nl-NL", accept_downloads=True)
    page = context.new_page()
    page.goto(f"{stack.url}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", PASSWORDS[user])
    page.click("#login_submit")
    page.wait_for_url(re.compile(r".*/hub/(home|spawn.*)"), timeout=TIMEOUT)
    open_workbook(page, stack, user, query)
    return context, page


def open_workbook(page, stack, user: str, query: str = "") -> None:
    page.goto(f"{stack.url}/user/{user}{WORKBOOK}" + (f"?{query}" if query else ""))
    page.wait_for_selector(".mm-client-picker", state="visible", timeout=SPAWN_TIMEOUT)


def current_client(page) -> str | None:
    marker = page.locator(".mm-current-client")
    return marker.first.get_attribute("data-mm-client") if marker.count() else None


def create_client(page, name: str) -> int:
    before = current_client(page)
    if before is not None:  # another client is open: back to the list first
        page.click(".mm-client-switch", timeout=TIMEOUT)
    page.fill(".mm-client-new input", name)
    page.click(".mm-client-create")
    page.wait_for_function(
        "(before) => { const m = document.querySelector('.mm-current-client');"
        " return m && m.getAttribute('data-mm-client') !== before; }", arg=before, timeout=TIMEOUT)
    return int(current_client(page))


def search_options(page, text: str) -> list[str]:
    if page.locator(".mm-client-switch").first.is_visible():  # a client is open: back to the list
        page.click(".mm-client-switch")
    page.fill(".mm-client-search input", text)
    page.wait_for_timeout(1500)  # the list follows the typing; give the kernel time to answer
    return page.locator(".mm-client-list select option").all_inner_texts()


def test_without_logging_in_there_is_only_the_log_in_page(stack):
    for path in (f"/user/coach-a{WORKBOOK}", f"/user/coach-a/voila/api/contents", "/hub/home", "/"):
        with urllib.request.urlopen(stack.url + path, timeout=30) as resp:  # follows redirects
            body = resp.read().decode()
            assert "/hub/login" in resp.geturl(), (path, resp.geturl())
            assert 'id="password_input"' in body
            assert "<title>gesprek" not in body and "application/vnd.jupyter" not in body  # no workbook
    status, headers, _ = http_get(stack.url + "/hub/login")
    headers = {name.lower(): value for name, value in headers.items()}
    assert status == 200 and "frame-ancestors 'self'" in headers.get("content-security-policy", "")
    assert http_get(stack.url + "/hub/api/users")[0] == 403  # the hub's API wants a token
    # a wrong password gets the log-in page again, not a server
    request = urllib.request.Request(stack.url + "/hub/login", data=b"username=coach-a&password=fout", method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403  # no _xsrf and no valid password: refused


def test_the_log_in_page_a_browser_gets_is_dutch(stack, browser):
    context = browser.new_context(locale="en-GB")  # the team's language, not the browser's
    page = context.new_page()
    page.goto(f"{stack.url}/user/coach-a{WORKBOOK}")  # not logged in: the hub's log-in page
    page.wait_for_selector("#login_submit", timeout=TIMEOUT)
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert page.title() == "Inloggen"
    assert page.locator(".auth-form-header h1").inner_text().strip() == "Inloggen"
    assert page.locator("label[for=username_input]").inner_text().strip() == "Gebruikersnaam"
    assert page.locator("label[for=password_input]").inner_text().strip() == "Wachtwoord"
    assert page.locator("#login_submit").get_attribute("value") == "Inloggen"
    assert "Sign in" not in page.content() and "Username" not in page.locator("form").inner_text()
    page.fill("#username_input", "coach-a")
    page.fill("#password_input", "niet-het-goede-wachtwoord")
    page.click("#login_submit")
    error = page.locator(".login_error")
    expect(error).to_have_text("De gebruikersnaam of het wachtwoord klopt niet. Probeer het opnieuw.", timeout=TIMEOUT)
    assert page.locator("#username_input").input_value() == "coach-a"
    context.close()


def test_two_coaches_a_hand_over_the_team_lead_and_who_looked(stack, browser):
    # coach A logs in, makes two clients and clicks a step for one of them
    ctx_a, page_a = log_in(browser, stack, "coach-a")
    klaproos = create_client(page_a, "Klaproos")
    zonnebloem = create_client(page_a, "Zonnebloem")
    page_a.click(".mm-nav-next", timeout=TIMEOUT)
    page_a.click(".mm-step-housing-2", timeout=TIMEOUT)
    expect(page_a.locator(".mm-step-housing-2")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)

    # coach B logs in: cannot find A's clients, nor open them by id, nor reach A's server
    ctx_b, page_b = log_in(browser, stack, "coach-b")
    assert search_options(page_b, "Zon") == []
    assert search_options(page_b, "a") == []
    for guess in (zonnebloem, klaproos, zonnebloem + 1, 1):
        open_workbook(page_b, stack, "coach-b", f"client={guess}")
        page_b.wait_for_timeout(1500)
        assert current_client(page_b) is None, f"coach B opened client {guess}"
    response = page_b.goto(f"{stack.url}/user/coach-a{WORKBOOK}?client={zonnebloem}")
    assert response.status == 403, response.status
    assert "mm-client" not in page_b.content()
    for path in (f"/user/coach-a/api/kernels", f"/user/coach-a/voila/api/contents"):
        answer = ctx_b.request.get(stack.url + path, max_redirects=0)
        assert answer.status in (302, 403), (path, answer.status)
        assert "gesprek" not in answer.text()

    # Voila's answers carry the Content Security Policy
    answer = ctx_a.request.get(f"{stack.url}/user/coach-a{WORKBOOK}")
    assert "default-src 'self'" in answer.headers.get("content-security-policy", "")

    # A hands Zonnebloem to B (as coach A, through the store: no hand-over button yet)
    from mmwidgets.store.access.guard import AccessRepo

    AccessRepo(store_as(stack, "coach-a")).hand_over(zonnebloem, "coach-b", "team-a")

    open_workbook(page_b, stack, "coach-b", f"client={zonnebloem}")
    page_b.wait_for_selector(f".mm-current-client[data-mm-client='{zonnebloem}']", state="attached", timeout=TIMEOUT)
    assert search_options(page_b, "Zon") == ["Zonnebloem"]
    open_workbook(page_a, stack, "coach-a", f"client={zonnebloem}")
    page_a.wait_for_timeout(1500)
    assert current_client(page_a) is None
    assert search_options(page_a, "Zon") == []
    assert search_options(page_a, "Klap") == ["Klaproos"]

    # the team lead: their own server gets team and role from the hub groups; the team list has both coaches
    ctx_l, page_l = log_in(browser, stack, "teamleider-a")
    voilas = {p.environ().get("JUPYTERHUB_USER"): p for p in stack.processes()
              if "mmwidgets.serving.hub_voila" in " ".join(p.cmdline())}
    assert set(voilas) == {"coach-a", "coach-b", "teamleider-a"}
    lead_env = voilas["teamleider-a"].environ()
    assert (lead_env["MM_TEAM"], lead_env["MM_ROLE"]) == ("team-a", "team_lead")
    assert voilas["coach-a"].environ()["MM_ROLE"] == "coach"
    for voila in voilas.values():  # the hub's token never reaches a coach's Voila or kernels
        for proc in [voila, *voila.children(recursive=True)]:
            assert "JUPYTERHUB_API_TOKEN" not in proc.environ()
    team = {(client.pseudonym, coach) for client, coach in AccessRepo(store_as(stack, "teamleider-a")).team_clients()}
    assert {("Klaproos", "coach-a"), ("Zonnebloem", "coach-b")} <= team
    assert current_client(page_l) is None

    # B downloads Zonnebloem's data: every look at the file, with who and when
    open_workbook(page_b, stack, "coach-b", f"client={zonnebloem}")
    page_b.wait_for_selector(f".mm-current-client[data-mm-client='{zonnebloem}']", state="attached", timeout=TIMEOUT)
    page_b.locator(".mm-data-open").first.click()  # the client's data lives under "Gegevens"
    button = page_b.locator(".mm-export.mm-download-button, .mm-export .mm-download-button").first
    expect(button).to_be_visible(timeout=TIMEOUT)
    with page_b.expect_download(timeout=TIMEOUT) as info:
        button.click()
    export = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    lines = export["access_log"]
    opens = [(line["actor"], line["action"]) for line in lines if line["result"] == "ok"]
    assert ("coach-a", "open") in opens and ("coach-b", "open") in opens
    assert ("coach-a", "hand_over") in opens
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d", line["at"]) for line in lines)
    who = " ".join(export["who_looked"]["nl"])
    assert "coach-a" in who and "coach-b" in who
    assert "Zonnebloem" not in json.dumps(lines)  # the log holds no client text

    for context in (ctx_a, ctx_b, ctx_l):
        context.close()


# -- issue 23: every byte to a coach's Voila passes the hub's check --------------------------
def _cookie_header(context, **replace: str) -> str:
    cookies = {c["name"]: c["value"] for c in context.cookies()}
    cookies.update(replace)
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def _websocket_status(url: str, cookie: str | None) -> int:
    """The HTTP status a websocket upgrade gets (101 when it is accepted; the socket is closed at once)."""
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    headers = {"Cookie": cookie} if cookie else {}
    try:
        with connect(url, additional_headers=headers, open_timeout=30):
            return 101
    except InvalidStatus as refused:
        return refused.response.status_code


def _voila_of(stack, user: str):
    """The coach's Voila process (not the proxy, whose command line names Voila's command too)."""
    return next(p for p in stack.processes() if p.cmdline()[1:3] == ["-m", "mmwidgets.serving.hub_voila"]
                and p.environ().get("JUPYTERHUB_USER") == user)


def test_a_kernel_websocket_needs_the_hub_log_in_and_the_servers_own_visitor_token(stack, browser):
    ctx_a, page_a = log_in(browser, stack, "coach-a")
    create_client(page_a, "Vergeet-mij-niet")
    kernel_id = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page_a.content()).group(1)
    ctx_b, _page_b = log_in(browser, stack, "coach-b")
    ws_url = stack.url.replace("http://", "ws://") + f"/user/coach-a/api/kernels/{kernel_id}/channels"
    before = stack.log_text()

    assert _websocket_status(ws_url, None) == 403  # a stranger: no hub cookie
    assert _websocket_status(ws_url, _cookie_header(ctx_b)) == 403  # coach B, with his own cookies
    assert _websocket_status(ws_url, _cookie_header(ctx_a, mm_visitor="zelfgemaakt")) == 403  # a forged token
    forged = _cookie_header(ctx_a, mm_visitor="abc." + "0" * 64)  # the token's shape, not this server's signature
    assert _websocket_status(ws_url, forged) == 403
    assert _websocket_status(ws_url, _cookie_header(ctx_a)) == 101  # coach A's own browser: yes
    log = stack.log_text()[len(before):]
    assert log.count("no hub log-in for this server") == 2  # the stranger and coach B stopped at the proxy
    assert log.count("no visitor token of this server") == 2  # the forged tokens too: Voila never saw them
    assert "not this visitor's kernel" not in log
    assert "Vergeet-mij-niet" not in log

    # coach B (logged in at the hub) gets nothing of A's server, plain HTTP neither
    answer = ctx_b.request.get(f"{stack.url}/user/coach-a{WORKBOOK}", max_redirects=0)
    assert answer.status in (302, 403) and "Vergeet-mij-niet" not in answer.text()
    # no version headers from a coach's proxy, nor from the hub to a stranger
    headers = ctx_a.request.get(f"{stack.url}/user/coach-a{WORKBOOK}").headers
    assert "x-jupyterhub-version" not in headers and "tornado" not in headers.get("server", "").lower()
    status, hub_headers, body = http_get(stack.url + "/hub/api/")
    hub_headers = {k.lower(): v for k, v in hub_headers.items()}
    assert status == 200 and b"version" not in body
    assert "x-jupyterhub-version" not in hub_headers and "tornado" not in hub_headers.get("server", "").lower()
    for context in (ctx_a, ctx_b):
        context.close()


def test_a_local_process_without_the_proxys_secret_gets_nothing_from_a_coachs_voila(stack, browser):
    ctx_a, _page = log_in(browser, stack, "coach-a")
    voila = _voila_of(stack, "coach-a")
    port = next(arg.split("=", 1)[1] for arg in voila.cmdline() if arg.startswith("--port="))
    base = f"http://127.0.0.1:{port}/user/coach-a"
    for path in (WORKBOOK, "/voila/api/contents", "/api/kernels", "/voila/static/"):
        status, _, body = http_get(base + path)
        assert status == 403, (path, status)
        assert b"gesprek" not in body and b"kernel" not in body.lower()
    kernels = [p for p in voila.children(recursive=True) if "ipykernel_launcher" in " ".join(p.cmdline())]
    assert kernels
    for kernel in kernels:
        kid = re.search(r"kernel-([0-9a-f-]{36})\.json", " ".join(kernel.cmdline())).group(1)
        ws = f"ws://127.0.0.1:{port}/user/coach-a/api/kernels/{kid}/channels"
        assert _websocket_status(ws, _cookie_header(ctx_a)) == 403  # even with A's cookies: not via the proxy
    assert "MM_PROXY_SECRET_FILE" not in "".join(k.environ().get("MM_PROXY_SECRET_FILE", "") for k in kernels)
    # another local account (nobody): nothing from the coach's Voila, no way into PostgreSQL
    import os
    import subprocess

    if os.geteuid() == 0:
        probe = ("import urllib.request, urllib.error\n"
                 f"try:\n urllib.request.urlopen('{base}{WORKBOOK}', timeout=30)\n print('open')\n"
                 "except urllib.error.HTTPError as e:\n print(e.code)\n")
        tried = subprocess.run(["runuser", "-u", "nobody", "--", "/usr/bin/python3", "-c", probe],  # the venv is in /root
                               capture_output=True, text=True, timeout=120, cwd="/")
        assert tried.stdout.strip() == "403", (tried.stdout, tried.stderr[-500:])
        psql = str(stack.pg.bindir / "psql")
        tried = subprocess.run(["runuser", "-u", "nobody", "--", psql, "-h", str(stack.pg.folder), "-U", "postgres",
                                "-d", "mmwidgets", "-w", "-c", "SELECT 1"], capture_output=True, text=True, timeout=60,
                               cwd="/")
        assert tried.returncode != 0 and "Permission denied" in tried.stderr, tried.stderr
    # the coaches' servers hold the app role's URL, never the owner's
    env = voila.environ()
    assert "mm_app" in env["MM_DATABASE_URL"] and "mm_owner" not in env["MM_DATABASE_URL"]
    assert not any(stack.owner_url.split("@")[0] in v for v in env.values())
    ctx_a.close()


# -- issue 22: the client's own link on the team stack (the eigen-brug hub service) ------------------
SELF_SENTENCE = "Deze link werkt niet (meer). Vraag je coach om een nieuwe link."


def _service_voila(stack):
    return next(p for p in stack.processes() if p.cmdline()[1:3] == ["-m", "mmwidgets.serving.hub_self"])


def test_a_client_opens_their_own_link_without_a_hub_account_and_the_coach_sees_it(stack, browser):
    from sqlalchemy import create_engine, select

    from layout import layout_problems
    from mmwidgets.model.self_view import new_token
    from mmwidgets.serving.hub_self import SERVICE_NAME
    from mmwidgets.store.access.tables import AccessLogRow

    # the coach: a client, housing 3 at the table, then the personal link
    ctx_a, page_a = log_in(browser, stack, "coach-a")
    create_client(page_a, "Eigenwijs")  # the coach's side, then the client's whole way on a phone
    page_a.click(".mm-nav-next", timeout=TIMEOUT)
    page_a.click(".mm-step-housing-3", timeout=TIMEOUT)
    expect(page_a.locator(".mm-step-housing-3")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
    page_a.locator(".mm-self-invite-fold .lm-AccordionPanel-title, .mm-self-invite-fold .p-Collapse-header, "
                   ".mm-self-invite-fold .jupyter-widget-Collapse-header").first.click()
    page_a.click(".mm-self-invite", timeout=TIMEOUT)
    link = page_a.locator(".mm-self-invite-link a").get_attribute("href", timeout=TIMEOUT)
    assert link.startswith(f"{stack.url}/services/{SERVICE_NAME}/?client="), link

    # a phone with no hub account: no log-in asked, the page itself, with its own headers
    phone_ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    phone = phone_ctx.new_page()
    blocked: list[str] = []
    phone.on("console", lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None)
    response = phone.goto(link, wait_until="commit", timeout=SPAWN_TIMEOUT)
    headers = response.headers
    csp = headers.get("content-security-policy", "")
    for rule in ("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "form-action 'none'",
                 "connect-src 'self'", "base-uri 'self'"):
        assert rule in csp, (rule, csp)
    assert headers.get("x-frame-options") == "DENY" and headers.get("referrer-policy") == "no-referrer"
    assert "tornado" not in headers.get("server", "").lower()
    phone.wait_for_selector(".mm-self-page", state="visible", timeout=SPAWN_TIMEOUT)
    assert "/hub/login" not in phone.url

    def tap(sub_id: str, n: int) -> None:
        phone.click(f".mm-self-step-{sub_id}-{n}", timeout=TIMEOUT)
        expect(phone.locator(f".mm-self-step-{sub_id}-{n}")).to_have_class(re.compile("mm-step-selected"),
                                                                            timeout=TIMEOUT)
        expect(phone.locator(".mm-self-saved")).to_contain_text("Bewaard", timeout=TIMEOUT)

    # three parts: housing 2, care 4, health 1
    tap("housing", 2)
    assert layout_problems(phone, within=".mm-self") == []
    phone.click(".mm-self-next", timeout=TIMEOUT)
    tap("care", 4)
    phone.click(".mm-self-next", timeout=TIMEOUT)
    tap("health", 1)
    # halfway the phone reloads the link: the answers are kept, the page goes on at the first open part
    response = phone.goto(link, wait_until="commit", timeout=SPAWN_TIMEOUT)
    assert response.headers.get("referrer-policy") == "no-referrer"
    expect(phone.locator("[data-mm-part]")).to_have_attribute("data-mm-part", "network", timeout=SPAWN_TIMEOUT)
    for _ in range(3):
        phone.click(".mm-self-prev", timeout=TIMEOUT)
    expect(phone.locator(".mm-self-step-housing-2")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
    # on to the last part, then "Klaar"
    for sub_id in ("care", "health", "network", "debts", "savings", "schooling", "basic_skills", "income",
                   "job_quality"):
        phone.click(".mm-self-next", timeout=TIMEOUT)
        expect(phone.locator("[data-mm-part]")).to_have_attribute("data-mm-part", sub_id, timeout=TIMEOUT)
    phone.click(".mm-self-finish", timeout=TIMEOUT)
    expect(phone.locator(".mm-self-thanks")).to_contain_text("Dank je wel", timeout=TIMEOUT)
    assert blocked == []  # the policy lets the page do all it needs (scripts, styles, its websocket)
    assert not [c for c in phone_ctx.cookies() if c["name"].startswith("jupyterhub")]

    # the coach sees the client's answers beside today's, in words, and that the client is done
    page_a.click(".mm-nav-prev", timeout=TIMEOUT)
    page_a.click(".mm-nav-next", timeout=TIMEOUT)
    expect(page_a.locator(".mm-self-diff[data-mm-part='housing']")).to_contain_text(
        "Je koos zelf trede 2 bij Wonen; samen kozen jullie 3.", timeout=TIMEOUT)
    expect(page_a.locator(".mm-self-diff[data-mm-part='care']")).to_contain_text("Je koos zelf trede 4",
                                                                                timeout=TIMEOUT)
    expect(page_a.locator(".mm-self-diff[data-mm-part='health']")).to_contain_text("Je koos zelf trede 1",
                                                                                  timeout=TIMEOUT)
    expect(page_a.locator(".mm-self-status")).to_contain_text("Klaar gemeld op", timeout=TIMEOUT)

    # the same link after "Klaar": the one sentence, from the server (no page, no kernel)
    kernels_before = len(_service_voila(stack).children(recursive=True))
    phone.goto(link, wait_until="commit", timeout=SPAWN_TIMEOUT)
    expect(phone.locator(".mm-self-refused")).to_have_text(SELF_SENTENCE, timeout=SPAWN_TIMEOUT)
    assert phone.locator(".mm-self-page").count() == 0

    # a wrong token: the one Dutch sentence and nothing else
    phone.goto(re.sub(r"&t=[^&]+", "&t=" + new_token(), link), wait_until="commit", timeout=SPAWN_TIMEOUT)
    expect(phone.locator(".mm-self-refused")).to_have_text(SELF_SENTENCE, timeout=SPAWN_TIMEOUT)
    assert phone.locator(".mm-self-page").count() == 0
    assert phone.locator("#rendered_cells").inner_text().strip() == SELF_SENTENCE
    assert len(_service_voila(stack).children(recursive=True)) <= kernels_before  # neither started a page

    # the service holds the narrow role only, and no hub token, nor do its kernels
    service = _service_voila(stack)
    for proc in [service, *service.children(recursive=True)]:
        env = proc.environ()
        assert "mm_self" in env["MM_SELF_DATABASE_URL"], proc.cmdline()
        assert "MM_DATABASE_URL" not in env and "JUPYTERHUB_API_TOKEN" not in env
    coach_env = _voila_of(stack, "coach-a").environ()
    assert "MM_SELF_DATABASE_URL" not in coach_env and coach_env["MM_SELF_URL"].endswith(f"/services/{SERVICE_NAME}/")

    # the opens and the save are the client's own lines in the access log, with the address the hub's proxy saw
    engine = create_engine(stack.owner_url)
    try:
        log = AccessLogRow.__table__
        with engine.connect() as conn:
            own = [tuple(r) for r in conn.execute(select(log.c.action, log.c.result, log.c.origin)
                                                  .where(log.c.role == "client_self").order_by(log.c.id))]
    finally:
        engine.dispose()
    here = "127.0.0.1"
    assert own == [("open", "ok", here), ("change", "ok", here), ("change", "ok", here), ("change", "ok", here),
                   ("open", "ok", here), ("change", "ok", here),  # the reload, "Klaar"
                   ("open", "refused", here), ("open", "refused", here)], own  # after "Klaar", the wrong token
    for context in (ctx_a, phone_ctx):
        context.close()


def test_the_client_route_serves_the_zelf_page_and_nothing_else(stack):
    base = f"{stack.url}/services/eigen-brug/"
    service = _service_voila(stack)
    kernels_before = len(service.children(recursive=True))
    probes = ["voila/render/gesprek.ipynb", "voila/render/zelf.ipynb", "gesprek.ipynb", "zelf.ipynb", "voila/tree",
              "voila/tree/", "tree", "voila/api/contents", "api/contents", "api/kernels", "api/sessions",
              "api/kernelspecs", "api/terminals", "login", "logout", "voila/files/gesprek.ipynb",
              "voila/query/00000000-0000-0000-0000-000000000000", "hub/login", "../../hub/api/users"]
    for path in probes:
        status, _, body = http_get(base + path)
        assert status in (403, 404, 405), (path, status)
        assert b"gesprek" not in body and b"application/vnd.jupyter" not in body and b"kernel_id" not in body, path
    for method, path in (("POST", "api/kernels"), ("POST", "api/sessions"), ("DELETE", "api/kernels/x"),
                         ("POST", "voila/api/shutdown/00000000-0000-0000-0000-000000000000")):
        request = urllib.request.Request(base + path, data=b"{}" if method == "POST" else None, method=method)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code in (403, 404, 405), (method, path, refused.value.code)
    # a link that cannot be one (the hub's health check, a typo): the sentence from the server, no kernel
    for query in ("", "?client=1", "?client=1&t=kort", "?client=x&t=" + "a" * 43, "?lang=en"):
        status, headers, body = http_get(base + query)
        text = body.decode()
        assert status == 200 and ("link werkt niet" in text or "does not work" in text), (query, text[-300:])
        assert "<script" not in text and "kernelId" not in text and "gesprek" not in text
        assert "frame-ancestors 'none'" in {k.lower(): v for k, v in headers.items()}["content-security-policy"]
    assert len(service.children(recursive=True)) == kernels_before  # no probe started a kernel
    # the hub's own pages still want a log-in: the service is the only open door
    with urllib.request.urlopen(f"{stack.url}/user/coach-a{WORKBOOK}", timeout=30) as resp:
        assert "/hub/login" in resp.geturl()
    # the role the pilot made for the service reads nothing of the clients' files
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import ProgrammingError

    narrow = create_engine(stack.self_database_url)
    try:
        for statement in ("SELECT pseudonym FROM clients", "SELECT note FROM clients", "SELECT * FROM choices",
                          "SELECT * FROM assessments", "SELECT * FROM access_log", "DELETE FROM self_invitations",
                          "CREATE TABLE mm_self_own (x int)"):
            with narrow.connect() as conn:
                with pytest.raises(ProgrammingError, match="permission denied"):
                    conn.execute(text(statement))
        with narrow.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM self_invitations")).scalar_one() >= 0
            assert conn.execute(text("SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles "
                                     "WHERE rolname = current_user")).scalar_one() is False
    finally:
        narrow.dispose()


# -- issue 23: log-ins resist guessing (keep these last: wrong passwords make later log-ins wait) ---
def _try_password(playwright_request, stack, user: str, password: str) -> tuple[int, float]:
    import time

    context = playwright_request.new_context()
    page = context.get(f"{stack.url}/hub/login")
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page.text()).group(1)
    started = time.monotonic()
    answer = context.post(f"{stack.url}/hub/login", form={"_xsrf": xsrf, "username": user, "password": password},
                          max_redirects=0)
    elapsed = time.monotonic() - started
    context.dispose()
    return answer.status, elapsed


def test_log_in_cookies_last_a_working_day_and_are_same_site_lax(stack, browser):
    import time

    context, _page = log_in(browser, stack, "coach-a")
    cookies = {c["name"]: c for c in context.cookies()}
    login = [c for name, c in cookies.items() if name.startswith("jupyterhub-")]
    assert login, cookies.keys()
    for cookie in login:
        assert cookie["sameSite"] == "Lax", cookie["name"]
        assert cookie["httpOnly"]
        if cookie["expires"] > 0:  # 10 hours, not 30 days
            assert cookie["expires"] - time.time() <= 10 * 3600 + 60, cookie["name"]
    context.close()


def test_unknown_and_known_names_answer_alike_and_wrong_passwords_slow_the_next_try(stack, playwright):
    import statistics

    known, unknown = [], []
    for _ in range(3):  # interleaved, so a busy moment hits both
        status, seconds = _try_password(playwright.request, stack, "coach-b", "fout-wachtwoord")
        assert status == 403 or status == 200  # the log-in page again, never a redirect to a server
        known.append(seconds)
        unknown.append(_try_password(playwright.request, stack, "niemand-hier", "fout-wachtwoord")[1])
    # PBKDF2 for both: the same work (an unknown name used to answer ten times faster)
    assert abs(statistics.median(known) - statistics.median(unknown)) < 0.5 * max(statistics.median(known), 0.05) + 0.05, (known, unknown)
    # coach-b has had 3 wrong passwords: the right one now waits (1 s), then works
    status, seconds = _try_password(playwright.request, stack, "coach-b", PASSWORDS["coach-b"])
    assert status == 302 and seconds >= 1.0, (status, seconds)


# -- issue 20: the hand-over and the team lead's banner on the real stack -----------------------
def _render(page, stack, user: str, notebook: str, query: str, wait_for: str) -> None:
    page.goto(f"{stack.url}/user/{user}/voila/render/{notebook}" + (f"?{query}" if query else ""))
    page.wait_for_selector(wait_for, state="visible", timeout=SPAWN_TIMEOUT)


def test_hand_over_within_the_team_undo_and_the_team_leads_read_only_file(stack, browser):
    """Who a user is comes from the hub (groups -> MM_TEAM, MM_ROLE, MM_TEAM_COACHES), not from a
    test notebook: coach-a hands a client only to coach-b (the team's other coach), confirms in a
    sentence and undoes it; a name outside the team is refused and logged; teamleider-a opens the
    file through the logged step, sees the banner, cannot change a step until "Ik neem dit over",
    and coach-a then reads that the file was taken over."""
    from mmwidgets.model.errors import InvalidInput
    from mmwidgets.store.access.guard import AccessRepo
    from mmwidgets.store.clients import ClientRepo

    ctx_a, page_a = log_in(browser, stack, "coach-a")
    madelief = create_client(page_a, "Madelief")
    page_a.set_viewport_size({"width": 768, "height": 1024})  # the coach's tablet, upright
    _render(page_a, stack, "coach-a", "team.ipynb", "", ".mm-handover-coach select")
    options = [o.replace("\xa0", " ").strip()
               for o in page_a.locator(".mm-handover-coach select option").all_inner_texts() if o.strip()]
    # first "choose a colleague" (nobody is chosen by accident), then the team's coaches from the hub
    # groups: no team lead, no stranger
    assert options == ["Kies een collega", "coach-b"], options
    page_a.select_option(".mm-handover-client select", label="Madelief")
    page_a.select_option(".mm-handover-coach select", label="coach-b")
    page_a.click("button.mm-handover-button")
    expect(page_a.locator(".mm-handover-sentence")).to_contain_text(
        "Madelief gaat naar coach-b. coach-b ziet het dossier vanaf nu; jij niet meer.", timeout=TIMEOUT)
    page_a.click("button.mm-handover-yes")
    expect(page_a.locator(".mm-handover")).to_contain_text("Gedaan: Madelief is nu deelnemer van coach-b",
                                                           timeout=TIMEOUT)
    assert madelief in [c.id for c in ClientRepo(store_as(stack, "coach-b")).search("Madelief")]
    page_a.click("button.mm-handover-undo")
    expect(page_a.locator(".mm-handover")).to_contain_text("Teruggedraaid", timeout=TIMEOUT)
    assert [c.id for c in ClientRepo(store_as(stack, "coach-a")).search("Madelief")] == [madelief]
    assert ClientRepo(store_as(stack, "coach-b")).search("Madelief") == []
    assert layout_problems(page_a) == []
    # a typo is refused in the store (the screen never offers it) and logged; the client stays
    with pytest.raises(InvalidInput):
        AccessRepo(store_as(stack, "coach-a")).hand_over(madelief, "coahc-b")
    assert [c.id for c in ClientRepo(store_as(stack, "coach-a")).search("Madelief")] == [madelief]

    # the team lead's caseload has its own title; its link opens the file through the logged step
    ctx_l, page_l = log_in(browser, stack, "teamleider-a")
    _render(page_l, stack, "teamleider-a", "caseload.ipynb", "", ".mm-caseload-open")
    expect(page_l.locator(".mm-caseload")).to_contain_text("Deelnemers van team", timeout=TIMEOUT)
    link = page_l.locator("a.mm-caseload-open", has_text="Madelief").first
    assert link.get_attribute("href") == f"team.ipynb?client={madelief}"
    _render(page_l, stack, "teamleider-a", "team.ipynb", f"client={madelief}", ".mm-lead-open-reason select")
    expect(page_l.locator(".mm-lead-open")).to_contain_text("Kies een reden", timeout=TIMEOUT)
    colour = page_l.locator("button.mm-lead-open-button").evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(11, 79, 138)", colour  # not the orange of 2.7:1 contrast
    page_l.select_option(".mm-lead-open-reason select", label="kwaliteit")
    page_l.click("button.mm-lead-open-button")
    expect(page_l.locator(".mm-lead-open")).to_contain_text("Vastgelegd: je opende het dossier van Madelief",
                                                            timeout=TIMEOUT)
    _render(page_l, stack, "teamleider-a", "gesprek.ipynb", f"client={madelief}", ".mm-file-banner-lead")
    banner = page_l.locator(".mm-file-banner")
    expect(banner).to_contain_text("Dossier van Madelief (coach: coach-a). Geopend door teamleider-a, reden: kwaliteit.",
                                   timeout=TIMEOUT)
    page_l.click(".mm-nav-next", timeout=TIMEOUT)
    page_l.click(".mm-step-housing-3", timeout=TIMEOUT)
    expect(page_l.locator("body")).to_contain_text("je bekijkt dit dossier alleen", timeout=TIMEOUT)
    assert "mm-step-selected" not in (page_l.locator(".mm-step-housing-3").get_attribute("class") or "")
    page_l.click("button.mm-take-over")
    expect(banner).to_contain_text("Je hebt dit dossier overgenomen", timeout=TIMEOUT)
    page_l.click(".mm-step-housing-3")
    expect(page_l.locator(".mm-step-housing-3")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)

    # coach-a reads that the team lead took the file over
    open_workbook(page_a, stack, "coach-a", f"client={madelief}")
    expect(page_a.locator(".mm-file-banner")).to_contain_text("teamleider teamleider-a heeft dit dossier overgenomen",
                                                              timeout=TIMEOUT)
    for context in (ctx_a, ctx_l):
        context.close()
