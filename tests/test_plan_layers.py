"""No app imports another app: shared pieces live below them (widgets.plan_panel, apps.common)."""

from __future__ import annotations

import ast
from pathlib import Path

import mmwidgets.apps

APPS = Path(mmwidgets.apps.__file__).parent
#: modules every app may import (not apps themselves)
SHARED = {"mmwidgets.apps.common", "mmwidgets.apps"}


def app_modules() -> dict[str, Path]:
    return {
        f"mmwidgets.apps.{path.stem}": path
        for path in APPS.glob("*.py")
        if f"mmwidgets.apps.{path.stem}" not in SHARED and path.stem != "__init__"
    }


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, at module level or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_there_are_several_apps():
    assert {"mmwidgets.apps.conversation", "mmwidgets.apps.plan"} <= set(app_modules())


def test_no_app_imports_another_app():
    apps = app_modules()
    crossings = [
        f"{name} imports {other}"
        for name, path in apps.items()
        for other in imported(path)
        if other in apps and other != name
    ]
    assert crossings == []


def test_the_plan_tab_and_the_plan_app_share_one_panel():
    from mmwidgets.apps.plan import PlanPanel as from_app
    from mmwidgets.widgets.plan.panel import PlanPanel

    assert from_app is PlanPanel
