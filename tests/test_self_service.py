"""The client's own page on the team stack (issue 22): the hub service's pieces without a hub
(mmwidgets/serving/hub_self.py, deploy/jupyterhub_config.py). The real stack is driven in
tests/browser/test_hub_stack.py."""

from __future__ import annotations

import runpy
import sys

from traitlets.config import Config

from mmwidgets.serving import hub, hub_self


def test_the_service_entry_runs_zelf_only_with_the_narrow_role():
    entry = hub_self.service("/venv/bin/python", 8123, {"MM_SELF_DATABASE_URL": "postgresql://mm_self:x@/db"})
    assert entry["name"] == "eigen-brug" and entry["url"] == "http://127.0.0.1:8123"
    assert entry["command"][:3] == ["/venv/bin/python", "-m", "mmwidgets.serving.hub_self"]
    assert entry["environment"]["MM_SELF_DATABASE_URL"].startswith("postgresql://mm_self")
    assert entry["environment"]["MM_SELF_PROXIES"] == "1"  # the hub's own proxy writes X-Forwarded-For
    assert "MM_DATABASE_URL" not in entry["environment"] and "api_token" not in entry
    assert entry["display"] is False
    assert hub_self.page_url("https://mm.gemeente.example/hub/home") == "https://mm.gemeente.example/services/eigen-brug/"
    argv = hub_self.voila_argv(8123, "/services/eigen-brug/")
    assert argv[0].endswith("workbooks/zelf.ipynb")  # one notebook: Voila serves no tree
    assert "--VoilaConfiguration.preheat_kernel=False" in argv and "--Voila.base_url=/services/eigen-brug/" in argv
    assert "--MappingKernelManager.cull_connected=True" in argv
    assert "'unsafe-inline'" in hub_self.CSP_SELF and "frame-ancestors 'none'" in hub_self.CSP_SELF


def test_only_the_page_is_served_at_the_services_own_address():
    class Page:
        pass

    base = "/services/eigen-brug/"
    specs = [
        (base + "api/kernels/(?P<kernel_id>\\w+-\\w+-\\w+-\\w+-\\w+)", object),
        ("/login", object), ("/logout", object), (base + "login", object),
        (base + "voila/files/(.*)", object), (base + "voila/static/(.*)", object),
        (base + "(.*)", Page, {"notebook_path": "zelf.ipynb"}),
    ]
    kept = hub_self.only_the_page(specs, base)
    patterns = [spec[0] for spec in kept]
    assert patterns == [specs[0][0], base + "voila/static/(.*)", base + "()"]
    page = kept[-1]
    assert issubclass(page[1], Page) and page[2] == {"notebook_path": "zelf.ipynb"}


def test_the_servers_own_refusal_is_the_one_sentence_in_the_visitors_language():
    dutch = hub_self.refusal_page(None)
    assert "<html lang='nl'>" in dutch and "Deze link werkt niet (meer). Vraag je coach om een nieuwe link." in dutch
    assert "class='mm-self-refused'" in dutch and "id='rendered_cells'" in dutch and "<title>Je brug</title>" in dutch
    assert "<h1 class='mm-self-refused-title'>Deze link werkt niet (meer)." in dutch  # the page's one heading
    english = hub_self.refusal_page("en")
    assert "<html lang='en'>" in english and "This link does not work (any more)." in english
    assert hub_self.refusal_page("<script>") == dutch  # an unknown language is Dutch, never echoed


def _hub_config(tmp_path, monkeypatch, **env: str) -> Config:
    team = hub.write_team_file(tmp_path / "team.yaml", {"team-a": ["coach-a"]}, {"coach-a": "appel-taart-7"})
    for name in ("MM_SELF_DATABASE_URL", "MM_HUB_PUBLIC_URL", "MM_HUB_STARTER_TOKEN", "MM_SELF_PROXIES",
                 "MM_HUB_SSL_CERT", "MM_HUB_SSL_KEY", "MM_HUB_AUTH", "MM_HUB_IP"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MM_HUB_TEAM_FILE", str(team))
    monkeypatch.setenv("MM_HUB_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("MM_HUB_PORT", "8765")
    monkeypatch.setenv("MM_DATABASE_URL", "postgresql://mm_app:x@/mmwidgets")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = Config()
    runpy.run_path(str(hub.root() / "deploy" / "jupyterhub_config.py"), init_globals={"get_config": lambda: config})
    return config


def test_the_hub_runs_the_client_page_as_a_service_and_tells_the_coaches_its_address(tmp_path, monkeypatch):
    config = _hub_config(tmp_path, monkeypatch, MM_SELF_DATABASE_URL="postgresql://mm_self:y@/mmwidgets",
                         MM_HUB_SELF_PORT="8799")
    services = {s["name"]: s for s in config.JupyterHub.services}
    own = services["eigen-brug"]
    assert own["url"] == "http://127.0.0.1:8799" and own["command"][0] == sys.executable
    assert own["environment"]["MM_SELF_DATABASE_URL"] == "postgresql://mm_self:y@/mmwidgets"
    assert "MM_DATABASE_URL" not in own["environment"]
    coaches = config.Spawner.environment
    assert coaches["MM_SELF_URL"] == "http://127.0.0.1:8765/services/eigen-brug/"
    assert "MM_SELF_DATABASE_URL" not in coaches and coaches["MM_DATABASE_URL"].startswith("postgresql://mm_app")
    # behind TLS the link carries the public address
    config = _hub_config(tmp_path, monkeypatch, MM_SELF_DATABASE_URL="postgresql://mm_self:y@/mmwidgets",
                         MM_HUB_PUBLIC_URL="https://mm.gemeente.example")
    assert config.Spawner.environment["MM_SELF_URL"] == "https://mm.gemeente.example/services/eigen-brug/"
    # the hub's own TLS without a public address: an https link
    monkeypatch.setenv("MM_HUB_PUBLIC", "1")
    config = _hub_config(tmp_path, monkeypatch, MM_SELF_DATABASE_URL="postgresql://mm_self:y@/mmwidgets",
                         MM_HUB_SSL_CERT=str(tmp_path / "hub.pem"), MM_HUB_SSL_KEY=str(tmp_path / "hub.key"))
    assert config.Spawner.environment["MM_SELF_URL"] == "https://127.0.0.1:8765/services/eigen-brug/"
    monkeypatch.delenv("MM_HUB_SSL_CERT")
    monkeypatch.delenv("MM_HUB_SSL_KEY")
    # without the narrow role there is no client page on the hub at all
    config = _hub_config(tmp_path, monkeypatch)
    assert "eigen-brug" not in {s["name"] for s in config.JupyterHub.services}
    assert "MM_SELF_URL" not in config.Spawner.environment


def test_the_laptop_gives_only_the_zelf_page_the_pages_own_headers():
    from mmwidgets.serving import security

    for path in ("/voila/render/zelf.ipynb", "/voila/render/zelf.ipynb/", "/voila/render/team-a/zelf.ipynb"):
        assert security.is_self_page(path), path
    for path in ("/voila/render/gesprek.ipynb", "/voila/render/nietzelf.ipynb", "/voila/render/zelf.ipynb.bak",
                 "/voila/tree", "", None):
        assert not security.is_self_page(path), path

    class Handler:
        def __init__(self, path):
            self.request = type("Request", (), {"path": path})()
            self.headers = {}

        def set_header(self, name, value):
            self.headers[name] = value

    zelf, gesprek = Handler("/voila/render/zelf.ipynb"), Handler("/voila/render/gesprek.ipynb")
    security.set_self_headers(zelf)
    security.set_self_headers(gesprek)
    assert zelf.headers == security.SELF_HEADERS and gesprek.headers == {}
    assert zelf.headers["X-Frame-Options"] == "DENY" and zelf.headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in zelf.headers["Content-Security-Policy"]
    assert hub_self.HEADERS is security.SELF_HEADERS  # the hub's service and the laptop send the same
