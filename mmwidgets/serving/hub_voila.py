"""One coach's Voila under JupyterHub: ``python -m mmwidgets.serving.hub_voila --port=N --base-url=/user/x/``.

The hub's spawner runs it behind jupyter-server-proxy's standalone proxy (see
:func:`mmwidgets.serving.hub.coach_command`), which lets in only this coach's hub-authenticated
requests. It is the Voila of ``mmwidgets serve`` (:mod:`mmwidgets.serving.voila_app`: preheated
kernel, guarded kernel shutdown, kernels owned by the browser that opened them) plus:

- **a cap on kernels that counts live pages**: at most ``--kernel-cap`` workbook pages
  (kernels) at once, the preheated one not counted. A kernel counts while a page is connected
  to it, or while its page is still connecting (younger than :data:`GRACE_SECONDS`, never
  connected). A new page first makes room by shutting down a kernel whose page is gone (its
  websocket closed: a reload or a closed tab, at once), or one never connected for longer than
  the grace; when every kernel is in use the page waits a few seconds for a closing one (a
  reload's old page) before it gets 429 with a translated sentence. Voila itself has no cap
  (voila issue #617).
- **reachable only through the coach's proxy**: the proxy (:func:`mmwidgets.serving.hub.run_proxy`)
  makes a per-server secret, hands it over in a file only this account can read
  (``MM_PROXY_SECRET_FILE``, removed once read) and adds it to every request it passes on; any
  request without it gets 403 (:func:`require_proxy`), so another local account that finds
  Voila's port on 127.0.0.1 gets nothing.
- **a Content Security Policy** header on every response (:data:`mmwidgets.serving.hub.CSP_VOILA`).
- **no hub secrets in kernels**: the hub's API token is removed from the environment before
  Voila starts (the proxy in front holds its own copy); ``JUPYTERHUB_USER``, ``MM_TEAM`` and
  ``MM_ROLE`` stay: they say who is working (:mod:`mmwidgets.model.actor`).
- kernels of closed tabs are culled after 10 idle minutes (voila.json says 30 for a laptop).
- **a slow preheat refill**: Voila starts one preheated conversation kernel with the server (the
  proxy starts Voila with the coach's server, :func:`mmwidgets.serving.hub.run_proxy`). When a
  page takes it, the next one is prepared after a random delay in
  :data:`mmwidgets.serving.hub.REFILL_DELAY` (voila.json says 0.5 s for a laptop), so twenty
  coaches logging in together do not also start twenty new kernels in the same minute.
  Voila counts a refill that is still waiting out its delay as a kernel in the pool, so a second
  page (a reload, a second tab) in that time would wait minutes for it; here the pool counts only
  kernels that have started (:func:`mmwidgets.serving.voila_app.ready_first`, for every Voila of ours), so such a page gets a fresh kernel at once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import inspect
import os
import random
import sys
from typing import Any

from mmwidgets.i18n import language_from_environment, t
from mmwidgets.serving import voila_app
from mmwidgets.serving.hub import CSP_VOILA, DEFAULT_KERNEL_CAP, REFILL_DELAY
from mmwidgets.serving.hub_static import STATIC_MAP_ENV, TEMPLATE, write_static_map
from mmwidgets.serving.paths import LOCALHOST, ROOT, WORKBOOKS

#: environment variables of the hub that a coach's kernels must never see
HUB_SECRETS = ("JUPYTERHUB_API_TOKEN", "JPY_API_TOKEN", "JUPYTERHUB_OAUTH_CLIENT_SECRET", "MM_HUB_TEAM_FILE")
#: where Voila tells the proxy its static folders (taken from the environment at start, see hub_static)
_STATIC_MAP_FILE = ""
#: a kernel younger than this is never taken away (its page may still be connecting)
GRACE_SECONDS = 30


def pooled_kernel_ids(km: Any) -> set[str]:
    """Kernels waiting in Voila's preheat pool (nobody has them yet)."""
    ids: set[str] = set()
    for pool in (getattr(km, "_pools", None) or {}).values():
        for task in pool:
            if task.done() and not task.cancelled() and task.exception() is None:
                kid = task.result().get("kernel_id")
                if kid:
                    ids.add(kid)
    return ids


#: seconds a new page waits for a closing page (a reload's old page) before the cap refuses it
CAP_WAIT_SECONDS = 5.0


def _room_now(km: Any, cap: int) -> tuple[bool, str | None]:
    """(room, a kernel to shut down to make room): pages gone first, then the longest unconnected."""
    pooled = pooled_kernel_ids(km)
    in_use = [kid for kid in km.list_kernel_ids() if kid not in pooled]
    if len(in_use) < cap:
        return True, None
    now = dt.datetime.now(dt.timezone.utc)
    connections = getattr(km, "_kernel_connections", {})
    gone, idle = [], []
    for kid in in_use:
        if connections.get(kid, 0) > 0:
            continue  # a live page
        kernel = km.get_kernel(kid)
        last = getattr(kernel, "last_activity", None) or now
        if kid in voila_app.EVER_CONNECTED:
            gone.append((last, kid))  # its page was connected and left: a reload or a closed tab
        elif (now - last).total_seconds() > GRACE_SECONDS:
            idle.append((last, kid))  # handed out but no page ever connected
    for candidates in (gone, idle):
        if candidates:
            return True, min(candidates)[1]
    return False, None


async def make_room(km: Any, cap: int, wait: float = 0.0) -> bool:
    """True when a new page may start: under the cap, or after shutting down a kernel whose page
    is gone; waits up to ``wait`` seconds for a live page to close (the old page of a reload)."""
    import asyncio

    deadline = asyncio.get_running_loop().time() + wait
    while True:
        room, victim = _room_now(km, cap)
        if victim is not None:
            await km.shutdown_kernel(victim)
            voila_app.EVER_CONNECTED.discard(victim)
        if room:
            return True
        if asyncio.get_running_loop().time() >= deadline:
            return False
        await asyncio.sleep(0.25)


def require_proxy(app: Any, secret: str, base_url: str) -> None:
    """Every request to ``app`` must carry the proxy's ``secret``, else 403 (see the module text)."""
    from tornado import web

    from mmwidgets.serving import security

    finding = app.find_handler

    def find_handler(request: Any, **kwargs: Any) -> Any:
        if not (security.proxy_secret_ok(request.headers.get(security.PROXY_HEADER), secret)
                or security.unproxied_path_allowed(request.path, base_url)):
            return app.get_handler_delegate(request, web.ErrorHandler, {"status_code": 403})
        return finding(request, **kwargs)

    app.find_handler = find_handler


def drop_server_header() -> None:
    """No ``Server: TornadoServer/<version>`` on this process's answers (the proxy passes them on)."""
    from tornado import web

    if getattr(web.RequestHandler, "_mm_no_server_header", False):
        return
    clearing = web.RequestHandler.clear

    def clear(self: Any) -> None:
        clearing(self)
        self.clear_header("Server")

    web.RequestHandler.clear = clear
    web.RequestHandler._mm_no_server_header = True


def read_proxy_secret(environ: Any = None) -> str:
    """The proxy's per-server secret from the file named in ``MM_PROXY_SECRET_FILE`` (removed once read)."""
    env = os.environ if environ is None else environ
    path = env.pop("MM_PROXY_SECRET_FILE", "")
    if not path:
        return ""
    try:
        with open(path, encoding="utf-8") as handle:
            secret = handle.read().strip()
    except OSError:
        return ""
    try:
        os.remove(path)
    except OSError:
        pass
    return secret


def capped_app_class(cap: int) -> type:
    base = voila_app.app_class()

    class CappedVoila(base):  # type: ignore[misc, valid-type]
        def initialize(self, argv=None):  # type: ignore[override]
            super().initialize(argv)
            headers = dict(self.tornado_settings.get("headers", {}))
            headers["Content-Security-Policy"] = CSP_VOILA
            headers.setdefault("X-Content-Type-Options", "nosniff")
            headers.setdefault("Referrer-Policy", "same-origin")
            self.tornado_settings = {**self.tornado_settings, "headers": headers}
            if _STATIC_MAP_FILE:  # the proxy serves the page's scripts from these folders (hub_static)
                from voila.paths import collect_static_paths

                template = self.voila_configuration.template
                try:
                    write_static_map(_STATIC_MAP_FILE, self.static_paths,
                                     {template: collect_static_paths(["voila", "nbconvert"], template)},
                                     self.labextensions_path)
                except (OSError, ValueError) as err:  # then the proxy passes every script on to us, as before
                    self.log.warning("Static folders not told to the proxy: %s", err)

        def listen(self):  # type: ignore[override]
            if voila_app._PROXY_SECRET:
                require_proxy(self.app, voila_app._PROXY_SECRET, self.base_url)
            return super().listen()

        def init_handlers(self):  # type: ignore[override]
            handlers = []
            for spec in super().init_handlers():
                if isinstance(spec, tuple) and len(spec) >= 2 and spec[1].__name__ == "VisitorPageHandler":
                    spec = (spec[0], capped_page_handler(spec[1], cap), *spec[2:])
                handlers.append(spec)
            return handlers

    return CappedVoila


def capped_page_handler(page_handler: type, cap: int) -> type:
    class CappedPageHandler(page_handler):  # type: ignore[misc, valid-type]
        async def prepare(self, *args, **kwargs):  # type: ignore[override]
            result = super().prepare(*args, **kwargs)
            if inspect.isawaitable(result):
                await result
            if not await make_room(self.kernel_manager, cap, wait=CAP_WAIT_SECONDS):
                lang = language_from_environment()
                self.set_status(429)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(f"<!doctype html><html lang='{lang}'><meta charset='utf-8'>"
                            f"<p class='mm-kernel-cap'>{html.escape(t('hub.kernel_cap', lang, cap=cap))}</p></html>")

    return CappedPageHandler


def voila_argv(port: int, base_url: str, workbooks: str, refill_delay: float | None = None) -> list[str]:
    base = "/" + base_url.strip("/") + "/" if base_url.strip("/") else "/"
    delay = random.uniform(*REFILL_DELAY) if refill_delay is None else refill_delay
    return [
        workbooks, "--no-browser", f"--Voila.ip={LOCALHOST}", f"--port={int(port)}", f"--template={TEMPLATE}",
        f"--Voila.base_url={base}",
        "--MappingKernelManager.cull_idle_timeout=600",
        "--MappingKernelManager.cull_interval=60",
        f"--VoilaKernelManager.fill_delay={delay:.0f}",
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m mmwidgets.serving.hub_voila")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--base-url", default=os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/"))
    parser.add_argument("--kernel-cap", type=int, default=DEFAULT_KERNEL_CAP)
    parser.add_argument("--dir", default=str(WORKBOOKS))
    args = parser.parse_args(argv)
    if any(name in os.environ for name in HUB_SECRETS):  # start again without them (also gone from /proc)
        env = {k: v for k, v in os.environ.items() if k not in HUB_SECRETS}
        os.execve(sys.executable, [sys.executable, "-m", "mmwidgets.serving.hub_voila",
                                   *(sys.argv[1:] if argv is None else argv)], env)
    global _STATIC_MAP_FILE
    _STATIC_MAP_FILE = os.environ.pop(STATIC_MAP_ENV, "")  # kernels do not need it
    voila_app._PROXY_SECRET = read_proxy_secret()  # before any kernel starts: kernels never see the file
    if voila_app._PROXY_SECRET:  # the proxy checks visitor tokens too, with the same key
        from mmwidgets.serving.security import visitor_key

        voila_app._VISITOR_SECRET = visitor_key(voila_app._PROXY_SECRET)
    if not voila_app._PROXY_SECRET and os.environ.get("JUPYTERHUB_USER"):
        # under the hub without the proxy's secret, any local account could use this Voila: do not start
        sys.exit(t("hub.no_proxy_secret", language_from_environment()))
    from mmwidgets.serving.plotly_js import ensure_plotly_js
    from mmwidgets.serving.server import voila_env

    os.environ.update(voila_env())
    ensure_plotly_js()
    drop_server_header()
    os.chdir(ROOT)  # voila.json is read from the working folder
    voila_app._ADMIN_SECRET = os.environ.pop("MM_ADMIN_SECRET", "")
    voila_app.patch_executor_timeout()
    capped_app_class(max(1, args.kernel_cap)).launch_instance(argv=voila_argv(args.port, args.base_url, args.dir))


if __name__ == "__main__":
    main()
