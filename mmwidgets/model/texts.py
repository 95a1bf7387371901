"""Building blocks shared by every data file a team edits: ids, strict records, and texts
in every supported language."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from mmwidgets.i18n import normalise_language

#: an id in a data file: lower-case letters, digits, - and _, starting with a letter
Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$", strip_whitespace=True)
]


class Strict(BaseModel):
    """A record that refuses unknown fields (a typo gets a message, not silence)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalText(Strict):
    """A text in every supported language."""

    nl: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
    en: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]

    def get(self, lang: str | None = None) -> str:
        return getattr(self, normalise_language(lang))
