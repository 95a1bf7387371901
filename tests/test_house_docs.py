"""The README stays short and every page it points to (and every link in docs/) exists (issue 16)."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def local_links(page: Path) -> list[Path]:
    targets = []
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if "://" in target or target.startswith("mailto:"):
            continue
        targets.append((page.parent / target).resolve())
    return targets


def test_readme_is_short_and_links_every_docs_page():
    readme = REPO / "README.md"
    assert len(readme.read_text(encoding="utf-8").splitlines()) < 120
    linked = {p for p in local_links(readme)}
    pages = {p.resolve() for p in (REPO / "docs").glob("*.md")}
    assert pages - linked == set(), f"docs pages the README does not link: {sorted(pages - linked)}"


def test_every_local_link_in_readme_and_docs_exists():
    pages = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    missing = [(p.name, str(t)) for p in pages for t in local_links(p) if not t.exists()]
    assert missing == []
    assert sum(len(local_links(p)) for p in pages) > 30  # the links were found at all


def test_module_paths_named_in_docs_exist():
    pages = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    named = {m for p in pages for m in re.findall(r"`(mmwidgets/[\w/]+\.py)`", p.read_text(encoding="utf-8"))}
    assert len(named) > 10
    assert sorted(m for m in named if not (REPO / m).exists()) == []
