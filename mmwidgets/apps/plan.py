"""The plan workbook: pick a client, then their plan.

The plan itself is :class:`~mmwidgets.widgets.plan.panel.PlanPanel` (also the Plan tab of the
conversation workbook); it is imported here for those who used to find it in this module.
"""

from __future__ import annotations

import html
import logging
from typing import Any

import ipywidgets as W

from mmwidgets.apps.common import default_library
from mmwidgets.i18n import language_from_environment, normalise_language, t
from mmwidgets.model.assessment import Assessment
from mmwidgets.model.client import Client
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.store.access.guard import AccessRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store
from mmwidgets.widgets.conversation.client_picker import ClientPicker
from mmwidgets.widgets.feedback import MessageArea, guarded
from mmwidgets.widgets.language import LanguageSwitch
from mmwidgets.widgets.plan.panel import PlanPanel

__all__ = ["PlanApp", "PlanPanel", "plan_app"]

log = logging.getLogger("mmwidgets")
_e = html.escape


class PlanApp(W.VBox):
    """The plan workbook on its own: pick the client, then their plan."""

    def __init__(self, store: Store, lang: str, definition: BridgeDefinition | None = None):
        super().__init__()
        self.add_class("mm-app")
        self.add_class("mm-plan-app")
        self.store = store
        self.lang = normalise_language(lang)
        self.clients = ClientRepo(store)
        self.definition = definition
        self.messages = MessageArea()
        self.messages.lang = self.lang
        self.guard = guarded(self.messages, lambda: self.lang)
        self.title = W.HTML()
        self.lang_switch = LanguageSwitch(self.lang)
        self.picker = ClientPicker(self.clients.search, self.clients.create, self.messages, self.lang,
                                   log_search=AccessRepo(self.store).log_search)  # no search text in the log
        self.panel = PlanPanel(store, self.lang)
        header = W.HBox(
            [self.title, self.lang_switch], layout=W.Layout(justify_content="space-between", align_items="center")
        )
        self.children = [header, self.messages, self.picker, self.panel]
        self.lang_switch.observe(self.guard(self._on_lang), "value")
        self.picker.observe(self.guard(self._on_client), "client_id")
        self._texts()

    def open_client(self, client: Client) -> None:
        self.picker.choose(client)

    def _on_client(self, change: dict[str, Any]) -> None:
        client_id = change["new"]
        if client_id is not None:  # every opening of a file is logged, here too (issue 23); refused if not theirs
            AccessRepo(self.store).open_client(client_id)
        self.panel.set_client(client_id)
        if client_id is not None:
            self.panel.set_focus(*self._focus(client_id))

    def _focus(self, client_id: int) -> tuple[BridgeDefinition | None, Assessment | None]:
        """The client's latest assessment made with the definition we know, for the focus buttons."""
        if self.definition is None:
            return None, None
        from mmwidgets.store.assessments import AssessmentRepo

        mine = [a for a in AssessmentRepo(self.store).history(client_id) if a.definition_key == self.definition.key]
        return self.definition, (mine[-1] if mine else None)

    def _on_lang(self, change: dict[str, Any]) -> None:
        self.lang = normalise_language(change["new"])
        self.messages.lang = self.lang
        self.picker.lang = self.lang
        self.panel.set_lang(self.lang)
        self._texts()

    def _texts(self) -> None:
        self.title.value = f"<h1 class='mm-title'>{_e(t('plan.ui.app_title', self.lang))}</h1>"


def _default_definition() -> BridgeDefinition | None:
    try:
        return default_library().default()
    except Exception:  # noqa: BLE001 - the plan works without a bridge
        log.warning("no bridge definition for the plan workbook", exc_info=True)
        return None


def plan_app(store: Store | None = None, lang: str | None = None) -> PlanApp:
    """The plan workbook's app; Dutch unless ``?lang=en`` or ``lang``."""
    return PlanApp(store or Store(), lang or language_from_environment(), _default_definition())
