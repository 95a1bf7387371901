"""A trainee's page tells the server that it belongs to the group (a training day).

On ``mmwidgets serve --group N`` the server plans kernels for the group's trainees and lets
page loads by others (a stranger) take only what the group does not need
(:mod:`mmwidgets.serving.group`). The server cannot see who joined a session: the trainee's
kernel can. Once its trainee joined, the kernel writes an empty file named after itself in the
room folder the server gave all kernels (``MM_ROOM_DIR``); the server knows which browser owns
that kernel. When the trainer moves the group, the trainer's kernel writes the exercise's
number in the file ``_move`` there, so the server knows of the move at the click, before the
first trainee page arrives. Nothing else is written: no code, no nickname. Pure Python.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Mapping, Sequence

ROOM_DIR_ENV = "MM_ROOM_DIR"
MOVE_FILE = "_move"
_KERNEL_FILE = re.compile(r"kernel-([0-9a-fA-F-]{8,64})\.json$")
_KERNEL_ID = re.compile(r"^[0-9a-fA-F-]{8,64}$")


def own_kernel_id(environ: Mapping[str, str] | None = None, argv: Sequence[str] | None = None) -> str:
    """This kernel's id: Voila's ``VOILA_KERNEL_ID`` (a prepared kernel), else the name of the
    connection file the kernel was started with (``-f .../kernel-<id>.json``); "" outside a kernel."""
    environ = os.environ if environ is None else environ
    kernel_id = environ.get("VOILA_KERNEL_ID", "")
    if _KERNEL_ID.match(kernel_id):
        return kernel_id
    for arg in sys.argv if argv is None else argv:
        match = _KERNEL_FILE.search(arg)
        if match:
            return match.group(1)
    return ""


def take_seat(environ: Mapping[str, str] | None = None, argv: Sequence[str] | None = None) -> bool:
    """Mark this kernel as a joined trainee's page; False when it is no training day."""
    environ = os.environ if environ is None else environ
    folder = environ.get(ROOM_DIR_ENV, "")
    kernel_id = own_kernel_id(environ, argv)
    if not folder or not kernel_id:
        return False
    try:
        (Path(folder) / kernel_id).touch()
    except OSError:  # the server went away, or this is not its room: the page works on
        return False
    return True


def announce_move(exercise: int, environ: Mapping[str, str] | None = None) -> bool:
    """The trainer moved the group to ``exercise``: tell the server; False when no training day."""
    environ = os.environ if environ is None else environ
    folder = environ.get(ROOM_DIR_ENV, "")
    if not folder or not isinstance(exercise, int):
        return False
    target = Path(folder) / MOVE_FILE
    try:
        partial = target.with_name(f"{MOVE_FILE}.{os.getpid()}")
        partial.write_text(str(exercise), encoding="ascii")
        os.replace(partial, target)  # the server never reads half a file
    except OSError:
        return False
    return True
