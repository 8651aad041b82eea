"""The roles the archive needs filled. `web` wires concrete objects into them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from archive.model import Document, Extraction, Partner, SearchQuery, SearchResults, Seminar
from archive.plan import EngineResults, SearchPlan


class Extractor(Protocol):
    """Reads one file into an `Extraction`.

    Raises an `archive.errors.ExtractionError` subclass whose message a librarian
    understands. Must never hang or take the process down: hostile files are expected.
    """

    def extract(self, path: Path, filename: str) -> Extraction: ...


class Indexer(Protocol):
    """A search index: a rebuildable cache of the catalogue."""

    def add(self, documents: Iterable[Document]) -> int:
        """Add or replace documents (by id); return how many were written.

        Each document is indexed within a bounded time and memory: one that cannot be is
        named in the `DocumentIndexError` raised once the others are written. When
        nothing can be written (read-only folder, full disk) `IndexWriteError` says why.
        """
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

    def close(self) -> None:
        """Release open files; the index opens them again when next used."""
        ...

    def rebuild_reason(self) -> str | None:
        """Why the index must be rebuilt (missing, other schema), or None if current."""
        ...

    def write_problem(self) -> str | None:
        """Why the index cannot be written now (read-only folder, full disk), with the
        fix; None when it can."""
        ...

    def remove_stale(self) -> int:
        """Remove the temporary files writers that were killed left; the bytes freed."""
        ...


class Vocabulary(Protocol):
    """The words of the documents one searcher may see, for the questions a search asks
    before and after it runs: accents to put back, typos to correct, words to complete.

    A vocabulary answers for the index as it was when it was asked for, until the engine
    runs something else in the same thread: ask `SearchEngine.vocabulary` again after
    `execute`."""

    def has_prefix(self, prefix: str) -> bool:
        """Whether some indexed word (as written, accents kept, lowercase) begins with
        `prefix`."""
        ...

    def frequency(self, word: str) -> int:
        """Documents the searcher may see that have `word` as written; 0 when none."""
        ...

    def language_frequency(self, term: str, language: str) -> int:
        """Documents in `language` with `term` (any form of its words); 0 when none."""
        ...

    def near(self, word: str, distance: int, limit: int) -> list[str]:
        """Words the searcher may see spelled at most `distance` letters off `word`, most
        common first."""
        ...

    def completions(self, prefix: str, limit: int) -> list[str]:
        """Words the searcher may see that begin with `prefix`, most common first."""
        ...


class SearchEngine(Protocol):
    """Where documents are indexed and searched: writes documents, runs a `SearchPlan`,
    answers questions about its vocabulary. `search.SearchPipeline` turns what a user typed
    into plans; Whoosh (`search.WhooshIndex`) is one engine."""

    def execute(self, plan: SearchPlan) -> EngineResults:
        """Hits (with snippets when asked for), the total, facet counts and how the
        documents found cover the query's wanted words. Withdrawn documents are never
        found; restricted ones only with `plan.include_restricted`."""
        ...

    def vocabulary(self, include_restricted: bool = False) -> Vocabulary: ...

    def add(self, documents: Iterable[Document]) -> int: ...

    def delete(self, ids: Iterable[int]) -> None: ...

    def describe(self, partners: Iterable[Partner], seminars: Iterable[Seminar]) -> None: ...

    def document_ids(self) -> set[int]: ...

    def rebuild(self, batches: Iterable[Iterable[Document]]) -> int: ...

    def rebuild_reason(self) -> str | None: ...

    def write_problem(self) -> str | None: ...

    def remove_stale(self) -> int: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Claim:
    """A queued document a worker has taken to read, until its lease runs out."""

    document_id: int
    worker: str
    attempt: int
    """1 the first time reading it was started since it was queued."""


class JobQueue(Protocol):
    """Stored documents waiting to be read (extracted), shared by every worker of the
    archive, on this machine or others. A worker claims documents with a lease, renews it
    while it reads, and finishes them; a worker that dies loses its claims when the lease
    runs out, and another takes them. Indexing is a separate step (`Archive.index_pending`).
    `archive.job_queue.CatalogueQueue` keeps the queue in the catalogue (ADR 6)."""

    worker: str
    """The name this queue claims under: unique for each process."""
    lease_seconds: float
    """How long a claim holds unless renewed."""

    def announce(self) -> None:
        """A document was queued: wake a waiting worker now (here or elsewhere)."""
        ...

    def claim(self, limit: int, ids: Iterable[int] | None = None) -> list[Claim]:
        """Take up to `limit` queued documents nobody holds, oldest first (only among `ids`
        when given). Documents whose reading was started too often without finishing are
        marked failed instead, with the reason."""
        ...

    def renew(self, claims: Iterable[Claim]) -> None:
        """Extend the lease of claims still being worked on."""
        ...

    def finish(self, claims: Iterable[Claim]) -> None:
        """Give claims up: read (their status says how), or to be taken again later."""
        ...
