"""Hardened serving: on any address other than this machine's own, a token is required."""

from __future__ import annotations

import ipaddress
import os

from mmwidgets.i18n import normalise_language, t

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(host: str | None) -> bool:
    """True for 127.0.0.1, ::1, localhost; False for "" / 0.0.0.0 (every address) and others."""
    host = (host or "").strip().strip("[]")
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def binding_problem(ip: str | None, token: str | None, auto_token: bool = False, lang: str | None = None) -> str | None:
    """The sentence that refuses to serve ``ip`` without a token, or None when it is fine."""
    if is_loopback(ip) or (token or "").strip() or auto_token:
        return None
    lang = normalise_language(lang or os.environ.get("MM_LANG"))
    return t("serve.needs_token", lang, ip=ip or "0.0.0.0")


# -- what the coach's proxy adds, and the visitor token ------------------------------------
#: header the coach's proxy (mmwidgets.serving.hub) adds to every request it passes on to Voila:
#: the per-server secret; a local process that talks to Voila's port directly has no such header
PROXY_HEADER = "X-MM-Proxy"
#: header with the hub user the proxy authenticated (trusted only together with PROXY_HEADER)
HUB_USER_HEADER = "X-MM-Hub-User"
#: paths Voila serves without the proxy's secret: a preheated kernel asks here for its visitor's
#: query string (mmwidgets.apps.common), talking to Voila's port from inside the server
UNPROXIED_PATHS = ("voila/query/",)


def proxy_secret_ok(offered: str | None, secret: str) -> bool:
    """True when ``offered`` is the per-server secret (compared in constant time)."""
    import hmac

    return bool(secret) and hmac.compare_digest((offered or "").encode(), secret.encode())


def unproxied_path_allowed(path: str, base_url: str) -> bool:
    base = "/" + base_url.strip("/") + "/" if base_url.strip("/") else "/"
    return any(path.startswith(base + allowed) for allowed in UNPROXIED_PATHS)


def sign_visitor(secret: bytes, user: str, nonce: str | None = None) -> str:
    """A visitor token the server made: ``<nonce>.<mac>``, the MAC over nonce and hub user.

    A browser cannot make one (it has no ``secret``), and a token made for one hub user is
    worth nothing for another (``verify_visitor`` checks the user of the request)."""
    import hashlib
    import hmac
    import secrets as _secrets

    nonce = nonce or _secrets.token_urlsafe(18)
    mac = hmac.new(secret, f"{nonce}|{user}".encode(), hashlib.sha256).hexdigest()
    return f"{nonce}.{mac}"


def verify_visitor(secret: bytes, token: str | None, user: str) -> bool:
    """True when ``token`` was made by :func:`sign_visitor` with ``secret`` for ``user``."""
    import hmac

    if not secret or not token or token.count(".") != 1:
        return False
    nonce, _ = token.split(".")
    if not nonce:
        return False
    return hmac.compare_digest(sign_visitor(secret, user, nonce).encode(), token.encode())


def visitor_key(proxy_secret: str) -> bytes:
    """The key visitor tokens are signed with behind a coach's proxy: derived from the proxy's
    per-server secret, so the proxy can refuse a forged token before it reaches Voila."""
    import hashlib
    import hmac

    return hmac.new(proxy_secret.encode(), b"mm-visitor-token", hashlib.sha256).digest()


# -- the client's own page (issue 22): its headers wherever it is served ------------------------
#: what the client's page may load and where it may connect: Voila's page and require.js run inline
#: code, widgets talk to the page's kernel over a websocket on this host; no framing, no form posts
CSP_SELF = (
    "default-src 'self'; "
    "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob: data:; worker-src 'self' blob:; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' data: blob:; "
    "connect-src 'self' ws: wss:; "
    "object-src 'none'; base-uri 'self'; form-action 'none'; frame-ancestors 'none'"
)
#: the client's page's headers: the link holds the token, so no request may carry it on
#: (Referrer-Policy) and no other site may frame the page
SELF_HEADERS = {
    "Content-Security-Policy": CSP_SELF,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
#: the client's page's notebook
SELF_NOTEBOOK = "zelf.ipynb"


def is_self_page(path: str | None) -> bool:
    """True for the address of the client's page on the laptop server (``…/voila/render/zelf.ipynb``,
    also in a sub-folder); the hub's service sets :data:`SELF_HEADERS` on all its answers."""
    path = (path or "").split("?", 1)[0].rstrip("/")
    return path == SELF_NOTEBOOK or path.endswith("/" + SELF_NOTEBOOK)


def set_self_headers(handler: object) -> None:
    """Give a page answer the client's page's headers when it is that page (called by the page
    handler of :mod:`mmwidgets.serving.voila_app` before the page is written)."""
    request = getattr(handler, "request", None)
    if request is not None and is_self_page(getattr(request, "path", "")):
        for name, value in SELF_HEADERS.items():
            handler.set_header(name, value)  # type: ignore[attr-defined]
