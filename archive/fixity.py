"""Fixity checking: are the originals intact, and do catalogue, store and index agree?

`check_archive` re-hashes the originals (least recently verified first, within an optional
time budget) and compares the three places a document lives: the catalogue (the source of
truth), the content-addressed store of originals and the search index (a rebuildable cache).
Each problem found is a `Finding` whose message says what is wrong and how to fix it.

With `repair=True` it fixes what can be fixed without losing anything: the index is brought
back in line with the catalogue, stale temporary files are removed, originals that have no
catalogue entry are catalogued as new documents (and extracted), and documents whose
extraction was interrupted are extracted again. It never deletes or rewrites an original.
"""

from __future__ import annotations

import enum
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import exists, func, select, update
from sqlalchemy.exc import IntegrityError

from archive.blobstore import TEMP_PREFIX, claimed, in_use, remove_if_abandoned, sha256_of
from archive.catalogue import DocumentRow, PageRow, utcnow
from archive.errors import IndexWriteError, StorageFullError
from archive.model import DocumentStatus
from archive.service import Archive, Outcome

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
"""Called as `progress(stage, done, total)` while a long operation runs."""

STALE_AFTER = timedelta(hours=1)
"""A queued document younger than this may belong to an ingest that is running right now
and is not reported (`--repair` extracts it all the same); an uncatalogued original younger
than this is left alone while another process is writing into the store. Temporary files
and originals whose writer holds their lock are always left alone; those nobody holds were
left by a writer that died."""

CHECKED_BATCH = 100
"""Verification timestamps are written in short transactions of this many documents."""

RECOVERED_PREFIX = "recovered-"
"""File name given to an original found in the store without a catalogue entry."""

_SHA256 = re.compile(r"[0-9a-f]{64}")


class Problem(enum.StrEnum):
    MISSING_ORIGINAL = "missing-original"
    ALTERED_ORIGINAL = "altered-original"
    ORPHAN_ORIGINAL = "orphan-original"
    STRAY_FILE = "stray-file"
    TEMPORARY_FILE = "temporary-file"
    INDEX_UNUSABLE = "index-unusable"
    INDEX_UNWRITABLE = "index-unwritable"
    NOT_INDEXED = "not-indexed"
    INDEX_ORPHAN = "index-orphan"
    EMPTY_TEXT = "empty-text"
    STUCK_QUEUED = "stuck-queued"


@dataclass
class Finding:
    """One problem: what is wrong (`message`) and what to do about it (`fix`)."""

    kind: Problem
    message: str
    fix: str
    document_id: int | None = None
    path: str | None = None
    repaired: bool = False
    outcome: str | None = None
    """What `repair` did (or why it could not)."""

    @property
    def subject(self) -> str:
        if self.document_id is not None:
            return f"document {self.document_id}"
        return self.path or "archive"

    def __str__(self) -> str:
        if self.repaired:
            return f"{self.kind}: {self.subject}: {self.message}; repaired: {self.outcome}"
        line = f"{self.kind}: {self.subject}: {self.message}; {self.fix}"
        return f"{line} (not repaired: {self.outcome})" if self.outcome else line

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["kind"] = self.kind.value
        return data


@dataclass
class FixityReport:
    findings: list[Finding] = field(default_factory=list)
    documents: int = 0
    """Documents in the catalogue."""
    verified: int = 0
    """Originals re-hashed in this run."""
    verified_bytes: int = 0
    not_verified: int = 0
    """Originals left for a later run by the time budget (their size was still checked)."""
    seconds: float = 0.0
    repair: bool = False
    stopped: str | None = None
    """Why the check stopped before the end (a full disk), with the fix: the findings are
    those of the checks that ran."""

    @property
    def problems(self) -> list[Finding]:
        """Findings that remain (all of them, unless the run repaired some)."""
        return [f for f in self.findings if not f.repaired]

    @property
    def ok(self) -> bool:
        return not self.problems and self.stopped is None

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "stopped": self.stopped,
            "documents": self.documents,
            "verified": self.verified,
            "verified_bytes": self.verified_bytes,
            "not_verified": self.not_verified,
            "seconds": round(self.seconds, 3),
            "repair": self.repair,
            "problems": len(self.problems),
            "repaired": sum(1 for f in self.findings if f.repaired),
            "findings": [f.as_dict() for f in self.findings],
        }


@dataclass(frozen=True)
class _Row:
    id: int
    sha256: str
    filename: str
    size: int
    status: str
    updated: datetime


def check_archive(
    archive: Archive,
    *,
    budget_seconds: float | None = None,
    repair: bool = False,
    progress: Progress | None = None,
    stale_after: timedelta = STALE_AFTER,
) -> FixityReport:
    """Check originals, catalogue and index against each other; optionally repair.

    With `budget_seconds`, re-hashing stops when the budget is spent; the originals that
    were verified longest ago (or never) go first, so repeated runs cover the whole store
    (and each run re-hashes at least one, so even a tiny budget makes progress).
    Every other check (presence and size of every original, the index, the store) always
    runs in full.
    """
    archive.catalogue.ensure_ready()
    started = time.monotonic()
    report = FixityReport(repair=repair)
    now = utcnow()

    # The store is listed before the catalogue is read: an original stored by an ingest
    # running meanwhile is then already catalogued, or young enough to be left alone.
    store_files = _list_store(archive.blobs.root)
    rows = _rows_by_check_age(archive)
    report.documents = len(rows)
    try:
        _verify_originals(archive, rows, report, budget_seconds, started, progress)
        _check_store(archive, store_files, {r.sha256 for r in rows}, report, now - stale_after)
        _check_catalogue(archive, rows, report, now - stale_after)
        _check_index(archive, report)
        if repair:
            _repair(archive, report)
    except (StorageFullError, IndexWriteError) as exc:  # say what was done, and why no more
        report.stopped = str(exc)
    report.findings.sort(key=lambda f: (f.kind.value, f.document_id or 0, f.path or ""))
    report.seconds = time.monotonic() - started
    return report


# -- checks ----------------------------------------------------------------------------


def _rows_by_check_age(archive: Archive) -> list[_Row]:
    with archive.catalogue.read() as session:
        stmt = select(
            DocumentRow.id,
            DocumentRow.sha256,
            DocumentRow.filename,
            DocumentRow.size,
            DocumentRow.status,
            DocumentRow.updated,
        ).order_by(DocumentRow.checked.asc().nulls_first(), DocumentRow.id)
        return [_Row(*row) for row in session.execute(stmt)]


def _verify_originals(
    archive: Archive,
    rows: list[_Row],
    report: FixityReport,
    budget_seconds: float | None,
    started: float,
    progress: Progress | None,
) -> None:
    intact: list[int] = []
    for done, row in enumerate(rows, start=1):
        path = archive.blobs.path(row.sha256)
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            report.findings.append(
                Finding(
                    Problem.MISSING_ORIGINAL,
                    f"the original of {row.filename!r} is missing from {path}",
                    "restore the file to that place from a backup or an exported bag "
                    "(its SHA-256 must stay " + row.sha256 + ")",
                    document_id=row.id,
                    path=str(path),
                )
            )
            continue
        within_budget = (
            budget_seconds is None
            or report.verified == 0
            or time.monotonic() - started < budget_seconds
        )
        actual: str | None
        if size != row.size:
            actual = f"{size} bytes instead of {row.size}"
        elif within_budget:
            digest = sha256_of(path)
            report.verified += 1
            report.verified_bytes += size
            actual = None if digest == row.sha256 else f"SHA-256 {digest}"
            if actual is None:
                intact.append(row.id)
        else:
            report.not_verified += 1
            actual = None
        if actual is not None:
            report.findings.append(
                Finding(
                    Problem.ALTERED_ORIGINAL,
                    f"the original of {row.filename!r} at {path} has changed "
                    f"({actual}; the catalogue has SHA-256 {row.sha256})",
                    "restore the file from a backup or an exported bag; clusnet never "
                    "changes an original, so something else did",
                    document_id=row.id,
                    path=str(path),
                )
            )
        if len(intact) >= CHECKED_BATCH:
            _record_checked(archive, intact)
            intact = []
        if progress:
            progress("verifying originals", done, len(rows))
    _record_checked(archive, intact)


def _record_checked(archive: Archive, ids: list[int]) -> None:
    """Stamp `checked` on originals verified intact (the `updated` time is kept)."""
    if not ids:
        return
    with archive.catalogue.write() as session:
        session.execute(
            update(DocumentRow)
            .where(DocumentRow.id.in_(ids))
            .values(checked=utcnow(), updated=DocumentRow.updated)
            .execution_options(synchronize_session=False)
        )


def _list_store(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() or p.is_symlink())


def _mtime(path: Path) -> datetime:
    """The file's modification time, as naive UTC like the catalogue's times."""
    return datetime.fromtimestamp(path.lstat().st_mtime, UTC).replace(tzinfo=None)


def _check_store(
    archive: Archive,
    files: list[Path],
    catalogued: set[str],
    report: FixityReport,
    stale_before: datetime,
) -> None:
    # A file whose writer holds its lock is work in progress; one nobody holds was left by
    # a writer that died (the kernel drops the lock of a killed process), whatever its age.
    root = archive.blobs.root
    writing = archive.blobs.writing()
    for path in files:
        try:
            young = _mtime(path) > stale_before
        except FileNotFoundError:
            continue  # an ingest renamed its temporary file meanwhile
        parts = path.relative_to(root).parts
        if path.name.startswith(TEMP_PREFIX):
            if not in_use(path):
                report.findings.append(
                    Finding(
                        Problem.TEMPORARY_FILE,
                        "a temporary file left by an interrupted ingest",
                        "run `clusnet check --repair` to remove it (the file it was copying "
                        "is still where it came from; ingest it again)",
                        path=str(path),
                    )
                )
        elif _is_original_path(parts):
            if (
                path.name not in catalogued
                and not in_use(path)
                and not (young and writing)
                and archive.catalogue.find_by_sha256(path.name) is None
            ):
                report.findings.append(
                    Finding(
                        Problem.ORPHAN_ORIGINAL,
                        "an original with no catalogue entry",
                        "run `clusnet check --repair` to catalogue it as a new document "
                        f"named {RECOVERED_PREFIX}{path.name[:12]}, then give it a title",
                        path=str(path),
                    )
                )
        else:
            report.findings.append(
                Finding(
                    Problem.STRAY_FILE,
                    "not an original clusnet stored",
                    "move it out of the folder of originals; if it belongs in the archive, "
                    "`clusnet ingest` it from its new place",
                    path=str(path),
                )
            )


def _is_original_path(parts: tuple[str, ...]) -> bool:
    if len(parts) != 3:
        return False
    first, second, name = parts
    return bool(_SHA256.fullmatch(name)) and first == name[:2] and second == name[2:4]


def _check_catalogue(
    archive: Archive, rows: list[_Row], report: FixityReport, stale_before: datetime
) -> None:
    for row in rows:
        if row.status == DocumentStatus.QUEUED.value and row.updated < stale_before:
            report.findings.append(
                Finding(
                    Problem.STUCK_QUEUED,
                    f"{row.filename!r} has waited for text extraction since "
                    f"{row.updated:%Y-%m-%d %H:%M} UTC (an ingest was interrupted)",
                    "run `clusnet check --repair` to extract it now",
                    document_id=row.id,
                )
            )
    with archive.catalogue.read() as session:
        has_text = exists().where(
            PageRow.document_id == DocumentRow.id, func.length(func.trim(PageRow.text)) > 0
        )
        stmt = (
            select(DocumentRow.id, DocumentRow.filename)
            .where(DocumentRow.status == DocumentStatus.READY.value, ~has_text)
            .order_by(DocumentRow.id)
        )
        empty = list(session.execute(stmt))
    for document_id, filename in empty:
        report.findings.append(
            Finding(
                Problem.EMPTY_TEXT,
                f"{filename!r} is catalogued as ready but has no text, so no search finds it",
                "it is probably a scan without a text layer: ingest a version with text "
                "(after OCR), or give it a title and description so it can be found",
                document_id=document_id,
            )
        )


def _check_index(archive: Archive, report: FixityReport) -> None:
    # Catalogue first, then the index: a document that becomes ready meanwhile is not
    # reported as missing from the index.
    with archive.catalogue.read() as session:
        stmt = select(DocumentRow.id, DocumentRow.status, DocumentRow.withdrawn)
        statuses = {
            i: "withdrawn" if withdrawn is not None else status
            for i, status, withdrawn in session.execute(stmt)
        }
    unwritable = archive.indexer.write_problem()
    if unwritable is not None:
        report.findings.append(
            Finding(
                Problem.INDEX_UNWRITABLE,
                f"new and changed documents cannot be indexed: {unwritable}",
                "fix that, then run `clusnet check --repair` to index what is waiting",
            )
        )
    reason = archive.indexer.rebuild_reason()
    if reason is not None:
        report.findings.append(
            Finding(
                Problem.INDEX_UNUSABLE,
                f"the search index cannot be used: {reason}",
                "run `clusnet reindex` (or `clusnet check --repair`) to rebuild it from the "
                "catalogue",
            )
        )
        return
    indexed = archive.indexer.document_ids()
    # What the index should hold: ready documents, less the withdrawn ones (the index
    # takes a withdrawn document out).
    ready = {i for i, status in statuses.items() if status == DocumentStatus.READY.value}
    for document_id in sorted(ready - indexed):
        report.findings.append(
            Finding(
                Problem.NOT_INDEXED,
                "the document is ready but missing from the search index, so no search finds it",
                "run `clusnet check --repair` to index it",
                document_id=document_id,
            )
        )
    for document_id in sorted(indexed - ready):
        status = statuses.get(document_id)
        if status is None:
            what = "no catalogue entry"
        elif status == "withdrawn":
            what = "it withdrawn"
        else:
            what = f"status {status!r}, not ready"
        report.findings.append(
            Finding(
                Problem.INDEX_ORPHAN,
                f"the search index has an entry for it, but the catalogue has {what}",
                "run `clusnet check --repair` to remove the entry from the index",
                document_id=document_id,
            )
        )


# -- repair ----------------------------------------------------------------------------


def _repair(archive: Archive, report: FixityReport) -> None:
    def found(kind: Problem) -> list[Finding]:
        return [f for f in report.findings if f.kind is kind]

    # The index first: the extractions below index what they extract.
    _repair_index(
        archive,
        found(Problem.INDEX_UNUSABLE),
        found(Problem.INDEX_ORPHAN),
        found(Problem.NOT_INDEXED),
    )
    _repair_store(archive, found(Problem.TEMPORARY_FILE), found(Problem.ORPHAN_ORIGINAL))
    _extract_again(archive, found(Problem.ORPHAN_ORIGINAL), found(Problem.STUCK_QUEUED))
    # Rows queued more recently (by a run killed a moment ago, or by uploads the worker has
    # not reached yet) are extracted too: extracting a row twice does no harm.
    if archive.catalogue.queued_ids(1):
        archive.process_queued()


def _repair_index(
    archive: Archive, unusable: list[Finding], orphans: list[Finding], missing: list[Finding]
) -> None:
    if unusable:
        count = archive.reindex()
        for finding in unusable:
            _done(finding, f"the index was rebuilt with {count} documents")
        return
    if orphans:
        archive.indexer.delete(_ids(orphans))
        for finding in orphans:
            _done(finding, "the entry was removed from the index")
    if missing:
        archive.catalogue.mark_indexed(_ids(missing), indexed=False)
        archive.index_pending()
        archive.indexer.close()  # read the index as it is now, with new searchers
        now_indexed = archive.indexer.document_ids()
        for finding in missing:
            if finding.document_id in now_indexed:
                _done(finding, "the document was indexed")
            else:
                finding.outcome = "indexing it did not work; run `clusnet reindex`"


def _repair_store(archive: Archive, temporaries: list[Finding], orphans: list[Finding]) -> None:
    for finding in temporaries:
        assert finding.path is not None
        try:
            removed = remove_if_abandoned(Path(finding.path))
        except OSError as exc:
            finding.outcome = f"cannot remove it ({exc.strerror})"
        else:
            if removed or not Path(finding.path).exists():
                _done(finding, "the temporary file was removed")
            else:
                finding.outcome = "a running ingest is writing it"
    for finding in orphans:
        assert finding.path is not None
        path = Path(finding.path)
        digest = sha256_of(path)
        if digest != path.name:
            finding.outcome = (
                f"its content has SHA-256 {digest}, not its name: it was altered; move it "
                "out of the store and `clusnet ingest` it if it is wanted"
            )
            continue
        with claimed(path) as free:
            if not free:
                _done(finding, "an ingest is cataloguing it right now")
                continue
            try:
                document = archive.catalogue.add_queued(
                    digest, RECOVERED_PREFIX + digest[:12], path.stat().st_size
                )
            except IntegrityError:
                _done(finding, "an ingest catalogued it meanwhile")
                continue
        finding.document_id = document.id


def _extract_again(archive: Archive, orphans: list[Finding], stuck: list[Finding]) -> None:
    """Extract (and index) queued documents again, through ingest's resume path."""
    wanted = [f for f in orphans if f.document_id is not None and not f.repaired] + stuck
    if not wanted:
        return
    with archive.catalogue.read() as session:
        stmt = select(DocumentRow.id, DocumentRow.sha256).where(DocumentRow.id.in_(_ids(wanted)))
        digests = {i: sha for i, sha in session.execute(stmt)}
    paths: dict[str, Finding] = {}
    for finding in wanted:
        path = archive.blobs.path(digests[finding.document_id or 0])
        if path.is_file():
            paths[str(path)] = finding
        else:
            finding.outcome = "its original is missing (see missing-original)"
    outcomes = archive.ingest([Path(p) for p in paths]) if paths else None
    for item in outcomes.files if outcomes else []:
        finding = paths[item.path]
        if finding.kind is Problem.ORPHAN_ORIGINAL:
            prefix = f"catalogued as document {finding.document_id}"
        else:
            prefix = "extracted again"
        if item.outcome is Outcome.FAILED:
            _done(finding, f"{prefix}; its text could not be extracted: {item.reason}")
        else:
            _done(finding, f"{prefix} and indexed")


def _done(finding: Finding, outcome: str) -> None:
    finding.repaired = True
    finding.outcome = outcome


def _ids(findings: Iterable[Finding]) -> list[int]:
    return [f.document_id for f in findings if f.document_id is not None]


__all__ = ["STALE_AFTER", "Finding", "FixityReport", "Problem", "Progress", "check_archive"]
