"""One coach's Voila under JupyterHub: ``python -m mmwidgets.serving.hub_voila --port=N --base-url=/user/x/``.

The hub's spawner runs it behind jupyter-server-proxy's standalone proxy (see
:func:`mmwidgets.serving.hub.coach_command`), which lets in only this coach's hub-authenticated
requests. It is the Voila of ``mmwidgets serve`` (:mod:`mmwidgets.serving.voila_app`: preheated
kernel, guarded kernel shutdown, kernels owned by the browser that opened them) plus:

- **a cap on kernels**: at most ``--kernel-cap`` workbook pages (kernels) at once, the
  preheated one not counted. A new page first makes room by shutting down the longest-idle
  kernel that no browser is connected to (a closed tab); when every kernel is in use the page
  gets 429 with a translated sentence. Voila itself has no cap (voila issue #617).
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
from mmwidgets.serving.paths import LOCALHOST, ROOT, WORKBOOKS

#: environment variables of the hub that a coach's kernels must never see
HUB_SECRETS = ("JUPYTERHUB_API_TOKEN", "JPY_API_TOKEN", "JUPYTERHUB_OAUTH_CLIENT_SECRET", "MM_HUB_TEAM_FILE")
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


async def make_room(km: Any, cap: int) -> bool:
    """True when a new page may start: under the cap, or after shutting down an idle, unconnected kernel."""
    pooled = pooled_kernel_ids(km)
    in_use = [kid for kid in km.list_kernel_ids() if kid not in pooled]
    if len(in_use) < cap:
        return True
    now = dt.datetime.now(dt.timezone.utc)
    connections = getattr(km, "_kernel_connections", {})
    idle = []
    for kid in in_use:
        kernel = km.get_kernel(kid)
        last = getattr(kernel, "last_activity", None) or now
        if connections.get(kid, 0) == 0 and (now - last).total_seconds() > GRACE_SECONDS:
            idle.append((last, kid))
    if not idle:
        return False
    await km.shutdown_kernel(min(idle)[1])
    return True


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
            if not await make_room(self.kernel_manager, cap):
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
        workbooks, "--no-browser", f"--Voila.ip={LOCALHOST}", f"--port={int(port)}", "--template=mm",
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
    from mmwidgets.serving.plotly_js import ensure_plotly_js
    from mmwidgets.serving.server import voila_env

    os.environ.update(voila_env())
    ensure_plotly_js()
    os.chdir(ROOT)  # voila.json is read from the working folder
    voila_app._ADMIN_SECRET = os.environ.pop("MM_ADMIN_SECRET", "")
    voila_app.patch_executor_timeout()
    capped_app_class(max(1, args.kernel_cap)).launch_instance(argv=voila_argv(args.port, args.base_url, args.dir))


if __name__ == "__main__":
    main()
