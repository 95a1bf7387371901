"""When a search in the client picker is written to the access log (pure Python).

The picker searches at every key press. One line per key press would bury the log keeper in
lines, so searches are grouped in runs: a run starts with the first search after the search box was
empty (or after :data:`RUN_GAP_SECONDS` without typing) and ends when the box is emptied or a client
is chosen. A run writes a line at its start, and again whenever a search in it shows MORE names
than any line of the run said so far. So every list of names a coach saw is covered by a line with
at least that many results: who searched, when, how many results. The search text itself is never
written anywhere.
"""

from __future__ import annotations

import time
from typing import Callable

RUN_GAP_SECONDS = 60.0


class SearchRun:
    """Decides, per search, whether to write a line (see the module text)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._logged: int | None = None  # the most results a line of this run said; None: no run
        self._last = 0.0

    def note(self, results: int) -> bool:
        """A search showed ``results`` names: True when a line is to be written."""
        now = self._clock()
        if self._logged is not None and now - self._last > RUN_GAP_SECONDS:
            self._logged = None
        self._last = now
        if self._logged is None or results > self._logged:
            self._logged = results
            return True
        return False

    def end(self) -> None:
        """The box was emptied or a client chosen: the next search starts a new run."""
        self._logged = None
