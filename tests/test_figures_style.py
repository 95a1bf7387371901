"""Shared figure style and the fig. catalogue."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

import mmwidgets.figures as figures_pkg
from mmwidgets.figures.style import esc, number, rgba, separators, tint, wrap
from mmwidgets.i18n import CATALOGUE_DIR, LANGUAGES, placeholders, t

CATALOGUE = CATALOGUE_DIR / "figures.yaml"


def test_catalogue_has_every_language_and_matching_placeholders():
    data = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    assert data
    for key, texts in data.items():
        assert key.startswith("fig."), key
        assert set(texts) == set(LANGUAGES), key
        assert all(str(texts[lang]).strip() for lang in LANGUAGES), key
        assert placeholders(texts["nl"]) == placeholders(texts["en"]), key


def test_every_key_used_in_the_figures_exists():
    data = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    used = set()
    here = Path(figures_pkg.__file__).parent
    for path in (here / name for name in ("bridge.py", "radar.py", "progress.py", "style.py")):
        used |= set(re.findall(r"""t\(\s*["'](fig\.[a-z_]+)["']""", path.read_text(encoding="utf-8")))
    assert used, "the figures use catalogue texts"
    assert used <= set(data), used - set(data)
    for key in used:
        assert t(key, "nl") != key and t(key, "en") != key


def test_escape_and_wrap():
    assert esc("<b>&'\"") == "&lt;b&gt;&amp;&#x27;&#34;"  # plotly shows &quot; as typed
    assert wrap("<img src=x onerror=alert(1)>", 10) == "&lt;img src=x<br>onerror=al<br>ert(1)&gt;"
    assert wrap("een twee drie vier vijf zes", 9, max_lines=2) == "een twee<br>drie vier …"
    assert wrap("Basisvaardigheden thuis", 8, break_words=False) == "Basisvaardigheden<br>thuis"
    assert wrap("regel een\nregel twee", 40) == "regel een<br>regel twee"


def test_numbers_colours_and_separators():
    assert separators("nl") == ",." and separators("en-GB") == ".,"
    assert number(None, "nl") == "–"
    assert number(49.6, "nl") == "50"
    assert number(12.34, "nl", 1) == "12,3" and number(12.34, "en", 1) == "12.3"
    assert number(1234.4, "nl") == "1.234"
    assert number(1234.4, "en") == "1,234"
    assert tint("#000000", 0.5) == "#808080" and tint("#4c8c6b", 0) == "#4c8c6b"
    assert tint("#123456", 1) == "#ffffff"
    assert rgba("#ff0000", 0.25) == "rgba(255,0,0,0.25)"


def test_label_lines_wraps_hyphenates_and_escapes():
    from mmwidgets.figures.style import label_lines

    assert label_lines("Gezin en zorg voor anderen", 9) == "Gezin en<br>zorg voor<br>anderen"
    long = label_lines("Basisvaardigheden", 9)
    assert long.split("<br>")[0].endswith("-") and long.replace("-<br>", "") == "Basisvaardigheden"
    assert label_lines("<b>x</b>", 20) == "&lt;b&gt;x&lt;/b&gt;"
    cut = label_lines("een twee drie vier vijf zes", 4, max_lines=2)
    assert cut.count("<br>") == 1 and cut.endswith("…")


def test_short_day_is_dutch_dd_mm_yyyy_or_english():
    from mmwidgets.figures.style import short_day

    assert short_day(dt.date(2026, 11, 3), "nl") == "3-11-2026"
    assert short_day(dt.date(2026, 11, 3), "en") == "3 Nov 2026"
