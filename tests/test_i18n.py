"""The catalogues: every key in Dutch and English, the same placeholders, and no key missing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from mmwidgets import i18n
from mmwidgets.i18n import (
    CATALOGUE_DIR,
    LANGUAGES,
    catalogue,
    language_from_environment,
    normalise_language,
    placeholders,
    t,
)
from mmwidgets.model.bridge import files

PACKAGE = Path(i18n.__file__).resolve().parents[1]
CATALOGUE_FILES = sorted(CATALOGUE_DIR.glob("*.yaml"))


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice in one mapping (PyYAML keeps the last)."""


def _unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False):
    keys = [loader.construct_object(key, deep=deep) for key, _ in node.value]
    doubles = {k for k in keys if keys.count(k) > 1}
    if doubles:
        raise AssertionError(f"line {node.start_mark.line + 1}: keys given twice: {sorted(doubles)}")
    return loader.construct_mapping(node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def load_catalogue_file(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader) or {}


def test_there_are_catalogue_files():
    names = {p.name for p in CATALOGUE_FILES}
    assert {"core.yaml", "validation.yaml", "validation_extra.yaml", "cli.yaml"} <= names


@pytest.mark.parametrize("path", CATALOGUE_FILES, ids=lambda p: p.name)
def test_every_key_has_dutch_and_english_with_the_same_placeholders(path):
    data = load_catalogue_file(path)
    assert isinstance(data, dict) and data, f"{path.name} holds no keys"
    for key, texts in data.items():
        assert isinstance(key, str) and re.fullmatch(r"[a-z][a-z0-9_]*\.[A-Za-z0-9_.]+", key), (
            f"{path.name}: {key!r} needs an area prefix such as 'cli.'"
        )
        assert isinstance(texts, dict), f"{path.name}: {key} must map languages to texts"
        assert set(texts) == set(LANGUAGES), f"{path.name}: {key} has {sorted(texts)}, needs {LANGUAGES}"
        for lang in LANGUAGES:
            assert isinstance(texts[lang], str) and texts[lang].strip(), f"{path.name}: {key}.{lang} is empty"
        assert placeholders(texts["nl"]) == placeholders(texts["en"]), (
            f"{path.name}: {key} placeholders differ: nl {placeholders(texts['nl'])}, en {placeholders(texts['en'])}"
        )
        for lang in LANGUAGES:  # every text can be filled in without an error
            texts[lang].format(**{name: "x" for name in placeholders(texts[lang])})


@pytest.mark.parametrize(
    "path, prefix",
    [("cli.yaml", "cli."), ("validation.yaml", "val."), ("validation_extra.yaml", "val.")],
)
def test_our_files_use_their_prefix(path, prefix):
    data = load_catalogue_file(CATALOGUE_DIR / path)
    assert all(key.startswith(prefix) for key in data)


def test_keys_are_unique_across_files():
    seen: dict[str, str] = {}
    for path in CATALOGUE_FILES:
        for key in load_catalogue_file(path):
            assert key not in seen, f"{key} is in both {seen[key]} and {path.name}"
            seen[key] = path.name
    catalogue.cache_clear()
    assert set(catalogue()) == set(seen)


def _python_sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_literal_key_the_code_uses_is_in_the_catalogue():
    known = catalogue()
    missing = []
    for path in _python_sources():
        text = path.read_text(encoding="utf-8")
        for key in re.findall(r"\bt\(\s*\"([a-z][a-z0-9_]*\.[A-Za-z0-9_.]+)\"", text):
            if key not in known:
                missing.append(f"{path.relative_to(PACKAGE)}: {key}")
    assert not missing, missing


def test_every_problem_code_has_a_message():
    known = catalogue()
    codes: dict[str, str] = {}
    for path in _python_sources():
        text = path.read_text(encoding="utf-8")
        where = str(path.relative_to(PACKAGE))
        for code in re.findall(r"PydanticCustomError\(\s*\"mm_([a-z0-9_]+)\"", text):
            codes[code] = where
        for code in re.findall(r"Problem\(\s*(?:f?\"[^\"]*\"|[A-Za-z_][\w.]*)\s*,\s*\"([a-z][a-z0-9_]*)\"", text):
            codes[code] = where
    for kind in files._KNOWN_TYPES | {"other"}:
        codes[f"pyd_{kind}"] = "files._KNOWN_TYPES"
    assert {"step_count", "weights_sum", "empty_file", "too_many_parts", "duplicate_definition"} <= set(codes)
    missing = [f"{where}: val.{code}" for code, where in codes.items() if f"val.{code}" not in known]
    assert not missing, missing


# -- t() and the language ----------------------------------------------------------------
def test_t_fills_in_values_and_falls_back():
    assert t("val.step_count", "nl", min=2, max=10, count=1) == "hier moeten 2 tot 10 treden staan, er zijn er 1"
    assert t("val.step_count", "en-GB", min=2, max=10, count=1) == "this needs 2 to 10 steps, it has 1"
    assert t("val.step_count", "fr", min=2, max=10, count=1).startswith("hier moeten")  # Dutch by default
    assert t("geen.bestaande.sleutel", "en") == "geen.bestaande.sleutel"
    assert t("val.step_count", "en", min=2) == "this needs {min} to {max} steps, it has {count}"  # never a crash


@pytest.mark.parametrize(
    "given, expected",
    [(None, "nl"), ("", "nl"), ("en", "en"), ("EN_us", "en"), ("en-GB", "en"), ("nl-BE", "nl"), ("de", "nl")],
)
def test_normalise_language(given, expected):
    assert normalise_language(given) == expected


def test_language_from_environment():
    assert language_from_environment({}) == "nl"
    assert language_from_environment({"MM_LANG": "en"}) == "en"
    assert language_from_environment({"MM_LANG": "en", "QUERY_STRING": "lang=nl"}) == "nl"
    assert language_from_environment({"QUERY_STRING": "x=1&lang=en-US"}) == "en"
