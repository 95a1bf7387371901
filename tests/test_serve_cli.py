"""`mmwidgets serve` / `lab`: the one command line, localhost by default, a token required elsewhere."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mmwidgets.__main__ import main
from mmwidgets.serving import lab
from mmwidgets.serving.paths import ROOT, TEMPLATE_STATIC
from mmwidgets.serving.security import binding_problem, is_loopback
from mmwidgets.serving.server import voila_args, voila_env


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost", "LOCALHOST"])
def test_loopback_addresses_need_no_token(host):
    assert is_loopback(host)
    assert binding_problem(host, None) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "", "::", "192.168.1.10", "example.org"])
def test_other_addresses_need_a_token(host):
    assert not is_loopback(host)
    message = binding_problem(host, None, lang="nl")
    assert message and "token" in message and (host or "0.0.0.0") in message
    assert "needs a token" in binding_problem(host, "", lang="en")
    assert binding_problem(host, "s3cret") is None
    assert binding_problem(host, None, auto_token=True) is None


def test_serve_refuses_an_open_address_without_a_token(capsys):
    assert main(["serve", "--ip", "0.0.0.0", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "Serving on address 0.0.0.0 needs a token" in err
    assert "Traceback" not in err


def test_serve_prints_the_one_command_line(capsys):
    assert main(["serve", "--print", "--port", "9123"]) == 0
    line = capsys.readouterr().out
    assert "-m mmwidgets.serving.voila_app" in line
    assert "--Voila.ip=127.0.0.1" in line and "--port=9123" in line and "--template=mm" in line
    assert str(ROOT / "share" / "jupyter") in line


def test_voila_command_line_and_environment():
    args = voila_args("/srv/wb", 8000, ["--VoilaExecutor.timeout=5"], token="abc")
    assert args[:3] == [sys.executable, "-m", "mmwidgets.serving.voila_app"]
    assert "--token=abc" in args and args[-1] == "--VoilaExecutor.timeout=5"
    env = voila_env({"JUPYTER_PATH": "/x", "MM_ADMIN_SECRET": "leaked"}, data_dir="/d")
    assert env["JUPYTER_PATH"].split(":")[0] == str(ROOT / "share" / "jupyter")
    assert env["MM_DATA_DIR"] == "/d"
    assert "MM_ADMIN_SECRET" not in env  # never inherited by a server someone else starts


def test_python_dash_m_serve_help_works_without_traceback():
    done = subprocess.run(
        [sys.executable, "-m", "mmwidgets", "serve", "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    assert "127.0.0.1" in done.stdout and "--token" in done.stdout


def test_lab_config_folder_holds_the_mm_styles_and_plotly(tmp_path: Path):
    folder = lab.prepare_config_dir(tmp_path / "lab")
    css = (folder / "custom" / "custom.css").read_text(encoding="utf-8")
    sheets = sorted(TEMPLATE_STATIC.glob("mm*.css"))
    assert sheets and sheets[0].name.startswith("mm")
    for sheet in sheets:  # every mm*.css of the template, mm.css first
        assert sheet.read_text(encoding="utf-8") in css
    assert css.index("mm.css") < min((css.index(s.name) for s in sheets if s.name != "mm.css"), default=len(css))
    assert (folder / "static" / "plotly.min.js").stat().st_size > 1_000_000
    args = lab.lab_args("/wb", 8899, token="t", open_browser=False, config_dir=folder)
    assert "--ServerApp.ip=127.0.0.1" in args and "--LabApp.custom_css=True" in args
    assert "--IdentityProvider.token=t" in args and "--no-browser" in args
    assert any(str(folder / "static") in a for a in args)
    assert lab.lab_env({}, config_dir=folder)["JUPYTER_CONFIG_DIR"] == str(folder)
