"""The Whoosh engine behind the `archive.ports.SearchEngine` port: schema, writing,
running plans, answering vocabulary questions."""

from __future__ import annotations

import errno
import itertools
import json
import logging
import os
import shutil
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from whoosh import collectors, sorting
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import IDTokenizer, LowercaseFilter
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.index import FileIndex, LockError
from whoosh.searching import Results, ResultsPage, Searcher

from archive.errors import (
    DocumentIndexError,
    IndexDamagedError,
    IndexUnavailableError,
    IndexWriteError,
    SearchError,
)
from archive.model import (
    UNDETERMINED,
    Document,
    Hit,
    Partner,
    Seminar,
    SortOrder,
)
from archive.plan import Coverage, EngineResults, SearchPlan
from search.analysis import (
    AccentFoldFilter,
    fold_accents,
    folded_analyzer,
    generic_analyzer,
    hungarian_backend,
    language_analyzer,
)
from search.whoosh_codec import InliningCodec
from search.whoosh_coordination import CoordinatedOr, SearchTimeout
from search.whoosh_damage import DAMAGE, quietly, release
from search.whoosh_facets import date_number, docsets
from search.whoosh_isolation import ISOLATE_CHARS, index_alone
from search.whoosh_kept import keep_expansions
from search.whoosh_merging import merge_tiers
from search.whoosh_postings import CompactCharacters, TermMap, Words, analyse, tokens_in
from search.whoosh_query import (
    INDEXED_LANGUAGES,
    META_BOOST,
    TITLE_BOOST,
    Compiler,
    field_language,
    preload_unions,
)
from search.whoosh_results import attach_matched_terms, to_hits
from search.whoosh_scoring import ranking
from search.whoosh_stale import remove_stale

log = logging.getLogger(__name__)

SCHEMA_VERSION = 4
"""Raise when the schema or the analysis changes: the index is rebuilt from the catalogue."""

STAMP_FILE = "clusnet-index.json"
DEFAULT_TIME_LIMIT = 2.0
"""Seconds a search may run before it returns what it found so far."""
STALE_RETRIES = 2
"""Times a search is run again on a fresh searcher when the index changed under it."""
MLT_CHARS = 20_000
MLT_TERMS = 15
SUGGEST_CANDIDATES = 400
REBUILD_SPACE_FACTOR = 1.25
"""Room a rebuild needs beside the index, as a multiple of its size: the new index, and
the sorted runs of a batch before they are merged into it."""
REBUILD_MARGIN = 1 << 20
"""Bytes a rebuild needs beyond `REBUILD_SPACE_FACTOR` times the index (its stamp, locks
and first segment)."""


def _folder_size(path: Path) -> int:
    if not path.is_dir():
        return 0
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _size(amount: int) -> str:
    return f"{amount / (1 << 20):.0f} MiB" if amount < 1 << 30 else f"{amount / (1 << 30):.1f} GiB"


def _write_error(exc: BaseException, path: Path) -> IndexWriteError:
    """What a librarian reads when the index cannot be written, with the fix."""
    if isinstance(exc, LockError):
        return IndexWriteError(
            f"another process has been writing the search index at {path} for more than a "
            "minute: wait for it (or stop it), then run `clusnet check --repair`"
        )
    code = getattr(exc, "errno", None)
    if code in (errno.ENOSPC, errno.EDQUOT):
        return IndexWriteError(
            f"the disk holding the search index ({path}) is full: free some space, then "
            "run `clusnet check --repair` to index what is waiting"
        )
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return IndexWriteError(
            f"the search index folder {path} cannot be written "
            f"({getattr(exc, 'strerror', None) or exc}): make it writable by the user "
            "clusnet runs as, then run `clusnet check --repair`"
        )
    return IndexWriteError(
        f"the search index at {path} could not be written "
        f"({getattr(exc, 'strerror', None) or exc}): check the disk, then run "
        "`clusnet check --repair`"
    )


@contextmanager
def _writing(path: Path) -> Iterator[None]:
    """Errors of the disk or of the write lock as `IndexWriteError`s that say the fix."""
    try:
        yield
    except (OSError, LockError) as exc:
        raise _write_error(exc, path) from exc


def metadata_analyzer() -> Any:
    """One term per value, lowercased and without accents: ``Pécs`` -> ``pecs``."""
    return IDTokenizer() | LowercaseFilter() | AccentFoldFilter()


CONTENT_FIELDS: tuple[str, ...] = (
    "content_exact",
    "content_folded",
    *(f"content_{lang}" for lang in INDEXED_LANGUAGES),
)
"""The fields of a document's full text: analysed once for all of them
(search/whoosh_postings.py)."""


def build_schema() -> Schema:
    meta = metadata_analyzer()
    fields: dict[str, Any] = {
        "id": ID(stored=True, unique=True),
        "filename": TEXT(analyzer=generic_analyzer(), stored=True),
        "title": STORED(),
        "language": ID(stored=True),
        "text": STORED(),
        "page_starts": STORED(),
        "page_numbers": STORED(),
        "size": STORED(),
        "page_count": STORED(),
        "city_name": STORED(),
        "seminar": ID(stored=True, analyzer=meta),
        "partner": ID(stored=True, analyzer=meta),
        "city": ID(analyzer=meta),
        "doc_type": ID(stored=True, analyzer=meta),
        "year": ID(analyzer=meta),
        "restricted": ID(stored=True),
        "date_number": NUMERIC(int, bits=32, stored=True, sortable=True, signed=False),
        "sort_title": ID(sortable=True),
        "author": TEXT(analyzer=folded_analyzer()),
        "meta": TEXT(analyzer=folded_analyzer(), field_boost=META_BOOST),
        "content_exact": _content(generic_analyzer()),
        "content_folded": _content(folded_analyzer()),
        "title_folded": TEXT(analyzer=folded_analyzer(), field_boost=TITLE_BOOST),
    }
    for lang in INDEXED_LANGUAGES:
        analyzer = language_analyzer(lang) if lang != UNDETERMINED else generic_analyzer()
        fields[f"content_{lang}"] = _content(analyzer)
        fields[f"title_{lang}"] = TEXT(analyzer=analyzer, field_boost=TITLE_BOOST)
    return Schema(**fields)


def _content(analyzer: Any) -> TEXT:
    """A full-text field: positions and character offsets (for phrases and snippets), in
    a compact format that also takes the text analysed already (search/whoosh_postings.py)."""
    field = TEXT(analyzer=analyzer, chars=True, phrase=True)
    field.format = CompactCharacters(field_boost=field.format.field_boost)
    return field


_term_maps: dict[str, TermMap] = {}
_term_maps_lock = threading.Lock()


def term_map(field: str) -> TermMap:
    """The cached word -> terms map of a content field's analyzer (one per process)."""
    with _term_maps_lock:
        if not _term_maps:
            schema = build_schema()
            _term_maps.update({name: TermMap(schema[name].analyzer) for name in CONTENT_FIELDS})
        return _term_maps[field]


def current_stamp() -> dict[str, Any]:
    return {"schema": SCHEMA_VERSION, "hungarian": hungarian_backend()}


@dataclass(frozen=True)
class Places:
    """What the index needs to know of partners and seminars."""

    cities: dict[str, str]
    """partner slug -> city"""
    names: dict[str, str]
    """partner or seminar slug -> its name or title"""
    hosts: dict[str, str]
    """seminar slug -> hosting partner's slug"""

    @classmethod
    def of(cls, partners: Iterable[Partner], seminars: Iterable[Seminar]) -> Places:
        partners = list(partners)
        seminars = list(seminars)
        return cls(
            cities={p.slug: p.city for p in partners},
            names={**{p.slug: p.name for p in partners}, **{s.slug: s.title for s in seminars}},
            hosts={s.slug: s.host for s in seminars if s.host},
        )

    def city(self, document: Document) -> str | None:
        if document.partner and document.partner in self.cities:
            return self.cities[document.partner]
        host = self.hosts.get(document.seminar or "")
        return self.cities.get(host) if host else None


NO_PLACES = Places({}, {}, {})


def document_fields(document: Document, places: Places = NO_PLACES) -> dict[str, Any]:
    """The index fields of one document.

    Each page's text goes to the field of its language, with character offsets into the
    one stored full text (snippets are cut from it, and the stored page start offsets turn
    a snippet's offset into its page number). The full text is tokenized once for all its
    fields (search/whoosh_postings.py).
    """
    pages = [page for page in document.pages if page.text]
    full_text = "\n\n".join(page.text for page in pages)
    starts = list(itertools.accumulate((len(p.text) + 2 for p in pages[:-1]), initial=0))
    doc_lang = field_language(document.language)
    page_langs = [
        field_language(page.language if page.language != UNDETERMINED else doc_lang)
        for page in pages
    ]
    city = places.city(document)
    when = document.date
    meta_parts = [
        *document.authors,
        places.names.get(document.seminar or "", ""),
        places.names.get(document.partner or "", ""),
        city or "",
        document.description or "",
    ]
    fields: dict[str, Any] = {
        "id": str(document.id),
        "filename": document.filename,
        "title": document.display_title,
        "language": document.language,
        "text": full_text,
        "page_starts": starts,
        "page_numbers": [p.number for p in pages],
        "size": document.size,
        "page_count": document.page_count,
        "restricted": "1" if document.restricted else "0",
        "date_number": date_number(when),
        "sort_title": fold_accents(document.display_title.casefold()).strip(),
        "title_folded": document.display_title,
        f"title_{doc_lang}": document.display_title,
    }
    optional = {
        "seminar": document.seminar,
        "partner": document.partner,
        "city": city,
        "city_name": city,
        "doc_type": document.doc_type.value if document.doc_type else None,
        "year": str(when.year) if when else None,
        "author": "\n".join(document.authors) or None,
        "meta": "\n".join(p for p in meta_parts if p) or None,
    }
    fields.update({k: v for k, v in optional.items() if v})
    words = Words.of(full_text)
    fields["content_exact"] = analyse(words, term_map("content_exact"))
    fields["content_folded"] = analyse(words, term_map("content_folded"))
    languages = set(page_langs)
    for lang in languages:
        # the other languages' pages are left out, as if blanked: offsets still point
        # into the one stored full text
        keep = None
        if len(languages) > 1:
            spans = [
                (start, start + len(page.text))
                for start, page, page_lang in zip(starts, pages, page_langs, strict=True)
                if page_lang == lang
            ]
            keep = tokens_in(words, spans)
        fields[f"content_{lang}"] = analyse(words, term_map(f"content_{lang}"), keep)
    return fields


class GatheringCollector(collectors.WrappingCollector):
    """Drops hidden documents, remembers every visible match (for facet counts) and passes
    on those that pass the filters."""

    def __init__(
        self, child: collectors.Collector, hidden: frozenset[int], allow: set[int] | None
    ) -> None:
        super().__init__(child)
        self.hidden = hidden
        self.allow = allow
        self.matched: set[int] = set()

    def prepare(self, top_searcher: Searcher, q: Any, context: Any) -> None:
        super().prepare(top_searcher, q, context)
        self.matched = set()

    def collect(self, sub_docnum: int) -> Any:
        docnum = self.offset + sub_docnum
        if docnum in self.hidden:
            return None
        self.matched.add(docnum)
        if self.allow is not None and docnum not in self.allow:
            return None
        return self.child.collect(sub_docnum)


@dataclass
class Run:
    results: Results
    matched: set[int]
    timed_out: bool
    coordinated: CoordinatedOr | None = None
    """The wanted words' part of the query, as run (it knows which words each document
    has)."""


def coverage_of(coordinated: CoordinatedOr | None) -> Coverage | None:
    coverage = coordinated.coverage if coordinated is not None else None
    if coverage is None:
        return None
    return Coverage(words=coverage.words, complete=coverage.complete, minimum=coverage.minimum)


def with_missing(hit: Hit, missing: list[int], labels: tuple[str, ...]) -> Hit:
    if not missing:
        return hit
    return replace(hit, missing=tuple(labels[i] for i in missing if i < len(labels)))


def find_coordinated(query: Any) -> CoordinatedOr | None:
    """The `CoordinatedOr` in `query` (there is at most one)."""
    if isinstance(query, CoordinatedOr):
        return query
    for child in query.children():
        found = find_coordinated(child)
        if found is not None:
            return found
    return None


class WhooshIndex:
    """A Whoosh index in one folder. Writes from one process at a time; reads from many.

    With `index_timeout`, a document longer than `search.whoosh_isolation.ISOLATE_CHARS` is
    indexed in a child process limited to that many seconds and `index_memory` bytes."""

    def __init__(
        self,
        path: Path,
        time_limit: float = DEFAULT_TIME_LIMIT,
        index_timeout: float | None = None,
        index_memory: int = 1 << 30,
    ) -> None:
        self.path = path
        self.time_limit = time_limit
        self.index_timeout = index_timeout
        self.index_memory = index_memory
        self._local = threading.local()
        self._lock = threading.Lock()
        self._ix: FileIndex | None = None
        self._searchers: list[Searcher] = []
        self._places = NO_PLACES
        self._damaged: tuple[int, str] | None = None
        """(generation, message) of an index found damaged: not read again until it has
        been rebuilt (a new generation)."""

    # -- state ---------------------------------------------------------------------

    def rebuild_reason(self) -> str | None:
        if not self.path.is_dir() or not whoosh_index.exists_in(str(self.path)):
            return "the index does not exist yet"
        try:
            stamp = json.loads((self.path / STAMP_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return "the index has no schema stamp"
        if stamp != current_stamp():
            return f"the index was built with {stamp}, the archive now uses {current_stamp()}"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            try:  # open every segment and read from it: a damaged file fails here
                with whoosh_index.open_dir(str(self.path)).reader() as reader:
                    reader.doc_count()
                    next(iter(reader.all_stored_fields()), None)
            except Exception as exc:
                release(exc)  # the files a half-opened reader left open
                return f"the index cannot be opened ({type(exc).__name__})"
        return None

    def _index(self) -> FileIndex:
        with self._lock:
            if self._ix is None:
                try:
                    self._ix = whoosh_index.open_dir(str(self.path))
                except Exception as exc:
                    if self.path.is_dir() and whoosh_index.exists_in(str(self.path)):
                        found = f"{type(exc).__name__}: {exc}"
                        release(exc)
                        raise IndexDamagedError(
                            f"the search index is damaged ({found}): "
                            "`clusnet reindex` rebuilds it from the catalogue"
                        ) from None
                    raise IndexUnavailableError(
                        "the search index is missing: "
                        "run `clusnet reindex` to rebuild it from the catalogue"
                    ) from exc
            return self._ix

    def _searcher(self) -> Searcher:
        """One searcher per thread, replaced by a new one when the index has changed.

        Not `Searcher.refresh()`: in whoosh3 3.54 it reuses the reader of a segment whose
        deletions changed (segments compare by id), so a withdrawn document would stay
        visible, and it can bring back segments a merge removed."""
        current: Searcher | None = getattr(self._local, "searcher", None)
        ix = self._index()
        generation = ix.latest_generation()
        if current is not None and generation == current.reader().generation():
            return current
        damaged = self._damaged
        if damaged is not None and damaged[0] == generation:  # no new reading of it
            raise IndexDamagedError(damaged[1])
        with quietly():  # a damaged file: whoosh retries, leaving its files to the collector
            searcher = ix.searcher(weighting=ranking())
        with self._lock:
            if current is not None and current in self._searchers:
                self._searchers.remove(current)
                current.close()
            self._searchers.append(searcher)
        self._local.searcher = searcher
        return searcher

    def close(self) -> None:
        """Close every searcher this index opened (in any thread)."""
        with self._lock:
            for searcher in self._searchers:
                searcher.close()
            self._searchers.clear()
            self._local = threading.local()
            self._ix = None

    # -- writing -------------------------------------------------------------------

    def describe(self, partners: Iterable[Partner], seminars: Iterable[Seminar]) -> None:
        self._places = Places.of(partners, seminars)

    def clear(self) -> None:
        self.close()
        with self._lock:
            if self.path.exists():
                shutil.rmtree(self.path)
            self.path.mkdir(parents=True)
            whoosh_index.create_in(str(self.path), build_schema())
            (self.path / STAMP_FILE).write_text(json.dumps(current_stamp()), encoding="utf-8")

    def rebuild(self, batches: Iterable[Iterable[Document]]) -> int:
        """Build a new index beside this one and swap it in when complete
        (search/whoosh_rebuild.py); searches keep answering from the old one meanwhile."""
        from search.whoosh_rebuild import rebuild_beside

        def fields_of(document: Document) -> dict[str, Any] | None:
            return None if document.withdrawn else document_fields(document, self._places)

        stamp = (STAMP_FILE, json.dumps(current_stamp()))
        with _writing(self.path.parent):
            self._check_space_for_rebuild()
            written = rebuild_beside(self.path, build_schema(), stamp, batches, fields_of)
        with self._lock:
            self._ix = None  # open the new one; searchers of the old are replaced when used
        return written

    def _check_space_for_rebuild(self) -> None:
        """Refuse a rebuild the disk has no room for, before writing anything: the new
        index is written beside the old one, which stays until the new one is complete."""
        current = _folder_size(self.path)
        needed = int(current * REBUILD_SPACE_FACTOR) + REBUILD_MARGIN
        self.path.parent.mkdir(parents=True, exist_ok=True)
        free = shutil.disk_usage(self.path.parent).free
        if free < needed:
            raise IndexWriteError(
                f"rebuilding the search index needs about {_size(needed)} free beside it "
                f"(the index is {_size(current)} now), but only {_size(free)} are free on "
                f"that disk ({self.path.parent}): free some space, then rebuild again. The "
                "index in use is unchanged."
            )

    def add(self, documents: Iterable[Document]) -> int:
        """Index documents; a withdrawn document is taken out of the index instead.

        The documents are written as they come, in one commit, except long ones (when
        `index_timeout` is set), which are then indexed each in a limited child process.
        Raises `DocumentIndexError` naming the documents that could not be indexed (the
        others are written), `IndexWriteError` when nothing can be written."""
        alone: list[Document] = []
        failures: dict[int, str] = {}
        written = self._add_here(documents, alone, failures)
        for document in alone:
            reason = self._add_alone(document)
            if reason is None:
                written += 1
            else:
                failures[document.id] = reason
        if failures:
            raise DocumentIndexError(failures)
        return written

    def _add_here(
        self, documents: Iterable[Document], alone: list[Document], failures: dict[int, str]
    ) -> int:
        """Write `documents` in this process, in one commit, but for the long ones, which
        are put in `alone`. When one of them cannot be written, none of those meant for
        this commit is (they are all in `failures`: a document tried before is then
        indexed by itself)."""
        writer: Any = None
        here: list[int] = []
        reason: str | None = None
        with _writing(self.path):
            try:
                for document in documents:
                    isolate = self.index_timeout is not None and document.withdrawn is None
                    if isolate and sum(len(p.text) for p in document.pages) > ISOLATE_CHARS:
                        alone.append(document)
                        continue
                    here.append(document.id)
                    if reason is not None:  # the commit is lost: the rest only counted
                        continue
                    if writer is None:
                        writer = self._index().writer(
                            timeout=60.0, limitmb=256, compound=False, codec=InliningCodec()
                        )
                    try:
                        if document.withdrawn is not None:
                            writer.delete_by_term("id", str(document.id))
                        else:
                            writer.update_document(**document_fields(document, self._places))
                    except (OSError, LockError):
                        raise
                    except Exception as exc:  # not the disk's fault: one of the documents'
                        log.exception("indexing document %d failed", document.id)
                        reason = f"indexing it failed ({type(exc).__name__}: {exc})"
                        writer.cancel()
                        writer = None
            except BaseException:
                if writer is not None:
                    writer.cancel()
                raise
            if reason is not None:
                failures.update(dict.fromkeys(here, reason))
                return 0
            if writer is not None:
                writer.commit(mergetype=merge_tiers)
        return len(here)

    def _add_alone(self, document: Document) -> str | None:
        assert self.index_timeout is not None
        with _writing(self.path):
            self._index()  # the index exists and opens
            reason = index_alone(
                self.path, document, self._places, self.index_timeout, self.index_memory
            )
        if reason is not None:  # a killed child leaves its writer's files
            remove_stale(self.path)
        return reason

    def remove_stale(self) -> int:
        """Remove what killed writers left in and beside the index; the bytes freed."""
        return remove_stale(self.path)

    def write_problem(self) -> str | None:
        """Why the index cannot be written now (a read-only folder, a full disk), with the
        fix; None when it can."""
        folder = self.path if self.path.is_dir() else self.path.parent
        try:
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".clusnet-probe-") as probe:
                probe.write(b"\0" * 4096)
                probe.flush()
                os.fsync(probe.fileno())
        except OSError as exc:
            return str(_write_error(exc, self.path))
        return None

    def delete(self, ids: Iterable[int]) -> None:
        with _writing(self.path):
            writer = self._index().writer(timeout=60.0, compound=False, codec=InliningCodec())
            for document_id in ids:
                writer.delete_by_term("id", str(document_id))
            writer.commit(mergetype=merge_tiers)

    # -- reading -------------------------------------------------------------------

    def document_ids(self) -> set[int]:
        with self.reading():
            searcher = self._searcher()
            return {int(fields["id"]) for fields in searcher.all_stored_fields()}

    def _damage(self, exc: BaseException) -> IndexDamagedError | None:
        """The damage of the index `exc` reveals, if any (else it is a bug)."""
        if isinstance(exc, IndexDamagedError):
            return exc
        if isinstance(exc, SearchError):
            return None
        if isinstance(exc, DAMAGE):
            found: str | None = f"{type(exc).__name__}: {exc}"
        else:
            found = self.rebuild_reason()
        if found is None:
            return None
        log.error("the search index at %s is damaged: %s", self.path, found)
        return IndexDamagedError(
            f"the search index is damaged ({found}): `clusnet reindex` rebuilds it from the "
            "catalogue"
        )

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Errors of a damaged index file as `IndexDamagedError` (remembered, so that the
        damaged generation is not read again)."""
        try:
            yield
        except Exception as exc:
            damage = self._damage(exc)
            if damage is None or damage is exc:
                raise
            release(exc)
            with suppress(SearchError):
                self._damaged = (self._index().latest_generation(), str(damage))
            raise damage from None

    def execute(self, plan: SearchPlan) -> EngineResults:
        """Raises `IndexDamagedError` when a file of the index is damaged."""
        with self.reading():
            for _ in range(STALE_RETRIES):
                searcher = self._searcher()
                try:
                    return self._execute(plan, searcher)
                except Exception:
                    if self._current(searcher):
                        raise
                # A writer (another process) committed meanwhile, and a merge removed
                # segment files this searcher had not opened yet (Whoosh opens some
                # lazily): search again on the new generation.
            return self._execute(plan, self._searcher())

    def _current(self, searcher: Searcher) -> bool:
        try:
            return bool(self._index().latest_generation() == searcher.reader().generation())
        except Exception:
            return False

    def _execute(self, plan: SearchPlan, searcher: Searcher) -> EngineResults:
        sets = docsets(searcher)
        hidden = sets.hidden(plan.include_restricted)
        compiled: Any = None
        if plan.like is not None:
            compiled, like_docnum = self._like_query(searcher, plan.like, hidden)
            if like_docnum is not None:
                hidden = hidden | {like_docnum}
        elif plan.query is not None:
            compiled = self._compiler(searcher).compile(plan.query)
        elif plan.filters or plan.date_from or plan.date_to:
            compiled = wq.Every()
        if compiled is None:
            return EngineResults(total=0, hits=(), page=plan.page)
        allow = sets.allowed(plan.filters, plan.date_from, plan.date_to)
        try:
            run = self._run(searcher, compiled, plan, hidden, allow)
            total = len(run.results)
            pagenum = min(max(plan.page, 1), max(1, -(-total // plan.limit)))
            page = ResultsPage(run.results, pagenum, plan.limit)
            if plan.snippets:
                docnums = [hit.docnum for hit in page]
                attach_matched_terms(run.results, searcher, compiled, docnums)
            hits = to_hits(page, with_snippets=plan.snippets)
            if run.coordinated is not None:
                labels = run.coordinated.labels
                hits = tuple(
                    with_missing(hit, run.coordinated.missing(searcher, whoosh_hit.docnum), labels)
                    for hit, whoosh_hit in zip(hits, page, strict=True)
                )
        except Exception as exc:
            if isinstance(exc, DAMAGE) or not self._current(searcher):
                raise  # damage, or an index changed under the searcher: see `execute`
            log.exception("search failed for %r", plan.query)
            raise SearchError("the search could not be run; try simpler words") from exc
        facets = (
            sets.facets(run.matched, plan.filters, plan.date_from, plan.date_to)
            if plan.facets
            else ()
        )
        return EngineResults(
            total=total,
            hits=hits,
            page=pagenum,
            facets=facets,
            coverage=coverage_of(run.coordinated),
            timed_out=run.timed_out,
        )

    def _compiler(self, searcher: Searcher) -> Compiler:
        cached: tuple[Any, Compiler] | None = getattr(self._local, "compiler", None)
        if cached is None or cached[0] is not searcher.schema:
            cached = (searcher.schema, Compiler(searcher.schema))
            self._local.compiler = cached
        return cached[1]

    def _run(
        self,
        searcher: Searcher,
        compiled: Any,
        plan: SearchPlan,
        hidden: frozenset[int],
        allow: set[int] | None,
    ) -> Run:
        wanted = max(plan.page, 1) * plan.limit
        time_limit = plan.time_limit or self.time_limit
        top: collectors.Collector
        if plan.sort is SortOrder.NEWEST:
            top = collectors.SortingCollector(
                sorting.FieldFacet("date_number", reverse=True), limit=wanted
            )
        elif plan.sort is SortOrder.OLDEST:
            top = collectors.SortingCollector(
                sorting.TranslateFacet(
                    lambda value: value or 99_999_999, sorting.FieldFacet("date_number")
                ),
                limit=wanted,
            )
        elif plan.sort is SortOrder.TITLE:
            top = collectors.SortingCollector(sorting.FieldFacet("sort_title"), limit=wanted)
        else:
            top = collectors.TopCollector(wanted, usequality=False)
            # No matcher replacement either: once the top N is full it drops documents
            # that cannot enter it, and the count and facets need every match.
            top.replace = 0
        gather = GatheringCollector(top, hidden, allow)
        final = preload_unions(keep_expansions(compiled))
        coordinated = find_coordinated(final)
        deadline = time.monotonic() + time_limit
        if coordinated is not None:

            def visible(docnum: int) -> bool:
                return docnum not in hidden and (allow is None or docnum in allow)

            try:
                coordinated.prepare(searcher, visible, deadline)
            except SearchTimeout:
                empty = collectors.TopCollector(1)
                searcher.search_with_collector(wq.NullQuery, empty)
                return Run(empty.results(), set(), True)
        remaining = max(1e-6, deadline - time.monotonic())
        timed = collectors.TimeLimitCollector(gather, timelimit=remaining, use_alarm=False)
        timed_out = False
        try:
            searcher.search_with_collector(final, timed)
        except collectors.TimeLimit:
            timed_out = True
        return Run(timed.results(), gather.matched, timed_out, coordinated)

    # -- more like this ------------------------------------------------------------

    def _like_query(
        self, searcher: Searcher, document_id: int, hidden: frozenset[int]
    ) -> tuple[Any, int | None]:
        docnum = searcher.document_number(id=str(document_id))
        if docnum is None or docnum in hidden:
            return None, None
        stored = searcher.stored_fields(docnum)
        text = f"{stored.get('title') or ''}\n{(stored.get('text') or '')[:MLT_CHARS]}"
        terms = searcher.key_terms_from_text("content_folded", text, numterms=MLT_TERMS)
        if not terms:
            return None, docnum
        return wq.Or([wq.Term("content_folded", t, boost=w) for t, w in terms]), docnum

    # -- the vocabulary ------------------------------------------------------------

    def vocabulary(self, include_restricted: bool = False) -> WhooshVocabulary:
        """Raises `IndexDamagedError` (now or when asked) when a file is damaged."""
        with self.reading():
            searcher = self._searcher()
            hidden = docsets(searcher).hidden(include_restricted)
            return WhooshVocabulary(searcher, hidden, self.reading)


class WhooshVocabulary:
    """The words of one searcher's documents, as `archive.ports.Vocabulary` asks them."""

    def __init__(
        self,
        searcher: Searcher,
        hidden: frozenset[int],
        reading: Callable[[], AbstractContextManager[None]] = nullcontext,
    ) -> None:
        self.searcher = searcher
        self.reading = reading
        """Wraps each question: a damaged file raises `IndexDamagedError`."""
        self.reader = searcher.reader()
        self.hidden = hidden
        # each segment on its own: a merged walk over all of them costs more than the
        # lookups it saves (a 17-segment index: 3 ms a lookup merged)
        self.segments = [leaf for leaf, _ in self.reader.leaf_readers()]
        self._analyzers = {lang: language_analyzer(lang) for lang in ("hu", "en")}

    def visible(self, field: str, term: str) -> bool:
        """Whether a document that is not deleted or hidden has `term` in `field`."""
        try:
            postings = self.reader.postings(field, term)
        except Exception:
            return False
        return any(docnum not in self.hidden for docnum in postings.all_ids())

    def has_prefix(self, prefix: str) -> bool:
        with self.reading():
            return self._has_prefix(prefix)

    def _has_prefix(self, prefix: str) -> bool:
        return any(
            next(iter(leaf.expand_prefix("content_exact", prefix)), None) is not None
            for leaf in self.segments
        )

    def frequency(self, word: str) -> int:
        with self.reading():
            return self._frequency(word)

    def _frequency(self, word: str) -> int:
        found = int(self.reader.doc_frequency("content_exact", word))
        return found if found and self.visible("content_exact", word) else 0

    def language_frequency(self, term: str, language: str) -> int:
        with self.reading():
            return self._language_frequency(term, language)

    def _language_frequency(self, term: str, language: str) -> int:
        analyzer = self._analyzers.get(language) or language_analyzer(language)
        keys = [t.text for t in analyzer(term, mode="query") if not t.stopped]
        field = f"content_{field_language(language)}"
        if not keys or field not in self.searcher.schema:
            return 0
        return min(int(self.reader.doc_frequency(field, key)) for key in keys)

    def near(self, word: str, distance: int, limit: int) -> list[str]:
        with self.reading():
            return self._near(word, distance, limit)

    def _near(self, word: str, distance: int, limit: int) -> list[str]:
        candidates = itertools.islice(
            self.reader.terms_within("content_exact", word, distance, prefix=1), limit
        )
        ranked = sorted(
            (str(c) for c in candidates),
            key=lambda c: (-self.reader.doc_frequency("content_exact", c), c),
        )
        return [c for c in ranked if self.visible("content_exact", c)]

    def completions(self, prefix: str, limit: int) -> list[str]:
        with self.reading():
            return self._completions(prefix, limit)

    def _completions(self, prefix: str, limit: int) -> list[str]:
        candidates = [
            t.decode("utf-8") if isinstance(t, bytes) else str(t)
            for t in itertools.islice(
                self.reader.expand_prefix("content_exact", prefix), SUGGEST_CANDIDATES
            )
        ]
        candidates.sort(key=lambda t: (-self.reader.doc_frequency("content_exact", t), t))
        found: list[str] = []
        for term in candidates:
            if len(found) >= limit:
                break
            if self.visible("content_exact", term):
                found.append(term)
        return found
