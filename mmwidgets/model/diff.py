"""What changed between two bridge definitions: added, removed, renamed, re-worded, re-weighted.

Pillars and sub-pillars are matched by id (an id that changed is a removal plus an
addition: we do not guess), steps by position. Weights are compared as shares: a
pillar's share of the workbook score and a sub-pillar's share of its pillar, in percent,
so that "equal weights" and "20 each" are the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from mmwidgets.i18n import LANGUAGES, normalise_language, t
from mmwidgets.model.definition import BridgeDefinition, LocalText, Pillar, SubPillar, load_definition
from mmwidgets.model.files import DataFileError, Problem

KINDS = (
    "added", "removed", "renamed", "reworded", "reweighted", "recoloured", "moved", "reordered",
    "steps_added", "steps_removed", "rules_changed", "changed",
)


@dataclass(frozen=True)
class DiffRow:
    kind: str  # one of KINDS
    level: str  # definition | pillar | subpillar | step
    pillar: str | None = None  # pillar id (in the new definition when it is there)
    subpillar: str | None = None
    step: int | None = None
    field: str = ""  # name, question, label, text, icon, weight, colour, suggest, id, version, ...
    lang: str | None = None  # for texts: the language that changed
    before: str = ""
    after: str = ""
    #: for added/removed parts: their name (or step label) in every language
    before_local: LocalText | None = None
    after_local: LocalText | None = None

    def before_text(self, lang: str | None = None) -> str:
        return self.before_local.get(lang) if self.before_local is not None else self.before

    def after_text(self, lang: str | None = None) -> str:
        return self.after_local.get(lang) if self.after_local is not None else self.after


@dataclass(frozen=True)
class DefinitionDiff:
    before: BridgeDefinition
    after: BridgeDefinition
    rows: tuple[DiffRow, ...]

    @property
    def same(self) -> bool:
        return not self.rows

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for row in self.rows:
            out[row.kind] = out.get(row.kind, 0) + 1
        return out

    def kinds(self) -> set[str]:
        return {row.kind for row in self.rows}

    def rows_for(self, pillar: str | None = None, subpillar: str | None = None) -> list[DiffRow]:
        return [
            r for r in self.rows
            if (pillar is None or r.pillar == pillar) and (subpillar is None or r.subpillar == subpillar)
        ]


def _share(value: float) -> str:
    return f"{round(value * 100, 1):g}%"


def _texts(
    before: LocalText | None, after: LocalText | None, kind: str, field: str, **where: object
) -> list[DiffRow]:
    rows = []
    for lang in LANGUAGES:
        old = before.get(lang) if before is not None else ""
        new = after.get(lang) if after is not None else ""
        if old != new:
            rows.append(DiffRow(kind=kind, field=field, lang=lang, before=old, after=new, **where))  # type: ignore[arg-type]
    return rows


def _order_changes(old: list[str], new: list[str]) -> set[str]:
    """Ids (present in both lists) whose position among the common ids differs."""
    common = [i for i in old if i in set(new)]
    common_new = [i for i in new if i in set(old)]
    return {a for a, b in zip(common, common_new) if a != b}


def _suggest_text(sub: SubPillar) -> str:
    if sub.suggest is None:
        return ""
    rules = []
    for rule in sub.suggest.rules:
        if rule.one_of is not None:
            cond = "|".join(rule.one_of)
        else:
            parts = []
            if rule.at_least is not None:
                parts.append(f">={rule.at_least:g}")
            if rule.below is not None:
                parts.append(f"<{rule.below:g}")
            cond = " ".join(parts) or "*"
        rules.append(f"{cond}→{rule.step}")
    return f"{sub.suggest.metric}: " + ", ".join(rules)


def _steps(a: SubPillar, b: SubPillar, where: dict) -> list[DiffRow]:
    rows: list[DiffRow] = []
    for n in range(max(a.step_count, b.step_count)):
        at = {**where, "step": n + 1}
        if n >= a.step_count:
            rows.append(DiffRow(kind="steps_added", level="step", field="step", after_local=b.steps[n].label, **at))
            continue
        if n >= b.step_count:
            rows.append(DiffRow(kind="steps_removed", level="step", field="step", before_local=a.steps[n].label, **at))
            continue
        old, new = a.steps[n], b.steps[n]
        rows += _texts(old.label, new.label, "reworded", "label", level="step", **at)
        rows += _texts(old.text, new.text, "reworded", "text", level="step", **at)
        if (old.icon or "") != (new.icon or ""):
            rows.append(DiffRow(kind="reworded", level="step", field="icon", before=old.icon or "", after=new.icon or "", **at))
    return rows


def _subpillar(a: SubPillar, b: SubPillar, pa: Pillar, pb: Pillar) -> list[DiffRow]:
    where = {"pillar": pb.id, "subpillar": b.id}
    rows: list[DiffRow] = []
    if pa.id != pb.id:
        rows.append(DiffRow(kind="moved", level="subpillar", field="pillar", before=pa.id, after=pb.id, **where))
    rows += _texts(a.name, b.name, "renamed", "name", level="subpillar", **where)
    rows += _texts(a.question, b.question, "reworded", "question", level="subpillar", **where)
    old_share, new_share = _share(pa.subpillar_share(a.id)), _share(pb.subpillar_share(b.id))
    if old_share != new_share:
        rows.append(DiffRow(kind="reweighted", level="subpillar", field="weight", before=old_share, after=new_share, **where))
    if a.suggest != b.suggest:
        rows.append(DiffRow(kind="rules_changed", level="subpillar", field="suggest", before=_suggest_text(a), after=_suggest_text(b), **where))
    rows += _steps(a, b, where)
    return rows


def diff_definitions(before: BridgeDefinition, after: BridgeDefinition) -> DefinitionDiff:
    """Every difference from ``before`` to ``after``, pillar by pillar."""
    rows: list[DiffRow] = []
    for field in ("id", "version"):
        old, new = getattr(before, field), getattr(after, field)
        if old != new:
            rows.append(DiffRow(kind="changed", level="definition", field=field, before=str(old), after=str(new)))
    rows += _texts(before.name, after.name, "renamed", "name", level="definition")
    rows += _texts(before.description, after.description, "reworded", "description", level="definition")
    rows += _texts(before.source, after.source, "reworded", "source", level="definition")

    old_pillars = {p.id: p for p in before.pillars}
    new_pillars = {p.id: p for p in after.pillars}
    moved_pillars = _order_changes(list(old_pillars), list(new_pillars))
    old_subs = {s.id: (p, s) for p, s in before.subpillars()}
    new_subs = {s.id: (p, s) for p, s in after.subpillars()}

    # the new definition's order first, then what was removed
    for pillar in after.pillars:
        where = {"pillar": pillar.id}
        old = old_pillars.get(pillar.id)
        if old is None:
            rows.append(DiffRow(kind="added", level="pillar", field="pillar", after_local=pillar.name, **where))
        else:
            rows += _texts(old.name, pillar.name, "renamed", "name", level="pillar", **where)
            if old.colour.lower() != pillar.colour.lower():
                rows.append(DiffRow(kind="recoloured", level="pillar", field="colour", before=old.colour, after=pillar.colour, **where))
            old_share, new_share = _share(before.pillar_share(old.id)), _share(after.pillar_share(pillar.id))
            if old_share != new_share:
                rows.append(DiffRow(kind="reweighted", level="pillar", field="weight", before=old_share, after=new_share, **where))
            if pillar.id in moved_pillars:
                rows.append(DiffRow(
                    kind="reordered", level="pillar", field="position",
                    before=str(list(old_pillars).index(pillar.id) + 1),
                    after=str(list(new_pillars).index(pillar.id) + 1), **where,
                ))
        old_order = [s.id for s in old.subpillars] if old else []
        moved_subs = _order_changes(old_order, [s.id for s in pillar.subpillars])
        for sub in pillar.subpillars:
            found = old_subs.get(sub.id)
            if found is None:
                rows.append(DiffRow(kind="added", level="subpillar", pillar=pillar.id, subpillar=sub.id, field="subpillar", after_local=sub.name))
                continue
            old_pillar, old_sub = found
            rows += _subpillar(old_sub, sub, old_pillar, pillar)
            if sub.id in moved_subs:
                rows.append(DiffRow(
                    kind="reordered", level="subpillar", pillar=pillar.id, subpillar=sub.id, field="position",
                    before=str(old_order.index(sub.id) + 1),
                    after=str([s.id for s in pillar.subpillars].index(sub.id) + 1),
                ))
        for old_sub in (old.subpillars if old else []):
            if old_sub.id not in new_subs:
                rows.append(DiffRow(kind="removed", level="subpillar", pillar=pillar.id, subpillar=old_sub.id, field="subpillar", before_local=old_sub.name))
    for old in before.pillars:
        if old.id in new_pillars:
            continue
        rows.append(DiffRow(kind="removed", level="pillar", pillar=old.id, field="pillar", before_local=old.name))
        for old_sub in old.subpillars:
            if old_sub.id not in new_subs:
                rows.append(DiffRow(kind="removed", level="subpillar", pillar=old.id, subpillar=old_sub.id, field="subpillar", before_local=old_sub.name))
    return DefinitionDiff(before=before, after=after, rows=tuple(rows))


# -- the table people read ----------------------------------------------------------------------
def _name_of_pillar(diff: DefinitionDiff, pillar_id: str | None, lang: str) -> str:
    for definition in (diff.after, diff.before):
        for pillar in definition.pillars:
            if pillar.id == pillar_id:
                return pillar.name.get(lang)
    return pillar_id or ""


def _name_of_sub(diff: DefinitionDiff, sub_id: str | None, lang: str) -> str:
    for definition in (diff.after, diff.before):
        if sub_id and definition.has_subpillar(sub_id):
            return definition.subpillar(sub_id).name.get(lang)
    return sub_id or ""


def where_text(diff: DefinitionDiff, row: DiffRow, lang: str | None = None) -> str:
    """``Financiën › Schulden › trede 3`` (in the user's language)."""
    lang = normalise_language(lang)
    if row.level == "definition":
        return t("adapt.diff.where_definition", lang)
    parts = [_name_of_pillar(diff, row.pillar, lang)]
    if row.subpillar:
        parts.append(_name_of_sub(diff, row.subpillar, lang))
    if row.step is not None:
        parts.append(t("adapt.diff.step_n", lang, n=row.step))
    return " › ".join(parts)


def what_text(row: DiffRow, lang: str | None = None) -> str:
    """``hernoemd (en)``, ``anders verwoord: tekst (nl)``, ``opnieuw gewogen`` ..."""
    text = t(f"adapt.diff.kind.{row.kind}", lang)
    if row.kind in ("reworded", "renamed") and row.field:
        text += ": " + t(f"adapt.field.{row.field}", lang)
    if row.lang:
        text += f" ({row.lang})"
    return text


def table_rows(diff: DefinitionDiff, lang: str | None = None) -> list[tuple[str, str, str, str]]:
    """One tuple (where, what, before, after) per difference; plain text, not escaped."""
    return [(where_text(diff, r, lang), what_text(r, lang), r.before_text(lang), r.after_text(lang)) for r in diff.rows]


def format_table(diff: DefinitionDiff, lang: str | None = None, width: int = 40) -> str:
    """The difference table as aligned plain text (for the command line)."""
    lang = normalise_language(lang)
    head = t("adapt.diff.title", lang, before=diff.before.key, after=diff.after.key)
    if diff.same:
        return head + "\n" + t("adapt.diff.none", lang) + "\n"
    header = (
        t("adapt.diff.col_where", lang), t("adapt.diff.col_what", lang),
        t("adapt.diff.col_before", lang), t("adapt.diff.col_after", lang),
    )

    def cut(text: str) -> str:
        text = " ".join(str(text).split())
        return text if len(text) <= width else text[: width - 1] + "…"

    rows = [header] + [tuple(cut(c) for c in row) for row in table_rows(diff, lang)]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [head, ""]
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    counts = diff.counts()
    summary = ", ".join(f"{t(f'adapt.diff.kind.{k}', lang)}: {counts[k]}" for k in KINDS if k in counts)
    lines += ["", t("adapt.diff.summary", lang, summary=summary)]
    return "\n".join(lines) + "\n"


def pillar_groups(diff: DefinitionDiff) -> list[tuple[str | None, list[DiffRow]]]:
    """Rows grouped per pillar (definition-level rows first, under None)."""
    groups: dict[str | None, list[DiffRow]] = {}
    for row in diff.rows:
        groups.setdefault(row.pillar, []).append(row)
    return list(groups.items())


KEY = re.compile(r"^[a-z][a-z0-9_-]{0,39}@[1-9][0-9]{0,5}$")


def resolve_definition(name: str, folders: Iterable[str | Path]) -> BridgeDefinition:
    """A definition from a file path, or from ``id@version`` found in ``folders`` (first wins).

    Raises :class:`DataFileError` when the file is broken or nothing matches.
    """
    path = Path(name)
    if path.is_file() or not KEY.fullmatch(name):
        if not path.is_file() and not name.endswith((".yaml", ".yml")):
            raise DataFileError(name, [Problem("", "definition_not_found", {"name": name})])
        return load_definition(path)
    from mmwidgets.model.library import DefinitionLibrary

    library = DefinitionLibrary(list(folders))
    if name in library:
        return library.get(name)
    raise DataFileError(name, [Problem("", "definition_not_found", {"name": name})])


def describe(items: Iterable[DiffRow]) -> list[str]:  # pragma: no cover - debugging aid
    return [f"{r.kind} {r.level} {r.pillar}/{r.subpillar}/{r.step} {r.field} {r.lang}: {r.before!r} -> {r.after!r}" for r in items]
