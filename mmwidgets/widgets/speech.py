""""Voorlezen" (read aloud, issue 19): controls beside a text that read it with the browser's
own speech synthesis (``speechSynthesis``), a Dutch voice where the device has one.

The controls are plain HTML written here (texts from the catalogue, the text to read in a
``data-`` attribute, everything html-escaped); the template's mm-speech.js speaks on a click,
with "Langzamer" (slower) and "Stop". Where a device has no voice, the controls say so.
No text leaves the device: nothing is sent to the kernel or anywhere else.

    speak_html(text, lang, what="trede 3")   # an HTML snippet for any HTML widget
    SpeakButton(text, lang)                   # a widget; .set(text, lang) to change it
    goal_reading(goal, lang, today)           # what the plan's "Voorlezen" reads for one goal
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import ipywidgets as W

from mmwidgets.i18n import normalise_language, t
from mmwidgets.model.plan import value_text, who_label

#: the BCP 47 tag a voice is looked up by
VOICE_LANG = {"nl": "nl-NL", "en": "en-GB"}

_SPEAKER = (
    '<svg class="mm-speak-icon" aria-hidden="true" focusable="false" width="18" height="18" viewBox="0 0 24 24">'
    '<path fill="currentColor" d="M3 9v6h4l5 4V5L7 9H3zm13.5 3a4.5 4.5 0 0 0-2.5-4v8a4.5 4.5 0 0 0 2.5-4z'
    'M14 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6z"/></svg>'
)


def speak_html(text: str, lang: str = "nl", what: str | None = None, compact: bool = False) -> str:
    """The "Voorlezen" controls for ``text`` (user text allowed: it is escaped).

    ``compact``: only a speaker button (named "Lees voor: <what>" for a screen reader) and
    Stop while it speaks, for beside every step text; "Langzamer" holds for the whole page."""
    lang = normalise_language(lang)
    esc = lambda s: html.escape(s, quote=True)  # noqa: E731
    label = t("a11y.speak", lang)
    named = t("a11y.speak_named", lang, what=what) if what else label
    slower = (
        "" if compact else
        f'<button type="button" class="mm-speak-slow" aria-pressed="false">{esc(t("a11y.speak_slower", lang))}</button>'
    )
    shown = "" if compact else f" {esc(label)}"
    return (
        f'<span class="mm-speak-controls{" mm-speak-compact" if compact else ""}" lang="{lang}" data-mm-speak-text="{esc(text)}"'
        f' data-mm-speak-lang="{VOICE_LANG[lang]}" data-mm-no-voice="{esc(t("a11y.speak_no_voice", lang))}"'
        f' data-mm-no-lang-voice="{esc(t("a11y.speak_no_lang_voice", lang))}">'
        f'<button type="button" class="mm-speak" aria-pressed="false" aria-label="{esc(named)}">'
        f"{_SPEAKER}{shown}</button>"
        f"{slower}"
        f'<button type="button" class="mm-speak-stop" hidden>{esc(t("a11y.speak_stop", lang))}</button>'
        '<span class="mm-speak-status" role="status" aria-live="polite"></span>'
        "</span>"
    )


class SpeakButton(W.HTML):
    """An HTML widget holding the "Voorlezen" controls for one text."""

    def __init__(self, text: str = "", lang: str = "nl", what: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.add_class("mm-speak-box")
        self.set(text, lang, what)

    def set(self, text: str, lang: str = "nl", what: str | None = None) -> None:
        self.text = text
        self.value = speak_html(text, lang, what) if text.strip() else ""


_DROP = re.compile(r"<(head|style|script|title)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK = re.compile(r"</?(p|div|h[1-6]|li|tr|br|section|table|ul|ol)\b[^>]*>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")


def text_of_html(page: str) -> str:
    """What a page says, as text to read aloud: no head, styles or scripts; blocks end a sentence."""
    body = _BLOCK.sub(". ", _DROP.sub(" ", page))
    text = " ".join(html.unescape(_TAGS.sub(" ", body)).split())
    text = re.sub(r"(\s*\.\s*){2,}", ". ", text)
    return re.sub(r"\s+([.,:;!?])", r"\1", text).strip(" .")


def goal_reading(goal: Any, lang: str, today: dt.date) -> str:
    """What "Voorlezen" reads for one goal of the plan: the goal in the client's words, why, when
    it is reached, then each small step with who does it and when (as the plan shows them)."""
    lang = normalise_language(lang)
    said = [f"{t('plan.ui.goal', lang)}: {goal.text}."]
    for key, value in (("plan.field.why", goal.why), ("plan.field.done_when", goal.done_when)):
        if value and value.strip():
            said.append(f"{t(key, lang)}: {value.strip()}.")
    if goal.actions:
        said.append(f"{t('plan.ui.actions', lang)}:")
        for action in goal.actions:
            state = action.state(today)
            if state == "done":
                when = t("plan.ui.done_on", lang, date=value_text("done_on", action.done_on, lang))
            elif state == "overdue":
                when = t("plan.ui.overdue", lang)
            elif action.due is not None:
                when = value_text("due", action.due, lang)
            else:
                when = t("plan.ui.no_date", lang)
            who = who_label(action.who, action.who_name, lang)
            when = when[:1].upper() + when[1:]
            said.append(f"{action.what}. {t('plan.field.who', lang)}: {who}. {when}." if who else f"{action.what}. {when}.")
    return " ".join(said)
