"""The one error for user input that cannot be saved (kept apart so every model module can raise it
without importing assessments, definitions or plans)."""

from __future__ import annotations

from mmwidgets.model.bridge.files import Problem


class InvalidInput(ValueError):
    """User input that cannot be saved; ``problem`` carries the translated message."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.message("en"))

    def message(self, lang: str | None = None) -> str:
        return self.problem.message(lang)
