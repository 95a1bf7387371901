"""The pilot's hub can be stopped cleanly even when the pilot was started in the background
(``nohup``, ``&`` in a script, a CI job), where SIGINT arrives ignored: JupyterHub stops its
services and the coaches' servers with SIGINT first, so the hub must get SIGINT back."""

from __future__ import annotations

import signal
import subprocess
import sys

from mmwidgets.serving.hub_pilot import _interruptible

SHOW = "import signal; print(signal.getsignal(signal.SIGINT) is signal.SIG_IGN)"


def _ignoring_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _child_of_a_background_job(preexec) -> str:
    """What a grandchild sees: the middle process ignores SIGINT (as a background job does)."""
    middle = (
        "import subprocess, sys\n"
        "from mmwidgets.serving.hub_pilot import _interruptible\n"
        f"kw = {{'preexec_fn': _interruptible}} if {preexec!r} else {{}}\n"
        f"print(subprocess.run([sys.executable, '-c', {SHOW!r}], capture_output=True, text=True, **kw).stdout.strip())\n"
    )
    return subprocess.run([sys.executable, "-c", middle], capture_output=True, text=True, check=True,
                          preexec_fn=_ignoring_sigint).stdout.strip()


def test_a_background_job_passes_sigint_ignored_to_what_it_starts():
    # the situation the fix is for: without it the hub would ignore SIGINT too
    assert _child_of_a_background_job(preexec=False) == "True"


def test_the_hub_gets_sigint_back_from_a_background_pilot():
    assert _child_of_a_background_job(preexec=True) == "False"


def test_interruptible_sets_the_default_handler_in_this_process():
    before = signal.getsignal(signal.SIGINT)
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _interruptible()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_DFL
    finally:
        signal.signal(signal.SIGINT, before)
