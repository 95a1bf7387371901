"""Pieces every app uses (so that no app imports another app)."""

from __future__ import annotations

import os

from mmwidgets.model.library import DefinitionLibrary, shipped_bridges_dir
from mmwidgets.store.config import definitions_dir


def default_library() -> DefinitionLibrary:
    """Shipped definitions first, then the team's own folder in the data directory."""
    return DefinitionLibrary([shipped_bridges_dir(), definitions_dir()])


def wait_for_visitor() -> bool:
    """Block until Voila hands a preheated kernel to a visitor; False at once when not preheated."""
    if os.environ.get("VOILA_PREHEAT", "False") == "False":
        return False
    from voila.utils import wait_for_request

    wait_for_request()
    return True
