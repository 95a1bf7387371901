"""Start Voila the one way we serve it: `make serve`, the browser tests and the benchmark all use this.

Command line (see ``voila_args``)::

    voila workbooks/ --no-browser --Voila.ip=127.0.0.1 --port=8866 --template=mm

run from the repository root, so Voila reads ``voila.json`` there (template, theme,
strip_sources, show_tracebacks, kernel culling, websocket compression, <html lang>),
with ``JUPYTER_PATH`` starting at the repository's ``share/jupyter`` (the ``mm`` template).

As a script (used by ``make serve``)::

    python bench/voila_server.py [--port 8866] [--dir workbooks] [-- extra voila args]

Environment passed through: ``MM_DATA_DIR`` (the data folder), ``MM_DATABASE_URL``,
``MM_TIMINGS_FILE`` (server-side timings for the benchmark), ``MM_PORT`` (default port).
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tarfile
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO, Iterable, Sequence

ROOT = Path(__file__).resolve().parents[1]
SHARE_JUPYTER = ROOT / "share" / "jupyter"
TEMPLATE_DIR = SHARE_JUPYTER / "voila" / "templates" / "mm"
TEMPLATE_STATIC = TEMPLATE_DIR / "static"
WORKBOOKS = ROOT / "workbooks"
CONFIG_FILE = ROOT / "voila.json"
DEFAULT_PORT = 8866

#: Debian's Chromium, as the browser tests and the benchmark drive it
CHROMIUM = os.environ.get("MM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def plotly_js_source() -> Path:
    """plotly.min.js as shipped inside the installed plotly package (the full bundle)."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


PLOTLY_CACHE = ROOT / ".cache" / "plotly"
_VERSION = re.compile(rb"plotly\.js(?: \([a-z -]+\))? v(\d+\.\d+\.\d+)")


def plotly_js_version(path: Path) -> str | None:
    """The plotly.js version in a bundle's header comment (``plotly.js v4.1.1``)."""
    with open(path, "rb") as fh:
        found = _VERSION.search(fh.read(400))
    return found.group(1).decode() if found else None


def basic_bundle(version: str) -> Path | None:
    """plotly.js's "basic" bundle (scatter, bar, pie) of the same version, from the npm registry.

    Our figures use only those trace types (a test checks it), and the basic bundle loads in
    about a quarter of the time of the full one. Cached in .cache/plotly; None when npm or the
    registry is not there (then the full bundle is served: slower, same pictures).
    """
    target = PLOTLY_CACHE / f"plotly-basic-{version}.min.js"
    if target.exists() and plotly_js_version(target) == version:
        return target
    npm = shutil.which("npm")
    if npm is None:
        return None
    PLOTLY_CACHE.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(
            [npm, "pack", f"plotly.js-basic-dist-min@{version}", "--pack-destination", str(PLOTLY_CACHE)],
            capture_output=True, text=True, timeout=180, check=True,
        )
        tarball = PLOTLY_CACHE / done.stdout.strip().splitlines()[-1]
        with tarfile.open(tarball) as archive:
            member = archive.getmember("package/plotly-basic.min.js")
            source = archive.extractfile(member)
            if source is None:
                return None
            tmp = target.with_suffix(".tmp")
            tmp.write_bytes(source.read())
        tarball.unlink(missing_ok=True)
        if plotly_js_version(tmp) != version:
            tmp.unlink(missing_ok=True)
            return None
        tmp.replace(target)
        return target
    except (OSError, subprocess.SubprocessError, tarfile.TarError, KeyError, IndexError):
        return None


def ensure_plotly_js() -> Path:
    """Put plotly.js into the template's static folder: the basic bundle of the installed
    plotly's version when it can be had (MM_PLOTLY_BUNDLE=full forces the full one)."""
    full = plotly_js_source()
    source = full
    if os.environ.get("MM_PLOTLY_BUNDLE", "basic") != "full":
        version = plotly_js_version(full)
        source = (basic_bundle(version) if version else None) or full
    target = TEMPLATE_STATIC / "plotly.min.js"
    if not target.exists() or not filecmp.cmp(source, target, shallow=False):
        TEMPLATE_STATIC.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return target


def voila_args(
    notebook_dir: Path | str = WORKBOOKS, port: int = DEFAULT_PORT, extra: Sequence[str] = ()
) -> list[str]:
    """The Voila command line, run with this Python (the project's venv)."""
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebook_dir),
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--port={int(port)}",
        "--template=mm",
        *extra,
    ]


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
    paths = [str(SHARE_JUPYTER)] + [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    env["JUPYTER_PATH"] = os.pathsep.join(dict.fromkeys(paths))
    env.setdefault("PYTHONUNBUFFERED", "1")
    if data_dir is not None:
        env["MM_DATA_DIR"] = str(data_dir)
    if timings_file is not None:
        env["MM_TIMINGS_FILE"] = str(timings_file)
    if config_dir is not None:
        env["JUPYTER_CONFIG_DIR"] = str(config_dir)
    if runtime_dir is not None:
        env["JUPYTER_RUNTIME_DIR"] = str(runtime_dir)
    if jupyter_data_dir is not None:
        env["JUPYTER_DATA_DIR"] = str(jupyter_data_dir)
    return env


def build_site(target: Path) -> Path:
    """A folder to serve for tests and benchmarks: a copy of workbooks/ plus bench/notebooks/
    as ``bench/`` (so ``/voila/render/bench/slider.ipynb`` sits beside the workbooks)."""
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    target = Path(target)
    if WORKBOOKS.is_dir():
        shutil.copytree(WORKBOOKS, target, ignore=ignore, dirs_exist_ok=True)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "bench" / "notebooks", target / "bench", ignore=ignore, dirs_exist_ok=True)
    return target


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url: str, timeout: float = 10.0) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of a GET; HTTP errors are returned, not raised."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - local server
            return resp.status, dict(resp.headers.items()), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers.items()), err.read()


class VoilaServer:
    """A Voila subprocess on 127.0.0.1, started like ``make serve``; use as a context manager.

    ``log_path`` receives Voila's stdout and stderr. ``kernel_processes()`` lists the
    kernels Voila started (psutil processes).
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
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = Path(data_dir) if data_dir else self.workdir / "data"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.timings_file = Path(timings_file) if timings_file else self.workdir / "timings.jsonl"
        self.config_dir = self.workdir / "jupyter-config"
        self.config_dir.mkdir(exist_ok=True)
        self.runtime_dir = self.workdir / "jupyter-runtime"
        self.runtime_dir.mkdir(exist_ok=True)
        self.jupyter_data_dir = self.workdir / "jupyter-data"
        self.jupyter_data_dir.mkdir(exist_ok=True)
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
        self.ready_timeout = ready_timeout
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        #: kernel ids of pages opened by tests (shut down after each test)
        self.opened_kernels: list[str] = []

    # -- lifecycle -------------------------------------------------------------------
    def start(self) -> "VoilaServer":
        ensure_plotly_js()
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            self.args, cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT
        )
        self.wait_ready()
        return self

    def wait_ready(self) -> None:
        deadline = time.monotonic() + self.ready_timeout
        probe = self.url + "/voila/api/contents"
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(
                    f"Voila exited with code {self.proc.returncode}:\n{self.log_text()[-4000:]}"
                )
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

    def kernel_info(self, kernel_id: str) -> dict | None:
        """Voila's model of one kernel (GET /api/kernels/<id>), None once it is gone."""
        status, _, body = http_get(f"{self.url}/api/kernels/{kernel_id}")
        if status == 404:
            return None
        if status != 200:
            raise RuntimeError(f"GET /api/kernels/{kernel_id}: HTTP {status}")
        return json.loads(body)

    def shutdown_kernel(self, kernel_id: str) -> bool:
        """Shut one kernel down (DELETE /api/kernels/<id>, double-submit XSRF); False if gone."""
        token = "mm-" + kernel_id
        request = urllib.request.Request(
            f"{self.url}/api/kernels/{kernel_id}",
            method="DELETE",
            headers={"Cookie": f"_xsrf={token}", "X-XSRFToken": token},
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


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the workbooks with Voila (as `make serve`).")
    parser.add_argument("--port", type=int, default=int(os.environ.get("MM_PORT", DEFAULT_PORT)))
    parser.add_argument("--dir", default=str(WORKBOOKS), help="folder of notebooks to serve")
    parser.add_argument("--print", action="store_true", help="print the command line and exit")
    parser.add_argument("extra", nargs="*", help="extra Voila arguments (after --)")
    opts = parser.parse_args(argv)
    args = voila_args(opts.dir, opts.port, opts.extra)
    env = voila_env()
    if opts.print:
        print(f"cd {ROOT} && JUPYTER_PATH={env['JUPYTER_PATH']} " + " ".join(args))
        return
    ensure_plotly_js()
    os.chdir(ROOT)
    os.execve(sys.executable, args, env)


if __name__ == "__main__":
    main()
