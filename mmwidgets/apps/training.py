"""The training workbooks: one function per workbook, wiring the exercise widgets to the store.

- :func:`scoring_workbook`  exercise 1, score a vignette's bridge (joins a trainer's session)
- :func:`coaching_workbook` exercise 2, coach, don't direct
- :func:`steps_workbook`    exercise 3, from goal to small steps
- :func:`stress_workbook`   exercise 4, stress and executive functions
- :func:`trainer_workbook`  the trainer's group view

Each trainee workbook works for one trainee alone; joining a session (code + nickname) saves
the answers in the same store as the conversations, so the trainer sees them. The store is
opened only when someone joins (or by the trainer's workbook).

Following the trainer: every joined trainee page asks every few seconds (a browser-side timer)
where the group is. Another vignette: the exercise shows it (exercises 1 to 3). Another
exercise: the page says so, leaves a hand-over note in the browser (session code and nickname,
never the key) and the browser opens that exercise's workbook by itself (a new Voila page).
There the page finds the note and the trainee's key in the browser and joins again without
typing; another browser has neither and sees the ordinary join panel.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from typing import Any, Callable

import ipywidgets as W
import traitlets

from mmwidgets.apps.common import wait_for_visitor
from mmwidgets.i18n import language_from_environment, normalise_language, t
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.bridge.files import DataFileError, Problem
from mmwidgets.model.training.content import TraineeProgress, TrainingContent, load_training
from mmwidgets.model.training.access import BRAKE_NAME, GuessBrake, normalise_session_code
from mmwidgets.model.training.room import announce_move, take_seat
from mmwidgets.model.training.report import EXERCISES, join_names, session_summary_html
from mmwidgets.model.training.stage import (
    ANSWER_KINDS,
    CURRENT_MAX_AGE,
    CURRENT_NAME,
    HANDOVER_NAME,
    TRAINER_CURRENT_NAME,
    where_line,
    NAME_KEYS,
    WORKBOOKS,
    check_exercise,
    handover_text,
    read_handover,
)
from mmwidgets.store.store import Store
from mmwidgets.store.training.repo import Trainee, TrainingRepo
from mmwidgets.store.training.tables import utcnow
from mmwidgets.widgets.browser_keys import BrowserKeys
from mmwidgets.widgets.download_button import DownloadButton
from mmwidgets.widgets.feedback import MessageArea, guarded
from mmwidgets.widgets.language import LanguageSwitch
from mmwidgets.widgets.training.answers import GroupAnswers
from mmwidgets.widgets.training.coach import CoachExercise
from mmwidgets.widgets.training.common import JoinPanel
from mmwidgets.widgets.training.group import GroupView
from mmwidgets.widgets.training.move import ExerciseMover
from mmwidgets.widgets.training.scoring import ScoringExercise
from mmwidgets.widgets.training.stage import ExerciseChoice
from mmwidgets.widgets.training.steps import StepsExercise
from mmwidgets.widgets.training.stress import StressQuiz

log = logging.getLogger("mmwidgets")

#: training sessions (nicknames and answers) are erased this many days after they started
SESSION_KEEP_DAYS = 30
#: how often a trainee's page asks whether the trainer moved the group on (a browser-side timer)
FOLLOW_INTERVAL_MS = 4000
#: every this many follow ticks (~12 s) a trainee's page tells the trainer it still works
WHERE_EVERY = 3


def keep_brake(keys: BrowserKeys, brake: GuessBrake, run: Callable[..., Any]) -> Callable[..., Any]:
    """``run`` a code check, then keep the page's brake in the browser (misses, and how long to
    wait), so that the next page of a guessing browser waits on; a hit clears it."""

    def checked(*args: Any) -> Any:
        before = brake.to_text()
        try:
            return run(*args)
        finally:
            after = brake.to_text()
            if after != before or keys.get(BRAKE_NAME):
                keys.put(BRAKE_NAME, after)

    return checked


def trainee_key_name(code: str, nickname: str) -> str:
    return f"trainee:{code}:{' '.join(nickname.split()).casefold()}"


def trainer_key_name(code: str) -> str:
    return f"trainer:{code}"


class TrainingApp(W.VBox):
    """Header (title, language), optional join panel, one exercise widget (``exercise_number``
    1 to 4); once joined it follows the trainer to another vignette or exercise."""

    lang = traitlets.Unicode("nl")

    def __init__(
        self,
        title_key: str,
        build: Callable[[TrainingContent, str, MessageArea], W.Widget],
        content: TrainingContent | None = None,
        store: Store | Callable[[], Store] | None = None,
        lang: str | None = None,
        joinable: bool = True,
        exercise_number: int = 1,
    ):
        super().__init__()
        self.add_class("mm-app")
        self.add_class("mm-training")
        self.lang = normalise_language(lang or language_from_environment())
        self.messages = MessageArea()
        self.messages.lang = self.lang
        self.guard = guarded(self.messages, lambda: self.lang)
        self._store = store
        self._repo: TrainingRepo | None = None
        self.trainee: Trainee | None = None
        self.session_code: str | None = None
        self.session_vignette: str | None = None
        self.exercise_number = check_exercise(exercise_number)
        #: the exercise this page is opening because the trainer moved the group (None: staying)
        self.moving_to: int | None = None
        self._ticks = 0
        self.title_key = title_key
        self.content = content if content is not None else load_training()
        self.title = W.HTML()
        self.lang_switch = LanguageSwitch(self.lang)
        self.join_panel = JoinPanel(self.lang)
        self.join_panel.layout.display = "" if joinable else "none"
        self.exercise = build(self.content, self.lang, self.messages)
        self.brake = GuessBrake()
        #: the trainee's key for each session joined from this browser (kept in localStorage)
        self.browser_keys = BrowserKeys()
        # follows the trainer: a timer that ticks in the browser (see GroupView), switched on
        # once the page is drawn (the keys widget reports in) and the trainee has joined
        self.follow_timer = W.Play(
            value=0, min=0, max=10**9, step=1, interval=FOLLOW_INTERVAL_MS, repeat=True, show_repeat=False,
            layout=W.Layout(display="none"),
        ).add_class("mm-train-follow-timer")  # fmt: skip
        #: opens another exercise's workbook in this browser when the trainer moves the group
        self.mover = ExerciseMover()
        header = W.HBox([self.title, self.lang_switch], layout=W.Layout(justify_content="space-between", align_items="center"))
        # the exercise shows the messages; the keys widget last, so it is drawn after the rest
        self.children = [header, self.join_panel, self.exercise, self.follow_timer, self.mover, self.browser_keys]
        self.lang_switch.observe(self.guard(self._on_lang), "value")
        self.join_panel.on_join(self._on_join)  # the panel guards its own callbacks
        self.follow_timer.observe(self.guard(lambda _c: self.follow()), "value")
        self.browser_keys.observe(self.guard(self._on_keys_loaded), "loaded")
        self.mover.observe(self.guard(self._on_mover_state), "state")
        self._texts()

    @property
    def repo(self) -> TrainingRepo:
        if self._repo is None:
            store = self._store() if callable(self._store) else self._store
            self._repo = TrainingRepo(store if store is not None else Store())
        return self._repo

    def _on_lang(self, change: dict[str, Any]) -> None:
        self.lang = normalise_language(change["new"])
        self.messages.lang = self.lang
        self.join_panel.set_lang(self.lang)
        self.exercise.set_lang(self.lang)
        self._texts()

    def _texts(self) -> None:
        self.title.value = f"<h1 class='mm-title'>{html.escape(t(self.title_key, self.lang))}</h1>"

    def _on_join(self, code: str, nickname: str) -> None:
        keep_brake(self.browser_keys, self.brake, self._join)(code, nickname)

    def _join(self, code: str, nickname: str) -> None:
        session = self.repo.session(code, self.brake)
        name = trainee_key_name(session.code, nickname)
        self.trainee = self.repo.join(session.code, nickname, key=self.browser_keys.get(name), brake=self.brake)
        take_seat()  # a training day: the server now knows this browser is one of the group's trainees
        if self.trainee.key:
            self.browser_keys.put(name, self.trainee.key)
        self.session_code = session.code
        self.session_vignette = session.vignette_id
        # kept by this browser: a reloaded page joins again by itself (with the key kept above)
        self.browser_keys.put(CURRENT_NAME, handover_text(session.code, self.trainee.nickname, utcnow()))
        self.join_panel.show_joined(self.trainee.nickname, session.code, self.trainee.resumed)
        self.joined()
        if session.exercise != self.exercise_number:  # joined late: the group is elsewhere
            self.move_to(session.exercise)
        else:
            self.repo.mark_where(self.trainee.id, self.exercise_number)  # the trainer sees this page came
            self._start_following()

    def joined(self) -> None:
        """After joining: subclasses load what the trainee saved before and open the session's vignette."""
        if self.session_vignette:
            self.follow_vignette(self.session_vignette, announce=False)

    # -- following the trainer -------------------------------------------------------------
    def _on_keys_loaded(self, change: dict[str, Any]) -> None:
        if not change["new"]:
            return
        self.brake.restore(self.browser_keys.get(BRAKE_NAME), utcnow())  # a guesser's new page waits on
        self.rejoin_from_handover()
        self._start_following()

    def rejoin_from_handover(self) -> bool:
        """Join again, without typing, when this browser was in a session: the previous page
        followed the trainer here (the hand-over note, used once) or the page was reloaded
        (the session note kept while in a session). The note names the session and nickname;
        the key kept under that nickname proves it is the same trainee."""
        if self.trainee is not None:
            return False
        now = utcnow()
        found = None
        note = self.browser_keys.get(HANDOVER_NAME)
        if note is not None:
            self.browser_keys.put(HANDOVER_NAME, "")  # once only
            found = read_handover(note, now)
        if found is None:
            found = read_handover(self.browser_keys.get(CURRENT_NAME), now, CURRENT_MAX_AGE)
        if found is None:
            return False
        code, nickname = found
        if self.browser_keys.get(trainee_key_name(code, nickname)) is None:
            return False  # no key in this browser: not that trainee, the join panel stays
        try:
            self._on_join(code, nickname)
        except InvalidInput as exc:  # e.g. the trainer closed the session in between
            self.browser_keys.put(CURRENT_NAME, "")
            if exc.problem.code == "train_session_closed":
                self.join_panel.show_ended(code)
            else:
                self.join_panel.code.value = code
                self.join_panel.messages.show(exc.message(self.lang), "error")
            return False
        return True

    def _start_following(self) -> None:
        if self.trainee is not None and self.browser_keys.loaded and self.moving_to is None:
            self.follow_timer.playing = True

    def follow(self) -> None:
        """Go where the trainer moved the group: another exercise, or another vignette."""
        if self.trainee is None or self.moving_to is not None:
            return
        session = self.repo.session_by_id(self.trainee.session_id)
        if session is None or session.closed:
            self.session_ended()
            return
        if session.exercise != self.exercise_number:
            self.move_to(session.exercise)
            return
        self._ticks += 1
        if self._ticks % WHERE_EVERY == 0:  # the page still works: the trainer's "who is where"
            self.repo.mark_where(self.trainee.id, self.exercise_number)
        target = session.vignette_id
        if not target or target == self.session_vignette:
            return
        self.session_vignette = target
        self.follow_vignette(target)

    def session_ended(self) -> None:
        """The trainer closed the session: the page says so (no more "je doet mee")."""
        self.follow_timer.playing = False
        code = self.session_code or ""
        self.browser_keys.put(CURRENT_NAME, "")
        self.join_panel.show_ended(code)
        text = t("train.session_ended", self.lang, code=code)
        self.messages.show(text, "info")
        self.mover.tell(text)

    def follow_vignette(self, vignette_id: str, announce: bool = True) -> None:
        """Show the trainer's vignette, where this exercise has vignettes (subclasses)."""

    def announce_vignette(self, vignette_id: str) -> None:
        title = self.content.vignettes[vignette_id].title.get(self.lang)
        text = t("train.followed", self.lang, title=title)
        self.messages.show(text, "info")
        self.mover.tell(text, fade=True)  # at the top of the window, wherever the trainee scrolled to

    def move_to(self, exercise: int) -> None:
        """The group is on another exercise: say so, leave the hand-over note, open its workbook."""
        exercise = check_exercise(exercise)
        if self.trainee is None or self.session_code is None or exercise == self.exercise_number:
            return
        self.moving_to = exercise
        self.follow_timer.playing = False
        name = t(NAME_KEYS[exercise], self.lang)
        text = t("train.moved", self.lang, name=name)
        self.messages.show(text, "info")
        self.mover.tell(text)
        self.browser_keys.put(HANDOVER_NAME, handover_text(self.session_code, self.trainee.nickname, utcnow()))
        self.mover.go(WORKBOOKS[exercise], self.lang)

    def _on_mover_state(self, change: dict[str, Any]) -> None:
        if change["new"] == "cannot" and self.moving_to is not None:
            name = t(NAME_KEYS[self.moving_to], self.lang)
            text = t("train.move_yourself", self.lang, name=name, file=WORKBOOKS[self.moving_to])
            self.messages.show(text, "info")
            self.mover.tell(text)

    def save_response(self, kind: str, item_id: str, value: str) -> None:
        if self.trainee is not None:
            self.repo.save_response(self.trainee.id, kind, item_id, value)


class ScoringApp(TrainingApp):
    exercise: ScoringExercise

    def __init__(self, **kwargs: Any):
        super().__init__(
            "train.app_scoring",
            lambda c, lang, m: ScoringExercise(c.vignettes, c.definitions, lang, m),
            **kwargs,
        )
        ex = self.exercise
        ex.on_step(self._on_step)
        ex.on_check(self._on_check)
        ex.on_again(self._on_again)
        ex.on_vignette(self._on_vignette)

    def joined(self) -> None:
        super().joined()
        self._load_saved()

    def follow_vignette(self, vignette_id: str, announce: bool = True) -> None:
        if vignette_id in self.exercise.vignettes and vignette_id != self.exercise.vignette_id:
            self.exercise.select(vignette_id)
            if announce:
                self.announce_vignette(vignette_id)

    def _load_saved(self) -> None:
        if self.trainee is not None:
            self.exercise.show_answers(self.repo.answers(self.trainee.id, self.exercise.vignette_id))

    def _on_step(self, vignette_id: str, sub_id: str, step: int | None) -> None:
        if self.trainee is not None:
            self.repo.save_step(self.trainee.id, vignette_id, sub_id, step, self.exercise.definition)

    def _on_check(self, vignette_id: str) -> None:
        if self.trainee is not None:
            self.repo.record_check(self.trainee.id, vignette_id)

    def _on_again(self, vignette_id: str) -> None:
        if self.trainee is not None:
            self.repo.start_again(self.trainee.id, vignette_id)

    def _on_vignette(self, _vignette_id: str) -> None:
        self._load_saved()


#: the kinds of answers each of exercises 2 to 4 saves
SAVED_KINDS: dict[int, tuple[str, ...]] = {2: ("coach", "coach_open"), 3: ("plan",), 4: ("quiz",)}


class ResponseApp(TrainingApp):
    """Exercises 2 to 4: answers are saved as responses when joined."""

    def __init__(self, title_key: str, build: Callable[..., W.Widget], **kwargs: Any):
        super().__init__(title_key, build, **kwargs)
        self.exercise.on_answer(self.save_response)  # type: ignore[attr-defined]

    def joined(self) -> None:
        """After joining (again): the trainer's vignette, then this trainee's saved answers."""
        super().joined()
        show = getattr(self.exercise, "show_saved", None)
        if show is None or self.trainee is None:
            return
        for kind in SAVED_KINDS.get(self.exercise_number, ()):
            saved = self.repo.responses(self.trainee.id, kind)
            if saved:
                show(saved, kind)

    def follow_vignette(self, vignette_id: str, announce: bool = True) -> None:
        """Exercise 2 goes to the vignette's first sentence, exercise 3 to its goal; 4 has none."""
        show = getattr(self.exercise, "show_vignette", None)
        if show is not None and vignette_id in self.content.vignettes and show(vignette_id) and announce:
            self.announce_vignette(vignette_id)


class TrainerApp(W.VBox):
    lang = traitlets.Unicode("nl")

    def __init__(
        self,
        content: TrainingContent | None = None,
        store: Store | None = None,
        lang: str | None = None,
        interval_ms: int | None = None,
    ):
        super().__init__()
        self.add_class("mm-app")
        self.add_class("mm-training")
        self.add_class("mm-trainer")
        self.lang = normalise_language(lang or language_from_environment())
        self.messages = MessageArea()
        self.messages.lang = self.lang
        self.guard = guarded(self.messages, lambda: self.lang)
        self.content = content if content is not None else load_training()
        self.repo = TrainingRepo(store if store is not None else Store())
        self.session_id: int | None = None
        self.title = W.HTML()
        self.lang_switch = LanguageSwitch(self.lang)
        extra = {"interval_ms": interval_ms} if interval_ms else {}
        self.view = GroupView(self.content.vignettes, self.content.definitions, self.lang, self.messages, **extra)
        self.view.set_source(self._progress)
        self.view.on_vignette(self._on_vignette)
        self.view.on_new_session(self._new_session)
        self.view.on_open_session(self._open_session)
        self.view.on_close_session(self._close_session)
        self.answers = GroupAnswers(self.content, self.lang, self.messages)
        self.answers.set_source(self._responses)
        self.tabs = W.Tab([self.view, self.answers]).add_class("mm-train-trainer-tabs")
        self.tabs.observe(self.guard(lambda c: self.answers.refresh() if c["new"] == 1 else None), "selected_index")
        # the group's answers follow by themselves too, on the same browser-side timer
        self.view.timer.observe(self.guard(lambda _c: self.answers.refresh() if self.tabs.selected_index == 1 else None), "value")
        #: where the whole group works: exercise 1 to 4
        self.stage = ExerciseChoice(self.lang, self.messages)
        self.stage.on_change(self._on_exercise)
        self.brake = GuessBrake()
        #: the trainer's key of each session started in this browser (kept in localStorage)
        self.browser_keys = BrowserKeys()
        header = W.HBox([self.title, self.lang_switch], layout=W.Layout(justify_content="space-between", align_items="center"))
        #: the code and who is where, above the tabs and kept in view: visible on every tab
        self.code_bar = W.HTML().add_class("mm-train-code-bar")
        self._where: tuple[Any, ...] = ()
        self.view.timer.observe(self.guard(lambda _c: self.show_code_bar()), "value")
        self.summary_button = DownloadButton(
            make=self.summary_file, mime="text/html", on_error=self.guard, css_class="mm-train-summary-download"
        )
        self.children = [header, self.code_bar, self.stage, self.tabs, self.summary_button, self.browser_keys]
        self.lang_switch.observe(self.guard(self._on_lang), "value")
        self._texts()
        self.guard(self._forget_old_sessions)()
        # a visit opens no session by itself: the browser's open session comes back (a reload,
        # a laptop waking up), a new one only from "Nieuwe sessie"
        self.browser_keys.observe(self.guard(self._on_keys_loaded), "loaded")

    def _on_keys_loaded(self, change: dict[str, Any]) -> None:
        if change["new"]:
            self.brake.restore(self.browser_keys.get(BRAKE_NAME), utcnow())
        if change["new"] and self.session_id is None:
            self.resume()

    def resume(self) -> bool:
        """Open the session this browser had open (its code and the trainer's key kept here)."""
        code = self.browser_keys.get(TRAINER_CURRENT_NAME)
        key = self.browser_keys.get(trainer_key_name(code)) if code else None
        if not code or not key:
            return False
        try:
            self._open_session(code, key)
        except InvalidInput as exc:  # closed or erased meanwhile: start again from "Nieuwe sessie"
            self.browser_keys.put(TRAINER_CURRENT_NAME, "")
            self.messages.show(exc.message(self.lang), "info")
            return False
        return True

    def _forget_old_sessions(self) -> None:
        cutoff = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - dt.timedelta(days=SESSION_KEEP_DAYS)
        self.repo.delete_sessions_before(cutoff)

    def show_code_bar(self, force: bool = False) -> None:
        """The session code, and how many trainees' pages work on the group's exercise
        ("4 van 5 bij oefening 2; Bram laadt nog"), redrawn only when it changed."""
        session = self.repo.session_by_id(self.session_id) if self.session_id is not None else None
        if session is None or session.closed:
            where: tuple[Any, ...] = (None, self.lang)
        else:
            at, total, loading = where_line(session.exercise, self.repo.where(session.id), utcnow())
            where = (session.code, session.exercise, at, total, tuple(loading), self.lang)
        if where == self._where and not force:
            return
        self._where = where
        if where[0] is None:
            self.code_bar.value = ""
            return
        code, exercise, at, total, loading, lang = where
        parts = [t("train.where_count", lang, at=at, total=total, n=exercise)] if total else [t("train.where_nobody", lang)]
        if loading:
            key = "train.where_loading_one" if len(loading) == 1 else "train.where_loading_many"
            parts.append(t(key, lang, names=join_names(list(loading), lang)))
        self.code_bar.value = (
            f"<div class='mm-train-code-line'>{html.escape(t('train.code_label', lang))} "
            f"<span class='mm-train-code-small'>{html.escape(code)}</span></div>"
            f"<div class='mm-train-where'>{html.escape('; '.join(parts))}</div>"
        )

    def _texts(self) -> None:
        self.title.value = f"<h1 class='mm-title'>{html.escape(t('train.app_trainer', self.lang))}</h1>"
        self.tabs.titles = (t("train.tab_bridge", self.lang), t("train.tab_answers", self.lang))
        self.summary_button.description = t("train.summary_download", self.lang)

    def _on_lang(self, change: dict[str, Any]) -> None:
        self.lang = normalise_language(change["new"])
        self.messages.lang = self.lang
        self.view.set_lang(self.lang)
        self.answers.set_lang(self.lang)
        self.stage.set_lang(self.lang)
        self._texts()
        self.show_code_bar()

    def summary_file(self) -> tuple[str, str]:
        """The session on one printable page, for the trainer's own records (nicknames only)."""
        session = self.repo.session_by_id(self.session_id) if self.session_id is not None else None
        if session is None:
            raise InvalidInput(Problem("", "train_not_joined"))
        scorings = {v: self.repo.group_answers(session.id, v) for v in self.content.vignettes}
        scorings = {v: [p for p in progress if p.steps] for v, progress in scorings.items()}
        responses = {kind: self.repo.group_responses(session.id, kind) for kind in EXERCISES}
        page = session_summary_html(session.code, session.created_at, self.content, scorings, responses, self.lang)
        return f"training-{session.code}.html", page

    def _responses(self, exercise: str) -> dict[str, list[tuple[str, str]]]:
        if self.session_id is None:
            return {}
        return self.repo.group_responses(self.session_id, exercise)

    def _progress(self, vignette_id: str) -> list[TraineeProgress]:
        if self.session_id is None:
            return []
        return self.repo.group_answers(self.session_id, vignette_id)

    def _new_session(self) -> None:
        vignette = self.view.vignette
        session = self.repo.create_session(vignette.bridge.key, vignette.id)
        self.session_id = session.id
        self.browser_keys.put(trainer_key_name(session.code), session.trainer_key or "")
        self.browser_keys.put(TRAINER_CURRENT_NAME, session.code)
        self.stage.show(session.exercise)
        self.view.show_session(session.code, trainer_key=session.trainer_key)
        self.show_code_bar()

    def _open_session(self, code: str, key: str = "") -> None:
        """Open a session's view: the code and the trainer's key (typed, or kept by this browser)."""
        key = (key or "").strip() or self.browser_keys.get(trainer_key_name(normalise_session_code(code))) or ""
        session = keep_brake(self.browser_keys, self.brake, self.repo.open_session)(code, key, self.brake)
        self.session_id = session.id
        self.browser_keys.put(TRAINER_CURRENT_NAME, session.code)
        self.stage.show(session.exercise)
        self.view.show_session(session.code, session.vignette_id)
        self.show_code_bar()

    def _close_session(self) -> None:
        if self.session_id is not None:
            self.repo.close_session(self.session_id)
            self.browser_keys.put(TRAINER_CURRENT_NAME, "")
            self.view.show_closed()
            self.show_code_bar()

    def _on_vignette(self, vignette_id: str) -> None:
        if self.session_id is not None:
            self.repo.set_vignette(self.session_id, vignette_id)

    def _on_exercise(self, exercise: int) -> None:
        """The trainer moves the whole group; the trainer's own view turns to that exercise."""
        if self.session_id is None:
            raise InvalidInput(Problem("", "train_no_session_to_move"))
        self.repo.set_exercise(self.session_id, exercise)
        announce_move(exercise)  # a training day: the server plans the kernels for the group's move
        self.show_code_bar()
        if exercise in ANSWER_KINDS:
            self.answers.exercise.value = ANSWER_KINDS[exercise]
            self.tabs.selected_index = 1
            self.answers.refresh()
        else:
            self.tabs.selected_index = 0


# -- one function per workbook ------------------------------------------------------------
def refused_content(exc: DataFileError, title_key: str, lang: str | None) -> W.VBox:
    """What a workbook shows when the training files cannot be loaded: the file and the place."""
    lang = normalise_language(lang or language_from_environment())
    messages = MessageArea()
    messages.show_lines([t("train.content_error", lang), *exc.messages(lang)], "error")
    title = W.HTML(f"<h1 class='mm-title'>{html.escape(t(title_key, lang))}</h1>")
    return W.VBox([title, messages]).add_class("mm-app")


def _build(title_key: str, lang: str | None, make: Callable[[], W.Widget]) -> W.Widget:
    try:
        app = make()
    except DataFileError as exc:
        log.warning("training content refused: %s", exc)
        return refused_content(exc, title_key, lang)
    # On a training day the exercise was built in a preheated kernel before anyone arrived
    # (``mmwidgets serve --group N``); the trainee's ?lang= is known only now.
    if lang is None and wait_for_visitor() and hasattr(app, "lang_switch"):
        visitor = language_from_environment()
        if visitor != app.lang:
            app.lang_switch.value = visitor
    return app


def scoring_workbook(store: Store | None = None, lang: str | None = None, content: TrainingContent | None = None) -> ScoringApp | W.VBox:
    """Exercise 1: score a vignette's bridge with the real bridge editor; feedback per part."""
    return _build("train.app_scoring", lang, lambda: ScoringApp(content=content, store=store, lang=lang))


def coaching_workbook(store: Store | None = None, lang: str | None = None, content: TrainingContent | None = None) -> ResponseApp | W.VBox:
    """Exercise 2: coach, don't direct."""
    return _build("train.app_coaching", lang, lambda: ResponseApp(
        "train.app_coaching",
        lambda c, lang, m: CoachExercise(c.coach, c.vignettes, lang, m),
        content=content,
        store=store,
        lang=lang,
        exercise_number=2,
    ))


def steps_workbook(store: Store | None = None, lang: str | None = None, content: TrainingContent | None = None) -> ResponseApp | W.VBox:
    """Exercise 3: from goal to small steps, with the real plan editor."""
    return _build("train.app_steps", lang, lambda: ResponseApp(
        "train.app_steps",
        lambda c, lang, m: StepsExercise(c.vignettes, c.definitions, lang, m),
        content=content,
        store=store,
        lang=lang,
        exercise_number=3,
    ))


def stress_workbook(store: Store | None = None, lang: str | None = None, content: TrainingContent | None = None) -> ResponseApp | W.VBox:
    """Exercise 4: stress and executive functions."""
    return _build("train.app_stress", lang, lambda: ResponseApp(
        "train.app_stress",
        lambda c, lang, m: StressQuiz(c.quiz, lang, m),
        content=content,
        store=store,
        lang=lang,
        exercise_number=4,
    ))


def trainer_workbook(
    store: Store | None = None, lang: str | None = None, content: TrainingContent | None = None, interval_ms: int | None = None
) -> TrainerApp | W.VBox:
    """The trainer's view: starts a session (a short code) and shows the group for one vignette."""
    return _build(
        "train.app_trainer", lang, lambda: TrainerApp(content=content, store=store, lang=lang, interval_ms=interval_ms)
    )
