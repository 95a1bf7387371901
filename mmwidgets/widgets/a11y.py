"""Small shared helpers for accessibility (issue 19), used by every area's widgets.

- ``name_control(widget, text)``: give a Dropdown, Select, Text or slider a name a screen
  reader reads, without a visible label (the widget's own ``<label for>``, hidden by the
  ``mm-label-hidden`` rule in mm.css). Call it again when the language changes.
- ``expose_pressed``: nothing to call: the template's mm-a11y.js sets ``aria-pressed`` on
  every bridge step (``mm-step`` / ``mm-step-selected``) and toggle button (``mod-active``).
- ``live(widget)``: mark an HTML widget as a polite live region (messages and the saved
  badge are already: ``mm-message`` / ``mm-saved``).
"""

from __future__ import annotations

import ipywidgets as W

HIDDEN_LABEL = "mm-label-hidden"
LIVE = "mm-live"


def name_control(widget: W.Widget, text: str) -> W.Widget:
    """Name ``widget`` for assistive technology with ``text`` (a catalogue text)."""
    widget.description = text
    widget.add_class(HIDDEN_LABEL)
    return widget


def live(widget: W.Widget) -> W.Widget:
    """Have changes of ``widget`` announced politely (role=status, aria-live=polite)."""
    widget.add_class(LIVE)
    return widget
