"""The plan workbook, and the Plan tab of the conversation workbook.

:class:`PlanPanel` wires the :class:`~mmwidgets.widgets.plan_editor.PlanEditor` to the
store: every change is saved in one transaction before the screen shows it. Below the
editor: the timeline, and what the client takes home (a printable page, a PDF where this
machine can make one, and the action dates as a calendar file for their phone).

    panel = PlanPanel(store, "nl")
    panel.set_client(client_id)
    panel.set_focus(definition, assessment)   # "hier wil ik aan werken" from the bridge
    panel.set_lang("en")
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import logging
import time
from typing import Any

import ipywidgets as W
import traitlets

from mmwidgets.figures.timeline import timeline_figure
from mmwidgets.i18n import language_from_environment, normalise_language, t
from mmwidgets.model.assessment import Assessment, InvalidInput
from mmwidgets.model.client import Client
from mmwidgets.model.definition import BridgeDefinition
from mmwidgets.model.files import Problem
from mmwidgets.model.plan import PlanEdit
from mmwidgets.model.plan_ics import plan_to_ics
from mmwidgets.model.plan_pdf import PdfUnavailable, chromium_path, html_to_pdf
from mmwidgets.model.plan_takehome import take_home_html
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.db import Store
from mmwidgets.store.plans import PlanRepo
from mmwidgets.widgets.client_picker import ClientPicker
from mmwidgets.widgets.feedback import MessageArea, guarded
from mmwidgets.widgets.language import LanguageSwitch
from mmwidgets.widgets.plan_editor import PlanEditor
from mmwidgets.widgets.plotly_view import PlotlyView
from mmwidgets.widgets.timing import record

log = logging.getLogger("mmwidgets")
_e = html.escape


def _data_link(data: bytes, mime: str, filename: str, label: str, css: str) -> str:
    payload = base64.b64encode(data).decode("ascii")
    return (
        f'<a class="{css}" download="{filename}" href="data:{mime};base64,{payload}" '
        f'style="margin-right:1.5em">{_e(label)}</a>'
    )


class PlanPanel(W.VBox):
    """A client's plan: editor, timeline, take-home downloads. Saves every change."""

    lang = traitlets.Unicode("nl")

    def __init__(self, store: Store, lang: str | None = "nl", today: dt.date | None = None):
        super().__init__()
        self.add_class("mm-plan-panel")
        self.store = store
        self.repo = PlanRepo(store)
        self.clients = ClientRepo(store)
        self.client: Client | None = None
        self._today = today
        self.lang = normalise_language(lang)
        self.messages = MessageArea()
        self.messages.lang = self.lang
        self.guard = guarded(self.messages, lambda: self.lang)
        self.editor = PlanEditor(self.lang, messages=self.messages, today=today)
        self.editor.on_change(self._save)
        self.timeline_heading = W.HTML()
        self.timeline = PlotlyView(self._figure()).add_class("mm-plan-timeline")
        self.home_heading = W.HTML()
        self.downloads = W.HTML().add_class("mm-plan-downloads")
        self.pdf_button = W.Button(icon="file-pdf-o", layout=W.Layout(width="auto")).add_class("mm-plan-pdf-button")
        self.pdf_area = W.HTML().add_class("mm-plan-pdf-area")
        self.no_client = W.HTML()
        self.body = W.VBox(
            [
                self.editor,
                self.timeline_heading,
                self.timeline,
                self.home_heading,
                self.downloads,
                W.HBox([self.pdf_button, self.pdf_area], layout=W.Layout(align_items="center")),
            ],
            layout=W.Layout(display="none"),
        )
        self.children = [self.no_client, self.body]
        self.editor.observe(self.guard(self._on_version), "version")
        self.editor.observe(self.guard(self._on_selected), "selected")
        self.timeline.on_click(self.guard(self._on_timeline_click))
        self.pdf_button.on_click(self.guard(self._on_pdf))
        self._texts()

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    # -- the API the conversation workbook uses ------------------------------------------
    def set_client(self, client_id: int | None) -> None:
        """Open this client's plan (None: nobody)."""
        start = time.perf_counter()
        if client_id is None:
            self.client = None
            self.body.layout.display = "none"
            self._texts()
            return
        client = self.clients.get(client_id)
        if client is None:
            raise InvalidInput(Problem("", "client_missing", {"id": client_id}))
        plan = self.repo.load(client_id)
        self.client = client
        self.editor.load(plan)
        self.body.layout.display = ""
        self.pdf_area.value = ""
        self._refresh_outputs()
        self._texts()
        record("plan.open", (time.perf_counter() - start) * 1000)

    def set_lang(self, lang: str) -> None:
        self.lang = normalise_language(lang)
        self.messages.lang = self.lang
        self.editor.set_lang(self.lang)
        self._texts()
        self._refresh_outputs()

    def set_focus(self, definition: BridgeDefinition | None, assessment: Assessment | None) -> None:
        """Sub-pillars marked "hier wil ik aan werken" in the bridge can start a goal."""
        self.editor.set_focus(definition, assessment)

    # -- saving ---------------------------------------------------------------------------
    def _save(self, edit: PlanEdit) -> None:
        if self.client is None:
            raise InvalidInput(Problem("", "plan_no_client"))
        self.repo.apply(self.client.id, edit, today=self.today)

    def _on_version(self, _change: dict[str, Any]) -> None:
        start = time.perf_counter()
        self._refresh_outputs()
        record("plan.change", (time.perf_counter() - start) * 1000)

    def _on_selected(self, _change: dict[str, Any]) -> None:
        self.timeline.figure = self._figure()

    def _on_timeline_click(self, point: dict[str, Any]) -> None:
        data = point.get("customdata")
        if not isinstance(data, (list, tuple)) or len(data) != 2:
            return
        kind, key = data
        if kind == "goal":
            self.editor.select_goal(key)
        elif kind == "action":
            found = self.editor.plan.find_action(key)
            if found:
                self.editor.select_goal(found[0].key)
        elif kind == "reward":
            found = self.editor.plan.find_reward(key)
            if found:
                self.editor.select_goal(found[0].key)

    # -- what the client takes home ------------------------------------------------------
    def take_home(self) -> str:
        """The printable page (HTML) for the open client."""
        name = self.client.pseudonym if self.client else None
        currency = self.editor.scheme.currency if self.editor.scheme else "EUR"
        return take_home_html(self.editor.plan, self.lang, self.today, name=name, currency=currency)

    def calendar(self) -> bytes:
        return plan_to_ics(self.editor.plan, self.lang)

    def _figure(self) -> dict[str, Any]:
        return timeline_figure(self.editor.plan, self.lang, self.today, selected=self.editor.selected)

    def _refresh_outputs(self) -> None:
        self.timeline.figure = self._figure()
        if self.client is None:
            self.downloads.value = ""
            return
        lang = self.lang
        links = _data_link(
            self.take_home().encode("utf-8"), "text/html", t("plan.file.html", lang),
            t("plan.ui.download_html", lang), "mm-plan-download",
        ) + _data_link(
            self.calendar(), "text/calendar", t("plan.file.ics", lang),
            t("plan.ui.download_ics", lang), "mm-plan-ics",
        )  # fmt: skip
        hint = f"<br><small>{_e(t('plan.ui.download_hint', lang))}</small>"
        self.downloads.value = f"<div>{links}{hint}</div>"

    def _on_pdf(self, *_args: Any) -> None:
        lang = self.lang
        try:
            data = html_to_pdf(self.take_home())
        except PdfUnavailable as exc:
            self.pdf_area.value = f"<small>{_e(exc.message(lang))}</small>"
            return
        self.pdf_area.value = _data_link(
            data, "application/pdf", t("plan.file.pdf", lang), t("plan.ui.download_pdf", lang), "mm-plan-pdf"
        )

    def _texts(self) -> None:
        lang = self.lang
        self.no_client.value = "" if self.client else f"<p><i>{_e(t('plan.ui.no_client', lang))}</i></p>"
        self.timeline_heading.value = f"<h3>{_e(t('plan.ui.timeline', lang))}</h3>"
        self.home_heading.value = f"<h3>{_e(t('plan.ui.take_home', lang))}</h3>"
        if chromium_path():
            self.pdf_button.description = t("plan.ui.make_pdf", lang)
            self.pdf_button.layout.display = ""
        else:
            self.pdf_button.layout.display = "none"
            self.pdf_area.value = f"<small>{_e(PdfUnavailable('no_chromium').message(lang))}</small>"


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
        self.picker = ClientPicker(self.clients.search, self.clients.create, self.messages, self.lang)
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
        self.title.value = f"<h2 class='mm-title'>{_e(t('plan.ui.app_title', self.lang))}</h2>"


def _default_definition() -> BridgeDefinition | None:
    try:
        from mmwidgets.apps.conversation import default_library

        return default_library().default()
    except Exception:  # noqa: BLE001 - the plan works without a bridge
        log.warning("no bridge definition for the plan workbook", exc_info=True)
        return None


def plan_app(store: Store | None = None, lang: str | None = None) -> PlanApp:
    """The plan workbook's app; Dutch unless ``?lang=en`` or ``lang``."""
    return PlanApp(store or Store(), lang or language_from_environment(), _default_definition())
