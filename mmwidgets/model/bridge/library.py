"""All bridge definitions a workbook can use: the shipped ones and a team's own.

A :class:`DefinitionLibrary` reads every ``*.yaml`` file in a list of folders. The first
folder holds the shipped definitions (``data/bridges``, never written to); later folders
hold a team's own (for example ``mmwidgets.store.config.definitions_dir()``). Broken files
are listed with their :class:`DataFileError`, so a screen can show what is wrong instead
of hiding the file. When two files give the same ``id@version``, the first one read wins
(shipped files first) and the other is listed as refused: a team file that repeats a
shipped ``id@version`` is never loaded, and its message says to choose another id or a
higher version. A ``*.yaml`` that is not a regular file (a folder, a pipe) is listed as
refused too, without being opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from mmwidgets.model.bridge.definition import BridgeDefinition, load_definition
from mmwidgets.model.bridge.files import DataFileError, Problem, shipped_data_dir

DEFAULT_ID = "mm-standaard"


def shipped_bridges_dir() -> Path:
    """The folder with the definitions shipped with mmwidgets (``data/bridges``)."""
    return shipped_data_dir() / "bridges"


@dataclass(frozen=True)
class LibraryEntry:
    """One definition file: the loaded definition, or the reason it was refused."""

    path: Path
    shipped: bool
    definition: BridgeDefinition | None = None
    error: DataFileError | None = None

    @property
    def ok(self) -> bool:
        return self.definition is not None

    @property
    def key(self) -> str | None:
        """``id@version`` of a loaded definition; ``None`` for a refused file."""
        return self.definition.key if self.definition is not None else None


class DefinitionLibrary:
    """The definitions in ``dirs`` (shipped folder first); missing folders are skipped."""

    def __init__(self, dirs: Iterable[str | Path]):
        self.dirs = [Path(d) for d in dirs]
        self.entries: list[LibraryEntry] = []
        self.reload()

    def reload(self) -> None:
        """Read every folder again (after a file was added or changed)."""
        entries: list[LibraryEntry] = []
        seen: dict[str, LibraryEntry] = {}
        for index, folder in enumerate(self.dirs):
            shipped = index == 0
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.yaml")):
                try:
                    definition = load_definition(path)  # refuses a folder or pipe without opening it
                except DataFileError as exc:
                    entries.append(LibraryEntry(path, shipped, error=exc))
                    continue
                first = seen.get(definition.key)
                if first is not None:
                    entries.append(LibraryEntry(path, shipped, error=_repeated(definition, path, first, shipped)))
                    continue
                entry = LibraryEntry(path, shipped, definition=definition)
                seen[definition.key] = entry
                entries.append(entry)
        self.entries = entries

    # -- look-ups -------------------------------------------------------------
    def messages(self, lang: str | None = None) -> list[str]:
        """One line per problem of a refused file: which file was left out, and why."""
        return [message for entry in self.refused() for message in entry.error.messages(lang)]  # type: ignore[union-attr]

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def valid(self) -> list[LibraryEntry]:
        return [e for e in self.entries if e.ok]

    def refused(self) -> list[LibraryEntry]:
        return [e for e in self.entries if not e.ok]

    def keys(self) -> list[str]:
        return [e.key for e in self.entries if e.key is not None]

    def entry(self, key: str) -> LibraryEntry:
        """The entry for ``id@version``; ``KeyError`` if there is none."""
        for item in self.entries:
            if item.key == key:
                return item
        raise KeyError(key)

    def get(self, key: str) -> BridgeDefinition:
        """The definition ``id@version`` (e.g. ``mm-standaard@1``); ``KeyError`` if there is none."""
        definition = self.entry(key).definition
        assert definition is not None
        return definition

    def __contains__(self, key: object) -> bool:
        return any(e.key == key for e in self.entries)

    def versions(self, definition_id: str) -> list[BridgeDefinition]:
        """Every loaded version of ``definition_id``, lowest first."""
        found = [e.definition for e in self.entries if e.definition is not None and e.definition.id == definition_id]
        return sorted(found, key=lambda d: d.version)

    def latest(self, definition_id: str) -> BridgeDefinition:
        """The highest version of ``definition_id``; ``KeyError`` if there is none."""
        found = self.versions(definition_id)
        if not found:
            raise KeyError(definition_id)
        return found[-1]

    def default(self) -> BridgeDefinition:
        """The default bridge (``mm-standaard``), highest version."""
        return self.latest(DEFAULT_ID)


def _repeated(definition: BridgeDefinition, path: Path, first: LibraryEntry, shipped: bool) -> DataFileError:
    """The refusal of a second file with the same ``id@version`` (the first one read stays)."""
    if first.shipped and not shipped:
        problem = Problem("", "shadows_shipped", {"key": definition.key, "other": first.path.name})
    else:
        problem = Problem(
            "", "duplicate_definition", {"id": definition.id, "version": definition.version, "other": first.path.name}
        )
    return DataFileError(path.name, [problem])
