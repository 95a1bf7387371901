"""Reading the YAML data files a team edits (definitions, vignettes, schemes, norms).

One careful reader for all of them (definitions, crosswalks, norms, rewards, vignettes,
exercises), and problems reported as :class:`Problem` objects that name the place, so that
every loader gives the same clear, translated message and never a traceback:

- only regular files are opened: a named pipe (FIFO), a folder or a device called ``*.yaml``
  is refused after a ``stat``, without opening it (a pipe would block for ever);
- at most 1 MB, 32 levels deep and a million parts after aliases (alias bombs);
- a key written twice in one mapping is refused with both lines (YAML would let the last win);
- dates stay text (YAML's own timestamps crash on ``2025-02-30``): a schema parses them with
  :data:`mmwidgets.model.bounds.DataDate`, within 1900-2100;
- every whole number lies within PostgreSQL's INTEGER range, every number is finite.
"""

from __future__ import annotations

import math
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from mmwidgets.i18n import t

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 32
# Parts (values) after YAML aliases are expanded; a file without aliases never comes near this.
MAX_NODES = 1_000_000
#: the largest whole number a data file may hold anywhere (PostgreSQL INTEGER)
MAX_INT = 2**31 - 1


def shipped_data_dir() -> Path:
    """The ``data/`` folder shipped with the project (override: MM_SHIPPED_DATA)."""
    override = os.environ.get("MM_SHIPPED_DATA")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[3] / "data"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file: where, what (a catalogue key), and details."""

    location: str
    code: str
    values: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        text = t(f"val.{self.code}", lang, **self.values)
        if self.location:
            return f"{self.location}: {text}"
        return text


class DataFileError(ValueError):
    """A data file was refused; ``problems`` say where and why."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__(self.messages("en")[0] if problems else source)

    def messages(self, lang: str | None = None) -> list[str]:
        return [f"{self.source}: {p.message(lang)}" for p in self.problems]


_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"


class _DuplicateKey(Exception):
    def __init__(self, key: Any, node: Any, line: int, first: int):
        super().__init__(key)
        self.key, self.node, self.line, self.first = key, node, line, first


def _no_timestamps(resolvers: dict) -> dict:
    return {first: [(tag, rx) for tag, rx in items if tag != _TIMESTAMP] for first, items in resolvers.items()}


class _Checks:
    """Mixed into PyYAML's safe loaders: duplicate keys refused, timestamps kept as text."""

    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == _MERGE:
                    continue  # "<<: *base" then a key of its own is an override, not a duplicate
                key = self.construct_object(key_node, deep=True)  # type: ignore[attr-defined]
                try:
                    first = seen.get(key)
                except TypeError:  # an unhashable key: PyYAML's own error follows
                    continue
                line = key_node.start_mark.line + 1 if key_node.start_mark else 0
                if first is not None:
                    raise _DuplicateKey(key, node, line, first)
                seen[key] = line
        return super().construct_mapping(node, deep=deep)  # type: ignore[misc]

    def construct_timestamp_as_text(self, node):  # type: ignore[no-untyped-def]
        return self.construct_scalar(node)  # type: ignore[attr-defined]


class _PyLoader(_Checks, yaml.SafeLoader):
    yaml_implicit_resolvers = _no_timestamps(yaml.SafeLoader.yaml_implicit_resolvers)


_PyLoader.add_constructor(_TIMESTAMP, _Checks.construct_timestamp_as_text)

if hasattr(yaml, "CSafeLoader"):  # libyaml's parser when PyYAML was built with it (about 10x faster)

    class _CLoader(_Checks, yaml.CSafeLoader):  # type: ignore[name-defined, misc]
        yaml_implicit_resolvers = _no_timestamps(yaml.CSafeLoader.yaml_implicit_resolvers)

    _CLoader.add_constructor(_TIMESTAMP, _Checks.construct_timestamp_as_text)
    _SAFE_LOADER: type = _CLoader
else:  # pragma: no cover - PyYAML without libyaml
    _SAFE_LOADER = _PyLoader


def _place_of(text: str, mapping: Any) -> str:
    """Where the mapping ``mapping`` (a node of the failed load) sits, e.g. ``pillars[0]`` ("" at the top)."""
    start = mapping.start_mark
    try:
        root = yaml.compose(text, Loader=_PyLoader)  # noqa: S506 - nodes only, nothing constructed
    except yaml.YAMLError:
        return ""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(root, ())]
    seen: set[int] = set()
    while stack:
        node, loc = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            if (node.start_mark.line, node.start_mark.column) == (start.line, start.column):
                return location(loc)
            stack.extend((value, loc + (str(key.value),)) for key, value in node.value if isinstance(key, yaml.ScalarNode))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((value, loc + (index,)) for index, value in enumerate(node.value))
    return ""


def _load(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        # a broken file: parse again in pure Python, whose error marks name the exact line
        return yaml.load(text, Loader=_PyLoader)  # noqa: S506


def _shape_problem(data: Any) -> Problem | None:
    """Refuse data nested too deeply or with too many parts (e.g. an alias bomb: ``&a [*a, *a]``)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    nodes = 0
    while stack:
        value, level = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            return Problem("", "too_many_parts", {"limit": MAX_NODES})
        if isinstance(value, (int, float)) and not isinstance(value, bool) and _bad_number(value):
            return _number_problem(data, value)
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if level > MAX_DEPTH:
            return Problem("", "too_deep", {"limit": MAX_DEPTH})
        stack.extend((child, level + 1) for child in children)
    return None


def parse_yaml_text(text: str, source: str) -> dict[str, Any]:
    """Parse YAML text into a mapping, or raise :class:`DataFileError`."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise DataFileError(source, [Problem("", "file_too_big", {"limit": MAX_FILE_BYTES // 1000})])
    try:
        data = _load(text)
    except _DuplicateKey as exc:
        code = "duplicate_key_one_line" if exc.line == exc.first else "duplicate_key"
        values = {"key": str(exc.key)[:60], "line": exc.line, "first": exc.first}
        raise DataFileError(source, [Problem(_place_of(text, exc.node), code, values)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else "?"
        raise DataFileError(source, [Problem("", "not_yaml", {"line": line})]) from None
    except RecursionError:
        raise DataFileError(source, [Problem("", "too_deep", {"limit": MAX_DEPTH})]) from None
    except yaml.YAMLError:
        raise DataFileError(source, [Problem("", "not_yaml", {"line": "?"})]) from None
    except (ValueError, TypeError, OverflowError):  # e.g. "!!int abc", or a number of 5000 digits
        raise DataFileError(source, [Problem("", "bad_yaml_value")]) from None
    if data is None:
        raise DataFileError(source, [Problem("", "empty_file")])
    if not isinstance(data, dict):
        raise DataFileError(source, [Problem("", "not_mapping")])
    problem = _shape_problem(data)
    if problem:
        raise DataFileError(source, [problem])
    return data


def read_yaml_file(path: str | Path) -> dict[str, Any]:
    """Read a YAML data file into a mapping, or raise :class:`DataFileError`."""
    path = Path(path)
    source = path.name
    problem = regular_file_problem(path)
    if problem is not None:
        raise DataFileError(source, [problem])
    try:
        with path.open("rb") as handle:  # read at most the limit (+1): also safe for /dev/zero
            raw = handle.read(MAX_FILE_BYTES + 1)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise DataFileError(source, [Problem("", "file_missing")]) from None
    except OSError:
        raise DataFileError(source, [Problem("", "file_unreadable")]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise DataFileError(source, [Problem("", "file_too_big", {"limit": MAX_FILE_BYTES // 1000})])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DataFileError(source, [Problem("", "not_utf8")]) from None
    return parse_yaml_text(text, source)


def regular_file_problem(path: str | Path) -> Problem | None:
    """Why ``path`` cannot be read as a data file, looked up without opening it (None: a regular file).

    A named pipe would block a reader for ever and a device may never end, so anything but a
    regular file (after following links) is refused before it is opened.
    """
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return Problem("", "file_missing")
    except (OSError, ValueError):  # no permission on a folder; a NUL byte in the name
        return Problem("", "file_unreadable")
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return Problem("", "file_missing")
    return Problem("", "not_regular_file")


def _bad_number(value: int | float) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value) or abs(value) > MAX_INT
    return abs(value) > MAX_INT


def _number_problem(data: Any, bad: Any) -> Problem:
    """The place of the first number out of bounds (a second, rare walk that keeps the path)."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while stack:
        value, loc = stack.pop()
        if value is bad:
            break
        if isinstance(value, dict):
            stack.extend((child, loc + (key,)) for key, child in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((child, loc + (index,)) for index, child in reversed(list(enumerate(value))))
    else:
        loc = ()
    if isinstance(bad, float) and not math.isfinite(bad):
        return Problem(location(loc), "number_not_finite", {"input": str(bad)})
    return Problem(location(loc), "number_too_big", {"input": str(bad)[:30], "limit": MAX_INT})


def location(loc: tuple[Any, ...]) -> str:
    """``('pillars', 2, 'subpillars', 0, 'steps')`` -> ``pillars[2].subpillars[0].steps``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


# pydantic error types we translate; anything else falls back to a generic message.
_KNOWN_TYPES = {
    "missing", "extra_forbidden", "string_too_short", "string_too_long", "too_short", "too_long",
    "string_type", "int_type", "int_parsing", "float_type", "float_parsing", "greater_than",
    "greater_than_equal", "less_than_equal", "string_pattern_mismatch", "dict_type", "list_type",
    "model_type", "model_attributes_type", "literal_error", "enum", "date_from_datetime_parsing",
    "date_parsing", "date_type", "bool_type", "bool_parsing", "int_from_float",
}


#: a clearer message for the forms data files use (by pydantic's pattern); others get the general one
_PATTERN_CODES = {
    r"^[a-z][a-z0-9_-]{0,39}$": "pyd_pattern_id",
    r"^#[0-9A-Fa-f]{6}$": "pyd_pattern_colour",
    r"^[a-z][a-z0-9_-]{0,39}@[1-9][0-9]{0,5}$": "pyd_pattern_key",
    r"^[A-Z]{3}$": "pyd_pattern_currency",
}


def problems_from_validation(exc: ValidationError) -> list[Problem]:
    """Turn pydantic's errors into translatable :class:`Problem` objects."""
    problems = []
    for err in exc.errors(include_url=False):
        kind = err["type"]
        ctx = {k: v for k, v in (err.get("ctx") or {}).items() if isinstance(v, (str, int, float))}
        loc = err.get("loc", ())
        if kind.startswith("mm_"):
            problems.append(Problem(location(loc), kind[3:], ctx))
        elif kind in _KNOWN_TYPES:
            ctx.setdefault("input", str(err.get("input"))[:60])
            code = _PATTERN_CODES.get(str(ctx.get("pattern")), f"pyd_{kind}")
            problems.append(Problem(location(loc), code, ctx))
        else:
            problems.append(Problem(location(loc), "pyd_other", {"detail": err.get("msg", kind)}))
    return problems
