"""Pieces every app uses (so that no app imports another app)."""

from __future__ import annotations

import os

from mmwidgets.model.bridge.library import DefinitionLibrary, shipped_bridges_dir
from mmwidgets.store.config import definitions_dir


def default_library() -> DefinitionLibrary:
    """Shipped definitions first, then the team's own folder in the data directory."""
    return DefinitionLibrary([shipped_bridges_dir(), definitions_dir()])


def wait_for_visitor() -> bool:
    """Block until Voila hands a preheated kernel to a visitor; False at once when not preheated.

    Voila's own ``voila.utils.wait_for_request`` imports the whole of Voila and Jupyter Server
    into every kernel (seconds of CPU each, twenty kernels at once on a training day) and gives
    up when the server does not answer within 5 s, which a busy server may not; this asks the
    same socket with ``websockets`` alone and keeps trying while the server is busy.
    """
    if os.environ.get("VOILA_PREHEAT", "False") == "False":
        return False
    info = _request_info(_request_socket_url())
    for key, value in info.items():
        os.environ[key] = str(value)
    return True


def _request_socket_url() -> str:
    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{host}:{port}{base}voila/query/{os.environ.get('VOILA_KERNEL_ID', '')}"


def _request_info(url: str, attempts: int = 30) -> dict:
    """The visitor's request (query string, headers) that Voila sends when it hands the kernel over."""
    import json
    import time

    from websockets.sync.client import connect

    for attempt in range(attempts):
        try:
            with connect(url, open_timeout=30, max_size=2**22) as socket:
                return json.loads(socket.recv())
        except (OSError, TimeoutError) as exc:  # the server is busy or restarting: try again
            last = exc
        except Exception as exc:  # the socket closed without the request (kernel shut down)
            last = exc
            break
        time.sleep(min(5.0, 0.5 * (attempt + 1)))
    import logging

    logging.getLogger(__name__).warning("no visitor request from %s: %s", url, last)
    return {}
