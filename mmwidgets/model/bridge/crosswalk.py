"""Crosswalks: how the sub-pillars and steps of one bridge definition map onto another.

An assessment made under one definition (``from``) can then be shown and compared under
another (``to``). A crosswalk file (``data/crosswalks/*.yaml``, or ``crosswalks/`` in the
team's own definitions folder)::

    from: mm-standaard@1
    to: mm-eenvoudig@1
    description: {nl: "...", en: "..."}
    subpillars:
      - from: housing          # a sub-pillar of the old definition
        to: wonen              # a sub-pillar of the new definition
        steps: [1, 1, 2, 3, 3] # the new step for old step 1, 2, ... ; null: no equivalent

Nothing is guessed: a sub-pillar of the new definition that no line feeds, or an old step
mapped to ``null``, stays empty and is reported as *unmapped*; an answered old sub-pillar
with no line is reported as *dropped*. Two old sub-pillars may not feed one new one.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Callable, Iterable

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from mmwidgets.model.assessment import Assessment, Choice
from mmwidgets.model.bridge.definition import BridgeDefinition, LocalText
from mmwidgets.model.bridge.files import (
    DataFileError,
    Problem,
    parse_yaml_text,
    problems_from_validation,
    read_yaml_file,
    shipped_data_dir,
)

Key = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}@[1-9][0-9]{0,5}$", strip_whitespace=True)
]
SubId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$", strip_whitespace=True)]
MAX_LINES = 400

#: why a sub-pillar of the new definition is empty after mapping
NO_LINE = "no_line"  # no line of the crosswalk feeds it
NO_EQUIVALENT = "no_equivalent"  # the old step was mapped to null


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class CrosswalkLine(_Strict):
    source: SubId = Field(alias="from")
    target: SubId = Field(alias="to")
    steps: list[Annotated[int, Field(ge=1, le=100)] | None] = Field(min_length=1, max_length=100)


class Crosswalk(_Strict):
    """A validated crosswalk (its shape; :func:`check_crosswalk` checks it against the definitions)."""

    source_key: Key = Field(alias="from")
    target_key: Key = Field(alias="to")
    description: LocalText | None = None
    lines: list[CrosswalkLine] = Field(alias="subpillars", default_factory=list, max_length=MAX_LINES)

    @field_validator("lines")
    @classmethod
    def _one_to_one(cls, lines: list[CrosswalkLine]) -> list[CrosswalkLine]:
        sources: set[str] = set()
        targets: set[str] = set()
        for line in lines:
            if line.source in sources:
                raise PydanticCustomError("mm_cw_duplicate_source", "{id} is mapped twice", {"id": line.source})
            if line.target in targets:
                raise PydanticCustomError("mm_cw_duplicate_target", "two lines point to {id}", {"id": line.target})
            sources.add(line.source)
            targets.add(line.target)
        return lines

    @model_validator(mode="after")
    def _two_definitions(self) -> "Crosswalk":
        if self.source_key == self.target_key:
            raise PydanticCustomError("mm_cw_same_definition", "from and to are the same", {})
        return self

    def line_to(self, target_id: str) -> CrosswalkLine | None:
        return next((line for line in self.lines if line.target == target_id), None)

    def line_from(self, source_id: str) -> CrosswalkLine | None:
        return next((line for line in self.lines if line.source == source_id), None)


def crosswalk_from_data(data: dict[str, Any], source: str = "crosswalk") -> Crosswalk:
    try:
        return Crosswalk.model_validate(data)
    except ValidationError as exc:
        raise DataFileError(source, problems_from_validation(exc)) from None


def crosswalk_from_text(text: str, source: str = "crosswalk") -> Crosswalk:
    return crosswalk_from_data(parse_yaml_text(text, source), source)


def load_crosswalk(path: str | Path) -> Crosswalk:
    path = Path(path)
    return crosswalk_from_data(read_yaml_file(path), path.name)


def check_crosswalk(
    crosswalk: Crosswalk, source_def: BridgeDefinition | None, target_def: BridgeDefinition | None
) -> list[Problem]:
    """What does not fit between the crosswalk and its two definitions (empty: all fine).

    A definition that is None was not found: the crosswalk points nowhere.
    """
    problems: list[Problem] = []
    if source_def is None:
        problems.append(Problem("from", "cw_unknown_definition", {"key": crosswalk.source_key}))
    elif source_def.key != crosswalk.source_key:
        problems.append(Problem("from", "cw_wrong_definition", {"expected": crosswalk.source_key, "actual": source_def.key}))
    if target_def is None:
        problems.append(Problem("to", "cw_unknown_definition", {"key": crosswalk.target_key}))
    elif target_def.key != crosswalk.target_key:
        problems.append(Problem("to", "cw_wrong_definition", {"expected": crosswalk.target_key, "actual": target_def.key}))
    if problems:
        return problems
    assert source_def is not None and target_def is not None
    for index, line in enumerate(crosswalk.lines):
        where = f"subpillars[{index}]"
        if not source_def.has_subpillar(line.source):
            problems.append(Problem(f"{where}.from", "cw_unknown_source", {"id": line.source, "key": source_def.key}))
            continue
        if not target_def.has_subpillar(line.target):
            problems.append(Problem(f"{where}.to", "cw_unknown_target", {"id": line.target, "key": target_def.key}))
            continue
        count = source_def.subpillar(line.source).step_count
        if len(line.steps) != count:
            problems.append(
                Problem(f"{where}.steps", "cw_step_count", {"id": line.source, "count": count, "given": len(line.steps)})
            )
            continue
        problems += _target_step_problems(where, line, target_def)
    return problems


def _target_step_problems(where: str, line: CrosswalkLine, target: BridgeDefinition) -> list[Problem]:
    """Steps a line maps onto that the target sub-pillar does not have."""
    count = target.subpillar(line.target).step_count
    return [
        Problem(f"{where}.steps[{n}]", "cw_target_step", {"step": step, "id": line.target, "count": count})
        for n, step in enumerate(line.steps)
        if step is not None and step > count
    ]


@dataclass(frozen=True)
class MappedAssessment:
    """An assessment shown under another definition, with what could not be carried over."""

    assessment: Assessment
    source_key: str
    #: sub-pillars of the new definition left empty although the old assessment may say
    #: something about the area, with the reason (NO_LINE or NO_EQUIVALENT), in definition order
    unmapped: dict[str, str] = field(default_factory=dict)
    #: answered sub-pillars of the old definition that have no place in the new one
    dropped: list[str] = field(default_factory=list)
    #: the crosswalks applied, in order (empty when the assessment was already in the target)
    path: tuple[str, ...] = ()
    #: True when no chain of crosswalks leads to the target: nothing is shown
    no_crosswalk: bool = False

    @property
    def unmapped_ids(self) -> list[str]:
        return list(self.unmapped)


def map_assessment(
    assessment: Assessment, crosswalk: Crosswalk, target_definition: BridgeDefinition,
    source_definition: BridgeDefinition | None = None,
) -> MappedAssessment:
    """``assessment`` (made under ``crosswalk``'s ``from``) as an assessment under ``target_definition``.

    Only what the crosswalk says is carried over (step, who chose, note, focus); nothing is
    guessed. Raises :class:`DataFileError` when the crosswalk does not fit the definitions.
    """
    if assessment.definition_key != crosswalk.source_key:
        raise DataFileError(
            "crosswalk",
            [Problem("from", "cw_wrong_definition", {"expected": crosswalk.source_key, "actual": assessment.definition_key})],
        )
    if source_definition is not None:
        problems = check_crosswalk(crosswalk, source_definition, target_definition)
    else:
        problems = _check_against_target(crosswalk, target_definition)
    if problems:
        raise DataFileError("crosswalk", problems)
    choices: dict[str, Choice] = {}
    unmapped: dict[str, str] = {}
    for sub_id in target_definition.subpillar_ids():
        line = crosswalk.line_to(sub_id)
        if line is None:
            unmapped[sub_id] = NO_LINE
            continue
        old = assessment.choices.get(line.source)
        if old is None:
            continue
        if old.step is None:
            if old.note or old.focus:
                choices[sub_id] = replace(old, step=None)
            continue
        if not 1 <= old.step <= len(line.steps):
            unmapped[sub_id] = NO_EQUIVALENT
            continue
        new_step = line.steps[old.step - 1]
        if new_step is None:
            unmapped[sub_id] = NO_EQUIVALENT
            if old.note or old.focus:
                choices[sub_id] = replace(old, step=None)
            continue
        choices[sub_id] = replace(old, step=new_step)
    mapped_sources = {line.source for line in crosswalk.lines if target_definition.has_subpillar(line.target)}
    dropped = [
        sub_id for sub_id, choice in assessment.choices.items()
        if sub_id not in mapped_sources and (choice.step is not None or choice.note or choice.focus)
    ]
    mapped = replace(
        assessment,
        definition_id=target_definition.id,
        definition_version=target_definition.version,
        choices=choices,
    )
    return MappedAssessment(
        assessment=mapped, source_key=assessment.definition_key, unmapped=unmapped, dropped=dropped,
        path=(f"{crosswalk.source_key}>{crosswalk.target_key}",),
    )


def _check_against_target(crosswalk: Crosswalk, target: BridgeDefinition) -> list[Problem]:
    if target.key != crosswalk.target_key:
        return [Problem("to", "cw_wrong_definition", {"expected": crosswalk.target_key, "actual": target.key})]
    problems = []
    for index, line in enumerate(crosswalk.lines):
        if not target.has_subpillar(line.target):
            problems.append(Problem(f"subpillars[{index}].to", "cw_unknown_target", {"id": line.target, "key": target.key}))
            continue
        problems += _target_step_problems(f"subpillars[{index}]", line, target)
    return problems


# -- a set of crosswalks, chains and histories -------------------------------------------------
DefinitionLookup = Callable[[str], "BridgeDefinition | None"]


class CrosswalkSet:
    """The crosswalks found in some folders, with the files that were refused.

    When two files map the same pair of bridges, the one read later wins (the team's own folder
    after the shipped one): ``replaced`` keeps, per pair, the file that lost, and
    :meth:`notices` says which file is used instead of which.
    """

    def __init__(self, crosswalks: Iterable[tuple[str, Crosswalk]] = (), errors: Iterable[DataFileError] = (),
                 replaced: dict[tuple[str, str], str] | None = None):
        self.crosswalks: dict[tuple[str, str], Crosswalk] = {}
        self.files: dict[tuple[str, str], str] = {}
        self.errors: list[DataFileError] = list(errors)
        self.replaced: dict[tuple[str, str], str] = dict(replaced or {})
        for name, crosswalk in crosswalks:
            pair = (crosswalk.source_key, crosswalk.target_key)
            if pair in self.files:
                self.replaced[pair] = self.files[pair]
            self.crosswalks[pair] = crosswalk  # a later folder (the team's own) wins
            self.files[pair] = name

    def notices(self, lang: str | None = None) -> list[str]:
        """One line per pair of bridges mapped by two files: which file is used, which is not."""
        from mmwidgets.i18n import t

        return [
            t("val.cw_replaced", lang, file=self.files[pair], other=old, source=pair[0], target=pair[1])
            for pair, old in self.replaced.items() if pair in self.files
        ]

    def __len__(self) -> int:
        return len(self.crosswalks)

    def find(self, source_key: str, target_key: str) -> Crosswalk | None:
        return self.crosswalks.get((source_key, target_key))

    def chain(self, source_key: str, target_key: str, max_length: int = 6) -> list[Crosswalk] | None:
        """The shortest chain of crosswalks from one definition to another ([] when equal; None: none)."""
        if source_key == target_key:
            return []
        seen = {source_key}
        queue: deque[tuple[str, list[Crosswalk]]] = deque([(source_key, [])])
        while queue:
            key, path = queue.popleft()
            if len(path) >= max_length:
                continue
            for (src, dst), crosswalk in sorted(self.crosswalks.items()):
                if src != key or dst in seen:
                    continue
                if dst == target_key:
                    return path + [crosswalk]
                seen.add(dst)
                queue.append((dst, path + [crosswalk]))
        return None

    def checked(self, lookup: DefinitionLookup) -> "CrosswalkSet":
        """Only the crosswalks that fit their definitions; the others become errors."""
        good, errors = [], list(self.errors)
        for pair, crosswalk in self.crosswalks.items():
            problems = check_crosswalk(crosswalk, lookup(pair[0]), lookup(pair[1]))
            if problems:
                errors.append(DataFileError(self.files[pair], problems))
            else:
                good.append((self.files[pair], crosswalk))
        return CrosswalkSet(good, errors, self.replaced)


def load_crosswalks(folders: Iterable[str | Path] | None = None) -> CrosswalkSet:
    """Every ``*.yaml`` crosswalk in ``folders`` (default: the shipped ``data/crosswalks``).

    A refused file does not stop the others: it is listed in ``.errors``.
    """
    if folders is None:
        folders = [shipped_crosswalks_dir()]
    found: list[tuple[str, Crosswalk]] = []
    errors: list[DataFileError] = []
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")):
            try:
                found.append((path.name, load_crosswalk(path)))
            except DataFileError as exc:
                errors.append(exc)
    return CrosswalkSet(found, errors)


def shipped_crosswalks_dir() -> Path:
    return shipped_data_dir() / "crosswalks"


def own_crosswalks_dir(definitions_dir: str | Path) -> Path:
    """A team's own crosswalks live in ``crosswalks/`` inside their definitions folder."""
    return Path(definitions_dir) / "crosswalks"


def map_to_definition(
    assessment: Assessment, target_definition: BridgeDefinition, crosswalks: CrosswalkSet,
    lookup: DefinitionLookup,
) -> MappedAssessment:
    """``assessment`` under ``target_definition``, through as many crosswalks as needed.

    When no chain of crosswalks exists, the result is empty and ``no_crosswalk`` is True:
    every sub-pillar is unmapped, and the old answers are listed as dropped.
    """
    if assessment.definition_key == target_definition.key:
        return MappedAssessment(assessment=assessment, source_key=assessment.definition_key)
    chain = crosswalks.chain(assessment.definition_key, target_definition.key)
    if chain is None:
        empty = replace(
            assessment, definition_id=target_definition.id, definition_version=target_definition.version, choices={}
        )
        return MappedAssessment(
            assessment=empty, source_key=assessment.definition_key,
            unmapped={sub_id: NO_LINE for sub_id in target_definition.subpillar_ids()},
            dropped=[s for s, c in assessment.choices.items() if c.step is not None],
            no_crosswalk=True,
        )
    current = assessment
    unmapped: dict[str, str] = {}
    dropped: list[str] = []
    path: list[str] = []
    for crosswalk in chain:
        target = target_definition if crosswalk.target_key == target_definition.key else lookup(crosswalk.target_key)
        if target is None:
            raise DataFileError(
                "crosswalk", [Problem("to", "cw_unknown_definition", {"key": crosswalk.target_key})]
            )
        step = map_assessment(current, crosswalk, target)
        link_unmapped = dict(step.unmapped)
        # a part left empty by an earlier link stays unmapped (not "unanswered") in the next
        for sub_id in target.subpillar_ids():
            line = crosswalk.line_to(sub_id)
            if sub_id in link_unmapped or line is None or sub_id in step.assessment.choices:
                continue
            if line.source in unmapped:
                link_unmapped[sub_id] = unmapped[line.source]
        dropped.extend(s for s in step.dropped if s not in dropped)
        unmapped = {sub_id: link_unmapped[sub_id] for sub_id in target.subpillar_ids() if sub_id in link_unmapped}
        path.extend(step.path)
        current = step.assessment
    return MappedAssessment(
        assessment=current, source_key=assessment.definition_key, unmapped=unmapped, dropped=dropped,
        path=tuple(path),
    )


def describe_mapping(
    mapped: MappedAssessment, target_definition: BridgeDefinition, lang: str | None = None,
    source_definition: BridgeDefinition | None = None,
) -> list[str]:
    """What the user should read beside a mapped assessment: each unmapped part, what was dropped.

    Names come from the definitions in the user's language (ids when a definition is not given).
    Empty when nothing was lost. Plain text: escape it before it meets HTML.
    """
    from mmwidgets.i18n import t

    source_name = source_definition.name.get(lang) if source_definition is not None else mapped.source_key
    if mapped.no_crosswalk:
        return [t("adapt.cw.none", lang, source=source_name, target=target_definition.name.get(lang))]
    lines = []
    for sub_id, reason in mapped.unmapped.items():
        name = target_definition.subpillar(sub_id).name.get(lang) if target_definition.has_subpillar(sub_id) else sub_id
        lines.append(t("adapt.cw.no_line" if reason == NO_LINE else "adapt.cw.no_equivalent", lang, name=name))
    if mapped.dropped:
        def name_of(sub_id: str) -> str:
            if source_definition is not None and source_definition.has_subpillar(sub_id):
                return source_definition.subpillar(sub_id).name.get(lang)
            return sub_id

        lines.append(t("adapt.cw.dropped", lang, key=source_name, names=", ".join(name_of(s) for s in mapped.dropped)))
    return lines


def map_history(
    assessments: Iterable[Assessment], target_definition: BridgeDefinition, crosswalks: CrosswalkSet,
    lookup: DefinitionLookup,
) -> list[MappedAssessment]:
    """A client's assessments, each shown under ``target_definition`` (see :func:`map_to_definition`)."""
    return [map_to_definition(a, target_definition, crosswalks, lookup) for a in assessments]


# -- making a crosswalk: old bridge -> its variant (the adaptation workbook) ----------------------
def spread_steps(old_count: int, new_count: int) -> list[int]:
    """Old step 1..n onto new step 1..m, spread evenly: crisis stays crisis, the top stays the top."""
    if old_count == new_count:
        return list(range(1, old_count + 1))
    if old_count <= 1:
        return [1] * old_count
    return [1 + round(i * (new_count - 1) / (old_count - 1)) for i in range(old_count)]


def _step_map(old: Any, new: Any) -> list[int]:
    """Each old step onto the new step with the same text or short name (a step kept, perhaps
    moved up by a new step below it); the others spread evenly between those found."""
    spread = spread_steps(old.step_count, new.step_count)
    found: list[int | None] = []
    for step in old.steps:
        match = next((n + 1 for n, other in enumerate(new.steps) if other.text == step.text), None)
        if match is None:
            match = next((n + 1 for n, other in enumerate(new.steps) if other.label == step.label), None)
        found.append(match)
    out = [f if f is not None else spread[i] for i, f in enumerate(found)]
    # never out of order: a step higher up the old ladder is never lower on the new one
    for i in range(1, len(out)):
        out[i] = max(out[i], out[i - 1])
    return out


@dataclass(frozen=True)
class CrosswalkProposal:
    """A crosswalk proposed from what is already known, and what has no place in it.

    ``data``: the crosswalk as file data (``from``, ``to``, ``description``, ``subpillars``);
    ``no_place``: old sub-pillars with no counterpart in the new bridge (their answers are not
    carried over); ``not_fed``: new sub-pillars no old one feeds (they start empty).
    """

    data: dict[str, Any]
    no_place: tuple[str, ...]
    not_fed: tuple[str, ...]


def propose_crosswalk(old: BridgeDefinition, new: BridgeDefinition, renames: dict[str, str] | None = None) -> CrosswalkProposal:
    """old -> new from the ids both share, the parts recognised under a new id (``renames``:
    new id -> old id, see ``DefinitionDiff.sub_renames``) and the step counts (same count: step
    for step; another count: spread evenly). Nothing else is guessed."""
    by_old = {old_id: new_id for new_id, old_id in (renames or {}).items()}
    lines = []
    fed: set[str] = set()
    no_place = []
    for _pillar, sub in old.subpillars():
        target = sub.id if new.has_subpillar(sub.id) else by_old.get(sub.id)
        if target is None or not new.has_subpillar(target) or target in fed:
            no_place.append(sub.id)
            continue
        fed.add(target)
        lines.append({"from": sub.id, "to": target, "steps": _step_map(sub, new.subpillar(target))})
    from mmwidgets.i18n import LANGUAGES, t

    description = {lang: t("adapt.cw.made_description", lang, source=old.name.get(lang), target=new.name.get(lang))
                   for lang in LANGUAGES}
    data = {"from": old.key, "to": new.key, "description": description, "subpillars": lines}
    not_fed = tuple(s for s in new.subpillar_ids() if s not in fed)
    return CrosswalkProposal(data, tuple(no_place), not_fed)


def crosswalk_problems(data: dict[str, Any], old: BridgeDefinition | None, new: BridgeDefinition | None) -> list[Problem]:
    """Everything a crosswalk file would be refused for (its shape, then its fit to both bridges)."""
    try:
        crosswalk = Crosswalk.model_validate(data)
    except ValidationError as exc:
        return problems_from_validation(exc)
    return check_crosswalk(crosswalk, old, new)


def crosswalk_file_name(old: BridgeDefinition, new: BridgeDefinition) -> str:
    """``mm-standaard-naar-mm-standaard-eigen`` (versions only when the ids are the same)."""
    if old.id == new.id:
        return f"{old.id}-v{old.version}-naar-v{new.version}"[:60]
    return f"{old.id}-naar-{new.id}"[:60]


def save_crosswalk(
    data: dict[str, Any], old: BridgeDefinition, new: BridgeDefinition, definitions_dir: str | Path,
    overwrite: bool = True,
) -> Path:
    """Check ``data`` as ``mmwidgets validate`` checks a crosswalk file, then write it into the
    team's ``crosswalks/`` folder beside their definitions (never into the shipped data/).

    Raises :class:`DataFileError` naming what does not fit; ``FileExistsError`` when the file
    is there and ``overwrite`` is False.
    """
    import os
    import tempfile

    import yaml

    name = crosswalk_file_name(old, new) + ".yaml"
    problems = crosswalk_problems(data, old, new)
    if problems:
        raise DataFileError(name, problems)
    folder = own_crosswalks_dir(definitions_dir).resolve()
    try:
        folder.relative_to(shipped_data_dir().resolve())
        raise DataFileError(name, [Problem("file", "bad_file_name")])
    except ValueError:
        pass
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if target.exists() and not overwrite:
        raise FileExistsError(target)
    head = "# " + t_line("adapt.cw.file_comment") + "\n"
    text = head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return target


def t_line(key: str) -> str:
    """A catalogue text in both languages on one line (for a comment in a file)."""
    from mmwidgets.i18n import t

    return f"{t(key, 'nl')} / {t(key, 'en')}"
