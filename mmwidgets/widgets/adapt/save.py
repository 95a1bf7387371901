"""SaveBar: a file name, "save as a new bridge", and a second button to confirm overwriting."""

from __future__ import annotations

import html
from typing import Any, Callable

import ipywidgets as W
import traitlets

from mmwidgets.i18n import t
from mmwidgets.widgets.feedback import MessageArea, guarded


class SaveBar(W.VBox):
    """Calls ``on_save(name, overwrite)``; :meth:`ask_overwrite` shows the "Ja, overschrijven" button."""

    lang = traitlets.Unicode("nl")

    def __init__(self, messages: MessageArea, lang: str = "nl"):
        self.heading = W.HTML()
        self.name = W.Text(continuous_update=True, layout=W.Layout(width="28em")).add_class("mm-adapt-file")
        self.suffix = W.HTML("")  # the file's extension is not the designer's business
        self.save = W.Button(button_style="primary", icon="save").add_class("mm-adapt-save")
        self.overwrite = W.Button(button_style="warning", layout=W.Layout(display="none"))
        self.overwrite.add_class("mm-adapt-overwrite")
        self.cancel = W.Button(layout=W.Layout(display="none")).add_class("mm-adapt-overwrite-cancel")
        self.status = MessageArea().add_class("mm-adapt-save-status")
        #: after saving a variant of another bridge: carry its conversations over (a crosswalk)
        self.make_crosswalk = W.Button(icon="link", layout=W.Layout(width="auto", display="none"))
        self.make_crosswalk.add_class("mm-adapt-crosswalk-make")
        self.where = W.HTML().add_class("mm-adapt-save-where")
        self.details = W.HTML().add_class("mm-adapt-save-details")
        self.advanced = W.Accordion([self.details]).add_class("mm-adapt-advanced")
        self.advanced.selected_index = None
        self._saved: tuple[str, str] | None = None
        self._handlers: list[Callable[[str, bool], Any]] = []
        self._pending: str | None = None
        # the file name is a tool word: it follows the bridge's name, and can be changed under Geavanceerd
        self.advanced.children = (W.VBox([self.name, self.details]),)
        super().__init__(
            [self.heading,
             W.HBox([self.save, self.overwrite, self.cancel], layout=W.Layout(flex_flow="row wrap")),
             self.status, self.make_crosswalk, self.where, self.advanced]
        )
        self.add_class("mm-adapt-savebar")
        guard = guarded(messages, lambda: self.lang)
        self.save.on_click(guard(self._on_save))
        self.overwrite.on_click(guard(self._on_overwrite))
        self.cancel.on_click(guard(lambda _b: self.clear_question()))
        self.name.observe(guard(lambda _c: self.clear_question()), "value")
        self.lang = lang
        self._folder = ""

    def on_save(self, handler: Callable[[str, bool], Any]) -> None:
        self._handlers.append(handler)

    def set_folder(self, folder: str) -> None:
        self._folder = folder
        self._texts()

    def show_saved(self, file_name: str, key: str) -> None:
        """Where it went, for those who open "Geavanceerd"."""
        self._saved = (file_name, key)
        self._texts()

    def ask_overwrite(self, name: str) -> None:
        """An own bridge of that name exists: ask before replacing it (a second, explicit button)."""
        self._pending = self.name.value
        self.status.show(t("adapt.ui.exists", self.lang, file=name), "warning")
        self.overwrite.layout.display = None
        self.cancel.layout.display = None

    def clear_question(self) -> None:
        if self._pending is not None:
            self._pending = None
            self.overwrite.layout.display = "none"
            self.cancel.layout.display = "none"
            self.status.clear()

    def _on_save(self, _button: Any) -> None:
        self.clear_question()
        for handler in self._handlers:
            handler(self.name.value, False)

    def _on_overwrite(self, _button: Any) -> None:
        if self._pending is None or self._pending != self.name.value:
            self.clear_question()
            return
        self._pending = None
        self.overwrite.layout.display = "none"
        self.cancel.layout.display = "none"
        for handler in self._handlers:
            handler(self.name.value, True)

    @traitlets.observe("lang")
    def _lang(self, _change: dict[str, Any]) -> None:
        self._texts()

    def _texts(self) -> None:
        lang = self.lang
        self.heading.value = f"<b>{html.escape(t('adapt.ui.save_heading', lang))}</b>"
        self.name.placeholder = t("adapt.ui.file_placeholder", lang)
        self.name.description = t("adapt.ui.file", lang)
        self.save.description = t("adapt.ui.save", lang)
        self.overwrite.description = t("adapt.ui.overwrite", lang)
        self.cancel.description = t("adapt.ui.cancel", lang)
        self.make_crosswalk.description = t("adapt.cwm.make", lang)
        self.where.value = f"<small>{html.escape(t('adapt.ui.save_where_plain', lang))}</small>"
        self.advanced.set_title(0, t("adapt.ui.advanced", lang))
        lines = []
        if getattr(self, "_folder", ""):
            lines.append(t("adapt.ui.save_where", lang, folder=self._folder))
        if getattr(self, "_saved", None):
            lines.append(t("adapt.ui.saved_file", lang, file=self._saved[0], key=self._saved[1]))
        self.details.value = "".join(f"<p><small>{html.escape(line)}</small></p>" for line in lines)
