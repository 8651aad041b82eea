"""Exceptions of the archive: one root, translated only at the edges (CLI, web)."""

from __future__ import annotations


class ArchiveError(Exception):
    """Root of every error clusnet raises on purpose."""


class ConfigurationError(ArchiveError):
    """The archive's settings are wrong or the archive folder is unusable."""


class NotInitialisedError(ArchiveError):
    """The archive folder has no archive yet."""


class DocumentNotFoundError(ArchiveError):
    """No document with that id."""


class ExtractionError(ArchiveError):
    """A file could not be read. The message is for a librarian: it says what is wrong."""


class UnsupportedFormatError(ExtractionError):
    """The file's content is of a type clusnet cannot read."""


class PasswordProtectedError(ExtractionError):
    """The file is encrypted and cannot be opened without its password."""


class BrokenFileError(ExtractionError):
    """The file is damaged or truncated."""


class EmptyDocumentError(ExtractionError):
    """The file holds no extractable text."""


class ResourceLimitError(ExtractionError):
    """Reading the file took more time or memory than allowed."""


class OcrUnavailableError(ExtractionError):
    """The file's text can only be read by OCR, and no OCR engine is installed."""


class SearchError(ArchiveError):
    """The search engine failed; the message says what to do."""


class IndexUnavailableError(SearchError):
    """The index is missing or cannot be opened; `clusnet reindex` rebuilds it."""


class IndexDamagedError(IndexUnavailableError):
    """A file of the index is damaged: the index must be rebuilt from the catalogue."""


class IndexWriteError(SearchError):
    """The index cannot be written (read-only folder, full disk, another writer): not the
    fault of the documents being indexed. The message says what to do."""


class DocumentIndexError(SearchError):
    """Some documents could not be indexed within the time and memory allowed; the others
    were written. `failures` maps each such document's id to the reason."""

    def __init__(self, failures: dict[int, str]) -> None:
        super().__init__(
            "; ".join(f"document {i}: {reason}" for i, reason in sorted(failures.items()))
        )
        self.failures = failures


class StorageFullError(ArchiveError):
    """The disk holding the archive (catalogue, originals or index) is full."""


class InvalidStateError(ArchiveError):
    """The document is not in a state that allows the change (retry a document that has
    not failed, purge one that is not withdrawn...). The message says what to do."""
