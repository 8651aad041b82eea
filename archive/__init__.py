"""The archive's core: domain model, catalogue, store of originals, use cases and ports.

Names are imported when first used (PEP 562), so that a command, or a reader process,
loads only the modules it needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archive.blobstore import FileBlobStore, sha256_of
    from archive.catalogue import Catalogue, create_catalogue_engine, sqlite_url
    from archive.curation import Curation, Dashboard, IndexStatus, Upload
    from archive.errors import (
        ArchiveError,
        BrokenFileError,
        ConfigurationError,
        DocumentNotFoundError,
        EmptyDocumentError,
        ExtractionError,
        IndexUnavailableError,
        InvalidStateError,
        NotInitialisedError,
        OcrUnavailableError,
        PasswordProtectedError,
        ResourceLimitError,
        SearchError,
        UnsupportedFormatError,
    )
    from archive.fixity import Finding, FixityReport, Problem, check_archive
    from archive.metadata_csv import (
        METADATA_FIELDS,
        ImportReport,
        MetadataImportError,
        export_csv,
        import_csv,
    )
    from archive.model import (
        FILTER_FIELDS,
        UNDETERMINED,
        Document,
        DocumentMetadata,
        DocumentStatus,
        DocumentType,
        Extraction,
        Facet,
        FacetValue,
        Hit,
        Matching,
        Page,
        Partner,
        SearchQuery,
        SearchResults,
        Seminar,
        Snippet,
        SortOrder,
        fold_key,
    )
    from archive.names import clean_filename
    from archive.ports import Extractor, Indexer, SearchEngine, Vocabulary
    from archive.service import Archive, FileOutcome, IngestReport, Outcome, Stored, iter_files
    from archive.settings import SETTINGS, Setting, home_path, load_settings
    from archive.transfer import BagError, ExportReport, export_bag, import_bag
    from archive.transfer import ImportReport as BagImportReport
    from archive.users import AuditEntry, AuditLog, Role, User, UserError, Users
    from archive.worker import QueueWorker

_EXPORTS: dict[str, tuple[str, str]] = {
    "FileBlobStore": ("archive.blobstore", "FileBlobStore"),
    "sha256_of": ("archive.blobstore", "sha256_of"),
    "Catalogue": ("archive.catalogue", "Catalogue"),
    "create_catalogue_engine": ("archive.catalogue", "create_catalogue_engine"),
    "sqlite_url": ("archive.catalogue", "sqlite_url"),
    "Curation": ("archive.curation", "Curation"),
    "Dashboard": ("archive.curation", "Dashboard"),
    "IndexStatus": ("archive.curation", "IndexStatus"),
    "Upload": ("archive.curation", "Upload"),
    "ArchiveError": ("archive.errors", "ArchiveError"),
    "BrokenFileError": ("archive.errors", "BrokenFileError"),
    "ConfigurationError": ("archive.errors", "ConfigurationError"),
    "DocumentNotFoundError": ("archive.errors", "DocumentNotFoundError"),
    "EmptyDocumentError": ("archive.errors", "EmptyDocumentError"),
    "ExtractionError": ("archive.errors", "ExtractionError"),
    "IndexUnavailableError": ("archive.errors", "IndexUnavailableError"),
    "InvalidStateError": ("archive.errors", "InvalidStateError"),
    "NotInitialisedError": ("archive.errors", "NotInitialisedError"),
    "OcrUnavailableError": ("archive.errors", "OcrUnavailableError"),
    "PasswordProtectedError": ("archive.errors", "PasswordProtectedError"),
    "ResourceLimitError": ("archive.errors", "ResourceLimitError"),
    "SearchError": ("archive.errors", "SearchError"),
    "UnsupportedFormatError": ("archive.errors", "UnsupportedFormatError"),
    "Finding": ("archive.fixity", "Finding"),
    "FixityReport": ("archive.fixity", "FixityReport"),
    "Problem": ("archive.fixity", "Problem"),
    "check_archive": ("archive.fixity", "check_archive"),
    "METADATA_FIELDS": ("archive.metadata_csv", "METADATA_FIELDS"),
    "ImportReport": ("archive.metadata_csv", "ImportReport"),
    "MetadataImportError": ("archive.metadata_csv", "MetadataImportError"),
    "export_csv": ("archive.metadata_csv", "export_csv"),
    "import_csv": ("archive.metadata_csv", "import_csv"),
    "FILTER_FIELDS": ("archive.model", "FILTER_FIELDS"),
    "UNDETERMINED": ("archive.model", "UNDETERMINED"),
    "Document": ("archive.model", "Document"),
    "DocumentMetadata": ("archive.model", "DocumentMetadata"),
    "DocumentStatus": ("archive.model", "DocumentStatus"),
    "DocumentType": ("archive.model", "DocumentType"),
    "Extraction": ("archive.model", "Extraction"),
    "Facet": ("archive.model", "Facet"),
    "FacetValue": ("archive.model", "FacetValue"),
    "Hit": ("archive.model", "Hit"),
    "Matching": ("archive.model", "Matching"),
    "Page": ("archive.model", "Page"),
    "Partner": ("archive.model", "Partner"),
    "SearchQuery": ("archive.model", "SearchQuery"),
    "SearchResults": ("archive.model", "SearchResults"),
    "Seminar": ("archive.model", "Seminar"),
    "Snippet": ("archive.model", "Snippet"),
    "SortOrder": ("archive.model", "SortOrder"),
    "fold_key": ("archive.model", "fold_key"),
    "clean_filename": ("archive.names", "clean_filename"),
    "Extractor": ("archive.ports", "Extractor"),
    "Indexer": ("archive.ports", "Indexer"),
    "SearchEngine": ("archive.ports", "SearchEngine"),
    "Vocabulary": ("archive.ports", "Vocabulary"),
    "Archive": ("archive.service", "Archive"),
    "FileOutcome": ("archive.service", "FileOutcome"),
    "IngestReport": ("archive.service", "IngestReport"),
    "Outcome": ("archive.service", "Outcome"),
    "Stored": ("archive.service", "Stored"),
    "iter_files": ("archive.service", "iter_files"),
    "SETTINGS": ("archive.settings", "SETTINGS"),
    "Setting": ("archive.settings", "Setting"),
    "home_path": ("archive.settings", "home_path"),
    "load_settings": ("archive.settings", "load_settings"),
    "BagError": ("archive.transfer", "BagError"),
    "ExportReport": ("archive.transfer", "ExportReport"),
    "export_bag": ("archive.transfer", "export_bag"),
    "import_bag": ("archive.transfer", "import_bag"),
    "BagImportReport": ("archive.transfer", "ImportReport"),
    "AuditEntry": ("archive.users", "AuditEntry"),
    "AuditLog": ("archive.users", "AuditLog"),
    "Role": ("archive.users", "Role"),
    "User": ("archive.users", "User"),
    "UserError": ("archive.users", "UserError"),
    "Users": ("archive.users", "Users"),
    "QueueWorker": ("archive.worker", "QueueWorker"),
}

__all__ = [
    "FILTER_FIELDS",
    "METADATA_FIELDS",
    "SETTINGS",
    "UNDETERMINED",
    "Archive",
    "ArchiveError",
    "AuditEntry",
    "AuditLog",
    "BagError",
    "BagImportReport",
    "BrokenFileError",
    "Catalogue",
    "ConfigurationError",
    "Curation",
    "Dashboard",
    "Document",
    "DocumentMetadata",
    "DocumentNotFoundError",
    "DocumentStatus",
    "DocumentType",
    "EmptyDocumentError",
    "ExportReport",
    "Extraction",
    "ExtractionError",
    "Extractor",
    "Facet",
    "FacetValue",
    "FileBlobStore",
    "FileOutcome",
    "Finding",
    "FixityReport",
    "Hit",
    "ImportReport",
    "IndexStatus",
    "IndexUnavailableError",
    "Indexer",
    "IngestReport",
    "InvalidStateError",
    "Matching",
    "MetadataImportError",
    "NotInitialisedError",
    "OcrUnavailableError",
    "Outcome",
    "Page",
    "Partner",
    "PasswordProtectedError",
    "Problem",
    "QueueWorker",
    "ResourceLimitError",
    "Role",
    "SearchEngine",
    "SearchError",
    "SearchQuery",
    "SearchResults",
    "Seminar",
    "Setting",
    "Snippet",
    "SortOrder",
    "Stored",
    "UnsupportedFormatError",
    "Upload",
    "User",
    "UserError",
    "Users",
    "Vocabulary",
    "check_archive",
    "clean_filename",
    "create_catalogue_engine",
    "export_bag",
    "export_csv",
    "fold_key",
    "home_path",
    "import_bag",
    "import_csv",
    "iter_files",
    "load_settings",
    "sha256_of",
    "sqlite_url",
]


def __getattr__(name: str) -> object:
    """Import what the facade names when it is first asked for (PEP 562)."""
    try:
        module, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
