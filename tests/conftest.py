"""Shared test setup: no test ever touches the user's real data.

For the whole test session ``MM_DATA_DIR`` points at a throw-away folder (removed at the
end), ``MM_DATABASE_URL`` is unset (so a developer's real database URL is never used),
and ``MM_LANG`` is unset (Dutch is the default, as for a user without settings).
This happens in ``pytest_configure``, before any test module is imported.

Fixtures:
- ``mm_data_dir``: the session's throw-away data folder (a Path).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

_SAVED: dict[str, str | None] = {}
_DATA_DIR: Path | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _DATA_DIR
    if _DATA_DIR is not None:
        return
    _DATA_DIR = Path(tempfile.mkdtemp(prefix="mm-test-data-"))
    for name in ("MM_DATA_DIR", "MM_DATABASE_URL", "MM_LANG"):
        _SAVED[name] = os.environ.pop(name, None)
    os.environ["MM_DATA_DIR"] = str(_DATA_DIR)


def pytest_unconfigure(config: pytest.Config) -> None:
    global _DATA_DIR
    if _DATA_DIR is None:
        return
    shutil.rmtree(_DATA_DIR, ignore_errors=True)
    for name, value in _SAVED.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    _DATA_DIR = None


@pytest.fixture(scope="session")
def mm_data_dir() -> Path:
    """The throw-away data folder set as MM_DATA_DIR for this test session."""
    assert _DATA_DIR is not None
    return _DATA_DIR
