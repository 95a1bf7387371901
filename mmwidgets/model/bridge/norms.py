"""Norm amounts a team updates each January without code: the social minimum per household type.

A norms file (``data/norms/*.yaml``) holds, per year, a net monthly amount per household
type, with where the figures come from and when they were checked. Step rules
(:mod:`mmwidgets.model.bridge.step_rules`) compare a client's income with these amounts.

The shipped file holds APPROXIMATE EXAMPLE amounts; a team must check them against the
official figures (Rijksoverheid, bijstandsnormen) every January and July.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Iterable

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from mmwidgets.model.bounds import DataDate
from mmwidgets.model.texts import Identifier, LocalText, Strict
from mmwidgets.model.bridge.files import (
    DataFileError,
    Problem,
    problems_from_validation,
    read_yaml_file,
    shipped_data_dir,
)

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_AMOUNT = 100_000.0


_Strict = Strict
NormText = LocalText  # a norm's texts: the same as every other text in a data file


class NormYear(_Strict):
    """The amounts of one year, with their source and the date they were checked."""

    year: int = Field(ge=MIN_YEAR, le=MAX_YEAR)
    valid_from: DataDate
    source: NormText
    checked: DataDate
    amounts: dict[Identifier, Annotated[float, Field(gt=0, le=MAX_AMOUNT)]] = Field(min_length=1)


class NormTable(_Strict):
    """One kind of norm (e.g. ``sociaal-minimum``): amounts per household type and year."""

    id: Identifier
    name: NormText
    approximate: bool = False
    warning: NormText | None = None
    unit: NormText
    household_types: dict[Identifier, NormText] = Field(min_length=1)
    years: list[NormYear] = Field(min_length=1, max_length=100)

    @field_validator("years")
    @classmethod
    def _unique_years(cls, years: list[NormYear]) -> list[NormYear]:
        seen: set[int] = set()
        for item in years:
            if item.year in seen:
                raise PydanticCustomError(
                    "mm_duplicate_year", "the year {year} is listed twice", {"year": item.year}
                )
            seen.add(item.year)
        return sorted(years, key=lambda y: y.year)

    @model_validator(mode="after")
    def _known_households(self) -> "NormTable":
        for item in self.years:
            for household in item.amounts:
                if household not in self.household_types:
                    raise PydanticCustomError(
                        "mm_unknown_household",
                        "household type {id} is not listed under household_types",
                        {"id": household, "year": item.year},
                    )
        return self

    def year_for(self, year: int) -> NormYear | None:
        """The amounts for ``year``; if that year is missing, the latest earlier year (or None)."""
        earlier = [item for item in self.years if item.year <= year]
        return earlier[-1] if earlier else None

    def amount(self, household: str, year: int) -> tuple[float, NormYear] | None:
        """``(amount, the year's entry)`` for the household type, or None when not known."""
        entry = self.year_for(year)
        if entry is None or household not in entry.amounts:
            return None
        return entry.amounts[household], entry


class Norms:
    """All norm tables by id (one per file); ``refused``: the files left out, with the reason."""

    def __init__(self, tables: list[NormTable] | None = None, refused: list[DataFileError] | None = None):
        self.tables: dict[str, NormTable] = {}
        self.refused: list[DataFileError] = list(refused or [])
        for table in tables or []:
            self.tables[table.id] = table

    def messages(self, lang: str | None = None) -> list[str]:
        """One line per problem of a file that was left out."""
        return [message for error in self.refused for message in error.messages(lang)]

    def get(self, norm_id: str) -> NormTable | None:
        return self.tables.get(norm_id)

    def __contains__(self, norm_id: object) -> bool:
        return norm_id in self.tables

    def household_types(self, norm_id: str = "sociaal-minimum") -> dict[str, NormText]:
        table = self.get(norm_id)
        return dict(table.household_types) if table else {}


def norm_table_from_data(data: dict, source: str) -> NormTable:
    try:
        return NormTable.model_validate(data)
    except ValidationError as exc:
        raise DataFileError(source, problems_from_validation(exc)) from None


def load_norm_table(path: str | Path) -> NormTable:
    path = Path(path)
    return norm_table_from_data(read_yaml_file(path), path.name)


def norms_dir() -> Path:
    return shipped_data_dir() / "norms"


def load_norms(folder: str | Path | None = None) -> Norms:
    """Every ``*.yaml`` norms file in ``folder`` (default: the shipped ``data/norms``).

    Raises :class:`DataFileError` on the first bad file, and when two files share an id.
    """
    folder = Path(folder) if folder is not None else norms_dir()
    tables: list[NormTable] = []
    for path in sorted(folder.glob("*.yaml")):
        table = load_norm_table(path)
        if any(other.id == table.id for other in tables):
            raise DataFileError(path.name, [Problem("id", "duplicate_id", {"id": table.id})])
        tables.append(table)
    return Norms(tables)


def read_norms(folders: Iterable[str | Path] | None = None) -> Norms:
    """Every norms file in ``folders`` (default: the shipped ``data/norms``), never stopping at a bad one.

    A refused file (broken, not a regular file, or an id an earlier file already gave: the
    first one read wins, shipped folders first) is listed in ``Norms.refused`` with its reason;
    the others load. :func:`load_norms` is the strict variant that raises instead.
    """
    tables: list[NormTable] = []
    refused: list[DataFileError] = []
    first: dict[str, str] = {}
    for folder in [Path(f) for f in folders] if folders is not None else [norms_dir()]:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")):
            try:
                table = load_norm_table(path)
            except DataFileError as exc:
                refused.append(exc)
                continue
            if table.id in first:
                refused.append(DataFileError(path.name, [Problem("id", "duplicate_norms", {"id": table.id, "other": first[table.id]})]))
                continue
            first[table.id] = path.name
            tables.append(table)
    return Norms(tables, refused)
