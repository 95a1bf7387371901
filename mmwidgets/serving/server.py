"""The one Voila command line, and ``VoilaServer``: Voila in a subprocess, as tests and the benchmark use it.

``mmwidgets serve`` runs :func:`voila_args` (via :mod:`mmwidgets.serving.voila_app`) from the
repository root, so Voila reads ``voila.json`` there, with ``JUPYTER_PATH`` starting at the
repository's ``share/jupyter`` (the ``mm`` template).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO, Iterable, Sequence

from mmwidgets.serving.paths import DEFAULT_PORT, LOCALHOST, ROOT, SHARE_JUPYTER, WORKBOOKS
from mmwidgets.serving.plotly_js import ensure_plotly_js
from mmwidgets.serving.voila_app import ADMIN_HEADER


def voila_args(
    notebook_dir: Path | str = WORKBOOKS,
    port: int = DEFAULT_PORT,
    extra: Sequence[str] = (),
    ip: str = LOCALHOST,
    token: str | None = None,
) -> list[str]:
    """The Voila command line, run with this Python (the project's venv)."""
    args = [
        sys.executable,
        "-m",
        "mmwidgets.serving.voila_app",
        str(notebook_dir),
        "--no-browser",
        f"--Voila.ip={ip}",
        f"--port={int(port)}",
        "--template=mm",
    ]
    if token:
        args.append(f"--token={token}")
    return args + list(extra)


def voila_env(
    base: dict[str, str] | None = None,
    *,
    data_dir: Path | str | None = None,
    timings_file: Path | str | None = None,
    config_dir: Path | str | None = None,
    runtime_dir: Path | str | None = None,
    jupyter_data_dir: Path | str | None = None,
) -> dict[str, str]:
    """Environment for Voila: the repo's share/jupyter first on JUPYTER_PATH, plus overrides."""
    env = dict(os.environ if base is None else base)
    env.pop("MM_ADMIN_SECRET", None)  # only VoilaServer sets one, never inherited
    paths = [str(SHARE_JUPYTER)] + [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    env["JUPYTER_PATH"] = os.pathsep.join(dict.fromkeys(paths))
    env.setdefault("PYTHONUNBUFFERED", "1")
    overrides = {
        "MM_DATA_DIR": data_dir,
        "MM_TIMINGS_FILE": timings_file,
        "JUPYTER_CONFIG_DIR": config_dir,
        "JUPYTER_RUNTIME_DIR": runtime_dir,
        "JUPYTER_DATA_DIR": jupyter_data_dir,
    }
    env.update({name: str(value) for name, value in overrides.items() if value is not None})
    return env


def build_site(target: Path, extra: dict[str, Path] | None = None) -> Path:
    """A folder to serve for tests and benchmarks: a copy of workbooks/ plus, by default,
    bench/notebooks/ as ``bench/`` (so ``/voila/render/bench/slider.ipynb`` sits beside the workbooks)."""
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    target = Path(target)
    if WORKBOOKS.is_dir():
        shutil.copytree(WORKBOOKS, target, ignore=ignore, dirs_exist_ok=True)
    target.mkdir(parents=True, exist_ok=True)
    for name, folder in (extra if extra is not None else {"bench": ROOT / "bench" / "notebooks"}).items():
        shutil.copytree(folder, target / name, ignore=ignore, dirs_exist_ok=True)
    return target


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOCALHOST, 0))
        return s.getsockname()[1]


def http_get(url: str, timeout: float = 10.0, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of a GET; HTTP errors are returned, not raised."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310 - local server
            return resp.status, dict(resp.headers.items()), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers.items()), err.read()


class VoilaServer:
    """A Voila subprocess on 127.0.0.1, started like ``mmwidgets serve``; use as a context manager.

    ``log_path`` receives Voila's stdout and stderr. ``kernel_processes()`` lists the
    kernels Voila started (psutil processes). Only this object knows the server's admin
    secret, which ``shutdown_kernel`` needs (a visitor gets 403).
    """

    def __init__(
        self,
        workdir: Path,
        *,
        notebook_dir: Path | str = WORKBOOKS,
        port: int | None = None,
        extra_args: Iterable[str] = (),
        data_dir: Path | None = None,
        timings_file: Path | None = None,
        env: dict[str, str] | None = None,
        ready_timeout: float = 90.0,
    ):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.url = f"http://{LOCALHOST}:{self.port}"
        self.data_dir = Path(data_dir) if data_dir else self.workdir / "data"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.timings_file = Path(timings_file) if timings_file else self.workdir / "timings.jsonl"
        self.config_dir = self.workdir / "jupyter-config"
        self.runtime_dir = self.workdir / "jupyter-runtime"
        self.jupyter_data_dir = self.workdir / "jupyter-data"
        for folder in (self.config_dir, self.runtime_dir, self.jupyter_data_dir):
            folder.mkdir(exist_ok=True)
        self.log_path = self.workdir / "voila.log"
        self.args = voila_args(notebook_dir, self.port, list(extra_args))
        self.env = voila_env(
            env,
            data_dir=self.data_dir,
            timings_file=self.timings_file,
            config_dir=self.config_dir,
            runtime_dir=self.runtime_dir,
            jupyter_data_dir=self.jupyter_data_dir,
        )
        self.admin_secret = secrets.token_urlsafe(24)
        self.env["MM_ADMIN_SECRET"] = self.admin_secret
        self.ready_timeout = ready_timeout
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        #: kernel ids of pages opened by tests (shut down after each test)
        self.opened_kernels: list[str] = []

    # -- lifecycle -------------------------------------------------------------------
    def start(self) -> "VoilaServer":
        ensure_plotly_js()
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.args, cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        self.wait_ready()
        return self

    def wait_ready(self) -> None:
        deadline = time.monotonic() + self.ready_timeout
        probe = self.url + "/voila/api/contents"
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"Voila exited with code {self.proc.returncode}:\n{self.log_text()[-4000:]}")
            try:
                status, _, _ = http_get(probe, timeout=2)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"Voila not ready after {self.ready_timeout} s:\n{self.log_text()[-4000:]}")

    def stop(self) -> None:
        if self.proc is None:
            return
        kernels = self.kernel_processes()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        for kernel in kernels:  # kernels run in their own sessions: make sure none is left
            try:
                kernel.kill()
            except Exception:  # noqa: BLE001 - already gone
                pass
        if self._log:
            self._log.close()
        self.proc = None

    def __enter__(self) -> "VoilaServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- observation -----------------------------------------------------------------
    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def kernel_processes(self) -> list:
        """The ipykernel processes started by this Voila (psutil.Process objects)."""
        import psutil

        if self.proc is None:
            return []
        try:
            children = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        kernels = []
        for child in children:
            try:
                if "ipykernel_launcher" in " ".join(child.cmdline()):
                    kernels.append(child)
            except psutil.Error:
                continue
        return kernels

    def kernel_rss_bytes(self) -> list[int]:
        import psutil

        sizes = []
        for kernel in self.kernel_processes():
            try:
                sizes.append(kernel.memory_info().rss)
            except psutil.Error:
                continue
        return sizes

    def admin_headers(self) -> dict[str, str]:
        return {ADMIN_HEADER: self.admin_secret}

    def kernel_info(self, kernel_id: str) -> dict | None:
        """Voila's model of one kernel (GET /api/kernels/<id>, with the admin secret), None once it is gone."""
        status, _, body = http_get(f"{self.url}/api/kernels/{kernel_id}", headers=self.admin_headers())
        if status == 404:
            return None
        if status != 200:
            raise RuntimeError(f"GET /api/kernels/{kernel_id}: HTTP {status}")
        return json.loads(body)

    def shutdown_kernel(self, kernel_id: str) -> bool:
        """Shut one kernel down (DELETE /api/kernels/<id>, with the admin secret); False if gone."""
        request = urllib.request.Request(
            f"{self.url}/api/kernels/{kernel_id}", method="DELETE", headers=self.admin_headers()
        )
        try:
            with urllib.request.urlopen(request, timeout=30):  # noqa: S310 - local server
                return True
        except urllib.error.HTTPError as err:
            if err.code == 404:
                return False
            raise
        except OSError:
            return False

    def render_url(self, notebook: str, query: str = "") -> str:
        url = f"{self.url}/voila/render/{notebook}"
        return url + (("?" + query.lstrip("?")) if query else "")
