"""Friendly messages instead of lost exceptions.

An exception in a widget callback after the page rendered is silently lost in Voila.
Every callback is wrapped with :func:`guarded`: bad input (``InvalidInput``) shows its
translated message; anything else is logged with a short reference code and the user sees
a calm, translated sentence, never a traceback.
"""

from __future__ import annotations

import functools
import html
import logging
import secrets
from typing import Any, Callable

import ipywidgets as W
import traitlets

from mmwidgets.i18n import t
from mmwidgets.model.assessment import InvalidInput
from mmwidgets.model.bridge.files import DataFileError

log = logging.getLogger("mmwidgets")


class MessageArea(W.HTML):
    """One line for feedback: info, success, warning or error. Text is always escaped."""

    lang = traitlets.Unicode("nl")
    kind = traitlets.Unicode("")

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.add_class("mm-message")

    def show(self, text: str, kind: str = "info") -> None:
        self.kind = kind
        self.value = f'<div class="mm-msg mm-msg-{kind}" role="status">{html.escape(text)}</div>'

    def show_lines(self, lines: list[str], kind: str = "error") -> None:
        self.kind = kind
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        self.value = f'<div class="mm-msg mm-msg-{kind}" role="alert"><ul>{items}</ul></div>'

    def clear(self) -> None:
        self.kind = ""
        self.value = ""


def report(messages: MessageArea, exc: BaseException, lang: str | None) -> None:
    """Show ``exc`` to the user in their language; log what the user should not see."""
    if isinstance(exc, InvalidInput):
        messages.show(exc.message(lang), "error")
    elif isinstance(exc, DataFileError):
        messages.show_lines(exc.messages(lang), "error")
    else:
        ref = secrets.token_hex(3)
        log.exception("callback failed (ref %s)", ref, exc_info=exc)
        messages.show(t("app.error", lang, ref=ref), "error")


def guarded(messages: MessageArea, lang: Callable[[], str] | None = None):
    """Decorator for widget callbacks: errors become messages in ``messages``."""

    def wrap(callback: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(callback)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return callback(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - the point is to catch everything
                report(messages, exc, lang() if lang else messages.lang)
                return None

        return run

    return wrap
