"""The page template's share of accessibility (issue 19): a main landmark, the a11y and speech
scripts inlined, a 3 px focus ring at 3:1 on every input, text area and select, and colours
of text at 4.5:1 in mm.css."""

from __future__ import annotations

import re
from pathlib import Path

from test_a11y_figures import contrast

TEMPLATE = Path(__file__).resolve().parents[1] / "share" / "jupyter" / "voila" / "templates" / "mm"
CSS = (TEMPLATE / "static" / "mm.css").read_text("utf-8")


def variable(name: str) -> str:
    return re.search(rf"{re.escape(name)}:\s*(#[0-9a-fA-F]{{6}})", CSS).group(1)


def test_the_page_has_a_main_landmark_and_inlines_the_scripts():
    page = (TEMPLATE / "index.html.j2").read_text("utf-8")
    assert '<div id="rendered_cells" role="main"' in page
    assert '{% include "mm-a11y.js" %}' in page and '{% include "mm-speech.js" %}' in page
    script = (TEMPLATE / "mm-a11y.js").read_text("utf-8")
    for hook in ("aria-pressed", "aria-live", "document.title", ".mm-nav-next", "role=slider"):
        assert hook in script


def test_focus_is_a_three_pixel_ring_at_three_to_one_on_fields():
    rule = re.search(r"body\.mm-page input:focus,\s*body\.mm-page textarea:focus,\s*"
                     r"body\.mm-page select:focus\s*\{([^}]*)\}", CSS)
    assert rule and "outline: 3px solid var(--mm-accent) !important" in rule.group(1)
    assert contrast(variable("--mm-accent"), "#ffffff") >= 3
    assert contrast(variable("--mm-accent"), variable("--mm-surface-alt")) >= 3


def test_muted_text_tabs_and_coloured_buttons_reach_four_and_a_half_to_one():
    for name in ("--jp-ui-font-color2", "--jp-ui-font-color3", "--mm-muted", "--mm-text"):
        assert contrast(variable(name), "#eeeeee") >= 4.5, name
    colours = re.findall(r"mod-(?:warning|info|success|danger|primary)\s*\{\s*background-color:\s*(#[0-9a-f]{6});\s*color:\s*#fff",
                         CSS)
    assert len(colours) == 5
    for background in colours:
        assert contrast(background, "#ffffff") >= 4.5, background
