"""What the plan editor's parts need from the editor that holds them.

The action rows and the rewards panel are built by :class:`~mmwidgets.widgets.plan.editor.PlanEditor`
and call back into it. They name the editor through these protocols, not by importing the editor,
so the imports run one way only: editor -> layout, rows, rewards.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Protocol


class RowHost(Protocol):
    """The editor as an action row or a check row sees it."""

    lang: str
    today: dt.date
    row_parts: Any  # layouts and styles shared by every row (fewer widget models)

    def guard(self, callback: Callable) -> Callable: ...
    def tick(self, key: str, done: bool) -> None: ...
    def move_due(self, key: str, due: Any) -> None: ...
    def remove_action(self, key: str) -> None: ...
    def ignore(self, check_id: str) -> None: ...


class RewardHost(Protocol):
    """The editor as the rewards panel sees it."""

    lang: str
    today: dt.date
    plan: Any
    scheme: Any

    def guard(self, callback: Callable) -> Callable: ...
    @property
    def selected_goal(self) -> Any: ...
    def current_step(self) -> Any: ...
    def agree_reward(self, *args: Any, **kwargs: Any) -> Any: ...
    def give_reward(self, *args: Any, **kwargs: Any) -> Any: ...
