"""``python -m mmwidgets diff A B``: the same table as the workbook, exit codes, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

import mmwidgets.__main__ as cli
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.diff import diff_definitions, format_table

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO / "data" / "bridges" / "default.yaml"


def run(*args: str, data_dir: Path, lang_env: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "MM_LANG"}
    env["MM_DATA_DIR"] = str(data_dir)
    if lang_env:
        env["MM_LANG"] = lang_env
    result = subprocess.run(
        [sys.executable, "-m", "mmwidgets", *args], cwd=REPO, env=env,
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_diff_of_a_renamed_step_prints_the_table(tmp_path):
    data = yaml.safe_load(DEFAULT.read_text(encoding="utf-8"))
    data["version"] = 2
    data["pillars"][0]["subpillars"][0]["steps"][2]["label"]["nl"] = "Dak, maar wankel"
    changed = tmp_path / "standaard-v2.yaml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run("diff", "data/bridges/default.yaml", str(changed), data_dir=tmp_path / "data")
    assert result.returncode == 1
    expected = format_table(diff_definitions(load_definition(DEFAULT), load_definition(changed)), "nl")
    assert result.stdout == expected
    lines = result.stdout.splitlines()
    assert lines[0] == "Verschillen van mm-standaard@1 naar mm-standaard@2"
    assert any(l.startswith("Gezinsstabiliteit › Wonen › trede 3") and "Een dak, maar wankel" in l and "Dak, maar wankel" in l for l in lines)
    assert any(l.startswith("de brug zelf") and "veranderd" in l for l in lines)
    english = run("diff", "data/bridges/default.yaml", str(changed), "--lang", "en", data_dir=tmp_path / "data")
    assert "Family stability › Housing › step 3" in english.stdout and "re-worded: short name (nl)" in english.stdout


def test_diff_by_key_including_own_definitions(tmp_path):
    data_dir = tmp_path / "data"
    own = data_dir / "definitions"
    own.mkdir(parents=True)
    data = yaml.safe_load(DEFAULT.read_text(encoding="utf-8"))
    data["id"] = "alphen"
    data["pillars"][2]["colour"] = "#D55E00"
    (own / "alphen.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run("diff", "mm-standaard@1", "alphen@1", data_dir=data_dir, lang_env="en")
    assert result.returncode == 1
    assert "Financial management" in result.stdout and "re-coloured" in result.stdout and "#D55E00" in result.stdout
    assert "In all: re-coloured: 1, changed: 1" in result.stdout


def test_same_definition_exits_zero(tmp_path):
    result = run("diff", "mm-standaard@1", "data/bridges/default.yaml", data_dir=tmp_path)
    assert result.returncode == 0
    assert result.stdout.splitlines()[1] == "Geen verschillen."


def test_unreadable_or_unknown_definition_exits_two_with_messages(tmp_path):
    broken = tmp_path / "kapot.yaml"
    broken.write_text("id: [", encoding="utf-8")
    result = run("diff", str(broken), "mm-bestaat-niet@3", data_dir=tmp_path / "data")
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert lines[0].startswith("FOUT  kapot.yaml: ") and "geen geldige YAML" in lines[0]
    assert lines[1] == (
        "FOUT  mm-bestaat-niet@3: 'mm-bestaat-niet@3' is geen bestand en geen bekende brug "
        "(id@versie, zoals mm-standaard@1)"
    )
    english = run("diff", "geen-bestand", "mm-standaard@1", "--lang", "en", data_dir=tmp_path / "data")
    assert english.returncode == 2 and "is neither a file nor a known bridge" in english.stdout


def test_diff_help_and_missing_argument_in_dutch(tmp_path, capsys):
    assert cli.main(["diff", "--help"]) == 0
    out = capsys.readouterr().out
    assert "Vergelijk brug A met brug B" in out and "Afsluitcode 0: gelijk" in out
    assert cli.main(["diff", "mm-standaard@1"]) == 2
    assert "mmwidgets" in capsys.readouterr().err
