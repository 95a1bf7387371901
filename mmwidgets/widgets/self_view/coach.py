"""The coach's side of the client's own bridge, shown in the conversation's bridge step.

- "Laat [naam] zelf de brug invullen": makes a personal link (and a QR code, drawn here with
  segno as inline SVG; nothing is sent anywhere), shows whether it was opened or finished, and
  "Stop deze link". The link is shown only right after it is made: the store keeps its hash only.
- What the client chose on their own beside today's choices: a sentence for each part where
  they differ ("Je koos zelf trede 2 bij Wonen; samen kozen jullie 3") and one tap to take the
  client's step over as today's answer (the app saves it as chosen by the client).

CSS hooks: ``mm-self-coach``, ``mm-self-invite``, ``mm-self-status``, ``mm-self-link``,
``mm-self-qr``, ``mm-self-end``, ``mm-self-own``, ``mm-self-diff`` (data-mm-part),
``mm-self-take-over`` and ``mm-self-take-over-<part>``.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from typing import Any, Callable, Mapping
from zoneinfo import ZoneInfo

import ipywidgets as W
from babel.dates import format_date

from mmwidgets.i18n import t
from mmwidgets.model.assessment import Assessment
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.model.self_view import Invitation, OwnView, differences
from mmwidgets.store.self_view.repo import InvitationRepo
from mmwidgets.widgets.feedback import MessageArea, guarded

ZONE = ZoneInfo("Europe/Amsterdam")
TakeOver = Callable[[str, int], None]


def self_link(client_id: int, token: str, environ: Mapping[str, str] | None = None) -> str:
    """The personal link. ``MM_SELF_URL`` (the client's page itself, e.g. the team stack's
    ``https://<hub>/services/eigen-brug/``, set by deploy/jupyterhub_config.py) wins; then
    ``MM_PUBLIC_URL`` (the address under which the team serves ``zelf.ipynb``'s folder, e.g.
    ``https://mm.gemeente.nl/voila/render``); otherwise the address this conversation page was
    opened on, with ``zelf.ipynb`` beside ``gesprek.ipynb``."""
    env = os.environ if environ is None else environ
    page = env.get("MM_SELF_URL", "").strip()
    if page:
        return f"{page}?client={int(client_id)}&t={token}"
    base = env.get("MM_PUBLIC_URL", "").strip().rstrip("/")
    if not base:
        host = env.get("SERVER_NAME", "").strip() or "127.0.0.1"
        port = env.get("SERVER_PORT", "").strip()
        script = env.get("SCRIPT_NAME", "")
        folder = script.rsplit("/", 1)[0] if script.endswith(".ipynb") else "/voila/render"
        base = f"http://{host}{':' + port if port and port != '80' else ''}{folder}"
    return f"{base}/zelf.ipynb?client={int(client_id)}&t={token}"


def qr_svg(text: str) -> str:
    import segno

    return segno.make(text, error="m").svg_inline(scale=4, border=2, omitsize=True)  # a viewBox: it scales


def _day(at: dt.datetime | None, lang: str) -> str:
    if at is None:
        return ""
    local = at.replace(tzinfo=dt.timezone.utc).astimezone(ZONE)
    return format_date(local.date(), "long", locale=lang)


class SelfViewPanel(W.VBox):
    def __init__(self, store: Any, lang: str = "nl", guard: Callable[[Callable[..., Any]], Callable[..., Any]] | None = None,
                 link_for: Callable[[int, str], str] = self_link):
        super().__init__()
        self.add_class("mm-self-coach")
        self.repo = InvitationRepo(store)
        self.lang = lang
        self.messages = MessageArea()
        self.guard = guard or guarded(self.messages, lambda: self.lang)
        self.link_for = link_for
        self.client_id: int | None = None
        self.name = ""
        self.definition: BridgeDefinition | None = None
        self.invitation: Invitation | None = None
        self.own: OwnView | None = None
        self.today: dict[str, int | None] = {}
        self.link: str | None = None
        self._take_over: list[TakeOver] = []
        self.own_box = W.VBox().add_class("mm-self-own")
        self.status = W.HTML().add_class("mm-self-status")
        self.invite_button = W.Button(icon="mobile").add_class("mm-self-invite")
        self.end_button = W.Button().add_class("mm-self-end")
        self.link_box = W.HTML().add_class("mm-self-link")
        self.invite_button.on_click(self.guard(lambda _b: self.invite()))
        self.end_button.on_click(self.guard(lambda _b: self.end()))
        self.invite_box = W.VBox([
            self.status, self.link_box,
            W.Box([self.invite_button, self.end_button]).add_class("mm-wrap"),
        ]).add_class("mm-self-invite-box")
        # the link takes room: folded away under one line until the coach opens it (or makes a link)
        self.invite_fold = W.Accordion([self.invite_box], selected_index=None).add_class("mm-self-invite-fold")
        self.children = [self.messages, self.own_box, self.invite_fold]
        self.layout.display = "none"

    # -- the app's side ------------------------------------------------------------
    def on_take_over(self, handler: TakeOver) -> None:
        """``handler(sub_id, step)`` when the coach takes the client's own step over."""
        self._take_over.append(handler)

    def set_client(self, client_id: int | None, name: str, definition: BridgeDefinition) -> None:
        """A client was opened (or the bridge changed): read their link and own answers."""
        self.client_id, self.name, self.definition = client_id, name, definition
        self.link = None
        self.invite_fold.selected_index = None
        self.reload()

    def reload(self) -> None:
        if self.client_id is None or self.definition is None:
            self.invitation = self.own = None
            self.layout.display = "none"
            return
        self.invitation = self.repo.latest(self.client_id, self.definition)
        self.own = self.repo.own_view(self.client_id, self.definition)
        self.layout.display = ""
        self._draw()

    def show_today(self, assessment: Assessment | None) -> None:
        """Today's steps changed: redraw the differences (no database read)."""
        steps = {sub: c.step for sub, c in assessment.choices.items()} if assessment else {}
        if steps != self.today:
            self.today = steps
            if self.client_id is not None:
                self._draw_own()

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        if self.client_id is not None:
            self._draw()

    # -- the coach's taps ----------------------------------------------------------
    def invite(self) -> str:
        assert self.client_id is not None and self.definition is not None
        self.invitation, token = self.repo.invite(self.client_id, self.definition)
        self.link = self.link_for(self.client_id, token)
        self._draw()
        self.invite_fold.selected_index = 0
        return self.link

    def end(self) -> None:
        if self.invitation is not None:
            self.invitation = self.repo.end(self.invitation.id)
            self.link = None
            self._draw()

    def take_over(self, sub_id: str, step: int) -> None:
        for handler in self._take_over:
            handler(sub_id, step)

    # -- drawing ---------------------------------------------------------------------
    def _draw(self) -> None:
        self._draw_invite()
        self._draw_own()

    def _draw_invite(self) -> None:
        lang, esc = self.lang, html.escape
        inv = self.invitation
        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        state = inv.state(now) if inv is not None else None
        live = state in ("new", "opened")
        lines = []
        if inv is not None:
            when = {"new": inv.expires_at, "opened": inv.opened_at, "finished": inv.finished_at,
                    "expired": inv.expires_at, "ended": inv.ended_at}[state]
            lines.append(f"<p data-mm-state='{esc(state)}'>{esc(t(f'self.status.{state}', lang, date=_day(when, lang)))}</p>")
        self.status.value = "".join(lines)
        title = t("self.fold", lang, name=self.name)
        if inv is not None:
            title += " · " + t(f"self.fold_state.{state}", lang)
        self.invite_fold.set_title(0, title)
        if self.link and live:
            assert inv is not None
            self.link_box.value = (
                f"<p>{esc(t('self.link_intro', lang, name=self.name, date=_day(inv.expires_at, lang)))}</p>"
                f"<p class='mm-self-invite-link'><a href='{esc(self.link)}' target='_blank' rel='noopener'>{esc(self.link)}</a></p>"
                f"<div class='mm-self-qr' role='img' aria-label='{esc(t('self.qr_label', lang))}'>{qr_svg(self.link)}</div>"
            )
        elif live:
            self.link_box.value = f"<p>{esc(t('self.link_gone', lang))}</p>"
        else:
            self.link_box.value = ""
        self.invite_button.description = (t("self.invite", lang, name=self.name) if inv is None
                                          else t("self.invite_again", lang))
        self.end_button.description = t("self.end", lang)
        self.end_button.layout.display = "" if live else "none"

    def _draw_own(self) -> None:
        lang, esc = self.lang, html.escape
        own, defn = self.own, self.definition
        if own is None or defn is None or not own.choices:
            self.own_box.children = []
            return
        order = [sub.id for _p, sub in defn.subpillars()]
        found = differences(own, self.today, order)
        rows: list[W.Widget] = [W.HTML(
            f"<h2>{esc(t('self.own_heading', lang, name=self.name))}</h2>"
            f"<p>{esc(t('self.own_dated', lang, date=_day(own.last_saved(), lang)))}</p>"
        )]
        for diff in found:
            part = defn.subpillar(diff.sub_id).name.get(lang)
            key = "self.diff" if diff.today is not None else "self.diff_today_none"
            sentence = t(key, lang, own=diff.own, part=part, today=diff.today if diff.today is not None else "")
            focus = own.choices[diff.sub_id].focus
            extra = f" <em>({esc(t('self.own_focus', lang))})</em>" if focus else ""
            button = W.Button(description=t("self.take_over", lang, own=diff.own, part=part))
            button.add_class("mm-self-take-over")
            button.add_class(f"mm-self-take-over-{diff.sub_id}")
            button.on_click(self.guard(lambda _b, sub=diff.sub_id, n=diff.own: self.take_over(sub, n)))
            rows.append(W.Box([
                W.HTML(f"<p class='mm-self-diff' data-mm-part='{esc(diff.sub_id)}'>{esc(sentence)}{extra}</p>"),
                button,
            ]).add_class("mm-self-diff-row"))
        same = sum(1 for sub in order if own.step(sub) is not None and self.today.get(sub) == own.step(sub))
        if same:
            rows.append(W.HTML(f"<p class='mm-self-same'>{esc(t('self.same_count', lang, n=same))}</p>"))
        self.own_box.children = rows
