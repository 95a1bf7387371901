"""The take-home page as PDF, printed by a headless Chromium when the machine has one.

Without Chromium (or when printing fails) :class:`PdfUnavailable` says why in the user's
language, and the HTML page (with print styles) remains the way to print.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from mmwidgets.i18n import t

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
TIMEOUT_SECONDS = 60


class PdfUnavailable(RuntimeError):
    """No PDF could be made; ``reason`` is a catalogue code (``plan.pdf.<reason>``)."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)

    def message(self, lang: str | None = None) -> str:
        return t(f"plan.pdf.{self.reason}", lang)


def chromium_path() -> str | None:
    """``MM_CHROMIUM`` if set (empty: none), else Debian's chromium, else one on PATH."""
    if "MM_CHROMIUM" in os.environ:
        given = os.environ["MM_CHROMIUM"].strip()
        return given if given and os.access(given, os.X_OK) else None
    for candidate in CHROMIUM_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def html_to_pdf(html_text: str, chromium: str | None = None, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """Print ``html_text`` to PDF bytes with headless Chromium, or raise :class:`PdfUnavailable`."""
    browser = chromium or chromium_path()
    if not browser:
        raise PdfUnavailable("no_chromium")
    with tempfile.TemporaryDirectory(prefix="mm-pdf-") as tmp:
        folder = Path(tmp)
        page = folder / "plan.html"
        out = folder / "plan.pdf"
        page.write_text(html_text, encoding="utf-8")
        command = [
            browser,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-extensions",
            "--no-first-run",
            "--no-pdf-header-footer",
            f"--user-data-dir={folder / 'profile'}",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            subprocess.run(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            raise PdfUnavailable("failed") from None
        if not out.is_file() or out.stat().st_size == 0:
            raise PdfUnavailable("failed")
        data = out.read_bytes()
    if not data.startswith(b"%PDF"):
        raise PdfUnavailable("failed")
    return data
