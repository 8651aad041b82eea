"""The roles the archive needs filled. `web` wires concrete objects into them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from archive.model import Document, Extraction, SearchQuery, SearchResults


class Extractor(Protocol):
    """Reads one file into an `Extraction`.

    Raises an `archive.errors.ExtractionError` subclass whose message a librarian
    understands. Must never hang or take the process down: hostile files are expected.
    """

    def extract(self, path: Path, filename: str) -> Extraction: ...


class Indexer(Protocol):
    """A search index: a rebuildable cache of the catalogue."""

    def add(self, documents: Iterable[Document]) -> int:
        """Add or replace documents (by id); return how many were written."""
        ...

    def delete(self, ids: Iterable[int]) -> None: ...

    def search(self, query: SearchQuery) -> SearchResults: ...

    def document_ids(self) -> set[int]: ...

    def clear(self) -> None:
        """Empty the index, creating it with the current schema."""
        ...

    def close(self) -> None:
        """Release open files; the index opens them again when next used."""
        ...

    def rebuild_reason(self) -> str | None:
        """Why the index must be rebuilt (missing, other schema), or None if current."""
        ...
