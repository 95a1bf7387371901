"""The conversation workbook in real JupyterLab (`make lab`): figures drawn, a clicked step saved.

JupyterLab is started by the test like ``mmwidgets lab`` on a free port of 127.0.0.1 with a
token, over a copy of workbooks/, with a throw-away MM_DATA_DIR, JUPYTER_CONFIG_DIR (the lab
config folder), JUPYTER_DATA_DIR and JUPYTER_RUNTIME_DIR.
"""

from __future__ import annotations

import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from mmbrowser import ROOT, screenshot
from mmwidgets.serving.server import free_port, http_get

TIMEOUT = 60_000


class Lab:
    def __init__(self, work: Path):
        self.work = work
        self.site = work / "site"
        shutil.copytree(ROOT / "workbooks", self.site, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        self.data_dir = work / "mm-data"
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = work / "lab.log"
        self.env = {
            **__import__("os").environ,
            "MM_DATA_DIR": str(self.data_dir),
            "MM_LAB_CONFIG_DIR": str(work / "lab-config"),
            "JUPYTER_DATA_DIR": str(work / "jupyter-data"),
            "JUPYTER_RUNTIME_DIR": str(work / "jupyter-runtime"),
        }
        self.env.pop("MM_DATABASE_URL", None)
        self.proc: subprocess.Popen | None = None

    def start(self) -> "Lab":
        command = [sys.executable, "-m", "mmwidgets", "lab", "--dir", str(self.site), "--port", str(self.port),
                   "--token", self.token, "--no-browser", "--", "--LabApp.expose_app_in_browser=True"]
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(command, cwd=self.work, env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log_text()[-3000:]
            try:
                if http_get(f"{self.url}/api/status?token={self.token}", timeout=2)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        raise TimeoutError(self.log_text()[-3000:])

    def stop(self) -> None:
        import psutil

        if self.proc is None:
            return
        try:
            children = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.Error:
            children = []
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        for child in children:
            try:
                child.kill()
            except psutil.Error:
                pass
        self._log.close()

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def saved_steps(self, pseudonym: str) -> dict[str, int | None]:
        """The steps stored for a client, read straight from the lab's database."""
        from mmwidgets.store.config import DATABASE_FILE

        database = self.data_dir / DATABASE_FILE  # what the lab's kernel uses without MM_DATABASE_URL
        if not database.exists():
            return {}
        engine = create_engine(f"sqlite:///{database}")
        try:
            with engine.connect() as db:
                rows = db.execute(
                    text(
                        "SELECT ch.subpillar_id, ch.step FROM choices ch JOIN assessments a ON a.id = ch.assessment_id"
                        " JOIN clients c ON c.id = a.client_id WHERE c.pseudonym = :name"
                    ),
                    {"name": pseudonym},
                ).all()
        finally:
            engine.dispose()
        return {sub: step for sub, step in rows}


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[Lab]:
    server = Lab(tmp_path).start()
    try:
        yield server
    finally:
        server.stop()


def test_conversation_workbook_runs_in_jupyterlab_and_saves_a_click(browser, lab: Lab, request) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(f"{lab.url}/lab/tree/gesprek.ipynb?token={lab.token}", timeout=TIMEOUT)
        cell = page.locator(".jp-NotebookPanel .jp-CodeCell").first
        cell.wait_for(state="visible", timeout=TIMEOUT)
        # the mm styles are loaded as JupyterLab's custom CSS
        assert page.locator('link[href*="custom/custom.css"]').count() == 1
        status, _, css = http_get(f"{lab.url}/custom/custom.css?token={lab.token}")
        assert status == 200 and b"mm.css" in css

        # run the workbook as a designer would with Run > Run All Cells (the same command,
        # called once the notebook's kernel is ready: a key press before that can be lost)
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget", timeout=TIMEOUT)
        page.evaluate(
            """async () => {
                const panel = window.jupyterapp.shell.currentWidget;
                await panel.sessionContext.ready;
                await window.jupyterapp.commands.execute('notebook:run-all-cells');
            }"""
        )
        app = page.locator(".jp-OutputArea .mm-app").first
        app.wait_for(state="visible", timeout=120_000)

        # create a client, then click a step: the figures are drawn by plotly.js served by the lab server
        page.fill(".mm-client-new input", "Lab Proef")
        page.click(".mm-client-create")
        page.locator(".mm-nav-next").first.click(timeout=TIMEOUT)  # from the check-in step to the bridge
        page.locator(".mm-bridge-figure .main-svg").first.wait_for(state="visible", timeout=TIMEOUT)
        # JupyterLab draws the pillar's steps as soon as their models arrive, a moment before
        # it wires their click messages: a click in that moment is lost (seen here, the second
        # one always lands), so the test clicks again as a person would when nothing happened
        step = page.locator(".mm-step-housing-2").first
        for _attempt in range(6):
            step.click()
            try:
                expect(step).to_have_class(re.compile("mm-step-selected"), timeout=15_000)
                break
            except AssertionError:
                continue
        expect(step).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
        screenshot(page, "jupyterlab-gesprek", full_page=False)

        deadline = time.monotonic() + 30
        while lab.saved_steps("Lab Proef").get("housing") != 2 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert lab.saved_steps("Lab Proef").get("housing") == 2, lab.log_text()[-3000:]
        assert "Traceback" not in page.locator(".jp-OutputArea").first.inner_text()
    finally:
        context.close()
