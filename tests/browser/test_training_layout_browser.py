"""The trainee's and the trainer's screens at the three sizes the training room uses (tablet
upright, tablet on its side, laptop): nothing scrolls sideways, no label is cut off, every
target is at least 44 px, and in exercise 1 the case stays beside the bridge where wide."""

from __future__ import annotations

import pytest
from layout import layout_problems
from mmbrowser import open_workbook, screenshot

SIZES = [(768, 1024), (1024, 768), (1366, 768)]


@pytest.mark.parametrize("width, height", SIZES)
def test_exercise_1_and_the_trainers_view_fit_the_screen(page, width, height):
    page.set_viewport_size({"width": width, "height": height})
    open_workbook(page, "oefening-1-brug.ipynb", wait_for=".mm-step-housing-3")
    assert layout_problems(page, within=".mm-training") == []
    case = page.locator(".mm-train-case-column").bounding_box()
    work = page.locator(".mm-train-work-column").bounding_box()
    if width >= 1100:  # the case beside the bridge, so it stays in view while scoring
        assert case["x"] + case["width"] <= work["x"] + 1
    else:  # above it, foldable
        assert case["y"] + case["height"] <= work["y"] + 1
        page.locator(".mm-train-vignette-card summary").click()
        assert page.locator(".mm-train-vignette-card[open]").count() == 0
    assert page.locator(".mm-who-housing, .mm-focus-housing, .mm-note-housing").count() == 0
    screenshot(page, f"training-oefening-1-{width}x{height}", full_page=False)

    open_workbook(page, "trainer.ipynb", wait_for=".mm-train-new-session")
    page.click(".mm-train-new-session")
    page.wait_for_selector(".mm-train-code-big", state="visible")
    page.wait_for_selector(".mm-train-heatmap .js-plotly-plot .main-svg", state="visible")
    assert layout_problems(page, within=".mm-trainer") == []
    screenshot(page, f"training-trainer-{width}x{height}", full_page=False)
