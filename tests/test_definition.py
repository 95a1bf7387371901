"""Bridge definitions: the default bridge, the broken-file corpus, the reader's limits, the library."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from mmwidgets.model.bridge import files
from mmwidgets.model.bridge.definition import (
    BridgeDefinition,
    LocalText,
    definition_from_data,
    definition_from_text,
    definition_to_data,
    load_definition,
)
from mmwidgets.model.bridge.files import DataFileError, parse_yaml_text, read_yaml_file
from mmwidgets.model.bridge.library import DefinitionLibrary, shipped_bridges_dir

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO / "data" / "bridges" / "default.yaml"
BROKEN = Path(__file__).parent / "data" / "broken_definitions"

# file name -> (place in the file, fragment of the Dutch message, fragment of the English message).
# An empty place means the whole file. Every file in tests/data/broken_definitions is listed here.
BROKEN_FILES: dict[str, tuple[str, str, str]] = {
    "steps_one.yaml": ("pillars[0].subpillars[0].steps", "2 tot 10 treden staan, er zijn er 1", "needs 2 to 10 steps, it has 1"),
    "steps_eleven.yaml": ("pillars[1].subpillars[0].steps", "2 tot 10 treden staan, er zijn er 11", "needs 2 to 10 steps, it has 11"),
    "duplicate_pillar_id.yaml": ("pillars", "de id 'geld' komt twee keer voor", "the id 'geld' is used twice"),
    "duplicate_subpillar_id.yaml": ("pillars", "de id 'schulden' komt twee keer voor", "the id 'schulden' is used twice"),
    "missing_english.yaml": ("pillars[0].subpillars[0].steps[1].text.en", "de Engelse tekst ontbreekt", "the English text is missing"),
    "missing_dutch.yaml": ("pillars[1].name.nl", "de Nederlandse tekst ontbreekt", "the Dutch text is missing"),
    "empty_label.yaml": ("pillars[0].subpillars[0].steps[0].label.nl", "deze tekst is leeg", "this text is empty"),
    "weights_sum_90.yaml": ("pillars[0].subpillars", "de gewichten tellen op tot 90, dat moet 100 zijn", "the weights add up to 90; they must add up to 100"),
    "weights_partial.yaml": ("pillars", "geef ieder onderdeel op dit niveau een gewicht", "give every item at this level a weight"),
    "bad_colour.yaml": ("pillars[1].colour", "'rood' heeft niet de juiste vorm", "'rood' does not have the right form"),
    "unknown_field.yaml": ("pillars[0].subpillars[1].qeustion", "dit veld is onbekend (tikfout?)", "this field is unknown (a typo?)"),
    "steps_as_text.yaml": ("pillars[0].subpillars[0].steps", "hier hoort een lijst", "this should be a list"),
    "version_as_text.yaml": ("version", "hier hoort een heel getal, niet 'twee'", "this should be a whole number, not 'twee'"),
    "name_plain_text.yaml": ("pillars[0].subpillars[1].name", "hier horen velden (zoals nl: en en:), niet 'Sparen'", "this should hold fields (such as nl: and en:), not 'Sparen'"),
    "step_not_mapping.yaml": ("pillars[1].subpillars[0].steps[0]", "niet 'Geen inkomen'", "not 'Geen inkomen'"),
    "bad_id.yaml": ("id", "'Mijn Brug' heeft niet de juiste vorm", "'Mijn Brug' does not have the right form"),
    "missing_pillars.yaml": ("pillars", "dit veld ontbreekt", "this field is missing"),
    "not_yaml.yaml": ("", "dit is geen geldige YAML (rond regel 8)", "this is not valid YAML (around line 8)"),
    "list_not_mapping.yaml": ("", "moet met velden beginnen", "must start with fields"),
    "empty.yaml": ("", "het bestand is leeg", "the file is empty"),
    "comments_only.yaml": ("", "het bestand is leeg", "the file is empty"),
    "not_utf8.yaml": ("", "geen tekst in UTF-8", "not UTF-8 text"),
    "alias_bomb.yaml": ("", "te veel onderdelen", "too many parts"),
}


def assert_message(messages: list[str], source: str, place: str, fragment: str) -> None:
    """One of ``messages`` is ``source: place: text`` (or ``source: text``) with ``fragment`` in the text."""
    prefix = f"{source}: {place}: " if place else f"{source}: "
    texts = [m[len(prefix):] for m in messages if m.startswith(prefix)]
    assert any(fragment in x for x in texts), f"expected {prefix!r}...{fragment!r} in {messages}"


def refused(path: Path) -> DataFileError:
    with pytest.raises(DataFileError) as info:
        load_definition(path)
    return info.value


# -- the broken-file corpus --------------------------------------------------------------
def test_corpus_and_table_list_the_same_files():
    on_disk = {p.name for p in BROKEN.glob("*.yaml")}
    assert on_disk == set(BROKEN_FILES)
    assert len(on_disk) >= 14


@pytest.mark.parametrize("name", sorted(BROKEN_FILES))
def test_broken_file_gives_its_message_in_dutch_and_english(name):
    place, nl, en = BROKEN_FILES[name]
    error = refused(BROKEN / name)
    assert error.source == name
    nl_messages, en_messages = error.messages("nl"), error.messages("en")
    assert_message(nl_messages, name, place, nl)
    assert_message(en_messages, name, place, en)
    assert nl_messages != en_messages, "the Dutch and English messages must differ"
    for message in nl_messages + en_messages:
        assert "val." not in message, f"untranslated catalogue key in {message!r}"
        assert "Traceback" not in message and "pydantic" not in message.lower()
    assert len(error.problems) == 1, f"{name} should have exactly one problem: {en_messages}"
    assert error.problems[0].location == place


@pytest.mark.parametrize("name", ["steps_one.yaml", "bad_colour.yaml", "not_yaml.yaml"])
def test_text_and_file_give_the_same_problems(name):
    path = BROKEN / name
    from_file = refused(path)
    with pytest.raises(DataFileError) as info:
        definition_from_text(path.read_text(encoding="utf-8"), name)
    assert info.value.messages("nl") == from_file.messages("nl")


def test_every_problem_is_reported_not_only_the_first(tmp_path):
    text = (BROKEN / "bad_colour.yaml").read_text(encoding="utf-8").replace("version: 1", "version: 0")
    text = text.replace('en: "Debts"', 'en: ""')
    path = tmp_path / "twee_fouten.yaml"
    path.write_text(text, encoding="utf-8")
    messages = refused(path).messages("nl")
    assert_message(messages, path.name, "version", "dit moet minstens 1 zijn")
    assert_message(messages, path.name, "pillars[1].colour", "'rood'")
    assert_message(messages, path.name, "pillars[0].subpillars[0].name.en", "deze tekst is leeg")
    assert len(messages) == 3


# -- generated files: too big, too deep, unreadable ------------------------------------------
def test_huge_file_is_refused(tmp_path):
    path = tmp_path / "groot.yaml"
    with path.open("w", encoding="utf-8") as out:
        out.write(DEFAULT.read_text(encoding="utf-8"))
        while out.tell() <= files.MAX_FILE_BYTES + 10:
            out.write("# " + "opvulling " * 50 + "\n")
    assert path.stat().st_size > 1_000_000
    error = refused(path)
    assert error.messages("nl") == ["groot.yaml: het bestand is te groot (meer dan 1000 kB)"]
    assert error.messages("en") == ["groot.yaml: the file is too big (over 1000 kB)"]
    with pytest.raises(DataFileError) as info:
        definition_from_text(path.read_text(encoding="utf-8"), "groot.yaml")
    assert info.value.messages("en") == error.messages("en")


def test_endless_device_is_refused_without_reading():
    zero = Path("/dev/zero")
    assert zero.exists()
    with pytest.raises(DataFileError) as info:
        read_yaml_file(zero)
    assert "geen gewoon bestand" in info.value.messages("nl")[0]


def nested(levels: int) -> str:
    """A definition whose ``pillars`` holds ``levels`` nested mappings."""
    return "id: diep\nversion: 1\npillars: " + "{a: " * levels + "1" + "}" * levels + "\n"


@pytest.mark.parametrize("levels", [40, 5000])
def test_deeply_nested_file_is_refused(tmp_path, levels):
    # 40 levels parse but exceed the limit; 5000 levels exhaust the YAML parser's recursion.
    path = tmp_path / "diep.yaml"
    path.write_text(nested(levels), encoding="utf-8")
    error = refused(path)
    assert error.messages("nl") == [f"diep.yaml: het bestand is te diep genest (meer dan {files.MAX_DEPTH} niveaus)"]
    assert error.messages("en") == [f"diep.yaml: the file is nested too deeply (more than {files.MAX_DEPTH} levels)"]


def test_nesting_up_to_the_limit_is_read():
    # the top mapping is level 1, so MAX_DEPTH - 1 more levels are allowed
    data = parse_yaml_text(nested(files.MAX_DEPTH - 1), "grens.yaml")
    assert data["id"] == "diep"
    with pytest.raises(DataFileError) as info:
        parse_yaml_text(nested(files.MAX_DEPTH), "grens.yaml")
    assert info.value.problems[0].code == "too_deep"


def test_self_referencing_alias_is_refused():
    with pytest.raises(DataFileError) as info:
        parse_yaml_text("id: x\npillars: &p [*p]\n", "lus.yaml")
    assert info.value.problems[0].code == "too_deep"


def test_missing_file_and_folder(tmp_path):
    assert refused(tmp_path / "bestaat-niet.yaml").messages("nl") == [
        "bestaat-niet.yaml: het bestand bestaat niet of is geen bestand"
    ]
    folder = tmp_path / "map.yaml"
    folder.mkdir()
    assert refused(folder).messages("en") == ["map.yaml: the file does not exist or is not a file"]


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "geheim.yaml"
    shutil.copy(DEFAULT, path)

    def no_access(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", no_access)
    error = refused(path)
    assert error.messages("nl") == ["geheim.yaml: het bestand kan niet gelezen worden (mag dit programma het openen?)"]
    assert error.messages("en") == ["geheim.yaml: the file cannot be read (is this program allowed to open it?)"]


# -- the default bridge -----------------------------------------------------------------
PILLARS = {
    "family": ["housing", "care"],
    "wellbeing": ["health", "network"],
    "finance": ["debts", "savings"],
    "education": ["schooling", "basic_skills"],
    "employment": ["income", "job_quality"],
}


@pytest.fixture(scope="module")
def default() -> BridgeDefinition:
    return load_definition(DEFAULT)


def local_texts(defn: BridgeDefinition) -> list[tuple[str, LocalText]]:
    """Every text of the definition with a readable place."""
    out = [("name", defn.name), ("description", defn.description), ("source", defn.source)]
    for pillar in defn.pillars:
        out.append((f"{pillar.id}.name", pillar.name))
        for sub in pillar.subpillars:
            out += [(f"{sub.id}.name", sub.name), (f"{sub.id}.question", sub.question)]
            for number, step in enumerate(sub.steps, 1):
                out += [(f"{sub.id}.{number}.label", step.label), (f"{sub.id}.{number}.text", step.text)]
    return out


def test_default_bridge_shape(default):
    assert default.key == "mm-standaard@1"
    assert [p.id for p in default.pillars] == list(PILLARS)
    for pillar in default.pillars:
        assert [s.id for s in pillar.subpillars] == PILLARS[pillar.id]
    assert len(default.subpillar_ids()) == 10
    assert all(sub.step_count == 5 for _, sub in default.subpillars())


def test_default_bridge_has_every_text_in_both_languages(default):
    for place, text in local_texts(default):
        assert text is not None, f"{place} is missing"
        for lang in ("nl", "en"):
            assert text.get(lang).strip(), f"{place}.{lang} is empty"
            assert "{" not in text.get(lang), f"{place}.{lang} holds a brace"
        if place.endswith(".text") or place.endswith(".question"):
            assert text.nl != text.en, f"{place} is not translated"


def test_default_bridge_labels_fit_on_a_rung(default):
    for _, sub in default.subpillars():
        labels = [step.label.get(lang) for step in sub.steps for lang in ("nl", "en")]
        assert max(len(label) for label in labels) <= 40, sub.id
        assert len({step.label.nl for step in sub.steps}) == 5, f"{sub.id}: labels repeat"


def test_default_bridge_weights_are_written_out_and_equal(default):
    assert [p.weight for p in default.pillars] == [20] * 5
    for pillar in default.pillars:
        assert [s.weight for s in pillar.subpillars] == [50, 50]
        assert default.pillar_share(pillar.id) == pytest.approx(0.2)
        for sub in pillar.subpillars:
            assert pillar.subpillar_share(sub.id) == pytest.approx(0.5)


def test_default_bridge_colours_are_distinct(default):
    colours = [p.colour.upper() for p in default.pillars]
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in colours)
    assert len(set(colours)) == 5


def test_default_bridge_says_it_is_our_own_wording(default):
    assert "eigen woorden" in default.source.nl and "EMPath" in default.source.nl
    assert "own words" in default.source.en and "licensed" in default.source.en
    for place, text in local_texts(default):
        if place not in ("source",):
            for brand in ("EMPath", "Outcomes Star", "ZRM", "Zelfredzaamheid-Matrix"):
                assert brand not in text.nl + text.en, f"{place} mentions {brand}"


def test_default_bridge_speaks_of_dutch_life(default):
    dutch = " ".join(s.label.nl + " " + s.text.nl for _, sub in default.subpillars() for s in sub.steps)
    for word in (
        "huurtoeslag", "huurachterstand", "ontruiming", "schuldhulpverlening", "stabilisatie", "WSNP",
        "schuldenvrij", "bewindvoering", "bijstandsnorm", "toeslagen", "maanden vaste lasten",
        "startkwalificatie", "mbo", "hbo", "inburgering", "kinderopvangtoeslag", "mantelzorger",
        "huisarts", "POH-GGZ", "WW", "vast contract", "nulurencontract",
    ):
        assert word.lower() in dutch.lower(), word


def test_default_bridge_steps_run_from_crisis_to_self_sufficient(default):
    debts = default.subpillar("debts").steps
    assert "aangemeld" in debts[1].text.nl.lower() and "stabilisatie" in debts[2].text.nl
    assert "WSNP" in debts[3].text.nl and debts[4].label.nl == "Schuldenvrij"
    savings = default.subpillar("savings").steps
    assert "geen spaargeld" in savings[0].text.nl and "drie maanden" in savings[4].text.nl


def test_definition_round_trips_through_plain_data(default):
    data = definition_to_data(default)
    assert definition_from_data(data, "kopie") == default


def test_readme_example_is_a_valid_definition():
    readme = (REPO / "data" / "bridges" / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", readme, re.S)
    assert example, "the README shows an example file"
    defn = definition_from_text(example.group(1), "README.md")
    assert defn.subpillar("huur").step_count == 2


# -- the library ------------------------------------------------------------------------
def test_shipped_library_holds_the_default():
    library = DefinitionLibrary([shipped_bridges_dir()])
    assert shipped_bridges_dir() == REPO / "data" / "bridges"
    assert "mm-standaard@1" in library.keys()
    entry = library.entry("mm-standaard@1")
    assert entry.shipped and entry.ok and entry.path == DEFAULT and entry.error is None
    assert library.default().key == "mm-standaard@1"
    assert library.get("mm-standaard@1") is library.default()
    assert all(e.path.suffix == ".yaml" for e in library), "README.md is not a definition"


def test_library_reads_a_teams_own_folder(tmp_path):
    own = tmp_path / "definitions"
    own.mkdir()
    text = DEFAULT.read_text(encoding="utf-8")
    (own / "standaard-v2.yaml").write_text(text.replace("version: 1", "version: 2"), encoding="utf-8")
    (own / "alphen.yaml").write_text(text.replace("id: mm-standaard", "id: alphen"), encoding="utf-8")
    shutil.copy(BROKEN / "steps_one.yaml", own / "kapot.yaml")
    (own / "notities.txt").write_text("geen definitie", encoding="utf-8")

    library = DefinitionLibrary([shipped_bridges_dir(), own, tmp_path / "bestaat-niet"])
    assert library.default().version == 2
    assert library.latest("mm-standaard").version == 2
    assert [d.version for d in library.versions("mm-standaard")] == [1, 2]
    assert library.get("mm-standaard@1").version == 1
    assert library.get("alphen@1").id == "alphen"
    assert library.entry("alphen@1").shipped is False
    assert library.entry("mm-standaard@1").shipped is True

    broken = [e for e in library.refused() if e.path.name == "kapot.yaml"]
    assert len(broken) == 1 and broken[0].key is None and broken[0].definition is None
    assert "er zijn er 1" in broken[0].error.messages("nl")[0]
    assert "notities.txt" not in [e.path.name for e in library]
    with pytest.raises(KeyError):
        library.get("bestaat-niet@1")
    with pytest.raises(KeyError):
        library.latest("bestaat-niet")


def test_own_copy_never_replaces_a_shipped_definition(tmp_path):
    own = tmp_path / "definitions"
    own.mkdir()
    shutil.copy(DEFAULT, own / "mijn-kopie.yaml")
    library = DefinitionLibrary([shipped_bridges_dir(), own])
    assert library.entry("mm-standaard@1").path == DEFAULT
    copy = next(e for e in library if e.path.name == "mijn-kopie.yaml")
    assert not copy.ok
    assert copy.error.messages("nl") == [
        "mijn-kopie.yaml: 'mm-standaard@1' is al een meegeleverde brug (in default.yaml); dit bestand is "
        "niet geladen. Geef je brug een andere id of een hoger versienummer"
    ]
    assert "'mm-standaard@1' is already a shipped bridge" in copy.error.messages("en")[0]


def test_library_reload_sees_new_files(tmp_path):
    own = tmp_path / "definitions"
    library = DefinitionLibrary([shipped_bridges_dir(), own])  # the folder does not exist yet
    count = len(library)
    own.mkdir()
    (own / "nieuw.yaml").write_text(
        DEFAULT.read_text(encoding="utf-8").replace("id: mm-standaard", "id: nieuw"), encoding="utf-8"
    )
    library.reload()
    assert len(library) == count + 1 and "nieuw@1" in library


def test_shipped_folder_follows_mm_shipped_data(tmp_path, monkeypatch):
    (tmp_path / "bridges").mkdir()
    shutil.copy(DEFAULT, tmp_path / "bridges" / "default.yaml")
    monkeypatch.setenv("MM_SHIPPED_DATA", str(tmp_path))
    assert shipped_bridges_dir() == tmp_path / "bridges"
    assert DefinitionLibrary([shipped_bridges_dir()]).default().key == "mm-standaard@1"


def test_library_without_a_default_says_so(tmp_path):
    with pytest.raises(KeyError):
        DefinitionLibrary([tmp_path]).default()
