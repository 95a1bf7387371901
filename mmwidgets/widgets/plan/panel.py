"""A client's plan, saved: the Plan tab of the conversation workbook and the plan workbook.

:class:`PlanPanel` wires the :class:`~mmwidgets.widgets.plan.editor.PlanEditor` to the
store: every change is saved in one transaction before the screen shows it, then "Bewaard"
shows for a moment. Below the editor: the timeline, and (in the plan workbook; the conversation
puts it on "Meenemen") what the client takes home: the plan to print, opened in the page, a PDF
(made and downloaded in one click, where this machine can make one) and the dates for the
phone's calendar.

    panel = PlanPanel(store, "nl")
    panel.set_client(client_id)
    panel.set_focus(definition, assessment)   # "hier wil ik aan werken" from the bridge
    panel.set_lang("en")

It lives among the widgets (not in an app) so that the conversation app and the plan app can
both build it without importing each other.
"""

from __future__ import annotations

import datetime as dt
import html
import time
from typing import Any, Callable

import ipywidgets as W
import traitlets

from mmwidgets.figures.timeline import timeline_figure
from mmwidgets.i18n import normalise_language, t
from mmwidgets.model.assessment import Assessment, InvalidInput
from mmwidgets.model.client import Client
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.model.bridge.files import Problem
from mmwidgets.model.plan import PlanEdit
from mmwidgets.model.plan.ics import plan_to_ics
from mmwidgets.model.plan.pdf import PdfUnavailable, chromium_path, html_to_pdf
from mmwidgets.model.plan.takehome import take_home_html
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store
from mmwidgets.store.plans.repo import PlanRepo
from mmwidgets.widgets.feedback import MessageArea, guarded
from mmwidgets.widgets.plan.editor import PlanEditor
from mmwidgets.widgets.plan.takehome_box import TakeHomeBox
from mmwidgets.model.dates import local_today
from mmwidgets.widgets.plotly_view import PlotlyView
from mmwidgets.widgets.timing import record

_e = html.escape


class PlanPanel(W.VBox):
    """A client's plan: editor, timeline, take-home downloads. Saves every change."""

    lang = traitlets.Unicode("nl")

    def __init__(self, store: Store, lang: str | None = "nl", today: dt.date | None = None,
                 takehome_here: bool = True):
        super().__init__()
        self.add_class("mm-plan-panel")
        self.store = store
        self.repo = PlanRepo(store)
        self.clients = ClientRepo(store)
        self.client: Client | None = None
        self._today = today
        self._opening = False
        self.lang = normalise_language(lang)
        self.messages = MessageArea()
        self.messages.lang = self.lang
        self.guard = guarded(self.messages, lambda: self.lang)
        self.editor = PlanEditor(self.lang, messages=self.messages, today=today)
        self.editor.on_change(self._save)
        self.timeline_heading = W.HTML()
        self.timeline = PlotlyView(self._figure()).add_class("mm-plan-timeline")
        # what the client takes home: here in the plan workbook, on "Meenemen" in the conversation
        self.takehome_box = TakeHomeBox(self.take_home, self._make_pdf, self._make_calendar, self.guard,
                                        self._pdf_guard)
        self.print_button = self.takehome_box.print_button
        self.pdf_button = self.takehome_box.pdf_button
        self.calendar_button = self.takehome_box.calendar_button
        self.pdf_area = self.takehome_box.pdf_area
        self.downloads = self.takehome_box
        self.takehome_elsewhere = W.HTML().add_class("mm-plan-takehome-elsewhere")
        self.takehome_here = takehome_here
        self.no_client = W.HTML()
        self.body = W.VBox(
            [
                self.editor,
                self.timeline_heading,
                self.timeline,
                self.takehome_box if takehome_here else self.takehome_elsewhere,
            ],
            layout=W.Layout(display="none"),
        )
        self.children = [self.no_client, self.body]
        self.editor.observe(self.guard(self._on_version), "version")
        self.editor.observe(self.guard(self._on_selected), "selected")
        self.timeline.on_click(self.guard(self._on_timeline_click))
        self._texts()

    @property
    def today(self) -> dt.date:
        return self._today or local_today()  # Dutch date, whatever the server clock

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
        self._opening = True  # the timeline is drawn once below, not also when the selection moves
        try:
            self.editor.load(plan)
        finally:
            self._opening = False
        self.body.layout.display = ""
        self.pdf_area.value = ""
        self.takehome_box.close_print_view()
        self._refresh_outputs()
        self._texts()
        record("plan.open", (time.perf_counter() - start) * 1000)

    def start_goal_for(self, sub_id: str) -> str:
        """From "Waaraan werken?": the open goal for this sub-pillar, or a new one linked to it."""
        if self.client is None:
            raise InvalidInput(Problem("", "plan_no_client"))
        for goal in self.editor.plan.goals:
            if goal.subpillar_id == sub_id and goal.active:
                self.editor.select_goal(goal.key)
                return goal.key
        return self.editor.start_goal_for(sub_id)

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
        self.editor.saved.show(self.lang)

    def _on_version(self, _change: dict[str, Any]) -> None:
        start = time.perf_counter()
        self._refresh_outputs()
        record("plan.change", (time.perf_counter() - start) * 1000)

    def _on_selected(self, _change: dict[str, Any]) -> None:
        if not self._opening:
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

    def _make_calendar(self) -> tuple[str, bytes]:
        return t("plan.file.ics", self.lang), self.calendar()

    def _make_pdf(self) -> tuple[str, bytes]:
        """One click: the PDF is made and downloaded; when it cannot be made, say why."""
        try:
            data = html_to_pdf(self.take_home())
        except PdfUnavailable as exc:
            self.pdf_area.value = f"<small>{_e(exc.message(self.lang))}</small>"
            raise
        self.pdf_area.value = ""
        return t("plan.file.pdf", self.lang), data

    def _pdf_guard(self, callback: Callable[..., Any]) -> Callable[..., Any]:
        """Like the guard, but "no PDF on this machine" is already said next to the button."""

        def run(*args: Any) -> Any:
            try:
                return callback(*args)
            except PdfUnavailable:
                return None

        return self.guard(run)

    def _figure(self) -> dict[str, Any]:
        return timeline_figure(self.editor.plan, self.lang, self.today, selected=self.editor.selected)

    def _refresh_outputs(self) -> None:
        self.timeline.figure = self._figure()
        self.downloads.layout.display = "" if self.client is not None else "none"
        if self.client is not None and self.takehome_box.view.value:
            self.takehome_box.open_print_view()  # the open print view follows the plan

    def _texts(self) -> None:
        lang = self.lang
        self.no_client.value = "" if self.client else f"<p><i>{_e(t('plan.ui.no_client', lang))}</i></p>"
        self.timeline_heading.value = f"<h2>{_e(t('plan.ui.timeline', lang))}</h2>"
        self.takehome_elsewhere.value = f"<p class='mm-plan-hint'>{_e(t('plan.ui.takehome_elsewhere', lang))}</p>"
        self.takehome_box.set_texts(lang, chromium_path() is not None, PdfUnavailable("no_chromium").message(lang))
