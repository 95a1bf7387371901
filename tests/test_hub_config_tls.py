"""Issue 23: what a municipality sets for TLS and Microsoft Entra ID in deploy/jupyterhub_config.py, checked
offline (there is no tenant and no certificate here): the file loads with the Entra settings, names the
right authenticator with the tenant's values, makes teams from Entra groups, refuses Entra ID without
TLS, and gives Secure cookies of a working day behind TLS (its own certificate or TLS in front)."""

from __future__ import annotations

from pathlib import Path

import pytest
from traitlets.config.loader import PyFileConfigLoader

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
ENTRA = {
    "MM_HUB_AUTH": "entra",
    "AAD_TENANT_ID": "00000000-0000-4000-8000-000000000001",
    "AAD_CLIENT_ID": "00000000-0000-4000-8000-000000000002",
    "AAD_CLIENT_SECRET": "geheim-van-de-app",
    "AAD_CALLBACK_URL": "https://mm.gemeente.example/hub/oauth_callback",
    "AAD_ALLOWED_GROUPS": "team-noord,team-zuid,teamleider,logbeheerder",
    "MM_HUB_PUBLIC_URL": "https://mm.gemeente.example",
    "MM_HUB_PUBLIC": "1",
    "MM_HUB_IP": "0.0.0.0",
}


def load(monkeypatch, tmp_path, **env):
    for name in ("MM_HUB_AUTH", "MM_HUB_PUBLIC_URL", "MM_HUB_SSL_CERT", "MM_HUB_SSL_KEY", "MM_HUB_COOKIE_HOURS",
                 "MM_SELF_DATABASE_URL", "MM_HUB_STARTER_TOKEN", *ENTRA):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MM_HUB_STATE_DIR", str(tmp_path / "hub"))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return PyFileConfigLoader("jupyterhub_config.py", path=str(DEPLOY)).load_config()


def test_entra_id_loads_with_the_tenants_values_and_teams_from_its_groups(monkeypatch, tmp_path):
    c = load(monkeypatch, tmp_path, **ENTRA)
    assert c.JupyterHub.authenticator_class == "azuread"  # oauthenticator's AzureAdOAuthenticator
    entra = c.AzureAdOAuthenticator
    assert (entra.tenant_id, entra.client_id, entra.client_secret) == (
        ENTRA["AAD_TENANT_ID"], ENTRA["AAD_CLIENT_ID"], ENTRA["AAD_CLIENT_SECRET"])
    assert entra.oauth_callback_url == ENTRA["AAD_CALLBACK_URL"]
    assert entra.username_claim == "preferred_username" and "openid" in entra.scope
    assert entra.manage_groups is True and entra.auth_state_groups_key == "user.groups"
    assert entra.allowed_groups == {"team-noord", "team-zuid", "teamleider", "logbeheerder"}
    assert "PilotPasswordAuthenticator" not in c and "allowed_users" not in c.Authenticator  # no pilot passwords
    # behind TLS: Secure, SameSite=Lax, a working day, for the hub and the coaches' own servers
    options = c.JupyterHub.tornado_settings["cookie_options"]
    assert options == {"samesite": "Lax", "expires_days": 10 / 24, "secure": True}
    assert c.JupyterHub.cookie_max_age_days == 10 / 24
    assert '"secure": true' in c.Spawner.environment["JUPYTERHUB_COOKIE_OPTIONS"]
    assert c.JupyterHub.public_url == "https://mm.gemeente.example"


@pytest.mark.parametrize("changed", [{"AAD_CALLBACK_URL": "http://mm.gemeente.example/hub/oauth_callback"},
                                     {"MM_HUB_PUBLIC_URL": "http://mm.gemeente.example"}])
def test_entra_id_without_tls_is_refused_with_what_to_set(monkeypatch, tmp_path, changed):
    with pytest.raises(SystemExit) as refused:
        load(monkeypatch, tmp_path, **{**ENTRA, **changed})
    assert "only over TLS" in str(refused.value) and "MM_HUB_SSL_CERT" in str(refused.value)


def test_the_hubs_own_certificate_serves_https_and_makes_cookies_secure(monkeypatch, tmp_path):
    env = {k: v for k, v in ENTRA.items() if k != "MM_HUB_PUBLIC_URL"}
    c = load(monkeypatch, tmp_path, **env, MM_HUB_SSL_CERT="/etc/mm/tls/hub.crt",
             MM_HUB_SSL_KEY="/etc/mm/tls/hub.key", MM_HUB_COOKIE_HOURS="8")
    assert (c.JupyterHub.ssl_cert, c.JupyterHub.ssl_key) == ("/etc/mm/tls/hub.crt", "/etc/mm/tls/hub.key")
    assert c.JupyterHub.tornado_settings["cookie_options"] == {"samesite": "Lax", "expires_days": 8 / 24,
                                                               "secure": True}


def test_the_z2jh_values_say_the_same(monkeypatch):
    import yaml

    values = yaml.safe_load((DEPLOY / "values-z2jh.yaml").read_text(encoding="utf-8"))
    config = values["hub"]["config"]
    assert config["JupyterHub"]["authenticator_class"] == "azuread"
    entra = config["AzureAdOAuthenticator"]
    assert entra["oauth_callback_url"].startswith("https://") and entra["manage_groups"] is True
    assert entra["auth_state_groups_key"] == "user.groups" and entra["username_claim"] == "preferred_username"
    locked = values["hub"]["extraConfig"]["mm-locked"]
    assert '"secure": True' in locked and '"samesite": "Lax"' in locked and "10 / 24" in locked
