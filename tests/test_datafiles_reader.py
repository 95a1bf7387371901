"""The one reader under every data file: pipes and devices are never opened, duplicate keys
are refused, dates stay text until a schema checks them, numbers stay within bounds, and a
team file never silently replaces a shipped one."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
import yaml

from mmwidgets.model.bridge import files
from mmwidgets.model.bridge.crosswalk import load_crosswalks
from mmwidgets.model.bridge.files import DataFileError, parse_yaml_text, read_yaml_file
from mmwidgets.model.bridge.library import DefinitionLibrary, shipped_bridges_dir
from mmwidgets.model.bridge.norms import load_norm_table, read_norms

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO / "data" / "bridges" / "default.yaml"
NORMS = REPO / "data" / "norms" / "sociaal-minimum.yaml"


def returns(call, *args):
    """Run ``call`` in a thread; the test fails (instead of hanging) if it never returns."""
    result: dict[str, object] = {}

    def run() -> None:
        try:
            result["value"] = call(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            result["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(30)
    assert not thread.is_alive(), f"{call.__name__} did not return: it blocked"
    return result


def codes(exc: DataFileError) -> list[str]:
    return [p.code for p in exc.problems]


# -- files that are not regular files ------------------------------------------------------
def test_a_named_pipe_is_refused_without_opening_it(tmp_path):
    pipe = tmp_path / "brug.yaml"
    os.mkfifo(pipe)
    result = returns(read_yaml_file, pipe)
    error = result["error"]
    assert isinstance(error, DataFileError)
    assert error.messages("nl") == [
        "brug.yaml: dit is geen gewoon bestand (maar bijvoorbeeld een pipe of een apparaat); het is niet geopend"
    ]
    assert error.messages("en") == ["brug.yaml: this is not a regular file (but for example a pipe or a device); it was not opened"]


def test_a_link_to_a_device_and_a_folder_are_refused(tmp_path):
    link = tmp_path / "nul.yaml"
    link.symlink_to("/dev/zero")
    assert codes(returns(read_yaml_file, link)["error"]) == ["not_regular_file"]
    folder = tmp_path / "map.yaml"
    folder.mkdir()
    assert codes(returns(read_yaml_file, folder)["error"]) == ["file_missing"]
    dangling = tmp_path / "weg.yaml"
    dangling.symlink_to(tmp_path / "bestaat-niet.yaml")
    assert codes(returns(read_yaml_file, dangling)["error"]) == ["file_missing"]


def test_a_link_to_a_regular_file_is_read(tmp_path):
    link = tmp_path / "link.yaml"
    link.symlink_to(DEFAULT)
    assert read_yaml_file(link)["id"] == "mm-standaard"


def test_a_pipe_in_the_teams_folder_leaves_the_other_files_loaded(tmp_path):
    own = tmp_path / "definitions"
    own.mkdir()
    os.mkfifo(own / "aaa-pipe.yaml")
    (own / "mijn.yaml").write_text(DEFAULT.read_text(encoding="utf-8").replace("id: mm-standaard", "id: mijn"), encoding="utf-8")
    crosswalks = own / "crosswalks"
    crosswalks.mkdir()
    os.mkfifo(crosswalks / "pipe.yaml")
    library = returns(DefinitionLibrary, [shipped_bridges_dir(), own])["value"]
    assert "mijn@1" in library and "mm-standaard@1" in library
    refused = [(e.path.name, codes(e.error)) for e in library.refused()]
    assert refused == [("aaa-pipe.yaml", ["not_regular_file"])]
    assert library.messages("en") == [
        "aaa-pipe.yaml: this is not a regular file (but for example a pipe or a device); it was not opened"
    ]
    found = returns(load_crosswalks, [REPO / "data" / "crosswalks", crosswalks])["value"]
    assert len(found) == 4 and [e.source for e in found.errors] == ["pipe.yaml"]


# -- duplicate keys ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "place", "key", "lines"),
    [
        ("id: a\nversion: 1\nid: b\n", "", "id", (1, 3)),
        ("pillars:\n  - id: x\n    name: 1\n    name: 2\n", "pillars[0]", "name", (3, 4)),
        ("jaren:\n  - amounts: {a: 1, b: 2, a: 3}\n", "jaren[0].amounts", "a", (2, 2)),
        ("1: een\n'1': ook een\n1: twee\n", "", "1", (1, 3)),
        ("basis: &b {x: 1}\nlijst:\n  - *b\n  - {<<: *b, y: 1, y: 2}\n", "lijst[1]", "y", (4, 4)),
    ],
)
def test_a_key_written_twice_is_refused_with_place_and_both_lines(text, place, key, lines):
    with pytest.raises(DataFileError) as info:
        parse_yaml_text(text, "dubbel.yaml")
    (problem,) = info.value.problems
    assert problem.location == place
    assert problem.values["key"] == key and (problem.values["first"], problem.values["line"]) == lines
    for lang in ("nl", "en"):
        assert f"'{key}'" in info.value.messages(lang)[0]


def test_a_merge_key_may_be_overridden_without_being_a_duplicate():
    data = parse_yaml_text("basis: &b {kleur: rood, maat: 1}\nkopie:\n  <<: *b\n  maat: 2\n", "samen.yaml")
    assert data["kopie"] == {"kleur": "rood", "maat": 2}


def test_the_fast_libyaml_reader_is_still_used():
    if hasattr(yaml, "CSafeLoader"):
        assert issubclass(files._SAFE_LOADER, yaml.CSafeLoader)


# -- dates and numbers ---------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["2025-02-30", "2025-01-01T25:00:00", "2026-03-09", "!!timestamp 2025-13-01"])
def test_dates_stay_text_so_yaml_never_crashes_on_them(value):
    data = parse_yaml_text(f"datum: {value}\n", "datum.yaml")
    assert data["datum"] == value.replace("!!timestamp ", "")


def test_a_valid_norms_file_still_gives_real_dates():
    table = load_norm_table(NORMS)
    assert all(isinstance(year.checked, __import__("datetime").date) for year in table.years)


@pytest.mark.parametrize(
    ("value", "code"),
    [(2**31 - 1, None), (-(2**31) + 1, None), (2**31, "number_too_big"), (-(2**40), "number_too_big"),
     (".inf", "number_not_finite"), ("-.inf", "number_not_finite"), (".nan", "number_not_finite"),
     ("1.0e+400", "number_not_finite"), ("9" * 5000, "bad_yaml_value")],
)
def test_every_number_is_bounded(value, code):
    text = f"id: x\nlijst:\n  - {{getal: {value}}}\n"
    if code is None:
        assert parse_yaml_text(text, "getal.yaml")["lijst"][0]["getal"] == value
        return
    with pytest.raises(DataFileError) as info:
        parse_yaml_text(text, "getal.yaml")
    (problem,) = info.value.problems
    assert problem.code == code
    if code != "bad_yaml_value":
        assert problem.location == "lijst[0].getal"


def test_an_alias_bomb_is_still_refused():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(6)
    )
    with pytest.raises(DataFileError) as info:
        parse_yaml_text(bomb, "bom.yaml")
    assert codes(info.value) == ["too_many_parts"]


# -- a team file beside the shipped ones --------------------------------------------------------------
def test_a_team_copy_of_a_shipped_bridge_is_refused_and_says_so(tmp_path):
    own = tmp_path / "definitions"
    own.mkdir()
    shutil.copy(DEFAULT, own / "aaa-kopie.yaml")  # sorts first: the shipped file still wins
    library = DefinitionLibrary([shipped_bridges_dir(), own])
    assert library.entry("mm-standaard@1").path == DEFAULT
    assert library.messages("en") == [
        "aaa-kopie.yaml: 'mm-standaard@1' is already a shipped bridge (in default.yaml); this file was not loaded. "
        "Give yours another id or a higher version"
    ]


def test_a_team_file_with_a_higher_version_is_the_latest(tmp_path):
    own = tmp_path / "definitions"
    own.mkdir()
    text = DEFAULT.read_text(encoding="utf-8").replace("\nversion: 1\n", "\nversion: 2\n")
    (own / "standaard-v2.yaml").write_text(text, encoding="utf-8")
    library = DefinitionLibrary([shipped_bridges_dir(), own])
    assert library.refused() == []
    assert library.default().version == 2 and library.entry("mm-standaard@2").path.parent == own
    assert library.entry("mm-standaard@1").shipped


def test_two_team_files_with_one_key_keep_the_first(tmp_path):
    own = tmp_path / "definitions"
    own.mkdir()
    text = DEFAULT.read_text(encoding="utf-8").replace("id: mm-standaard", "id: alphen")
    (own / "a.yaml").write_text(text, encoding="utf-8")
    (own / "b.yaml").write_text(text, encoding="utf-8")
    library = DefinitionLibrary([shipped_bridges_dir(), own])
    assert library.entry("alphen@1").path.name == "a.yaml"
    assert [p.code for e in library.refused() for p in e.error.problems] == ["duplicate_definition"]


# -- a folder of norms -----------------------------------------------------------------------------
def test_reading_a_norms_folder_keeps_the_good_files_and_names_the_rest(tmp_path):
    own = tmp_path / "norms"
    own.mkdir()
    shutil.copy(NORMS, own / "kopie.yaml")  # the same id as the shipped file
    shutil.copy(REPO / "tests" / "data" / "broken_norms" / "date_31_02.yaml", own / "datum.yaml")
    os.mkfifo(own / "pijp.yaml")
    norms = returns(read_norms, [REPO / "data" / "norms", own])["value"]
    assert list(norms.tables) == ["sociaal-minimum"]
    assert sorted(e.source for e in norms.refused) == ["datum.yaml", "kopie.yaml", "pijp.yaml"]
    lines = norms.messages("nl")
    assert "datum.yaml: years[0].checked: '31-02-2025' is geen datum; schrijf een datum als 2026-03-09 (jaar-maand-dag)" in lines
    assert any(line.startswith("kopie.yaml: id: normen met id 'sociaal-minimum' staan al in sociaal-minimum.yaml") for line in lines)


def test_a_teams_crosswalk_for_a_shipped_pair_is_used_and_says_so(tmp_path):
    own = tmp_path / "crosswalks"
    own.mkdir()
    shutil.copy(REPO / "data" / "crosswalks" / "standaard-naar-eenvoudig.yaml", own / "mijn.yaml")
    library = DefinitionLibrary([shipped_bridges_dir()])
    found = load_crosswalks([REPO / "data" / "crosswalks", own]).checked(lambda k: library.get(k) if k in library else None)
    assert found.files[("mm-standaard@1", "mm-eenvoudig@1")] == "mijn.yaml"
    assert found.notices("nl") == [
        "de koppeling van mm-standaard@1 naar mm-eenvoudig@1 komt uit mijn.yaml; "
        "standaard-naar-eenvoudig.yaml wordt daarvoor niet gebruikt"
    ]
    assert load_crosswalks([REPO / "data" / "crosswalks"]).notices("en") == []
