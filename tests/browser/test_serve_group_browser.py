"""`mmwidgets serve --group N`: the trainees' pages get the kernels prepared before they came."""

from __future__ import annotations

import os
import time
from pathlib import Path

from mmwidgets.serving.server import VoilaServer, build_site

EXERCISE = "oefening-1-brug.ipynb"


def _wait(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.5)


def test_a_training_day_hands_the_prepared_kernels_to_the_group(browser, tmp_path: Path) -> None:
    site = build_site(tmp_path / "site")
    server = VoilaServer(tmp_path / "server", notebook_dir=site, env={**os.environ, "MM_GROUP_SIZE": "2"})
    server.start()
    try:
        _wait(lambda: f"Kernel pool of {EXERCISE} is filled with 2 kernel(s)" in server.log_text(), 180,
              "the group's kernels were not prepared")
        # two for the group, one for the conversation, one for the trainer's view
        _wait(lambda: len(server.kernel_processes()) >= 4, 60, "not every pool was started")
        prepared = {k.pid for k in server.kernel_processes()}

        pages = []
        for _ in range(2):  # two trainees, each in their own browser
            page = browser.new_context(viewport={"width": 1024, "height": 768}).new_page()
            page.goto(server.render_url(EXERCISE))
            pages.append(page)
        for page in pages:
            page.wait_for_selector(".mm-train-join", state="visible", timeout=120_000)
            page.wait_for_selector(".mm-step-housing-3", state="visible", timeout=120_000)

        handed = [line for line in server.log_text().splitlines() if "Using pre-heated kernel" in line and EXERCISE in line]
        assert len(handed) == 2, "both trainees got a prepared kernel"
        started_since = {k.pid for k in server.kernel_processes()} - prepared
        assert started_since == set(), "no kernel was started while the group arrived (refills wait for the rush)"
        for page in pages:
            page.context.close()
    finally:
        server.stop()
