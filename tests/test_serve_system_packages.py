"""tools/ensure-system-packages: installs what `make test` needs, or stops at once with one sentence."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "tools" / "ensure-system-packages"


def run(folder: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """The script as `make` runs it; as root, as ``nobody`` instead (who may not install).

    ``nobody`` runs a copy of the script in ``folder`` (see :func:`public_dir`), from that folder:
    the checkout itself may lie where only root may enter (a clone in /root, mode 0700)."""
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "MM_SUDO": str(folder / "no-sudo")}
    script = folder / SCRIPT.name
    if not script.exists():
        shutil.copyfile(SCRIPT, script)
        script.chmod(0o755)
    command = ["bash", str(script), *args]
    if os.getuid() == 0:  # as root it would install: run as nobody, who may not
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=60, env={**base, **env}, cwd=folder
    )


@pytest.fixture
def public_dir():
    """A folder the unprivileged user of run() can enter and read (pytest's tmp_path is root-only),
    outside the checkout, in the system's temporary folder (world-writable, so always enterable)."""
    with tempfile.TemporaryDirectory(dir="/tmp") as name:
        os.chmod(name, 0o755)
        yield Path(name)


def test_nothing_to_do_when_everything_is_there(public_dir):
    tmp_path = public_dir
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n")
    chromium.chmod(0o755)
    pg = tmp_path / "pg"
    pg.mkdir()
    (pg / "initdb").write_text("#!/bin/sh\n")
    (pg / "initdb").chmod(0o755)
    done = run(tmp_path, "test", MM_CHROMIUM=str(chromium), MM_PG_BIN=str(pg))
    # fonts-dejavu-core is checked with dpkg: present on a machine that ran the browser tests
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_without_permission_it_stops_with_one_sentence_naming_the_command(public_dir):
    tmp_path = public_dir
    done = run(tmp_path, "test", MM_CHROMIUM=str(tmp_path / "none"), MM_PG_BIN=str(tmp_path / "none"))
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "chromium" in lines[0] and "postgresql-15" in lines[0]
    assert "sudo apt-get install -y --no-install-recommends" in lines[0]
    assert "Installing" not in done.stdout


def test_serve_needs_chromium_but_not_postgresql(public_dir):
    tmp_path = public_dir
    done = run(tmp_path, "serve", MM_CHROMIUM=str(tmp_path / "none"), MM_PG_BIN=str(tmp_path / "none"))
    assert done.returncode == 1
    assert "chromium" in done.stderr and "postgresql" not in done.stderr


def test_make_test_and_ci_run_it_first():
    makefile = (SCRIPT.parents[1] / "Makefile").read_text(encoding="utf-8")
    assert "test: system-packages" in makefile
    assert "@$(SYSTEM_PACKAGES) serve" in makefile
    ci = (SCRIPT.parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci and "apt-get" not in ci.replace("# ", "")
