"""Clients: create, find, rename, and erase with everything that belongs to them."""

from __future__ import annotations

from sqlalchemy import Table, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from mmwidgets.model.assessment import InvalidInput
from mmwidgets.model.client import Client, check_client_note, check_pseudonym
from mmwidgets.model.bridge.files import Problem
from mmwidgets.model.typed_input import MAX_SEARCH, FieldProblem, clean_text
from mmwidgets.store.db import Base, Database
from mmwidgets.store.tables import ClientRow, name_key, utcnow


def client_from_row(row: ClientRow) -> Client:
    return Client(id=row.id, pseudonym=row.pseudonym, note=row.note or "")


def _name_taken(name: str) -> InvalidInput:
    return InvalidInput(FieldProblem("pseudonym", "name_taken", {"name": name}))


def client_missing(client_id: int) -> InvalidInput:
    return InvalidInput(Problem("client", "client_missing", {"id": client_id}))


class ClientRepo:
    """Clients in one :class:`Store`. Every method is one transaction."""

    def __init__(self, store: Database):
        self.store = store

    def create(self, pseudonym: str, note: str = "") -> Client:
        name = check_pseudonym(pseudonym)
        note = check_client_note(note)
        try:
            with self.store.transaction() as s:
                if self._holder(s, name) is not None:
                    raise _name_taken(name)
                row = ClientRow(pseudonym=name, name_key=name_key(name), note=note)
                s.add(row)
                s.flush()
                return client_from_row(row)
        except IntegrityError:  # another writer took the name between our check and insert
            raise _name_taken(name) from None

    def get(self, client_id: int) -> Client | None:
        with self.store.transaction() as s:
            row = s.get(ClientRow, client_id)
            return client_from_row(row) if row else None

    def search(self, text: str = "") -> list[Client]:
        """Clients whose pseudonym contains ``text`` (ignoring capitals), sorted by name.

        The search text is checked like any typed text (at most ``MAX_SEARCH`` characters, no
        control characters: PostgreSQL refuses NUL) and raises :class:`InvalidInput` otherwise.
        """
        needle = name_key(" ".join(clean_text(text, where="search", max_length=MAX_SEARCH).split()))
        query = select(ClientRow.id, ClientRow.pseudonym, ClientRow.note)
        if needle:
            query = query.where(ClientRow.name_key.contains(needle, autoescape=True))
        query = query.order_by(ClientRow.name_key, ClientRow.id)
        with self.store.transaction() as s:
            return [Client(id=i, pseudonym=p, note=n or "") for i, p, n in s.execute(query)]

    def update(self, client_id: int, pseudonym: str | None = None, note: str | None = None) -> Client:
        """Change the name and/or note (``None``: keep); returns the client as saved."""
        name = check_pseudonym(pseudonym) if pseudonym is not None else None
        new_note = check_client_note(note) if note is not None else None
        try:
            with self.store.transaction() as s:
                row = s.get(ClientRow, client_id)
                if row is None:
                    raise client_missing(client_id)
                if name is not None and name != row.pseudonym:
                    holder = self._holder(s, name)
                    if holder is not None and holder != client_id:
                        raise _name_taken(name)
                    row.pseudonym, row.name_key = name, name_key(name)
                if new_note is not None:
                    row.note = new_note
                row.updated_at = utcnow()
                s.flush()
                return client_from_row(row)
        except IntegrityError:
            raise _name_taken(name or "") from None

    def erase(self, client_id: int) -> bool:
        """Delete the client and every row that belongs to them, in one transaction.

        Walks the foreign keys of every registered table (so later modules are covered
        too), deleting children before parents; the database's ON DELETE CASCADE is a
        second safety net. Returns False if there was no such client.
        """
        with self.store.transaction() as s:
            if s.get(ClientRow, client_id) is None:
                return False
            clients = ClientRow.__table__
            delete_tree(s, clients, clients.c.id == client_id)  # type: ignore[arg-type]
            return True

    @staticmethod
    def _holder(s: Session, name: str) -> int | None:
        return s.execute(select(ClientRow.id).where(ClientRow.name_key == name_key(name))).scalar()


def delete_tree(s: Session, table: Table, condition: ColumnElement[bool], _path: tuple = ()) -> None:
    """Delete the rows of ``table`` matching ``condition`` and, first, all rows referring to them.

    Foreign keys declared ``ON DELETE SET NULL`` / ``SET DEFAULT`` are left to the database.
    """
    path = (*_path, table)
    for child in Base.metadata.sorted_tables:
        if child in path:
            continue
        for fk in child.foreign_keys:
            if fk.column.table is not table:
                continue
            if (fk.ondelete or "").upper() in ("SET NULL", "SET DEFAULT"):
                continue
            delete_tree(s, child, fk.parent.in_(select(fk.column).where(condition)), path)
    s.execute(delete(table).where(condition))
