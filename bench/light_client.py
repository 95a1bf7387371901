"""A visitor's tablet as the server sees it: the page, its scripts, the kernel and the widgets' state.

On this 2-core machine twenty Chromium pages cost the *test machine* about 5 CPU-seconds each to
parse and draw Voila's JavaScript, which in a training room or an office every tablet or laptop
does for itself. To measure what the server can do for a group, a light client asks the server
for everything a browser asks for, in the same order, and stops where the browser would start
drawing:

1. the workbook page (streamed HTML, which holds the kernel's id and the rendered cells);
2. every script and stylesheet a real Chromium page loaded from the server (recorded once with
   :func:`record_assets`), six at a time as a browser does;
3. the kernel's websocket, with the page's cookies (the server gives a kernel to one visitor), and
   the widgets' state (``request_states`` on ipywidgets' control comm), which is what the widget
   manager waits for before it draws the first widget.

``usable_s`` is the time until the widgets' state has arrived. A benchmark pairs light clients
with at least one real browser page opened at the same moment, so the figure for a drawn page
is measured too.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

_KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')
CONTROL_PROTOCOL = "1.0.0"  # ipywidgets 8's widget control comm
BROWSER_PARALLEL = 6  # connections per host in Chromium


@dataclass
class PageTimes:
    html_s: float  # the whole page streamed
    assets_s: float  # every script and stylesheet loaded
    usable_s: float  # the widgets' state arrived: a browser would draw now
    asset_bytes: int
    widgets: int
    kernel_id: str = ""  # the kernel the server gave this page


async def record_assets(context: Any, page_url: str, ready_selector: str, timeout_ms: int = 240_000) -> list[str]:
    """The server's URLs (besides the page and websockets) a real Chromium page loads, in order."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page_url))
    seen: list[str] = []
    page = await context.new_page()
    page.on("request", lambda r: seen.append(r.url) if r.url.startswith(origin) and r.resource_type not in ("document", "websocket") else None)
    await page.goto(page_url, wait_until="commit", timeout=timeout_ms)
    await page.wait_for_selector(ready_selector, state="visible", timeout=timeout_ms)
    await page.close()
    return [u for u in dict.fromkeys(seen) if "/api/" not in u]


def _message(msg_type: str, content: dict, session: str, channel: str = "shell", metadata: dict | None = None) -> dict:
    return {
        "header": {
            "msg_id": uuid.uuid4().hex,
            "username": "bench",
            "session": session,
            "msg_type": msg_type,
            "version": "5.3",
            "date": dt.datetime.now(dt.timezone.utc).isoformat(),
        },
        "parent_header": {},
        "metadata": metadata or {},
        "content": content,
        "channel": channel,
        "buffers": [],
    }


def _binary_message(data: bytes) -> dict:
    """Jupyter Server's binary frame (a message with buffers): offsets, then the JSON message first."""
    count = int.from_bytes(data[:4], "big")
    offsets = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(count)]
    end = offsets[1] if count > 1 else len(data)
    return json.loads(data[offsets[0] : end])


async def open_page(session: Any, page_url: str, assets: list[str], timeout: float = 300.0) -> PageTimes:
    """Open one workbook page the way a browser does, with ``session`` (an aiohttp ClientSession
    whose cookie jar accepts the server's cookies: ``aiohttp.CookieJar(unsafe=True)``)."""
    return await asyncio.wait_for(_open_page(session, page_url, assets), timeout)


async def _open_page(session: Any, page_url: str, assets: list[str]) -> PageTimes:
    start = time.perf_counter()
    async with session.get(page_url) as response:
        response.raise_for_status()
        html = await response.text()
    html_s = time.perf_counter() - start
    found = _KERNEL_ID.search(html)
    if not found:
        raise RuntimeError(f"no kernel id in the page {page_url}")
    kernel_id = found.group(1)

    gate = asyncio.Semaphore(BROWSER_PARALLEL)
    sizes: list[int] = []

    async def fetch(url: str) -> None:
        async with gate, session.get(url) as r:
            sizes.append(len(await r.read()))

    await asyncio.gather(*(fetch(u) for u in assets))
    assets_s = time.perf_counter() - start

    parts = urlsplit(page_url)
    base = page_url[: page_url.index("/voila/")] if "/voila/" in page_url else f"{parts.scheme}://{parts.netloc}"
    ws_url = urljoin(base.replace("http", "ws", 1) + "/", f"api/kernels/{kernel_id}/channels?session_id={uuid.uuid4()}")
    session_id = uuid.uuid4().hex
    async with session.ws_connect(ws_url, max_msg_size=0, heartbeat=None) as ws:
        comm_id = uuid.uuid4().hex
        await ws.send_str(json.dumps(_message("comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}}, session_id, metadata={"version": CONTROL_PROTOCOL})))
        request = _message("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}}, session_id)
        await ws.send_str(json.dumps(request))
        wanted = request["header"]["msg_id"]
        async for frame in ws:
            if frame.type.name == "TEXT":
                msg = json.loads(frame.data)
            elif frame.type.name == "BINARY":
                msg = _binary_message(frame.data)
            elif frame.type.name in ("CLOSE", "CLOSED", "ERROR"):
                raise RuntimeError(f"the kernel's websocket closed: {frame!r}")
            else:
                continue
            data = msg.get("content", {}).get("data", {}) if msg.get("msg_type") == "comm_msg" else {}
            if data.get("method") == "update_states" and msg.get("parent_header", {}).get("msg_id") == wanted:
                widgets = len(data.get("states", {}))
                break
        else:
            raise RuntimeError("the kernel's websocket ended before the widgets' state came")
    return PageTimes(html_s, assets_s, time.perf_counter() - start, sum(sizes), widgets, kernel_id)
