"""asyncio in tests that share a process with the browser tests."""

from __future__ import annotations

import asyncio
import concurrent.futures


def run_in_fresh_loop(coro):
    """asyncio.run in its own thread: the browser tests' Playwright keeps a loop running in this one."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()
