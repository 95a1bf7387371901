"""Where the served things live: the repository's share/jupyter (template "mm"), workbooks/, voila.json.

mmwidgets is installed editable (``pip install -e .``), so the repository root is two folders up.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARE_JUPYTER = ROOT / "share" / "jupyter"
TEMPLATE_DIR = SHARE_JUPYTER / "voila" / "templates" / "mm"
TEMPLATE_STATIC = TEMPLATE_DIR / "static"
WORKBOOKS = ROOT / "workbooks"
CONFIG_FILE = ROOT / "voila.json"
DEFAULT_PORT = 8866
LOCALHOST = "127.0.0.1"

#: Debian's Chromium, as the browser tests, the PDF export and the benchmark drive it
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
