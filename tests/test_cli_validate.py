"""``python -m mmwidgets validate``: exit codes, translated messages, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import mmwidgets.__main__ as cli
import mmwidgets.validate as validate
from mmwidgets.model.bridge.files import DataFileError, Problem

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
        "OK    data/bridges/default.yaml: Brug naar een stabiel bestaan "
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


# -- every kind of data file ----------------------------------------------------------------------
from mmwidgets.validate import check_files, shipped_files  # noqa: E402

from test_datafiles_corpus import CORPORA, DATA  # noqa: E402

KIND_WORDS = {"definition": "pijlers", "crosswalk": "koppeling van", "norms": "normen", "rewards": "beloningen",
              "vignette": "casus", "exercises": "oefeningen"}  # fmt: skip


def test_every_shipped_data_file_is_valid():
    paths = [str(p.relative_to(REPO)) for p in shipped_files()]
    assert len(paths) >= 19
    result = run("validate", *paths)
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert [line.split(": ", 1)[0] for line in lines[:-1]] == [f"OK    {p}" for p in paths]
    assert lines[-1] == f"Gecontroleerd: {len(paths)}. In orde: {len(paths)}. Met fouten: 0."
    kinds = {item.kind for item in check_files([str(REPO / p) for p in paths])}
    assert kinds == set(KIND_WORDS)
    for word in KIND_WORDS.values():
        assert word in result.stdout


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_broken_file_of_every_kind_is_refused_by_validate(lang):
    paths = [DATA / corpus / name for corpus, files in sorted(CORPORA.items()) for name in sorted(files)]
    result = run("validate", *[str(p) for p in paths], "--lang", lang)
    assert result.returncode == 1
    word = "FOUT  " if lang == "nl" else "ERROR "
    for path in paths:
        place, code = CORPORA[path.parent.name][path.name]
        (item,) = check_files([str(path)])
        assert not item.ok
        problem = next((p for p in item.problems if (p.location, p.code) == (place, code)), None)
        assert problem is not None, f"{path.name}: {item.problems}"
        assert f"{word}{path}: {problem.message(lang)}" in result.stdout.splitlines()
    assert result.stdout.splitlines()[-1].endswith(f"{len(paths)}.")
    assert "val." not in result.stdout


def test_a_pipe_is_refused_by_validate_without_hanging(tmp_path):
    os.mkfifo(tmp_path / "pijp.yaml")
    result = run("validate", "pijp.yaml", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 1
    assert "ERROR pijp.yaml: this is not a regular file (but for example a pipe or a device); it was not opened" in result.stdout


def test_a_copy_of_a_shipped_bridge_is_refused_as_the_workbooks_refuse_it(tmp_path):
    shutil.copy(DEFAULT, tmp_path / "kopie.yaml")
    result = run("validate", "kopie.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "FOUT  kopie.yaml: 'mm-standaard@1' is al een meegeleverde brug (in default.yaml); dit bestand is niet "
        "geladen. Geef je brug een andere id of een hoger versienummer"
    )


def test_a_new_bridge_with_its_crosswalk_and_vignette_is_checked_together(tmp_path):
    bridge = DEFAULT.read_text(encoding="utf-8").replace("id: mm-standaard", "id: alphen")
    (tmp_path / "alphen.yaml").write_text(bridge, encoding="utf-8")
    crosswalk = (REPO / "data" / "crosswalks" / "standaard-naar-eenvoudig.yaml").read_text(encoding="utf-8")
    (tmp_path / "alphen-naar-eenvoudig.yaml").write_text(
        crosswalk.replace("from: mm-standaard@1", "from: alphen@1"), encoding="utf-8"
    )
    vignette = (REPO / "data" / "training" / "vignettes" / "01-sanne.yaml").read_text(encoding="utf-8")
    (tmp_path / "casus.yaml").write_text(vignette.replace("{id: mm-standaard, version: 1}", "{id: alphen, version: 1}"), encoding="utf-8")
    names = ["alphen-naar-eenvoudig.yaml", "casus.yaml", "alphen.yaml"]
    together = run("validate", *names, cwd=tmp_path)
    assert together.returncode == 0, together.stdout
    assert "OK    alphen-naar-eenvoudig.yaml: koppeling van alphen@1 naar mm-eenvoudig@1" in together.stdout
    assert "OK    casus.yaml: casus Sanne" in together.stdout and "bij de brug alphen@1" in together.stdout
    alone = run("validate", "alphen-naar-eenvoudig.yaml", "casus.yaml", "--lang", "en", cwd=tmp_path)
    assert alone.returncode == 1
    assert "ERROR alphen-naar-eenvoudig.yaml: from: the bridge 'alphen@1' was not found" in alone.stdout
    assert "ERROR casus.yaml: bridge: the bridge 'alphen@1' was not found" in alone.stdout


def test_a_crosswalk_to_a_bridge_in_the_teams_folder_is_found(tmp_path):
    own = tmp_path / "data" / "definitions"
    own.mkdir(parents=True)
    (own / "alphen.yaml").write_text(DEFAULT.read_text(encoding="utf-8").replace("id: mm-standaard", "id: alphen"), encoding="utf-8")
    crosswalk = (REPO / "data" / "crosswalks" / "standaard-naar-eenvoudig.yaml").read_text(encoding="utf-8")
    (tmp_path / "koppeling.yaml").write_text(crosswalk.replace("from: mm-standaard@1", "from: alphen@1"), encoding="utf-8")
    env_run = subprocess.run(
        [sys.executable, "-m", "mmwidgets", "validate", "koppeling.yaml"], cwd=tmp_path, capture_output=True,
        text=True, encoding="utf-8", timeout=120,
        env={**{k: v for k, v in os.environ.items() if k != "MM_LANG"}, "MM_DATA_DIR": str(tmp_path / "data")},
    )
    assert env_run.returncode == 0, env_run.stdout + env_run.stderr


@pytest.mark.parametrize(
    ("source", "kind"),
    [("norms/sociaal-minimum.yaml", "norms"), ("rewards/default.yaml", "rewards"),
     ("crosswalks/standaard-naar-eenvoudig.yaml", "crosswalk"), ("training/vignettes/02-jordy.yaml", "vignette"),
     ("training/exercises/stress.yaml", "exercises")],
)
def test_the_kind_follows_from_the_fields_outside_the_data_folders(tmp_path, source, kind):
    copy = tmp_path / "los.yaml"
    shutil.copy(REPO / "data" / source, copy)
    (item,) = check_files([str(copy)])
    assert item.kind == kind and item.ok, item.problems


def test_a_folder_stands_for_every_data_file_in_it(tmp_path):
    whole = run("validate", "data")
    assert whole.returncode == 0
    assert whole.stdout.splitlines()[-1] == f"Gecontroleerd: {len(shipped_files())}. In orde: {len(shipped_files())}. Met fouten: 0."
    empty = tmp_path / "leeg"
    empty.mkdir()
    nothing = run("validate", "leeg", "--lang", "en", cwd=tmp_path)
    assert nothing.returncode == 1
    assert "ERROR leeg: this folder holds no YAML files (*.yaml)" in nothing.stdout


# -- a Dutch-only variant (issue 21) ------------------------------------------------------------
def test_a_dutch_only_variant_is_accepted_and_a_promise_of_english_is_checked(tmp_path):
    import yaml as _yaml

    data = _yaml.safe_load(DEFAULT.read_text(encoding="utf-8"))
    data["id"] = "gemeente-nl"
    data["languages"] = ["nl"]
    sub = data["pillars"][0]["subpillars"][0]
    del sub["name"]["en"]
    for step in sub["steps"]:
        del step["text"]["en"]
    path = tmp_path / "alleen-nl.yaml"
    path.write_text(_yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run("validate", str(path))
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[0].startswith(f"OK    {path}: ")
    # the same file promising English is refused, at the place of each missing text
    data["languages"] = ["nl", "en"]
    path.write_text(_yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    lines, code = validate.validate_lines([str(path)], "nl")
    assert code == 1
    assert f"FOUT  {path}: pillars[0].subpillars[0].name.en: de Engelse tekst ontbreekt" in "\n".join(lines)
    assert sum("text.en: de Engelse tekst ontbreekt" in line for line in lines) == len(sub["steps"])
    data["languages"] = ["nl", "nl"]
    path.write_text(_yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    lines, code = validate.validate_lines([str(path)], "en")
    assert code == 1 and any("languages: a language is listed twice" in line for line in lines)
