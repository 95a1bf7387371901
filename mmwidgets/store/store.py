"""The Store: a database opened with every table, the schema upgrade and the access guard.

This is the composition root of the store layer: it imports the table modules (which register
themselves on :data:`~mmwidgets.store.db.Base`), upgrades the schema under the database's write
lock and hangs the access guard on the sessions. Nothing below imports it, so no import runs in a
circle. Apps and tests open a database with ``Store()``.
"""

from __future__ import annotations

from mmwidgets.store import tables  # noqa: F401  (registers the conversation tables on Base)
from mmwidgets.store.access import export as access_export  # noqa: F401  ("who looked at my file" in the client's export)
from mmwidgets.store.access import tables as access_tables  # noqa: F401
from mmwidgets.store.access.guard import install
from mmwidgets.store.column_guard import guard_metadata
from mmwidgets.store.config import database_url
from mmwidgets.store.db import Base, Database, make_engine  # noqa: F401  (make_engine re-exported)
from mmwidgets.store.migrations import upgrade
from mmwidgets.store.plans import repo as plan_repo  # noqa: F401  (tables, and the plan in exports)
from mmwidgets.store.self_view import repo as self_view_repo  # noqa: F401  (the client's own bridge)
from mmwidgets.store.training import tables as training_tables  # noqa: F401

guard_metadata(Base.metadata)  # no NUL, no text too long, no number too big: on every database


class Store(Database):
    """One database with the whole schema, upgraded at start, read and written as ``actor``."""

    def __init__(self, url: str | None = None, actor=None):
        super().__init__(url if url is not None else database_url())
        upgrade(self.engine, Base.metadata)
        # Who works (default: from the serving layer's environment); decides what every read sees.
        self.actor = install(self, actor)
