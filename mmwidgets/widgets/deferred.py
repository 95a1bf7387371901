"""A panel built the first time it is shown, so a page opens with fewer widgets.

Calls made before it is built (``set_client``, ``set_lang``, ``set_focus``) are remembered
and replayed, in that order, when it is built.
"""

from __future__ import annotations

from typing import Any, Callable

import ipywidgets as W

REPLAYED = ("set_lang", "set_client", "set_focus")


class DeferredPanel(W.VBox):
    def __init__(self, factory: Callable[[], W.Widget]):
        super().__init__()
        self.add_class("mm-deferred")
        self._factory = factory
        self._calls: dict[str, tuple[Any, ...]] = {}
        self.panel: W.Widget | None = None

    def build(self) -> W.Widget:
        if self.panel is None:
            self.panel = self._factory()
            for name in REPLAYED:
                if name in self._calls:
                    getattr(self.panel, name)(*self._calls[name])
            self._calls.clear()
            self.children = [self.panel]
        return self.panel

    def _call(self, name: str, *args: Any) -> None:
        if self.panel is None:
            self._calls[name] = args
        else:
            getattr(self.panel, name)(*args)

    def set_lang(self, lang: str) -> None:
        self._call("set_lang", lang)

    def set_client(self, client_id: int) -> None:
        self._call("set_client", client_id)

    def set_focus(self, definition: Any, assessment: Any) -> None:
        self._call("set_focus", definition, assessment)
