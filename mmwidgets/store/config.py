"""Where the data lives: a private folder outside the repository, and the database URL.

- ``MM_DATA_DIR``: the data folder (default: the platform's user data folder, e.g.
  ``~/.local/share/mmwidgets`` on Linux). Created with permissions 0700.
- ``MM_DATABASE_URL``: any SQLAlchemy URL (e.g. ``postgresql+psycopg://...``); default is
  an SQLite file ``mmwidgets.sqlite`` in the data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "mmwidgets"
DATABASE_FILE = "mmwidgets.sqlite"


def _private_dir(path: Path) -> Path:
    """Make ``path`` (and its parents) if missing; a folder we create is readable by its owner only."""
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(path, 0o700)  # mkdir's mode is reduced by the umask; be explicit
    return path


def default_data_dir() -> Path:
    """The platform's user data folder for mmwidgets (not created here)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """The folder for the database and a team's own files (created on first use)."""
    override = os.environ.get("MM_DATA_DIR", "").strip()
    path = Path(override).expanduser().resolve() if override else default_data_dir()
    return _private_dir(path)


def database_url() -> str:
    """``MM_DATABASE_URL`` if set, else an SQLite file in :func:`data_dir`."""
    override = os.environ.get("MM_DATABASE_URL", "").strip()
    if override:
        return override
    return f"sqlite:///{data_dir() / DATABASE_FILE}"


def definitions_dir() -> Path:
    """A team's own bridge definitions (YAML), beside the database."""
    return _private_dir(data_dir() / "definitions")
