"""Use cases of the archive: what happens, written against the ports."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from importlib import resources
from pathlib import Path

from archive.blobstore import FileBlobStore, sha256_of
from archive.catalogue import Catalogue, upgrade_schema
from archive.errors import ExtractionError
from archive.model import (
    Document,
    DocumentStatus,
    Extraction,
    Partner,
    SearchQuery,
    SearchResults,
    Seminar,
)
from archive.ports import Extractor, Indexer
from archive.users import AuditLog, Users

log = logging.getLogger(__name__)

INDEX_BATCH = 200


class Outcome(StrEnum):
    INGESTED = "ingested"
    DUPLICATE = "duplicate"
    FAILED = "failed"


@dataclass(frozen=True)
class FileOutcome:
    path: str
    outcome: Outcome
    document_id: int | None = None
    reason: str | None = None


@dataclass
class IngestReport:
    files: list[FileOutcome] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for f in self.files if f.outcome is outcome)

    @property
    def ok(self) -> bool:
        return self.count(Outcome.FAILED) == 0

    def as_dict(self) -> dict[str, object]:
        return {
            "ingested": self.count(Outcome.INGESTED),
            "duplicates": self.count(Outcome.DUPLICATE),
            "failed": self.count(Outcome.FAILED),
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


class Archive:
    """One archive: catalogue, store of originals, index and the extractor that feeds it."""

    def __init__(
        self,
        catalogue: Catalogue,
        blobs: FileBlobStore,
        indexer: Indexer,
        extractor: Extractor,
        workers: int = 0,
    ) -> None:
        self.catalogue = catalogue
        self.blobs = blobs
        self.indexer = indexer
        self.extractor = extractor
        self.workers = workers or os.cpu_count() or 1
        self.users = Users(catalogue)
        self.audit = AuditLog(catalogue)

    def close(self) -> None:
        self.indexer.close()
        self.catalogue.engine.dispose()

    # -- set-up --------------------------------------------------------------------

    def init(self) -> None:
        """Create or upgrade the catalogue and the index (idempotent)."""
        self.blobs.root.mkdir(parents=True, exist_ok=True)
        upgrade_schema(self.catalogue.engine)
        self.catalogue.seed_reference_data(*load_reference_data())
        if self.indexer.rebuild_reason() is not None:
            self.reindex()

    # -- ingest --------------------------------------------------------------------

    def ingest(
        self, paths: Iterable[Path], progress: ProgressCallback | None = None
    ) -> IngestReport:
        """Store, catalogue, extract and index every file; one bad file never stops the run."""
        self.catalogue.ensure_ready()
        report = IngestReport()

        def done(outcome: FileOutcome) -> None:
            report.files.append(outcome)
            if progress:
                progress(outcome)

        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            pending: dict[Future[Extraction], tuple[str, Document]] = {}
            for path in iter_files(paths):
                shown = str(path)
                queued = self._store(path, shown, done)
                if queued is not None:
                    future = pool.submit(
                        self.extractor.extract, self.blobs.path(queued.sha256), queued.filename
                    )
                    pending[future] = (shown, queued)
            for future in as_completed(pending):
                shown, document = pending[future]
                done(self._record(future, shown, document))
        self.index_pending()
        return report

    def _store(self, path: Path, shown: str, done: ProgressCallback) -> Document | None:
        """Keep the original and queue it; None when there is nothing to extract."""
        try:
            if not path.exists():
                done(FileOutcome(shown, Outcome.FAILED, reason="no such file or folder"))
                return None
            existing = self.catalogue.find_by_sha256(sha256_of(path))
            if existing is not None and existing.status is not DocumentStatus.QUEUED:
                done(
                    FileOutcome(
                        shown,
                        Outcome.DUPLICATE,
                        existing.id,
                        f"same content as document {existing.id} ({existing.filename})",
                    )
                )
                return None
            if existing is not None:
                return existing  # stored by an earlier run that stopped: resume it
            sha, size = self.blobs.put(path)
            return self.catalogue.add_queued(sha, path.name, size)
        except OSError as exc:
            reason = f"cannot read the file: {exc.strerror or exc}"
            done(FileOutcome(shown, Outcome.FAILED, reason=reason))
            return None

    def _record(self, future: Future[Extraction], shown: str, document: Document) -> FileOutcome:
        try:
            extraction = future.result()
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
        return FileOutcome(shown, Outcome.INGESTED, document.id)

    # -- index ---------------------------------------------------------------------

    def index_pending(self) -> int:
        """Bring the index up to date with the catalogue; return documents indexed."""
        total = 0
        while ids := self.catalogue.ids_to_index(INDEX_BATCH):
            total += self.indexer.add(self.catalogue.get_many(ids))
            self.catalogue.mark_indexed(ids)
        return total

    def reindex(self, if_needed: bool = False) -> int | None:
        """Rebuild the index from the catalogue; with `if_needed`, only when it is stale."""
        if if_needed and self.indexer.rebuild_reason() is None:
            return None
        self.indexer.clear()
        self.catalogue.mark_all_unindexed()
        return self.index_pending()

    # -- read ----------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        return self.indexer.search(query)

    def document(self, document_id: int) -> Document:
        return self.catalogue.get(document_id)

    def original(self, document: Document) -> Path:
        return self.blobs.path(document.sha256)
