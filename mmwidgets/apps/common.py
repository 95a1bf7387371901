"""Pieces every app uses (so that no app imports another app)."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from mmwidgets.i18n import t
from mmwidgets.model.actor import LOCAL_OWNER
from mmwidgets.model.bridge.library import DefinitionLibrary, shipped_bridges_dir
from mmwidgets.model.client import Client
from mmwidgets.model.dates import format_day
from mmwidgets.store.access.guard import TEAM_LEAD_REASONS, AccessRepo
from mmwidgets.store.config import definitions_dir
from mmwidgets.store.db import Database
from mmwidgets.widgets.report.file_banner import FileBanner

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def default_library() -> DefinitionLibrary:
    """Shipped definitions first, then the team's own folder in the data directory."""
    return DefinitionLibrary([shipped_bridges_dir(), definitions_dir()])


def wait_for_visitor() -> bool:
    """Block until Voila hands a preheated kernel to a visitor; False at once when not preheated.

    Voila's own ``voila.utils.wait_for_request`` imports the whole of Voila and Jupyter Server
    into every kernel (seconds of CPU each, twenty kernels at once on a training day) and gives
    up when the server does not answer within 5 s, which a busy server may not; this asks the
    same socket with ``websockets`` alone and keeps trying while the server is busy.
    """
    if os.environ.get("VOILA_PREHEAT", "False") == "False":
        return False
    info = _request_info(_request_socket_url())
    for key, value in info.items():
        os.environ[key] = str(value)
    return True


def _request_socket_url() -> str:
    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{host}:{port}{base}voila/query/{os.environ.get('VOILA_KERNEL_ID', '')}"


def _request_info(url: str, attempts: int = 30) -> dict:
    """The visitor's request (query string, headers) that Voila sends when it hands the kernel over."""
    import json
    import time

    from websockets.sync.client import connect

    for attempt in range(attempts):
        try:
            with connect(url, open_timeout=30, max_size=2**22) as socket:
                return json.loads(socket.recv())
        except (OSError, TimeoutError) as exc:  # the server is busy or restarting: try again
            last = exc
        except Exception as exc:  # the socket closed without the request (kernel shut down)
            last = exc
            break
        time.sleep(min(5.0, 0.5 * (attempt + 1)))
    import logging

    logging.getLogger(__name__).warning("no visitor request from %s: %s", url, last)
    return {}


# -- times and names as the team's screens say them ---------------------------------------------
def local_time(at_utc: dt.datetime) -> dt.datetime:
    return at_utc.replace(tzinfo=dt.timezone.utc).astimezone(AMSTERDAM)


def when_text(at_utc: dt.datetime, lang: str) -> str:
    """``6-12-2026 om 19:40`` (Amsterdam time)."""
    moment = local_time(at_utc)
    return t("teams.when", lang, day=format_day(moment.date(), lang), time=moment.strftime("%H:%M"))


def coach_name(coach: str, lang: str) -> str:
    return t("teams.list.local_coach", lang) if coach == LOCAL_OWNER else coach


# -- the banner above a file in the conversation workbook -------------------------------------
class FileBannerApp(FileBanner):
    """``set_client(client)``: for a team lead, whose file it is, who opened it, why, until when,
    and "Ik neem dit over" (logged; only then may the file be changed, decided in the store);
    for the coach, that a team lead took the file over lately. Hidden otherwise."""

    def __init__(self, store: Database, lang: str = "nl"):
        super().__init__(lang)
        self.store = store
        self.repo = AccessRepo(store)
        self.client_id: int | None = None
        self.on_take_over(self.take_over)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self._texts()
        if self.client_id is not None:
            self.guard(self.set_client)(self.client_id)

    def set_client(self, client: Client | int | None) -> None:
        client_id = client.id if isinstance(client, Client) else client
        self.client_id = client_id
        if client_id is None:
            self.hide()
            return
        role = self.store.actor.role
        if role == "team_lead":
            status = self.repo.lead_status(client_id)
            if status is None:
                self.hide()
                return
            lang = self.lang
            text = t("teams.banner.lead", lang, name=status.pseudonym, coach=coach_name(status.coach, lang),
                     lead=status.lead, reason=t(f"teams.reason.{status.reason}", lang),
                     until=when_text(status.until, lang))
            if status.taken_at is None:
                self.show_lead(text, t("teams.banner.read_only", lang), taken=False)
            else:
                self.show_lead(text, t("teams.banner.taken", lang, when=when_text(status.taken_at, lang)),
                               taken=True)
        elif role == "coach":
            lines = self.repo.taken_over_lines(client_id)
            if not lines:
                self.hide()
                return
            line = lines[-1]
            self.show_notice(t("teams.banner.coach", self.lang, lead=line.actor, when=when_text(line.at, self.lang),
                               reason=t(f"teams.reason.{line.detail}", self.lang)
                               if line.detail in TEAM_LEAD_REASONS else "-"))
        else:
            self.hide()

    def take_over(self) -> None:
        if self.client_id is None:
            return
        self.repo.take_over(self.client_id)
        self.set_client(self.client_id)
