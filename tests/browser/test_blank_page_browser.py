"""A page never stays blank (share/jupyter/voila/templates/mm/mm-blank-page.js).

``_test/blank.ipynb`` renders and shows nothing, as a page does whose kernel never answered in
time on a busy training day. The page must say so in the visitor's language and reload by itself,
a few times, then stop and offer one button; a page with widgets is left alone.
"""

from __future__ import annotations

from mmbrowser import remember_kernel

FAST = "window.mm_blank_grace_ms = 800; window.mm_blank_reload_ms = 300; window.mm_blank_total_ms = 60000;"
KEY = "mm-blank-retries:/voila/render/_test/blank.ipynb"


def test_a_blank_page_says_so_retries_by_itself_and_then_offers_a_button(page) -> None:
    page.add_init_script(FAST)
    page.goto("/voila/render/_test/blank.ipynb", timeout=60_000)
    message = page.locator(".mm-blank-page[role=alert]")
    message.wait_for(state="visible", timeout=60_000)
    assert "We proberen het vanzelf opnieuw" in message.inner_text()
    remember_kernel(page)
    # it reloads by itself: after three tries it stops and offers one button, the count kept per page
    again = page.locator(".mm-blank-again")
    again.wait_for(state="visible", timeout=120_000)
    assert "Deze pagina wil nu niet laden" in page.locator(".mm-blank-page").inner_text()
    assert again.inner_text() == "Opnieuw proberen"
    assert page.evaluate(f"sessionStorage.getItem({KEY!r})") == "3"
    assert again.evaluate("(el) => el === document.activeElement")
    box = again.bounding_box()
    assert box and box["height"] >= 44


def test_the_blank_page_message_is_english_with_lang_en(page) -> None:
    page.add_init_script(FAST)
    page.goto("/voila/render/_test/blank.ipynb?lang=en", timeout=60_000)
    message = page.locator(".mm-blank-page[role=alert]")
    message.wait_for(state="visible", timeout=60_000)
    assert "We are trying again by ourselves" in message.inner_text()
    remember_kernel(page)


def test_a_page_with_widgets_is_left_alone(page) -> None:
    page.add_init_script(FAST)
    page.goto("/voila/render/_test/slow.ipynb", timeout=60_000)
    page.wait_for_selector(".mm-done", state="visible", timeout=60_000)
    page.wait_for_timeout(2500)  # longer than the shortened grace
    assert page.locator(".mm-blank-page").count() == 0
    assert page.evaluate("sessionStorage.getItem('mm-blank-retries:/voila/render/_test/slow.ipynb')") is None
    remember_kernel(page)
