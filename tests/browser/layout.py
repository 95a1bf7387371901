"""Reusable layout checks for a page in Chromium (tablet first).

    from layout import layout_problems
    assert layout_problems(page, within=".mm-conversation") == []

Each check returns a list of readable problems (empty when all is well):

- ``horizontal_overflow``: the page is wider than the window (the coach would scroll sideways).
- ``truncated_texts``: a visible text element whose text does not fit (scrollWidth > clientWidth),
  such as "Nieuwe cli…" on a button or "Gezins" on a tab.
- ``small_targets``: a visible button, tab, checkbox or slider handle under 44 × 44 px.
"""

from __future__ import annotations

from typing import Any

MIN_TARGET = 44

TEXT_SELECTORS = (
    ".lm-TabBar-tab, .lm-TabBar-tabLabel, .jupyter-button, .widget-label, .widget-label-basic, "
    ".widget-html-content, .widget-checkbox label, .mm-download-button"
)
TARGET_SELECTORS = (
    ".lm-TabBar-tab, .jupyter-button, .mm-download-button, "
    ".widget-checkbox label, .jupyter-widget-checkbox label, .noUi-handle"
)


def horizontal_overflow(page: Any) -> list[str]:
    extra = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    return [f"the page is {extra} px wider than the window"] if extra > 0 else []


def truncated_texts(page: Any, within: str = "body") -> list[str]:
    return page.evaluate(
        """([within, selectors]) => {
            const root = document.querySelector(within) || document.body;
            return Array.from(root.querySelectorAll(selectors))
              .filter((el) => el.offsetParent !== null && el.getClientRects().length > 0)
              .filter((el) => el.clientWidth > 1 || el.clientHeight > 1)  // a label only a screen reader reads (1 px)
              .filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'auto'
                              && getComputedStyle(el).overflowX !== 'scroll')
              .map((el) => `cut off: "${el.textContent.trim().slice(0, 60)}" (${el.clientWidth} of ${el.scrollWidth} px)`);
        }""",
        [within, TEXT_SELECTORS],
    )


def small_targets(page: Any, within: str = "body", minimum: int = MIN_TARGET) -> list[str]:
    return page.evaluate(
        """([within, selectors, minimum]) => {
            const root = document.querySelector(within) || document.body;
            return Array.from(root.querySelectorAll(selectors))
              .filter((el) => el.offsetParent !== null)
              .map((el) => [el, el.getBoundingClientRect()])
              .filter(([, r]) => r.width > 0 && r.height > 0 && (r.width < minimum - 0.5 || r.height < minimum - 0.5))
              .map(([el, r]) => `too small to touch: "${(el.textContent || el.className).trim().slice(0, 40)}" `
                                 + `${Math.round(r.width)}x${Math.round(r.height)} px`);
        }""",
        [within, TARGET_SELECTORS, minimum],
    )


def figures_fit(page: Any, within: str = "body") -> list[str]:
    """Every visible plotly figure is as wide as its box (not plotly's default 700 px)."""
    return page.evaluate(
        """(within) => {
            const root = document.querySelector(within) || document.body;
            return Array.from(root.querySelectorAll('.js-plotly-plot'))
              .filter((el) => el.offsetParent !== null)
              .map((el) => [el, el.querySelector('.main-svg')])
              .filter(([, svg]) => svg)
              .map(([el, svg]) => [el, svg.getBoundingClientRect().width, el.parentElement.getBoundingClientRect().width])
              .filter(([, w, box]) => Math.abs(w - box) > 2)
              .map(([el, w, box]) => `figure ${el.parentElement.className.split(' ').filter(c => c.startsWith('mm-')).join(' ')}`
                                     + ` is ${Math.round(w)} px in a ${Math.round(box)} px box`);
        }""",
        within,
    )


def layout_problems(page: Any, within: str = "body") -> list[str]:
    """All the checks above."""
    return (
        horizontal_overflow(page)
        + truncated_texts(page, within)
        + small_targets(page, within)
        + figures_fit(page, within)
    )
