"""A draft of the bridge being edited, kept in the team's own folder while it is not saved.

Every edit in the adaptation workbook writes the definition data as it is on screen to
``<definitions folder>/.concept/brug.json`` (JSON, so that no reader of ``*.yaml`` files ever
takes it for a bridge), together with the bridge it was opened from and the file name typed.
A closed tab, a reload or a crashed kernel therefore loses nothing: the next visit offers to
go on with it. Saving the bridge, or choosing to leave the changes, removes the draft.

A draft that cannot be read (broken JSON, an unexpected shape, too big) is ignored, never
shown as a traceback. Pure Python: no widgets.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mmwidgets.model.bridge.files import MAX_FILE_BYTES, regular_file_problem

DRAFT_FOLDER = ".concept"
DRAFT_FILE = "brug.json"


@dataclass(frozen=True)
class Draft:
    data: dict[str, Any]
    opened: str | None  # the id@version it was opened from
    file_name: str
    saved_at: dt.datetime | None


def draft_path(folder: str | Path) -> Path:
    return Path(folder) / DRAFT_FOLDER / DRAFT_FILE


def save_draft(folder: str | Path, data: dict[str, Any], opened: str | None, file_name: str) -> Path:
    """Write the draft (atomically: a half-written draft never replaces a whole one)."""
    path = draft_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    payload = {
        "opened": opened, "file": str(file_name or "")[:80],
        "saved_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "data": data,
    }
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def load_draft(folder: str | Path) -> Draft | None:
    """The draft in ``folder``, or None when there is none or it cannot be read."""
    path = draft_path(folder)
    if regular_file_problem(path) is not None:
        return None
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            return None
        payload = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), dict):
        return None
    opened = payload.get("opened")
    try:
        saved_at = dt.datetime.fromisoformat(str(payload.get("saved_at")))
    except ValueError:
        saved_at = None
    return Draft(
        data=payload["data"], opened=opened if isinstance(opened, str) else None,
        file_name=str(payload.get("file") or "")[:80], saved_at=saved_at,
    )


def drop_draft(folder: str | Path) -> None:
    try:
        draft_path(folder).unlink()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        pass
