"""Use cases of the archive: what happens, written against the ports."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import secrets
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from importlib import resources
from pathlib import Path

from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from archive.actions import Action
from archive.blobstore import FileBlobStore, sha256_of
from archive.catalogue import Catalogue, upgrade_schema
from archive.directory import Directory
from archive.doorbell import Doorbell
from archive.errors import (
    DocumentIndexError,
    DocumentNotFoundError,
    ExtractionError,
    IndexUnavailableError,
    IndexWriteError,
    OcrUnavailableError,
    StorageFullError,
)
from archive.indexing import (
    DEFAULT_MAX_CHARS,
    STREAMED_CHARS,
    index_pending,
    searchable_batches,
)
from archive.job_queue import CatalogueQueue, Heartbeat
from archive.layout import Layout
from archive.model import (
    Document,
    DocumentMetadata,
    DocumentStatus,
    Extraction,
    Partner,
    SearchQuery,
    SearchResults,
    Seminar,
    fold_key,
)
from archive.names import clean_filename
from archive.ports import Claim, Extractor, Indexer, JobQueue
from archive.rate_counters import RateCounters
from archive.reading import TextPart, read_part
from archive.thumbnails import ThumbnailStore
from archive.users import AuditLog, Users

log = logging.getLogger(__name__)

ALL_QUEUED = 1_000_000
"""As many queued documents as there are (`process_queued` without a limit)."""
READ_ELSEWHERE = "queued; another worker is reading it"
INDEX_BATCH = 1000
"""Documents written to the index in one commit while an ingest reads (one segment):
larger segments cost less to write and to merge (search/whoosh_merging.py)."""
INDEX_SECONDS = 20.0
"""A commit comes at least this often while an ingest runs, so that another process that
writes the index (the server's worker) never waits long for it."""
INDEX_REBUILDING = (
    "The search index is damaged and is being rebuilt from the catalogue: search again in a "
    "few minutes. Documents can still be read by their pages."
)
INDEX_UNUSABLE = (
    "The search index is damaged or missing: run `clusnet reindex` to rebuild it from the "
    "catalogue (nothing is lost: it is a copy)."
)
MAX_QUERY_CHARS = 500
"""Characters of a search query that are searched for (the rest is dropped, with a notice)."""


class Outcome(StrEnum):
    INGESTED = "ingested"
    DUPLICATE = "duplicate"
    FAILED = "failed"
    NEEDS_OCR = "needs_ocr"


@dataclass(frozen=True)
class FileOutcome:
    path: str
    outcome: Outcome
    document_id: int | None = None
    reason: str | None = None


@dataclass
class IngestReport:
    files: list[FileOutcome] = field(default_factory=list)
    stopped: str | None = None
    """Why the run stopped before the end (a full disk), with the fix."""
    not_done: list[str] = field(default_factory=list)
    """Files the run did not reach because it stopped: run it again for them."""
    index_problem: str | None = None
    """Why what was read is not searchable yet (the index cannot be written), with the fix."""

    def count(self, outcome: Outcome) -> int:
        return sum(1 for f in self.files if f.outcome is outcome)

    @property
    def ok(self) -> bool:
        return (
            self.count(Outcome.FAILED) == 0 and self.stopped is None and self.index_problem is None
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "stopped": self.stopped,
            "not_done": self.not_done,
            "index_problem": self.index_problem,
            "ingested": self.count(Outcome.INGESTED),
            "duplicates": self.count(Outcome.DUPLICATE),
            "failed": self.count(Outcome.FAILED),
            "needs_ocr": self.count(Outcome.NEEDS_OCR),
            "files": [
                {
                    "path": f.path,
                    "outcome": f.outcome.value,
                    "id": f.document_id,
                    "reason": f.reason,
                }
                for f in self.files
            ],
        }


ProgressCallback = Callable[[FileOutcome], None]


@dataclass(frozen=True)
class Stored:
    """A file kept by `Archive.store`: its document, and whether it was archived already."""

    document: Document
    duplicate: bool = False


def load_reference_data() -> tuple[list[Partner], list[Seminar]]:
    """The CLUSNET partners and seminars the archive starts with (librarians edit them)."""
    raw = json.loads(
        resources.files("archive").joinpath("data/reference.json").read_text(encoding="utf-8")
    )
    partners = [Partner(**item) for item in raw["partners"]]
    seminars = [
        Seminar(
            slug=item["slug"],
            title=item["title"],
            host=item.get("host"),
            starts=date.fromisoformat(item["starts"]) if item.get("starts") else None,
            ends=date.fromisoformat(item["ends"]) if item.get("ends") else None,
            theme=item.get("theme", ""),
        )
        for item in raw["seminars"]
    ]
    return partners, seminars


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named and files inside folders named (recursively, hidden ones skipped)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if any(part.startswith(".") for part in relative.parts):
                    continue
                if child.is_file():
                    yield child
        else:
            yield path


def _archived_before(path: str, existing: Document) -> FileOutcome:
    """A file whose content is archived already: a duplicate, unless reading it failed (or
    waits for OCR) then, which a run over it again must report as before, not as fine."""
    if existing.status is DocumentStatus.FAILED:
        reason = f"{existing.error} (archived before as document {existing.id}, which failed)"
        return FileOutcome(path, Outcome.FAILED, existing.id, reason)
    if existing.status is DocumentStatus.NEEDS_OCR:
        reason = f"{existing.error} (archived before as document {existing.id})"
        return FileOutcome(path, Outcome.NEEDS_OCR, existing.id, reason)
    reason = f"same content as document {existing.id} ({existing.filename})"
    if existing.withdrawn is not None:
        reason += ", which is withdrawn: a librarian can restore it"
    return FileOutcome(path, Outcome.DUPLICATE, existing.id, reason)


class Archive:
    """One archive: catalogue, store of originals, index and the extractor that feeds it."""

    def __init__(
        self,
        catalogue: Catalogue,
        blobs: FileBlobStore,
        indexer: Indexer,
        extractor: Extractor,
        layout: Layout,
        workers: int = 0,
        index_max_chars: int = DEFAULT_MAX_CHARS,
        queue: JobQueue | None = None,
    ) -> None:
        self.layout = layout
        """Where the archive keeps its files."""
        self.catalogue = catalogue
        self.blobs = blobs
        self.indexer = indexer
        self.extractor = extractor
        self.workers = workers or os.cpu_count() or 1
        self.index_max_chars = index_max_chars
        """Characters of a document's text that are indexed (archive/indexing.py)."""
        self.thumbnails = ThumbnailStore(layout.thumbnails)
        self.audit = AuditLog(catalogue)
        self.users = Users(catalogue, self.audit)
        self.directory = Directory(catalogue, self.audit)
        self.rate_counters = RateCounters(catalogue)
        """Rate limits every process of the archive counts together."""
        self.queue_changed = Doorbell(layout.home)
        """Set when a document is queued, so that a `QueueWorker` wakes at once (in this
        process, or in the one that listens for this archive)."""
        self.queue: JobQueue = queue or CatalogueQueue(catalogue, self.queue_changed)
        """Documents waiting to be read; workers claim them with a lease."""
        self._index_lock = threading.Lock()
        self._rebuild_guard = threading.Lock()
        self._rebuilding: threading.Thread | None = None
        self.index_problem: str | None = None
        """Why the last attempt to write the index failed (None once it worked)."""
        self.repairs_index = False
        """Whether an unusable index is rebuilt in the background when met (a server, which
        lives long enough to finish; a command says to run `clusnet reindex`)."""

    def close(self) -> None:
        self.indexer.close()
        self.catalogue.engine.dispose()

    # -- set-up --------------------------------------------------------------------

    def init(self) -> None:
        """Create or upgrade the catalogue and the index (idempotent)."""
        self.blobs.root.mkdir(parents=True, exist_ok=True)
        upgrade_schema(self.catalogue.engine)
        self.catalogue.seed_reference_data(*load_reference_data())
        self.remove_stale_index_files()
        if self.indexer.rebuild_reason() is not None:
            self.reindex()

    # -- ingest --------------------------------------------------------------------
    #
    # The catalogue is the job queue (ADR 6): `store` keeps the original and queues a row;
    # `process` extracts queued rows and indexes them. `clusnet ingest` does both at once;
    # an upload stores, and the `QueueWorker` processes in the background.

    def ingest(
        self,
        paths: Iterable[Path],
        progress: ProgressCallback | None = None,
        metadata: DocumentMetadata | Callable[[Path], DocumentMetadata | None] | None = None,
        actor: str | None = None,
    ) -> IngestReport:
        """Store, catalogue, extract and index every file; one bad file never stops the run.

        `metadata` describes every new file (seminar, partner, type, language ...), or
        says for each path what describes it; files archived before keep their
        description. With `actor`, each new file is recorded in the audit log as
        ingested by them.

        The stages overlap: files are stored while others are read by the extractor's
        processes, and documents read are indexed while the next ones are read.
        """
        self.catalogue.ensure_ready()
        self.blobs.remove_abandoned()  # copies a killed run left half-written
        self.remove_stale_index_files()  # and what its index writer left
        report = IngestReport()

        def done(outcome: FileOutcome) -> None:
            report.files.append(outcome)
            if progress:
                progress(outcome)

        shown: dict[int, str] = {}
        files = iter_files(paths)

        def stored() -> Iterator[tuple[Document, str]]:
            for path in files:
                try:
                    if not path.exists():
                        done(
                            FileOutcome(str(path), Outcome.FAILED, reason="no such file or folder")
                        )
                        continue
                    described = metadata(path) if callable(metadata) else metadata
                    kept = self.store(path, path.name, described)
                except StorageFullError as exc:  # no file after this one can be stored either
                    report.stopped = str(exc)
                    report.not_done = [str(path), *map(str, files)]
                    return
                except OSError as exc:
                    reason = f"cannot read the file: {exc.strerror or exc}"
                    done(FileOutcome(str(path), Outcome.FAILED, reason=reason))
                    continue
                document = kept.document
                if kept.duplicate:
                    done(_archived_before(str(path), document))
                    if actor is not None and document.withdrawn is not None:
                        # someone wants it back: librarians see the request (Curation)
                        self.audit.record(
                            actor, Action.DUPLICATE, document.id, filename=path.name, withdrawn=True
                        )
                    continue
                shown[document.id] = str(path)
                if actor is not None:
                    self.audit.record(
                        actor,
                        Action.INGEST,
                        document.id,
                        filename=document.filename,
                        sha256=document.sha256,
                        path=str(path),
                    )
                yield document, str(path)

        try:
            self._extract_and_index(stored(), done)
        except StorageFullError as exc:  # the catalogue's disk, while recording what was read
            report.stopped = str(exc)
            reached = {f.document_id for f in report.files}
            report.not_done[:0] = [name for i, name in shown.items() if i not in reached]
            report.not_done += map(str, files)
        except (IndexWriteError, IndexUnavailableError) as exc:  # searchable once it is fixed
            report.index_problem = str(exc)
        else:  # what indexing failed: documents of this run, or left by a run before it
            report.files = self._index_failures(report.files)
        return report

    def store(
        self,
        path: Path,
        filename: str | None = None,
        metadata: DocumentMetadata | None = None,
        replaces: int | None = None,
    ) -> Stored:
        """Keep the original and queue it for extraction, with what its sender said of it.

        A file whose content is archived already is not stored twice: the existing
        document comes back with `duplicate` set. A row left queued by a run that stopped
        is resumed rather than duplicated.
        """
        self.catalogue.ensure_ready()
        existing = self.catalogue.find_by_sha256(sha256_of(path))
        if existing is not None and existing.status is not DocumentStatus.QUEUED:
            return Stored(existing, duplicate=True)
        if existing is None:
            # The original is in place (and flushed) before its row is committed; its lock
            # is held until then, so `check --repair` never takes it for an orphan.
            with self.blobs.keep(path) as (sha, size):
                try:
                    document = self.catalogue.add_queued(
                        sha, clean_filename(filename or path.name), size
                    )
                except IntegrityError:  # the same file stored at the same moment by another
                    again = self.catalogue.find_by_sha256(sha)
                    if again is None:
                        raise
                    return Stored(again, duplicate=True)
        else:
            document = existing
        if replaces is not None:
            document = self.catalogue.set_replaces(document.id, replaces)
        if metadata is not None:
            document = self.catalogue.update_metadata(document.id, metadata)
        self.queue.announce()
        return Stored(document, duplicate=False)

    def process_queued(
        self,
        limit: int | None = None,
        progress: ProgressCallback | None = None,
        index: bool = True,
    ) -> list[FileOutcome]:
        """Claim the oldest queued documents nobody else reads (all of them without
        `limit`), extract them and (unless `index` is False) index them."""
        claims = self.queue.claim(limit if limit is not None else ALL_QUEUED)
        ids = [c.document_id for c in claims]
        return self.process(ids, progress=progress, index=index, claims=claims)

    def process(
        self,
        ids: list[int],
        progress: ProgressCallback | None = None,
        names: Mapping[int, str] | None = None,
        index: bool = True,
        claims: Iterable[Claim] = (),
    ) -> list[FileOutcome]:
        """Extract the queued documents `ids` in parallel (those another worker reads are
        left to it), record the results and (unless `index` is False) index them.
        `claims`: documents this worker has claimed already."""
        outcomes: list[FileOutcome] = []

        def done(outcome: FileOutcome) -> None:
            outcomes.append(outcome)
            if progress:
                progress(outcome)

        documents = self.catalogue.get_many(ids, with_pages=False)
        shown = names or {}
        self._extract_and_index(
            ((d, shown.get(d.id, d.filename)) for d in documents), done, index, claims
        )
        return self._index_failures(outcomes) if index else outcomes

    def _extract_and_index(
        self,
        documents: Iterable[tuple[Document, str]],
        done: ProgressCallback,
        index: bool = True,
        claims: Iterable[Claim] = (),
    ) -> None:
        """Extract queued documents (with the name to show for each) in the extractor's
        processes, `workers` at a time, record each result as it comes and index the read
        documents in batches while the next ones are read; then whatever else waits.

        Each document is claimed in the queue before it is read (one this worker holds
        already stays its own; one another worker holds is left to it), and the claims are
        renewed while they are read. Documents are taken from `documents` only as
        extraction slots free up, so a caller that stores files lazily overlaps storing
        with reading too."""
        workers = max(1, self.workers)
        attached: dict[int, str] = {}
        held: dict[int, Claim] = {c.document_id: c for c in claims}
        with (
            ThreadPoolExecutor(max_workers=workers) as pool,
            Heartbeat(self.queue, lambda: list(held.values()), self.queue.lease_seconds).running(),
        ):
            pending: dict[Future[Extraction], tuple[Document, str]] = {}
            source = iter(documents)

            def fill() -> None:
                while len(pending) < 2 * workers:
                    item = next(source, None)
                    if item is None:
                        return
                    document, shown = item
                    if document.id not in held:
                        taken = self.queue.claim(1, [document.id])
                        if not taken:  # another worker reads it, or it was given up on
                            done(self._not_claimed(document, shown))
                            continue
                        held[document.id] = taken[0]
                    path = self.blobs.path(document.sha256)
                    pending[pool.submit(self.extractor.extract, path, document.filename)] = item

            def recorded(deadline: float) -> Iterator[int]:
                """Ids of documents read and recorded, until `INDEX_BATCH` of them, the
                deadline or the end."""
                count = 0
                while pending and count < INDEX_BATCH:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return
                    finished, _ = wait(pending, timeout=left, return_when=FIRST_COMPLETED)
                    for future in finished:
                        document, shown = pending.pop(future)
                        claim = held.pop(document.id)
                        try:  # recording the result ends the claim in the same write
                            outcome = self._record(future, shown, document, attached)
                        except BaseException:
                            self.queue.finish([claim])
                            raise
                        fill()
                        if outcome is None:
                            continue
                        done(outcome)
                        if outcome.outcome is Outcome.INGESTED:
                            count += 1
                            yield document.id

            indexing = index
            try:
                fill()
                while pending:
                    batch = recorded(time.monotonic() + INDEX_SECONDS)
                    if indexing:
                        indexing = self._index_as_read(batch)
                    for _ in batch:  # read on: what is left is indexed by `index_pending`
                        pass
            except BaseException:  # Ctrl-C: stop now; the rest stays queued for next time
                pool.shutdown(wait=False, cancel_futures=True)
                raise
            finally:
                self.queue.finish(held.values())  # unread ones: others may take them at once
        if attached:  # an e-mail's attachments: documents of their own
            self.process(list(attached), progress=done, names=attached, index=False)
        if index:
            self.index_pending()

    def _not_claimed(self, document: Document, shown: str) -> FileOutcome:
        now = self.catalogue.get(document.id, with_pages=False)
        if now.status is DocumentStatus.FAILED:
            return FileOutcome(shown, Outcome.FAILED, document.id, now.error)
        return FileOutcome(shown, Outcome.INGESTED, document.id, READ_ELSEWHERE)

    def _index_as_read(self, ids: Iterator[int]) -> bool:
        """Index the documents `ids` yields, in one commit, as they come; whether indexing
        can go on. Long documents, and any that cannot be indexed, are left to
        `index_pending`, which bounds each attempt and counts it first."""
        with self._index_lock:
            self.indexer.describe(self.catalogue.partners(), self.catalogue.seminars())
            written: list[int] = []

            def documents() -> Iterator[Document]:
                for document_id in ids:
                    try:
                        document = self.catalogue.get(document_id, with_pages=False)
                        if document.text_chars > STREAMED_CHARS:
                            continue
                        document = self.catalogue.get(document_id)
                    except DocumentNotFoundError:  # purged meanwhile
                        continue
                    written.append(document_id)
                    yield document

            try:
                self.indexer.add(documents())
            except DocumentIndexError as exc:
                self.catalogue.mark_indexed([i for i in written if i not in exc.failures])
                return True
            except (IndexWriteError, IndexUnavailableError):  # said by `index_pending`
                return False
            self.catalogue.mark_indexed(written)
            return True

    def _index_failures(self, outcomes: list[FileOutcome]) -> list[FileOutcome]:
        """The outcomes, with the files that were read (now or before) but could not be
        indexed, and are failed now with the reason, as failures."""
        read = [
            o.document_id
            for o in outcomes
            if o.outcome in (Outcome.INGESTED, Outcome.DUPLICATE) and o.document_id
        ]
        failed = {
            d.id: d.error
            for d in self.catalogue.get_many(read, with_pages=False)
            if d.status is DocumentStatus.FAILED
        }
        return [
            replace(o, outcome=Outcome.FAILED, reason=failed[o.document_id])
            if o.document_id in failed
            else o
            for o in outcomes
        ]

    def _record(
        self,
        future: Future[Extraction],
        shown: str,
        document: Document,
        attached: dict[int, str] | None = None,
    ) -> FileOutcome | None:
        """Keep what the extractor said; None when the document was purged meanwhile.

        Attachments the extraction holds are stored and queued as documents whose parent
        is this one; their ids (with the names to show) are added to ``attached``.
        """
        try:
            try:
                extraction = future.result()
            except OcrUnavailableError as exc:  # kept, for `clusnet ocr` to read later
                self.catalogue.record_needs_ocr(document.id, str(exc))
                return FileOutcome(shown, Outcome.NEEDS_OCR, document.id, str(exc))
            except ExtractionError as exc:
                reason = str(exc) or type(exc).__name__
                self.catalogue.record_failure(document.id, reason, None)
                return FileOutcome(shown, Outcome.FAILED, document.id, reason)
            except Exception as exc:  # an extractor bug must not stop the batch
                log.exception("unexpected error extracting %s", shown)
                reason = f"internal error while reading the file: {type(exc).__name__}"
                self.catalogue.record_failure(document.id, reason, None)
                return FileOutcome(shown, Outcome.FAILED, document.id, reason)
            self.catalogue.record_extraction(document.id, extraction)
            if extraction.thumbnail:
                self.thumbnails.put(document.sha256, extraction.thumbnail)
            for name, content in extraction.attachments:
                child = self._store_attachment(document.id, name, content)
                if child is not None and attached is not None:
                    attached[child] = f"{shown} > {name}"
        except DocumentNotFoundError:
            return None
        return FileOutcome(shown, Outcome.INGESTED, document.id)

    def _store_attachment(self, parent: int, name: str, content: bytes) -> int | None:
        """Store a file found inside document `parent`; its id, or None if archived already."""
        with tempfile.TemporaryDirectory(prefix="clusnet-attachment-") as folder:
            path = Path(folder) / "attachment"
            path.write_bytes(content)
            stored = self.store(path, name)
        if stored.duplicate:
            return None
        self.catalogue.set_parent(stored.document.id, parent)
        return stored.document.id

    # -- index ---------------------------------------------------------------------

    def index_pending(self) -> int:
        """Bring the index up to date with the catalogue; return documents indexed.

        In bounded steps (archive/indexing.py): a document that cannot be indexed within
        the limits is marked failed with the reason at its second attempt. Raises
        `IndexWriteError` when the index cannot be written at all."""
        with self._index_lock:  # one writer per process; Whoosh's lock serialises processes
            self.indexer.describe(self.catalogue.partners(), self.catalogue.seminars())
            try:
                written = index_pending(self.catalogue, self.indexer, self.index_max_chars)
            except IndexWriteError as exc:
                self.index_problem = str(exc)
                raise
            except IndexUnavailableError as exc:  # damaged: rebuilt, which indexes these too
                self._index_unusable(str(exc))
                if not self.repairs_index:
                    raise
                return 0
            self.index_problem = None
            return written

    def remove_stale_index_files(self) -> int:
        """Remove what killed index writers left behind (at start-up); bytes freed."""
        with self._index_lock:
            return self.indexer.remove_stale()

    def reindex(self, if_needed: bool = False) -> int | None:
        """Rebuild the index from the catalogue; with `if_needed`, only when it is stale."""
        if if_needed and self.indexer.rebuild_reason() is None:
            return None
        with self._index_lock:
            self.indexer.describe(self.catalogue.partners(), self.catalogue.seminars())
            # Marked first: a document that changes while the index is built is marked
            # unindexed by that change, and `index_pending` below brings it in.
            ids = self.catalogue.ready_ids()
            self.catalogue.mark_indexed(ids)
            try:
                indexed = self.indexer.rebuild(self._ready_batches(ids))
            except BaseException:
                self.catalogue.mark_indexed(ids, indexed=False)
                raise
        self.index_pending()
        return indexed

    def _ready_batches(self, ids: list[int]) -> Iterator[Iterator[Document]]:
        return searchable_batches(self.catalogue, ids, self.index_max_chars)

    # -- read ----------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        """Hits, facets (with names for partners, seminars and cities), "did you mean".

        A query longer than MAX_QUERY_CHARS is cut (at a space), with a notice: the cost of
        parsing and expanding a query grows with its length, and no person types that much.
        """
        notice = None
        if len(query.text) > MAX_QUERY_CHARS:
            cut = query.text[:MAX_QUERY_CHARS]
            cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
            query = replace(query, text=cut)
            notice = f"The query was cut to its first {len(cut)} characters."
        try:
            results = self._label_facets(self.indexer.search(query))
        except IndexUnavailableError as exc:  # a cache of the catalogue: rebuilt, meanwhile said
            results = SearchResults(
                query=query.text, total=0, hits=(), page=1, limit=query.limit, sort=query.sort
            )
            notice = self._index_unusable(str(exc))
        if notice:
            results = replace(results, notices=(notice, *results.notices))
        return results

    def _index_unusable(self, reason: str) -> str:
        """What a search says when the index cannot be used; a server rebuilds it."""
        if self.repairs_index:
            self.rebuild_in_background(reason)
            return INDEX_REBUILDING
        return INDEX_UNUSABLE

    def rebuild_in_background(self, reason: str) -> bool:
        """Rebuild the index beside the unusable one in a thread of its own (once at a
        time); searches answer with a notice meanwhile. Whether a rebuild was started."""
        with self._rebuild_guard:
            if self._rebuilding is not None and self._rebuilding.is_alive():
                return False
            log.error("%s: rebuilding the search index from the catalogue", reason)
            self._rebuilding = threading.Thread(
                target=self._rebuild_unusable, name="clusnet-rebuild", daemon=True
            )
            self._rebuilding.start()
            return True

    @property
    def rebuilding(self) -> bool:
        """Whether a rebuild started by `rebuild_in_background` is running."""
        return self._rebuilding is not None and self._rebuilding.is_alive()

    def _rebuild_unusable(self) -> None:
        # One rebuild an archive: `clusnet serve` runs several processes that each find
        # the index damaged; the others keep saying so until the rebuilt index is in place.
        lock_path = self.layout.rebuild_lock
        try:
            with lock_path.open("a") as lock:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    log.info("another process of this archive is rebuilding the index")
                    return
                count = self.reindex()
            log.warning("the search index was rebuilt with %s documents", count)
        except Exception:
            log.exception("rebuilding the search index failed; run `clusnet reindex`")

    def shared_secret(self, name: str) -> str | None:
        """A random secret every process of the archive shares (made once, kept in the
        catalogue); None while the catalogue cannot keep one (not created or upgraded yet:
        `clusnet init`)."""
        try:
            return self.catalogue.secret(name, lambda: secrets.token_hex(32))
        except SQLAlchemyError:
            return None

    def ensure_ready(self) -> None:
        """Raise `NotInitialisedError`, saying to run `clusnet init`, if there is no
        archive here yet."""
        self.catalogue.ensure_ready()

    def document(self, document_id: int, with_pages: bool = True) -> Document:
        """The document (withdrawn ones too); `DocumentNotFoundError` if there is none."""
        return self.catalogue.get(document_id, with_pages=with_pages)

    def versions(self, document_id: int) -> list[Document]:
        """The document's confirmed language versions (itself not included)."""
        return self.catalogue.versions(document_id)

    def documents(
        self,
        *,
        seminar: str | None = None,
        partner: str | None = None,
        status: DocumentStatus | None = None,
        withdrawn: bool | None = False,
        replaces: int | None = None,
        include_restricted: bool = True,
        limit: int | None = None,
    ) -> list[Document]:
        """Documents (without their text) of a seminar or partner, newest first: current
        ones by default, withdrawn ones with `withdrawn=True`, all with `withdrawn=None`."""
        return self.catalogue.find(
            seminar=seminar,
            partner=partner,
            status=status,
            withdrawn=withdrawn,
            replaces=replaces,
            include_restricted=include_restricted,
            limit=limit,
        )

    def documents_by_id(self, ids: Iterable[int]) -> list[Document]:
        """The documents (without their text) with these ids; unknown ids are left out."""
        return self.catalogue.get_many(ids, with_pages=False)

    def queue_waiting_scans(self) -> list[int]:
        """Queue again the documents that wait for OCR (stored while it was missing);
        their ids, for `process`."""
        waiting = self.catalogue.documents(DocumentStatus.NEEDS_OCR)
        for document in waiting:
            self.catalogue.requeue(document.id)
        return [d.id for d in waiting]

    def count_ready_by(self, column: str, include_restricted: bool = True) -> dict[str, int]:
        """Readable documents per seminar or partner (`column`)."""
        return self.catalogue.count_ready_by(column, include_restricted)

    def text_part(self, document_id: int, number: int = 1) -> TextPart:
        """Part `number` of a document's text, at most `archive.reading.PART_CHARS`
        characters: a long text is never read or sent whole."""
        return read_part(self.catalogue, document_id, number)

    def original(self, document: Document) -> Path:
        return self.blobs.path(document.sha256)

    def thumbnail(self, document: Document) -> Path | None:
        """The stored picture of the document's first page, if it has one."""
        return self.thumbnails.get(document.sha256)

    def with_thumbnails(self, ids: list[int]) -> set[int]:
        """Which of these documents have a thumbnail."""
        documents = self.catalogue.get_many(ids, with_pages=False) if ids else []
        return {d.id for d in documents if self.thumbnails.get(d.sha256) is not None}

    # -- search helpers --------------------------------------------------------------

    def similar(self, document_id: int, query: SearchQuery) -> SearchResults:
        """Documents like `document_id` (hidden ones never; the document itself excluded).

        Raises DocumentNotFoundError when the searcher may not see that document."""
        document = self.catalogue.get(document_id, with_pages=False)
        if document.withdrawn is not None or (document.restricted and not query.include_restricted):
            raise DocumentNotFoundError(f"no document with id {document_id}")
        return self.search(replace(query, like=document_id, text=""))

    def suggest(self, prefix: str, limit: int = 10, include_restricted: bool = False) -> list[str]:
        """Completions of the last word of `prefix`, from words of visible documents."""
        try:
            return self.indexer.suggest(prefix, limit=limit, include_restricted=include_restricted)
        except IndexUnavailableError as exc:
            self._index_unusable(str(exc))
            return []

    def _label_facets(self, results: SearchResults) -> SearchResults:
        if not results.facets:
            return results
        partners = self.catalogue.partners()
        labels: dict[str, dict[str, str]] = {
            "partner": {p.slug: p.name for p in partners},
            "seminar": {s.slug: s.title for s in self.catalogue.seminars()},
            "city": {fold_key(p.city): p.city for p in partners},
        }
        facets = tuple(
            replace(
                facet,
                values=tuple(
                    replace(v, label=labels.get(facet.name, {}).get(v.value, v.label))
                    for v in facet.values
                ),
            )
            for facet in results.facets
        )
        return replace(results, facets=facets)
