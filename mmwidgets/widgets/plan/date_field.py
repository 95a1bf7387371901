"""A date typed as text (``20-3``, ``vrijdag``, ``over 2 weken``), with its message right beside it.

ipywidgets' DatePicker shows mm/dd/yyyy in a Dutch browser, so the plan's dates are text fields
read by :mod:`mmwidgets.model.dates`. Under the field: the date as understood (``→ vrijdag 13
maart 2026``) or, when it was refused, the message in the user's language, next to the field
and not out of view at the top of the page.

    field = DateField("mm-plan-target-date")
    field.set_texts(label, placeholder)
    field.show_value(date_or_None, lang)   # puts dd-mm-jjjj in the field, without emitting
    field.fail(exc, lang)                   # the refusal, beside the field
"""

from __future__ import annotations

import datetime as dt
import html

import ipywidgets as W
from babel.dates import format_date

from mmwidgets.i18n import normalise_language
from mmwidgets.model.dates import has_time, typed_form
from mmwidgets.model.errors import InvalidInput

_e = html.escape


def spelled(moment: dt.date | dt.datetime, lang: str) -> str:
    """``vrijdag 13 maart 2026`` (and ``14:30`` when an appointment has a time)."""
    lang = normalise_language(lang)
    day = moment.date() if isinstance(moment, dt.datetime) else moment
    text = format_date(day, "EEEE d MMMM y", locale=lang)
    if isinstance(moment, dt.datetime) and has_time(moment):
        text += f" {moment.hour:02d}:{moment.minute:02d}"
    return text


class DateField(W.VBox):
    """A labelled text field for a date, what it was read as, and its message."""

    def __init__(self, css: str, width: str = "17em"):
        self.label = W.HTML().add_class("mm-plan-field-label")
        self.text = W.Text(continuous_update=False, layout=W.Layout(width=width, min_width="9em"))
        self.text.add_class(css)
        self.text.add_class("mm-plan-date")
        self.shown = W.HTML().add_class("mm-plan-date-shown")
        self.error = W.HTML().add_class("mm-plan-field-error")
        # the date as read goes UNDER the field, in a line kept free for it: nothing jumps while typing
        super().__init__([self.label, self.text, self.shown, self.error])
        self.add_class("mm-plan-date-field")

    def set_texts(self, label: str, placeholder: str) -> None:
        self.label.value = f"<label>{_e(label)}</label>" if label else ""
        self.text.placeholder = placeholder

    def show_value(self, value: dt.date | dt.datetime | None, lang: str) -> None:
        """Show a saved value (the caller keeps its observers quiet)."""
        self.text.value = typed_form(value)
        self.shown.value = f"<small>→ {_e(spelled(value, lang))}</small>" if value is not None else ""
        self.error.value = ""

    def fail(self, exc: InvalidInput, lang: str) -> None:
        self.shown.value = ""
        self.error.value = f"<span role='alert'>{_e(exc.message(lang))}</span>"

    def clear_error(self) -> None:
        self.error.value = ""
