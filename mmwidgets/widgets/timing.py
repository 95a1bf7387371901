"""Server-side timings for the benchmarks: JSON lines appended to $MM_TIMINGS_FILE when set."""

from __future__ import annotations

import json
import os
import time
from contextlib import contextmanager
from typing import Iterator


def record(event: str, ms: float) -> None:
    path = os.environ.get("MM_TIMINGS_FILE")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"event": event, "ms": round(ms, 3)}) + "\n")


@contextmanager
def timed(event: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        record(event, (time.perf_counter() - start) * 1000)
