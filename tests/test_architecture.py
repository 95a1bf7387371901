"""The layers stay apart: each imports only those below it (see README, Architecture)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "mmwidgets"
ORDER = ["model", "store", "figures", "widgets", "apps"]
# third-party packages a layer must not use (the model is pure Python: no Jupyter, no SQL, no plotly)
FORBIDDEN = {
    "model": {"ipywidgets", "anywidget", "plotly", "sqlalchemy", "traitlets", "IPython"},
    "store": {"ipywidgets", "anywidget", "plotly", "traitlets", "IPython"},
    "figures": {"ipywidgets", "anywidget", "sqlalchemy", "traitlets", "IPython"},
    "widgets": {"sqlalchemy"},
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def layer_files():
    for layer in ORDER:
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            yield layer, path


@pytest.mark.parametrize(("layer", "path"), list(layer_files()), ids=lambda v: str(v).split("mmwidgets/")[-1])
def test_a_layer_imports_only_the_layers_below_it(layer, path):
    allowed = set(ORDER[: ORDER.index(layer) + 1])
    for name in imports_of(path):
        parts = name.split(".")
        if parts[0] == "mmwidgets" and len(parts) > 1 and parts[1] in ORDER:
            assert parts[1] in allowed, f"{path.name} ({layer}) imports {name}"
        assert parts[0] not in FORBIDDEN.get(layer, set()), f"{path.name} ({layer}) imports {name}"


def test_workbooks_are_thin_and_clean():
    workbooks = sorted((PACKAGE.parent / "workbooks").rglob("*.ipynb"))
    assert workbooks, "no workbooks found"
    for path in workbooks:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
        assert 1 <= len(code) <= 3, f"{path.name}: a workbook is a few cells"
        for cell in code:
            source = "".join(cell["source"])
            assert not cell.get("outputs") and cell.get("execution_count") is None, f"{path.name} has outputs"
            assert len(source.splitlines()) <= 6, f"{path.name}: logic belongs in mmwidgets"
            assert "mmwidgets" in source or not source.strip()


def test_the_assessment_model_loads_without_the_definition_module():
    # model/assessment -> definition -> step_rules -> assessment would be a circle: assessment
    # names BridgeDefinition only for type hints, and errors live in model/errors.py.
    import subprocess
    import sys

    code = (
        "import sys, mmwidgets.model.assessment, mmwidgets.model.errors; "
        "print('mmwidgets.model.bridge.definition' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
