""""Who looked at my file": the access-log lines about one client, in plain words, and as
two parts of the client's own export (``access_log`` and ``who_looked``).

Exporting writes an "export" line first, so the export lists itself.
Times are shown in Dutch time (Europe/Amsterdam): "30 november 2026 14:02 — coach anne — geopend".
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from sqlalchemy.orm import Session

from mmwidgets.i18n import LANGUAGES, normalise_language, t
from mmwidgets.store.access.guard import TEAM_LEAD_REASONS, AccessRepo, AccessRefused, LogLine, _lines, select_log
from mmwidgets.store.access.tables import AccessLogRow
from mmwidgets.store.export import EXPORTERS

LOCAL_ZONE = ZoneInfo("Europe/Amsterdam")


def local_time(at: dt.datetime) -> dt.datetime:
    """A stored (naive UTC) time in Dutch time."""
    return at.replace(tzinfo=dt.timezone.utc).astimezone(LOCAL_ZONE)


def when_text(at: dt.datetime, lang: str | None = None) -> str:
    lang = normalise_language(lang)
    local = local_time(at)
    return f"{format_date(local.date(), 'long', locale=lang)} {local:%H:%M}"


def line_text(line: LogLine, lang: str | None = None) -> str:
    """One line in plain words, e.g. "30 november 2026 14:02 — coach anne — geopend"."""
    role = t(f"teams.role.{line.role}", lang)
    who = f"{role} {line.actor}"
    if line.on_behalf_of:
        who += " (" + t("teams.on_behalf", lang, name=line.on_behalf_of) + ")"
    what = t(f"teams.action.{line.action}", lang)
    if line.action == "hand_over" and line.detail:
        what = t("teams.action.hand_over_to", lang, name=line.detail.split("@", 1)[0])
    if line.action == "undo_hand_over" and line.detail:
        what = t("teams.action.undo_hand_over_to", lang, name=line.detail.split("@", 1)[0])
    if line.action in ("open", "take_over") and line.detail in TEAM_LEAD_REASONS:
        reason = t(f"teams.reason.{line.detail}", lang)
        what += f" ({reason})"
    if line.result == "refused":
        what += " " + t("teams.result.refused", lang)
    return f"{when_text(line.at, lang)} — {who} — {what}"


def who_looked(store: Any, client_id: int, lang: str | None = None) -> list[str]:
    """For the client's coach: every logged look at this client's file, oldest first, in plain words."""
    return [line_text(line, lang) for line in AccessRepo(store).lines_of_client(client_id)]


def _guard(session: Session) -> Any:
    guard = session.info.get("mm_guard")
    if guard is None:  # a Store always has one (db.Store installs it)
        raise AccessRefused()
    return guard


def _lines_of(session: Session, client_id: int) -> list[LogLine]:
    info = session.info.setdefault("mm_export_lines", {})
    if client_id not in info:
        guard = _guard(session)
        conn = session.connection()
        if not guard.may_open(conn, client_id):  # e.g. a team lead who did not open the file
            raise AccessRefused()
        code = guard.code_of(conn, client_id)
        guard.write(conn, "export", code)
        info[client_id] = _lines(conn, select_log().where(AccessLogRow.object_code == code))
    return info[client_id]


def _access_log_part(session: Session, client_id: int) -> tuple[str, Any]:
    lines = _lines_of(session, client_id)
    return "access_log", [
        {
            "at": line.at.replace(tzinfo=dt.timezone.utc).isoformat(),
            "actor": line.actor,
            "role": line.role,
            "on_behalf_of": line.on_behalf_of,
            "action": line.action,
            "result": line.result,
            "origin": line.origin,
            "client_code": line.object_code,
        }
        for line in lines
    ]


def _who_looked_part(session: Session, client_id: int) -> tuple[str, Any]:
    lines = _lines_of(session, client_id)
    return "who_looked", {lang: [line_text(line, lang) for line in lines] for lang in LANGUAGES}


def register() -> None:
    for part in (_access_log_part, _who_looked_part):
        if part not in EXPORTERS:
            EXPORTERS.append(part)


register()
