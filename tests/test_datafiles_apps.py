"""A bad data file never stops a workbook: the apps start, the good files load, and the page
names what was left out. Tested through the apps' public functions, with broken files in the
team's folder (MM_DATA_DIR) and in a copy of the shipped data (MM_SHIPPED_DATA)."""

from __future__ import annotations

import html
import os
import shutil
from pathlib import Path

import ipywidgets as W
import pytest

from mmwidgets.apps.conversation import conversation_app
from mmwidgets.apps.plan import plan_app
from mmwidgets.apps.training import scoring_workbook
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.store import Store

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"

#: broken bridge files put in the team's definitions folder (name there -> corpus file)
TEAM_BRIDGES = {
    "dubbel-veld.yaml": DATA / "broken_bridges" / "duplicate_key.yaml",
    "versie-enorm.yaml": DATA / "broken_bridges" / "version_2_66.yaml",
    "gewichten.yaml": DATA / "broken_definitions" / "weights_sum_90.yaml",
    "kopie-standaard.yaml": REPO / "data" / "bridges" / "default.yaml",  # repeats a shipped id@version
}
TEAM_CROSSWALKS = {
    "dubbel.yaml": DATA / "broken_crosswalk_files" / "duplicate_key.yaml",
    "trede-enorm.yaml": DATA / "broken_crosswalk_files" / "step_2_66.yaml",
    "nergens.yaml": DATA / "broken_crosswalk_files" / "unknown_version.yaml",
}


def texts(widget: W.Widget) -> str:
    """Every text shown in a widget tree (string values, HTML unescaped), joined."""
    found: list[str] = []
    stack = [widget]
    while stack:
        item = stack.pop()
        value = getattr(item, "value", None)
        if isinstance(value, str):
            found.append(value)
        stack.extend(getattr(item, "children", ()) or ())
    return html.unescape("\n".join(found))


@pytest.fixture
def store(tmp_path):
    s = Store("sqlite:///" + str(tmp_path / "t.db"))
    yield s
    s.engine.dispose()


@pytest.fixture
def team_folder(tmp_path, monkeypatch) -> Path:
    """MM_DATA_DIR with broken bridges, crosswalks and named pipes in the team's folders."""
    data = tmp_path / "data"
    definitions = data / "definitions"
    crosswalks = definitions / "crosswalks"
    crosswalks.mkdir(parents=True)
    for name, source in TEAM_BRIDGES.items():
        shutil.copy(source, definitions / name)
    for name, source in TEAM_CROSSWALKS.items():
        shutil.copy(source, crosswalks / name)
    os.mkfifo(definitions / "pijp.yaml")
    os.mkfifo(crosswalks / "pijp.yaml")
    (definitions / "alphen.yaml").write_text(
        (REPO / "data" / "bridges" / "default.yaml").read_text(encoding="utf-8").replace("id: mm-standaard", "id: alphen"),
        encoding="utf-8",
    )
    monkeypatch.setenv("MM_DATA_DIR", str(data))
    return definitions


@pytest.fixture
def shipped_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the shipped data/ that a test may break (MM_SHIPPED_DATA)."""
    copy = tmp_path / "shipped"
    shutil.copytree(REPO / "data", copy)
    monkeypatch.setenv("MM_SHIPPED_DATA", str(copy))
    return copy


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_conversation_starts_with_broken_files_in_the_teams_folder(team_folder, store, lang):
    app = conversation_app(store=store, lang=lang)
    refused = {e.path.name for e in app.library.refused()}
    assert refused == set(TEAM_BRIDGES) | {"pijp.yaml"}
    assert app.definition.key == "mm-standaard@1" and app.library.entry("mm-standaard@1").shipped
    keys = [value for _label, value in app.definition_choice.options]
    assert "alphen@1" in keys and len(keys) == len(set(keys))  # the good team file loads; no key twice
    assert {e.source for e in app.crosswalks.errors} == set(TEAM_CROSSWALKS) | {"pijp.yaml"}
    assert len(app.crosswalks) == 4  # the shipped crosswalks all load
    shown = app.messages.value
    assert shown and "val." not in shown
    # every file left out is named on the screen at once, not only the last one
    assert all(name in shown for name in refused | set(TEAM_CROSSWALKS)), shown
    # and the conversation works: a client, a click, saved
    app.picker.new_name.value = "Zonnebloem"
    app.picker.create_button.click()
    app.editor.editors["housing"].buttons[3].click()
    saved = AssessmentRepo(store).current(app.client.id, app.definition)
    assert saved is not None and saved.step("housing") == 3


def test_the_library_message_names_each_refused_file_and_why(team_folder, store):
    app = conversation_app(store=store, lang="nl")
    lines = app.library.messages("nl")
    assert any(line.startswith("kopie-standaard.yaml: 'mm-standaard@1' is al een meegeleverde brug") for line in lines)
    assert any(line.startswith("pijp.yaml: dit is geen gewoon bestand") for line in lines)
    assert any(line.startswith("versie-enorm.yaml: version: het getal 73786976294838206464 is te groot") for line in lines)
    assert any(line.startswith("dubbel-veld.yaml: het veld 'id' staat twee keer") for line in lines)


def test_conversation_starts_when_the_norms_file_has_an_impossible_date(shipped_copy, store):
    norms = shipped_copy / "norms" / "sociaal-minimum.yaml"
    text = norms.read_text(encoding="utf-8")
    norms.write_text(text.replace("checked: 2025-07-01", "checked: 2025-02-31", 1), encoding="utf-8")
    app = conversation_app(store=store, lang="nl")
    app.definition_choice.value = "gemeente-schulden@1"
    assert app.definition.key == "gemeente-schulden@1"
    editor = app.editor.editors["inkomen"]  # the sub-pillar whose step rules read the norms
    assert editor.suggestion is not None and editor.suggestion.norms is None  # no suggestion, no crash
    app.picker.new_name.value = "Zonnebloem"
    app.picker.create_button.click()
    app.editor.editors["inkomen"].buttons[2].click()
    saved = AssessmentRepo(store).current(app.client.id, app.definition)
    assert saved is not None and saved.step("inkomen") == 2


def test_plan_starts_with_a_broken_reward_scheme_and_names_it(tmp_path, store, monkeypatch):
    scheme = tmp_path / "beloningen.yaml"
    shutil.copy(DATA / "broken_rewards" / "version_2_66.yaml", scheme)
    monkeypatch.setenv("MM_REWARD_SCHEME", str(scheme))
    app = plan_app(store=store, lang="nl")
    assert isinstance(app, W.VBox)
    assert "beloningen.yaml: version: het getal 73786976294838206464 is te groot" in texts(app)


def test_plan_starts_when_the_reward_scheme_is_a_pipe(tmp_path, store, monkeypatch):
    pipe = tmp_path / "pijp.yaml"
    os.mkfifo(pipe)
    monkeypatch.setenv("MM_REWARD_SCHEME", str(pipe))
    app = plan_app(store=store, lang="en")
    assert "pijp.yaml: this is not a regular file" in texts(app)


def test_a_training_workbook_with_a_broken_vignette_says_which_file_and_where(shipped_copy, store):
    vignette = shipped_copy / "training" / "vignettes" / "01-sanne.yaml"
    vignette.write_text(
        vignette.read_text(encoding="utf-8").replace("bridge: {id: mm-standaard, version: 1}", "bridge: {id: mm-standaard, version: 1}\nid: ander", 1),
        encoding="utf-8",
    )
    app = scoring_workbook(store=store, lang="nl")
    shown = texts(app)
    assert "01-sanne.yaml: het veld 'id' staat twee keer in hetzelfde blok" in shown


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_adaptation_starts_with_broken_files_and_lists_every_one(team_folder, lang):
    from mmwidgets.apps.adapt import adapt_app

    app = adapt_app(lang=lang, definitions_dir=team_folder)
    shown = html.unescape(app.refused.value)
    for name in [*TEAM_BRIDGES, "pijp.yaml"]:
        assert f"{name}: " in shown
    assert "alphen@1" in app.library and "val." not in shown


@pytest.mark.parametrize("workbook", ["coaching_workbook", "steps_workbook", "stress_workbook", "trainer_workbook"])
def test_every_training_workbook_starts_with_a_broken_exercise_file(shipped_copy, store, workbook):
    import mmwidgets.apps.training as training

    quiz = shipped_copy / "training" / "exercises" / "stress.yaml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("kind: quiz", "kind: quiz\nkind: quiz", 1), encoding="utf-8")
    app = getattr(training, workbook)(store=store, lang="en")
    assert "stress.yaml: the field 'kind' appears twice in the same block (line" in texts(app)
