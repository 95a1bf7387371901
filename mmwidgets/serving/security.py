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
