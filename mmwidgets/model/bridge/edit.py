"""Editing a bridge definition as plain data: add, remove, reorder, rename; validate; save.

Every operation takes the definition's plain data (``definition_to_data``) and returns a
new dict; the old one is never changed (only the parts along the edited path are copied,
so an edit on a big definition stays cheap). Operations that cannot be done (removing
the last pillar, an eleventh step) raise :class:`~mmwidgets.model.assessment.InvalidInput`.
Whether the result is a valid definition is :func:`validate`'s business: a half-finished
edit (an empty name, weights that do not add up yet) is allowed while typing.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import yaml
from pydantic import ValidationError

from mmwidgets.i18n import LANGUAGES, normalise_language, t
from mmwidgets.model.assessment import InvalidInput
from mmwidgets.model.bridge.definition import MAX_STEPS, MIN_STEPS, BridgeDefinition, definition_to_data
from mmwidgets.model.bridge.files import Problem, problems_from_validation, shipped_data_dir
from mmwidgets.model.bridge.palette import PALETTE as _PALETTE, next_colour
from mmwidgets.model.bridge.step_rules import CATEGORIES, METRICS

Path_ = Sequence[str | int]
MAX_PILLARS = 40  # as BridgeDefinition allows
MAX_SUBPILLARS = 20  # per pillar, for the editor
PALETTE = tuple(c.hex for c in _PALETTE)  # checked for contrast in model/bridge/palette.py
#: the id a new part gets until it has a name (then the id follows the Dutch name)
NEW_IDS = {"pillar": "pijler", "subpillar": "onderdeel"}
FILE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")


# -- paths into the data ---------------------------------------------------------------------
def get_at(data: Any, path: Path_, default: Any = None) -> Any:
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return default
    return node


def set_at(data: dict[str, Any], path: Path_, value: Any) -> dict[str, Any]:
    """A copy of ``data`` with ``value`` at ``path`` (None removes a field). Copies only the path."""
    if not path:
        raise ValueError("empty path")
    head, rest = path[0], path[1:]
    if isinstance(data, list):
        out_list = list(data)
        if rest:
            out_list[head] = set_at(out_list[head], rest, value)  # type: ignore[index]
        else:
            out_list[head] = value  # type: ignore[index]
        return out_list  # type: ignore[return-value]
    out = dict(data)
    if rest:
        child = out.get(head)  # type: ignore[arg-type]
        if child is None:
            child = {} if isinstance(rest[0], str) else []
        out[head] = set_at(child, rest, value)  # type: ignore[index]
    elif value is None:
        out.pop(head, None)  # type: ignore[arg-type]
    else:
        out[head] = value  # type: ignore[index]
    return out


def _list_at(data: dict[str, Any], path: Path_) -> list[Any]:
    value = get_at(data, path)
    return list(value) if isinstance(value, list) else []


def pillar_path(p: int) -> tuple[str | int, ...]:
    return ("pillars", p)


def subpillar_path(p: int, s: int) -> tuple[str | int, ...]:
    return ("pillars", p, "subpillars", s)


def step_path(p: int, s: int, n: int) -> tuple[str | int, ...]:
    return ("pillars", p, "subpillars", s, "steps", n)


# -- new parts ---------------------------------------------------------------------------------
def _both(key: str, **values: Any) -> dict[str, str]:
    return {lang: t(key, lang, **values) for lang in LANGUAGES}


def all_ids(data: dict[str, Any]) -> set[str]:
    ids = set()
    for pillar in _list_at(data, ("pillars",)):
        if isinstance(pillar, dict):
            ids.add(str(pillar.get("id")))
            for sub in pillar.get("subpillars") or []:
                if isinstance(sub, dict):
                    ids.add(str(sub.get("id")))
    return ids


def slug(name: str) -> str:
    """``Financiën & werk`` -> ``financien-werk``: lower-case letters, digits and -, no accents."""
    plain = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9]+", "-", plain.lower())).strip("-")[:30]


def unique_id(base: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9_-]", "-", base.lower()).strip("-_")[:30] or "nieuw"
    if not base[0].isalpha():
        base = "x" + base
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _empty() -> dict[str, str]:
    return {lang: "" for lang in LANGUAGES}


def new_step(n: int) -> dict[str, Any]:
    """A new step: the short name says which step it is; the text is still to be written."""
    return {"label": _both("adapt.new.step_label", n=n), "text": _empty()}


def new_subpillar(data: dict[str, Any], steps: int = 5) -> dict[str, Any]:
    """A new sub-pillar: no name and no step texts yet (see :func:`todo`); never valid as it is."""
    return {
        "id": unique_id(NEW_IDS["subpillar"], all_ids(data)),
        "name": _empty(),
        "steps": [new_step(n + 1) for n in range(steps)],
    }


def new_pillar(data: dict[str, Any]) -> dict[str, Any]:
    used = {str(p.get("colour", "")).lower() for p in _list_at(data, ("pillars",)) if isinstance(p, dict)}
    colour = next_colour(used)
    pillar = {"id": unique_id(NEW_IDS["pillar"], all_ids(data)), "name": _empty(), "colour": colour}
    pillar["subpillars"] = [new_subpillar({"pillars": [*_list_at(data, ("pillars",)), pillar]})]
    return pillar


# -- list operations -----------------------------------------------------------------------------
def _insert(data: dict[str, Any], path: Path_, item: Any, at: int | None) -> tuple[dict[str, Any], int]:
    items = _list_at(data, path)
    at = len(items) if at is None else max(0, min(at, len(items)))
    items.insert(at, item)
    return set_at(data, path, items), at


def _remove(data: dict[str, Any], path: Path_, index: int) -> dict[str, Any]:
    items = _list_at(data, path)
    if not 0 <= index < len(items):
        raise IndexError(index)
    del items[index]
    return set_at(data, path, items)


def _move(data: dict[str, Any], path: Path_, index: int, delta: int) -> tuple[dict[str, Any], int]:
    items = _list_at(data, path)
    target = max(0, min(index + delta, len(items) - 1))
    if not 0 <= index < len(items) or target == index:
        return data, index
    items.insert(target, items.pop(index))
    return set_at(data, path, items), target


def add_pillar(data: dict[str, Any], at: int | None = None) -> tuple[dict[str, Any], int]:
    """A new pillar (with one sub-pillar of five steps); returns the new data and its index."""
    if len(_list_at(data, ("pillars",))) >= MAX_PILLARS:
        raise InvalidInput(Problem("pillars", "max_pillars", {"max": MAX_PILLARS}))
    return _insert(data, ("pillars",), new_pillar(data), at)


def remove_pillar(data: dict[str, Any], p: int) -> dict[str, Any]:
    if len(_list_at(data, ("pillars",))) <= 1:
        raise InvalidInput(Problem(f"pillars[{p}]", "last_pillar"))
    return _remove(data, ("pillars",), p)


def move_pillar(data: dict[str, Any], p: int, delta: int) -> tuple[dict[str, Any], int]:
    return _move(data, ("pillars",), p, delta)


def add_subpillar(data: dict[str, Any], p: int, at: int | None = None, steps: int | None = None) -> tuple[dict[str, Any], int]:
    path = (*pillar_path(p), "subpillars")
    siblings = _list_at(data, path)
    if len(siblings) >= MAX_SUBPILLARS:
        raise InvalidInput(Problem(f"pillars[{p}].subpillars", "max_subpillars", {"max": MAX_SUBPILLARS}))
    if steps is None:  # as many steps as the sub-pillar before it, to keep a pillar even
        near = siblings[-1] if siblings else None
        steps = len(near.get("steps") or []) if isinstance(near, dict) else 5
        steps = min(max(steps, MIN_STEPS), MAX_STEPS)
    return _insert(data, path, new_subpillar(data, steps), at)


def remove_subpillar(data: dict[str, Any], p: int, s: int) -> dict[str, Any]:
    path = (*pillar_path(p), "subpillars")
    if len(_list_at(data, path)) <= 1:
        raise InvalidInput(Problem(f"pillars[{p}].subpillars[{s}]", "last_subpillar"))
    return _remove(data, path, s)


def move_subpillar(data: dict[str, Any], p: int, s: int, delta: int) -> tuple[dict[str, Any], int]:
    return _move(data, (*pillar_path(p), "subpillars"), s, delta)


def move_subpillar_to_pillar(data: dict[str, Any], p: int, s: int, to_p: int) -> tuple[dict[str, Any], int]:
    """Move a sub-pillar to the end of another pillar."""
    if p == to_p:
        return data, s
    sub = get_at(data, subpillar_path(p, s))
    data = remove_subpillar(data, p, s)
    return _insert(data, (*pillar_path(to_p), "subpillars"), sub, None)


def add_step(data: dict[str, Any], p: int, s: int, at: int | None = None) -> tuple[dict[str, Any], int]:
    path = (*subpillar_path(p, s), "steps")
    steps = _list_at(data, path)
    if len(steps) >= MAX_STEPS:
        raise InvalidInput(Problem(f"pillars[{p}].subpillars[{s}].steps", "max_steps", {"max": MAX_STEPS}))
    at = len(steps) if at is None else at
    return _insert(data, path, new_step(at + 1), at)


def remove_step(data: dict[str, Any], p: int, s: int, n: int) -> dict[str, Any]:
    path = (*subpillar_path(p, s), "steps")
    if len(_list_at(data, path)) <= MIN_STEPS:
        raise InvalidInput(Problem(f"pillars[{p}].subpillars[{s}].steps", "min_steps", {"min": MIN_STEPS}))
    return _remove(data, path, n)


def move_step(data: dict[str, Any], p: int, s: int, n: int, delta: int) -> tuple[dict[str, Any], int]:
    return _move(data, (*subpillar_path(p, s), "steps"), n, delta)


# -- fields --------------------------------------------------------------------------------------
def set_text(data: dict[str, Any], path: Path_, lang: str, text: str) -> dict[str, Any]:
    """Set one language of a text (name, question, label, ...); the other language is kept."""
    current = get_at(data, path)
    texts = dict(current) if isinstance(current, dict) else {}
    texts[normalise_language(lang)] = text
    return set_at(data, path, texts)


def clear_text(data: dict[str, Any], path: Path_) -> dict[str, Any]:
    """Remove an optional text (question, description) in every language."""
    return set_at(data, path, None)


def rename_pillar(data: dict[str, Any], p: int, lang: str, name: str) -> dict[str, Any]:
    return set_text(data, (*pillar_path(p), "name"), lang, name)


def rename_subpillar(data: dict[str, Any], p: int, s: int, lang: str, name: str) -> dict[str, Any]:
    return set_text(data, (*subpillar_path(p, s), "name"), lang, name)


def rename_step(data: dict[str, Any], p: int, s: int, n: int, lang: str, label: str) -> dict[str, Any]:
    return set_text(data, (*step_path(p, s, n), "label"), lang, label)


def follow_name(data: dict[str, Any], path: Path_, fixed_ids: set[str]) -> dict[str, Any]:
    """The id of the pillar or sub-pillar at ``path`` derived from its Dutch name (a slug).

    Ids in ``fixed_ids`` (those of the definition as it was opened, and ids typed by hand)
    never change: assessments and crosswalks refer to them.
    """
    node = get_at(data, path)
    if not isinstance(node, dict):
        return data
    current = str(node.get("id") or "")
    if current in fixed_ids:
        return data
    name = node.get("name")
    base = slug(name.get("nl") or name.get("en") or "") if isinstance(name, dict) else ""
    level = "subpillar" if len(path) >= 4 else "pillar"
    wanted = unique_id(base or NEW_IDS[level], (all_ids(data) | fixed_ids) - {current})
    return data if wanted == current else set_at(data, (*path, "id"), wanted)


def set_field(data: dict[str, Any], path: Path_, value: Any) -> dict[str, Any]:
    """Set a plain field (id, colour, weight, icon, version); None or "" removes optional ones."""
    if isinstance(value, str) and not value.strip() and path[-1] in ("weight", "icon"):
        value = None
    return set_at(data, path, value)


def spread_weights(data: dict[str, Any], p: int | None = None) -> dict[str, Any]:
    """Equal weights adding up to exactly 100 (the pillars, or the sub-pillars of pillar ``p``)."""
    path = ("pillars",) if p is None else (*pillar_path(p), "subpillars")
    items = _list_at(data, path)
    if not items:
        return data
    base = round(100 / len(items), 2)
    weights = [base] * len(items)
    weights[-1] = round(100 - base * (len(items) - 1), 2)
    return set_at(data, path, [{**item, "weight": w} for item, w in zip(items, weights)])


def clear_weights(data: dict[str, Any], p: int | None = None) -> dict[str, Any]:
    """No weights at this level: every part counts the same."""
    path = ("pillars",) if p is None else (*pillar_path(p), "subpillars")
    items = _list_at(data, path)
    return set_at(data, path, [{k: v for k, v in item.items() if k != "weight"} for item in items])


# -- step rules (the ``suggest`` block of a sub-pillar) --------------------------------------------
def set_rule_metric(data: dict[str, Any], p: int, s: int, metric: str | None) -> dict[str, Any]:
    """Choose the figure a sub-pillar's suggestion comes from (None: no suggestion).

    Existing rules keep their steps; thresholds that do not fit the new figure (numbers for
    a kind, kinds for a number) are dropped. A new block starts with one rule for the top step.
    """
    path = (*subpillar_path(p, s), "suggest")
    if metric is None:
        return set_at(data, path, None)
    if metric not in METRICS:
        raise InvalidInput(Problem(f"pillars[{p}].subpillars[{s}].suggest.metric", "pyd_literal_error",
                                   {"expected": ", ".join(METRICS), "input": str(metric)[:60]}))
    current = get_at(data, path)
    steps = len(_list_at(data, (*subpillar_path(p, s), "steps"))) or 1
    rules = list(current.get("rules") or []) if isinstance(current, dict) else []
    keep = ("step", "one_of") if metric in CATEGORIES else ("step", "at_least", "below")
    rules = [{k: v for k, v in r.items() if k in keep} for r in rules if isinstance(r, dict)] or [{"step": steps}]
    block: dict[str, Any] = {"metric": metric, "rules": rules}
    if metric == "income_vs_norm" and isinstance(current, dict) and current.get("norm"):
        block["norm"] = current["norm"]
    return set_at(data, path, block)


def set_rule_field(data: dict[str, Any], p: int, s: int, r: int, field: str, value: Any) -> dict[str, Any]:
    """Set ``step``, ``at_least``, ``below`` or ``one_of`` of rule ``r`` (None or "" removes a threshold)."""
    if field not in ("step", "at_least", "below", "one_of"):
        raise ValueError(field)
    if value == "" or value == []:
        value = None
    return set_at(data, (*subpillar_path(p, s), "suggest", "rules", r, field), value)


def add_rule(data: dict[str, Any], p: int, s: int) -> tuple[dict[str, Any], int]:
    """A new rule just before the last one (the last often fits everything)."""
    path = (*subpillar_path(p, s), "suggest", "rules")
    rules = _list_at(data, path)
    if len(rules) >= 20:
        raise InvalidInput(Problem(f"pillars[{p}].subpillars[{s}].suggest.rules", "pyd_too_long", {"max_length": 20}))
    return _insert(data, path, {"step": 1}, max(0, len(rules) - 1))


def remove_rule(data: dict[str, Any], p: int, s: int, r: int) -> dict[str, Any]:
    path = (*subpillar_path(p, s), "suggest", "rules")
    if len(_list_at(data, path)) <= 1:
        return set_at(data, (*subpillar_path(p, s), "suggest"), None)
    return _remove(data, path, r)


# -- validation ----------------------------------------------------------------------------------
#: problems that only mean "still to fill in" (an empty or missing text), not a mistake
TODO_CODES = frozenset({"pyd_string_too_short", "pyd_missing", "text_missing_nl", "text_missing_en"})
#: the languages the workbook asks for; English may follow later ("nog te vertalen")
WORKBOOK_LANGUAGES = ("nl",)
UNTRANSLATED = "untranslated"
TEXT_FIELDS = ("name", "label", "text", "question", "description", "source")


def is_todo(problem: Problem) -> bool:
    """An empty text, or a new part without a weight where the others have one: shown as
    something still to fill in, not as an error."""
    _p, _s, _n, rest = problem_target(problem.location)
    if problem.code == "weights_partial":
        return True
    return problem.code in TODO_CODES and rest.split(".")[0] in TEXT_FIELDS


@dataclass(frozen=True)
class Validation:
    definition: BridgeDefinition | None
    problems: tuple[Problem, ...]
    #: texts not yet written in English (the English view shows the Dutch text there)
    untranslated: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """Valid and complete: only then can it be saved (an empty step text is never "in orde")."""
        return self.definition is not None

    @property
    def todo(self) -> tuple[Problem, ...]:
        """Texts still to fill in (empty names, step texts ...)."""
        return tuple(p for p in self.problems if is_todo(p))

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Real mistakes (weights that do not add up, a wrong id, a wrong threshold ...)."""
        return tuple(p for p in self.problems if not is_todo(p))

    def messages(self, data: dict[str, Any], lang: str | None = None) -> list[str]:
        """Each problem as ``where: what``, with the place named as the user sees it."""
        return [problem_message(data, p, lang) for p in self.problems]


def untranslated_problems(definition: BridgeDefinition, lang: str = "en") -> tuple[Problem, ...]:
    """Every text of ``definition`` not written in ``lang`` yet, as a calm "to translate" problem."""
    places = definition.untranslated(lang)
    if not places:
        return ()
    data = definition_to_data(definition)
    other = "nl" if lang == "en" else "en"
    return tuple(
        Problem(where, UNTRANSLATED, {"language": lang}) for where in places
        if get_at(data, (*parse_location(where)[:-1], other)) != PLACEHOLDER  # a text still to come, not to translate
    )


def with_languages(definition: BridgeDefinition) -> BridgeDefinition:
    """``definition`` saying which languages it carries: Dutch and English when every text has
    both, else Dutch only (the file then says ``languages: [nl]``)."""
    carried = ("nl", "en") if not definition.untranslated("en") else ("nl",)
    if definition.languages == carried:
        return definition
    return BridgeDefinition.model_validate({**definition_to_data(definition), "languages": list(carried)})


def _equal_shares(items: list[Any]) -> list[Any] | None:
    """The items with every empty weight made an equal share (100 / count) and the given weights
    scaled to fill the rest in their own proportions; None when nothing is to be done."""
    if not all(isinstance(item, dict) for item in items):
        return None
    given = [item.get("weight") for item in items]
    empty = [i for i, w in enumerate(given) if w is None]
    if not empty or len(empty) == len(items):
        return None
    try:
        total = sum(float(w) for w in given if w is not None)
    except (TypeError, ValueError):
        return None  # a weight that is no number: validation names it
    if total <= 0:
        return None
    share = 100 / len(items)
    rest = 100 - share * len(empty)
    weights = [share if w is None else float(w) * rest / total for w in given]
    rounded = [round(w, 2) for w in weights]
    rounded[-1] = round(100 - sum(rounded[:-1]), 2)
    return [{**item, "weight": w} for item, w in zip(items, rounded)]


def fill_empty_weights(data: dict[str, Any]) -> dict[str, Any]:
    """An empty weight beside given ones means "an equal share" (the placeholder's promise):
    the part gets 100 / count percent and the other weights keep their proportions in the rest."""
    pillars = _list_at(data, ("pillars",))
    filled = _equal_shares(pillars)
    if filled is not None:
        data = set_at(data, ("pillars",), filled)
    for p, pillar in enumerate(_list_at(data, ("pillars",))):
        subs = pillar.get("subpillars") if isinstance(pillar, dict) else None
        filled = _equal_shares(subs) if isinstance(subs, list) else None
        if filled is not None:
            data = set_at(data, (*pillar_path(p), "subpillars"), filled)
    return data


def validate(data: dict[str, Any], languages: Sequence[str] | None = WORKBOOK_LANGUAGES) -> Validation:
    """Validate definition data as the workbook does: Dutch texts are needed, English may follow
    (listed in ``untranslated``); the definition says which languages it carries; an empty
    weight beside given ones is an equal share (:func:`fill_empty_weights`).

    ``languages=None``: as the file itself says (``languages``, else Dutch and English).
    """
    work = data if languages is None or not isinstance(data, dict) else {
        **fill_empty_weights(data), "languages": list(languages)}
    try:
        definition = BridgeDefinition.model_validate(work)
    except ValidationError as exc:
        return Validation(None, tuple(problems_from_validation(exc)))
    if languages is None:
        return Validation(definition, ())
    return Validation(with_languages(definition), (), untranslated_problems(definition))


PLACEHOLDER = "…"


def with_placeholders(data: dict[str, Any], todo: Sequence[Problem]) -> dict[str, Any]:
    """``data`` with every empty text of ``todo`` shown as "…", for a preview while typing."""
    for problem in todo:
        parts = parse_location(problem.location)
        if problem.code == "weights_partial":
            p, _s, _n, _rest = problem_target(problem.location)
            data = clear_weights(data, p)
        elif parts and parts[-1] in LANGUAGES:
            data = set_at(data, parts, PLACEHOLDER)
        elif parts:
            data = set_at(data, parts, {lang: PLACEHOLDER for lang in LANGUAGES})
    return data


def preview_definition(data: dict[str, Any], result: Validation | None = None) -> BridgeDefinition | None:
    """The definition to draw: itself when valid, else with "…" for texts still to fill in
    (None when there are real errors)."""
    result = result or validate(data)
    if result.ok:
        return result.definition
    for _round in range(3):  # list rules (weights) are only checked once the parts are complete
        if result.errors or not result.todo:
            return None
        data = with_placeholders(data, result.todo)
        result = validate(data)
        if result.ok:
            return result.definition
    return None


def todo_lines(data: dict[str, Any], todo: Sequence[Problem], lang: str | None = None) -> list[str]:
    """What is still to fill in, one line per part: ``onderdeel 'Kinderopvang': de naam in het
    Engels; de tekst van trede 2 en 3 (Nederlands en Engels)``."""
    lang = normalise_language(lang)
    parts: dict[tuple, dict[tuple[str, tuple[str, ...]], list[int | None]]] = {}
    for problem in todo:
        p, s, n, rest = problem_target(problem.location)
        fields = rest.split(".")
        field = fields[0]
        langs = tuple(x for x in fields[1:2] if x in LANGUAGES) or tuple(LANGUAGES)
        if problem.code == "weights_partial":
            field, langs = "weights_" + field, ("-",)
        items = parts.setdefault((p, s), {})
        items.setdefault((field, langs), [])
        items[(field, langs)].append(n)
    lines = []
    for (p, s), items in parts.items():
        where_parts = []
        if p is not None:
            name = _name(get_at(data, pillar_path(p)), lang)
            where_parts.append(t("adapt.loc.pillar", lang, name=name) if name else t("adapt.todo.new_pillar", lang, n=p + 1))
        if s is not None and p is not None:
            name = _name(get_at(data, subpillar_path(p, s)), lang)
            where_parts.append(t("adapt.loc.subpillar", lang, name=name) if name else t("adapt.todo.new_subpillar", lang))
        where = " › ".join(where_parts) or t("adapt.diff.where_definition", lang)
        # per field: the languages, and the steps (for step fields)
        merged: dict[str, dict[tuple[str, ...], list[int]]] = {}
        for (field, langs), ns in items.items():
            merged.setdefault(field, {}).setdefault(langs, [])
            merged[field][langs] += [x for x in ns if x is not None]
        texts = []
        for field, by_langs in merged.items():
            groups: dict[tuple[int, ...], list[str]] = {}
            for langs, ns in by_langs.items():
                groups.setdefault(tuple(sorted(set(ns))), []).extend(langs)
            for ns, langs in groups.items():
                if field.startswith("weights_"):
                    texts.append(t(f"adapt.todo.field.{field}", lang))
                    continue
                which = set(langs)
                key = "adapt.todo.langs_nl_en" if len(which) > 1 else (
                    "adapt.todo.langs_nl" if "nl" in which else "adapt.todo.langs_en")
                in_langs = t(key, lang)
                label = t(f"adapt.todo.field.{field}", lang)
                if ns:
                    steps = _join_numbers([n + 1 for n in ns], lang)
                    texts.append(t("adapt.todo.step_item", lang, field=label, steps=steps, langs=in_langs))
                else:
                    texts.append(t("adapt.todo.item", lang, field=label, langs=in_langs))
        lines.append(f"{where}: " + "; ".join(texts))
    return lines


def _join_numbers(numbers: list[int], lang: str) -> str:
    if len(numbers) == 1:
        return str(numbers[0])
    return ", ".join(str(n) for n in numbers[:-1]) + t("adapt.todo.and", lang) + str(numbers[-1])


_PART = re.compile(r"([A-Za-z_]+)|\[(\d+)\]")


def parse_location(location: str) -> list[str | int]:
    """``pillars[2].subpillars[0].name.nl`` -> ``['pillars', 2, 'subpillars', 0, 'name', 'nl']``."""
    return [name if name else int(index) for name, index in _PART.findall(location)]


def problem_target(location: str) -> tuple[int | None, int | None, int | None, str]:
    """Which pillar, sub-pillar and step (0-based) a problem is about, and the rest of the path."""
    parts = parse_location(location)
    p = s = n = None
    rest: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if part == "pillars" and isinstance(nxt, int) and p is None:
            p, i = nxt, i + 2
        elif part == "subpillars" and isinstance(nxt, int) and s is None:
            s, i = nxt, i + 2
        elif part == "steps" and isinstance(nxt, int) and n is None:
            n, i = nxt, i + 2
        else:
            rest.append(str(part))
            i += 1
    return p, s, n, ".".join(rest)


def _name(node: Any, lang: str) -> str:
    name = node.get("name") if isinstance(node, dict) else None
    if isinstance(name, dict):
        text = name.get(lang) or next((v for v in name.values() if isinstance(v, str) and v.strip()), "")
        return str(text).strip()
    return ""


def describe_location(data: dict[str, Any], location: str, lang: str | None = None) -> str:
    """``pillars[2].subpillars[0].steps[1].label.nl`` -> ``pijler 'Financiën' › onderdeel 'Schulden' › trede 2 › korte naam (nl)``."""
    lang = normalise_language(lang)
    p, s, n, rest = problem_target(location)
    parts = []
    if p is not None:
        name = _name(get_at(data, pillar_path(p)), lang)
        parts.append(t("adapt.loc.pillar", lang, name=name or f"#{p + 1}"))
    if s is not None and p is not None:
        name = _name(get_at(data, subpillar_path(p, s)), lang)
        parts.append(t("adapt.loc.subpillar", lang, name=name or f"#{s + 1}"))
    if n is not None:
        parts.append(t("adapt.loc.step", lang, n=n + 1))
    if rest:
        fields = rest.split(".")
        head = fields[0]
        label = t(f"adapt.field.{head}", lang)
        if label == f"adapt.field.{head}":
            label = head
        tail = [f for f in fields[1:] if f]
        if len(tail) == 1 and tail[0] in LANGUAGES:
            label += f" ({tail[0]})"
        elif tail:
            label += " " + ".".join(tail)
        parts.append(label)
    return " › ".join(parts) if parts else t("adapt.loc.file", lang)


def problem_message(data: dict[str, Any], problem: Problem, lang: str | None = None) -> str:
    text = t(f"val.{problem.code}", lang, **problem.values)
    return f"{describe_location(data, problem.location, lang)}: {text}"


# -- a copy to edit, and saving ------------------------------------------------------------------
def editable_copy(definition: BridgeDefinition, taken_keys: set[str] | None = None, suffix: str = "eigen") -> dict[str, Any]:
    """Plain data of ``definition`` under a new id (so a shipped bridge is never replaced)."""
    data = definition_to_data(definition)
    taken = {key.split("@")[0] for key in (taken_keys or set())} | {definition.id}
    data["id"] = unique_id(f"{definition.id}-{suffix}"[:40], taken)
    return data


class NeedsConfirmation(Exception):
    """Saving would replace an existing file of the team's own: ask first."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(str(path))


def check_file_name(name: str) -> str:
    """A safe file name (no folders, no dots): ``mijn-brug`` -> ``mijn-brug.yaml``."""
    stem = (name or "").strip()
    if stem.lower().endswith(".yaml"):
        stem = stem[:-5]
    if not FILE_NAME.fullmatch(stem):
        raise InvalidInput(Problem("file", "bad_file_name"))
    return stem + ".yaml"


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def definition_yaml(definition: BridgeDefinition) -> str:
    return yaml.safe_dump(definition_to_data(definition), allow_unicode=True, sort_keys=False, width=100)


def save_definition(
    definition: BridgeDefinition, folder: str | Path, file_name: str, overwrite: bool = False,
) -> Path:
    """Write ``definition`` as YAML into ``folder`` (the team's own definitions folder), atomically.

    Refuses names that would leave the folder and any folder inside the shipped ``data/``;
    raises :class:`NeedsConfirmation` when the file exists and ``overwrite`` is False.
    """
    folder = Path(folder).resolve()
    name = check_file_name(file_name)
    if _inside(folder, shipped_data_dir().resolve()):
        raise InvalidInput(Problem("file", "bad_file_name"))
    target = (folder / name).resolve()
    if target.parent != folder:
        raise InvalidInput(Problem("file", "bad_file_name"))
    if target.exists() and not overwrite:
        raise NeedsConfirmation(target)
    folder.mkdir(parents=True, exist_ok=True)
    text = definition_yaml(definition)
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return target
