"""The client's own page (workbooks/zelf.ipynb): ``self_view_app()``.

Opened through a personal link ``zelf.ipynb?client=<id>&t=<token>`` (``&lang=en`` for
English). The page's Store works as the actor ``client_self``, which the access guard lets see
no client at all; everything the page reads or writes goes through
:class:`~mmwidgets.store.self_view.repo.SelfPage`, which checks the token on every step.
A bad, expired, ended or finished link shows one plain sentence and nothing else.
"""

from __future__ import annotations

import logging
import os
import secrets
from typing import Any, Mapping
from urllib.parse import parse_qs

import ipywidgets as W

from mmwidgets.apps.common import default_library, wait_for_visitor
from mmwidgets.i18n import language_from_environment, normalise_language, t
from mmwidgets.model.actor import Actor
from mmwidgets.model.bridge.library import DefinitionLibrary
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.self_view import (
    SELF_ACTOR,
    SELF_ROLE,
    SelfViewRefused,
    address_from_environment,
    parse_link_query,
)
from mmwidgets.store.self_view.repo import SelfPage
from mmwidgets.store.db import Database
from mmwidgets.store.store import Store
from mmwidgets.widgets.feedback import guarded
from mmwidgets.widgets.self_view.page import SelfBridgePage, refusal_view
from mmwidgets.widgets.timing import timed

log = logging.getLogger("mmwidgets")
PAGE_ACTOR = Actor(SELF_ACTOR, "zelf", SELF_ROLE)


class SelfViewApp(W.VBox):
    """The page: the refusal sentence, or the client's own bridge."""

    def __init__(self, store: Any, library: DefinitionLibrary, lang: str, environ: Mapping[str, str]):
        super().__init__()
        self.add_class("mm-app")
        self.add_class("mm-self")
        self.lang = normalise_language(lang)
        self.store = store
        # on the hub's service the server checked the link first and already made a slowed address
        # wait (mmwidgets.serving.hub_self): the page does not wait a second time
        vetted = environ.get("MM_SELF_VETTED") == "1"
        self.repo = SelfPage(store, address_from_environment(environ),
                             **({"sleep": lambda _seconds: None} if vetted else {}))
        self.view: SelfBridgePage | None = None
        self.definition = None
        try:
            client_id, token = parse_link_query(parse_qs(environ.get("QUERY_STRING", "")))
        except SelfViewRefused:
            client_id, token = -1, ""
        try:
            own = self.repo.open(client_id, token)  # refuses (logged, counted) a bad link too
            key = own.invitation.definition_key
            self.definition = library.get(key) if key in library else None
            if self.definition is None:
                raise SelfViewRefused()
        except SelfViewRefused as refused:
            self.refuse(refused)
            return
        self.view = SelfBridgePage(self.definition, self.lang)
        self.guard = guarded(self.view.messages, lambda: self.lang)
        self.view.load(own.choices)
        self.view.on_change(self.guard(self._on_change))
        self.view.on_finish(self.guard(self._on_finish))
        self.children = [self.view]

    def refuse(self, refused: InvalidInput | None = None) -> None:
        self.view = None
        self.children = [refusal_view((refused or SelfViewRefused()).message(self.lang))]

    def _on_change(self, sub_id: str, changes: dict[str, Any]) -> None:
        assert self.view is not None and self.definition is not None
        with timed("self_save"):
            try:
                saved = self.repo.save(self.definition, sub_id, **changes)
            except SelfViewRefused as refused:  # ended or expired while the page was open
                self.refuse(refused)
                return
            self.view.show_choice(sub_id, saved)

    def _on_finish(self) -> None:
        assert self.view is not None
        try:
            self.repo.finish()
        except SelfViewRefused as refused:
            self.refuse(refused)
            return
        self.view.show_thanks()


def page_store(environ: Mapping[str, str]) -> Any:
    """The page's database: with ``MM_SELF_DATABASE_URL`` (the narrow PostgreSQL role of
    store/self_view/role.py) an engine without upgrade or guard, else the Store as ``client_self``."""
    narrow = environ.get("MM_SELF_DATABASE_URL", "").strip()
    return Database(narrow) if narrow else Store(actor=PAGE_ACTOR)


def self_view_app(store: Any = None, lang: str | None = None, library: DefinitionLibrary | None = None,
                  environ: Mapping[str, str] | None = None) -> SelfViewApp:
    """The client's own page for the link in the visitor's query string."""
    if environ is None:
        wait_for_visitor()  # a no-op unless the page is preheated
        environ = os.environ
    lang = lang or language_from_environment(dict(environ))
    try:
        store = store or page_store(environ)
        return SelfViewApp(store, library or default_library(), lang, environ)
    except Exception:  # e.g. the database cannot be reached: a calm sentence, never a traceback
        ref = secrets.token_hex(3)
        log.exception("the client's own page could not start (ref %s)", ref)
        app = SelfViewApp.__new__(SelfViewApp)
        W.VBox.__init__(app)
        app.add_class("mm-app")
        app.add_class("mm-self")
        app.lang, app.view = normalise_language(lang), None
        app.children = [refusal_view(t("app.error", app.lang, ref=ref))]
        return app
