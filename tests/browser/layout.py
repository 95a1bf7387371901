"""Reusable layout checks for a page in Chromium (tablet first).

    from layout import layout_problems
    assert layout_problems(page, within=".mm-conversation") == []

Each check returns a list of readable problems (empty when all is well):

- ``horizontal_overflow``: the page is wider than the window (the coach would scroll sideways).
- ``truncated_texts``: a visible text element whose text does not fit (scrollWidth > clientWidth),
  such as "Nieuwe cli…" on a button or "Gezins" on a tab.
- ``clipped_texts`` (stricter): any visible element holding text whose content is 2 px or more wider
  or taller than its box while its overflow is hidden or clipped, or while it scrolls by only 2-16 px
  (no one scrolls a box for that: a laptop shows a scroll bar over the content, a tablet just cuts
  it off; the page's own scroller, as tall or wide as the window, is the page scrolling), and any text drawn more than 1 px outside the nearest box that clips it: the 2-4 px
  cuts the eye finds in a screenshot ("Trede als doel" missing its descenders, a list's last row).
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
    ".widget-checkbox label, .jupyter-widget-checkbox label, .noUi-handle, "
    "a.mm-caseload-open, a.mm-lead-open-link"
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


CLIPPED_JS = """(within) => {
    const root = document.querySelector(within) || document.body;
    const found = [];
    const seen = new Set();
    const label = (el) => {
        const cls = Array.from(el.classList || []).filter((c) => c.startsWith('mm-') || c.startsWith('widget-')
                                                            || c.startsWith('lm-') || c.startsWith('jupyter-'));
        return el.tagName.toLowerCase() + (cls.length ? '.' + cls.slice(0, 2).join('.') : '');
    };
    const visible = (el) => {
        if (!el.getClientRects().length) return false;
        // not drawn: in a closed <details>, display none, visibility hidden
        if (el.checkVisibility && !el.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true})) return false;
        const style = getComputedStyle(el);
        return style.visibility !== 'hidden' && style.display !== 'none';
    };
    // a box cuts off what sticks out: overflow hidden or clip, or a box that scrolls by only a
    // few px (no one scrolls a box for 2-16 px, and a tablet shows no scroll bar)
    const clips = (el, style, axis) => {
        const v = axis === 'x' ? style.overflowX : style.overflowY;
        if (v === 'hidden' || v === 'clip') return true;
        if (v !== 'auto' && v !== 'scroll') return false;
        // the page's own scroller (a box as tall or wide as the window) scrolls the page: a page
        // 12 px taller than a tablet's screen is scrolled with a finger, nothing is cut off
        // (sideways page overflow is horizontal_overflow's check)
        if (axis === 'y' ? el.clientHeight >= window.innerHeight - 2 : el.clientWidth >= window.innerWidth - 2) return false;
        const extra = axis === 'x' ? el.scrollWidth - el.clientWidth : el.scrollHeight - el.clientHeight;
        return extra > 1 && extra <= 16;
    };
    // a text only a screen reader reads (1 px and clipped: mm-sr-only, a hidden label)
    const srOnly = (el) => {
        for (let a = el; a && a !== document.body; a = a.parentElement) {
            if (a.clientWidth <= 1 || a.clientHeight <= 1) return true;
            const style = getComputedStyle(a);
            if (style.clip && style.clip.startsWith('rect(0')) return true;
        }
        return false;
    };
    // 1. a box holding text that cuts off (or scrolls by a few px) what it holds: its text, the
    //    border of a field or button in it, the last line of a list
    for (const el of root.querySelectorAll('*')) {
        if (el.closest('svg') || !visible(el) || srOnly(el)) continue;
        if (!el.textContent.trim()) continue;
        const style = getComputedStyle(el);
        const wide = clips(el, style, 'x') && el.scrollWidth > el.clientWidth + 1;
        const tall = clips(el, style, 'y') && el.scrollHeight > el.clientHeight + 1;
        if (!wide && !tall) continue;
        seen.add(el);
        found.push(`clipped: "${el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 50)}" in ${label(el)} `
                   + `(overflow ${style.overflowX}/${style.overflowY}: box ${el.clientWidth}x${el.clientHeight}, `
                   + `content ${el.scrollWidth}x${el.scrollHeight})`);
    }
    // 2. text drawn outside the nearest box that clips it
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!node.textContent.trim() || !parent || parent.closest('svg') || !visible(parent) || srOnly(parent)) continue;
        if (parent.closest('option, select, script, style')) continue;
        let clip = parent;
        while (clip && clip !== document.body) {
            const style = getComputedStyle(clip);
            if (style.overflowX !== 'visible' || style.overflowY !== 'visible') break;
            clip = clip.parentElement;
        }
        if (!clip || clip === document.body) continue;
        const style = getComputedStyle(clip);
        if (!clips(clip, style, 'x') && !clips(clip, style, 'y')) continue;
        const box = clip.getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) {
            if (r.width === 0 || r.height === 0) continue;
            const overX = clips(clip, style, 'x') ? Math.max(box.left - r.left, r.right - box.right) : 0;
            const overY = clips(clip, style, 'y') ? Math.max(box.top - r.top, r.bottom - box.bottom) : 0;
            const over = Math.max(overX, overY);
            if (over > 1) {
                if (!seen.has(clip)) {
                    seen.add(clip);
                    found.push(`text outside its box: "${node.textContent.trim().slice(0, 50)}" in ${label(clip)}`
                               + ` (${Math.round(over)} px outside)`);
                }
                break;
            }
        }
    }
    return found;
}"""


def clipped_texts(page: Any, within: str = "body") -> list[str]:
    """Text cut by a few pixels: see the module's docstring."""
    return page.evaluate(CLIPPED_JS, within)


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
        + clipped_texts(page, within)
        + small_targets(page, within)
        + figures_fit(page, within)
    )
