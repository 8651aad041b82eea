"""The roles the archive needs filled. `web` wires concrete objects into them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from archive.model import Document, Extraction, Partner, SearchQuery, SearchResults, Seminar


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

    def search(self, query: SearchQuery) -> SearchResults:
        """Hits, facets, "did you mean" and glossary expansion for `query`.

        Withdrawn documents are never found; restricted ones only with
        `query.include_restricted`. With `query.like` set, documents similar to that one."""
        ...

    def suggest(self, prefix: str, limit: int = 10, include_restricted: bool = False) -> list[str]:
        """Completions of the last word of `prefix` from the words of visible documents."""
        ...

    def describe(self, partners: Iterable[Partner], seminars: Iterable[Seminar]) -> None:
        """Tell the index the partners' cities and names and the seminars' titles, which it
        indexes with each document that names them."""
        ...

    def document_ids(self) -> set[int]: ...

    def rebuild(self, batches: Iterable[Iterable[Document]]) -> int:
        """Build a new index of these documents beside the current one and swap it in
        when complete; searches go on meanwhile, a failed build changes nothing.
        Returns how many documents were written."""
        ...

    def optimize(self) -> None:
        """Merge what a full rebuild wrote into as few parts as the engine needs."""
        ...

    def close(self) -> None:
        """Release open files; the index opens them again when next used."""
        ...

    def rebuild_reason(self) -> str | None:
        """Why the index must be rebuilt (missing, other schema), or None if current."""
        ...
