"""The team report as files (issue 10): Excel (one sheet per table, the period and the rules
written above each table) and CSV (the change table, with the period and rule in columns).

Cells that rest on too few clients are written as "—", never as a number."""

from __future__ import annotations

import io
import re

import pandas as pd

from mmwidgets.i18n import t
from mmwidgets.model.dates import format_day
from mmwidgets.store.reports.team import TeamReport

#: a part of a bridge's name that names the tool, not the bridge: "(standaard van mmwidgets)"
_TOOL_WORDS = re.compile(r"\s*\([^()]*mmwidgets[^()]*\)", re.IGNORECASE)


def bridge_name(definition, lang: str) -> str:
    """The bridge's name as a reader says it: without the tool's name or a version number."""
    name = definition.name.get(lang)
    return _TOOL_WORDS.sub("", name).strip() or name



def _names(report: TeamReport, lang: str) -> dict[str, str]:
    defn = report.options.definition
    names = {p.id: p.name.get(lang) for p in defn.pillars}
    names.update({sub.id: sub.name.get(lang) for _p, sub in defn.subpillars()})
    return names


def _hide(frame: pd.DataFrame, columns: list[str], lang: str) -> pd.DataFrame:
    out = frame.copy().astype(object)
    for column in columns:
        out[column] = [v if ok else t("report.hidden", lang) for v, ok in zip(out[column], frame["shown"])]
    return out.drop(columns=["shown"])


def explanation(report: TeamReport, lang: str) -> list[str]:
    """What the whole report rests on, once: period, bridge, the baseline rule in words, the
    smallest group, and that these figures do not measure a coach."""
    o = report.options
    return [
        t("report.period", lang, start=format_day(o.start, lang), end=format_day(o.end, lang)),
        t("report.bridge_plain", lang, name=bridge_name(o.definition, lang)),
        t("report.rule_words", lang, rule=t(f"report.rule.{o.rule}", lang),
          explain=t(f"report.rule_explain.{o.rule}", lang)),
        t("report.how_suppressed", lang, minimum=o.minimum),
        t("report.not_performance", lang),
    ]


def _head(report: TeamReport, lang: str, how: str) -> list[str]:
    """Above each sheet of a file (a sheet is read on its own): the explanation and the table's how."""
    lines = explanation(report, lang)
    return lines[:3] + [how] + lines[3:]


def unmapped_lines(report: TeamReport, lang: str) -> list[str]:
    """What could not be mapped from other bridge versions, one line per version (plain text)."""
    names = _names(report, lang)
    lines = []
    for u in report.unmapped:
        if u.parts:
            lines.append(t("report.unmapped", lang, key=u.key, count=u.conversations,
                           parts=", ".join(names.get(p, p) for p in u.parts)))
        if u.dropped:
            lines.append(t("report.dropped", lang, key=u.key, parts=", ".join(u.dropped)))
    return lines


def _percent(value, lang: str):
    if isinstance(value, float) and value == value:
        return f"{round(value * 100)}%"
    return value


def page_tables(report: TeamReport, lang: str, percent: bool = False) -> list[tuple[str, list[str], pd.DataFrame]]:
    """(title, how this table is computed, the table with translated headers and values) per
    table; the page says :func:`explanation` once above them. ``percent``: the shares going up,
    staying and going down as whole percentages (narrower on a tablet; the files keep fractions)."""
    o = report.options
    names = _names(report, lang)
    parts = _hide(report.parts, ["baseline", "latest", "change", "up", "same", "down"], lang)
    if percent:
        for column in ("up", "same", "down"):
            parts[column] = [_percent(v, lang) for v in parts[column]]
    parts["level"] = [t(f"report.level.{v}", lang) for v in parts["level"]]
    parts["part"] = [names.get(v, v) for v in parts["part"]]
    how = t("report.how_change", lang, rule=t(f"report.rule.{o.rule}", lang))
    tables = [(t("report.sheet.change", lang), [how] + unmapped_lines(report, lang), _rename(parts, lang))]
    goals = _hide(report.goals, ["set", "reached"], lang)
    tables.append((t("report.sheet.goals", lang),
                   [t("report.how_goals", lang, count=int(report.goals.iloc[0]["clients"]))],
                   _rename(goals, lang)))
    rewards = _hide(report.rewards, ["given", "value_eur"], lang)
    tables.append((t("report.sheet.rewards", lang), [t("report.how_rewards", lang)], _rename(rewards, lang)))
    if report.coaches is not None:
        coaches = _hide(report.coaches, ["conversations", "goals_reached"], lang)
        tables.append((t("report.sheet.coaches", lang), [t("report.how_coaches", lang)], _rename(coaches, lang)))
    return tables


def report_tables(report: TeamReport, lang: str) -> list[tuple[str, list[str], pd.DataFrame]]:
    """(sheet name, lines above the table, the table with translated headers) per table: for
    the files, where each sheet carries the explanation itself."""
    tables = []
    for title, how, frame in page_tables(report, lang):
        head = _head(report, lang, how[0]) + how[1:]
        tables.append((title, head, frame))
    return tables


def _rename(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return frame.rename(columns={c: t(f"report.col.{c}", lang) for c in frame.columns})


def report_excel(report: TeamReport, lang: str = "nl") -> bytes:
    """The report as an .xlsx file: one sheet per table, the period and the rules above it."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, lines, frame in report_tables(report, lang):
            sheet = name[:31]
            # the lines, one empty row, then the table (its header on row len(lines) + 2)
            frame.to_excel(writer, sheet_name=sheet, index=False, startrow=len(lines) + 1)
            ws = writer.sheets[sheet]
            for n, line in enumerate(lines, start=1):
                ws.cell(row=n, column=1, value=line)
            for column in ws.columns:
                ws.column_dimensions[column[0].column_letter].width = 18
    return buffer.getvalue()


def report_csv(report: TeamReport, lang: str = "nl") -> str:
    """The change table as CSV (UTF-8 with BOM for Excel), in the page's language: Dutch column
    names and values (dates as 6-12-2026, the rule in words, ";" and a decimal comma) by
    default; the period, rule and smallest group as the first columns."""
    name, _lines, frame = report_tables(report, lang)[0]
    o = report.options
    frame = frame.copy()
    frame.insert(0, t("report.col.period_start", lang), format_day(o.start, lang))
    frame.insert(1, t("report.col.period_end", lang), format_day(o.end, lang))
    frame.insert(2, t("report.col.baseline_rule", lang), t(f"report.rule.{o.rule}", lang))
    frame.insert(3, t("report.col.minimum_group", lang), o.minimum)
    if lang == "nl":  # a decimal comma also in columns that mix numbers with "—"
        for column in frame.columns:
            if frame[column].dtype == object:
                frame[column] = [str(v).replace(".", ",") if isinstance(v, float) else v for v in frame[column]]
    return "\ufeff" + frame.to_csv(index=False, sep=";" if lang == "nl" else ",", decimal="," if lang == "nl" else ".")


def file_name(report: TeamReport, ext: str, lang: str = "nl") -> str:
    o = report.options
    stem = t("report.file_stem", lang)
    return f"{stem}-{o.start.isoformat()}-{o.end.isoformat()}.{ext}"
