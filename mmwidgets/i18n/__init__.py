"""Every text a user sees, in Dutch (default) and English.

Catalogues are YAML files in ``catalogue/``; each maps a key to ``{nl: ..., en: ...}``.
A file per area (``core.yaml``, ``plan.yaml``, ...) keeps the areas apart; keys must be
unique across files. Placeholders use ``str.format`` syntax: ``{name}``.
"""

from __future__ import annotations

import os
import string
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qs

import yaml

LANGUAGES: tuple[str, ...] = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
CATALOGUE_DIR = Path(__file__).parent / "catalogue"


class CatalogueError(ValueError):
    """A catalogue file is malformed (a developer error, caught by the tests)."""


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """All keys of all catalogue files, merged."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(CATALOGUE_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, texts in data.items():
            if key in merged:
                raise CatalogueError(f"{path.name}: key {key!r} is defined twice")
            if not isinstance(texts, dict):
                raise CatalogueError(f"{path.name}: key {key!r} must map languages to texts")
            merged[key] = {lang: str(text) for lang, text in texts.items()}
    return merged


def normalise_language(lang: str | None) -> str:
    """Map 'en', 'en-GB', 'EN_us', None ... onto a supported language code."""
    if not lang:
        return DEFAULT_LANGUAGE
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str | None = None, /, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``values`` filled in.

    A missing key shows the key itself (visible in tests, never a crash on screen).
    """
    lang = normalise_language(lang)
    texts = catalogue().get(key)
    if texts is None:
        return key
    text = texts.get(lang) or texts.get(DEFAULT_LANGUAGE) or key
    if values:
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a catalogue text expects."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def language_from_environment(environ: dict[str, str] | None = None) -> str:
    """The visitor's language: ``?lang=en`` (Voila's QUERY_STRING), then MM_LANG, then Dutch."""
    environ = os.environ if environ is None else environ
    query = parse_qs(environ.get("QUERY_STRING", ""))
    if query.get("lang"):
        return normalise_language(query["lang"][0])
    return normalise_language(environ.get("MM_LANG"))
