"""Report tables as escaped HTML (issue 10): a title, the lines that say how a table is computed,
then the table. Every text is escaped; the widget shows what the app hands it."""

from __future__ import annotations

import html
from typing import Any, Iterable, Sequence


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return f"{value:g}"
    return html.escape(str(value))


def table_html(title: str, lines: Sequence[str], columns: Sequence[str], rows: Iterable[Sequence[Any]],
               css: str = "mm-report-table") -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in rows)
    notes = "".join(f"<p class='mm-report-note'>{html.escape(line)}</p>" for line in lines)
    return (f"<section class='{html.escape(css)}'><h3>{html.escape(title)}</h3>{notes}"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></section>")
