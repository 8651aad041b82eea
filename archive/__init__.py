"""The archive's core: domain model, catalogue, store of originals, use cases and ports."""

from archive.blobstore import FileBlobStore, sha256_of
from archive.catalogue import Catalogue, create_catalogue_engine, sqlite_url
from archive.errors import (
    ArchiveError,
    BrokenFileError,
    ConfigurationError,
    DocumentNotFoundError,
    EmptyDocumentError,
    ExtractionError,
    IndexUnavailableError,
    NotInitialisedError,
    PasswordProtectedError,
    ResourceLimitError,
    SearchError,
    UnsupportedFormatError,
)
from archive.model import (
    UNDETERMINED,
    Document,
    DocumentStatus,
    Extraction,
    Hit,
    Page,
    SearchQuery,
    SearchResults,
)
from archive.ports import Extractor, Indexer
from archive.service import Archive, FileOutcome, IngestReport, Outcome, iter_files
from archive.settings import SETTINGS, Setting, home_path, load_settings

__all__ = [
    "SETTINGS",
    "UNDETERMINED",
    "Archive",
    "ArchiveError",
    "BrokenFileError",
    "Catalogue",
    "ConfigurationError",
    "Document",
    "DocumentNotFoundError",
    "DocumentStatus",
    "EmptyDocumentError",
    "Extraction",
    "ExtractionError",
    "Extractor",
    "FileBlobStore",
    "FileOutcome",
    "Hit",
    "IndexUnavailableError",
    "Indexer",
    "IngestReport",
    "NotInitialisedError",
    "Outcome",
    "Page",
    "PasswordProtectedError",
    "ResourceLimitError",
    "SearchError",
    "SearchQuery",
    "SearchResults",
    "Setting",
    "UnsupportedFormatError",
    "create_catalogue_engine",
    "home_path",
    "iter_files",
    "load_settings",
    "sha256_of",
    "sqlite_url",
]
