"""The session summary and the agreement in words, with a small hand-made group."""

from __future__ import annotations

import datetime as dt

from mmwidgets.model.training.agreement import group_summary
from mmwidgets.model.training.content import TraineeProgress, load_training
from mmwidgets.model.training.report import agreement_words, answers_html, session_summary_html

CONTENT = load_training()
SANNE = CONTENT.vignettes["sanne"]
DEFN = CONTENT.definition_for(SANNE)


def test_words_name_where_the_group_agrees_and_where_it_differs_most():
    ids = ["housing", "care", "health"]
    answers = {"Anna": {"housing": 3, "care": 1, "health": 2}, "Bo": {"housing": 3, "care": 5, "health": 2}}
    words = agreement_words(group_summary(SANNE.reference_steps(), answers, ids), DEFN, "nl")
    housing, care, health = (DEFN.subpillar(s).name.get("nl") for s in ids)
    assert words == [
        f"De groep is het grotendeels eens over {housing} en {health}.",
        f"Over {care} verschilt de groep het meest: van trede 1 tot 5.",
    ]
    alone = agreement_words(group_summary(SANNE.reference_steps(), {"Anna": {"housing": 3}}, ids), DEFN, "en")
    assert alone == ["Too few answers yet to say anything about the group: at least two participants are needed."]


def test_the_summary_page_holds_the_steps_beside_the_reference_and_escapes_what_trainees_typed():
    progress = [TraineeProgress("Anna", {"housing": 4}), TraineeProgress("Bo", {"housing": 2})]
    item = CONTENT.coach.items[0]
    responses = {"coach_open": {item.id: [("Bo", "<img src=x onerror=alert(1)>")]}}
    page = session_summary_html("BRUG-1234-KXPT", dt.datetime(2026, 11, 30, 9), CONTENT, {"sanne": progress}, responses, "nl")
    assert "Trainingssessie BRUG-1234-KXPT" in page and "30 november 2026" in page
    reference = SANNE.reference_steps()["housing"]
    assert f"<td>{reference}</td>" in page and "<td>Anna</td><td>4</td>" in page
    assert "&lt;img src=x" in page and "<img" not in page
    assert "Coachen: eigen woorden" in page


def test_answers_without_any_answer_say_so():
    assert "No answers to this exercise yet." in answers_html("quiz", CONTENT, {}, "en")
