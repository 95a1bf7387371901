"""``mmwidgets lab``: JupyterLab over workbooks/ with the mm styles and plotly.js, on 127.0.0.1.

JupyterLab reads its configuration from a project folder (``.cache/lab``, or
``$MM_LAB_CONFIG_DIR``), which :func:`prepare_config_dir` fills each time:

- ``custom/custom.css``: every ``mm*.css`` of the Voila template, one after the other
  (``LabApp.custom_css`` serves it at ``/custom/custom.css``);
- ``static/plotly.min.js``: the same plotly.js as Voila serves, offered by the server at
  ``<base>/static/plotly.min.js`` (``ServerApp.extra_static_paths``), where PlotlyView looks
  when the page is not a Voila page;
- ``labconfig/page_config.json``: no "news" question at the first start.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Sequence

from mmwidgets.serving.paths import LOCALHOST, ROOT, SHARE_JUPYTER, TEMPLATE_STATIC, WORKBOOKS
from mmwidgets.serving.plotly_js import ensure_plotly_js

DEFAULT_LAB_PORT = 8888


def lab_config_dir() -> Path:
    return Path(os.environ.get("MM_LAB_CONFIG_DIR") or ROOT / ".cache" / "lab")


def mm_stylesheets() -> list[Path]:
    """The template's stylesheets: mm.css first, then the others (mm-*.css) by name."""
    sheets = sorted(TEMPLATE_STATIC.glob("mm*.css"), key=lambda p: (p.name != "mm.css", p.name))
    return sheets


def prepare_config_dir(folder: Path | None = None) -> Path:
    folder = Path(folder or lab_config_dir())
    custom = folder / "custom"
    custom.mkdir(parents=True, exist_ok=True)
    parts = [f"/* {p.name} (from the Voila template 'mm') */\n{p.read_text(encoding='utf-8')}" for p in mm_stylesheets()]
    (custom / "custom.css").write_text("\n".join(parts), encoding="utf-8")
    ensure_plotly_js(folder / "static")
    labconfig = folder / "labconfig"
    labconfig.mkdir(exist_ok=True)
    page_config = {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}
    (labconfig / "page_config.json").write_text(json.dumps(page_config, indent=1), encoding="utf-8")
    return folder


def lab_args(
    notebook_dir: Path | str = WORKBOOKS,
    port: int = DEFAULT_LAB_PORT,
    token: str | None = None,
    open_browser: bool = True,
    config_dir: Path | None = None,
    extra: Sequence[str] = (),
) -> list[str]:
    static = Path(config_dir or lab_config_dir()) / "static"
    args = [
        sys.executable, "-m", "jupyterlab",
        f"--ServerApp.root_dir={notebook_dir}",
        f"--ServerApp.ip={LOCALHOST}",
        f"--ServerApp.port={int(port)}",
        "--ServerApp.port_retries=0",
        "--LabApp.custom_css=True",
        "--ServerApp.extra_static_paths=" + json.dumps([str(static)]),
    ]
    if token is not None:
        args.append(f"--IdentityProvider.token={token}")
    if not open_browser:
        args.append("--no-browser")
    if hasattr(os, "getuid") and os.getuid() == 0:  # CI containers run as root
        args.append("--allow-root")
    return args + list(extra)


def lab_env(base: dict[str, str] | None = None, config_dir: Path | None = None) -> dict[str, str]:
    env = dict(os.environ if base is None else base)
    env["JUPYTER_CONFIG_DIR"] = str(config_dir or lab_config_dir())
    paths = [str(SHARE_JUPYTER)] + [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    env["JUPYTER_PATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


def jupyterlab_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("jupyterlab") is not None
