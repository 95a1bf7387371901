"""Training material: the shipped vignettes and exercises load, and broken files are refused
with a clear message naming the file and the place."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mmwidgets.i18n import catalogue
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import DataFileError, shipped_data_dir
from mmwidgets.model.training.content import (
    QUIZ_TOPICS,
    coach_from_data,
    load_training,
    load_vignette,
    load_vignettes,
    quiz_from_data,
    reply_signals,
    vignette_from_text,
)

DATA = shipped_data_dir() / "training"
DEFAULT = load_definition(shipped_data_dir() / "bridges" / "default.yaml")
DEFS = {DEFAULT.key: DEFAULT}
SANNE = (DATA / "vignettes" / "01-sanne.yaml").read_text(encoding="utf-8")


def sanne_data() -> dict:
    return yaml.safe_load(SANNE)


def refused(data: dict, source: str = "kapot.yaml") -> DataFileError:
    with pytest.raises(DataFileError) as info:
        vignette_from_text(yaml.safe_dump(data, allow_unicode=True), source, DEFS)
    return info.value


# -- the shipped material --------------------------------------------------------------
def test_shipped_training_material_loads():
    content = load_training()
    assert len(content.vignettes) >= 8
    assert len(content.coach.items) >= 8
    assert len(content.quiz.questions) >= 8
    assert set(content.definitions) == {"mm-standaard@1"}


def test_every_vignette_has_a_reference_for_every_subpillar_with_a_rationale():
    for vignette in load_vignettes(definitions=DEFS).values():
        assert set(vignette.reference) == set(DEFAULT.subpillar_ids()), vignette.id
        for sub_id, ref in vignette.reference.items():
            assert 1 <= ref.step <= DEFAULT.subpillar(sub_id).step_count
            for lang in ("nl", "en"):
                why = ref.why.get(lang)
                assert 15 < len(why) < 200 and "\n" not in why, (vignette.id, sub_id, lang)
        assert DEFAULT.has_subpillar(vignette.first_goal.subpillar)
        assert 3 <= len(vignette.first_goal.actions) <= 6
        assert len(vignette.trainer_notes) >= 2


def test_the_vignettes_cover_the_cases_the_training_asks_for():
    vignettes = load_vignettes(definitions=DEFS)
    text = " ".join(v.title.nl + " " + v.summary.nl + " " + " ".join(p.nl for p in v.story) for v in vignettes.values())
    for needle in ("schuldregeling", "startkwalificatie", "55", "statushouder", "licht verstandelijke beperking",
                   "ontruiming", "zelfstandig", "rug"):
        assert needle in text, needle
    assert any(v.pictures for v in vignettes.values())
    assert all(p.icon for v in vignettes.values() if v.pictures for p in v.story)
    # the references are varied: every step 1..5 is used somewhere
    used = {ref.step for v in vignettes.values() for ref in v.reference.values()}
    assert used == {1, 2, 3, 4, 5}


def test_coach_items_have_coaching_and_steering_replies_and_model_answers():
    coach = load_training().coach
    for item in coach.items:
        assert 3 <= len(item.replies) <= 4
        assert any(r.coaches for r in item.replies) and not all(r.coaches for r in item.replies)
        assert item.model_answers and all(r.feedback.nl and r.feedback.en for r in item.replies)


def test_quiz_covers_every_topic_with_one_right_answer():
    quiz = load_training().quiz
    assert {q.topic for q in quiz.questions} == set(QUIZ_TOPICS)
    for q in quiz.questions:
        assert sum(o.correct for o in q.options) == 1
        assert len(q.explanation.nl) > 80


# -- broken vignettes are refused, naming file and place ---------------------------------
def test_unknown_subpillar_is_refused():
    data = sanne_data()
    data["reference"]["woning"] = data["reference"].pop("housing")
    err = refused(data)
    nl = err.messages("nl")
    assert any(m.startswith("kapot.yaml: reference.woning: ") and "onbekend onderdeel 'woning'" in m for m in nl)
    assert any("reference: " in m and "'housing'" in m for m in nl)  # and housing is now missing
    assert any("unknown sub-pillar 'woning'" in m for m in err.messages("en"))


def test_step_outside_the_range_is_refused():
    data = sanne_data()
    data["reference"]["debts"]["step"] = 6
    err = refused(data)
    assert err.messages("nl") == ["kapot.yaml: reference.debts.step: trede 6 bestaat niet; kies 1 tot en met 5"]
    assert err.messages("en") == ["kapot.yaml: reference.debts.step: step 6 does not exist; choose 1 to 5"]
    data["reference"]["debts"]["step"] = 0
    assert "trede 0 bestaat niet" in refused(data).messages("nl")[0]


def test_missing_reference_is_refused():
    data = sanne_data()
    del data["reference"]["savings"]
    assert refused(data).messages("en") == [
        "kapot.yaml: reference: the reference step for sub-pillar 'savings' is missing; "
        "every sub-pillar of the bridge needs a reference"
    ]


def test_unknown_bridge_or_version_is_refused():
    data = sanne_data()
    data["bridge"]["version"] = 9
    assert "mm-standaard@9" in refused(data).messages("nl")[0]
    data["bridge"] = {"id": "andere-brug", "version": 1}
    assert refused(data).messages("en") == [
        "kapot.yaml: bridge: the bridge 'andere-brug@1' was not found; check that id and version match a file in data/bridges"
    ]


def test_form_errors_are_refused_with_their_place():
    data = sanne_data()
    data["reference"]["care"]["step"] = "drie"
    data["first_goal"]["actions"][0]["who"] = "buurman"
    data["story"][0]["nl"] = ""
    data["titel"] = "typo"
    messages = refused(data).messages("nl")
    places = [m.split(": ")[1] for m in messages]
    assert "reference.care.step" in places
    assert "first_goal.actions[0].who" in places
    assert "story[0].nl" in places
    assert "titel" in places
    assert all("val." not in m for m in messages)


def test_goal_subpillar_must_exist():
    data = sanne_data()
    data["first_goal"]["subpillar"] = "geluk"
    assert refused(data).messages("nl") == ["kapot.yaml: first_goal.subpillar: onbekend onderdeel 'geluk'"]


def test_pictures_need_an_icon_per_paragraph():
    data = sanne_data()
    data["pictures"] = True
    data["story"][0]["icon"] = "🏠"
    messages = refused(data).messages("en")
    assert messages[0].startswith("kapot.yaml: ") and "paragraph 2 needs a picture" in messages[0]


def test_a_broken_file_in_a_folder_is_named(tmp_path: Path):
    (tmp_path / "goed.yaml").write_text(SANNE, encoding="utf-8")
    data = sanne_data()
    data["id"] = "ander"
    data["reference"]["health"]["step"] = 7
    (tmp_path / "fout.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_vignettes(tmp_path, DEFS)
    assert info.value.messages("nl") == [
        "fout.yaml: reference.health.step: trede 7 bestaat niet; kies 1 tot en met 5"
    ]
    (tmp_path / "ook-fout.yaml").write_text("id: [", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_vignettes(tmp_path, DEFS)
    assert info.value.messages("en") == [
        f"{tmp_path.name}: fout.yaml: reference.health.step: step 7 does not exist; choose 1 to 5",
        f"{tmp_path.name}: ook-fout.yaml: this is not valid YAML (around line 1)",
    ]


def test_duplicate_vignette_ids_in_a_folder_are_refused(tmp_path: Path):
    (tmp_path / "a.yaml").write_text(SANNE, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(SANNE, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_vignettes(tmp_path, DEFS)
    assert any("b.yaml" in m and "'sanne'" in m for m in info.value.messages("nl"))


def test_load_vignette_reads_a_file():
    v = load_vignette(DATA / "vignettes" / "01-sanne.yaml", DEFS)
    assert v.id == "sanne" and v.reference_steps()["debts"] == 4


# -- exercise files -------------------------------------------------------------------------
def coach_data() -> dict:
    return yaml.safe_load((DATA / "exercises" / "coach.yaml").read_text(encoding="utf-8"))


def test_coach_item_naming_an_unknown_vignette_is_refused():
    data = coach_data()
    data["items"][1]["vignette"] = "niemand"
    with pytest.raises(DataFileError) as info:
        coach_from_data(data, "coach.yaml", set(load_vignettes(definitions=DEFS)))
    assert info.value.messages("nl") == ["coach.yaml: items[1].vignette: er is geen casus met id 'niemand'"]


def test_coach_item_needs_both_kinds_of_reply():
    data = coach_data()
    for reply in data["items"][0]["replies"]:
        reply["coaches"] = True
    with pytest.raises(DataFileError) as info:
        coach_from_data(data, "coach.yaml")
    assert "items[0].replies" in info.value.messages("en")[0]
    assert "at least one coaching" in info.value.messages("en")[0]


def test_quiz_question_needs_exactly_one_right_answer():
    data = yaml.safe_load((DATA / "exercises" / "stress.yaml").read_text(encoding="utf-8"))
    data["questions"][2]["options"][0]["correct"] = True
    with pytest.raises(DataFileError) as info:
        quiz_from_data(data, "stress.yaml")
    assert info.value.messages("nl") == [
        "stress.yaml: questions[2].options: precies één antwoord moet goed zijn (correct: true); nu zijn het er 2"
    ]


# -- open replies --------------------------------------------------------------------------
def test_reply_signals_find_steering_words_and_questions():
    words = load_training().coach.steering_words
    steer = reply_signals("Je moet gewoon de BSO bellen.", words, "nl")
    assert steer.steering == ("je moet", "gewoon") and not steer.asks
    coach = reply_signals("Welke mogelijkheden zie je zelf?", words, "nl")
    assert coach.steering == () and coach.asks
    # whole words only: "gewoonte" is not "gewoon"
    assert reply_signals("Is dat een gewoonte geworden?", words, "nl").steering == ()
    assert reply_signals("You should just call them.", words, "en").steering == ("you should", "just")


def test_catalogue_has_both_languages_for_training_keys():
    keys = {k: v for k, v in catalogue().items() if k.startswith(("train.", "val.train_"))}
    assert keys
    for key, texts in keys.items():
        assert texts.get("nl") and texts.get("en"), key


# -- exercise 3 remarks --------------------------------------------------------------------
def test_steps_notes_look_at_the_whole_first_plan():
    import datetime as dt

    from mmwidgets.model.training.content import steps_notes

    today = dt.date(2026, 3, 9)
    soon, late = today + dt.timedelta(days=2), today + dt.timedelta(days=10)

    def codes(actions):
        return [n.code for n in steps_notes(actions, today)]

    assert codes([]) == ["none"]
    assert codes([("bellen", "client", soon)]) == ["few"]
    assert codes([("a", "client", soon), ("b", "client", late)]) == []
    assert codes([("a", "client", late), ("b", "coach", late)]) == ["first_late"]
    assert codes([("a", "client", None), ("b", "client", None)]) == []  # no dates: the plan checks say so
    assert codes([("a", "coach", soon), ("b", "other", soon)]) == ["no_client"]
    assert codes([("a", "client", soon), ("b", "coach", soon), ("c", "coach", soon)]) == ["coach_heavy"]
    six = [(str(i), "client", soon) for i in range(6)]
    many = steps_notes(six, today)
    assert [n.code for n in many] == ["many"] and many[0].values == {"count": 6, "max": 5}


def test_every_training_key_used_in_the_code_is_in_the_catalogue():
    import re

    root = Path(__file__).resolve().parents[1] / "mmwidgets"
    source = "".join(p.read_text(encoding="utf-8") for p in root.rglob("*.py"))
    used = set(re.findall(r"[\"'](train\.[a-z0-9_]+)[\"']", source))
    used |= {f"val.{code}" for code in re.findall(r"[\"'](train_[a-z_]+)[\"']", source)}
    dynamic = {f"train.steps_{c}" for c in ("none", "few", "many", "first_late", "no_client", "coach_heavy")}
    dynamic |= {f"train.topic_{t}" for t in QUIZ_TOPICS} | {f"train.coach_mode_{m}" for m in ("choose", "open")}
    dynamic |= {f"train.who_{w}" for w in ("client", "coach", "together", "other")}
    missing = sorted(k for k in used | dynamic if k not in catalogue())
    assert missing == []
