"""What changed between two bridge definitions: added, removed, renamed, re-worded, re-weighted.

Pillars and sub-pillars are matched by id; a part whose id changed is recognised as the
same part (a rename of its id) when its texts match: a sub-pillar with the same name or the
same step texts, a pillar with the same name or the same sub-pillars. Steps are matched by
position. Weights are compared as shares: a
pillar's share of the workbook score and a sub-pillar's share of its pillar, in percent,
so that "equal weights" and "20 each" are the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from babel.numbers import format_decimal

from mmwidgets.i18n import LANGUAGES, normalise_language, t
from mmwidgets.model.bridge.definition import BridgeDefinition, LocalText, Pillar, SubPillar, load_definition
from mmwidgets.model.bridge.files import DataFileError, Problem

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
        if self.before_local is not None:
            return self.before_local.get(lang)
        return _percent(self.before, lang) if self.field == "weight" else self.before

    def after_text(self, lang: str | None = None) -> str:
        if self.after_local is not None:
            return self.after_local.get(lang)
        return _percent(self.after, lang) if self.field == "weight" else self.after


def _percent(text: str, lang: str | None) -> str:
    """``33.3`` -> ``33,3%`` on a Dutch page (``33.3%`` in English)."""
    try:
        value = float(text)
    except ValueError:
        return text
    locale = "nl_NL" if normalise_language(lang) == "nl" else "en_GB"
    return format_decimal(value, format="#,##0.#", locale=locale) + "%"


@dataclass(frozen=True)
class DefinitionDiff:
    before: BridgeDefinition
    after: BridgeDefinition
    rows: tuple[DiffRow, ...]
    #: parts recognised under a new id: new id -> old id
    sub_renames: tuple[tuple[str, str], ...] = ()
    pillar_renames: tuple[tuple[str, str], ...] = ()

    def marks(self, side: str) -> tuple[dict[str, str], dict[str, str]]:
        """What to highlight in the picture of ``side`` ("before" or "after"): sub-pillar id ->
        added | removed | changed, and pillar id -> the same (for changes of the pillar itself)."""
        subs: dict[str, str] = {}
        pillars: dict[str, str] = {}
        old_sub = dict(self.sub_renames)
        old_pillar = dict(self.pillar_renames)
        for row in self.rows:
            if row.level == "definition":
                continue
            if row.kind == "removed":
                if side == "before":
                    target = subs if row.subpillar else pillars
                    target[row.subpillar or row.pillar or ""] = "removed"
                continue
            mark = "added" if row.kind == "added" else "changed"
            if row.subpillar:
                key = row.subpillar if side == "after" else old_sub.get(row.subpillar, row.subpillar)
                if mark == "added" and side == "before":
                    continue
                if subs.get(key) != "added":
                    subs[key] = mark
            elif row.pillar:
                key = row.pillar if side == "after" else old_pillar.get(row.pillar, row.pillar)
                if mark == "added" and side == "before":
                    continue
                if pillars.get(key) != "added":
                    pillars[key] = mark
        return subs, pillars

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
    """A share in percent as a plain number (``33.3``); shown in the user's format by DiffRow."""
    return f"{round(value * 100, 1):g}"


def _same_steps(a: SubPillar, b: SubPillar) -> bool:
    return a.step_count == b.step_count and all(
        x.text == y.text and x.label == y.label for x, y in zip(a.steps, b.steps)
    )


def _pair(old: list, new: list, same) -> dict[str, str]:
    """new id -> old id for parts that lost their id but kept their texts (first match wins)."""
    pairs: dict[str, str] = {}
    free = list(old)
    for item in new:
        match = next((o for o in free if same(o, item)), None)
        if match is not None:
            pairs[item.id] = match.id
            free.remove(match)
    return pairs


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


def _subpillar(a: SubPillar, b: SubPillar, pa: Pillar, pb: Pillar, pillar_renames: dict[str, str]) -> list[DiffRow]:
    where = {"pillar": pb.id, "subpillar": b.id}
    rows: list[DiffRow] = []
    if a.id != b.id:
        rows.append(DiffRow(kind="renamed", level="subpillar", field="id", before=a.id, after=b.id, **where))
    if pa.id != pillar_renames.get(pb.id, pb.id):
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
    old_subs = {s.id: (p, s) for p, s in before.subpillars()}
    new_subs = {s.id: (p, s) for p, s in after.subpillars()}
    # parts under a new id whose texts match: the same part, renamed
    sub_renames = _pair(
        [s for _, s in before.subpillars() if s.id not in new_subs],
        [s for _, s in after.subpillars() if s.id not in old_subs],
        lambda a, b: a.name == b.name or _same_steps(a, b),
    )
    renamed_from = {old: new for new, old in sub_renames.items()}
    pillar_renames = _pair(
        [p for p in before.pillars if p.id not in new_pillars],
        [p for p in after.pillars if p.id not in old_pillars],
        lambda a, b: a.name == b.name or (
            [renamed_from.get(s.id, s.id) for s in a.subpillars] == [s.id for s in b.subpillars]
        ),
    )
    for new_id, old_id in sub_renames.items():
        old_subs[new_id] = old_subs[old_id]
    for new_id, old_id in pillar_renames.items():
        old_pillars_by_new = old_pillars[old_id]
        old_pillars[new_id] = old_pillars_by_new
    gone_pillars = set(pillar_renames.values())
    gone_subs = set(sub_renames.values())
    old_order_ids = [pillar_renames.get(i, i) for i in new_pillars]  # new ids in the old naming
    moved_pillars = {
        new for new, old in zip(new_pillars, old_order_ids)
        if old in _order_changes([p.id for p in before.pillars], old_order_ids)
    }

    # the new definition's order first, then what was removed
    for pillar in after.pillars:
        where = {"pillar": pillar.id}
        old = old_pillars.get(pillar.id)
        if old is None:
            rows.append(DiffRow(kind="added", level="pillar", field="pillar", after_local=pillar.name, **where))
        else:
            if old.id != pillar.id:
                rows.append(DiffRow(kind="renamed", level="pillar", field="id", before=old.id, after=pillar.id, **where))
            rows += _texts(old.name, pillar.name, "renamed", "name", level="pillar", **where)
            if old.colour.lower() != pillar.colour.lower():
                rows.append(DiffRow(kind="recoloured", level="pillar", field="colour", before=old.colour, after=pillar.colour, **where))
            old_share, new_share = _share(before.pillar_share(old.id)), _share(after.pillar_share(pillar.id))
            if old_share != new_share:
                rows.append(DiffRow(kind="reweighted", level="pillar", field="weight", before=old_share, after=new_share, **where))
            if pillar.id in moved_pillars:
                rows.append(DiffRow(
                    kind="reordered", level="pillar", field="position",
                    before=str([p.id for p in before.pillars].index(old.id) + 1),
                    after=str(list(new_pillars).index(pillar.id) + 1), **where,
                ))
        old_order = [s.id for s in old.subpillars] if old else []
        new_order = [sub_renames.get(s.id, s.id) for s in pillar.subpillars]  # in the old naming
        moved_subs = _order_changes(old_order, new_order)
        for sub, old_name in zip(pillar.subpillars, new_order):
            found = old_subs.get(sub.id)
            if found is None:
                rows.append(DiffRow(kind="added", level="subpillar", pillar=pillar.id, subpillar=sub.id, field="subpillar", after_local=sub.name))
                continue
            old_pillar, old_sub = found
            rows += _subpillar(old_sub, sub, old_pillar, pillar, pillar_renames)
            if old_name in moved_subs:
                rows.append(DiffRow(
                    kind="reordered", level="subpillar", pillar=pillar.id, subpillar=sub.id, field="position",
                    before=str(old_order.index(old_name) + 1),
                    after=str(new_order.index(old_name) + 1),
                ))
        for old_sub in (old.subpillars if old else []):
            if old_sub.id not in new_subs and old_sub.id not in gone_subs:
                rows.append(DiffRow(kind="removed", level="subpillar", pillar=pillar.id, subpillar=old_sub.id, field="subpillar", before_local=old_sub.name))
    for old in before.pillars:
        if old.id in new_pillars or old.id in gone_pillars:
            continue
        rows.append(DiffRow(kind="removed", level="pillar", pillar=old.id, field="pillar", before_local=old.name))
        for old_sub in old.subpillars:
            if old_sub.id not in new_subs and old_sub.id not in gone_subs:
                rows.append(DiffRow(kind="removed", level="subpillar", pillar=old.id, subpillar=old_sub.id, field="subpillar", before_local=old_sub.name))
    return DefinitionDiff(
        before=before, after=after, rows=tuple(rows),
        sub_renames=tuple(sub_renames.items()), pillar_renames=tuple(pillar_renames.items()),
    )


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
    from mmwidgets.model.bridge.library import DefinitionLibrary

    library = DefinitionLibrary(list(folders))
    if name in library:
        return library.get(name)
    raise DataFileError(name, [Problem("", "definition_not_found", {"name": name})])


def describe(items: Iterable[DiffRow]) -> list[str]:  # pragma: no cover - debugging aid
    return [f"{r.kind} {r.level} {r.pillar}/{r.subpillar}/{r.step} {r.field} {r.lang}: {r.before!r} -> {r.after!r}" for r in items]
