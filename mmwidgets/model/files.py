"""Reading the YAML data files a team edits (definitions, vignettes, schemes, norms).

One careful reader for all of them: size and nesting limits, and problems reported
as :class:`Problem` objects that name the place, so that every loader gives the same
clear, translated message and never a traceback.
"""

from __future__ import annotations

import os
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


def shipped_data_dir() -> Path:
    """The ``data/`` folder shipped with the project (override: MM_SHIPPED_DATA)."""
    override = os.environ.get("MM_SHIPPED_DATA")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "data"


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


# libyaml's safe loader when PyYAML was built with it (about 10x faster; same results)
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _shape_problem(data: Any) -> Problem | None:
    """Refuse data nested too deeply or with too many parts (e.g. an alias bomb: ``&a [*a, *a]``)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    nodes = 0
    while stack:
        value, level = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            return Problem("", "too_many_parts", {"limit": MAX_NODES})
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
        try:
            data = yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader
        except yaml.YAMLError:
            # a broken file: parse again in pure Python, whose error marks name the exact line
            data = yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else "?"
        raise DataFileError(source, [Problem("", "not_yaml", {"line": line})]) from None
    except RecursionError:
        raise DataFileError(source, [Problem("", "too_deep", {"limit": MAX_DEPTH})]) from None
    except yaml.YAMLError:
        raise DataFileError(source, [Problem("", "not_yaml", {"line": "?"})]) from None
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
            problems.append(Problem(location(loc), f"pyd_{kind}", ctx))
        else:
            problems.append(Problem(location(loc), "pyd_other", {"detail": err.get("msg", kind)}))
    return problems
