"""What officers and librarians do to documents, each change recorded in the audit log.

Upload, describe, withdraw and restore, purge, replace with a new version, retry a failed
extraction, reprocess, rebuild the index; and what a librarian looks at: failures, index
state, the dashboard's counts. The web pages, the JSON API and the CLI all call these.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from sqlalchemy import select

from archive.actions import Action
from archive.blobstore import delete_blob
from archive.catalogue import DocumentRow
from archive.errors import InvalidStateError
from archive.model import Document, DocumentMetadata, DocumentStatus
from archive.service import Archive, Stored
from archive.users import AuditEntry


@dataclass(frozen=True)
class Upload:
    """One file an officer sent, as the uploads page shows it."""

    entry: AuditEntry
    document: Document | None
    """None when the document has been purged since."""
    duplicate: bool


@dataclass(frozen=True)
class IndexStatus:
    documents_ready: int
    documents_pending: int
    """Ready documents whose latest state is not in the index yet."""
    queued: int
    failed: int
    indexed: int
    """Documents the index holds."""
    rebuild_reason: str | None
    problem: str | None = None
    """Why documents cannot be indexed now (read-only folder, full disk), with the fix."""
    rebuilding: bool = False
    """A rebuild of a damaged index is running (searches say so meanwhile)."""


@dataclass(frozen=True)
class Dashboard:
    by_status: dict[str, int]
    by_seminar: dict[str, int]
    by_partner: dict[str, int]
    by_language: dict[str, int]
    by_type: dict[str, int]
    by_year: dict[str, int]
    withdrawn: int
    originals_bytes: int
    index_bytes: int


def _folder_size(path: Path) -> int:
    if not path.is_dir():
        return 0
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def metadata_changes(before: Document, after: Document) -> dict[str, list[Any]]:
    """The described fields that differ: {field: [old, new]}."""
    changed: dict[str, list[Any]] = {}
    for name in (f.name for f in fields(DocumentMetadata)):
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            changed[name] = [_plain(old), _plain(new)]
    return changed


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


class Curation:
    """The use cases of officers and librarians on one archive; `actor` is who acts."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.catalogue = archive.catalogue
        self.audit = archive.audit

    # -- officers --------------------------------------------------------------------

    def upload(
        self, path: Path, filename: str, metadata: DocumentMetadata | None, actor: str
    ) -> Stored:
        """Keep the file and queue it; the worker extracts and indexes it."""
        stored = self.archive.store(path, filename, metadata)
        if stored.duplicate:
            withdrawn = stored.document.withdrawn is not None
            self.audit.record(
                actor, Action.DUPLICATE, stored.document.id, filename=filename, withdrawn=withdrawn
            )
        else:
            self.audit.record(
                actor,
                Action.UPLOAD,
                stored.document.id,
                filename=stored.document.filename,
                sha256=stored.document.sha256,
            )
        return stored

    def uploads(self, actor: str | None, limit: int = 100) -> list[Upload]:
        """Files sent by `actor` (everyone's when None), newest first, with their state now."""
        entries = self.audit.entries(
            limit=limit, actions=(Action.UPLOAD, Action.DUPLICATE, Action.REPLACE), actor=actor
        )
        ids = {e.document_id for e in entries if e.document_id is not None}
        documents = {d.id: d for d in self.catalogue.get_many(ids, with_pages=False)}
        return [
            Upload(e, documents.get(e.document_id or 0), e.action == Action.DUPLICATE)
            for e in entries
        ]

    def restore_requests(self, limit: int = 500) -> list[Upload]:
        """Files sent again (uploaded or ingested) while their document is withdrawn,
        newest first: whoever sent one wants the document back, which a librarian decides."""
        entries = self.audit.entries(limit=limit, actions=(Action.DUPLICATE,))
        ids = {e.document_id for e in entries if e.document_id is not None}
        documents = {d.id: d for d in self.catalogue.get_many(ids, with_pages=False)}
        requests = []
        for entry in entries:
            document = documents.get(entry.document_id or 0)
            if document and document.withdrawn is not None and entry.at >= document.withdrawn:
                requests.append(Upload(entry, document, duplicate=True))
        return requests

    def uploader(self, document_id: int) -> str | None:
        """The name of who uploaded the document through the web or the API, if anyone."""
        entries = self.audit.entries(document_id, limit=1, actions=(Action.UPLOAD,))
        return entries[0].actor if entries else None

    # -- librarians: describe ---------------------------------------------------------

    def edit(self, document_id: int, metadata: DocumentMetadata, actor: str) -> Document:
        before = self.catalogue.get(document_id, with_pages=False)
        after = self.catalogue.update_metadata(document_id, metadata)
        changes = metadata_changes(before, after)
        if changes:
            self.audit.record(actor, Action.EDIT, document_id, changes=changes)
        self._sync_index(after)
        return after

    # -- librarians: language versions ----------------------------------------------

    def link_versions(self, document_id: int, other_id: int, actor: str) -> None:
        """Confirm that two documents are the same material in other languages."""
        if other_id in {d.id for d in self.catalogue.versions(document_id)}:
            return
        self.catalogue.link_versions(document_id, other_id)
        self.audit.record(actor, Action.LINK_VERSION, document_id, other=other_id)
        self.audit.record(actor, Action.LINK_VERSION, other_id, other=document_id)

    def unlink_version(self, document_id: int, actor: str) -> None:
        """Take a document out of its language versions."""
        versions = self.catalogue.versions(document_id)
        if not versions:
            return
        self.catalogue.unlink_version(document_id)
        self.audit.record(
            actor, Action.UNLINK_VERSION, document_id, others=[d.id for d in versions]
        )

    # -- librarians: withdraw, restore, purge ----------------------------------------

    def withdraw(self, document_id: int, actor: str, reason: str = "") -> Document:
        """Hide a document from everyone but librarians; it can be restored."""
        document = self.catalogue.set_withdrawn(document_id, True)
        self.audit.record(actor, Action.WITHDRAW, document_id, reason=reason.strip())
        self._sync_index(document)
        return document

    def restore(self, document_id: int, actor: str) -> Document:
        document = self.catalogue.set_withdrawn(document_id, False)
        self.audit.record(actor, Action.RESTORE, document_id)
        self._sync_index(document)
        return document

    def purge(self, document_id: int, actor: str) -> Document:
        """Delete a withdrawn document for good: its row, text, index entry and original.

        Only a withdrawn document may be purged (withdraw first: a second, deliberate
        step). The original is deleted too unless another document uses the same file.
        The audit log keeps its name, title and checksum.
        """
        document = self.catalogue.get(document_id, with_pages=False)
        if document.withdrawn is None:
            raise InvalidStateError(
                f"document {document_id} is not withdrawn: withdraw it before purging it"
            )
        self.catalogue.delete(document_id)
        self.archive.indexer.delete([document_id])
        kept = self.catalogue.sha256_in_use(document.sha256)
        if not kept:
            delete_blob(self.archive.blobs, document.sha256)
            self.archive.thumbnails.delete(document.sha256)
        self.audit.record(
            actor,
            Action.PURGE,
            document_id,
            filename=document.filename,
            title=document.title,
            sha256=document.sha256,
            original_kept=kept,
        )
        return document

    # -- librarians: versions and processing -----------------------------------------

    def replace(self, document_id: int, path: Path, filename: str, actor: str) -> Stored:
        """Store a new version of a document; the old one is withdrawn, not deleted."""
        old = self.catalogue.get(document_id, with_pages=False)
        described = DocumentMetadata(
            title=old.title or "",
            seminar=old.seminar or "",
            partner=old.partner or "",
            doc_type=old.doc_type,
            doc_date=old.doc_date,
            authors=old.authors,
            restricted=old.restricted,
            description=old.description or "",
        )
        stored = self.archive.store(path, filename, described, replaces=document_id)
        if stored.duplicate:
            raise InvalidStateError(
                f"this file is already in the archive as document {stored.document.id}: "
                "choose the new version's file"
            )
        self.audit.record(
            actor,
            Action.REPLACE,
            stored.document.id,
            replaces=document_id,
            filename=stored.document.filename,
        )
        if old.version_group is not None:  # the new version takes the old one's place
            self.catalogue.link_versions(stored.document.id, document_id)
            self.catalogue.unlink_version(document_id)
        if old.withdrawn is None:
            self.withdraw(document_id, actor, reason=f"replaced by {stored.document.id}")
        return stored

    def retry(self, document_id: int, actor: str) -> Document:
        """Queue a failed document again (after a fix to clusnet or its settings)."""
        document = self.catalogue.get(document_id, with_pages=False)
        if document.status is not DocumentStatus.FAILED:
            raise InvalidStateError(f"document {document_id} has not failed: nothing to retry")
        return self._requeue(document_id, actor, Action.RETRY, previous_error=document.error)

    def reprocess(self, document_id: int, actor: str) -> Document:
        """Extract and index a document again."""
        document = self.catalogue.get(document_id, with_pages=False)
        if document.status is DocumentStatus.QUEUED:
            raise InvalidStateError(f"document {document_id} is queued already")
        return self._requeue(document_id, actor, Action.REPROCESS)

    def _requeue(self, document_id: int, actor: str, action: str, **detail: Any) -> Document:
        document = self.catalogue.requeue(document_id)
        self.audit.record(actor, action, document_id, **detail)
        self.archive.queue.announce()
        return document

    def rebuild_index(self, actor: str) -> int:
        count = self.archive.reindex() or 0
        self.audit.record(actor, Action.REINDEX, None, documents=count)
        return count

    def _sync_index(self, document: Document) -> None:
        """Bring the index up to date (the indexer takes withdrawn documents out)."""
        self.archive.index_pending()

    # -- what a librarian looks at ---------------------------------------------------

    def failed(self) -> list[Document]:
        """Failed documents still to be dealt with (retried, or withdrawn)."""
        return self.catalogue.find(status=DocumentStatus.FAILED, withdrawn=False)

    def index_status(self) -> IndexStatus:
        counts = self.catalogue.count_by_status()
        try:
            indexed = len(self.archive.indexer.document_ids())
        except Exception:  # a missing index is what rebuild_reason reports
            indexed = 0
        problem = self.archive.indexer.write_problem() or self.archive.index_problem
        return IndexStatus(
            problem=problem,
            rebuilding=self.archive.rebuilding,
            documents_ready=counts.get(DocumentStatus.READY.value, 0),
            documents_pending=len(self.catalogue.ids_to_index(100_000)),
            queued=counts.get(DocumentStatus.QUEUED.value, 0),
            failed=counts.get(DocumentStatus.FAILED.value, 0),
            indexed=indexed,
            rebuild_reason=self.archive.indexer.rebuild_reason(),
        )

    def dashboard(self) -> Dashboard:
        with self.catalogue.read() as session:
            rows = session.execute(
                select(
                    DocumentRow.status,
                    DocumentRow.seminar,
                    DocumentRow.partner,
                    DocumentRow.language,
                    DocumentRow.doc_type,
                    DocumentRow.doc_date,
                    DocumentRow.created,
                    DocumentRow.withdrawn,
                )
            ).all()
        current = [r for r in rows if r.withdrawn is None]
        # The breakdowns count what can be found (ready documents), so that each bar
        # matches the search it links to; the statuses count everything current.
        ready = [r for r in current if r.status == DocumentStatus.READY.value]
        years = Counter(
            str((r.doc_date or r.created).year) if (r.doc_date or r.created) else "" for r in ready
        )
        return Dashboard(
            by_status=dict(Counter(r.status for r in current).most_common()),
            by_seminar=dict(Counter(r.seminar or "" for r in ready).most_common()),
            by_partner=dict(Counter(r.partner or "" for r in ready).most_common()),
            by_language=dict(Counter(r.language for r in ready).most_common()),
            by_type=dict(Counter(r.doc_type or "" for r in ready).most_common()),
            by_year=dict(sorted(years.items(), key=lambda item: item[0] or "9999")),
            withdrawn=len(rows) - len(current),
            originals_bytes=_folder_size(self.archive.blobs.root),
            index_bytes=_folder_size(self.archive.layout.index),
        )
