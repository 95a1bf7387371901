"""``python -m mmwidgets validate``: exit codes, translated messages, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import mmwidgets.__main__ as cli
import mmwidgets.validate as validate
from mmwidgets.model.files import DataFileError, Problem

from test_definition import BROKEN, BROKEN_FILES, DEFAULT, REPO, nested


def run(*args: str, lang_env: str | None = None, cwd: Path = REPO) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "MM_LANG"}
    if lang_env is not None:
        env["MM_LANG"] = lang_env
    result = subprocess.run(
        [sys.executable, "-m", "mmwidgets", *args],
        cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


def expected_line(name: str, place: str, fragment: str, lang: str) -> tuple[str, str]:
    """The start of the line for a problem (with the path as given) and a fragment of its text."""
    word = "FOUT  " if lang == "nl" else "ERROR "
    path = str(BROKEN / name)
    return (f"{word}{path}: {place}: " if place else f"{word}{path}: "), fragment


def assert_line(output: str, start: str, fragment: str) -> None:
    lines = [line for line in output.splitlines() if line.startswith(start)]
    assert any(fragment in line for line in lines), f"no line {start!r}...{fragment!r} in:\n{output}"


# -- good files ---------------------------------------------------------------------------
def test_default_bridge_is_ok_in_dutch():
    result = run("validate", "data/bridges/default.yaml")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "OK    data/bridges/default.yaml: Brug naar een stabiel bestaan (standaard van mmwidgets) "
        "(mm-standaard@1), 5 pijlers, 10 onderdelen",
        "Gecontroleerd: 1. In orde: 1. Met fouten: 0.",
    ]
    assert result.stderr == ""


def test_language_from_option_then_mm_lang():
    english = run("validate", str(DEFAULT), "--lang", "en")
    assert english.returncode == 0
    assert "5 pillars, 10 sub-pillars" in english.stdout and "Checked: 1. Valid: 1." in english.stdout
    from_env = run("validate", str(DEFAULT), lang_env="en")
    assert "5 pillars" in from_env.stdout
    option_wins = run("validate", "--lang=nl", str(DEFAULT), lang_env="en")
    assert "5 pijlers" in option_wins.stdout


def test_valid_copy_under_another_name(tmp_path):
    path = tmp_path / "brug-één.yaml"
    path.write_text(DEFAULT.read_text(encoding="utf-8").replace("id: mm-standaard", "id: alphen"), encoding="utf-8")
    result = run("validate", path.name, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("OK    brug-één.yaml: ") and "(alphen@1)" in result.stdout


# -- broken files ---------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_broken_file_gives_its_message(lang):
    names = sorted(BROKEN_FILES)
    result = run("validate", *[str(BROKEN / n) for n in names], "--lang", lang)
    assert result.returncode == 1
    for name in names:
        place, nl, en = BROKEN_FILES[name]
        assert_line(result.stdout, *expected_line(name, place, nl if lang == "nl" else en, lang))
    summary = result.stdout.splitlines()[-1]
    total = len(names)
    if lang == "nl":
        assert summary == f"Gecontroleerd: {total}. In orde: 0. Met fouten: {total}."
    else:
        assert summary == f"Checked: {total}. Valid: 0. With problems: {total}."
    assert "val." not in result.stdout


def test_one_bad_file_among_good_ones_fails_the_run():
    result = run("validate", str(DEFAULT), str(BROKEN / "weights_sum_90.yaml"), str(DEFAULT))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line[:6] for line in lines[:3]] == ["OK    ", "FOUT  ", "OK    "]
    assert lines[1].endswith("pillars[0].subpillars: de gewichten tellen op tot 90, dat moet 100 zijn")
    assert lines[-1] == "Gecontroleerd: 3. In orde: 2. Met fouten: 1."


def test_every_problem_of_a_file_is_printed(tmp_path):
    text = (BROKEN / "bad_colour.yaml").read_text(encoding="utf-8").replace("version: 1", "version: 0")
    (tmp_path / "twee.yaml").write_text(text, encoding="utf-8")
    result = run("validate", "twee.yaml", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 1
    assert "ERROR twee.yaml: version: this must be at least 1" in result.stdout
    assert "ERROR twee.yaml: pillars[1].colour: 'rood' does not have the right form" in result.stdout


def test_huge_deep_and_missing_files(tmp_path):
    huge = tmp_path / "groot.yaml"
    huge.write_text("id: groot\n" + ("# " + "x" * 98 + "\n") * 10_100, encoding="utf-8")
    assert huge.stat().st_size > 1_000_000
    (tmp_path / "diep.yaml").write_text(nested(3000), encoding="utf-8")
    result = run("validate", "groot.yaml", "diep.yaml", "weg.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "FOUT  groot.yaml: het bestand is te groot (meer dan 1000 kB)" in result.stdout
    assert "FOUT  diep.yaml: het bestand is te diep genest (meer dan 32 niveaus)" in result.stdout
    assert "FOUT  weg.yaml: het bestand bestaat niet of is geen bestand" in result.stdout


# -- the command line itself ------------------------------------------------------------------
@pytest.mark.parametrize(
    "args, nl, en",
    [
        ((), "Kies een opdracht", "Choose a command"),
        (("validate",), "Dat begrijp ik niet", "I do not understand that"),
        (("controleer", "x.yaml"), "Dat begrijp ik niet", "I do not understand that"),
        (("validate", "--taal", "x.yaml"), "Dat begrijp ik niet", "I do not understand that"),
    ],
)
def test_usage_errors_exit_2_with_a_translated_message(args, nl, en, capsys, monkeypatch):
    dutch = run(*args)
    assert dutch.returncode == 2 and nl in dutch.stderr and dutch.stdout == ""
    monkeypatch.setenv("MM_LANG", "en")  # the same in-process, in English
    assert cli.main(list(args)) == 2
    captured = capsys.readouterr()
    assert en in captured.err and captured.out == ""


def test_unknown_language_is_a_usage_error():
    result = run("validate", str(DEFAULT), "--lang", "fr")
    assert result.returncode == 2
    assert "Dat begrijp ik niet" in result.stderr and "'fr'" in result.stderr


def test_help_is_translated():
    dutch = run("validate", "--help")
    assert dutch.returncode == 0
    assert dutch.stdout.startswith("gebruik: python -m mmwidgets validate")
    assert "toon deze uitleg en stop" in dutch.stdout and "BESTAND" in dutch.stdout
    english = run("--help", "--lang", "en")
    assert english.returncode == 0 and "show this help and stop" in english.stdout
    assert "validate" in english.stdout


# -- in-process: the return codes and the last line of defence ------------------------------
def test_main_returns_exit_codes(capsys):
    assert cli.main(["validate", str(DEFAULT)]) == 0
    assert cli.main(["validate", str(BROKEN / "empty.yaml"), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "ERROR " + str(BROKEN / "empty.yaml") + ": the file is empty" in out


def test_unexpected_error_is_a_calm_message(capsys, monkeypatch):
    def broken_loader(path):
        raise RuntimeError("kapotte schijf")

    monkeypatch.setattr(validate, "read_yaml_file", broken_loader)
    assert cli.main(["validate", str(DEFAULT)]) == 2
    captured = capsys.readouterr()
    assert "Er ging iets onverwachts mis (RuntimeError: kapotte schijf)" in captured.err
    assert "Traceback" not in captured.out + captured.err
    assert cli.main(["validate", str(DEFAULT), "--lang", "en"]) == 2
    assert "Something unexpected went wrong" in capsys.readouterr().err


def test_data_file_errors_from_the_loader_are_problems_not_crashes(capsys, monkeypatch):
    def refusing_loader(path):
        raise DataFileError(Path(path).name, [Problem("pillars", "weights_sum", {"total": 90})])

    monkeypatch.setattr(validate, "read_yaml_file", refusing_loader)
    assert cli.main(["validate", "a.yaml", "b.yaml"]) == 1
    out = capsys.readouterr().out
    assert "FOUT  a.yaml: pillars: de gewichten tellen op tot 90" in out
    assert "FOUT  b.yaml: pillars: de gewichten tellen op tot 90" in out


def test_commands_are_added_with_one_subparser_and_one_function():
    parser = cli.build_parser("nl")
    args = parser.parse_args(["validate", "a.yaml", "b.yaml", "--lang", "en"])
    assert args.run is cli.cmd_validate and args.files == ["a.yaml", "b.yaml"] and args.lang == "en"
