"""axe-core in the browser tests (issue 19): fetched once from the npm registry into the
gitignored .cache/axe (like plotly.js's basic bundle, mmwidgets/serving/plotly_js.py), then
injected into a page with ``run_axe(page)``.

    from a11y import run_axe, serious
    problems = serious(run_axe(page), "gesprek 1024x768 nl")
    assert problems == []

Only axe's WCAG 2.0/2.1 A and AA rules run (tags wcag2a, wcag2aa, wcag21a, wcag21aa), plus
two heading rules (WCAG 1.3.1 and 2.4.6 in practice): ``heading-order`` (no jump, H2 to H4) and
``page-has-heading-one``; axe calls those "moderate": ``serious(..., headings=True)`` reports
them all the same.
``heading_problems(page, where)`` walks the headings a screen reader finds (one H1 first, the
workbook's title; then no level skipped). A failure names the page, the rule, its impact and
the element (a CSS path and its HTML).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
AXE_VERSION = "4.14.1"
AXE_CACHE = ROOT / ".cache" / "axe"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = ("critical", "serious")
#: best-practice rules that still fail a test: the heading order a screen reader user navigates by
HEADING_RULES = ("heading-order", "page-has-heading-one")


def axe_source(version: str = AXE_VERSION) -> str:
    """axe.min.js of ``version``: from the cache, else `npm pack axe-core@<version>` once.

    Raises RuntimeError (the browser tests FAIL, they never skip) when npm or the registry
    is not there."""
    target = AXE_CACHE / f"axe-{version}.min.js"
    if target.exists() and f"axe v{version}" in target.read_text("utf-8", errors="replace")[:300]:
        return target.read_text("utf-8")
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("axe-core is needed for the accessibility tests: install npm (it fetches axe-core once)")
    # two test workers may fetch at once: each packs into a folder of its own and replaces the
    # target in one step
    pack_dir = AXE_CACHE / f".pack-{os.getpid()}"
    pack_dir.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(
            [npm, "pack", f"axe-core@{version}", "--pack-destination", str(pack_dir)],
            capture_output=True, text=True, timeout=180,
        )
        if done.returncode != 0:
            raise RuntimeError(f"npm pack axe-core@{version} failed: {done.stderr.strip()[-400:]}")
        tarball = pack_dir / done.stdout.strip().splitlines()[-1]
        with tarfile.open(tarball) as archive:
            member = archive.extractfile(archive.getmember("package/axe.min.js"))
            if member is None:
                raise RuntimeError(f"{tarball} holds no axe.min.js")
            text = member.read().decode("utf-8")
        tmp = pack_dir / "axe.min.js"
        tmp.write_text(text, "utf-8")
        tmp.replace(target)
    finally:
        shutil.rmtree(pack_dir, ignore_errors=True)
    return text


def run_axe(page: Any, within: str | None = None) -> list[dict[str, Any]]:
    """axe's WCAG A/AA violations of the page as it is now (a list of axe result dicts)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    return page.evaluate(
        """async ([within, tags, extra]) => {
            const rules = {};
            extra.forEach((id) => { rules[id] = { enabled: true }; });
            const result = await window.axe.run(within ? document.querySelector(within) : document,
              { runOnly: { type: 'tag', values: tags }, rules, resultTypes: ['violations'] });
            return result.violations.map((v) => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 200),
                                           impact: n.impact, summary: (n.failureSummary || '').slice(0, 300) })),
            }));
        }""",
        [within, WCAG_TAGS, [] if within else list(HEADING_RULES)],
    )


def serious(violations: list[dict[str, Any]], where: str, headings: bool = False) -> list[str]:
    """Readable lines for every critical or serious finding (with ``headings``, any finding of
    the heading rules too): page, rule, element."""
    lines = []
    for v in violations:
        for node in v["nodes"]:
            impact = node.get("impact") or v.get("impact")
            if impact in SERIOUS or (headings and v["id"] in HEADING_RULES):
                lines.append(f"{where}: {v['id']} ({impact}, {v['help']}) at {node['target']}: {node['html']}"
                             f" -- {node['summary']}")
    return lines


def all_findings(violations: list[dict[str, Any]], where: str) -> list[str]:
    """Every finding (moderate and minor too), for a report."""
    return [f"{where}: {v['id']} ({node.get('impact') or v.get('impact')}) at {node['target']}"
            for v in violations for node in v["nodes"]]


#: the headings a screen reader finds (hidden ones not; a 1 px .mm-sr-only one does), in order
HEADINGS_JS = """() => Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]'))
  .filter((h) => h.getClientRects().length > 0 && getComputedStyle(h).visibility !== 'hidden'
                 && !h.closest('[aria-hidden=true]'))
  .map((h) => [Number(h.getAttribute('aria-level')) || Number(h.tagName.slice(1)) || 2,
               h.textContent.replace(/\\s+/g, ' ').trim().slice(0, 60)])"""


def headings(page: Any) -> list[tuple[int, str]]:
    """(level, text) of every heading a screen reader finds on the page now, in page order."""
    return [(int(level), text) for level, text in page.evaluate(HEADINGS_JS)]


def heading_problems(page: Any, where: str, title: str | None = None) -> list[str]:
    """What is wrong with the page's heading outline: not exactly one H1, an H1 that is not
    first (or, given ``title``, not the workbook's title), or a level skipped on the way down."""
    found = headings(page)
    outline = " > ".join(f"H{level} {text!r}" for level, text in found)
    problems = []
    ones = [text for level, text in found if level == 1]
    if len(ones) != 1:
        problems.append(f"{where}: {len(ones)} H1 headings (one is wanted, the workbook's title): {outline}")
    if found and found[0][0] != 1:
        problems.append(f"{where}: the first heading is H{found[0][0]} {found[0][1]!r}, not the H1 title")
    if title is not None and ones and ones[0] != title:
        problems.append(f"{where}: the H1 is {ones[0]!r}, not the workbook's title {title!r}")
    for (before, text_before), (level, text) in zip(found, found[1:]):
        if level > before + 1:
            problems.append(f"{where}: H{before} {text_before!r} is followed by H{level} {text!r} (H{before + 1} skipped)")
    return problems
