"""The hub's client page (issue 22) checks a link before it starts a page: the real service process
(``python -m mmwidgets.serving.hub_self``) on 127.0.0.1 with a local SQLite database, without a hub.

Guessed, malformed and ended links get the one sentence from the server itself and are logged and
counted like the laptop's page does it; none of them starts a kernel, so guessers cannot hold the
service's pages: with a cap of TWO pages, the client still gets their page after 14 bad links. One
link holds at most two pages however often it is opened (a third open closes its oldest page). The
server's answers carry the page's headers.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from sqlalchemy import select

from mmwidgets.model.actor import local_actor
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.model.self_view import new_token
from mmwidgets.serving.paths import ROOT
from mmwidgets.serving.server import free_port, http_get, voila_env
from mmwidgets.store.access.tables import AccessLogRow
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.config import DATABASE_FILE
from mmwidgets.store.self_view.repo import InvitationRepo
from mmwidgets.store.store import Store

SENTENCE = "Deze link werkt niet (meer). Vraag je coach om een nieuwe link."


def _kernels(proc: subprocess.Popen) -> list[psutil.Process]:
    try:
        children = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    return [c for c in children if "ipykernel_launcher" in " ".join(c.cmdline())]


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    work = tmp_path_factory.mktemp("eigen-brug")
    data = work / "data"
    data.mkdir()
    store = Store("sqlite:///" + str(data / DATABASE_FILE), actor=local_actor())
    env = voila_env(dict(os.environ), data_dir=data, config_dir=work / "cfg", runtime_dir=work / "run",
                    jupyter_data_dir=work / "jdata")
    for name in ("MM_SELF_DATABASE_URL", "MM_DATABASE_URL", "JUPYTERHUB_SERVICE_NAME", "JUPYTERHUB_API_TOKEN",
                 "JUPYTERHUB_SERVICE_URL", "JUPYTERHUB_SERVICE_PREFIX", "MM_TIMINGS_FILE"):
        env.pop(name, None)
    env.update({"MM_SELF_PROXIES": "1", "MM_ORIGIN": "eigen-brug", "MM_LANG": "nl"})
    port = free_port()
    log = open(work / "service.log", "ab")
    proc = subprocess.Popen([sys.executable, "-m", "mmwidgets.serving.hub_self", f"--port={port}", "--kernel-cap=2"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert proc.poll() is None, (work / "service.log").read_text(errors="replace")[-3000:]
        try:
            if http_get(url, timeout=2)[0] == 200:
                break
        except OSError:
            time.sleep(0.3)
    else:
        pytest.fail("the service did not start:\n" + (work / "service.log").read_text(errors="replace")[-3000:])
    try:
        yield proc, url, store, work
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        for kernel in _kernels(proc):
            kernel.kill()
        log.close()
        store.dispose()


def _own_log(store) -> list[tuple[str, str, str, str, str]]:
    log = AccessLogRow.__table__
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(log.c.action, log.c.result, log.c.object_code, log.c.origin,
                                                      log.c.detail).where(log.c.role == "client_self")
                                               .order_by(log.c.id))]


def _get(url: str, address: str, timeout: float = 120):
    started = time.monotonic()
    status, headers, body = http_get(url, timeout=timeout, headers={"X-Forwarded-For": address})
    return status, {k.lower(): v for k, v in headers.items()}, body.decode("utf-8", "replace"), time.monotonic() - started


def test_bad_links_are_refused_logged_and_counted_by_the_server_and_never_hold_a_kernel(service):
    proc, url, store, _work = service
    definition = load_definition(shipped_data_dir() / "bridges" / "default.yaml")
    client = ClientRepo(store).create("Poortwachter")
    _inv, token = InvitationRepo(store).invite(client.id, definition)
    ended = ClientRepo(store).create("Beeindigd")
    inv_ended, token_ended = InvitationRepo(store).invite(ended.id, definition)
    InvitationRepo(store).end(inv_ended.id)

    # no link at all (the hub's health check): the sentence, no log line
    status, headers, body, _ = _get(url, "203.0.113.1")
    assert status == 200 and SENTENCE in body and "kernelId" not in body
    assert headers["x-frame-options"] == "DENY" and "frame-ancestors 'none'" in headers["content-security-policy"]
    assert _own_log(store) == []

    # 12 guessed tokens from one address, a malformed link and an ended one from others: the server answers
    guesser = "198.51.100.66"
    answers = [_get(f"{url}?client={client.id}&t={new_token()}", guesser) for _ in range(12)]
    answers.append(_get(f"{url}?client={client.id}&t=kort", "198.51.100.67"))
    answers.append(_get(f"{url}?client={ended.id}&t={token_ended}", "198.51.100.68"))
    for status, headers, body, _seconds in answers:
        assert status == 200 and SENTENCE in body, body[-300:]
        assert "kernelId" not in body and "<script" not in body and "Poortwachter" not in body
        assert headers["referrer-policy"] == "no-referrer"
    seconds = [a[3] for a in answers[:12]]
    assert seconds[10] >= 1.0 and seconds[11] >= 2.0, seconds  # the 11th and 12th guess waited 1 and 2 s
    assert _kernels(proc) == []  # not one of them started a page

    lines = _own_log(store)
    refused = [line for line in lines if line[1] == "refused"]
    assert len(refused) == 14 and len(lines) == 14, lines
    assert [line[3] for line in refused[:12]] == [guesser] * 12  # the address the (one) proxy wrote
    assert [line[4] for line in refused[:12]] == [""] * 10 + ["self_slowed"] * 2
    assert refused[12][2] == "onbekend" and refused[12][3] == "198.51.100.67"  # malformed: no client named
    assert refused[13][2] != "onbekend" and refused[13][3] == "198.51.100.68"  # the ended link's own client

    # the client's own link, with room for two pages, after all these bad links: their page
    status, headers, body, _ = _get(f"{url}?client={client.id}&t={token}", "192.0.2.10")
    assert status == 200 and "kernelId" in body and SENTENCE not in body
    assert headers["x-frame-options"] == "DENY" and headers["referrer-policy"] == "no-referrer"
    assert len(_kernels(proc)) == 1
    opened = [line for line in _own_log(store)[14:]]
    assert [(line[0], line[1], line[3]) for line in opened] == [("open", "ok", "192.0.2.10")], opened
    # the same link opened twice more (a reload, a second tab): each gets its page, the link never holds
    # more than two (the third open closed the first page)
    for _ in range(2):
        status, _headers, body, _ = _get(f"{url}?client={client.id}&t={token}", "192.0.2.10")
        assert status == 200 and "kernelId" in body
        assert len(_kernels(proc)) <= 2
    deadline = time.monotonic() + 15  # the closed page's kernel process ends
    while len(_kernels(proc)) > 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(_kernels(proc)) == 2
    assert [line[:2] for line in _own_log(store)[14:]] == [("open", "ok")] * 3
    with store.engine.connect() as conn:  # the page's kernel opened it (once), not the server's check
        from mmwidgets.store.self_view.tables import SelfInvitationRow

        table = SelfInvitationRow.__table__
        opened_at = conn.execute(select(table.c.opened_at).where(table.c.id == _inv.id)).scalar_one()
    assert isinstance(opened_at, dt.datetime)
