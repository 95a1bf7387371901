"""axe-core in the browser tests (issue 19): fetched once from the npm registry into the
gitignored .cache/axe (like plotly.js's basic bundle, mmwidgets/serving/plotly_js.py), then
injected into a page with ``run_axe(page)``.

    from a11y import run_axe, serious
    problems = serious(run_axe(page), "gesprek 1024x768 nl")
    assert problems == []

Only axe's WCAG 2.0/2.1 A and AA rules run (tags wcag2a, wcag2aa, wcag21a, wcag21aa).
A failure names the page, the rule, its impact and the element (a CSS path and its HTML).
"""

from __future__ import annotations

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
    AXE_CACHE.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [npm, "pack", f"axe-core@{version}", "--pack-destination", str(AXE_CACHE)],
        capture_output=True, text=True, timeout=180,
    )
    if done.returncode != 0:
        raise RuntimeError(f"npm pack axe-core@{version} failed: {done.stderr.strip()[-400:]}")
    tarball = AXE_CACHE / done.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as archive:
        member = archive.extractfile(archive.getmember("package/axe.min.js"))
        if member is None:
            raise RuntimeError(f"{tarball} holds no axe.min.js")
        text = member.read().decode("utf-8")
    tmp = target.with_suffix(".tmp")
    tmp.write_text(text, "utf-8")
    tmp.replace(target)
    tarball.unlink(missing_ok=True)
    return text


def run_axe(page: Any, within: str | None = None) -> list[dict[str, Any]]:
    """axe's WCAG A/AA violations of the page as it is now (a list of axe result dicts)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    return page.evaluate(
        """async ([within, tags]) => {
            const result = await window.axe.run(within ? document.querySelector(within) : document,
              { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
            return result.violations.map((v) => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 200),
                                           impact: n.impact, summary: (n.failureSummary || '').slice(0, 300) })),
            }));
        }""",
        [within, WCAG_TAGS],
    )


def serious(violations: list[dict[str, Any]], where: str) -> list[str]:
    """Readable lines for every critical or serious finding: page, rule, element."""
    lines = []
    for v in violations:
        for node in v["nodes"]:
            impact = node.get("impact") or v.get("impact")
            if impact in SERIOUS:
                lines.append(f"{where}: {v['id']} ({impact}, {v['help']}) at {node['target']}: {node['html']}"
                             f" -- {node['summary']}")
    return lines


def all_findings(violations: list[dict[str, Any]], where: str) -> list[str]:
    """Every finding (moderate and minor too), for a report."""
    return [f"{where}: {v['id']} ({node.get('impact') or v.get('impact')}) at {node['target']}"
            for v in violations for node in v["nodes"]]
