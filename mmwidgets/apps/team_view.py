"""The caseload workbook (``team.ipynb``): a coach's own clients, or for a team lead the whole
team's, with their coach; and the hand-over of a client to a colleague (logged). What is
listed and what may be handed over is decided in the store (mmwidgets/store/access/guard.py)."""

from __future__ import annotations

import html

import ipywidgets as W

from mmwidgets.i18n import language_from_environment, t
from mmwidgets.model.actor import LOCAL_OWNER
from mmwidgets.model.client import Client
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.bridge.files import Problem
from mmwidgets.store.access.guard import TEAM_LEAD_REASONS, AccessRepo
from mmwidgets.store.store import Store
from mmwidgets.widgets.feedback import MessageArea, guarded


def caseload_html(rows: list[tuple[Client, str]], lang: str) -> str:
    """The clients with their coach as an escaped HTML table."""
    if not rows:
        return f"<p class='mm-team-empty'>{html.escape(t('teams.list.none', lang))}</p>"
    head = (
        f"<th>{html.escape(t('teams.list.col.client', lang))}</th>"
        f"<th>{html.escape(t('teams.list.col.coach', lang))}</th>"
    )
    body = "".join(
        f"<tr><td>{html.escape(client.pseudonym)}</td><td>{html.escape(_coach(coach, lang))}</td></tr>"
        for client, coach in rows
    )
    return f"<table class='mm-team-table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


CONVERSATION_LINK = "gesprek.ipynb?client={id}"


def conversation_link(client: Client, lang: str) -> str:
    """A link to the conversation workbook on this client (same language), escaped."""
    href = CONVERSATION_LINK.format(id=int(client.id)) + ("&lang=en" if lang == "en" else "")
    text = t("teams.lead_open.link", lang, name=client.pseudonym)
    return (f"<a class='mm-lead-open-link' href='{html.escape(href, quote=True)}' target='_blank'>"
            f"{html.escape(text)}</a>")


def _coach(coach: str, lang: str) -> str:
    return t("teams.list.local_coach", lang) if coach == LOCAL_OWNER else coach


class TeamView(W.VBox):
    """List (``mm-team-list``) and hand-over (``mm-handover-client``, ``mm-handover-coach``,
    ``mm-handover-button``)."""

    def __init__(self, store: Store, lang: str = "nl"):
        super().__init__()
        self.add_class("mm-team-view")
        self.store, self.lang = store, lang
        self.repo = AccessRepo(store)
        self.messages = MessageArea()
        self.guard = guarded(self.messages, lambda: self.lang)
        actor = store.actor
        self.title = W.HTML()
        self.table = W.HTML().add_class("mm-team-list")
        self.client = W.Dropdown(options=[]).add_class("mm-handover-client")
        self.coach = W.Text().add_class("mm-handover-coach")
        self.button = W.Button(button_style="primary").add_class("mm-handover-button")
        self.button.on_click(self.guard(lambda _b: self.hand_over()))
        self.hand_over_box = W.VBox([W.HTML(), W.HBox([self.client, self.coach, self.button])])
        self.hand_over_box.children[1].layout.flex_flow = "row wrap"
        # a team lead opens a file only through this logged step, with a reason
        self.open_client = W.Dropdown(options=[]).add_class("mm-lead-open-client")
        self.open_reason = W.Dropdown(options=[]).add_class("mm-lead-open-reason")
        self.open_button = W.Button(button_style="warning").add_class("mm-lead-open-button")
        self.open_button.on_click(self.guard(lambda _b: self.open_file()))
        self.open_link = W.HTML().add_class("mm-lead-open-result")
        self.lead_box = W.VBox([
            W.HTML(), W.HBox([self.open_client, self.open_reason, self.open_button]), self.open_link,
        ]).add_class("mm-lead-open")
        self.lead_box.children[1].layout.flex_flow = "row wrap"
        self._texts()
        if actor.role == "team_lead":
            self.children = [self.title, self.table, self.lead_box, self.hand_over_box, self.messages]
            self.guard(self.refresh)()
        elif actor.role == "coach":
            self.children = [self.title, self.table, self.hand_over_box, self.messages]
            self.guard(self.refresh)()
        else:
            self.children = [self.title, self.messages]
            self.messages.show(t("teams.list.not_allowed", lang), "warning")

    def _texts(self) -> None:
        lang, actor = self.lang, self.store.actor
        key = "teams.list.title_team" if actor.role == "team_lead" else "teams.list.title_own"
        self.title.value = f"<h2>{html.escape(t(key, lang, team=actor.team, name=actor.user))}</h2>"
        self.hand_over_box.children[0].value = f"<h3>{html.escape(t('teams.hand_over.title', lang))}</h3>"
        self.client.description = t("teams.hand_over.client", lang)
        self.coach.description = t("teams.hand_over.coach", lang)
        self.button.description = t("teams.hand_over.button", lang)
        self.lead_box.children[0].value = (
            f"<h3>{html.escape(t('teams.lead_open.title', lang))}</h3>"
            f"<p>{html.escape(t('teams.lead_open.explain', lang))}</p>"
        )
        self.open_client.description = t("teams.lead_open.client", lang)
        self.open_reason.description = t("teams.lead_open.reason", lang)
        chosen = self.open_reason.value
        self.open_reason.options = [(t(f"teams.reason.{r}", lang), r) for r in TEAM_LEAD_REASONS]
        self.open_reason.value = chosen if chosen in TEAM_LEAD_REASONS else None
        self.open_button.description = t("teams.lead_open.button", lang)
        for field in (self.client, self.coach, self.open_client, self.open_reason):
            field.style = {"description_width": "initial"}

    def refresh(self) -> list[tuple[Client, str]]:
        rows = self.repo.team_clients()
        self.table.value = caseload_html(rows, self.lang)
        chosen = self.client.value
        self.client.options = [(c.pseudonym, c.id) for c, _coach in rows]
        ids = [c.id for c, _coach in rows]
        self.client.value = chosen if chosen in ids else (ids[0] if ids else None)
        opening = self.open_client.value
        self.open_client.options = [(f"{c.pseudonym} ({_coach(coach, self.lang)})", c.id) for c, coach in rows]
        self.open_client.value = opening if opening in ids else None
        return rows

    def open_file(self) -> Client | None:
        """The team lead's logged step: a client of the team and a reason; then a link to the file."""
        if self.open_client.value is None:
            raise InvalidInput(Problem("client", "teams_choose_client"))
        if self.open_reason.value is None:
            raise InvalidInput(Problem("reason", "teams_reason_unknown",
                                       {"reasons": ", ".join(t(f"teams.reason.{r}", self.lang) for r in TEAM_LEAD_REASONS)}))
        reason = self.open_reason.value
        client = self.repo.open_as_team_lead(self.open_client.value, reason)
        self.messages.show(t("teams.lead_open.done", self.lang, name=client.pseudonym,
                             reason=t(f"teams.reason.{reason}", self.lang)), "success")
        self.open_link.value = conversation_link(client, self.lang)
        return client

    def hand_over(self) -> Client | None:
        if self.client.value is None:
            return None
        to = self.coach.value.strip()
        client = self.repo.hand_over(self.client.value, to)
        self.coach.value = ""
        self.refresh()
        self.messages.show(t("teams.hand_over.done", self.lang, name=client.pseudonym, coach=to), "success")
        return client


def team_view_app(store: Store | None = None, lang: str | None = None) -> TeamView:
    """The caseload workbook: Dutch unless ``?lang=en`` or ``lang``."""
    return TeamView(store or Store(), lang or language_from_environment())
