"""The conversation workbook: find or create the client, check in on stress, fill in
the bridge by clicking steps, see the bridge picture, radar and progress change at once.

Every click is saved in its own transaction before the screen confirms it; reopening the
client on the same day continues today's assessment.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import re
from typing import Any
from urllib.parse import parse_qs

import ipywidgets as W
import traitlets
from babel.dates import format_date

from mmwidgets.apps.common import wait_for_visitor
from mmwidgets.apps.common import FileBannerApp  # a team lead's opened file: whose, why, "Ik neem dit over"
from mmwidgets.figures.bridge import bridge_click_target, bridge_figure
from mmwidgets.figures.progress import progress_figure
from mmwidgets.figures.radar import radar_figure
from mmwidgets.i18n import language_from_environment, normalise_language, t
from mmwidgets.model.assessment import Assessment, StaleChange
from mmwidgets.model.client import Client
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.bridge.crosswalk import (
    CrosswalkSet,
    describe_mapping,
    load_crosswalks,
    map_history,
    own_crosswalks_dir,
    shipped_crosswalks_dir,
)
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.model.bridge.library import DefinitionLibrary, shipped_bridges_dir
from mmwidgets.model.score import change, score
from mmwidgets.store.access.guard import AccessRepo
from mmwidgets.store.access.export import who_looked
from mmwidgets.store.assessments import UNSET, AssessmentRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.config import definitions_dir
from mmwidgets.store.store import Store
from mmwidgets.store.export import export_client_json
from mmwidgets.widgets.conversation.bridge_editor import BridgeEditor
from mmwidgets.widgets.conversation.client_picker import ClientPicker
from mmwidgets.widgets.conversation.date import ConversationDate, dutch_date
from mmwidgets.widgets.conversation.steps import ConversationSteps
from mmwidgets.widgets.deferred import DeferredPanel
from mmwidgets.widgets.feedback import MessageArea, guarded
from mmwidgets.widgets.language import LanguageSwitch
from mmwidgets.widgets.a11y import name_control
from mmwidgets.widgets.download_button import DownloadButton
from mmwidgets.widgets.plotly_view import PlotlyView
from mmwidgets.widgets.saved_badge import SavedBadge
from mmwidgets.widgets.stale_prompt import StalePrompt
from mmwidgets.widgets.conversation.score_view import ScoreView
from mmwidgets.widgets.conversation.stress_checkin import StressCheckin
from mmwidgets.widgets.timing import timed
from mmwidgets.widgets.self_view.coach import SelfViewPanel  # the client's own bridge (issue 22)

log = logging.getLogger("mmwidgets")
EARLIER_ON_RADAR = 3
STEP_KEYS = ["step.checkin", "step.bridge", "step.focus", "step.progress"]  # then extra tabs, then take home


def plain_name(definition: BridgeDefinition, lang: str) -> str:
    """The bridge's name without a bracketed remark such as '(standaard van mmwidgets)'."""
    name = definition.name.get(lang)
    return re.sub(r"\s*\([^)]*\)\s*$", "", name) or name


def like_for_like(definition: BridgeDefinition, before: Assessment, after: Assessment) -> tuple[Any, int]:
    """The change between two conversations over only the sub-pillars answered both times
    (model/score.change), and on how many sub-pillars it rests."""
    result = change(definition, before, after)
    return result, result.based_on


def field_message(refused: InvalidInput, lang: str) -> str:
    """A refusal as shown under its field: the field is plain to see, so no "note:" before it."""
    problem = refused.problem
    return t(f"val.{problem.code}", lang, **problem.values)


def default_library() -> DefinitionLibrary:
    """Shipped definitions first, then the team's own folder in the data directory."""
    return DefinitionLibrary([shipped_bridges_dir(), definitions_dir()])


class ConversationApp(W.VBox):
    lang = traitlets.Unicode("nl")

    def __init__(self, store: Store, library: DefinitionLibrary, lang: str):
        super().__init__()
        self.add_class("mm-app")
        self.add_class("mm-conversation")
        self.store, self.library = store, library
        self.clients, self.assessments = ClientRepo(store), AssessmentRepo(store)
        self.client: Client | None = None
        self.assessment: Assessment | None = None
        self.history: list[Assessment] = []  # earlier assessments with this definition
        self.messages = MessageArea().add_class("mm-app-message")
        self.guard = guarded(self.messages, lambda: self.lang)
        self.lang = normalise_language(lang)

        self._filling = False
        self.definitions = self._usable_definitions()
        self.definition: BridgeDefinition = library.default()
        self.crosswalks = self._load_crosswalks()
        self._show_file_problems()
        self.mapping_notes = W.HTML().add_class("mm-mapping-notes")
        self.title = W.HTML()
        self.lang_switch = LanguageSwitch(self.lang)
        self.definition_choice = W.Dropdown(layout=W.Layout(width="auto", max_width="100%")).add_class("mm-definition")
        self.definition_choice.style.description_width = "initial"
        self._fill_definition_choice()

        self.picker = ClientPicker(self._search, self._create, self.messages, self.lang,
                                   log_search=AccessRepo(self.store).log_search)  # no search text in the log
        self.current_client = W.HTML().add_class("mm-current-client-box")
        self.saved = SavedBadge()
        self.stale_prompt = StalePrompt(self.guard)
        self.day_field = ConversationDate(self.lang)
        self.day: dt.date = self.day_field.day
        self.stress = StressCheckin(self.lang)
        self.editor = BridgeEditor(self.definition, self.lang)
        self.score_view = ScoreView()
        self.bridge_view = PlotlyView(self._bridge_figure()).add_class("mm-bridge-figure")
        self.radar_view = PlotlyView(self._radar_figure()).add_class("mm-radar-figure")
        self.progress_view = PlotlyView(self._progress_figure()).add_class("mm-progress-figure")
        self.data_panel = W.VBox().add_class("mm-data")
        self.focus_list = W.HTML().add_class("mm-focus-list")
        self.focus_goals = W.VBox().add_class("mm-focus-goals")  # "make a goal of it" per part
        self.takehome_summary = W.HTML().add_class("mm-takehome-summary")
        self.extra_tabs: list[tuple[str, W.Widget]] = []

        checkin_page = W.VBox([self.day_field, self.stress]).add_class("mm-conv-page")
        checkin_page.add_class("mm-conv-checkin")
        bridge_page = W.VBox(
            [
                W.Box([
                    W.VBox([self.bridge_view]).add_class("mm-conv-figure-col"),
                    W.VBox([self.editor]).add_class("mm-conv-editor-col"),
                    W.VBox([self.score_view, self.radar_view]).add_class("mm-conv-radar-col"),
                ]).add_class("mm-conv-bridge-grid"),
            ]
        ).add_class("mm-conv-page")
        bridge_page.add_class("mm-conv-bridge")
        self.self_view = SelfViewPanel(store, self.lang, self.guard)  # the link; own choices beside today's
        self.self_view.on_take_over(self._take_over_own)
        bridge_page.children = (self.self_view, *bridge_page.children)
        focus_page = W.VBox([self.focus_list, self.focus_goals]).add_class("mm-conv-page")
        focus_page.add_class("mm-conv-focus")
        progress_page = W.VBox([self.mapping_notes, self.progress_view]).add_class("mm-conv-page")
        self.progress_page = progress_page
        self._progress_stale = True
        self.takehome_slot = W.VBox().add_class("mm-takehome-slot")  # the plan's print / PDF / calendar
        takehome_page = W.VBox([self.takehome_summary, self.takehome_slot]).add_class("mm-conv-page")
        takehome_page.add_class("mm-conv-takehome")
        self.takehome_page = takehome_page
        self.steps = ConversationSteps([checkin_page, bridge_page, focus_page, progress_page, takehome_page], self.lang)
        self.steps.wrap(self.guard)
        self.tabs = self.steps.tabs
        # the client's data (download, who looked, erase): a calm place of its own, never on "Meenemen"
        self.data_button = W.ToggleButton(icon="folder-open-o").add_class("mm-data-open")
        self.data_close = W.Button(icon="times").add_class("mm-data-close")
        self.data_heading = W.HTML()
        self.data_box = W.VBox([W.Box([self.data_heading, self.data_close]).add_class("mm-data-head"),
                                self.data_panel], layout=W.Layout(display="none")).add_class("mm-data-box")
        self.data_button.observe(self.guard(lambda _c: self._refresh_data_panel()), "value")
        self.data_close.on_click(self.guard(lambda _b: setattr(self.data_button, "value", False)))
        self.file_banner = FileBannerApp(store, self.lang)
        self.workspace = W.VBox([W.Box([self.current_client, self.saved, self.data_button]).add_class("mm-conv-status"),
                                 self.file_banner, self.data_box, self.stale_prompt, self.steps],
                                layout=W.Layout(display="none"))
        self.workspace.add_class("mm-workspace")
        header = W.Box([self.title, self.definition_choice, self.lang_switch]).add_class("mm-conv-header")
        # switching bridge during a conversation asks first and says what happens to today's answers
        self.switch_text = W.HTML().add_class("mm-switch-text")
        self.switch_yes = W.Button(button_style="primary").add_class("mm-switch-yes")
        self.switch_no = W.Button().add_class("mm-switch-no")
        self.switch_prompt = W.VBox([self.switch_text, W.Box([self.switch_yes, self.switch_no]).add_class("mm-wrap")],
                                    layout=W.Layout(display="none")).add_class("mm-switch-prompt")
        self._switch_to: str | None = None
        self.switch_yes.on_click(self.guard(lambda _b: self._confirm_switch()))
        self.switch_no.on_click(self.guard(lambda _b: self._cancel_switch()))
        self.children = [header, self.switch_prompt, self.messages, self.picker, self.workspace]

        self.tabs.observe(self.guard(self._on_tab), "selected_index")
        self.lang_switch.observe(self.guard(self._on_lang), "value")
        self.definition_choice.observe(self.guard(self._on_definition), "value")
        self.picker.observe(self.guard(self._on_client), "client_id")
        self.editor.on_change(self.guard(self._on_choice))
        self.bridge_view.on_click(self.guard(self._on_bridge_click))
        self.stress.on_change(self.guard(self._on_stress))
        self.day_field.on_change(self.guard(self._on_day))
        self._texts()
        self._refresh_score()

    # -- definitions ---------------------------------------------------------
    def _usable_definitions(self) -> list[BridgeDefinition]:
        return [entry.definition for entry in self.library.entries if entry.error is None]

    def _lookup(self, key: str) -> BridgeDefinition | None:
        return self.library.get(key) if key in self.library else None

    def _load_crosswalks(self) -> CrosswalkSet:
        """Shipped crosswalks, then the team's own (beside their definitions)."""
        folders = [shipped_crosswalks_dir()] + [own_crosswalks_dir(d) for d in self.library.dirs[1:]]
        return load_crosswalks(folders).checked(self._lookup)

    def _show_file_problems(self) -> None:
        """Every data file left out, and why, in one message (the rest of the app works)."""
        lines = list(self.library.messages(self.lang))
        for error in self.crosswalks.errors:
            lines.extend(error.messages(self.lang))
        lines.extend(self.crosswalks.notices(self.lang))
        if lines:
            self.messages.show_lines(lines, "warning")

    def reload_definitions(self) -> None:
        """Read the definition folders again: a bridge saved in the adaptation workbook
        can be chosen without reloading the page."""
        self.library.reload()
        self.definitions = self._usable_definitions()
        if self.definition.key not in {d.key for d in self.definitions}:
            self.definitions.insert(0, self.definition)
        self.crosswalks = self._load_crosswalks()
        self._show_file_problems()
        self._fill_definition_choice()

    def _fill_definition_choice(self) -> None:
        self._filling = True
        try:
            labels: list[tuple[str, str]] = []
            for d in self.definitions:
                label = plain_name(d, self.lang)
                seen = sum(1 for other, _ in labels if other == label or other.startswith(label + " – "))
                labels.append((f"{label} – {seen + 1}" if seen else label, d.key))
            self.definition_choice.options = labels
            name_control(self.definition_choice, t("a11y.label_definition", self.lang))
            self.definition_choice.value = self.definition.key
            self.definition_choice.layout.display = "" if len(self.definitions) > 1 else "none"
        finally:
            self._filling = False

    def _on_definition(self, change_: dict[str, Any]) -> None:
        key = change_["new"]
        if self._filling or key is None or key == self.definition.key:
            return
        answered = self.assessment.answered() if self.assessment is not None else 0
        if self.client is not None and answered:
            self._ask_switch(key, answered)
            return
        self._switch_definition(key)

    def _ask_switch(self, key: str, answered: int) -> None:
        """Today's conversation has answers: say what a switch does, and wait for the coach."""
        target = next(d for d in self.definitions if d.key == key)
        self._switch_to = key
        self.switch_text.value = "<p>" + html.escape(t(
            "switch.question", self.lang, count=answered, current=plain_name(self.definition, self.lang),
            other=plain_name(target, self.lang))) + "</p>"
        self.switch_yes.description = t("switch.yes", self.lang, other=plain_name(target, self.lang))
        self.switch_no.description = t("switch.no", self.lang, current=plain_name(self.definition, self.lang))
        self.switch_prompt.layout.display = ""

    def _confirm_switch(self) -> None:
        key, self._switch_to = self._switch_to, None
        self.switch_prompt.layout.display = "none"
        if key is not None:
            self._switch_definition(key)

    def _cancel_switch(self) -> None:
        self._switch_to = None
        self.switch_prompt.layout.display = "none"
        self._fill_definition_choice()  # the choice shows the bridge still in use

    def _switch_definition(self, key: str) -> None:
        """Use another bridge; the step on screen stays (no jump back to the check-in)."""
        self.definition = next(d for d in self.definitions if d.key == key)
        self.editor.set_definition(self.definition, self.lang)
        if self.client:
            index = self.tabs.selected_index
            self._open_client(self.client)
            self.tabs.selected_index = index
        else:
            self._refresh_all()

    # -- clients -------------------------------------------------------------
    def _search(self, text: str) -> list[Client]:
        return self.clients.search(text)

    def _create(self, name: str) -> Client:
        return self.clients.create(name)

    def _on_client(self, change_: dict[str, Any]) -> None:
        client_id = change_["new"]
        if client_id is None:
            self.client = None
            self.workspace.layout.display = "none"
            return
        client = AccessRepo(self.store).open_client(client_id)  # another coach's client is refused
        if client is not None:
            self._open_client(client)

    def open_client(self, client: Client) -> None:
        """Open ``client`` as if picked (used by tests and other apps)."""
        self.picker.choose(client)

    def _open_client(self, client: Client) -> None:
        self.client = client
        self.file_banner.set_client(client)
        self.reload_definitions()
        self.current_client.value = (
            f"<span class='mm-current-client' data-mm-client='{int(client.id)}'></span>"
        )
        self._open_day()
        self.tabs.selected_index = 0  # every conversation starts with the check-in
        self.workspace.layout.display = ""
        self.messages.clear()
        self.saved.clear()
        self.data_button.value = False  # "Gegevens" closed for every client opened
        self._refresh_data_panel()
        self._tell_panels()

    def _open_day(self) -> None:
        """This client's conversation on the chosen date (made at the first change), and the
        conversations before it."""
        assert self.client is not None
        self.self_view.set_client(self.client.id, self.client.pseudonym, self.definition)
        everything = self.assessments.history(self.client.id)
        self.assessment = self.assessments.current(self.client.id, self.definition, today=self.day)
        earlier = [
            a for a in everything
            if (self.assessment is None or a.id != self.assessment.id) and a.date < self.day
        ]
        self._map_history(earlier)
        self.editor.load(self.assessment, self.previous)
        self.stress.load(
            self.assessment.stress if self.assessment else None,
            self.assessment.stress_note if self.assessment else "",
        )
        last = earlier[-1] if earlier else None
        self.stress.show_previous(last.date if last else None, last.stress if last else None,
                                  last.stress_note if last else "")
        self._refresh_all()

    def _on_day(self, day: dt.date) -> None:
        self.day = day
        if self.client is not None:
            self._open_day()
            existing = self.assessment is not None and self.assessment.date == day
            # a date that already has a conversation opens it, and says so
            self.day_field.tell(t("conversation.date_existing", self.lang) if existing else "")
            self._refresh_data_panel()
            self._notify_focus()

    def open_from_query(self, query: str) -> bool:
        """``?client=<id>``: open that client with today's conversation (the reload after a lost
        connection comes back this way). An unknown or malformed id is ignored."""
        values = parse_qs(query or "").get("client") or []
        if not values or not values[0].strip().isdigit():
            return False
        try:  # through the caseload check: another coach's id is refused (and logged)
            client = AccessRepo(self.store).open_client(int(values[0].strip()))
        except InvalidInput:
            return False
        self.open_client(client)
        return True

    def _tell_panels(self) -> None:
        for _title, panel in self.extra_tabs:
            if hasattr(panel, "set_client") and self.client is not None:
                panel.set_client(self.client.id)
        self._notify_focus()

    def _map_history(self, earlier: list[Assessment]) -> None:
        """Earlier assessments, shown under the current definition through crosswalks.
        What cannot be mapped is said in words, never guessed."""
        mapped = map_history(earlier, self.definition, self.crosswalks, self._lookup)
        self.history = [m.assessment for m in mapped if not m.no_crosswalk]
        notes = []
        for original, m in zip(earlier, mapped):
            if original.definition_key == self.definition.key:
                continue
            source = self._lookup(original.definition_key)
            when = format_date(original.date, "medium", locale=self.lang)
            for line in describe_mapping(m, self.definition, self.lang, source):
                notes.append(f"{when}: {line}")
        self.mapping_notes.value = (
            "<div class='mm-msg mm-msg-info'><ul>"
            + "".join(f"<li>{html.escape(n)}</li>" for n in notes)
            + "</ul></div>"
            if notes
            else ""
        )

    @property
    def previous(self) -> Assessment | None:
        return self.history[-1] if self.history else None

    def _ensure_assessment(self) -> Assessment:
        if self.assessment is None:
            assert self.client is not None
            # one conversation per client per day: another tab may have started it already
            self.assessment = self.assessments.open_conversation(self.client.id, self.definition, self.day)
        return self.assessment

    def _shown_revision(self, sub_id: str | None = None) -> int:
        """The revision this screen last showed (0: it showed nothing saved)."""
        if self.assessment is None:
            return 0
        if sub_id is None:
            return self.assessment.revision
        choice = self.assessment.choices.get(sub_id)
        return choice.revision if choice is not None else 0

    # -- the conversation ----------------------------------------------------
    def _on_choice(self, sub_id: str, changes: dict[str, Any], expected: int | None = None) -> None:
        with timed("step_click" if "step" in changes else "choice_edit"):
            shown = self._shown_revision(sub_id) if expected is None else expected
            assessment = self._ensure_assessment()
            try:
                self.assessment = self.assessments.set_choice(
                    assessment.id, sub_id, definition=self.definition, expected=shown, **changes
                )
            except StaleChange as stale:
                revision = stale.revision
                self._ask_stale(stale, lambda: self._on_choice(sub_id, changes, expected=revision))
                return
            except InvalidInput as refused:
                if "note" not in changes:
                    raise
                # a refused note is refused at the note: message under it, field marked, no "Bewaard"
                self.editor.note_refused(sub_id, field_message(refused, self.lang))
                self.saved.clear()
                return
            if "note" in changes:
                self.editor.note_refused(sub_id, None)
            if "step" in changes:
                self.editor.show_step(sub_id, self.assessment.step(sub_id))
            if "step" in changes or "focus" in changes:
                self._refresh_all()
            if "focus" in changes:
                self._notify_focus()
            self.saved.show(self.lang)

    def _ask_stale(self, stale: StaleChange, use_mine: Any) -> None:
        """Another screen saved first: show what it is now; the coach chooses."""
        self.stale_prompt.ask(stale.message(self.lang), self.lang, use_mine, self._keep_theirs)

    def _keep_theirs(self) -> None:
        if self.assessment is not None:
            self.assessment = self.assessments.get(self.assessment.id)
        self.editor.load(self.assessment, self.previous)
        self.stress.load(
            self.assessment.stress if self.assessment else None,
            self.assessment.stress_note if self.assessment else "",
        )
        self._refresh_all()
        self._notify_focus()

    def _on_bridge_click(self, point: dict[str, Any]) -> None:
        target = bridge_click_target(point)
        if target is not None and self.client is not None:
            sub_id, step = target
            if self.definition.has_subpillar(sub_id):
                self.editor.choose(sub_id, step)

    def _take_over_own(self, sub_id: str, step: int) -> None:
        """The client's own step (zelf ingevuld) becomes today's answer, chosen by the client."""
        self._on_choice(sub_id, {"step": step, "chosen_by": "client"})
        self.editor.load(self.assessment, self.previous)

    def _on_stress(self, changes: dict[str, Any], expected: int | None = None) -> None:
        shown = self._shown_revision() if expected is None else expected
        assessment = self._ensure_assessment()
        stress = changes.get("stress", assessment.stress)
        note = changes["stress_note"] if "stress_note" in changes else UNSET
        try:
            self.assessment = self.assessments.set_stress(assessment.id, stress, note, expected=shown)
        except StaleChange as stale:
            revision = stale.revision
            self._ask_stale(stale, lambda: self._on_stress(changes, expected=revision))
            return
        except InvalidInput as refused:
            if "stress_note" not in changes:
                raise
            self.stress.note_refused(field_message(refused, self.lang))
            self.saved.clear()
            return
        if "stress_note" in changes:
            self.stress.note_refused(None)
        self.saved.show(self.lang)

    def _notify_focus(self) -> None:
        for _title, panel in self.extra_tabs:
            if hasattr(panel, "set_focus"):
                panel.set_focus(self.definition, self.assessment)

    # -- pictures ------------------------------------------------------------
    def _bridge_figure(self) -> dict[str, Any]:
        return bridge_figure(self.definition, self.assessment, self.previous, lang=self.lang)

    def _series(self) -> list[Assessment]:
        return self.history + ([self.assessment] if self.assessment else [])

    def _radar_figure(self) -> dict[str, Any]:
        series = self._series()[-(EARLIER_ON_RADAR + 1):]
        return radar_figure(self.definition, series, lang=self.lang)

    def _progress_figure(self) -> dict[str, Any]:
        return progress_figure(self.definition, self._series(), lang=self.lang)

    def _refresh_all(self) -> None:
        self.bridge_view.figure = self._bridge_figure()
        self.radar_view.figure = self._radar_figure()
        self._progress_stale = True
        if self.tabs.selected_index is not None and self.tabs.children[self.tabs.selected_index] is self.progress_page:
            self._refresh_progress()
        self._refresh_score()

    def _refresh_progress(self) -> None:
        """'Verloop' is drawn when its step is shown (not on every click while it is hidden)."""
        if self._progress_stale:
            self.progress_view.figure = self._progress_figure()
            self._progress_stale = False

    def _refresh_score(self) -> None:
        current = score(self.definition, self.assessment)
        delta, based_on = (
            like_for_like(self.definition, self.previous, self.assessment)
            if self.previous and self.assessment else (None, 0)
        )
        answered = self.assessment.answered() if self.assessment else 0
        self.self_view.show_today(self.assessment)
        self.score_view.show(
            self.definition, current, answered, self.lang, delta, self.previous.date if self.previous else None,
            based_on=based_on,
        )
        self._refresh_focus()

    def _refresh_focus(self) -> None:
        """What to work on: the parts marked 'hier wil ik aan werken', with the step chosen."""
        esc = html.escape
        rows = []
        for pillar in self.definition.pillars:
            for sub in pillar.subpillars:
                choice = self.assessment.choices.get(sub.id) if self.assessment else None
                if choice is None or not choice.focus:
                    continue
                step = choice.step
                where = (esc(sub.steps[step - 1].label.get(self.lang)) if step else
                         esc(t("stress.unset", self.lang)))
                rows.append(f"<li><b>{esc(sub.name.get(self.lang))}</b>: {where}</li>")
        head = f"<h2>{esc(t('focus.heading', self.lang))}</h2>"
        body = f"<ul>{''.join(rows)}</ul>" if rows else f"<p>{esc(t('focus.none', self.lang))}</p>"
        self.focus_list.value = head + body
        self._refresh_focus_goals()
        self._refresh_takehome()

    def _refresh_takehome(self) -> None:
        esc = html.escape
        lines = [f"<h2>{esc(t('takehome.heading', self.lang))}</h2>"]
        if self.client is not None:
            lines.append(f"<p>{esc(t('takehome.when', self.lang, name=self.client.pseudonym, date=dutch_date(self.day)))}</p>")
        lines.append(f"<p>{esc(t('takehome.plan_hint', self.lang))}</p>")
        self.takehome_summary.value = "".join(lines)

    def _fill_takehome_slot(self) -> None:
        """On "Meenemen": the plan's print view, PDF and calendar file (the plan is built if needed)."""
        panel = self._goal_panel()
        inner = panel.build() if isinstance(panel, DeferredPanel) else panel
        box = getattr(inner, "takehome_box", None)
        self.takehome_slot.children = [box] if box is not None else []

    # -- data: export and erase ----------------------------------------------
    def open_data(self) -> None:
        """Open "Gegevens" (what a tap on the folder button in the client's bar does)."""
        self.data_button.value = True
        self._refresh_data_panel()

    def _refresh_data_panel(self) -> None:
        """The export holds the data as it is when "Gegevens" is opened, so it is built then."""
        self.data_button.description = t("data.open", self.lang)
        self.data_close.description = t("data.close", self.lang)
        self.data_heading.value = f"<h2>{html.escape(t('data.heading', self.lang))}</h2>"
        if self.data_button.value and self.client is not None:
            self._fill_data_panel()
            self.data_box.layout.display = ""
        else:
            self.data_panel.children = []
            self.data_box.layout.display = "none"

    def _fill_data_panel(self) -> None:
        if self.client is None:
            self.data_panel.children = []
            return
        name = self.client.pseudonym
        client_id = self.client.id
        export = DownloadButton(
            t("data.export", self.lang, name=name),
            make=lambda: (f"gegevens-{re.sub(r'[^A-Za-z0-9]+', '-', name).strip('-') or 'client'}.json",
                          export_client_json(self.store, client_id)),
            mime="application/json",
            on_error=self.guard,
            css_class="mm-export",
        )
        export.add_class("mm-export")
        self.export_button = export
        link = export
        erase = W.Button(description=t("data.erase", self.lang), icon="trash").add_class("mm-erase")
        confirm = W.Button(description=t("data.erase_confirm", self.lang, name=name), button_style="danger")
        confirm.add_class("mm-erase-confirm")
        cancel = W.Button(description=t("data.cancel", self.lang))
        warning = W.HTML(f"<p>{html.escape(t('data.erase_warning', self.lang))}</p>")
        confirm_box = W.VBox([warning, W.HBox([confirm, cancel]).add_class("mm-wrap")], layout=W.Layout(display="none"))
        erase.on_click(self.guard(lambda _b: setattr(confirm_box.layout, "display", "")))
        cancel.on_click(self.guard(lambda _b: setattr(confirm_box.layout, "display", "none")))
        confirm.on_click(self.guard(lambda _b: self.erase_client()))
        looked = "".join(f"<li>{html.escape(line)}</li>" for line in who_looked(self.store, client_id, self.lang))
        self.who_looked = W.Accordion([W.HTML(f"<ul>{looked}</ul>").add_class("mm-who-looked-lines")], selected_index=None)
        self.who_looked.set_title(0, t("data.who_looked", self.lang))
        self.who_looked.add_class("mm-who-looked")
        self.data_panel.children = [W.HTML(f"<p>{html.escape(t('data.intro', self.lang))}</p>"),
                                    link, self.who_looked, erase, confirm_box]

    def erase_client(self) -> None:
        """Erase everything of the open client, then return to the picker."""
        if self.client is None:
            return
        name = self.client.pseudonym
        self.clients.erase(self.client.id)
        self.client, self.assessment, self.history = None, None, []
        self.picker.forget()
        self.data_button.value = False
        self.current_client.value = ""
        self.workspace.layout.display = "none"
        self.editor.load(None)
        self._refresh_all()
        self.messages.show(t("data.erased", self.lang, name=name), "success")

    # -- language ------------------------------------------------------------
    def _on_lang(self, change_: dict[str, Any]) -> None:
        self.set_lang(change_["new"])

    def set_lang(self, lang: str) -> None:
        self.lang = normalise_language(lang)
        if self.lang_switch.value != self.lang:
            self.lang_switch.value = self.lang
        self.picker.lang = self.lang
        self.stress.set_lang(self.lang)
        self.day_field.set_lang(self.lang)
        self.editor.set_lang(self.lang)
        self.file_banner.set_lang(self.lang)
        if self.saved.value:
            self.saved.show(self.lang)
        self._fill_definition_choice()
        for _title, panel in self.extra_tabs:
            if hasattr(panel, "set_lang"):
                panel.set_lang(self.lang)
        self._texts()
        self._refresh_all()
        self._refresh_data_panel()

    def _texts(self) -> None:
        self.self_view.set_lang(self.lang)
        self.title.value = f"<h1 class='mm-title'>{html.escape(t('app.title', self.lang))}</h1>"
        titles = [t(key, self.lang) for key in STEP_KEYS]
        titles += [t(key, self.lang) for key, _ in self.extra_tabs]
        titles.append(t("step.takehome", self.lang))
        self.steps.set_titles(titles, self.lang)

    def _on_tab(self, change_: dict[str, Any]) -> None:
        index = change_["new"]
        if index is not None and self.self_view in self.tabs.children[index].children:
            self.self_view.reload()  # the client may have opened or finished their link meanwhile
        if index is not None and isinstance(self.tabs.children[index], DeferredPanel):
            self.tabs.children[index].build()
        if index is not None and self.tabs.children[index] is self.progress_page:
            self._refresh_progress()
        if index is not None and self.tabs.children[index] is self.takehome_page:
            self._fill_takehome_slot()

    def _goal_panel(self) -> W.Widget | None:
        """The tab that can start a goal for a sub-pillar (the plan), if the workbook has one."""
        for _key, panel in self.extra_tabs:
            inner = panel.panel if isinstance(panel, DeferredPanel) else panel
            if isinstance(panel, DeferredPanel) and inner is None:
                return panel  # not built yet: it is the plan if the workbook added one
            if hasattr(inner, "start_goal_for"):
                return panel
        return None

    def _refresh_focus_goals(self) -> None:
        """One button per part the client wants to work on: "Maak hier een doel van"."""
        subs = [
            sub for pillar in self.definition.pillars for sub in pillar.subpillars
            if self.assessment is not None and (c := self.assessment.choices.get(sub.id)) is not None and c.focus
        ]
        if self._goal_panel() is None or self.client is None:
            self.focus_goals.children = []
            return
        buttons = []
        for sub in subs:
            button = W.Button(
                description=t("focus.make_goal", self.lang, name=sub.name.get(self.lang)),
                icon="flag",
            ).add_class("mm-focus-goal")
            button.add_class(f"mm-focus-goal-{sub.id}")
            button.on_click(self.guard(lambda _b, sub_id=sub.id: self.start_goal(sub_id)))
            buttons.append(button)
        self.focus_goals.children = buttons

    def start_goal(self, sub_id: str) -> str | None:
        """Go to the plan with the goal for this part (the open one, or a new one) selected."""
        panel = self._goal_panel()
        if panel is None:
            return None
        self.tabs.selected_index = list(self.tabs.children).index(panel)
        inner = panel.build() if isinstance(panel, DeferredPanel) else panel
        return inner.start_goal_for(sub_id)

    def add_tab(self, title_key: str, panel: W.Widget) -> None:
        """Add a panel (e.g. the plan) as a tab; it gets set_client / set_lang / set_focus calls."""
        self.extra_tabs.append((title_key, panel))
        *pages, takehome = self.tabs.children
        self.tabs.children = (*pages, panel, takehome)
        self._texts()
        if self.client is not None:
            self._tell_panels()


def conversation_app(store: Store | None = None, lang: str | None = None,
                     library: DefinitionLibrary | None = None, plan: bool = True) -> ConversationApp:
    """The conversation workbook's app, with the goal-action plan as a tab;
    Dutch unless ``?lang=en`` or ``lang``."""
    from mmwidgets.widgets.plan.panel import PlanPanel

    store = store or Store()
    visitor_language = lang is None
    app = ConversationApp(store, library or default_library(), lang or language_from_environment())
    if plan:
        app.add_tab("tab.plan", DeferredPanel(lambda: PlanPanel(store, app.lang, takehome_here=False)))
    if visitor_language:
        # In a preheated Voila kernel the app above was built before anyone arrived;
        # the visitor's ?lang= is known only now (a no-op outside preheating).
        if wait_for_visitor():
            app.reload_definitions()  # a bridge saved since the kernel was preheated
        if language_from_environment() != app.lang:
            app.set_lang(language_from_environment())
        app.open_from_query(os.environ.get("QUERY_STRING", ""))
    return app
