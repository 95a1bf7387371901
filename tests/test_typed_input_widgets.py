"""Typed input through the widgets: the conversation workbook's client picker and the training
join panel show the translated refusal next to the field, and nothing is stored."""

from __future__ import annotations

import pytest

from mmwidgets.apps.conversation import conversation_app
from mmwidgets.apps.training import scoring_workbook
from mmwidgets.model.bridge.library import DefinitionLibrary, shipped_bridges_dir
from mmwidgets.model.training.content import load_training
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store
from mmwidgets.store.training.repo import TrainingRepo

ZWSP = "\u200b"
RLO = "\u202e"
GENERAL_ERROR = ("Er ging iets mis", "Something went wrong")


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    yield s
    s.dispose()


@pytest.fixture
def app(store, tmp_path):
    library = DefinitionLibrary([shipped_bridges_dir(), tmp_path / "own"])
    return conversation_app(store=store, lang="nl", library=library)


def type_new_client(app, name: str) -> None:
    app.picker.new_name.value = name
    app.picker.create_button.click()


def no_general_error(text: str) -> bool:
    return not any(general in text for general in GENERAL_ERROR)


@pytest.mark.parametrize(
    "name, shown",
    [
        ("123/456/782", "BSN"),
        (f"123{ZWSP}456{ZWSP}782", "BSN"),
        ("123.456.782", "BSN"),
        ("Anna\x00", "U+0000"),
        (f"foto{RLO}gnp.exe", "leesrichting"),
        ("   ", "schuilnaam"),
        ("x" * 61, "hoogstens 60 tekens"),
    ],
)
def test_a_refused_new_client_name_shows_its_message_and_nothing_is_stored(app, store, name, shown):
    type_new_client(app, name)
    assert shown in app.messages.value and "Naam:" in app.messages.value
    assert no_general_error(app.messages.value)
    assert app.client is None
    assert ClientRepo(store).search("") == []
    assert app.picker.new_name.value == name  # kept, so the coach can correct it
    assert shown in app.picker.new_problem.value  # and the reason shown under the field


def test_the_refusal_is_in_english_on_the_english_page(store, tmp_path):
    library = DefinitionLibrary([shipped_bridges_dir(), tmp_path / "own"])
    app = conversation_app(store=store, lang="en", library=library)
    type_new_client(app, "123/456/782")
    assert "Name: this looks like a citizen service number (BSN)" in app.messages.value
    app.set_lang("nl")  # the reason under the field follows the language
    assert "Naam: dit lijkt op een BSN" in app.picker.new_problem.value


def test_the_reason_under_the_field_goes_once_a_name_is_accepted(app):
    type_new_client(app, "123/456/782")
    assert "BSN" in app.picker.new_problem.value
    type_new_client(app, "Zonnebloem")
    assert app.client is not None and app.picker.new_problem.value == ""


def test_a_name_with_a_zero_width_space_is_stored_without_it(app, store):
    type_new_client(app, f"Zonne{ZWSP}bloem")
    assert app.client is not None and app.client.pseudonym == "Zonnebloem"
    assert [c.pseudonym for c in ClientRepo(store).search("zonnebloem")] == ["Zonnebloem"]


def test_a_megabyte_search_text_says_too_long_next_to_the_field(app, store):
    ClientRepo(store).create("Zonnebloem")
    app.picker.search_box.value = "zonne"
    assert [label for label, _ in app.picker.matches.options] == ["Zonnebloem"]
    assert "te lang" not in app.messages.value  # the refusal went once the text was fine again
    app.picker.search_box.value = "a" * 1_000_000
    for where in (app.picker.hint.value, app.messages.value):
        assert "Zoeken: deze tekst is te lang (hoogstens 100 tekens)" in where
        assert no_general_error(where)
    assert app.picker.matches.options == ()
    assert len(app.picker.hint.value) < 500  # the text itself is not echoed back
    app.picker.search_box.value = "zonne"
    assert [label for label, _ in app.picker.matches.options] == ["Zonnebloem"]
    assert "te lang" not in app.messages.value  # the refusal went once the text was fine again


def test_a_search_text_with_nul_is_refused_kindly_also_on_a_language_switch(app, store):
    app.picker.search_box.value = "zon\x00"
    assert "U+0000" in app.picker.hint.value and no_general_error(app.messages.value)
    app.picker.lang = "en"  # re-runs the search in the observer: no exception escapes
    assert "Search: this text holds a character that cannot be typed (U+0000)" in app.picker.hint.value


def test_a_nickname_that_is_too_long_in_lower_case_is_refused_in_the_join_panel(store):
    repo = TrainingRepo(store)
    code = repo.create_session("mm-standaard@1").code
    app = scoring_workbook(store=store, lang="nl", content=load_training())
    app.join_panel.join(code, "ß" * 11)
    assert "kleine letters te lang" in app.join_panel.messages.value and app.trainee is None
    app.join_panel.join(code, "Anna\x00")
    assert "Bijnaam:" in app.join_panel.messages.value and "U+0000" in app.join_panel.messages.value
    assert no_general_error(app.join_panel.messages.value)
    assert app.trainee is None
    session = repo.session(code)
    assert repo.trainees(session.id) == []
