"""Voila as we run it: ``python -m mmwidgets.serving.voila_app [voila arguments]``.

The same as ``python -m voila``, with two changes made before the server starts
(``mmwidgets serve`` and ``VoilaServer`` always start Voila through this module):

1. **A preheated kernel may wait for its visitor as long as it takes.** Voila runs the
   workbook in a pool kernel before anyone asks for it; the cell then waits in
   ``voila.utils.wait_for_request()`` until a visitor's request arrives. nbclient counts that
   wait against ``VoilaExecutor.timeout`` (120 s in voila.json), so after two idle minutes the
   next visitor got "Cell execution timed out". We keep the timeout and change only what
   happens when it expires: while the kernel is still waiting in the pool (nobody has been
   given it yet) the clock is restarted instead of failing the cell; the first expiry after a
   visitor got it restarts the clock once more (the visitor may have arrived just before it
   ran out), and the next one fails the cell as before. So the visitor's part of the cell
   gets at least one full timeout, a truly hung cell is still stopped (within two timeouts
   of the visitor's arrival), and the page works after hours of idle.
   We chose this over refilling the pool every <120 s: that would start a kernel (~2 s of
   CPU on our 2-core machine) every two minutes all day for nothing.

2. **A visitor cannot shut down another visitor's kernel by its id.** Standalone Voila serves
   ``DELETE /api/kernels/<id>`` (jupyter_server's KernelHandler) and the
   ``POST /voila/api/shutdown/<id>`` beacon; without a token everyone is "authenticated" and
   the XSRF check is a double-submit cookie any script can fake. Here those requests get 403
   unless they carry ``X-MM-Admin: <secret>``, where the secret is the one the process that
   started Voila put in ``MM_ADMIN_SECRET`` (the test harness does; ``mmwidgets serve`` does
   not, so nobody can). ``GET /api/kernels/<id>`` stays open: Voila's page reads its own
   kernel's model there (name and state, nothing of the visitor's). ``shutdown_request`` is no
   longer passed from a page's websocket to the kernel either. Kernels end by idle culling
   (voila.json) or when the server stops.

3. **A kernel's websocket belongs to the browser that opened the page.** Every workbook page
   gives the browser an ``mm_visitor`` cookie (HttpOnly, SameSite=Strict, Secure behind TLS)
   holding a visitor token this server signed (:func:`mmwidgets.serving.security.sign_visitor`,
   a key made at start that never leaves the process), bound to the hub user the coach's proxy
   authenticated (none without a hub). The kernel a page gets is bound to that token while the
   page is made; a websocket to a kernel needs a token that this server signed for this hub
   user and that owns the kernel (a kernel nobody owns yet is claimed by its first websocket),
   otherwise 403: a self-made cookie, another browser's cookie or none are refused. Tabs of one
   browser share the cookie, so a reload reconnects.
4. **Behind the coach's proxy only** (:mod:`mmwidgets.serving.hub_voila` sets
   :data:`_PROXY_SECRET`): a request without the proxy's per-server secret gets 403, so another
   local account that finds Voila's port gets nothing.
"""

from __future__ import annotations

import asyncio
import contextvars
import hmac
import inspect
import os
import secrets
import sys
from typing import Any

from mmwidgets.serving import group, security

ADMIN_HEADER = "X-MM-Admin"
VISITOR_COOKIE = "mm_visitor"

#: kernel id -> the visitor token of the page it was made for (or of the first websocket)
KERNEL_OWNERS: dict[str, str] = {}
#: kernels a page's websocket has connected to at least once (a page that is or was live)
EVER_CONNECTED: set[str] = set()

_ADMIN_SECRET = ""  # taken from the environment at start, so kernels never see it
#: the key visitor tokens are signed with: made at start, never written anywhere
_VISITOR_SECRET = secrets.token_bytes(32)
#: the per-server secret of the coach's proxy (set by hub_voila); "" when not behind a proxy
_PROXY_SECRET = ""
#: the visitor token of the page being made (set by the page handler, read where kernels are handed out)
CURRENT_VISITOR: contextvars.ContextVar[str] = contextvars.ContextVar("mm_current_visitor", default="")


def kernel_waits_for_visitor(km: Any) -> bool:
    """True while the kernel that ``km`` manages is still in Voila's preheated pool."""
    parent = getattr(km, "parent", None)
    pools = getattr(parent, "_pools", None)
    if not pools:
        return False
    kernel_id = getattr(km, "kernel_id", None)
    if not kernel_id:
        kernels = getattr(parent, "_kernels", {})
        kernel_id = next((kid for kid, k in kernels.items() if k is km), None)
    if not kernel_id:
        return False
    for pool in pools.values():
        for task in pool:
            if not task.done() or task.cancelled() or task.exception() is not None:
                continue
            if task.result().get("kernel_id") == kernel_id:
                return True
    return False


def patch_executor_timeout() -> None:
    """Restart the cell timeout while a preheated kernel waits for its visitor (see above)."""
    from voila.execute import VoilaExecutor

    if getattr(VoilaExecutor, "_mm_patched", False):
        return
    VoilaExecutor._mm_original_handle_timeout = VoilaExecutor._async_handle_timeout

    async def _async_handle_timeout(self, timeout, cell=None):
        if kernel_waits_for_visitor(self.km):
            self.log.debug("Preheated kernel still waiting for a visitor after %ss: waiting on", timeout)
            self._mm_waited_for_visitor = True
        elif getattr(self, "_mm_waited_for_visitor", False):
            self.log.debug("Visitor arrived during the last %ss: one more full timeout", timeout)
            self._mm_waited_for_visitor = False
        else:
            return await VoilaExecutor._mm_original_handle_timeout(self, timeout, cell)
        # nbclient polls again at once if no time were left: never spin
        await asyncio.sleep(0.05)
        return None

    VoilaExecutor._async_handle_timeout = _async_handle_timeout
    VoilaExecutor._mm_patched = True


def is_admin(handler: Any) -> bool:
    offered = handler.request.headers.get(ADMIN_HEADER, "")
    return bool(_ADMIN_SECRET) and hmac.compare_digest(offered.encode(), _ADMIN_SECRET.encode())


def guarded_handlers() -> tuple[type, type]:
    """KernelHandler (DELETE) and the shutdown beacon, refusing anyone without the admin secret."""
    from jupyter_server.services.kernels.handlers import KernelHandler
    from tornado import web
    from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler

    class GuardedKernelHandler(KernelHandler):
        def prepare(self):  # type: ignore[override]
            if self.request.method != "GET" and not is_admin(self):
                raise web.HTTPError(403)
            return super().prepare()

        def check_xsrf_cookie(self):  # the admin secret is the proof, not a cookie
            return None if is_admin(self) else super().check_xsrf_cookie()

    class GuardedShutdownHandler(VoilaShutdownKernelHandler):
        def prepare(self):  # type: ignore[override]
            if not is_admin(self):
                raise web.HTTPError(403)
            return super().prepare()

        def check_xsrf_cookie(self):
            return None if is_admin(self) else super().check_xsrf_cookie()

    return GuardedKernelHandler, GuardedShutdownHandler


def ready_first(km: Any) -> None:
    """Hand out kernels that have started, never wait for a refill still sitting out its delay.

    Voila counts a refill that waits out ``fill_delay`` as a kernel in the pool and hands out
    the pool's first entry, so a page arriving after the prepared kernels were taken (a reload,
    a latecomer on a training day) waited for the delay (90 s) instead of getting a fresh kernel
    in a few seconds. Here the pool counts only started kernels, and a started one is handed out
    before any still waiting.
    """
    pools = getattr(km, "_pools", None)
    if pools is None or not hasattr(km, "get_pool_size"):
        return  # preheating is off

    def started(task: Any) -> bool:
        return task.done() and not task.cancelled() and task.exception() is None

    km.get_pool_size = lambda notebook_name: sum(1 for task in pools.get(notebook_name, ()) if started(task))
    handing_over = km.get_rendered_notebook

    async def get_rendered_notebook(notebook_name: str, *args: Any, **kwargs: Any) -> Any:
        pool = pools.get(notebook_name, [])
        pool.sort(key=lambda task: not started(task))  # stable: the oldest started kernel first
        return await handing_over(notebook_name, *args, **kwargs)

    km.get_rendered_notebook = get_rendered_notebook


def request_hub_user(handler: Any) -> str:
    """The hub user the coach's proxy authenticated for this request ("" without a proxy)."""
    headers = handler.request.headers
    if _PROXY_SECRET and security.proxy_secret_ok(headers.get(security.PROXY_HEADER), _PROXY_SECRET):
        return headers.get(security.HUB_USER_HEADER, "")
    return ""


ADDRESS_HEADER = "X-MM-Address"


def request_address(handler: Any) -> str:
    """A keyed hash of the address this request came from, for the training room's brake on
    guessing codes (the address itself never reaches a kernel). Behind the coach's proxy the
    address the proxy saw (``X-Real-IP``, else the last ``X-Forwarded-For`` entry), else the
    connection's own."""
    request = handler.request
    address = request.remote_ip or ""
    if request_hub_user(handler) or (_PROXY_SECRET and security.proxy_secret_ok(
            request.headers.get(security.PROXY_HEADER), _PROXY_SECRET)):  # fmt: skip
        forwarded = request.headers.get("X-Forwarded-For", "").split(",")[-1].strip()
        address = request.headers.get("X-Real-IP", "").strip() or forwarded or address
    return hmac.new(_VISITOR_SECRET, b"address:" + address.encode(), "sha256").hexdigest()[:32]


def visitor_of(handler: Any) -> str:
    """The request's visitor token when this server signed it for the request's hub user, else ""."""
    token = handler.get_cookie(VISITOR_COOKIE, "")
    return token if security.verify_visitor(_VISITOR_SECRET, token, request_hub_user(handler)) else ""


def bind_kernels_to_visitors(km: Any) -> None:
    """Record the page's visitor as the owner of the kernel handed to it (preheated or new)."""
    if getattr(km, "_mm_binds_visitors", False):
        return

    def bind(kernel_id: Any) -> None:
        visitor = CURRENT_VISITOR.get()
        if visitor and isinstance(kernel_id, str):
            KERNEL_OWNERS[kernel_id] = visitor

    if hasattr(km, "get_rendered_notebook"):
        handing_over = km.get_rendered_notebook

        async def get_rendered_notebook(*args: Any, **kwargs: Any) -> Any:
            result = await handing_over(*args, **kwargs)
            if isinstance(result, tuple) and len(result) == 3:
                bind(result[2])
            return result

        km.get_rendered_notebook = get_rendered_notebook
    starting = km.start_kernel

    async def start_kernel(*args: Any, **kwargs: Any) -> Any:
        result = starting(*args, **kwargs)
        if inspect.isawaitable(result):
            result = await result
        bind(result)
        return result

    km.start_kernel = start_kernel
    km._mm_binds_visitors = True


def claim_kernel(kernel_id: str, visitor: str, live: set[str] | None = None) -> bool:
    """True when ``visitor`` may connect to the kernel: the first visitor claims it."""
    if not visitor:
        return False
    if live is not None and len(KERNEL_OWNERS) > 1000:  # forget kernels that are gone
        for gone in [kid for kid in KERNEL_OWNERS if kid not in live]:
            del KERNEL_OWNERS[gone]
            EVER_CONNECTED.discard(gone)
    owner = KERNEL_OWNERS.setdefault(kernel_id, visitor)
    return hmac.compare_digest(owner.encode(), visitor.encode())


def visitor_handlers() -> tuple[type, type]:
    """The workbook page handler (sets the visitor cookie) and the kernel websocket (checks it)."""
    from tornado import web
    from voila.tornado.handler import TornadoVoilaHandler
    from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

    class VisitorPageHandler(TornadoVoilaHandler):
        async def prepare(self, *args, **kwargs):  # type: ignore[override]
            result = super().prepare(*args, **kwargs)
            if inspect.isawaitable(result):
                await result
            visitor = visitor_of(self)
            if not visitor:  # none, self-made, or signed before a restart: a new one from this server
                visitor = security.sign_visitor(_VISITOR_SECRET, request_hub_user(self))
                https = self.request.protocol == "https" or self.request.headers.get("X-Forwarded-Proto") == "https"
                self.set_cookie(VISITOR_COOKIE, visitor, path=self.base_url or "/", httponly=True,
                                samesite="Strict", secure=https)
            CURRENT_VISITOR.set(visitor)
            hold = getattr(self.kernel_manager, "mm_hold_page", None)  # a training day: the group first
            if hold is not None and self.request.method == "GET":
                await hold(self.request.path)
            # the page's kernel gets this as HTTP_X_MM_ADDRESS (http_header_envs): never one the browser sent
            self.request.headers[ADDRESS_HEADER] = request_address(self)
            security.set_self_headers(self)  # the client's own page (issue 22): no framing, no referrer

    class OwnedKernelWebsocketHandler(VoilaKernelWebsocketHandler):
        async def pre_get(self):  # type: ignore[override]
            if not is_admin(self):
                live = set(self.kernel_manager.list_kernel_ids())
                if not claim_kernel(self.kernel_id, visitor_of(self), live):
                    self.log.warning("Websocket to kernel %s refused: not this visitor's kernel", self.kernel_id)
                    raise web.HTTPError(403)
            EVER_CONNECTED.add(self.kernel_id)
            return await super().pre_get()

    return VisitorPageHandler, OwnedKernelWebsocketHandler


def app_class() -> type:
    from jupyter_server.services.kernels.handlers import KernelHandler
    from voila.app import Voila
    from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
    from voila.tornado.handler import TornadoVoilaHandler
    from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

    kernel_handler, shutdown_handler = guarded_handlers()
    page_handler, websocket_handler = visitor_handlers()
    replace = {
        KernelHandler: kernel_handler,
        VoilaShutdownKernelHandler: shutdown_handler,
        TornadoVoilaHandler: page_handler,
        VoilaKernelWebsocketHandler: websocket_handler,
    }

    class MMVoila(Voila):
        def init_settings(self):  # type: ignore[override]
            settings = super().init_settings()  # creates the kernel manager, which starts the pools
            ready_first(self.kernel_manager)
            room = group.plan_room(self.kernel_manager, owners=KERNEL_OWNERS, visitor=CURRENT_VISITOR.get)
            if room is None:  # no room folder (a training day started another way): the simple plan
                group.keep_reserve(self.kernel_manager)
                group.prepare_following(self.kernel_manager)
            bind_kernels_to_visitors(self.kernel_manager)
            allowed = [m for m in self.kernel_manager.allowed_message_types if m != "shutdown_request"]
            self.kernel_manager.allowed_message_types = allowed
            return settings

        def init_handlers(self):  # type: ignore[override]
            handlers = []
            for spec in super().init_handlers():
                if isinstance(spec, tuple) and len(spec) >= 2 and spec[1] in replace:
                    spec = (spec[0], replace[spec[1]], *spec[2:])
                handlers.append(spec)
            return handlers

        def initialize(self, argv=None):  # type: ignore[override]
            super().initialize(argv)
            envs = list(self.voila_configuration.http_header_envs)
            if ADDRESS_HEADER not in envs:  # the training room's brake per address
                self.voila_configuration.http_header_envs = [*envs, ADDRESS_HEADER]
            size = group.apply_group(self.config)  # a training day: kernels ready for the group
            if size:
                self.log.info("Training day: %s kernels prepared per exercise", size)
            problem = security.binding_problem(self.ip, self.token)
            if problem is not None:
                self.log.critical(problem)
                self.exit(2)

    return MMVoila


def main(argv: list[str] | None = None) -> None:
    global _ADMIN_SECRET
    _ADMIN_SECRET = os.environ.pop("MM_ADMIN_SECRET", "")
    if group.group_from_environment()[0]:  # a training day: trainees' kernels mark themselves here
        import tempfile

        import atexit
        import shutil

        if not os.path.isdir(os.environ.get(group.ROOM_DIR_ENV, "")):  # a benchmark may give its own
            os.environ[group.ROOM_DIR_ENV] = room = tempfile.mkdtemp(prefix="mm-room-")  # 0700: ours only
            atexit.register(shutil.rmtree, room, True)
    patch_executor_timeout()
    app_class().launch_instance(argv=sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    main()
