"""docs/notebooks.md: the designer's example runs as written and reacts to a click."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "notebooks.md"


def code_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)


def test_the_widget_example_runs_and_redraws_on_a_click(monkeypatch):
    monkeypatch.chdir(ROOT / "workbooks")  # a notebook in make lab runs in workbooks/
    namespace: dict = {}
    exec(compile(code_blocks()[0], str(GUIDE), "exec"), namespace)  # noqa: S102 - our own document
    editor, picture = namespace["editor"], namespace["picture"]
    before = picture.figure
    sub_id = next(iter(editor.editors))
    editor.editors[sub_id].buttons[2].click()
    assert namespace["chosen"] == {sub_id: 2}
    assert picture.figure != before


def test_the_preview_example_draws_a_definition(monkeypatch, tmp_path):
    source = (ROOT / "data" / "bridges" / "eenvoudig.yaml").read_text(encoding="utf-8")
    (tmp_path / "mijn-brug.yaml").write_text(source, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    block = code_blocks()[1]
    exec(compile(block.replace("PlotlyView(", "view = PlotlyView("), str(GUIDE), "exec"), namespace)  # noqa: S102
    assert namespace["view"].figure["data"]


def test_the_guide_names_commands_that_exist():
    text = GUIDE.read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in re.findall(r"make (\w+)", text):
        assert re.search(rf"^{target}:", makefile, re.M), target
    assert "python -m mmwidgets validate" in text
