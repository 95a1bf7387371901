# JupyterHub configuration for a team of coaches (issue 9); see deploy/README.md.
#
# Used as is by `make hub` (the local pilot), tests/browser/test_hub_stack.py and bench/bench_hub.py,
# which start it through mmwidgets.serving.hub_pilot. Everything that differs per site comes from
# the environment:
#
#   MM_DATABASE_URL    the team's PostgreSQL (every coach's Voila uses it)      required
#   MM_HUB_TEAM_FILE   YAML with the hub groups and pilot password hashes       required for the pilot log-in
#   MM_HUB_STATE_DIR   folder for the hub's own state (cookie secret, hub db)   default: ./.mm-data/hub
#   MM_HUB_IP/PORT     where the hub listens                                    default: 127.0.0.1:8000
#   MM_HUB_PUBLIC=1    allow another address than 127.0.0.1 (then use real log-in: Entra ID below)
#   MM_HUB_KERNEL_CAP  workbook pages (kernels) per coach at once               default: 4
#   MM_HUB_CULL_IDLE   seconds before an idle coach's Voila is stopped          default: 3600
#   MM_HUB_AUTH=entra  use Microsoft Entra ID (OpenID Connect) instead of the pilot passwords
#   MM_HUB_CHP         path of configurable-http-proxy (from npm)
#   MM_HUB_PUBLIC_URL  https://<host> when TLS ends in front of the hub: cookies become Secure
#   MM_HUB_COOKIE_HOURS  how long a log-in lasts (cookies and tokens)               default: 10 (a working day)
#   MM_HUB_SSL_CERT / MM_HUB_SSL_KEY  PEM files: the hub itself speaks https (else TLS ends in front of it)
#   MM_SELF_DATABASE_URL  the client's own page's narrow role (issue 22): the eigen-brug service  none: no client page
#   MM_HUB_SELF_PORT     the eigen-brug service's port on 127.0.0.1                default: 8082
#
# Teams are hub groups: `team-<x>` is a team; `teamleider`, `logbeheerder`, `trainer`, `cursist`
# give a role (mmwidgets/serving/hub.py). MM_TEAM and MM_ROLE reach each coach's Voila through
# the pre-spawn hook, JUPYTERHUB_USER through the hub itself: the browser cannot change them.
import json
import os
import sys
from pathlib import Path

from mmwidgets.serving import hub
from mmwidgets.serving.security import is_loopback

c = get_config()  # noqa: F821 - provided by JupyterHub

state = Path(os.environ.get("MM_HUB_STATE_DIR") or (hub.root() / ".mm-data" / "hub"))
state.mkdir(parents=True, exist_ok=True, mode=0o700)
ip = os.environ.get("MM_HUB_IP", "127.0.0.1")
if not is_loopback(ip) and os.environ.get("MM_HUB_PUBLIC") != "1":
    sys.exit(f"jupyterhub_config.py: MM_HUB_IP={ip} is not this computer; set MM_HUB_PUBLIC=1 with real log-in")

# -- the hub and its proxy ------------------------------------------------------------
c.JupyterHub.ip = ip
c.JupyterHub.port = int(os.environ.get("MM_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("MM_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('MM_HUB_PROXY_API_PORT', '8001')}"
if os.environ.get("MM_HUB_CHP"):
    c.ConfigurableHTTPProxy.command = [os.environ["MM_HUB_CHP"]]
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.db_url = os.environ.get("MM_HUB_DB_URL", f"sqlite:///{state / 'jupyterhub.sqlite'}")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
# -- log-in cookies: a working day, SameSite=Lax, Secure behind TLS; no versions to strangers ----
hours = float(os.environ.get("MM_HUB_COOKIE_HOURS", "10"))
public_url = os.environ.get("MM_HUB_PUBLIC_URL", "")
if public_url:
    c.JupyterHub.public_url = public_url  # the hub sets Secure on its cookies when this is https
cookie_options = {"samesite": "Lax", "expires_days": hours / 24}
if os.environ.get("MM_HUB_SSL_CERT"):  # TLS in the hub's own proxy (a municipality's certificate)
    c.JupyterHub.ssl_cert = os.environ["MM_HUB_SSL_CERT"]
    c.JupyterHub.ssl_key = os.environ["MM_HUB_SSL_KEY"]
if public_url.startswith("https://") or os.environ.get("MM_HUB_SSL_CERT"):
    cookie_options["secure"] = True
c.JupyterHub.cookie_max_age_days = hours / 24  # also the lifetime of the coaches' servers' OAuth tokens
c.JupyterHub.tornado_settings = {"headers": {"Content-Security-Policy": hub.CSP_HUB,
                                             "X-Content-Type-Options": "nosniff",
                                             "Referrer-Policy": "same-origin"},
                                 "cookie_options": cookie_options}
hub.hide_versions()
c.JupyterHub.template_paths = [str(hub.TEMPLATES)]  # the log-in page in the team's language (MM_LANG, default nl)
c.JupyterHub.template_vars = hub.template_vars(os.environ.get("MM_LANG", "nl"))
c.JupyterHub.allow_named_servers = False  # one server (one Voila) per coach
c.JupyterHub.default_url = "/hub/home"
c.JupyterHub.implicit_spawn_seconds = 0.5  # a coach who is logged in gets their Voila started at once

# -- log-in ---------------------------------------------------------------------------
if os.environ.get("MM_HUB_AUTH") == "entra":
    # Microsoft Entra ID (OpenID Connect); `pip install oauthenticator`. What a municipality fills in:
    c.JupyterHub.authenticator_class = "azuread"
    c.AzureAdOAuthenticator.tenant_id = os.environ["AAD_TENANT_ID"]           # Directory (tenant) ID
    c.AzureAdOAuthenticator.client_id = os.environ["AAD_CLIENT_ID"]           # Application (client) ID
    c.AzureAdOAuthenticator.client_secret = os.environ["AAD_CLIENT_SECRET"]   # a client secret of the app
    c.AzureAdOAuthenticator.oauth_callback_url = os.environ["AAD_CALLBACK_URL"]  # https://<host>/hub/oauth_callback
    if not os.environ["AAD_CALLBACK_URL"].startswith("https://") or "secure" not in cookie_options:
        sys.exit("jupyterhub_config.py: Entra ID log-in only over TLS: AAD_CALLBACK_URL and MM_HUB_PUBLIC_URL "
                 "https://<host> (or MM_HUB_SSL_CERT/MM_HUB_SSL_KEY)")
    c.AzureAdOAuthenticator.username_claim = "preferred_username"
    c.AzureAdOAuthenticator.scope = ["openid", "email", "profile"]
    # Teams from Entra ID groups (group object ids or names in the token's "groups" claim):
    c.AzureAdOAuthenticator.manage_groups = True
    c.AzureAdOAuthenticator.auth_state_groups_key = "user.groups"
    c.AzureAdOAuthenticator.allowed_groups = set(os.environ.get("AAD_ALLOWED_GROUPS", "").split(",")) - {""}
else:
    team = hub.read_team_file(os.environ["MM_HUB_TEAM_FILE"])
    c.JupyterHub.authenticator_class = hub.pilot_authenticator_class()
    c.PilotPasswordAuthenticator.team_file = os.environ["MM_HUB_TEAM_FILE"]
    c.Authenticator.allowed_users = set(team["users"])
    c.JupyterHub.load_groups = {name: {"users": members} for name, members in team["groups"].items()}

# -- each coach's own Voila ---------------------------------------------------------------
# Pilot on one machine: every Voila runs as the hub's system user (no isolation between processes
# beyond the hub's log-in); on Kubernetes each coach gets a pod (deploy/README.md).
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = str(state / "home" / "{username}")
c.Spawner.cmd = hub.coach_command(sys.executable, int(os.environ.get("MM_HUB_KERNEL_CAP", hub.DEFAULT_KERNEL_CAP)))
c.Spawner.default_url = hub.DEFAULT_URL
c.Spawner.pre_spawn_hook = hub.pre_spawn_hook
c.Spawner.environment = {
    "MM_DATABASE_URL": os.environ.get("MM_DATABASE_URL", ""),  # the app role's URL, never the owner's
    # the coach's proxy sets its own OAuth cookie with these (HubOAuth.cookie_options)
    "JUPYTERHUB_COOKIE_OPTIONS": json.dumps(cookie_options),
    "MM_LANG": os.environ.get("MM_LANG", "nl"),
    "PYTHONUNBUFFERED": "1",
}
for name in ("MM_TIMINGS_FILE", "PATH", "LANG", "LC_ALL", "TZ"):
    if os.environ.get(name):
        c.Spawner.environment[name] = os.environ[name]
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.mem_limit = os.environ.get("MM_HUB_MEM_LIMIT", "1G")  # enforced by KubeSpawner, advisory here
c.JupyterHub.concurrent_spawn_limit = 25
c.JupyterHub.active_server_limit = int(os.environ.get("MM_HUB_SERVER_LIMIT", "60"))

# -- roles: a team lead reads the hub's list of the team's users, never their servers ---------
c.JupyterHub.load_roles = [
    {"name": "user", "scopes": ["self"]},
    {"name": "mm-teamleider", "groups": ["teamleider"], "scopes": ["self", "read:users:name", "read:groups"]},
    {"name": "idle-culler", "services": ["idle-culler"],
     "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]},
]

# -- idle culling: a coach's Voila stops after an idle hour (their kernels with it) ------------
c.JupyterHub.services = [
    {"name": "idle-culler",
     "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                 f"--timeout={int(os.environ.get('MM_HUB_CULL_IDLE', '3600'))}", "--cull-every=120"]},
]

# -- optional: a service that starts the team's servers before the day begins (bench/bench_hub.py
# --warm, or a morning cron job): POST /hub/api/users/<name>/server with this token.
if os.environ.get("MM_HUB_STARTER_TOKEN"):
    c.JupyterHub.services.append({"name": "mm-starter", "api_token": os.environ["MM_HUB_STARTER_TOKEN"]})
    c.JupyterHub.load_roles.append({"name": "mm-starter", "services": ["mm-starter"],
                                    "scopes": ["list:users", "read:servers", "servers"]})


# -- issue 22: the client's own page, without a hub log-in, only that page ---------------------
# A managed service (mmwidgets/serving/hub_self.py): the hub starts it and routes /services/eigen-brug/
# to it; the route has no hub log-in (a client only has the link with its token), the service serves
# zelf.ipynb and nothing else and connects with the narrow role MM_SELF_DATABASE_URL (never
# MM_DATABASE_URL). The coaches' servers get MM_SELF_URL to make the links with. Without
# MM_SELF_DATABASE_URL there is no client page on this hub (docs/eigen-brug.md).
if os.environ.get("MM_SELF_DATABASE_URL"):
    from mmwidgets.serving import hub_self

    self_env = {"MM_SELF_DATABASE_URL": os.environ["MM_SELF_DATABASE_URL"], "MM_LANG": os.environ.get("MM_LANG", "nl"),
                "MM_SELF_PROXIES": os.environ.get("MM_SELF_PROXIES", "1")}  # 1: only the hub's proxy in front
    for name in ("MM_TIMINGS_FILE", "TZ"):
        if os.environ.get(name):
            self_env[name] = os.environ[name]
    c.JupyterHub.services.append(hub_self.service(sys.executable, int(os.environ.get("MM_HUB_SELF_PORT", "8082")),
                                                  self_env))
    scheme = "https" if os.environ.get("MM_HUB_SSL_CERT") else "http"  # the hub's own TLS, without a public URL
    c.Spawner.environment["MM_SELF_URL"] = hub_self.page_url(public_url or f"{scheme}://{ip}:{c.JupyterHub.port}")
