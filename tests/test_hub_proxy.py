"""The pieces behind "every byte to a coach's Voila passes the hub's check" (issue 23), without the
whole stack: visitor tokens, the per-server secret Voila requires, its hand-over file, the kernel
cap that counts live pages. The real stack is tried in tests/browser/test_hub_stack.py."""

from __future__ import annotations

import asyncio
import datetime as dt
import stat
from types import SimpleNamespace

from fresh_loop import run_in_fresh_loop
from mmwidgets.serving import hub, security, voila_app
from mmwidgets.serving.hub_voila import make_room, read_proxy_secret, require_proxy


def test_a_visitor_token_is_the_servers_and_the_hub_users_own():
    key = b"k" * 32
    token = security.sign_visitor(key, "coach-a")
    assert security.verify_visitor(key, token, "coach-a")
    assert not security.verify_visitor(key, token, "coach-b")  # made for another hub user
    assert not security.verify_visitor(b"x" * 32, token, "coach-a")  # another server's key
    nonce = token.split(".")[0]
    for forged in ("", "zelfgemaakt", f"{nonce}.{'0' * 64}", f".{token.split('.')[1]}", token + ".x"):
        assert not security.verify_visitor(key, forged, "coach-a"), forged
    # the proxy and Voila derive the same key from the per-server secret; another secret, another key
    assert security.visitor_key("geheim") == security.visitor_key("geheim") != security.visitor_key("ander")


def test_voila_behind_the_proxy_answers_only_requests_with_the_secret():
    from tornado import httpclient, web

    class Page(web.RequestHandler):
        def get(self, *args):
            self.write("gesprek")

    async def scenario() -> dict[str, int]:
        app = web.Application([(r"/user/coach-a/(.*)", Page)])
        require_proxy(app, "per-server-geheim", "/user/coach-a/")
        server = app.listen(0, "127.0.0.1")
        port = next(iter(server._sockets.values())).getsockname()[1]
        client = httpclient.AsyncHTTPClient(force_instance=True)
        seen = {}
        try:
            for name, path, headers in (
                ("none", "voila/render/gesprek.ipynb", {}),
                ("wrong", "voila/render/gesprek.ipynb", {security.PROXY_HEADER: "geraden"}),
                ("right", "voila/render/gesprek.ipynb", {security.PROXY_HEADER: "per-server-geheim"}),
                ("query", "voila/query/k1", {}),  # the kernel asks its visitor's query string here
            ):
                answer = await client.fetch(f"http://127.0.0.1:{port}/user/coach-a/{path}", headers=headers,
                                            raise_error=False)
                seen[name] = answer.code
                if answer.code == 403:
                    assert b"gesprek" not in answer.body
        finally:
            client.close()
            server.stop()
        return seen

    assert run_in_fresh_loop(scenario()) == {"none": 403, "wrong": 403, "right": 200, "query": 200}


def test_the_secret_reaches_voila_in_a_file_only_its_account_reads_and_is_gone_once_read(tmp_path):
    from jupyter_server_proxy.handlers import SuperviseAndProxyHandler

    handler_class = hub.locked_proxy_handler(SuperviseAndProxyHandler, "s3cr3t", tmp_path)
    path = tmp_path / "proxy-secret"
    instance = object.__new__(handler_class)  # get_env needs no request: written at each start of Voila
    env = handler_class.get_env(instance)
    assert env["MM_PROXY_SECRET_FILE"] == str(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    environ = {"MM_PROXY_SECRET_FILE": str(path)}
    assert read_proxy_secret(environ) == "s3cr3t"
    assert not path.exists() and "MM_PROXY_SECRET_FILE" not in environ
    assert read_proxy_secret({}) == ""


class FakeKernels:
    def __init__(self, kernels: dict[str, tuple[int, float]]):
        now = dt.datetime.now(dt.timezone.utc)
        self._kernel_connections = {kid: conns for kid, (conns, _age) in kernels.items()}
        self._kernels = {kid: SimpleNamespace(last_activity=now - dt.timedelta(seconds=age))
                         for kid, (_conns, age) in kernels.items()}
        self._pools: dict = {}
        self.shut: list[str] = []

    def list_kernel_ids(self):
        return list(self._kernels)

    def get_kernel(self, kid):
        return self._kernels[kid]

    async def shutdown_kernel(self, kid):
        self.shut.append(kid)
        del self._kernels[kid]
        self._kernel_connections.pop(kid, None)


def test_a_reload_makes_room_at_once_its_old_page_is_gone(monkeypatch):
    monkeypatch.setattr(voila_app, "EVER_CONNECTED", {"old-page"})
    # cap 2: one live page, and the page just reloaded (connected 5 s ago, its websocket closed)
    km = FakeKernels({"live": (1, 1.0), "old-page": (0, 5.0)})
    assert run_in_fresh_loop(make_room(km, 2))
    assert km.shut == ["old-page"]
    # a page still connecting (never connected, young) is not taken away: the cap holds
    km = FakeKernels({"live": (1, 1.0), "connecting": (0, 5.0)})
    assert not run_in_fresh_loop(make_room(km, 2))
    assert km.shut == []


def test_a_new_page_waits_a_moment_for_a_closing_page_before_the_cap_refuses(monkeypatch):
    monkeypatch.setattr(voila_app, "EVER_CONNECTED", {"closing"})
    km = FakeKernels({"live": (1, 1.0), "closing": (1, 1.0)})

    async def scenario() -> bool:
        async def close_later():
            await asyncio.sleep(0.3)
            km._kernel_connections["closing"] = 0  # the reload's old page closes its websocket

        asyncio.ensure_future(close_later())
        return await make_room(km, 2, wait=3.0)

    assert run_in_fresh_loop(scenario())
    assert km.shut == ["closing"]


def test_the_kernel_a_page_gets_is_bound_to_that_pages_visitor(monkeypatch):
    monkeypatch.setattr(voila_app, "KERNEL_OWNERS", {})

    class Manager:
        async def get_rendered_notebook(self, *args, **kwargs):
            return ("task", [], "pooled-kernel")

        def start_kernel(self, *args, **kwargs):
            return "new-kernel"

    km = Manager()
    voila_app.bind_kernels_to_visitors(km)

    async def as_page(visitor: str) -> None:
        voila_app.CURRENT_VISITOR.set(visitor)
        await km.get_rendered_notebook("gesprek.ipynb")
        await km.start_kernel()

    run_in_fresh_loop(as_page("token-a"))
    assert voila_app.KERNEL_OWNERS == {"pooled-kernel": "token-a", "new-kernel": "token-a"}
    assert not voila_app.claim_kernel("pooled-kernel", "token-b")  # a kernel nobody claimed yet: not for B
    assert voila_app.claim_kernel("new-kernel", "token-a")


def test_the_proxy_passes_on_its_secret_and_user_and_nothing_of_ours_from_the_browser(tmp_path):
    from jupyter_server_proxy.handlers import SuperviseAndProxyHandler
    from tornado import httputil

    handler_class = hub.locked_proxy_handler(SuperviseAndProxyHandler, "s3cr3t", tmp_path)
    instance = object.__new__(handler_class)
    instance.request = SimpleNamespace(headers=httputil.HTTPHeaders({
        "Cookie": "a=b", "X-MM-Proxy": "geraden", "X-MM-Hub-User": "coach-b", "X-MM-Admin": "probeer"}))
    instance._current_user = {"name": "coach-a"}
    headers = handler_class.proxy_request_headers(instance)
    assert headers["X-MM-Proxy"] == "s3cr3t" and headers["X-MM-Hub-User"] == "coach-a"
    assert "X-MM-Admin" not in headers and headers["Cookie"] == "a=b"
