"""The coach's caseload workbook (``caseload.ipynb``, issue 10): the actor's clients with the
last conversation, next appointment, overdue actions, goals reached, rewards given and who has
not been seen for a chosen number of weeks; a name opens the client in the conversation."""

from __future__ import annotations

import datetime as dt

from mmwidgets.i18n import language_from_environment
from mmwidgets.model.dates import local_today
from mmwidgets.store.store import Store
from mmwidgets.store.reports.team import caseload
from mmwidgets.widgets.report.caseload import CaseloadView


class CaseloadApp(CaseloadView):
    def __init__(self, store: Store, lang: str = "nl", today: dt.date | None = None, weeks: int = 6):
        actor = store.actor
        super().__init__(lang, weeks, team=actor.team if actor.role == "team_lead" else None)
        self.store = store
        self.today = today
        self.on_weeks(lambda _w: self.refresh())
        self.guard(self.refresh)()

    def refresh(self) -> None:
        today = self.today or local_today()
        frame = caseload(self.store, today, self.weeks.value)
        self.show(frame.to_dict("records"))


def caseload_app(store: Store | None = None, lang: str | None = None, today: dt.date | None = None) -> CaseloadApp:
    """Dutch unless ``?lang=en`` or ``lang``."""
    return CaseloadApp(store or Store(), lang or language_from_environment(), today)
