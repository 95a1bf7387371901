"""A preheated kernel learns its visitor's request (?lang=, ?client=) from Voila's query socket."""

from __future__ import annotations

import json
import os
import sys
import threading

from websockets.sync.server import serve

from mmwidgets.apps import common


def _one_shot_server(payload: dict, seen: list[str]):
    def handler(socket) -> None:
        seen.append(socket.request.path)
        socket.send(json.dumps(payload))

    server = serve(handler, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_the_visitors_query_string_reaches_the_kernel(monkeypatch) -> None:
    seen: list[str] = []
    server = _one_shot_server({"QUERY_STRING": "lang=en&client=7"}, seen)
    try:
        port = server.socket.getsockname()[1]
        monkeypatch.setenv("VOILA_PREHEAT", "True")
        monkeypatch.setenv("VOILA_APP_PORT", str(port))
        monkeypatch.setenv("VOILA_SERVER_URL", "/base/")
        monkeypatch.setenv("VOILA_KERNEL_ID", "k-123")
        monkeypatch.setenv("QUERY_STRING", "")  # recorded, so the visitor's value is undone after the test
        assert common.wait_for_visitor() is True
        assert os.environ["QUERY_STRING"] == "lang=en&client=7"
        assert seen == ["/base/voila/query/k-123"]
    finally:
        server.shutdown()


def test_outside_a_preheated_kernel_nothing_waits(monkeypatch) -> None:
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    assert common.wait_for_visitor() is False


def test_a_server_that_never_answers_gives_up_with_a_log_line_not_a_hang(monkeypatch, caplog) -> None:
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    assert common._request_info("ws://127.0.0.1:9/voila/query/x", attempts=2) == {}
    assert "no visitor request" in caplog.text


def test_waiting_for_a_visitor_does_not_import_voila_into_the_kernel() -> None:
    """Voila and Jupyter Server cost seconds of CPU in each of twenty kernels on a training day."""
    import subprocess

    code = (
        "import sys, mmwidgets.apps.common as c; c._request_info('ws://127.0.0.1:9/x', attempts=1);"
        "print('voila' in sys.modules, 'jupyter_server' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.split() == ["False", "False"]
