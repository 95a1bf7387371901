"""Find or create a client by pseudonym. The list stays empty until one types:
the client at the table does not see the coach's whole caseload."""

from __future__ import annotations

import html
from typing import Callable

import ipywidgets as W
import traitlets

from mmwidgets.i18n import t
from mmwidgets.model.access.search_log import SearchRun
from mmwidgets.model.client import Client
from mmwidgets.model.errors import InvalidInput
from mmwidgets.widgets.a11y import name_control
from mmwidgets.widgets.feedback import MessageArea, guarded

MIN_SEARCH = 1


class ClientPicker(W.VBox):
    """Emits the chosen client id through the ``client_id`` trait (None = nobody)."""

    lang = traitlets.Unicode("nl")
    client_id = traitlets.Int(None, allow_none=True)

    def __init__(
        self,
        search: Callable[[str], list[Client]],
        create: Callable[[str], Client],
        messages: MessageArea,
        lang: str = "nl",
        log_search: Callable[[int], None] | None = None,
    ):
        """``log_search(results)``: writes a search to the access log (who, when, how many names;
        never the text), called as :class:`~mmwidgets.model.access.search_log.SearchRun` decides."""
        self._search, self._create, self.messages = search, create, messages
        self._log_search = log_search
        self._search_run = SearchRun()
        self._found: list[Client] = []  # the names the list shows (a pick needs no second search)
        self._current: Client | None = None
        self._new_error: InvalidInput | None = None
        self._search_message: str | None = None  # what the message line shows about the search text
        self.heading = W.HTML()
        self.search_box = W.Text(continuous_update=True).add_class("mm-client-search")
        self.matches = W.Select(options=[], rows=5).add_class("mm-client-list")
        self.hint = W.HTML()
        self.new_name = W.Text(continuous_update=True).add_class("mm-client-new")
        self.create_button = W.Button(button_style="primary", icon="").add_class("mm-client-create")
        self.new_problem = W.HTML().add_class("mm-client-new-problem")  # why a name was refused
        self.privacy = W.HTML()
        self.current_label = W.HTML().add_class("mm-client-current")
        self.switch_button = W.Button().add_class("mm-client-switch")
        self.chooser = W.VBox(
            [
                self.heading,
                self.search_box,
                self.hint,
                self.matches,
                W.HBox([self.new_name, self.create_button]),
                self.new_problem,
                self.privacy,
            ]
        )
        self.chosen = W.HBox([self.current_label, self.switch_button])
        super().__init__([self.chooser])
        self.add_class("mm-client-picker")
        guard = guarded(messages, lambda: self.lang)
        self.search_box.observe(guard(self._on_search), "value")
        self.matches.observe(guard(self._on_pick), "value")
        self.create_button.on_click(guard(self._on_create))
        self.switch_button.on_click(guard(self._on_switch))
        self.lang = lang
        self._texts()

    @traitlets.observe("lang")
    def _lang_changed(self, _change) -> None:
        self._texts()

    def _texts(self) -> None:
        lang = self.lang
        self.heading.value = f"<h2>{html.escape(t('client.heading', lang))}</h2>"
        name_control(self.matches, t("a11y.label_client_list", lang))
        self.search_box.placeholder = t("client.search", lang)
        self.search_box.description = ""
        self.new_name.placeholder = t("client.new_placeholder", lang)
        self.create_button.description = t("client.create", lang)
        self.privacy.value = f'<small>{html.escape(t("client.privacy", lang))}</small>'
        self.switch_button.description = t("client.switch", lang)
        self._show_new_problem()
        if self._current:
            self.current_label.value = (
                f"<b>{html.escape(t('client.current', lang, name=self._current.pseudonym))}</b>"
            )
        self._refresh_matches()

    def _refresh_matches(self) -> None:
        text = self.search_box.value.strip()
        if self._search_message is not None and self.messages.value == self._search_message:
            self.messages.clear()  # our own refusal of an earlier search text: no longer true
        self._search_message = None
        if len(text) < MIN_SEARCH:
            self._search_run.end()
            self._found = []
            self.matches.options = []
            self.matches.layout.display = "none"
            self.hint.value = f"<small>{html.escape(t('client.search_hint', self.lang))}</small>"
            return
        try:
            found = self._search(text)
        except InvalidInput as exc:  # too long, or a character that cannot be typed: say so here
            self.matches.options = []
            self.matches.layout.display = "none"
            message = exc.message(self.lang)
            self.hint.value = f'<small class="mm-client-search-problem">{html.escape(message)}</small>'
            self.messages.show(message, "error")
            self._search_message = self.messages.value
            return
        if self._log_search is not None and self._search_run.note(len(found)):
            self._log_search(len(found))
        self._found = found
        self.matches.options = [(c.pseudonym, c.id) for c in found]
        self.matches.rows = max(2, min(5, len(found)))  # no empty rows under one name (2: still a list)
        self.matches.value = None
        self.matches.layout.display = "" if found else "none"
        self.hint.value = (
            "" if found else f"<small>{html.escape(t('client.no_match', self.lang, text=text))}</small>"
        )

    def _on_search(self, _change) -> None:
        self._refresh_matches()

    def _on_pick(self, change) -> None:
        if change["new"] is None:
            return
        client = next((c for c in self._found if c.id == change["new"]), None)
        if client:
            self.choose(client)

    def _on_create(self, *_args) -> None:
        try:
            client = self._create(self.new_name.value)
        except InvalidInput as exc:  # shown next to the field as well as in the message line
            self._new_error = exc
            self._show_new_problem()
            self.messages.show(exc.message(self.lang), "error")
            return
        self._new_error = None
        self._show_new_problem()
        self.new_name.value = ""
        self.messages.show(t("client.created", self.lang, name=client.pseudonym), "success")
        self.choose(client)

    def _show_new_problem(self) -> None:
        error = self._new_error
        self.new_problem.value = (
            f'<small class="mm-field-problem">{html.escape(error.message(self.lang))}</small>' if error else ""
        )

    def _on_switch(self, *_args) -> None:
        self._current = None
        self._new_error = None
        self._show_new_problem()
        self.search_box.value = ""
        self.children = [self.chooser]
        self.client_id = None

    def choose(self, client: Client) -> None:
        """Show ``client`` as the one we talk with and emit their id."""
        self._current = client
        self.current_label.value = f"<b>{html.escape(t('client.current', self.lang, name=client.pseudonym))}</b>"
        self.children = [self.chosen]
        self.search_box.value = ""
        self.client_id = client.id

    def forget(self) -> None:
        """After erasure: nobody is chosen."""
        self._on_switch()
