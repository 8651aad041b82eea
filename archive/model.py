"""The domain model: plain, immutable values shared by every package."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime

UNDETERMINED = "und"
"""ISO 639-2 code for 'language not determined'."""


@dataclass(frozen=True)
class Page:
    """Text of one page (or one section, for formats without pages), numbered from 1."""

    number: int
    text: str
    language: str = UNDETERMINED


@dataclass(frozen=True)
class Extraction:
    """What an extractor read from one file."""

    content_type: str
    pages: tuple[Page, ...]
    title: str | None = None
    authors: tuple[str, ...] = ()
    created: datetime | None = None
    language: str = UNDETERMINED
    languages: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n\n".join(page.text for page in self.pages if page.text)

    @property
    def page_count(self) -> int:
        return len(self.pages)


class DocumentStatus(enum.StrEnum):
    QUEUED = "queued"
    READY = "ready"
    FAILED = "failed"


class DocumentType(enum.StrEnum):
    PAPER = "paper"
    CASE_STUDY = "case_study"
    PRESENTATION = "presentation"
    REPORT = "report"
    MINUTES = "minutes"
    OTHER = "other"


@dataclass(frozen=True)
class Partner:
    """A CLUSNET partner: a city, an agency, a network or a university."""

    slug: str
    name: str
    city: str
    country: str
    kind: str = "city"


@dataclass(frozen=True)
class Seminar:
    slug: str
    title: str
    host: str | None
    """Slug of the hosting partner."""
    starts: date | None = None
    ends: date | None = None
    theme: str = ""


@dataclass(frozen=True)
class DocumentMetadata:
    """What an officer or librarian says of a document. None leaves a field unchanged."""

    title: str | None = None
    seminar: str | None = None
    partner: str | None = None
    doc_type: DocumentType | None = None
    doc_date: date | None = None
    authors: tuple[str, ...] | None = None
    language: str | None = None
    restricted: bool | None = None
    description: str | None = None


@dataclass(frozen=True)
class Document:
    """A document as the catalogue knows it."""

    id: int
    sha256: str
    filename: str
    size: int
    status: DocumentStatus
    content_type: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    created: datetime | None = None
    language: str = UNDETERMINED
    languages: tuple[str, ...] = ()
    page_count: int = 0
    error: str | None = None
    added: datetime | None = None
    pages: tuple[Page, ...] = ()
    seminar: str | None = None
    partner: str | None = None
    doc_type: DocumentType | None = None
    doc_date: date | None = None
    restricted: bool = False
    withdrawn: datetime | None = None
    description: str | None = None
    replaces: int | None = None
    checked: datetime | None = None

    @property
    def visible(self) -> bool:
        """Whether searchers who may not see restricted material may see it."""
        return not self.restricted and self.withdrawn is None

    @property
    def date(self) -> date | None:
        """The document's date: the one an officer gave, or its creation date."""
        return self.doc_date or (self.created.date() if self.created else None)

    @property
    def display_title(self) -> str:
        return self.title or self.filename

    @property
    def text(self) -> str:
        return "\n\n".join(page.text for page in self.pages if page.text)


@dataclass(frozen=True)
class SearchQuery:
    text: str
    limit: int = 10
    page: int = 1


@dataclass(frozen=True)
class Hit:
    id: int
    title: str
    filename: str
    language: str
    score: float
    snippet: str
    """HTML: escaped text with the matched words in <mark> tags."""


@dataclass(frozen=True)
class SearchResults:
    query: str
    total: int
    hits: tuple[Hit, ...]
    page: int = 1
    limit: int = 10
    notices: tuple[str, ...] = field(default=())
