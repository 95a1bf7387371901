"""The coach's proxy answers the page's scripts itself (issue 20): only Voila's own static folders,
only regular files inside them, only after the hub log-in check, with Voila's security headers."""

from __future__ import annotations

import json
import os

from fresh_loop import run_in_fresh_loop
from mmwidgets.serving import hub, hub_static


def _folders(tmp_path):
    first, second, labext, template = (tmp_path / n for n in ("first", "second", "labext", "tmpl"))
    for folder in (first, second, labext / "@jupyter-widgets" / "static", template):
        folder.mkdir(parents=True)
    (first / "1187.voila.js").write_text("eerste")
    (second / "1187.voila.js").write_text("tweede")  # the first folder wins, as in Voila
    (second / "9484.voila.js").write_text("alleen in de tweede")
    (labext / "@jupyter-widgets" / "static" / "remoteEntry.0123456789abcdef0123.js").write_text("widgets")
    (template / "mm.css").write_text("body {}")
    (tmp_path / "geheim.txt").write_text("niet voor de browser")
    os.symlink(tmp_path / "geheim.txt", first / "link.js")
    return {"static": [str(first), str(second)], "labextensions": [str(labext)],
            "templates": {"mm": [str(template)], "../x": [str(tmp_path)]}}


def test_only_files_inside_voilas_own_static_folders_are_found(tmp_path):
    files = hub_static.StaticFiles(_folders(tmp_path), bases=[str(tmp_path)])
    assert open(files.find("voila/static/1187.voila.js")).read() == "eerste"
    assert open(files.find("/voila/static/9484.voila.js")).read() == "alleen in de tweede"
    assert files.find("voila/labextensions/@jupyter-widgets/static/remoteEntry.0123456789abcdef0123.js")
    assert open(files.find("voila/templates/mm/static/mm.css")).read() == "body {}"
    for path in ("voila/static/../geheim.txt", "voila/static/link.js", "voila/static/", "voila/static//etc/passwd",
                 "voila/templates/../x/static/geheim.txt", "voila/templates/lab/static/mm.css",
                 "voila/render/gesprek.ipynb", "api/kernels", "voila/static/onbekend.js", "voila/static/a\\..\\b"):
        assert files.find(path) is None, path  # Voila answers these, as before


def test_folders_outside_the_environment_are_never_served(tmp_path):
    mapping = _folders(tmp_path)
    files = hub_static.StaticFiles(mapping, bases=[str(tmp_path / "elders")])
    assert files.find("voila/static/1187.voila.js") is None
    # the real bases: the Python environment and the repository's share/
    assert any(os.path.realpath(os.sys.prefix) == b for b in hub_static.allowed_bases())


def test_versioned_and_hashed_files_are_cached_for_a_year_the_rest_for_an_hour():
    assert hub_static.cache_control("static/mm.css", versioned=True) == hub_static.IMMUTABLE
    assert hub_static.cache_control("@jupyter-widgets/static/remoteEntry.0123456789abcdef0123.js", False) == hub_static.IMMUTABLE
    assert hub_static.cache_control("static/9674eb1bd55047179038.svg", False) == hub_static.IMMUTABLE
    assert hub_static.cache_control("static/1187.voila.js", False) == "private, max-age=3600"
    assert hub_static.content_type("a/1187.voila.js") in ("application/javascript", "text/javascript")


def _proxy_app(tmp_path):
    """The coach's real proxy handler (jupyter-server-proxy's standalone one, locked by us), with the
    hub's log-in check answered by a test header instead of the hub."""
    from jupyter_server_proxy.handlers import SuperviseAndProxyHandler
    from jupyter_server_proxy.standalone.proxy import make_standalone_proxy
    from tornado import web

    base, kwargs = make_standalone_proxy(SuperviseAndProxyHandler, {"state": {}})
    locked = hub.locked_proxy_handler(base, "s3cr3t", tmp_path)

    class Handler(locked):  # type: ignore[misc, valid-type]
        passed_on: list[str] = []

        def get_current_user(self):
            name = self.request.headers.get("X-Test-User", "")
            return {"name": name} if name == "coach-a" else None

        def get_login_url(self):
            return "/hub/login"

        async def proxy(self, port, path):  # Voila: not running here
            Handler.passed_on.append(path)
            self.write("van voila")

    (tmp_path / "static-map.json").write_text(json.dumps(_folders(tmp_path)))
    app = web.Application([(r"^/user/coach-a/(.*)", Handler, kwargs)], base_url="/user/coach-a",
                          hub_user="coach-a", cookie_secret=b"x" * 32)
    return app, Handler


def test_the_proxy_serves_scripts_itself_after_the_hub_check_with_voilas_headers(tmp_path, monkeypatch):
    from tornado import httpclient

    monkeypatch.setattr(hub_static, "allowed_bases", lambda: [str(tmp_path)])
    app, handler = _proxy_app(tmp_path)

    async def scenario():
        server = app.listen(0, "127.0.0.1")
        port = next(iter(server._sockets.values())).getsockname()[1]
        client = httpclient.AsyncHTTPClient(force_instance=True)
        url = f"http://127.0.0.1:{port}/user/coach-a/"
        got = {}
        try:
            for name, path, headers in (
                ("stranger", "voila/static/1187.voila.js", {}),
                ("colleague", "voila/static/1187.voila.js", {"X-Test-User": "coach-b"}),
                ("coach", "voila/static/1187.voila.js", {"X-Test-User": "coach-a"}),
                ("versioned", "voila/templates/mm/static/mm.css?v=abc", {"X-Test-User": "coach-a"}),
                ("outside", "voila/static/../geheim.txt", {"X-Test-User": "coach-a"}),
                ("page", "voila/render/gesprek.ipynb", {"X-Test-User": "coach-a"}),
            ):
                got[name] = await client.fetch(url + path, headers=headers, raise_error=False, follow_redirects=False)
            etag = got["coach"].headers["Etag"]
            got["again"] = await client.fetch(url + "voila/static/1187.voila.js", raise_error=False,
                                              headers={"X-Test-User": "coach-a", "If-None-Match": etag})
        finally:
            client.close()
            server.stop()
        return got

    got = run_in_fresh_loop(scenario())
    for name in ("stranger", "colleague"):  # sent to the hub's log-in, nothing of the file
        assert got[name].code == 302 and got[name].headers["Location"].startswith("/hub/login")
        assert b"eerste" not in got[name].body
    coach = got["coach"]
    assert coach.code == 200 and coach.body == b"eerste"
    assert coach.headers["Content-Security-Policy"] == hub.CSP_VOILA
    assert coach.headers["X-Content-Type-Options"] == "nosniff"
    assert coach.headers["Cache-Control"] == "private, max-age=3600"
    assert "Server" not in coach.headers and "X-JupyterHub-Version" not in coach.headers
    assert got["versioned"].code == 200 and got["versioned"].headers["Cache-Control"] == hub_static.IMMUTABLE
    assert got["again"].code == 304 and got["again"].body == b""
    # not a static file of Voila's: passed on to Voila as before (which answers 404 or its page)
    assert got["outside"].body == b"van voila" and got["page"].body == b"van voila"
    assert handler.passed_on == ["voila/static/../geheim.txt", "voila/render/gesprek.ipynb"]


def test_voila_tells_the_proxy_its_folders_in_an_owner_only_file(tmp_path):
    import stat

    path = tmp_path / "static-map.json"
    hub_static.write_static_map(path, ["/a"], {"mm": ["/b"]}, ["/c"])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text()) == {"static": ["/a"], "labextensions": ["/c"], "templates": {"mm": ["/b"]}}
    assert hub_static.read_static_files(tmp_path / "nergens.json") is None


def _installed_files(monkeypatch):
    """StaticFiles over the folders a coach's Voila really serves from (as it writes them at start)."""
    from mmwidgets.serving.server import voila_env

    monkeypatch.setenv("JUPYTER_PATH", voila_env()["JUPYTER_PATH"])
    from voila.paths import collect_static_paths
    from voila.utils import get_voila_labextensions_path

    import jupyter_server

    static = collect_static_paths(["voila", "nbconvert"], hub_static.TEMPLATE) + [
        os.path.join(os.path.dirname(jupyter_server.__file__), "static")]
    return hub_static.StaticFiles({"static": static, "labextensions": get_voila_labextensions_path(),
                                   "templates": {hub_static.TEMPLATE: collect_static_paths(["voila", "nbconvert"], "mm")}})


def test_every_bundled_chunk_is_installed_and_joins_the_list_its_script_reads(monkeypatch):
    import re

    files = _installed_files(monkeypatch)
    assert files.voila_version == hub_static.VOILA_VERSION  # the chunk ids were recorded for this Voila
    for script, chunks in hub_static.BUNDLES.items():
        found = files.bundle(script)
        assert found is not None and len(found) == len(chunks), script
        text = open(files.find(script), encoding="utf-8").read()
        for chunk in found:
            head = open(chunk, encoding="utf-8").read(300)
            name = re.search(r'self(?:\.(\w+)|\["([^"]+)"\])\s*=\s*self', head)
            assert name, chunk
            glob = name.group(1) or name.group(2)
            assert glob in text, (chunk, glob)  # the script takes chunks already on that list
    # another Voila: its chunks may have other ids, so voila.js is served alone
    files.voila_version = "0.6.0"
    assert files.bundle("voila/static/voila.js") is None
    assert files.bundle("voila/static/1187.voila.js") is None


def test_a_bundle_keeps_each_chunks_strict_mode_inside_its_own_function(tmp_path):
    chunk, script = tmp_path / "1.voila.js", tmp_path / "voila.js"
    chunk.write_text('"use strict";(self.w=self.w||[]).push([[1],{}]);\n//# sourceMappingURL=1.voila.js.map')
    script.write_text("var runtime = 1;")
    body = hub_static.bundled_body([str(chunk)], str(script)).decode()
    assert body.startswith("(function(){\n\"use strict\";")
    assert "map\n})();\nvar runtime = 1;" in body  # the closing is not swallowed by the map comment
    assert hub_static.bundle_etag([str(chunk), str(script)]) != hub_static.bundle_etag([str(script)])
