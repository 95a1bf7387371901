"""Typed input in real Voila and Chromium: a BSN written with slashes (or zero-width spaces) as a
new client's name is refused with the translated message, and nothing reaches the database."""

from __future__ import annotations

from mmbrowser import open_workbook, screenshot
from playwright.sync_api import expect

from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.config import DATABASE_FILE
from mmwidgets.store.store import Store

NEW_NAME = ".mm-client-new input"
MESSAGE = ".mm-app-message"  # the conversation's own message line (the banner and the invite have theirs)
TIMEOUT = 30_000
REFUSAL_NL = "Naam: dit lijkt op een BSN of ander nummer; gebruik een schuilnaam, nooit een BSN"
REFUSAL_EN = "Name: this looks like a citizen service number (BSN) or other number; use a pseudonym, never a BSN"


def stored_names(voila_server) -> list[str]:
    database = voila_server.data_dir / DATABASE_FILE
    if not database.exists():
        return []
    store = Store(f"sqlite:///{database}")
    try:
        return [c.pseudonym for c in ClientRepo(store).search("")]
    finally:
        store.dispose()


def type_new_client(page, name: str) -> None:
    page.fill(NEW_NAME, name)
    page.click(".mm-client-create")


def test_a_bsn_with_slashes_as_a_new_name_is_refused_in_dutch(page, voila_server):
    before = stored_names(voila_server)
    open_workbook(page, "gesprek.ipynb", wait_for=NEW_NAME)
    type_new_client(page, "123/456/782")
    expect(page.locator(MESSAGE)).to_contain_text(REFUSAL_NL, timeout=TIMEOUT)
    expect(page.locator(MESSAGE)).not_to_contain_text("Er ging iets mis")
    expect(page.locator(".mm-client-new-problem")).to_contain_text(REFUSAL_NL)  # next to the field
    expect(page.locator(NEW_NAME)).to_have_value("123/456/782")  # kept, to be corrected
    expect(page.locator(".mm-workspace")).to_be_hidden()  # no client was opened
    screenshot(page, "typed-input-bsn-refused", selector=".mm-client-picker")

    # an empty name gives another message; then the same number hidden with zero-width spaces
    type_new_client(page, "")
    expect(page.locator(MESSAGE)).to_contain_text("vul een naam in", timeout=TIMEOUT)
    type_new_client(page, "123\u200b456\u200b782")
    expect(page.locator(MESSAGE)).to_contain_text(REFUSAL_NL, timeout=TIMEOUT)
    assert stored_names(voila_server) == before

    # a pasted megabyte in the search box: "too long" next to the field, not the general error
    page.fill(".mm-client-search input", "a" * 1_000_000)
    expect(page.locator(".mm-client-search-problem")).to_have_text(
        "Zoeken: deze tekst is te lang (hoogstens 100 tekens)", timeout=TIMEOUT
    )
    expect(page.locator(MESSAGE)).not_to_contain_text("Er ging iets mis")


def test_the_refusal_is_in_english_on_the_english_page(page, voila_server):
    before = stored_names(voila_server)
    open_workbook(page, "gesprek.ipynb", query="lang=en", wait_for=NEW_NAME)
    type_new_client(page, "123/456/782")
    expect(page.locator(MESSAGE)).to_contain_text(REFUSAL_EN, timeout=TIMEOUT)
    assert stored_names(voila_server) == before
