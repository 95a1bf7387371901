"""The client's own page on the team stack (issue 22): ``python -m mmwidgets.serving.hub_self``.

A client has no hub account: only the personal link with its token. JupyterHub runs this module
as a **managed service** (``c.JupyterHub.services``, :func:`service`; deploy/jupyterhub_config.py),
so the hub starts and stops it with itself and its proxy routes ``/services/eigen-brug/`` to it.
The hub adds no log-in to a service's route; what a visitor can reach is decided here and in the
store:

- **only the zelf page**: Voila in single-notebook mode over ``workbooks/zelf.ipynb`` (no tree, no
  other workbook, no contents API). The page is served at the service's address itself and
  nowhere else (any other path: 404, so no kernel is started for it); Jupyter Server's
  ``/login``/``/logout`` and Voila's ``/voila/files/`` are not served. What stays is what the page
  needs: its static files, ``GET /api/kernels/<id>`` (its own kernel's state) and that kernel's
  websocket, which belongs to the browser that opened the page (:mod:`mmwidgets.serving.voila_app`).
  Starting, listing or shutting down kernels over HTTP is not possible.
- **only with a valid token, checked before a page starts**: the server checks every link in the
  store (:func:`link_is_usable`, :meth:`mmwidgets.store.self_view.repo.SelfPage.vet`) before it
  starts a kernel; a bad link (malformed, unknown, ended, expired, finished, another client's id)
  gets one sentence from the server, is logged and counted like the laptop's page does it, and
  never holds a kernel; a slowed address waits here (asynchronously). A request with neither
  ``client`` nor ``t`` (the hub's own health check every minute, a bare address) gets the
  sentence without a log line. The page's kernel checks the link again when it opens it.
- **few pages per link**: one link has at most :data:`PAGES_PER_LINK` pages at once (a reload's
  old and new page); opening it again closes its oldest page.
- **with the narrow database role**: the service gets ``MM_SELF_DATABASE_URL`` (the role of
  :mod:`mmwidgets.store.self_view.role`: its links and the client's own answers, nothing else)
  and never ``MM_DATABASE_URL``; it refuses to start under the hub without it. The hub's API token
  and OAuth secret are removed from the environment before Voila starts (kernels never see them).
- **its own headers**: :data:`CSP_SELF` (the coaches' policy, but no framing at all and no
  form posts), ``X-Frame-Options: DENY``, ``Referrer-Policy: no-referrer`` (the link holds the
  token: no request may carry it on).
- **a cap on pages at once** (:data:`DEFAULT_KERNEL_CAP`, the coaches' cap logic of
  :mod:`mmwidgets.serving.hub_voila`) and idle kernels culled after 15 minutes also with a tab open
  (every tap is already saved; the link reopens where the client was), so guessers cannot fill
  the server's memory with kernels.
- **the visitor's address** for slowing wrong links: ``MM_SELF_PROXIES`` says how many proxies
  write to ``X-Forwarded-For`` in front of the page (1: the hub's own proxy; 2 with an ingress),
  see :func:`mmwidgets.model.self_view.address_from_environment`.
"""

from __future__ import annotations

import argparse
import contextvars
import os
import sys
from typing import Any, Mapping
from urllib.parse import urlsplit

from mmwidgets.i18n import language_from_environment, t
from mmwidgets.serving import hub_voila, security, voila_app
from mmwidgets.serving.paths import LOCALHOST, ROOT, WORKBOOKS

#: the service's name: its address is /services/<name>/ on the hub
SERVICE_NAME = "eigen-brug"
#: the client's page
NOTEBOOK = WORKBOOKS / "zelf.ipynb"
#: client pages (kernels) open at once
DEFAULT_KERNEL_CAP = 12
#: seconds without any message before a client page's kernel is shut down (the tab may be open)
CULL_IDLE = 900
#: the page's own headers (also on the laptop server: mmwidgets.serving.security)
CSP_SELF = security.CSP_SELF
HEADERS = security.SELF_HEADERS
#: hub secrets a service gets and the page must never hold
SERVICE_SECRETS = (*hub_voila.HUB_SECRETS, "MM_DATABASE_URL")


def page_url(hub_origin: str) -> str:
    """The address of the client's page on a hub at ``hub_origin`` (``https://host[:port]``);
    the coaches' servers get it as ``MM_SELF_URL`` and make the links from it."""
    parts = urlsplit(hub_origin.strip())
    return f"{parts.scheme}://{parts.netloc}/services/{SERVICE_NAME}/"


def service(python: str, port: int, environment: Mapping[str, str], kernel_cap: int = DEFAULT_KERNEL_CAP) -> dict[str, Any]:
    """The entry for ``c.JupyterHub.services``: a managed service on 127.0.0.1:``port``.

    ``environment``: at least ``MM_SELF_DATABASE_URL``; ``MM_SELF_PROXIES`` (default 1: the hub's
    own proxy), ``MM_LANG``. The hub adds ``JUPYTERHUB_SERVICE_PREFIX`` and ``..._URL``."""
    env = {"MM_SELF_PROXIES": "1", "MM_ORIGIN": SERVICE_NAME, "PYTHONUNBUFFERED": "1", **environment}
    return {
        "name": SERVICE_NAME,
        "url": f"http://{LOCALHOST}:{int(port)}",
        "command": [python, "-m", "mmwidgets.serving.hub_self", f"--kernel-cap={int(kernel_cap)}"],
        "environment": env,
        "display": False,  # not on a coach's hub home page
    }


_CSS: list[str] = []


def refusal_page(lang: str | None) -> str:
    """The one sentence as a page of its own (same classes, styles and H1 as the kernel's refusal,
    widgets/self_view/page.py ``refusal_view``)."""
    import html

    from mmwidgets.i18n import normalise_language
    from mmwidgets.serving.paths import SHARE_JUPYTER

    if not _CSS:
        static = SHARE_JUPYTER / "voila" / "templates" / "mm" / "static"
        _CSS.append("\n".join((static / name).read_text(encoding="utf-8") for name in ("mm.css", "mm-self.css")))
    lang = normalise_language(lang)
    sentence = html.escape(t("val.self_refused", lang))
    return (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(t('self.title', lang))}</title><style>{_CSS[0]}</style></head>"
            "<body class='mm-page'><main id='rendered_cells'><div class='mm-self-refused'>"
            f"<div class='mm-msg mm-msg-info' role='alert'><h1 class='mm-self-refused-title'>{sentence}</h1></div>"
            "</div></main></body></html>")


#: the database the server itself checks links in (made at the first link; see gate_store)
_GATE_STORE: list[Any] = []
#: set for the page's kernels: the server already waited for a slowed address (no second wait)
VETTED_ENV = "MM_SELF_VETTED"


def gate_store() -> Any:
    """The server's own door to the links: the narrow role's database (``MM_SELF_DATABASE_URL``,
    as the page's kernels use it), else the local Store as the client's page (``client_self``)."""
    if not _GATE_STORE:
        narrow = os.environ.get("MM_SELF_DATABASE_URL", "").strip()
        if narrow:
            from mmwidgets.store.db import Database

            _GATE_STORE.append(Database(narrow))
        else:
            from mmwidgets.model.actor import Actor
            from mmwidgets.model.self_view import SELF_ACTOR, SELF_ROLE
            from mmwidgets.store.store import Store

            _GATE_STORE.append(Store(actor=Actor(SELF_ACTOR, "zelf", SELF_ROLE)))
    return _GATE_STORE[0]


def visitor_address(handler: Any) -> str:
    """The visitor's address as the page's kernel will see it (same rules, same headers):
    ``MM_SELF_PROXIES`` says which ``X-Forwarded-For`` entry our proxies wrote; without it only
    the connection's own address counts (a keyed hash, :func:`voila_app.request_address`)."""
    from mmwidgets.model.self_view import address_from_environment

    headers = handler.request.headers
    return address_from_environment({
        "MM_SELF_PROXIES": os.environ.get("MM_SELF_PROXIES", ""),
        "MM_ORIGIN": os.environ.get("MM_ORIGIN", ""),
        "HTTP_X_FORWARDED_FOR": headers.get("X-Forwarded-For", ""),
        "HTTP_X_REAL_IP": headers.get("X-Real-IP", ""),
        "HTTP_X_MM_ADDRESS": voila_app.request_address(handler),
    })


async def link_is_usable(client_id: Any, token: Any, address: str, store: Any = None) -> bool:
    """Check a link in the store before a page (a kernel) starts for it. A slowed address waits
    first (asynchronously: the server keeps answering others); a bad link is logged and counted
    exactly as the page's kernel would (:meth:`SelfPage.vet`)."""
    import asyncio

    from mmwidgets.model.self_view import SelfViewRefused
    from mmwidgets.store.self_view.repo import SelfPage

    page = SelfPage(store if store is not None else gate_store(), address)
    wait = await asyncio.to_thread(page.delay)
    if wait:
        await asyncio.sleep(wait)
    try:
        await asyncio.to_thread(page.vet, client_id, token, bool(wait))
    except SelfViewRefused:
        return False
    return True


#: pages one link may have at once (a reload's old page and its new one): opening the same link
#: once more closes that link's oldest page (every tap is saved; the link reopens where it was)
PAGES_PER_LINK = 2
#: kernel id -> the hash of the link it was started for (in start order)
LINK_OF_KERNEL: dict[str, str] = {}
CURRENT_LINK: contextvars.ContextVar[str] = contextvars.ContextVar("mm_self_link", default="")


def remember_links(km: Any) -> None:
    """Record for each page's kernel the link (its token's hash) it was started for."""
    if getattr(km, "_mm_remembers_links", False):
        return
    import inspect

    starting = km.start_kernel

    async def start_kernel(*args: Any, **kwargs: Any) -> Any:
        result = starting(*args, **kwargs)
        if inspect.isawaitable(result):
            result = await result
        link = CURRENT_LINK.get()
        if link and isinstance(result, str):
            LINK_OF_KERNEL[result] = link
        return result

    km.start_kernel = start_kernel
    km._mm_remembers_links = True


async def few_pages_per_link(km: Any, link: str, limit: int = PAGES_PER_LINK) -> list[str]:
    """Make room for one more page of ``link``: while it has ``limit`` pages, its oldest is shut
    down. So one link holds at most ``limit`` of the service's pages, however often it is opened.
    Returns the kernels shut down."""
    live = set(km.list_kernel_ids())
    for gone in [kid for kid in LINK_OF_KERNEL if kid not in live]:
        del LINK_OF_KERNEL[gone]
    mine = [kid for kid, owner in LINK_OF_KERNEL.items() if owner == link]
    closed = []
    while len(mine) >= max(1, limit):
        oldest = mine.pop(0)
        LINK_OF_KERNEL.pop(oldest, None)
        voila_app.EVER_CONNECTED.discard(oldest)
        await km.shutdown_kernel(oldest)
        closed.append(oldest)
    return closed


def link_checked_handler(page_handler: type) -> type:
    """The page handler, answering every link that is not usable without starting a kernel.

    A request with neither ``client`` nor ``t`` (the hub's health check, a bare address) gets the
    sentence and nothing else. Any other link is checked in the store first: a malformed,
    unknown, ended, expired or finished one, or another client's id, is logged and counted like
    the laptop's page does it, and gets the sentence from the server; only a usable link starts
    a page. So guessers never hold one of the service's kernels."""
    import inspect

    from mmwidgets.model.self_view import SelfViewRefused, parse_link_query

    class LinkCheckedPageHandler(page_handler):  # type: ignore[misc, valid-type]
        def _refuse_here(self, query: dict[str, list[str]]) -> None:
            lang = (query.get("lang") or [""])[0] or os.environ.get("MM_LANG")
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(refusal_page(lang))

        async def prepare(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
            query = {name: [v.decode("utf-8", "replace") for v in values]
                     for name, values in self.request.query_arguments.items()}
            try:
                client_id, token = parse_link_query(query)
            except SelfViewRefused:
                if "client" not in query and "t" not in query:  # not a link at all
                    self._refuse_here(query)
                    return
                client_id, token = None, ""  # a malformed link: refused, logged and counted
            if not await link_is_usable(client_id, token, visitor_address(self)):
                self._refuse_here(query)
                return
            from mmwidgets.model.self_view import token_hash

            link = token_hash(token)
            CURRENT_LINK.set(link)  # the page's kernel is started in this request's task
            await few_pages_per_link(self.kernel_manager, link)
            result = super().prepare(*args, **kwargs)
            if inspect.isawaitable(result):
                await result

    return LinkCheckedPageHandler


def only_the_page(specs: list, base_url: str) -> list:
    """Voila's handlers for the service: the page at ``base_url`` only (not at every path), no
    log-in/log-out pages, no ``/voila/files/``."""
    from jupyter_server.utils import url_path_join

    catch_all = url_path_join(base_url, r"/(.*)")
    kept = []
    for spec in specs:
        if not isinstance(spec, tuple) or len(spec) < 2:
            kept.append(spec)
            continue
        pattern = spec[0]
        if pattern.endswith(("/login", "/logout")) or pattern in ("/login", "/logout") or "/voila/files/" in pattern:
            continue
        if pattern == catch_all:
            spec = (url_path_join(base_url, r"/()"), link_checked_handler(spec[1]), *spec[2:])
        kept.append(spec)
    return kept


def self_app_class(cap: int, listen_all: bool = False) -> type:
    """Our Voila for the client's page. ``listen_all``: listen on every address of a pod of its
    own (Kubernetes, deploy/eigen-brug-k8s.yaml), where a NetworkPolicy lets in only the hub's
    proxy. Our Voila refuses another address than 127.0.0.1 without a Voila token
    (:func:`mmwidgets.serving.security.binding_problem`); this page has none by design (the
    link's token is checked in the store), so the check runs on 127.0.0.1 and only then is the
    address widened."""
    base = hub_voila.capped_app_class(cap)

    class SelfServiceVoila(base):  # type: ignore[misc, valid-type]
        def initialize(self, argv=None):  # type: ignore[override]
            super().initialize(argv)
            headers = {**dict(self.tornado_settings.get("headers", {})), **HEADERS}
            self.tornado_settings = {**self.tornado_settings, "headers": headers}
            if listen_all:
                self.ip = ""

        def init_settings(self):  # type: ignore[override]
            settings = super().init_settings()
            remember_links(self.kernel_manager)
            return settings

        def init_handlers(self):  # type: ignore[override]
            return only_the_page(super().init_handlers(), self.server_url)

    return SelfServiceVoila


def voila_argv(port: int, base_url: str) -> list[str]:
    base = "/" + base_url.strip("/") + "/" if base_url.strip("/") else "/"
    return [
        str(NOTEBOOK), "--no-browser", f"--Voila.ip={LOCALHOST}", f"--port={int(port)}", "--template=mm",
        f"--Voila.base_url={base}",
        "--VoilaConfiguration.preheat_kernel=False",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE}",
        "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_connected=True",
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m mmwidgets.serving.hub_self")
    service_url = os.environ.get("JUPYTERHUB_SERVICE_URL", "")
    parser.add_argument("--port", type=int, default=urlsplit(service_url).port if service_url else 8867)
    parser.add_argument("--base-url", default=os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/"))
    parser.add_argument("--kernel-cap", type=int, default=DEFAULT_KERNEL_CAP)
    parser.add_argument("--listen-all", action="store_true",
                        help="every address (a pod of its own behind a NetworkPolicy), not 127.0.0.1")
    args = parser.parse_args(argv)
    if any(name in os.environ for name in SERVICE_SECRETS):  # start again without them (also gone from /proc)
        env = {k: v for k, v in os.environ.items() if k not in SERVICE_SECRETS}
        os.execve(sys.executable, [sys.executable, "-m", "mmwidgets.serving.hub_self",
                                   *(sys.argv[1:] if argv is None else argv)], env)
    served = bool(os.environ.get("JUPYTERHUB_SERVICE_NAME")) or args.listen_all
    if served and not os.environ.get("MM_SELF_DATABASE_URL", "").strip():
        # under the hub (or in a pod) the page must use the narrow role; never fall back to a local database
        sys.exit(t("self.service_no_database", language_from_environment()))
    from mmwidgets.serving.plotly_js import ensure_plotly_js
    from mmwidgets.serving.server import voila_env

    os.environ.update(voila_env())
    ensure_plotly_js()
    hub_voila.drop_server_header()
    os.chdir(ROOT)  # voila.json is read from the working folder
    voila_app._ADMIN_SECRET = os.environ.pop("MM_ADMIN_SECRET", "")
    os.environ[VETTED_ENV] = "1"  # the page's kernels: this server already made a slowed address wait
    voila_app.patch_executor_timeout()
    self_app_class(max(1, args.kernel_cap), args.listen_all).launch_instance(argv=voila_argv(args.port, args.base_url))


if __name__ == "__main__":
    main()
