"""The adaptation workbook (Aanpassen): prototype a Dutch adaptation of the bridge without code.

Open any definition (shipped, or from the team's own definitions folder), edit pillars,
sub-pillars and steps, see the bridge and the radar with a sample assessment change as
you type, see validation problems live in your language with the place they point at,
compare two definitions, and save as a new file in the team's own folder (shipped files
are never written; replacing an own file asks first). A saved definition can be chosen in
the conversation workbook the next time it is opened.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import ipywidgets as W
import traitlets

from mmwidgets.i18n import language_from_environment, normalise_language, t
from mmwidgets.model.bridge import edit
from mmwidgets.model.assessment import InvalidInput
from mmwidgets.model.bridge import drafts
from mmwidgets.model.bridge.definition import BridgeDefinition, definition_to_data
from mmwidgets.model.bridge.files import Problem
from mmwidgets.model.bridge.library import DefinitionLibrary, LibraryEntry, shipped_bridges_dir
from mmwidgets.model.bridge.crosswalk import (
    CrosswalkProposal,
    crosswalk_problems,
    propose_crosswalk,
    save_crosswalk,
)
from mmwidgets.model.bridge.diff import diff_definitions
from mmwidgets.model.bridge.files import DataFileError
from mmwidgets.widgets.adapt.compare import CompareView
from mmwidgets.widgets.adapt.crosswalk import CrosswalkMaker, plain_name
from mmwidgets.widgets.adapt.editor import DefinitionEditor
from mmwidgets.widgets.adapt.preview import DefinitionPreview, ProblemList
from mmwidgets.widgets.adapt.save import SaveBar
from mmwidgets.widgets.feedback import MessageArea, guarded
from mmwidgets.widgets.language import LanguageSwitch
from mmwidgets.widgets.timing import timed

EDITING = "__editing__"  # the compare tab's key for the definition being edited


class AdaptApp(W.VBox):
    lang = traitlets.Unicode("nl")

    def __init__(self, library: DefinitionLibrary, own_dir: Path, lang: str = "nl"):
        super().__init__()
        self.add_class("mm-app")
        self.add_class("mm-adapt")
        self.library, self.own_dir = library, Path(own_dir)
        self.messages = MessageArea()
        self.lang = normalise_language(lang)
        guard = guarded(self.messages, lambda: self.lang)
        self.guard = guard
        self.entry: LibraryEntry | None = None
        self.validation: edit.Validation | None = None
        self.last_valid: BridgeDefinition | None = None
        self.draft: BridgeDefinition | None = None  # what is on screen now ("…" where text is to come)
        self.untranslated: tuple[Problem, ...] = ()
        self.lang_note = W.HTML().add_class("mm-adapt-lang-note-box")
        # unsaved edits: what was opened or saved last, and the questions before it is left
        self._clean: dict[str, Any] | None = None
        self.unsaved = False
        self._not_saved_shown = False
        self._auto_file: str | None = None  # the file name the workbook chose (it follows the bridge's name)
        self._pending_key: str | None = None
        self.leave_text = W.HTML()
        self.leave_yes = W.Button(button_style="warning").add_class("mm-adapt-leave-yes")
        self.leave_no = W.Button(button_style="primary").add_class("mm-adapt-leave-no")
        self.leave_question = W.VBox(
            [self.leave_text, W.HBox([self.leave_no, self.leave_yes], layout=W.Layout(flex_flow="row wrap"))],
            layout=W.Layout(display="none"),
        ).add_class("mm-adapt-leave")
        self.draft_text = W.HTML()
        self.draft_restore = W.Button(button_style="primary").add_class("mm-adapt-draft-restore")
        self.draft_drop = W.Button().add_class("mm-adapt-draft-drop")
        self.draft_offer = W.VBox(
            [self.draft_text, W.HBox([self.draft_restore, self.draft_drop], layout=W.Layout(flex_flow="row wrap"))],
            layout=W.Layout(display="none"),
        ).add_class("mm-adapt-draft-offer")
        # closing or reloading the tab with unsaved edits asks first (the browser's own question)
        self.unload_guard = W.HTML(_UNLOAD_GUARD).add_class("mm-adapt-unload-guard")

        self.title = W.HTML()
        self.intro = W.HTML()
        self.lang_switch = LanguageSwitch(self.lang)
        self.open_choice = W.Dropdown(options=[], layout=W.Layout(width="30em")).add_class("mm-adapt-open")
        self.refused = W.HTML().add_class("mm-adapt-refused")
        self.editor = DefinitionEditor(self.messages, self.lang)
        self.problems = ProblemList(self.messages, self._go_to_problem, self.lang)
        self.preview = DefinitionPreview(self.lang)
        self.savebar = SaveBar(self.messages, self.lang)
        self.savebar.set_folder(str(self.own_dir))
        self.compare = CompareView(self.messages, self._resolve, self.lang, editing_key=EDITING)
        self.crosswalk = CrosswalkMaker(self.messages, self.lang)
        self.origin_key: str | None = None  # the bridge the variant was opened from
        self._variant_of: dict[str, str] = {}  # saved variant's key -> the bridge it was made from
        self.proposal: CrosswalkProposal | None = None

        edit_page = W.VBox(
            [
                self.problems,
                self.lang_note,
                self.preview,
                W.HBox(
                    [
                        W.VBox([self.editor], layout=W.Layout(width="62%")).add_class("mm-adapt-edit-main"),
                        W.VBox([self.preview.radar], layout=W.Layout(width="38%")).add_class("mm-adapt-edit-side"),
                    ]
                ).add_class("mm-adapt-edit-row"),
                self.savebar,
            ]
        )
        self.tabs = W.Tab([edit_page, self.compare, self.crosswalk]).add_class("mm-adapt-tabs")
        header = W.HBox(
            [self.title, self.open_choice, self.lang_switch],
            layout=W.Layout(justify_content="space-between", align_items="center"),
        ).add_class("mm-adapt-header")
        self.children = [header, self.intro, self.messages, self.leave_question, self.draft_offer, self.refused,
                         self.tabs, self.unload_guard]

        self.lang_switch.observe(guard(self._on_lang), "value")
        self.open_choice.observe(guard(self._on_open), "value")
        self.editor.on_change(guard(self._on_edit))
        self.savebar.on_save(guard(self._on_save))
        self.savebar.make_crosswalk.on_click(guard(lambda _b: self.make_crosswalk()))
        self.crosswalk.on_change(guard(self._on_crosswalk_change))
        self.crosswalk.on_save(guard(self._on_crosswalk_save))
        self.tabs.observe(guard(self._on_tab), "selected_index")
        self.leave_yes.on_click(guard(self._on_leave_yes))
        self.leave_no.on_click(guard(self._on_leave_no))
        self.draft_restore.on_click(guard(self._on_draft_restore))
        self.draft_drop.on_click(guard(self._on_draft_drop))
        self._texts()
        self._fill_open_choice()
        self._show_refused()
        first = self._first_key()
        if first is not None:
            self.open_definition(first)
        else:
            self.messages.show(t("adapt.ui.nothing_to_open", self.lang), "warning")
        self._offer_draft()

    # -- definitions -----------------------------------------------------------------------------
    def _first_key(self) -> str | None:
        try:
            return self.library.default().key
        except KeyError:
            keys = self.library.keys()
            return keys[0] if keys else None

    def _label(self, entry: LibraryEntry) -> str:
        defn = entry.definition
        assert defn is not None
        where = t("adapt.ui.shipped", self.lang) if entry.shipped else t("adapt.ui.own", self.lang)
        name = defn.name.get(self.lang)
        if entry.shipped:  # "(standaard van mmwidgets)": a remark for the file, "meegeleverd" says it
            name = re.sub(r"\s*\([^)]*\)\s*$", "", name) or name
        if len(self.library.versions(defn.id)) > 1:  # only then is the version needed to tell them apart
            return f"{name} · {t('adapt.ui.version_n', self.lang, n=defn.version)} · {where}"
        return f"{name} · {where}"

    def _fill_open_choice(self, value: str | None = None) -> None:
        options = [(self._label(e), e.key) for e in self.library.valid()]
        self._quiet_open = True
        try:
            self.open_choice.options = options
            keys = [k for _, k in options]
            current = value if value in keys else (self.entry.key if self.entry and self.entry.key in keys else None)
            self.open_choice.value = current
        finally:
            self._quiet_open = False
        self._fill_compare()

    def _fill_compare(self, reset: bool = False) -> None:
        """The compare choices; ``reset``: A = the opened bridge, B = the one being edited."""
        options = [(self._label(e), e.key) for e in self.library.valid()]
        options.insert(0, (t("adapt.ui.editing_option", self.lang), EDITING))
        if reset or self.compare.choice_a.value is None:
            a = self.entry.key if self.entry is not None else None
            self.compare.set_options(options, a=a, b=EDITING)
        else:
            self.compare.set_options(options)

    def _show_refused(self) -> None:
        refused = self.library.refused()
        if not refused:
            self.refused.value = ""
            return
        items = "".join(
            f"<li>{html.escape(line)}</li>" for entry in refused for line in entry.error.messages(self.lang)  # type: ignore[union-attr]
        )
        head = html.escape(t("adapt.ui.refused", self.lang, count=len(refused)))
        self.refused.value = f'<div class="mm-msg mm-msg-warning" role="status"><b>{head}</b><ul>{items}</ul></div>'

    def _resolve(self, key: str) -> BridgeDefinition | None:
        if key == EDITING:  # what is on screen now ("…" where text is still to come)
            return self.draft if self.draft is not None else self.last_valid
        return self.library.get(key) if key in self.library else None

    def open_definition(self, key: str) -> None:
        """Open ``key`` (id@version) in the editor: a shipped bridge as a copy with a new id."""
        entry = self.library.entry(key)
        defn = entry.definition
        assert defn is not None
        if entry.shipped:
            data = edit.editable_copy(defn, set(self.library.keys()))
            file_name = data["id"]
        else:
            data = definition_to_data(defn)
            file_name = entry.path.stem
        self.entry = entry
        self.origin_key = key
        self.savebar.make_crosswalk.layout.display = None if key in self._variant_of else "none"
        self.editor.load(data)
        self.savebar.name.value = file_name
        self._auto_file = file_name if entry.shipped else None
        self._not_saved_shown = False
        self.savebar.status.clear()
        self._clean = data
        self._set_unsaved(False)
        self._revalidate(data)
        if self.open_choice.value != key:
            self._quiet_open = True
            try:
                self.open_choice.value = key
            finally:
                self._quiet_open = False
        self._fill_compare(reset=True)

    def _on_open(self, change: dict[str, Any]) -> None:
        if getattr(self, "_quiet_open", False) or change["new"] is None:
            return
        if self.entry is not None and change["new"] == self.entry.key:
            return  # the bridge being edited (e.g. set back after "Nee"): nothing to open
        if self.unsaved:  # ask first; "Nee" sets the choice back to the bridge being edited
            self._pending_key = change["new"]
            self._ask_leave()
            return
        self.open_definition(change["new"])

    def _follow_file_name(self, data: dict[str, Any]) -> None:
        """A copy's file name follows the bridge's Dutch name until one is typed (under Geavanceerd)."""
        if self._auto_file is None or self.savebar.name.value != self._auto_file:
            self._auto_file = None  # typed by hand (or an own file): it stays
            return
        name = data.get("name") if isinstance(data, dict) else None
        stem = edit.slug(name.get("nl") or "") if isinstance(name, dict) else ""
        if stem and stem != self._auto_file and edit.FILE_NAME.fullmatch(stem):
            self._auto_file = stem
            self.savebar.name.value = stem

    # -- unsaved edits ---------------------------------------------------------------------------
    def _set_unsaved(self, unsaved: bool) -> None:
        self.unsaved = unsaved
        if unsaved:
            self.add_class("mm-unsaved")
        else:
            self.remove_class("mm-unsaved")

    def _ask_leave(self) -> None:
        name = self.library.get(self._pending_key).name.get(self.lang) if self._pending_key in self.library else ""
        self.leave_text.value = (
            f'<div class="mm-msg mm-msg-warning" role="alert">{html.escape(t("adapt.unsaved.question", self.lang, name=name))}</div>'
        )
        self.leave_question.layout.display = None

    def _on_leave_yes(self, _button: Any) -> None:
        key, self._pending_key = self._pending_key, None
        self.leave_question.layout.display = "none"
        if key is None or key not in self.library:
            return
        drafts.drop_draft(self.own_dir)
        self._set_unsaved(False)
        self.open_definition(key)

    def _on_leave_no(self, _button: Any) -> None:
        self._pending_key = None
        self.leave_question.layout.display = "none"
        if self.entry is not None and self.open_choice.value != self.entry.key:
            self._quiet_open = True
            try:
                self.open_choice.value = self.entry.key
            finally:
                self._quiet_open = False

    def _keep_draft(self) -> None:
        """The data on screen, kept in the team's folder until it is saved (a closed tab loses nothing)."""
        opened = self.entry.key if self.entry is not None else None
        try:
            drafts.save_draft(self.own_dir, self.editor.data, opened, self.savebar.name.value)
        except OSError:
            self.messages.show(t("adapt.unsaved.draft_failed", self.lang), "warning")

    def _offer_draft(self) -> None:
        draft = drafts.load_draft(self.own_dir)
        if draft is None or draft.data == self.editor.data:
            return
        self._draft = draft
        name = str((draft.data.get("name") or {}).get(self.lang) or (draft.data.get("name") or {}).get("nl") or "") \
            if isinstance(draft.data.get("name"), dict) else ""
        when = _when(draft.saved_at, self.lang)
        text = t("adapt.unsaved.draft_found", self.lang, name=name or t("adapt.ui.unnamed", self.lang), when=when)
        self.draft_text.value = f'<div class="mm-msg mm-msg-info" role="status">{html.escape(text)}</div>'
        self.draft_offer.layout.display = None

    def _on_draft_restore(self, _button: Any) -> None:
        draft = getattr(self, "_draft", None)
        self.draft_offer.layout.display = "none"
        if draft is None:
            return
        if draft.opened and draft.opened in self.library:
            self.open_definition(draft.opened)
        self.editor.load(draft.data)
        if draft.file_name:
            self.savebar.name.value = draft.file_name
        self._set_unsaved(True)
        self._revalidate(draft.data)
        self._fill_compare(reset=True)

    def _on_draft_drop(self, _button: Any) -> None:
        self.draft_offer.layout.display = "none"
        self._draft = None
        drafts.drop_draft(self.own_dir)

    # -- editing ---------------------------------------------------------------------------------
    def _revalidate(self, data: dict[str, Any]) -> None:
        """Validate ``data``; redraw the preview when valid, else list and mark the problems."""
        result = edit.validate(data)
        self.validation = result
        if result.ok:
            self.last_valid = result.definition
            self.draft = result.definition
            self.untranslated = result.untranslated
            self.preview.show(result.definition)  # type: ignore[arg-type]
            self.preview.partial = False
            self._show_problem_list(data, result)
            self.editor.show_problems(())
            self.editor.show_untranslated(self.untranslated)
            self._language_note()
            return
        draft = edit.preview_definition(data, result)
        self.draft = draft
        if draft is not None:  # only texts still to come: draw it with "…" there
            self.untranslated = edit.untranslated_problems(draft)
            self.preview.show(draft)
            self.preview.partial = True
        else:
            self.preview.stale = True
        self._show_problem_list(data, result)
        self.editor.show_problems(result.problems)
        self.editor.show_untranslated(self.untranslated)
        self._language_note()

    def _compare_note(self) -> str:
        result = self.validation
        if result is None or result.ok:
            return ""
        key = "adapt.compare.editing_todo" if self.draft is not None else "adapt.compare.editing_errors"
        return t(key, self.lang)

    def _show_problem_list(self, data: dict[str, Any], result: edit.Validation) -> None:
        errors = [edit.problem_message(data, p, self.lang) for p in result.errors]
        untranslated = edit.todo_lines(data, self.untranslated, self.lang) if self.untranslated else []
        self.problems.show(errors, edit.todo_lines(data, result.todo, self.lang), untranslated)

    def _language_note(self) -> None:
        """In the English view: say that Dutch texts stand in where English is still missing.
        (And what the compare tab says about the bridge being edited.)"""
        self.compare.editing_note = self._compare_note()
        show = self.lang == "en" and bool(self.untranslated)
        value = f'<p class="mm-adapt-lang-note mm-msg mm-msg-info">{html.escape(t("adapt.lang.english_view", self.lang))}</p>' if show else ""
        if self.lang_note.value != value:
            self.lang_note.value = value

    def _on_edit(self, data: dict[str, Any]) -> None:
        with timed("adapt.edit"):
            self._set_unsaved(data != self._clean)
            self._follow_file_name(data)
            if self.unsaved:
                self._keep_draft()
            self._revalidate(data)
            if self._not_saved_shown and self.validation is not None and self.validation.ok:
                self._not_saved_shown = False  # all filled in now: the "not saved yet" line goes
                self.savebar.status.clear()
            if self.tabs.selected_index == 1:
                self.compare.refresh()

    def _go_to_problem(self, index: int) -> None:
        if self.validation is None or not self.validation.problems:
            return
        first = (self.validation.errors or self.validation.todo)[index]
        p, s, n, rest = edit.problem_target(first.location)
        if p is not None and s is None and rest.startswith("subpillars"):
            s = self.editor.selection[1] if self.editor.selection[0] == p else 0  # the sub-pillar weights form
        if p is not None:
            self.editor.select(p, s, n)

    def _on_tab(self, change: dict[str, Any]) -> None:
        if change["new"] == 1:
            self.compare.refresh()

    # -- saving ----------------------------------------------------------------------------------
    def _save_problem(self, definition: BridgeDefinition, file_name: str) -> Problem | None:
        for entry in self.library.valid():
            if entry.key != definition.key:
                continue
            if entry.shipped:
                return Problem("id", "shipped_key", {"key": definition.key})
            if entry.path.name != file_name:
                return Problem("id", "key_taken", {"key": definition.key, "file": entry.path.name})
        return None

    def _on_save(self, name: str, overwrite: bool) -> None:
        lang = self.lang
        result = edit.validate(self.editor.data)
        if not result.ok:
            if result.errors:
                self.savebar.status.show(t("adapt.ui.fix_first", lang, count=len(result.errors)), "error")
            else:
                lines = edit.todo_lines(self.editor.data, result.todo, lang)
                self.savebar.status.show(t("adapt.todo.not_saved", lang, count=len(lines)), "info")
            self._not_saved_shown = True
            return
        definition = result.definition
        assert definition is not None
        try:
            file_name = edit.check_file_name(name)
            problem = self._save_problem(definition, file_name)
            if problem is not None:
                raise InvalidInput(problem)
            path = edit.save_definition(definition, self.own_dir, file_name, overwrite=overwrite)
        except InvalidInput as exc:
            self.savebar.status.show(_plain_message(exc, lang), "error")
            return
        except edit.NeedsConfirmation as exc:
            there = next((e for e in self.library if e.path.resolve() == exc.path and e.definition is not None), None)
            self.savebar.ask_overwrite(there.definition.name.get(lang) if there else exc.path.stem)  # type: ignore[union-attr]
            return
        self.library.reload()
        self.entry = self.library.entry(definition.key)
        self._clean = self.editor.data
        self._set_unsaved(False)
        self._auto_file = None  # saved: the file keeps its name
        drafts.drop_draft(self.own_dir)
        self._fill_open_choice(definition.key)
        self._show_refused()
        saved = t("adapt.ui.saved_plain", lang, name=definition.name.get(lang))
        if result.untranslated:
            saved += " " + t("adapt.lang.saved_dutch_only", lang, count=len(result.untranslated))
        self.savebar.status.show(saved, "success")
        self.savebar.show_saved(path.name, definition.key)
        variant = self.origin_key is not None and self.origin_key != definition.key and self.origin_key in self.library
        if variant:
            self._variant_of[definition.key] = self.origin_key  # type: ignore[assignment]
        self.savebar.make_crosswalk.layout.display = None if definition.key in self._variant_of else "none"

    # -- the crosswalk from the bridge it was opened from ----------------------------------------
    def make_crosswalk(self) -> None:
        """Propose the crosswalk old -> saved variant and show it in the "Koppeling" tab."""
        origin = self._variant_of.get(self.entry.key) if self.entry is not None and self.entry.key else None
        if self.entry is None or origin is None or origin not in self.library:
            self.messages.show(t("adapt.cwm.save_first", self.lang), "info")
            return
        old, new = self.library.get(origin), self.entry.definition
        assert new is not None
        renames = dict(diff_definitions(old, new).sub_renames)
        self.proposal = propose_crosswalk(old, new, renames)
        self.crosswalk.status.clear()
        self.crosswalk.load(old, new, self.proposal.data)
        self._check_crosswalk(self.proposal.data)
        self.tabs.selected_index = 2

    def _check_crosswalk(self, data: dict[str, Any]) -> list[Problem]:
        old, new = self.crosswalk.old, self.crosswalk.new
        problems = crosswalk_problems(data, old, new)
        lines = [self._crosswalk_message(p, data) for p in problems]
        fed = {line.get("to") for line in data.get("subpillars") or [] if isinstance(line, dict)}
        used = {line.get("from") for line in data.get("subpillars") or [] if isinstance(line, dict)}
        lang = self.lang
        no_place = [f"{p.name.get(lang)} › {s.name.get(lang)}" for p, s in old.subpillars() if s.id not in used] if old else []
        not_fed = [f"{p.name.get(lang)} › {s.name.get(lang)}" for p, s in new.subpillars() if s.id not in fed] if new else []
        self.crosswalk.show_check(lines, no_place, not_fed)
        return problems

    def _crosswalk_message(self, problem: Problem, data: dict[str, Any]) -> str:
        """A crosswalk problem with its place in words (the old part's name), never its path."""
        text = t(f"val.{problem.code}", self.lang, **problem.values)
        p, _s, _n, _rest = edit.problem_target(problem.location.replace("subpillars", "pillars", 1))
        lines = data.get("subpillars") or []
        old = self.crosswalk.old
        if p is not None and 0 <= p < len(lines) and old is not None and old.has_subpillar(str(lines[p].get("from"))):
            return f"{old.subpillar(str(lines[p]['from'])).name.get(self.lang)}: {text}"
        return text

    def _on_crosswalk_change(self, data: dict[str, Any]) -> None:
        self.crosswalk.status.clear()
        self._check_crosswalk(data)

    def _on_crosswalk_save(self, data: dict[str, Any]) -> None:
        old, new = self.crosswalk.old, self.crosswalk.new
        if old is None or new is None:
            return
        if self._check_crosswalk(data):
            self.crosswalk.status.show(t("adapt.cwm.fix_first", self.lang), "error")
            return
        try:
            save_crosswalk(data, old, new, self.own_dir)
        except DataFileError as exc:
            self.crosswalk.status.show_lines([self._crosswalk_message(p, data) for p in exc.problems], "error")
            return
        self.crosswalk.status.show(
            t("adapt.cwm.saved", self.lang, old=plain_name(old, self.lang), new=plain_name(new, self.lang)), "success"
        )

    # -- language --------------------------------------------------------------------------------
    def _on_lang(self, change: dict[str, Any]) -> None:
        self.set_lang(change["new"])

    def set_lang(self, lang: str) -> None:
        lang = normalise_language(lang)
        self.lang = lang
        if self.lang_switch.value != lang:
            self.lang_switch.value = lang
        for widget in (self.editor, self.problems, self.preview, self.savebar, self.compare, self.crosswalk):
            widget.lang = lang
        if self.crosswalk.loaded:
            self._check_crosswalk(self.crosswalk.data)
        self._texts()
        self._fill_open_choice()
        self._show_refused()
        if self.validation is not None:
            self._show_problem_list(self.editor.data, self.validation)
        self._language_note()

    def _texts(self) -> None:
        lang = self.lang
        self.title.value = f"<h1>{html.escape(t('adapt.ui.title', lang))}</h1>"
        self.intro.value = f'<p class="mm-adapt-intro">{html.escape(t("adapt.ui.intro", lang))}</p>'
        self.open_choice.description = t("adapt.ui.open", lang)
        self.tabs.set_title(0, t("adapt.ui.tab_edit", lang))
        self.tabs.set_title(1, t("adapt.ui.tab_compare", lang))
        self.tabs.set_title(2, t("adapt.cwm.tab", lang))
        self.leave_yes.description = t("adapt.unsaved.leave", lang)
        self.leave_no.description = t("adapt.unsaved.stay", lang)
        self.draft_restore.description = t("adapt.unsaved.restore", lang)
        self.draft_drop.description = t("adapt.unsaved.drop", lang)
        if self._pending_key is not None:
            self._ask_leave()


#: the browser's own "leave this page?" question while the app has unsaved edits (class mm-unsaved).
#: A constant (no user text in it): an image that never loads runs it once, as ipywidgets' HTML
#: widget does not run <script>; the listener is added once per page.
_UNLOAD_GUARD = (
    '<img src="data:," alt="" aria-hidden="true" style="display:none" onerror="'
    "if(!window.mmUnloadGuard){window.mmUnloadGuard=true;window.addEventListener('beforeunload',function(e){"
    "if(document.querySelector('.mm-adapt.mm-unsaved')){e.preventDefault();e.returnValue='';}});}"
    '">'
)


def _when(moment: Any, lang: str) -> str:
    """``zondag 6 december, 19:05`` (Europe/Amsterdam), or "" when unknown."""
    if moment is None:
        return ""
    from zoneinfo import ZoneInfo

    from babel.dates import format_datetime

    try:
        return format_datetime(moment, "EEEE d MMMM, HH:mm", tzinfo=ZoneInfo("Europe/Amsterdam"), locale=lang)
    except (ValueError, LookupError):
        return ""


def _plain_message(exc: InvalidInput, lang: str) -> str:
    """The problem's text without its technical location (the save bar is the place)."""
    return t(f"val.{exc.problem.code}", lang, **exc.problem.values)


def adapt_app(lang: str | None = None, definitions_dir: str | Path | None = None) -> AdaptApp:
    """The adaptation workbook. ``definitions_dir``: the team's own folder (default: in the data folder)."""
    if definitions_dir is None:
        from mmwidgets.store.config import definitions_dir as own_folder

        folder = own_folder()
    else:
        folder = Path(definitions_dir)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    library = DefinitionLibrary([shipped_bridges_dir(), folder])
    return AdaptApp(library, folder, normalise_language(lang) if lang else language_from_environment())
