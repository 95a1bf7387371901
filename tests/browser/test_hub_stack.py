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
