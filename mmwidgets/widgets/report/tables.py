"""Report tables as escaped HTML (issue 10): a title, the lines that say how a table is computed,
then the table. Every text is escaped; the widget shows what the app hands it."""

from __future__ import annotations

import html
from typing import Any, Iterable, Sequence

BOX_STYLE = "overflow-x:auto;max-width:100%;-webkit-overflow-scrolling:touch"
TABLE_STYLE = "border-collapse:collapse;white-space:normal;overflow-wrap:normal;word-break:normal;hyphens:auto"


def _cell(value: Any, decimal: str = ".") -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return f"{value:g}".replace(".", decimal)
    return html.escape(str(value))


def table_html(title: str, lines: Sequence[str], columns: Sequence[str], rows: Iterable[Sequence[Any]],
               css: str = "mm-report-table", decimal: str = ".") -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{_cell(v, decimal)}</td>" for v in row) + "</tr>" for row in rows)
    notes = "".join(f"<p class='mm-report-note'>{html.escape(line)}</p>" for line in lines)
    # the table scrolls sideways inside its own box (never the page); words wrap whole
    return (f"<section class='{html.escape(css)}'><h2>{html.escape(title)}</h2>{notes}"
            f"<div class='mm-report-table-box' tabindex='0' role='region' aria-label='{html.escape(title, quote=True)}' "
            f"style='{BOX_STYLE}'><table style='{TABLE_STYLE}'><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table></div></section>")
