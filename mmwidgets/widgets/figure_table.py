""""Als tabel" (issue 19): a figure's numbers as an HTML table, made from the figure's own data.

Every PlotlyView shows it under its figure (closed until opened), so every figure has a text
alternative a person can open, in the figure's order. Pure functions of the figure dict:

- a figure may give its table itself in ``layout.meta.mm_table``:
  ``{"columns": [...], "rows": [[...], ...]}`` (cells are plain text; numbers are formatted
  for the language), and its description in ``layout.meta.mm_description`` (the bridge does
  both: one row per sub-pillar, and what it shows for this client: figures/bridge_table.py), or
  its description in a trace's ``meta.mm_description`` (the radar, the progress lines and the
  plan's timeline: figures/descriptions.py, so a click does not resend the layout);
- otherwise each trace that shows something on hover (``hoverinfo`` not ``"skip"``) gives one
  row per point: the series, what the point says on hover (``hovertext`` or ``text``, tags
  removed) and its value (``y``, or ``r`` for a radar, ``x`` for a horizontal bar) when the
  point has no text of its own. Empty points (value None) are left out.

Everything typed by a user is escaped again here (plotly labels hold escaped HTML).
"""

from __future__ import annotations

import html
import re
from typing import Any

from mmwidgets.i18n import normalise_language, t

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
#: a line break next to markup separates parts ("<b>Wonen</b><br>Trede 1"); one inside a text
#: only wraps it ("een<br>ontruiming")
_PART = re.compile(r"(?<=>)\s*<br\s*/?>|<br\s*/?>\s*(?=<(?!br\b)[a-z])", re.IGNORECASE)
SEP = " · "


def plain(text: Any) -> str:
    """Plotly label HTML as plain text: parts joined by " · ", wrapped lines by a space, tags
    gone, entities decoded."""
    if text is None:
        return ""
    parted = _BREAK.sub(" ", _PART.sub("\ue000", str(text)))
    words = " ".join(html.unescape(_TAG.sub("", parted)).split())
    return SEP.join(p.strip() for p in words.split("\ue000") if p.strip()).strip(" ·")


def figure_lang(figure: dict[str, Any]) -> str:
    """The figure's language from its number separators (figures.style.base_layout sets them)."""
    return "en" if (figure.get("layout") or {}).get("separators") == ".," else "nl"


def number_text(value: Any, lang: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        text = f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
        return text.replace(".", ",") if normalise_language(lang) == "nl" else text
    return plain(value)


def _at(values: Any, i: int) -> Any:
    if isinstance(values, (list, tuple)):
        return values[i] if i < len(values) else None
    return values  # one value for every point


def _series_name(trace: dict[str, Any], number: int) -> str:
    name = plain(trace.get("name"))
    return name or str(number)


def figure_rows(figure: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """The table's header and rows (plain text), in the figure's order."""
    lang = figure_lang(figure)
    layout = figure.get("layout") or {}
    given = (layout.get("meta") or {}).get("mm_table") if isinstance(layout.get("meta"), dict) else None
    if isinstance(given, dict) and given.get("rows") is not None:
        columns = [plain(c) for c in given.get("columns", [])]
        rows = [[number_text(cell, lang) for cell in row] for row in given["rows"]]
        return columns, rows
    rows: list[list[str]] = []
    for number, trace in enumerate(figure.get("data") or [], start=1):
        if trace.get("hoverinfo") == "skip" or trace.get("visible") is False:
            continue
        kind = trace.get("type", "scatter")
        if kind == "scatterpolar" or "r" in trace:
            values, labels = trace.get("r") or [], trace.get("theta") or []
        elif trace.get("orientation") == "h":
            values, labels = trace.get("x") or [], trace.get("y") or []
        elif kind == "pie":
            values, labels = trace.get("values") or [], trace.get("labels") or []
        else:
            values, labels = trace.get("y") or [], trace.get("x") or []
        texts = trace.get("hovertext") if trace.get("hovertext") is not None else trace.get("text")
        series = _series_name(trace, number)
        said_all = [plain(x) for x in texts] if isinstance(texts, (list, tuple)) else []
        firsts = {s.split(SEP)[0] for s in said_all if SEP in s}
        # every point's text starts with the same name ("Wonen · Trede 1 van 5"): that is the series
        common = firsts.pop() if len(firsts) == 1 and all(SEP in s for s in said_all if s) else None
        for i in range(len(values) if isinstance(values, (list, tuple)) else 0):
            value = values[i]
            if value is None:
                continue
            said = plain(_at(texts, i))
            if common and said.startswith(common + SEP):
                series, said = common, said[len(common) + len(SEP):]
            if said:
                rows.append([series, said, ""])
            else:
                rows.append([series, plain(_at(labels, i)), number_text(value, lang)])
    return ([t("a11y.table_series", lang), t("a11y.table_label", lang), t("a11y.table_value", lang)], rows)


def figure_title(figure: dict[str, Any]) -> str:
    title = (figure.get("layout") or {}).get("title")
    if isinstance(title, dict):
        title = title.get("text")
    return plain(title)


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ".")) if text and text != "–" else None
    except ValueError:
        return None


def _high_low(figure: dict[str, Any], rows: list[list[str]], lang: str) -> str:
    """'Hoogste: Wonen 4. Laagste: Schulden 1.' over the points with a number (else "")."""
    numbered = [(value, row) for row in rows if len(row) >= 3 and (value := _number(row[-1])) is not None]
    if len(numbered) < 2 or len({v for v, _row in numbered}) < 2:
        return ""

    def said(row: list[str]) -> str:
        where = ", ".join(part for part in (row[0], row[1]) if part)
        return f"{where}: {row[-1]}" if where else row[-1]

    high = max(numbered, key=lambda pair: pair[0])[1]
    low = min(numbered, key=lambda pair: pair[0])[1]
    return t("a11y.figure_high_low", lang, high=said(high), low=said(low))


def figure_description(figure: dict[str, Any], name: str = "") -> str:
    """A short description of what this figure shows: the figure's own words when it gives
    them (``layout.meta.mm_description``, e.g. the bridge for this client), else what it is,
    how many numbers it holds, and its highest and lowest point."""
    lang = figure_lang(figure)
    meta = (figure.get("layout") or {}).get("meta")
    given = meta.get("mm_description") if isinstance(meta, dict) else None
    if not (isinstance(given, str) and given.strip()):  # or in a trace (figures/descriptions.py)
        given = next((trace["meta"]["mm_description"] for trace in figure.get("data") or []
                      if isinstance(trace.get("meta"), dict) and trace["meta"].get("mm_description")), None)
    title = name or figure_title(figure) or t("a11y.figure_untitled", lang)
    if isinstance(given, str) and given.strip():
        return f"{title}. {plain(given)}"
    _columns, rows = figure_rows(figure)
    if not rows:
        return f"{title}. {t('a11y.table_empty', lang)}"
    count = len({row[0] for row in rows})
    series = t("a11y.figure_series_one", lang) if count == 1 else t("a11y.figure_series_many", lang, n=count)
    text = t("a11y.figure_points", lang, title=title, series=series, points=len(rows))
    extremes = _high_low(figure, rows, lang)
    return f"{text} {extremes}" if extremes else text


def table_html(figure: dict[str, Any], name: str = "") -> str:
    """The "Als tabel" HTML: a caption and a table (or a sentence when there are no numbers)."""
    lang = figure_lang(figure)
    columns, rows = figure_rows(figure)
    esc = html.escape
    title = name or figure_title(figure) or t("a11y.figure_untitled", lang)
    if not rows:
        return f"<p>{esc(t('a11y.table_empty', lang))}</p>"
    keep = [i for i in range(len(columns)) if any(row[i] for row in rows)]  # no empty column
    head = "".join(f'<th scope="col">{esc(columns[i])}</th>' for i in keep)
    body = "".join(
        "<tr>" + "".join(
            (f'<th scope="row">{esc(row[i])}</th>' if i == keep[0] else
             f'<td class="mm-num">{esc(row[i])}</td>' if i == len(columns) - 1 and _number(row[i]) is not None
             else f"<td>{esc(row[i])}</td>")
            for i in keep
        ) + "</tr>"
        for row in rows
    )
    caption = esc(t("a11y.table_caption", lang, title=title))
    return f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
