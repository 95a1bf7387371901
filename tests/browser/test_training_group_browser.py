"""The trainer runs the day in real Voila and Chromium: the whole group moves to another
exercise, and exercise 2's answers reach the trainer's view.

Each trainee is a browser context of their own (their own localStorage, like their own
laptop). Moving to another exercise opens that exercise's workbook: a new Voila page (and
kernel) that the trainee's browser opens by itself, where the trainee is joined again with
the key the browser kept, without typing anything.
"""

from __future__ import annotations

import re
import time

from layout import layout_problems
from mmbrowser import open_workbook, remember_kernel, screenshot
from playwright.sync_api import expect

from mmwidgets.model.training.content import load_training

TIMEOUT = 30_000
PAGE_TIMEOUT = 60_000
SIZE = {"width": 1024, "height": 768}
CONTENT = load_training()


def start_trainer(page) -> str:
    page.set_viewport_size(SIZE)
    open_workbook(page, "trainer.ipynb", wait_for=".mm-train-new-session")
    page.click(".mm-train-new-session")  # a visit opens no session by itself
    expect(page.locator(".mm-train-code-big")).to_be_visible(timeout=TIMEOUT)
    return page.locator(".mm-train-code-big").inner_text().strip()


def trainee(browser, browser_context_args, workbook: str, code: str, nickname: str, wait_for: str, query: str = ""):
    context = browser.new_context(**{**browser_context_args, "viewport": SIZE})
    page = context.new_page()
    open_workbook(page, workbook, query=query, wait_for=".mm-train-join")
    page.fill(".mm-train-code input", code)
    page.fill(".mm-train-nick input", nickname)
    page.click(".mm-train-join")
    expect(page.locator(".mm-train-joined")).to_contain_text(nickname, timeout=TIMEOUT)
    page.wait_for_selector(wait_for, state="visible", timeout=TIMEOUT)
    return context, page


def move_group(page, exercise: int) -> None:
    """The trainer's click on an exercise in the control above the tabs."""
    button = page.locator(".mm-train-exercise-choice button", has_text=f"{exercise}. ")
    button.click()
    expect(button).to_have_class(re.compile("mod-active"), timeout=TIMEOUT)


def test_the_trainer_moves_the_group_to_exercise_2_and_both_trainees_follow(page, browser, browser_context_args):
    started = time.perf_counter()
    code = start_trainer(page)
    buttons = page.locator(".mm-train-exercise-choice button")
    expect(buttons).to_have_count(4)
    expect(buttons.nth(1)).to_have_text("2. Coachen, niet sturen")
    for i in range(4):  # big enough to tap on a tablet
        box = buttons.nth(i).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    assert layout_problems(page, within=".mm-train-stage") == []

    contexts, pages = [], {}
    try:
        for nickname, query in (("Anna", ""), ("Bo", "lang=en")):  # Bo reads English
            context, trainee_page = trainee(
                browser, browser_context_args, "oefening-1-brug.ipynb", code, nickname, ".mm-step-housing-3", query
            )
            contexts.append(context)
            pages[nickname] = trainee_page
        screenshot(page, "training-stage-trainer-1024x768", full_page=False)

        move_group(page, 2)
        # the trainer's own view turns to the group's answers to exercise 2
        expect(page.locator(".mm-train-answers-exercise button.mod-active")).to_have_text("Coachen: keuzes", timeout=TIMEOUT)

        anna = pages["Anna"]
        anna.mouse.wheel(0, 600)  # she was reading further down the case
        notice = anna.locator(".mm-train-notice-box", has_text="andere oefening (2. Coachen, niet sturen)")
        expect(notice).to_be_visible(timeout=TIMEOUT)  # shown before the page goes ...
        expect(notice).to_contain_text("je hoeft niets te doen")
        box = notice.bounding_box()
        assert abs(box["y"]) <= 1 and box["height"] < SIZE["height"] / 3  # ... at the top of the window
        screenshot(anna, "training-stage-trainee-moved-1024x768", full_page=False)

        joined = {"Anna": f"Je doet mee als Anna in sessie {code}", "Bo": f"You take part as Bo in session {code}"}
        for nickname, trainee_page in pages.items():
            lang = "en" if nickname == "Bo" else "nl"
            trainee_page.wait_for_url(re.compile(rf"/voila/render/oefening-2-coachen\.ipynb\?lang={lang}$"), timeout=PAGE_TIMEOUT)
            # joined again by the kept key: nobody typed a code or a name on this page
            expect(trainee_page.locator(".mm-train-joined")).to_contain_text(joined[nickname], timeout=PAGE_TIMEOUT)
            remember_kernel(trainee_page)
            expect(trainee_page.locator(".mm-train-join")).to_be_hidden()
            expect(trainee_page.locator(".mm-train-reply-0")).to_be_visible(timeout=TIMEOUT)
            assert "key" not in trainee_page.url.lower() and code not in trainee_page.url  # nothing secret in the address
            stored = trainee_page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('mmwidgets:trainee:'))")
            assert any(k.endswith(f":{nickname.casefold()}") for k in stored)
        screenshot(pages["Bo"], "training-stage-trainee-joined-1024x768", full_page=False)

        # the group is on exercise 2: a trainee who moves on by herself there is still in the session
        pages["Bo"].click(".mm-train-reply-1")
        body = page.locator(".mm-train-answers-body")
        expect(body).to_contain_text("100% (1)", timeout=TIMEOUT)
        expect(body).not_to_contain_text("Bo")  # names hidden until the trainer reveals them
        page.click(".mm-train-answers-reveal")
        expect(body).to_contain_text("Bo", timeout=TIMEOUT)
    finally:
        for context in contexts:
            context.close()
    print(f"moved the group in {time.perf_counter() - started:.1f} s")


def test_exercise_2_answers_appear_in_the_trainers_view(page, browser, browser_context_args):
    started = time.perf_counter()
    code = start_trainer(page)
    move_group(page, 2)  # the group works on exercise 2: trainees who join there stay there
    contexts, pages = [], {}
    typed = {"Anna": "Wat zou jij zelf willen <proberen>?", "Bo": "Hoe gaat het nu met je?"}
    try:
        for nickname in typed:
            context, trainee_page = trainee(browser, browser_context_args, "oefening-2-coachen.ipynb", code, nickname, ".mm-train-reply-0")
            contexts.append(context)
            pages[nickname] = trainee_page
        # choices: Anna a coaching reply, Bo a steering one, for the first sentence
        item = CONTENT.coach.items[0]
        coaching = next(i for i, r in enumerate(item.replies) if r.coaches)
        steering = next(i for i, r in enumerate(item.replies) if not r.coaches)
        for nickname, reply in (("Anna", coaching), ("Bo", steering)):
            trainee_page = pages[nickname]
            trainee_page.click(f".mm-train-reply-{reply}")
            expect(trainee_page.locator(".mm-train-coach tr.mm-train-chosen")).to_have_count(1, timeout=TIMEOUT)
        # own words: both write a reply to the second sentence
        for nickname, text in typed.items():
            trainee_page = pages[nickname]
            trainee_page.locator(".mm-train-coach-mode button", has_text="Schrijf zelf").click()
            trainee_page.click(".mm-train-coach-next")
            trainee_page.fill(".mm-train-open textarea", text)
            trainee_page.click(".mm-train-compare")
            expect(trainee_page.locator(".mm-train-coach .mm-train-feedback")).to_contain_text("Voorbeeldantwoorden", timeout=TIMEOUT)

        body = page.locator(".mm-train-answers-body")
        # the trainer's view refreshes by itself (the browser-side timer); the projected screen
        # shows the shares but no verdict and no names until the trainer reveals them
        first = body.locator(".mm-train-answers-item").first
        expect(first.locator("tr").nth(coaching)).to_contain_text("50% (1)", timeout=TIMEOUT)
        expect(first.locator("tr").nth(steering)).to_contain_text("50% (1)", timeout=TIMEOUT)
        for hidden in ("Anna", "Bo", "Coachend", "Sturend"):
            expect(body).not_to_contain_text(hidden)
        screenshot(page, "training-answers-coach-hidden-1024x768", full_page=False)
        page.click(".mm-train-answers-reveal")
        expect(body).to_contain_text("Anna", timeout=TIMEOUT)
        expect(body).to_contain_text("Bo", timeout=TIMEOUT)
        expect(first).to_contain_text(item.client_says.get("nl"))
        rows = first.locator("tr")
        expect(rows).to_have_count(len(item.replies))
        expect(rows.nth(coaching)).to_contain_text("50% (1)")
        expect(rows.nth(coaching).locator("td").last).to_have_text("Anna")
        expect(rows.nth(steering)).to_contain_text("50% (1)")
        expect(rows.nth(steering).locator("td").last).to_have_text("Bo")
        others = [i for i in range(len(item.replies)) if i not in (coaching, steering)]
        for i in others:
            expect(rows.nth(i)).to_contain_text("0% (0)")
        screenshot(page, "training-answers-coach-1024x768", full_page=False)

        page.locator(".mm-train-answers-exercise button", has_text="eigen woorden").click()
        cells = body.locator(".mm-train-open-answer")
        expect(cells).to_have_count(2, timeout=TIMEOUT)
        expect(body).not_to_contain_text("Anna")  # each exercise is revealed on its own
        page.click(".mm-train-answers-reveal")
        expect(cells.nth(0)).to_contain_text("Anna")
        expect(cells.nth(0)).to_contain_text(typed["Anna"])  # shown as typed, as text
        expect(cells.nth(1)).to_contain_text("Bo")
        assert body.locator("proberen").count() == 0
        a, b = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
        assert abs(a["y"] - b["y"]) < 2 and a["x"] + a["width"] <= b["x"] + 1  # side by side
        text = body.inner_text()
        assert "Anna" in text and "Bo" in text  # nicknames only: nothing else names a trainee
        screenshot(page, "training-answers-open-1024x768", full_page=False)
    finally:
        for context in contexts:
            context.close()
    print(f"exercise 2 answers in {time.perf_counter() - started:.1f} s")
