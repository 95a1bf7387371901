"""The stress check-in before anything is chosen (issue 18): no number beside "Nog niet
ingevuld", and the state said to a screen reader through the slider's name."""

from __future__ import annotations

from mmwidgets.i18n import t
from mmwidgets.widgets.conversation.stress_checkin import StressCheckin


def test_nothing_chosen_shows_no_number_and_says_so():
    checkin = StressCheckin("nl")
    checkin.load(None, "")
    assert checkin.level.readout is False  # no "0" beside "Nog niet ingevuld"
    assert "mm-stress-unset" in checkin.level._dom_classes
    assert t("stress.unset", "nl") in checkin.unset.value
    assert "mm-unset-text" in checkin.unset._dom_classes, "mm-a11y.js reads it as the handle's spoken value"
    assert checkin.level.description == f"{t('a11y.label_stress', 'nl')}: {t('stress.unset', 'nl').lower()}"


def test_a_chosen_level_shows_its_number_and_the_plain_name():
    checkin = StressCheckin("nl")
    checkin.load(None, "")
    said = []
    checkin.on_change(said.append)
    checkin.level.value = 4  # the client moves the slider
    assert said == [{"stress": 4}]
    assert checkin.level.readout is True and checkin.unset.value == ""
    assert "mm-stress-unset" not in checkin.level._dom_classes
    assert checkin.level.description == t("a11y.label_stress", "nl")
    checkin.load(7, "drukke week")  # a saved level: shown as a number, nothing emitted
    assert said == [{"stress": 4}] and checkin.level.readout is True and checkin.level.value == 7


def test_the_language_switch_keeps_the_state():
    checkin = StressCheckin("nl")
    checkin.load(None, "")
    checkin.set_lang("en")
    assert checkin.level.readout is False
    assert t("stress.unset", "en") in checkin.unset.value
    assert checkin.level.description.startswith(t("a11y.label_stress", "en"))
    checkin.load(0, "")  # 0 chosen is an answer: shown
    assert checkin.level.readout is True and checkin.unset.value == ""
