"""What every database takes: text without NUL, text that fits its column, numbers that fit.

SQLite stores a NUL character, a text longer than ``String(n)`` and any 64-bit number without
complaint; PostgreSQL refuses all three with a generic error. :func:`guard_metadata` wraps the
type of every text and integer column of every table (also tables added later by other
modules) so that, on both databases alike, before a value is sent:

- a NUL character is removed from any text (it is never typed on purpose; typed input refuses
  it earlier, see ``mmwidgets.model.typed_input``), also from values compared with a column;
- a text written to a ``String(n)`` column that is longer than ``n`` is refused with :class:`InvalidInput` naming the
  field and the maximum;
- a number written to a column that is outside its range (``Integer``: 32 bits,
  ``BigInteger``: 64 bits) is refused with :class:`InvalidInput` naming the field and the range.

The error is raised inside SQLAlchemy's statement execution, which wraps it;
:func:`unwrap` gives back the :class:`InvalidInput` (``Store.transaction`` does this).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import BigInteger, Integer, MetaData, SmallInteger, String
from sqlalchemy.exc import DataError, StatementError
from sqlalchemy.types import SchemaType, TypeDecorator, TypeEngine

from mmwidgets.i18n import t
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.bridge.files import Problem

NUL = "\x00"
RANGES = {
    SmallInteger: (-(2**15), 2**15 - 1),
    BigInteger: (-(2**63), 2**63 - 1),
    Integer: (-(2**31), 2**31 - 1),
}


@dataclass(frozen=True)
class FieldProblem(Problem):
    """A :class:`Problem` about one column; the field's name is translated with the message."""

    table: str = ""
    column: str = ""

    def message(self, lang: str | None = None) -> str:
        return t(f"val.{self.code}", lang, field=field_label(self.table, self.column, lang), **self.values)


def field_label(table: str, column: str, lang: str | None = None) -> str:
    """The field's name for people (``store.field.<table>.<column>``), else ``table.column``."""
    key = f"store.field.{table}.{column}"
    text = t(key, lang)
    return f"{table}.{column}" if text == key else text


def _range_of(inner: TypeEngine) -> tuple[int, int] | None:
    for kind, bounds in RANGES.items():  # most specific first (BigInteger is an Integer)
        if isinstance(inner, kind):
            return bounds
    return None


class NulFreeText(TypeDecorator):
    """A text compared with a column (``==``, ``LIKE``, ``IN``): NUL removed, any length."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if isinstance(value, str) and NUL in value:
            return value.replace(NUL, "")
        return value

    @property
    def python_type(self):
        return str


class GuardedText(TypeDecorator):
    """A ``String``/``Text`` column: NUL removed, the length checked before sending.

    Only values written to the column are checked for length; a value it is compared with
    (a search, a ``LIKE`` pattern) may be longer and only loses its NUL characters."""

    impl = String
    cache_ok = True

    def __init__(self, inner: TypeEngine, table: str, column: str):
        super().__init__()
        self.impl = inner
        self.inner, self.table, self.column = inner, table, column

    def process_bind_param(self, value, dialect):
        if not isinstance(value, str):
            return value
        if NUL in value:
            value = value.replace(NUL, "")
        limit = getattr(self.inner, "length", None)
        if limit is not None and len(value) > limit:
            raise InvalidInput(
                FieldProblem("", "store_text_too_long", {"max": limit, "count": len(value)}, self.table, self.column)
            )
        return value

    def coerce_compared_value(self, op, value):
        return NulFreeText()

    @property
    def python_type(self):
        return str


class GuardedInteger(TypeDecorator):
    """An integer column: a number outside its range is refused before sending."""

    impl = Integer
    cache_ok = True

    def __init__(self, inner: TypeEngine, table: str, column: str):
        super().__init__()
        self.impl = inner
        self.inner, self.table, self.column = inner, table, column

    def process_bind_param(self, value, dialect):
        if isinstance(value, int) and not isinstance(value, bool):
            low, high = _range_of(self.inner) or (value, value)
            if not low <= value <= high:
                raise InvalidInput(
                    FieldProblem("", "store_number_range", {"value": value, "low": low, "high": high},
                                 self.table, self.column)
                )
        return value

    def coerce_compared_value(self, op, value):
        # a huge id compared with a 32-bit column finds nothing (not an error): compare as 64 bits
        return BigInteger()

    @property
    def python_type(self):
        return int


def guard_metadata(metadata: MetaData) -> None:
    """Wrap every text and integer column type of ``metadata`` (harmless when repeated).

    Primary keys are left alone (the database numbers them), as are enums and other types
    with their own schema objects."""
    for table in metadata.tables.values():
        for column in table.columns:
            inner = column.type
            if column.primary_key or isinstance(inner, (TypeDecorator, SchemaType)):
                continue
            if isinstance(inner, String):
                column.type = GuardedText(inner, table.name, column.name)
            elif isinstance(inner, Integer) and _range_of(inner) is not None:
                column.type = GuardedInteger(inner, table.name, column.name)


def unwrap(exc: BaseException) -> BaseException:
    """What to raise instead of ``exc``: the :class:`InvalidInput` a guarded column raised inside
    SQLAlchemy; for a value the database itself refused (``DataError``, e.g. a number too big
    for a key it was compared with) an :class:`InvalidInput` saying so; else ``exc`` itself."""
    if isinstance(exc, StatementError) and isinstance(exc.orig, InvalidInput):
        return exc.orig
    if isinstance(exc, DataError):
        return InvalidInput(Problem("", "store_value_refused"))
    return exc
