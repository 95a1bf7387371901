"""Training material: case vignettes and exercises, as validated data files.

Files live in ``data/training/`` (see ``data/training/README.md``):

- ``vignettes/*.yaml``: a fictional client's story, a reference step with a one-line
  rationale for EVERY sub-pillar of the bridge it refers to, and a good first goal cut
  into small actions (the model answer of exercise 3).
- ``exercises/*.yaml``: ``kind: coach`` (a client's sentence, replies that coach or steer,
  model answers) and ``kind: quiz`` (stress and executive functions).

A vignette is checked twice: its form (pydantic), then against the bridge definition it
names: an unknown bridge, an unknown sub-pillar, a step outside the sub-pillar's range or
a sub-pillar without reference is refused as :class:`DataFileError`, naming file and place.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Callable, Literal, Mapping, Sequence

from pydantic import (
    BaseModel,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from mmwidgets.i18n import normalise_language
from mmwidgets.model.assessment import InvalidInput
from mmwidgets.model.bounds import Version
from mmwidgets.model.client import looks_like_bsn
from mmwidgets.model.bridge.definition import BridgeDefinition, Identifier, LocalText, load_definition
from mmwidgets.model.bridge.files import (
    DataFileError,
    Problem,
    parse_yaml_text,
    problems_from_validation,
    read_yaml_file,
    shipped_data_dir,
)
from mmwidgets.model.texts import Strict
from mmwidgets.model.training.access import CODE_WORDS, make_session_code, normalise_session_code  # noqa: F401
from mmwidgets.model.typed_input import FieldProblem, clean_text

Who = Literal["client", "coach", "together", "other"]
WHO: tuple[str, ...] = ("client", "coach", "together", "other")
QuizTopic = Literal["working_memory", "impulse_control", "flexibility", "coach"]
QUIZ_TOPICS: tuple[str, ...] = ("working_memory", "impulse_control", "flexibility", "coach")
Icon = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=8)]


def _unique(ids: list[str]) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise PydanticCustomError("mm_duplicate_id", "the id {id} is used twice", {"id": ident})
        seen.add(ident)


# -- vignettes ------------------------------------------------------------------------
class BridgeRef(Strict):
    id: Identifier
    version: Version

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"


class Paragraph(Strict):
    """One paragraph of the story; with an icon it is shown as a picture card."""

    nl: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
    en: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
    icon: Icon | None = None

    def get(self, lang: str | None = None) -> str:
        return getattr(self, normalise_language(lang))


class ReferenceStep(Strict):
    step: int
    why: LocalText


class Action(Strict):
    """One small action of a model plan: what, who does it, within how many days."""

    what: LocalText
    who: Who = "client"
    days: int = Field(ge=0, le=365)


class FirstGoal(Strict):
    subpillar: Identifier
    goal: LocalText
    why: LocalText
    actions: list[Action] = Field(min_length=1, max_length=8)
    reward: LocalText | None = None


class Vignette(Strict):
    id: Identifier
    bridge: BridgeRef
    title: LocalText
    summary: LocalText
    pictures: bool = False
    story: list[Paragraph] = Field(min_length=1, max_length=20)
    reference: dict[str, ReferenceStep] = Field(min_length=1)
    first_goal: FirstGoal
    trainer_notes: list[LocalText] = Field(default_factory=list, max_length=10)

    @model_validator(mode="after")
    def _pictures_need_icons(self) -> "Vignette":
        if self.pictures:
            for i, paragraph in enumerate(self.story):
                if paragraph.icon is None:
                    raise PydanticCustomError(
                        "mm_train_picture_icon",
                        "paragraph {n} needs an icon",
                        {"n": i + 1},
                    )
        return self

    def reference_steps(self) -> dict[str, int]:
        return {sub_id: ref.step for sub_id, ref in self.reference.items()}


# -- exercises ------------------------------------------------------------------------
class Reply(Strict):
    text: LocalText
    coaches: bool  # True: the reply coaches (client at the wheel); False: it steers
    feedback: LocalText


class Signals(Strict):
    """Words that hint at steering in an open reply (a rough hint, never a grade)."""

    nl: list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=40)]]
    en: list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=40)]]

    def get(self, lang: str | None = None) -> list[str]:
        return list(getattr(self, normalise_language(lang)))


class CoachItem(Strict):
    id: Identifier
    vignette: Identifier
    situation: LocalText
    client_says: LocalText
    replies: list[Reply] = Field(min_length=3, max_length=4)
    model_answers: list[LocalText] = Field(min_length=1, max_length=4)
    look_for: list[LocalText] = Field(default_factory=list, max_length=6)

    @field_validator("replies")
    @classmethod
    def _both_kinds(cls, replies: list[Reply]) -> list[Reply]:
        if not any(r.coaches for r in replies) or all(r.coaches for r in replies):
            raise PydanticCustomError(
                "mm_train_reply_mix", "needs at least one coaching and one steering reply", {}
            )
        return replies


class CoachExercises(Strict):
    kind: Literal["coach"]
    title: LocalText
    intro: LocalText
    open_intro: LocalText
    steering_words: Signals
    items: list[CoachItem] = Field(min_length=1, max_length=40)

    @field_validator("items")
    @classmethod
    def _unique_items(cls, items: list[CoachItem]) -> list[CoachItem]:
        _unique([i.id for i in items])
        return items


class QuizOption(Strict):
    text: LocalText
    correct: bool = False


class QuizQuestion(Strict):
    id: Identifier
    topic: QuizTopic
    question: LocalText
    options: list[QuizOption] = Field(min_length=2, max_length=5)
    explanation: LocalText

    @field_validator("options")
    @classmethod
    def _one_correct(cls, options: list[QuizOption]) -> list[QuizOption]:
        count = sum(1 for o in options if o.correct)
        if count != 1:
            raise PydanticCustomError(
                "mm_train_one_correct", "exactly one option must be correct, found {count}", {"count": count}
            )
        return options

    @property
    def correct_index(self) -> int:
        return next(i for i, o in enumerate(self.options) if o.correct)


class Quiz(Strict):
    kind: Literal["quiz"]
    title: LocalText
    intro: LocalText
    questions: list[QuizQuestion] = Field(min_length=1, max_length=40)

    @field_validator("questions")
    @classmethod
    def _unique_questions(cls, questions: list[QuizQuestion]) -> list[QuizQuestion]:
        _unique([q.id for q in questions])
        return questions


# -- loading --------------------------------------------------------------------------
def training_dir() -> Path:
    return shipped_data_dir() / "training"


def shipped_definitions() -> dict[str, BridgeDefinition]:
    """The valid bridge definitions in ``data/bridges/``, by key ``id@version``."""
    found: dict[str, BridgeDefinition] = {}
    for path in sorted((shipped_data_dir() / "bridges").glob("*.yaml")):
        try:
            definition = load_definition(path)
        except DataFileError:
            continue  # a broken bridge is reported where bridges are edited
        found[definition.key] = definition
    return found


DefinitionLookup = Mapping[str, BridgeDefinition] | Callable[[str], BridgeDefinition | None]


def _lookup(definitions: DefinitionLookup | None, key: str) -> BridgeDefinition | None:
    if definitions is None:
        definitions = shipped_definitions()
    if callable(definitions):
        return definitions(key)
    return definitions.get(key)


def check_vignette(vignette: Vignette, definition: BridgeDefinition | None) -> list[Problem]:
    """What is wrong with ``vignette`` against the bridge it names (empty: nothing)."""
    if definition is None:
        return [Problem("bridge", "train_unknown_bridge", {"key": vignette.bridge.key})]
    if definition.key != vignette.bridge.key:
        return [
            Problem("bridge", "train_bridge_mismatch", {"key": vignette.bridge.key, "other": definition.key})
        ]
    problems = []
    for sub_id, ref in vignette.reference.items():
        where = f"reference.{sub_id}"
        if not definition.has_subpillar(sub_id):
            problems.append(Problem(where, "unknown_subpillar", {"id": sub_id}))
            continue
        count = definition.subpillar(sub_id).step_count
        if not 1 <= ref.step <= count:
            problems.append(Problem(f"{where}.step", "step_out_of_range", {"step": ref.step, "max": count}))
    for sub_id in definition.subpillar_ids():
        if sub_id not in vignette.reference:
            problems.append(Problem("reference", "train_reference_missing", {"id": sub_id}))
    goal_sub = vignette.first_goal.subpillar
    if not definition.has_subpillar(goal_sub):
        problems.append(Problem("first_goal.subpillar", "unknown_subpillar", {"id": goal_sub}))
    return problems


def vignette_from_data(
    data: dict[str, Any], source: str, definitions: DefinitionLookup | None = None
) -> Vignette:
    try:
        vignette = Vignette.model_validate(data)
    except ValidationError as exc:
        raise DataFileError(source, problems_from_validation(exc)) from None
    problems = check_vignette(vignette, _lookup(definitions, vignette.bridge.key))
    if problems:
        raise DataFileError(source, problems)
    return vignette


def vignette_from_text(text: str, source: str = "vignette", definitions: DefinitionLookup | None = None) -> Vignette:
    return vignette_from_data(parse_yaml_text(text, source), source, definitions)


def load_vignette(path: str | Path, definitions: DefinitionLookup | None = None) -> Vignette:
    path = Path(path)
    return vignette_from_data(read_yaml_file(path), path.name, definitions)


@dataclass(frozen=True)
class TrainingContent:
    vignettes: dict[str, Vignette]  # by id, in file order
    coach: CoachExercises
    quiz: Quiz
    definitions: dict[str, BridgeDefinition]  # the bridges the vignettes refer to, by key

    def definition_for(self, vignette: Vignette) -> BridgeDefinition:
        return self.definitions[vignette.bridge.key]


def load_vignettes(folder: str | Path | None = None, definitions: DefinitionLookup | None = None) -> dict[str, Vignette]:
    """Every vignette in ``folder`` (default: the shipped ones), by id; all problems at once."""
    folder = Path(folder) if folder is not None else training_dir() / "vignettes"
    if definitions is None:
        definitions = shipped_definitions()
    vignettes: dict[str, Vignette] = {}
    failed: list[DataFileError] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            vignette = load_vignette(path, definitions)
        except DataFileError as exc:
            failed.append(exc)
            continue
        if vignette.id in vignettes:
            failed.append(DataFileError(path.name, [Problem("id", "duplicate_id", {"id": vignette.id})]))
            continue
        vignettes[vignette.id] = vignette
    if len(failed) == 1:
        raise failed[0]
    if failed:  # several files: one error naming the folder, each problem naming its file
        raise DataFileError(
            folder.name,
            [Problem(f"{exc.source}: {p.location}" if p.location else exc.source, p.code, p.values)
             for exc in failed for p in exc.problems],
        )
    return vignettes


def _exercise_from_data(data: dict[str, Any], source: str, model: type[BaseModel]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DataFileError(source, problems_from_validation(exc)) from None


def coach_from_data(data: dict[str, Any], source: str, vignette_ids: set[str] | None = None) -> CoachExercises:
    exercises = _exercise_from_data(data, source, CoachExercises)
    if vignette_ids is not None:
        problems = [
            Problem(f"items[{i}].vignette", "train_unknown_vignette", {"id": item.vignette})
            for i, item in enumerate(exercises.items)
            if item.vignette not in vignette_ids
        ]
        if problems:
            raise DataFileError(source, problems)
    return exercises


def quiz_from_data(data: dict[str, Any], source: str) -> Quiz:
    return _exercise_from_data(data, source, Quiz)


def load_coach_exercises(path: str | Path, vignette_ids: set[str] | None = None) -> CoachExercises:
    path = Path(path)
    return coach_from_data(read_yaml_file(path), path.name, vignette_ids)


def load_quiz(path: str | Path) -> Quiz:
    path = Path(path)
    return quiz_from_data(read_yaml_file(path), path.name)


def load_training(folder: str | Path | None = None, definitions: DefinitionLookup | None = None) -> TrainingContent:
    """All training material, checked together (coach items must name existing vignettes)."""
    folder = Path(folder) if folder is not None else training_dir()
    if definitions is None:
        definitions = shipped_definitions()
    vignettes = load_vignettes(folder / "vignettes", definitions)
    coach = load_coach_exercises(folder / "exercises" / "coach.yaml", set(vignettes))
    quiz = load_quiz(folder / "exercises" / "stress.yaml")
    used = {}
    for vignette in vignettes.values():
        definition = _lookup(definitions, vignette.bridge.key)
        assert definition is not None  # checked when loading
        used[definition.key] = definition
    return TrainingContent(vignettes=vignettes, coach=coach, quiz=quiz, definitions=used)


# -- an open reply against the steering words -----------------------------------------
@dataclass(frozen=True)
class ReplySignals:
    asks: bool  # the reply holds a question
    steering: tuple[str, ...]  # steering words found, as written in the exercise file
    words: int


def reply_signals(text: str, steering_words: Signals, lang: str | None) -> ReplySignals:
    """A rough reading of an open reply: does it ask, does it use steering words?"""
    lowered = " " + " ".join(text.lower().split()) + " "
    words = steering_words.get(lang)
    found = tuple(
        w for w in words if re.search(r"(?<![\w])" + re.escape(w.lower()) + r"(?![\w])", lowered)
    )
    return ReplySignals(asks="?" in text, steering=found, words=len(text.split()))


# -- training sessions: a short code and nicknames only --------------------------------
MAX_NICKNAME = 20
# what check_nickname cleans before its own checks (a longer text is refused as too long at once)
_NICK_BOUND = 5 * MAX_NICKNAME
MAX_RESPONSE = 2000
_NICK_CHARS = re.compile(r"^[^\W_][\w'-]*$")
_NAME_PARTICLES = {
    "van", "de", "der", "den", "het", "ten", "ter", "te", "t", "la", "le", "el", "al", "bin", "ben",
    "op", "in", "vd", "v", "d",
}  # fmt: skip


@dataclass(frozen=True)
class TraineeProgress:
    """One trainee's answers to one vignette, as the trainer's view shows them."""

    nickname: str
    steps: dict[str, int]
    checks: int = 0  # how often the trainee asked for feedback (and so saw the reference)
    attempt: int = 1


def nickname_key(name: str) -> str:
    """The form two nicknames are compared in ("Anne" and "ANNE" are the same trainee)."""
    return name.casefold()


@functools.lru_cache(maxsize=1)
def _confusables() -> dict[str, list[dict[str, str]]]:
    from confusable_homoglyphs.confusables import confusables_data

    return confusables_data


def _marks_out(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


@functools.lru_cache(maxsize=4096)
def _prototype(ch: str) -> str:
    """The prototype of one character in Unicode's confusables (UTS #39, ``confusables.txt`` as
    the ``confusable-homoglyphs`` package holds it): a look-alike maps to the one character it
    is confused with (Cyrillic ``а`` -> Latin ``a``, ``0`` -> ``O``); a prototype to itself."""
    data = _confusables()
    entries = data.get(ch) or []
    if len(entries) != 1:
        return ch  # no look-alikes, or a prototype with several
    target = _marks_out(entries[0]["c"])
    back = data.get(target) or []
    if len(back) == 1 and _marks_out(back[0]["c"]) == ch:  # a pair: either could be the prototype
        return min(ch, target, key=lambda c: (not c.isascii(), c))
    return target


def skeleton(text: str) -> str:
    """UTS #39's skeleton: NFD, every character to its prototype, NFD again. Two strings with
    the same skeleton look alike ("Аnne" with a Cyrillic А and "Anne")."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", "".join(_prototype(ch) for ch in decomposed))


def nicknames_look_alike(a: str, b: str) -> bool:
    """True when two nicknames are the same or look the same on the wall: equal after case
    folding, or with the same confusables skeleton (as typed, or case-folded)."""
    return (
        nickname_key(a) == nickname_key(b)
        or skeleton(a) == skeleton(b)
        or skeleton(nickname_key(a)) == skeleton(nickname_key(b))
    )


def check_nickname(text: str) -> str:
    """A first name or nickname: one short word. Refuses full names, e-mail addresses and numbers.

    Cleaned as any typed text first (control and bidi characters refused, invisible ones removed,
    a pasted megabyte refused at once); the case-folded form must fit as well ("ß" folds to "ss").
    """
    try:
        name = " ".join(clean_text(text, where="nickname", max_length=_NICK_BOUND).split())
    except InvalidInput as exc:
        if exc.problem.code != "text_too_long":
            raise
        raise InvalidInput(Problem("", "train_nick_long", {"max": MAX_NICKNAME})) from None
    if not name:
        raise InvalidInput(Problem("", "train_nick_empty"))
    if looks_like_bsn(name) or re.search(r"\d{5,}", re.sub(r"[\s.-]", "", name)):
        raise InvalidInput(Problem("", "train_nick_number"))
    if " " in name:
        raise InvalidInput(Problem("", "train_nick_full_name"))
    if len(name) > MAX_NICKNAME:
        raise InvalidInput(Problem("", "train_nick_long", {"max": MAX_NICKNAME}))
    if not _NICK_CHARS.match(name):
        raise InvalidInput(Problem("", "train_nick_chars"))
    if len(nickname_key(name)) > MAX_NICKNAME:
        raise InvalidInput(Problem("", "train_nick_long_folded", {"max": MAX_NICKNAME}))
    parts = [p for p in re.split(r"[-_']|(?<=[a-z])(?=[A-Z])", name) if p]
    # "Anne-Marie" is a first name; "Jan_Jansen", "JanJansen", "jan-de-vries" look like full names
    glued = re.search(r"[a-z]_[A-Z]|[a-z]{2,}[A-Z][a-z]", name) is not None
    if len(parts) >= 3 or any(p.lower() in _NAME_PARTICLES for p in parts[1:]) or glued:
        raise InvalidInput(Problem("", "train_nick_full_name"))
    return name


def typed_looks_like_bsn(text: str) -> bool:
    """The BSN guard on what a person TYPED, dates written out in it left aside
    (``bel op 12-12-2026`` passes; ``12-12-2026 123456782`` does not)."""
    return looks_like_bsn(text or "")  # dates written in free text are left aside there


def check_typed(text: str, where: str) -> None:
    """Refuse typed text that looks like a BSN, naming the field (``field.<where>``) and why."""
    if typed_looks_like_bsn(text):
        raise InvalidInput(FieldProblem(where, "train_typed_number"))


def check_plan_response(value: str) -> str:
    """Exercise 3's answer as stored: a JSON list of ``[what, who, due]`` (due an ISO date or null).

    The BSN guard looks only at what the trainee typed (the action's text), never at the stored
    date: ``2026-12-12`` is eight digits in a row but it is the date the trainee picked.
    """
    if not isinstance(value, str) or len(value) > MAX_RESPONSE:
        raise InvalidInput(Problem("", "train_answer_too_long", {"max": MAX_RESPONSE}))
    try:
        rows = json.loads(value)
    except ValueError:
        raise InvalidInput(Problem("", "train_plan_unreadable")) from None
    if not isinstance(rows, list):
        raise InvalidInput(Problem("", "train_plan_unreadable"))
    clean: list[list[str | None]] = []
    for row in rows:
        if not isinstance(row, list) or not 1 <= len(row) <= 3 or not isinstance(row[0], str):
            raise InvalidInput(Problem("", "train_plan_unreadable"))
        what = " ".join(clean_text(row[0], where="small_step", max_length=MAX_RESPONSE).split())
        check_typed(what, "small_step")
        who = row[1] if len(row) > 1 else None
        if who is not None and who not in WHO:
            raise InvalidInput(Problem("", "train_plan_unreadable"))
        due = row[2] if len(row) > 2 else None
        if due is not None:
            try:
                due = dt.date.fromisoformat(due).isoformat() if isinstance(due, str) else None
            except ValueError:
                due = None
            if due is None:
                raise InvalidInput(Problem("", "train_plan_unreadable"))
        clean.append([what, who, due])
    return json.dumps(clean, ensure_ascii=False)


def check_response(text: str) -> str:
    """An open answer (exercise 2) or a chosen option, as stored; never a BSN-like number."""
    try:  # control and bidi characters refused (PostgreSQL refuses NUL), invisible ones removed
        value = clean_text(text, where="", max_length=MAX_RESPONSE, multiline=True)
    except InvalidInput as exc:
        if exc.problem.code != "text_too_long":
            raise
        raise InvalidInput(Problem("", "train_answer_too_long", {"max": MAX_RESPONSE})) from None
    if len(value) > MAX_RESPONSE:
        raise InvalidInput(Problem("", "train_answer_too_long", {"max": MAX_RESPONSE}))
    check_typed(value, "own_reply")
    return value


# -- exercise 3: from a goal to small steps ------------------------------------------
#: a first plan holds a few small steps: fewer is not yet "cut up", more is a laundry list
MIN_FIRST_STEPS, MAX_FIRST_STEPS = 2, 5
FIRST_STEP_DAYS = 7


@dataclass(frozen=True)
class StepsNote:
    """A training remark on how a goal was cut into actions (a catalogue key ``train.steps_<code>``)."""

    code: str
    values: dict[str, Any]


def steps_notes(actions: Sequence[tuple[str, str | None, dt.date | None]], today: dt.date) -> list[StepsNote]:
    """Remarks on a first plan, given its open actions as ``(what, who, due)``.

    These add to the plan checks (which look at each action); here we look at the whole:
    enough steps but not a laundry list, a first step within a week, and the resident
    doing at least one step themselves.
    """
    notes: list[StepsNote] = []
    count = len(actions)
    if count == 0:
        return [StepsNote("none", {})]
    if count < MIN_FIRST_STEPS:
        notes.append(StepsNote("few", {"count": count}))
    if count > MAX_FIRST_STEPS:
        notes.append(StepsNote("many", {"count": count, "max": MAX_FIRST_STEPS}))
    dues = [due for _, _, due in actions if due is not None]
    if dues and min(dues) > today + dt.timedelta(days=FIRST_STEP_DAYS):
        notes.append(StepsNote("first_late", {"days": FIRST_STEP_DAYS}))
    whos = [who for _, who, _ in actions]
    if "client" not in whos:
        notes.append(StepsNote("no_client", {}))
    elif whos.count("coach") > count / 2:
        notes.append(StepsNote("coach_heavy", {}))
    return notes
