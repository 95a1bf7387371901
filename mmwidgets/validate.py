"""``mmwidgets validate FILE...``: check every kind of data file against its schema and the
files it refers to.

The kind of a file comes from its folder when that is one of the data folders
(``bridges``/``definitions``, ``crosswalks``, ``norms``, ``rewards``, ``vignettes``,
``exercises``), else from its top-level fields (``pillars``: a bridge definition; ``from``
and ``to``: a crosswalk; ``household_types``/``years``: norms; ``tiers``: a reward scheme;
``story``/``reference``: a vignette; ``kind: coach|quiz``: exercises), else from a folder
name that holds one of those words; a file that looks like nothing else is checked as a
bridge definition (what this command checked before it knew the other kinds).

What a file refers to is looked up in the shipped data, the team's own definitions folder
and the other files on the same command line (so a new bridge and its crosswalk can be
checked together): a crosswalk's two bridges, a vignette's bridge, the norms a bridge's step
rules use, the vignettes coach exercises name. A bridge outside the shipped folder with the
``id@version`` of a shipped bridge is refused, as the workbooks refuse it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from mmwidgets.i18n import t
from mmwidgets.model.bridge.crosswalk import check_crosswalk, crosswalk_from_data
from mmwidgets.model.bridge.definition import BridgeDefinition, definition_from_data
from mmwidgets.model.bridge.files import DataFileError, Problem, read_yaml_file, shipped_data_dir
from mmwidgets.model.bridge.library import DefinitionLibrary, shipped_bridges_dir
from mmwidgets.model.bridge.norms import NormTable, norm_table_from_data, read_norms
from mmwidgets.model.plan.rewards import scheme_from_data
from mmwidgets.model.training.content import coach_from_data, quiz_from_data, training_dir, vignette_from_data

KINDS = ("definition", "crosswalk", "norms", "rewards", "vignette", "exercises")
FOLDERS = {
    "bridges": "definition", "definitions": "definition", "crosswalks": "crosswalk", "norms": "norms",
    "rewards": "rewards", "vignettes": "vignette", "exercises": "exercises",
}  # fmt: skip
_FOLDER_WORDS = (
    ("crosswalk", "crosswalk"), ("norm", "norms"), ("reward", "rewards"), ("vignette", "vignette"),
    ("exercise", "exercises"), ("bridge", "definition"), ("definition", "definition"),
)  # fmt: skip


def kind_of(path: Path, data: dict[str, Any]) -> str:
    """Which kind of data file this is (one of :data:`KINDS`)."""
    folder = path.parent.name.lower()
    if folder in FOLDERS:
        return FOLDERS[folder]
    if "pillars" in data:
        return "definition"
    if "from" in data and "to" in data:
        return "crosswalk"
    if "household_types" in data or "years" in data:
        return "norms"
    if "tiers" in data:
        return "rewards"
    if "story" in data or "reference" in data or "first_goal" in data:
        return "vignette"
    if data.get("kind") in ("coach", "quiz"):
        return "exercises"
    for word, kind in _FOLDER_WORDS:
        if word in folder:
            return kind
    return "definition"


def _team_definitions_dir() -> Path:
    """The team's own definitions folder (as :func:`mmwidgets.store.config.definitions_dir`), never created here."""
    from mmwidgets.store.config import default_data_dir

    override = os.environ.get("MM_DATA_DIR", "").strip()
    return (Path(override).expanduser() if override else default_data_dir()) / "definitions"


@dataclass
class Checked:
    """One file on the command line: its kind, what it holds (when valid), or its problems."""

    name: str
    kind: str | None = None
    data: dict[str, Any] | None = None
    value: Any = None
    problems: list[Problem] = field(default_factory=list)
    source: str = ""

    @property
    def ok(self) -> bool:
        return self.value is not None and not self.problems

    def refuse(self, exc: DataFileError) -> None:
        self.problems.extend(exc.problems)


class Context:
    """What files may refer to: shipped data, the team's definitions and the checked files."""

    def __init__(self) -> None:
        self.library = DefinitionLibrary([shipped_bridges_dir(), _team_definitions_dir()])
        self.shipped_keys = {e.key: e.path for e in self.library if e.ok and e.shipped}
        self.definitions: dict[str, BridgeDefinition] = {}  # from the command line
        self.norm_ids: set[str] = set(read_norms().tables)  # the shipped norms that load
        self.vignette_ids: set[str] = set()
        vignettes = training_dir() / "vignettes"
        for path in sorted(vignettes.glob("*.yaml")) if vignettes.is_dir() else []:
            try:
                data = read_yaml_file(path)
            except DataFileError:
                continue
            if isinstance(data.get("id"), str):
                self.vignette_ids.add(data["id"])

    def definition(self, key: str) -> BridgeDefinition | None:
        if key in self.definitions:
            return self.definitions[key]
        return self.library.get(key) if key in self.library else None


def _is_shipped(path: Path) -> bool:
    try:
        return path.resolve().parent == shipped_bridges_dir().resolve()
    except OSError:
        return False


def _check_definition(item: Checked, context: Context) -> None:
    definition = definition_from_data(item.data or {}, item.source)
    shipped_path = context.shipped_keys.get(definition.key)
    if shipped_path is not None and not _is_shipped(Path(item.name)):
        item.problems.append(Problem("", "shadows_shipped", {"key": definition.key, "other": shipped_path.name}))
        return
    for p_index, pillar in enumerate(definition.pillars):
        for s_index, sub in enumerate(pillar.subpillars):
            spec = sub.suggest
            if spec is not None and spec.metric == "income_vs_norm" and spec.norm_id not in context.norm_ids:
                where = f"pillars[{p_index}].subpillars[{s_index}].suggest.norm"
                item.problems.append(Problem(where, "unknown_norm", {"id": spec.norm_id}))
    item.value = definition
    if not item.problems:
        context.definitions.setdefault(definition.key, definition)


def _check_norms(item: Checked, context: Context) -> None:
    table = norm_table_from_data(item.data or {}, item.source)
    item.value = table
    context.norm_ids.add(table.id)


def _check_rewards(item: Checked, context: Context) -> None:
    item.value = scheme_from_data(item.data or {}, item.source)


def _check_vignette(item: Checked, context: Context) -> None:
    item.value = vignette_from_data(item.data or {}, item.source, context.definition)
    context.vignette_ids.add(item.value.id)


def _check_crosswalk(item: Checked, context: Context) -> None:
    crosswalk = crosswalk_from_data(item.data or {}, item.source)
    problems = check_crosswalk(
        crosswalk, context.definition(crosswalk.source_key), context.definition(crosswalk.target_key)
    )
    item.problems.extend(problems)
    item.value = crosswalk


def _check_exercises(item: Checked, context: Context) -> None:
    data = item.data or {}
    if data.get("kind") not in ("coach", "quiz"):
        item.problems.append(Problem("kind", "exercise_kind", {"input": str(data.get("kind"))[:30]}))
        return
    if data.get("kind") == "quiz":
        item.value = quiz_from_data(data, item.source)
    else:
        item.value = coach_from_data(data, item.source, context.vignette_ids)


#: checked in this order, so that what a file refers to is known first
_CHECKS: tuple[tuple[str, Callable[[Checked, Context], None]], ...] = (
    ("norms", _check_norms),
    ("rewards", _check_rewards),
    ("definition", _check_definition),
    ("vignette", _check_vignette),
    ("crosswalk", _check_crosswalk),
    ("exercises", _check_exercises),
)


def check_files(names: Sequence[str]) -> list[Checked]:
    """Every file checked, in the order given."""
    items = []
    for name in names:
        path = Path(name)
        item = Checked(name=name, source=path.name)
        if path.is_dir() and not path.name.endswith(".yaml"):  # a folder without data files
            item.problems.append(Problem("", "folder_without_data"))
            items.append(item)
            continue
        try:
            item.data = read_yaml_file(path)
        except DataFileError as exc:
            item.refuse(exc)
        else:
            item.kind = kind_of(path, item.data)
        items.append(item)
    context = Context()
    for kind, check in _CHECKS:
        for item in items:
            if item.kind != kind or item.data is None:
                continue
            try:
                check(item, context)
            except DataFileError as exc:
                item.value = None
                item.refuse(exc)
    return items


def ok_line(item: Checked, lang: str | None) -> str:
    """The line for a valid file: what it is, in the user's language."""
    value = item.value
    if item.kind == "definition":
        return t(
            "cli.ok_line", lang, file=item.name, name=value.name.get(lang), key=value.key,
            pillars=len(value.pillars), subpillars=len(value.subpillar_ids()),
        )
    if item.kind == "crosswalk":
        return t("cli.ok_crosswalk", lang, file=item.name, source=value.source_key, target=value.target_key,
                 lines=len(value.lines))
    if item.kind == "norms":
        table: NormTable = value
        return t("cli.ok_norms", lang, file=item.name, name=table.name.get(lang), id=table.id,
                 first=table.years[0].year, last=table.years[-1].year)
    if item.kind == "rewards":
        return t("cli.ok_rewards", lang, file=item.name, name=value.name.get(lang), id=value.id,
                 version=value.version, tiers=len(value.tiers))
    if item.kind == "vignette":
        return t("cli.ok_vignette", lang, file=item.name, name=value.title.get(lang), id=value.id,
                 key=value.bridge.key)
    count = len(value.questions) if item.data and item.data.get("kind") == "quiz" else len(value.items)
    return t("cli.ok_exercises", lang, file=item.name, name=value.title.get(lang), count=count)


def expand(names: Sequence[str]) -> list[str]:
    """The files to check: a folder stands for every ``*.yaml`` below it (sorted), a file for itself."""
    out: list[str] = []
    for name in names:
        path = Path(name)
        if path.is_dir() and not path.name.endswith(".yaml"):
            found = sorted(str(p) for p in path.rglob("*.yaml"))
            out.extend(found or [name])
        else:
            out.append(name)
    return out


def validate_lines(names: Sequence[str], lang: str | None) -> tuple[list[str], int]:
    """The lines to print and the exit code: 0 when every file is valid, else 1.

    A folder on the command line stands for every ``*.yaml`` file below it."""
    lines: list[str] = []
    bad = 0
    names = expand(names)
    for item in check_files(names):
        if item.ok:
            lines.append(ok_line(item, lang))
            continue
        bad += 1
        for problem in item.problems:
            lines.append(t("cli.error_line", lang, message=f"{item.name}: {problem.message(lang)}"))
    total = len(names)
    lines.append(t("cli.summary", lang, total=total, ok=total - bad, bad=bad))
    return lines, 1 if bad else 0


def shipped_files() -> list[Path]:
    """Every data file shipped in ``data/`` (what ``validate`` must pass)."""
    root = shipped_data_dir()
    return sorted(p for p in root.rglob("*.yaml") if p.is_file())


__all__ = ["KINDS", "check_files", "kind_of", "shipped_files", "validate_lines"]
