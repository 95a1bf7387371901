"""The pseudonymised research export (issue 10): an Excel file with one row per client per
conversation, one per goal and one per action, and a codebook sheet in the same download.

- each client is a stable keyed code (``R-`` + an HMAC of the client with the database's secret:
  the same code in every export, not the log code, not derivable without the secret);
- dates reduced to the month (``month``, default) or shifted per client by a stable number of
  days (``shift``: intervals within a client stay true);
- no free text at all: no names, notes, goal or action texts;
- only the actor's clients (a coach's own, a team lead's team); each exported client gets an
  ``export`` line (detail ``research``) in the access log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
from typing import Any

import pandas as pd
from sqlalchemy import select

from mmwidgets.i18n import catalogue, t
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.bridge.files import Problem
from mmwidgets.store.access.guard import guard_of
from mmwidgets.store.plans.tables import ActionRow, GoalRow
from mmwidgets.store.self_view.research import SHEET as OWN_SHEET, own_views_table  # issue 22
from mmwidgets.store.tables import AssessmentRow, ChoiceRow, ClientRow

DATE_MODES = ("month", "shift")
CODE_PREFIX = "R-"
SHEETS = ("conversations", "goals", "actions", "codebook")


def research_code(secret: str, client_id: int, created_at: dt.datetime | None) -> str:
    stamp = created_at.isoformat() if created_at is not None else ""
    digest = hmac.new(secret.encode(), f"research|{client_id}|{stamp}".encode(), hashlib.sha256).hexdigest()
    return CODE_PREFIX + digest[:10].upper()


def date_shift(secret: str, code: str, max_days: int) -> int:
    """A client's stable shift in days, between -max_days and +max_days."""
    digest = hmac.new(secret.encode(), f"shift|{code}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big") % (2 * max_days + 1) - max_days


def _dater(mode: str, secret: str, max_days: int):
    if mode == "month":
        return lambda _code, d: None if d is None else f"{d.year:04d}-{d.month:02d}"
    return lambda code, d: None if d is None else (d + dt.timedelta(days=date_shift(secret, code, max_days))).isoformat()


def research_tables(store: Any, date_mode: str = "month", max_shift: int = 30) -> dict[str, pd.DataFrame]:
    """The export's tables (without the codebook), logged per client."""
    if date_mode not in DATE_MODES:
        raise InvalidInput(Problem("dates", "report_date_mode", {"modes": ", ".join(DATE_MODES)}))
    if isinstance(max_shift, bool) or not isinstance(max_shift, int) or not 0 <= max_shift <= 365:
        raise InvalidInput(Problem("shift", "report_date_shift", {}))
    guard = guard_of(store)
    scope = guard.list_condition()
    a, c, cl = AssessmentRow.__table__, ChoiceRow.__table__, ClientRow.__table__
    g, act = GoalRow.__table__, ActionRow.__table__
    with store.engine.begin() as conn:
        secret = guard.secret(conn)
        clients = conn.execute(select(cl.c.id, cl.c.created_at).where(scope).order_by(cl.c.id)).all()
        codes = {cid: research_code(secret, cid, created) for cid, created in clients}
        talks = conn.execute(
            select(a.c.id, a.c.client_id, a.c.date, a.c.definition_id, a.c.definition_version, a.c.stress)
            .select_from(a.join(cl, cl.c.id == a.c.client_id)).where(scope)
            .order_by(a.c.client_id, a.c.date, a.c.id)).all()
        steps = conn.execute(
            select(c.c.assessment_id, c.c.subpillar_id, c.c.step, c.c.chosen_by, c.c.focus)
            .select_from(c.join(a, a.c.id == c.c.assessment_id).join(cl, cl.c.id == a.c.client_id))
            .where(scope)).all()
        goals = conn.execute(
            select(g.c.id, g.c.client_id, g.c.subpillar_id, g.c.start_step, g.c.target_step, g.c.status,
                   g.c.created_on, g.c.status_date, g.c.target_date)
            .select_from(g.join(cl, cl.c.id == g.c.client_id)).where(scope).order_by(g.c.client_id, g.c.id)).all()
        actions = conn.execute(
            select(act.c.goal_id, act.c.client_id, act.c.who, act.c.due, act.c.done_on, act.c.created_on)
            .select_from(act.join(cl, cl.c.id == act.c.client_id)).where(scope)
            .order_by(act.c.client_id, act.c.id)).all()
        for cid, _created in clients:
            guard.write(conn, "export", guard.code_of(conn, cid), detail="research")
        own_views = own_views_table(conn, scope, codes, _dater(date_mode, secret, max_shift))  # the client's own
    when = _dater(date_mode, secret, max_shift)
    by_talk: dict[int, dict[str, Any]] = {}
    for aid, sub, step, chosen_by, focus in steps:
        row = by_talk.setdefault(aid, {})
        row[f"step_{sub}"] = step
        row[f"by_{sub}"] = chosen_by
        row[f"focus_{sub}"] = bool(focus)
    numbers: dict[int, int] = {}
    conversation_rows = []
    for aid, cid, date, def_id, version, stress in talks:
        numbers[cid] = numbers.get(cid, 0) + 1
        code = codes[cid]
        conversation_rows.append({"code": code, "conversation": numbers[cid], "date": when(code, date),
                                  "bridge": f"{def_id}@{version}", "stress": stress, **by_talk.get(aid, {})})
    goal_numbers: dict[int, int] = {}
    per_client: dict[int, int] = {}
    goal_rows = []
    for gid, cid, sub, start, target, status, created, status_date, target_date in goals:
        per_client[cid] = per_client.get(cid, 0) + 1
        goal_numbers[gid] = per_client[cid]
        code = codes[cid]
        goal_rows.append({"code": code, "goal": per_client[cid], "subpillar": sub, "start_step": start,
                          "target_step": target, "status": status, "set_on": when(code, created),
                          "status_on": when(code, status_date), "target_date": when(code, target_date)})
    action_rows = []
    for gid, cid, who, due, done, created in actions:
        code = codes[cid]
        action_rows.append({"code": code, "goal": goal_numbers.get(gid), "who": who, "due": when(code, due),
                            "done_on": when(code, done), "set_on": when(code, created)})
    return {
        "conversations": pd.DataFrame(conversation_rows, columns=_columns(conversation_rows, ["code", "conversation", "date", "bridge", "stress"])),
        "goals": pd.DataFrame(goal_rows, columns=["code", "goal", "subpillar", "start_step", "target_step", "status",
                                                  "set_on", "status_on", "target_date"]),
        "actions": pd.DataFrame(action_rows, columns=["code", "goal", "who", "due", "done_on", "set_on"]),
        OWN_SHEET: own_views,
    }


def _columns(rows: list[dict[str, Any]], first: list[str]) -> list[str]:
    rest: list[str] = []
    for row in rows:
        rest.extend(k for k in row if k not in first and k not in rest)
    return first + sorted(rest, key=lambda k: (k.split("_", 1)[1], k))


def codebook(tables: dict[str, pd.DataFrame], date_mode: str, lang: str = "nl") -> pd.DataFrame:
    """What each column of each sheet means, its values and unit."""
    dates = t("report.cb.dates_month" if date_mode == "month" else "report.cb.dates_shift", lang)
    rows = []
    for sheet, frame in tables.items():
        for column in frame.columns:
            stem = column.split("_", 1)[0] if column.startswith(("step_", "by_", "focus_")) else column
            part = column.split("_", 1)[1] if stem != column else ""
            meaning = t(f"report.cb.{stem}", lang, part=part)
            values = t(f"report.cb.values.{stem}", lang)
            if stem in ("date", "set_on", "status_on", "target_date", "due", "done_on"):
                values = dates
            if stem in ("focus", "finished"):  # written as yes/no in the export's language
                values = t("report.cb.values.focus", lang)
            rows.append({"sheet": sheet_name(sheet, lang), "column": column_name(column, lang),
                         "meaning": meaning, "values": values})
    return pd.DataFrame(rows, columns=["sheet", "column", "meaning", "values"]).rename(
        columns={c: t(f"report.rx.cb.{c}", lang) for c in ("sheet", "column", "meaning", "values")})


#: columns whose values are codes, said in the export's language
_VALUE_COLUMNS = ("by", "focus", "status", "who", "finished")


def _said(key: str, lang: str, fallback: str) -> str:
    """The catalogue's word, or ``fallback`` for a sheet or column another part added without one."""
    return t(key, lang) if key in catalogue() else fallback


def sheet_name(sheet: str, lang: str) -> str:
    return _said(f"report.rx.sheet.{sheet}", lang, sheet)


def column_name(column: str, lang: str) -> str:
    """A column in the export's language; per-part columns keep the part's id after the word."""
    for stem in ("step", "by", "focus"):
        if column.startswith(stem + "_"):
            return _said(f"report.rx.col.{stem}", lang, stem) + "_" + column.split("_", 1)[1]
    return _said(f"report.rx.col.{column}", lang, column)


def _value(stem: str, value: Any, lang: str) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return value
    key = f"report.rx.val.{stem}.{str(value).lower()}"
    return t(key, lang) if key in catalogue() else value


def localise(tables: dict[str, pd.DataFrame], lang: str) -> dict[str, pd.DataFrame]:
    """The export's tables in one language: sheet names, column names and coded values."""
    out = {}
    for sheet, frame in tables.items():
        frame = frame.copy()
        for column in frame.columns:
            stem = column.split("_", 1)[0] if column.startswith(("by_", "focus_")) else column
            if stem in _VALUE_COLUMNS:
                frame[column] = [_value(stem, v, lang) for v in frame[column].astype(object)]
        out[sheet_name(sheet, lang)] = frame.rename(columns={c: column_name(c, lang) for c in frame.columns})
    return out


def research_excel(store: Any, date_mode: str = "month", max_shift: int = 30, lang: str = "nl") -> bytes:
    """The export as one .xlsx: conversations, goals, actions and the codebook, all in ``lang``
    (sheet names, column names, coded values and the codebook itself)."""
    tables = research_tables(store, date_mode, max_shift)
    book = codebook(tables, date_mode, lang)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in localise(tables, lang).items():
            frame.to_excel(writer, sheet_name=name, index=False)
        book.to_excel(writer, sheet_name=sheet_name("codebook", lang), index=False)
    return buffer.getvalue()
