"""The workbooks themselves start with broken data files around them: run each notebook
(as Voila would, in a fresh kernel) with broken bridges, crosswalks and named pipes in the
team's folder, a norms file dated 2025-02-31, a reward scheme with version 2**66 and a
vignette with a duplicate key; no cell may fail, and each shows its app."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
WIDGET = "application/vnd.jupyter.widget-view+json"


@pytest.fixture
def broken_surroundings(tmp_path, monkeypatch) -> Path:
    data = tmp_path / "data"
    definitions = data / "definitions"
    crosswalks = definitions / "crosswalks"
    crosswalks.mkdir(parents=True)
    shutil.copy(DATA / "broken_bridges" / "version_2_66.yaml", definitions / "enorm.yaml")
    shutil.copy(DATA / "broken_bridges" / "duplicate_key.yaml", definitions / "dubbel.yaml")
    shutil.copy(REPO / "data" / "bridges" / "default.yaml", definitions / "kopie.yaml")
    shutil.copy(DATA / "broken_crosswalk_files" / "duplicate_key.yaml", crosswalks / "dubbel.yaml")
    os.mkfifo(definitions / "pijp.yaml")
    os.mkfifo(crosswalks / "pijp.yaml")
    shipped = tmp_path / "shipped"
    shutil.copytree(REPO / "data", shipped)
    norms = shipped / "norms" / "sociaal-minimum.yaml"
    norms.write_text(norms.read_text(encoding="utf-8").replace("checked: 2025-07-01", "checked: 2025-02-31"), encoding="utf-8")
    vignette = shipped / "training" / "vignettes" / "02-jordy.yaml"
    vignette.write_text("id: jordy\n" + vignette.read_text(encoding="utf-8"), encoding="utf-8")
    scheme = tmp_path / "beloningen.yaml"
    shutil.copy(DATA / "broken_rewards" / "version_2_66.yaml", scheme)
    monkeypatch.setenv("MM_DATA_DIR", str(data))
    monkeypatch.setenv("MM_SHIPPED_DATA", str(shipped))
    monkeypatch.setenv("MM_REWARD_SCHEME", str(scheme))
    monkeypatch.delenv("MM_DATABASE_URL", raising=False)
    return tmp_path


@pytest.mark.parametrize("name", ["gesprek.ipynb", "aanpassen.ipynb", "plan.ipynb", "oefening-1-brug.ipynb"])
def test_the_workbook_starts_with_broken_files_around_it(broken_surroundings, name):
    notebook = nbformat.read(REPO / "workbooks" / name, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(REPO)}})
    client.execute()  # raises CellExecutionError if a cell fails
    outputs = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.get("outputs", [])]
    assert not [out for out in outputs if out.get("output_type") == "error"]
    assert any(WIDGET in out.get("data", {}) for out in outputs), f"{name} shows no app"
    assert "Traceback" not in str(outputs)
