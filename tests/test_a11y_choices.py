"""A chosen answer says so to a screen reader (issue 19): exercise 2's reply buttons carry
``mm-choice`` and, when chosen, ``mm-chosen`` (mm-a11y.js turns that into aria-pressed)."""

from __future__ import annotations

from mmwidgets.model.training.content import load_training
from mmwidgets.widgets.training.coach import CoachExercise


def test_the_chosen_reply_is_marked_and_only_that_one():
    ex = CoachExercise(load_training().coach, load_training().vignettes, "nl")
    assert all("mm-choice" in b._dom_classes for b in ex.reply_buttons)
    assert not any("mm-chosen" in b._dom_classes for b in ex.reply_buttons)
    ex.choose(1)
    assert ["mm-chosen" in b._dom_classes for b in ex.reply_buttons[:2]] == [False, True]
    ex.choose(0)
    assert ["mm-chosen" in b._dom_classes for b in ex.reply_buttons[:2]] == [True, False]
    ex.go(1)  # the next item: nothing chosen there yet
    assert not any("mm-chosen" in b._dom_classes for b in ex.reply_buttons)
