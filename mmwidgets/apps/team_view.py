"""The team workbook (``team.ipynb``): a coach's own clients, or for a team lead the whole
team's with the number per coach and who has not been seen for a chosen number of weeks; the
team lead's logged opening of a file; and the hand-over of a client to a colleague of the
team (chosen from the team's roster, confirmed in a sentence, undone the same day; logged).
What is listed, opened and handed over is decided in the store (mmwidgets/store/access/guard.py).

Also here: :class:`FileBannerApp`, the banner the conversation workbook shows above a file a team
lead opened (whose file, who opened it, why, until when, "Ik neem dit over"), or above a coach's
own file that a team lead took over.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from typing import Any
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import ipywidgets as W

from mmwidgets.i18n import language_from_environment, t
from mmwidgets.model.actor import LOCAL_OWNER
from mmwidgets.model.client import Client
from mmwidgets.model.dates import format_day, local_today
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.bridge.files import Problem
from mmwidgets.apps.common import coach_name as _coach, local_time, when_text  # noqa: F401
from mmwidgets.store.access.guard import TEAM_LEAD_REASONS, AccessRepo
from mmwidgets.store.reports.team import caseload
from mmwidgets.store.store import Store
from mmwidgets.widgets.feedback import MessageArea, guarded

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
#: the "Dossier openen" button: white on dark blue (contrast 8.6:1; the old orange had 2.7:1)
OPEN_BUTTON_COLOUR = "#0b4f8a"


#: the first line of a list that must be chosen on purpose ("Kies een collega"): a blank list
#: said nothing about what to do
NOTHING = ""


def caseload_html(rows: list[tuple[Client, str]], lang: str, last: dict[int, Any] | None = None,
                  not_seen: set[int] | None = None) -> str:
    """The clients with their coach (and, for a team lead, the last conversation) as an escaped
    HTML table inside a box that scrolls sideways itself."""
    if not rows:
        return f"<p class='mm-team-empty'>{html.escape(t('teams.list.none', lang))}</p>"
    extra = last is not None
    head = (
        f"<th>{html.escape(t('teams.list.col.client', lang))}</th>"
        f"<th>{html.escape(t('teams.list.col.coach', lang))}</th>"
    )
    if extra:
        head += f"<th>{html.escape(t('teams.list.col.last', lang))}</th>"
    body = []
    for client, coach in rows:
        cells = f"<td>{html.escape(client.pseudonym)}</td><td>{html.escape(_coach(coach, lang))}</td>"
        flag = ""
        if extra:
            day = (last or {}).get(client.id)
            text = format_day(day, lang) if day else t("teams.list.never", lang)
            if not_seen and client.id in not_seen:
                flag = " class='mm-team-not-seen'"
                text += " · " + t("teams.list.not_seen", lang)
            cells += f"<td>{html.escape(text)}</td>"
        body.append(f"<tr{flag}>{cells}</tr>")
    return (f"<div class='mm-team-table-box' style='overflow-x:auto;max-width:100%'>"
            f"<table class='mm-team-table'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>"
            f"</table></div>")


def per_coach_html(rows: list[tuple[Client, str]], not_seen: set[int], weeks: int, lang: str) -> str:
    """One line per coach: how many clients, how many not seen for ``weeks`` weeks."""
    if not rows:
        return ""
    counts = Counter(coach for _c, coach in rows)
    late = Counter(coach for c, coach in rows if c.id in not_seen)
    items = "".join(
        f"<li class='mm-team-count'>{html.escape(t('teams.count.line', lang, coach=_coach(coach, lang), count=n, late=late[coach], weeks=weeks))}</li>"
        for coach, n in sorted(counts.items(), key=lambda item: item[0].casefold())
    )
    total = t("teams.count.total", lang, count=len(rows), late=len(not_seen), weeks=weeks)
    return (f"<p class='mm-team-total'>{html.escape(total)}</p>"
            f"<ul class='mm-team-counts'>{items}</ul>")


CONVERSATION_LINK = "gesprek.ipynb?client={id}"


def conversation_link(client: Client, lang: str) -> str:
    """A link to the conversation workbook on this client (same language), escaped."""
    href = CONVERSATION_LINK.format(id=int(client.id)) + ("&lang=en" if lang == "en" else "")
    text = t("teams.lead_open.link", lang, name=client.pseudonym)
    return (f"<a class='mm-lead-open-link' href='{html.escape(href, quote=True)}' target='_blank'>"
            f"{html.escape(text)}</a>")


def _section(title: str, *children: W.Widget) -> W.VBox:
    box = W.VBox([W.HTML(title), *children])
    return box


class TeamView(W.VBox):
    """List (``mm-team-list``, counts ``mm-team-counts``, weeks ``mm-team-weeks``), the team lead's
    opening (``mm-lead-open-client``, ``mm-lead-open-reason``, ``mm-lead-open-button``) and the
    hand-over (``mm-handover-client``, ``mm-handover-coach`` a list of the team's coaches,
    ``mm-handover-button``, then ``mm-handover-confirm`` with ``mm-handover-yes``/``mm-handover-no``,
    and ``mm-handover-undo`` buttons). Each section has its own messages."""

    def __init__(self, store: Store, lang: str = "nl", today: dt.date | None = None, query: str = ""):
        super().__init__()
        self.add_class("mm-team-view")
        self.store, self.lang, self.today = store, lang, today
        self.repo = AccessRepo(store)
        actor = store.actor
        self.messages = MessageArea()  # the list's messages
        self.open_messages = MessageArea()
        self.hand_messages = MessageArea()
        self.guard = guarded(self.messages, lambda: self.lang)
        open_guard = guarded(self.open_messages, lambda: self.lang)
        hand_guard = guarded(self.hand_messages, lambda: self.lang)
        self.title = W.HTML()
        self.counts = W.HTML().add_class("mm-team-counts-box")
        self.weeks = W.BoundedIntText(value=6, min=1, max=104).add_class("mm-team-weeks")
        self.weeks.layout.width = "auto"
        self.weeks.observe(self.guard(lambda _c: self.refresh()), "value")
        self.table = W.HTML().add_class("mm-team-list")
        # hand-over: a client, a colleague from the roster, a sentence to confirm, undo today
        self.client = W.Dropdown(options=[]).add_class("mm-handover-client")
        self.coach = W.Dropdown(options=[]).add_class("mm-handover-coach")
        self.button = W.Button(button_style="primary").add_class("mm-handover-button")
        self.button.on_click(hand_guard(lambda _b: self.ask_hand_over()))
        self.confirm_text = W.HTML().add_class("mm-handover-sentence")
        self.yes = W.Button(button_style="primary").add_class("mm-handover-yes")
        self.no = W.Button().add_class("mm-handover-no")
        self.yes.on_click(hand_guard(lambda _b: self.hand_over()))
        self.no.on_click(hand_guard(lambda _b: self.cancel_hand_over()))
        self.confirm_box = W.VBox([self.confirm_text, W.HBox([self.yes, self.no])]).add_class("mm-handover-confirm")
        self.confirm_box.children[1].layout.flex_flow = "row wrap"
        self.confirm_box.layout.display = "none"
        self.undo_box = W.VBox().add_class("mm-handover-undo-box")
        self._undo_guard = hand_guard
        # issue 23: names are unique per coach; a refused hand-over offers to rename the client here
        self.rename_name = W.Text(continuous_update=True).add_class("mm-handover-rename")
        self.rename_button = W.Button().add_class("mm-handover-rename-button")
        self.rename_button.on_click(hand_guard(lambda _b: self.rename()))
        self.rename_box = W.HBox([self.rename_name, self.rename_button]).add_class("mm-handover-rename-box")
        self.rename_box.layout.flex_flow = "row wrap"
        self.rename_box.layout.display = "none"
        self._renaming: int | None = None
        fields = W.HBox([self.client, self.coach, self.button])
        fields.layout.flex_flow = "row wrap"
        self.hand_over_box = _section("", fields, self.confirm_box, self.hand_messages, self.rename_box,
                                      self.undo_box)
        self.hand_over_box.add_class("mm-handover")
        # a team lead opens a file only through this logged step, with a reason
        self.open_client = W.Dropdown(options=[]).add_class("mm-lead-open-client")
        self.open_reason = W.Dropdown(options=[]).add_class("mm-lead-open-reason")
        self.open_button = W.Button().add_class("mm-lead-open-button")
        self.open_button.style.button_color = OPEN_BUTTON_COLOUR
        self.open_button.style.text_color = "white"
        self.open_button.on_click(open_guard(lambda _b: self.open_file()))
        self.open_link = W.HTML().add_class("mm-lead-open-result")
        open_fields = W.HBox([self.open_client, self.open_reason, self.open_button])
        open_fields.layout.flex_flow = "row wrap"
        self.lead_box = _section("", open_fields, self.open_messages, self.open_link).add_class("mm-lead-open")
        self._texts()
        if actor.role == "team_lead":
            self.children = [self.title, self.counts, self.weeks, self.table, self.messages,
                             self.lead_box, self.hand_over_box]
            self.guard(self.refresh)()
            self.guard(self.choose_from_query)(query)
        elif actor.role == "coach":
            self.children = [self.title, self.table, self.messages, self.hand_over_box]
            self.guard(self.refresh)()
        else:
            self.children = [self.title, self.messages]
            self.messages.show(t("teams.list.not_allowed", lang), "warning")

    def _texts(self) -> None:
        lang, actor = self.lang, self.store.actor
        key = "teams.list.title_team" if actor.role == "team_lead" else "teams.list.title_own"
        self.title.value = f"<h1>{html.escape(t(key, lang, team=actor.team, name=actor.user))}</h1>"
        self.hand_over_box.children[0].value = (
            f"<h2>{html.escape(t('teams.hand_over.title', lang))}</h2>"
            f"<p>{html.escape(t('teams.hand_over.explain', lang))}</p>"
        )
        self.client.description = t("teams.hand_over.client", lang)
        self.rename_name.description = t("teams.hand_over.rename_label", lang)
        self.rename_button.description = t("teams.hand_over.rename_button", lang)
        self.coach.description = t("teams.hand_over.coach", lang)
        self.button.description = t("teams.hand_over.button", lang)
        self.yes.description = t("teams.hand_over.yes", lang)
        self.no.description = t("teams.hand_over.no", lang)
        self.weeks.description = t("teams.list.weeks", lang)
        self.lead_box.children[0].value = (
            f"<h2>{html.escape(t('teams.lead_open.title', lang))}</h2>"
            f"<p>{html.escape(t('teams.lead_open.explain', lang))}</p>"
        )
        self.open_client.description = t("teams.lead_open.client", lang)
        self.open_reason.description = t("teams.lead_open.reason", lang)
        chosen = self.open_reason.value
        self.open_reason.options = [(t("teams.lead_open.choose_reason", lang), NOTHING)] + [
            (t(f"teams.reason.{r}", lang), r) for r in TEAM_LEAD_REASONS]
        self.open_reason.value = chosen if chosen in TEAM_LEAD_REASONS else NOTHING
        self.open_button.description = t("teams.lead_open.button", lang)
        for field in (self.client, self.coach, self.open_client, self.open_reason, self.weeks, self.rename_name):
            field.style = {"description_width": "initial"}

    # -- the list -------------------------------------------------------------------------
    def refresh(self) -> list[tuple[Client, str]]:
        rows = self.repo.team_clients()
        if self.store.actor.role == "team_lead":
            frame = caseload(self.store, self.today or local_today(), int(self.weeks.value))
            last = dict(zip(frame["client_id"], frame["last_conversation"]))
            not_seen = {int(i) for i, flag in zip(frame["client_id"], frame["not_seen"]) if flag}
            self.counts.value = per_coach_html(rows, not_seen, int(self.weeks.value), self.lang)
            self.table.value = caseload_html(rows, self.lang, last, not_seen)
        else:
            self.table.value = caseload_html(rows, self.lang)
        chosen = self.client.value
        self.client.options = [(c.pseudonym if self.store.actor.role == "coach"
                                else f"{c.pseudonym} ({_coach(coach, self.lang)})", c.id) for c, coach in rows]
        ids = [c.id for c, _coach in rows]
        self.client.value = chosen if chosen in ids else (ids[0] if ids else None)
        coach = self.coach.value
        names = self.repo.colleagues()
        self.coach.options = [(t("teams.hand_over.choose_coach", self.lang), NOTHING)] + [
            (_coach(n, self.lang), n) for n in names]
        self.coach.value = coach if coach in names else NOTHING
        opening = self.open_client.value
        self.open_client.options = [(t("teams.lead_open.choose_client", self.lang), NOTHING)] + [
            (f"{c.pseudonym} ({_coach(coach, self.lang)})", c.id) for c, coach in rows]
        self.open_client.value = opening if opening in ids else NOTHING
        self._draw_undo()
        return rows

    def choose_from_query(self, query: str) -> None:
        """``?client=<id>`` (a link from the caseload): that client is chosen in the opening step;
        the team lead still gives a reason, and the opening is logged."""
        values = parse_qs(query or "").get("client") or []
        if not values or not values[0].strip().isdigit():
            return
        wanted = int(values[0].strip())
        ids = [value for _label, value in self.open_client.options]
        if wanted in ids:
            self.open_client.value = wanted
            self.open_messages.show(t("teams.lead_open.chosen", self.lang), "info")

    # -- the team lead's opening ------------------------------------------------------------
    def open_file(self) -> Client | None:
        """The team lead's logged step: a client of the team and a reason; then a link to the file."""
        if self.open_client.value in (None, NOTHING):
            raise InvalidInput(Problem("", "teams_choose_client"))
        if self.open_reason.value in (None, NOTHING):
            raise InvalidInput(Problem("", "teams_reason_unknown",
                                       {"reasons": ", ".join(t(f"teams.reason.{r}", self.lang) for r in TEAM_LEAD_REASONS)}))
        reason = self.open_reason.value
        client = self.repo.open_as_team_lead(self.open_client.value, reason)
        self.open_messages.show(t("teams.lead_open.done", self.lang, name=client.pseudonym,
                                  reason=t(f"teams.reason.{reason}", self.lang)), "success")
        self.open_link.value = conversation_link(client, self.lang)
        return client

    # -- the hand-over -----------------------------------------------------------------------
    def _chosen(self) -> tuple[Client, str, str]:
        if self.client.value is None:
            raise InvalidInput(Problem("", "teams_choose_client"))
        if self.coach.value in (None, NOTHING):
            raise InvalidInput(Problem("", "teams_choose_coach"))
        rows = {c.id: (c, coach) for c, coach in self.repo.team_clients()}
        if self.client.value not in rows:
            raise InvalidInput(Problem("", "teams_choose_client"))
        client, old = rows[self.client.value]
        return client, old, self.coach.value

    def sentence(self, client: Client, old: str, new: str) -> str:
        if self.store.actor.role == "coach":
            return t("teams.hand_over.sentence", self.lang, name=client.pseudonym, coach=new)
        return t("teams.hand_over.sentence_lead", self.lang, name=client.pseudonym, coach=new,
                 old=_coach(old, self.lang))

    def ask_hand_over(self) -> None:
        """First click: say what will happen, in a sentence, and ask to confirm."""
        client, old, new = self._chosen()
        self.hand_messages.clear()
        self.confirm_text.value = (f"<p class='mm-handover-question'>"
                                   f"{html.escape(self.sentence(client, old, new))}</p>")
        self.confirm_box.layout.display = ""

    def cancel_hand_over(self) -> None:
        self.confirm_box.layout.display = "none"
        self.confirm_text.value = ""

    def hand_over(self) -> Client | None:
        """The confirmed hand-over (logged); the giver may undo it today."""
        client, old, new = self._chosen()
        self.confirm_box.layout.display = "none"
        try:
            done = self.repo.hand_over(client.id, new)
        except InvalidInput as refused:
            if refused.problem.code == "teams_hand_over_name_taken" and self.store.actor.role == "coach":
                self._offer_rename(client)  # the message says: rename first; the field is right here
            raise
        self.rename_box.layout.display = "none"
        self._renaming = None
        self.refresh()
        self.hand_messages.show(t("teams.hand_over.done", self.lang, name=done.pseudonym, coach=new), "success")
        return done

    def _offer_rename(self, client: Client) -> None:
        if self._renaming != client.id or not self.rename_name.value.strip():
            self.rename_name.value = client.pseudonym  # to change, e.g. with a letter added
        self._renaming = client.id
        self.rename_box.layout.display = ""

    def rename(self) -> Client | None:
        """The coach gives the refused client another pseudonym (checked as any name); then hands over again."""
        from mmwidgets.store.clients import ClientRepo

        if self._renaming is None:
            return None
        client = ClientRepo(self.store).update(self._renaming, pseudonym=self.rename_name.value)
        self._renaming = None
        self.rename_box.layout.display = "none"
        self.rename_name.value = ""
        self.refresh()
        self.client.value = client.id
        self.hand_messages.show(t("teams.hand_over.renamed", self.lang, name=client.pseudonym), "success")
        return client

    def _draw_undo(self) -> None:
        items = self.repo.undoable_hand_overs()
        children: list[W.Widget] = []
        for item in items:
            label = t("teams.hand_over.undo", self.lang, name=item["pseudonym"],
                      coach=_coach(item["from_coach"], self.lang))
            button = W.Button(description=label, layout=W.Layout(width="auto", max_width="100%"))
            button.add_class("mm-handover-undo")
            button.on_click(self._undo_guard(lambda _b, cid=item["client_id"]: self.undo(cid)))
            children.append(button)
        if children:
            note = W.HTML(f"<p>{html.escape(t('teams.hand_over.undo_explain', self.lang))}</p>")
            children.insert(0, note)
        self.undo_box.children = children

    def undo(self, client_id: int) -> Client:
        try:
            client = self.repo.undo_hand_over(client_id)
        except InvalidInput as refused:
            if refused.problem.code == "teams_undo_name_taken_own" and self.store.actor.role == "coach":
                # the coach's own client of that name (made since) may be renamed here
                wanted = " ".join(str(refused.problem.values.get("name", "")).split()).casefold()
                mine = [c for c, coach in self.repo.team_clients()
                        if coach in self.store.actor.owners and c.pseudonym.casefold() == wanted]
                if mine:
                    self._offer_rename(mine[0])
            raise
        self.refresh()
        self.hand_messages.show(t("teams.hand_over.undone", self.lang, name=client.pseudonym), "success")
        return client


def team_view_app(store: Store | None = None, lang: str | None = None, query: str | None = None) -> TeamView:
    """The team workbook: Dutch unless ``?lang=en`` or ``lang``; ``?client=<id>`` chooses the
    client in the team lead's opening step."""
    import os

    return TeamView(store or Store(), lang or language_from_environment(),
                    query=os.environ.get("QUERY_STRING", "") if query is None else query)
