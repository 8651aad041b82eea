"""The domain model: plain, immutable values shared by every package."""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
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
    thumbnail: bytes | None = None
    """PNG of the first page, when the format has one (PDF, images)."""
    attachments: tuple[tuple[str, bytes], ...] = ()
    """Files inside this one (an e-mail's attachments) as (filename, content): each becomes
    a document of its own, linked to this one as its parent."""

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
    NEEDS_OCR = "needs_ocr"
    """Stored, but its text can only be read by OCR, which is not installed: `clusnet ocr`
    reads it once it is."""


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

    def as_dict(self) -> dict[str, str | None]:
        """The seminar as plain values (dates as ISO 8601), for JSON and the audit log."""
        return {
            "slug": self.slug,
            "title": self.title,
            "host": self.host,
            "starts": self.starts.isoformat() if self.starts else None,
            "ends": self.ends.isoformat() if self.ends else None,
            "theme": self.theme,
        }


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
    parent: int | None = None
    """The document this one came out of (the e-mail it was attached to)."""
    version_group: int | None = None
    """Documents with the same group are confirmed language versions of each other."""
    text_chars: int = 0
    """Characters of extracted text, on all pages (whether or not `pages` are loaded)."""
    warnings: tuple[str, ...] = ()
    """What the reading of the file noticed, for librarians (another reader was used,
    text that does not look like its language ...)."""

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

    def partly_searchable(self, max_chars: int) -> bool:
        """Whether only the first `max_chars` characters of its text are indexed."""
        return self.text_chars > max_chars


_FOLD_EXTRA = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d"})


def fold_key(value: str) -> str:
    """A name as search keys hold it: lowercase, without accents (``Pécs`` -> ``pecs``)."""
    decomposed = unicodedata.normalize("NFKD", value.strip().lower().translate(_FOLD_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class SortOrder(enum.StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"
    TITLE = "title"


FILTER_FIELDS: tuple[str, ...] = ("language", "type", "seminar", "partner", "city", "year")
"""What search results can be narrowed by (and counted in facets), in display order."""


@dataclass(frozen=True)
class SearchQuery:
    """What a searcher asked for.

    `filters` maps a name of `FILTER_FIELDS` to the values wanted: a document must have one
    of the values of every named field. `like` asks for documents similar to that one
    (`text` may then be empty). `expand` adds the glossary's other-language terms;
    `include_restricted` is for users who may read restricted documents.
    """

    text: str
    limit: int = 10
    page: int = 1
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sort: SortOrder = SortOrder.RELEVANCE
    expand: bool = True
    include_restricted: bool = False
    date_from: date | None = None
    date_to: date | None = None
    like: int | None = None
    facets: bool = True
    snippets: bool = True
    match_all: bool = False
    """Only documents with every word typed (the strict search). By default plain words
    are wanted, not required: documents with most of them are found too, ranked below
    those with all."""

    def with_filter(self, name: str, values: tuple[str, ...]) -> SearchQuery:
        filters = {k: v for k, v in self.filters.items() if k != name}
        if values:
            filters[name] = values
        return replace(self, filters=filters, page=1)


@dataclass(frozen=True)
class Snippet:
    html: str
    """Escaped text with the matched words in <mark> tags."""
    page: int | None = None
    """Number of the page the match is on (None when the document has no page breaks)."""


@dataclass(frozen=True)
class Hit:
    id: int
    title: str
    filename: str
    language: str
    score: float
    snippet: str
    """HTML: escaped text with the matched words in <mark> tags."""
    snippets: tuple[Snippet, ...] = ()
    page: int | None = None
    """Page of the first snippet."""
    seminar: str | None = None
    partner: str | None = None
    city: str | None = None
    doc_type: str | None = None
    date: date | None = None
    size: int = 0
    page_count: int = 0
    restricted: bool = False
    missing: tuple[str, ...] = ()
    """Words of the query this document does not have (it has most of the others)."""


@dataclass(frozen=True)
class Matching:
    """How the documents found cover the words of the query."""

    words: int
    """Words (or ``a OR b`` groups) of the query that documents were ranked by."""
    complete: int
    """Documents that have every one of them."""
    minimum: int
    """Words a document needed to be found."""

    @property
    def partial(self) -> bool:
        """Some documents lack some of the words."""
        return self.minimum < self.words


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    label: str = ""
    active: bool = False


@dataclass(frozen=True)
class Facet:
    name: str
    """One of `FILTER_FIELDS`."""
    values: tuple[FacetValue, ...] = ()


@dataclass(frozen=True)
class SearchResults:
    query: str
    total: int
    hits: tuple[Hit, ...]
    page: int = 1
    limit: int = 10
    notices: tuple[str, ...] = field(default=())
    facets: tuple[Facet, ...] = ()
    suggestion: str | None = None
    """A corrected query that has visible hits ("did you mean")."""
    unknown: tuple[str, ...] = ()
    """Words of the query that no document has and `suggestion` corrects: when there are
    hits, they are for similar words (``klaszterpolitka`` finds ``klaszterpolitika``)."""
    expansions: tuple[str, ...] = ()
    """Glossary terms in the other language that were searched too."""
    accented: tuple[str, ...] = ()
    """Accented words searched too for words typed without accents (``tamogatas``:
    ``támogatás``)."""
    expandable: bool = False
    """The query has glossary terms (so expansion can be switched on or off)."""
    timed_out: bool = False
    """The time limit stopped the search: the hits are those found so far."""
    sort: SortOrder = SortOrder.RELEVANCE
    matching: Matching | None = None
    """For a query of several plain words: how the documents found cover them (None for a
    single word, a boolean query or the strict search)."""
    strict: bool = False
    """Every word was required (the strict search, or a boolean query)."""

    @property
    def pages(self) -> int:
        return max(1, (self.total + self.limit - 1) // self.limit)

    def facet(self, name: str) -> Facet | None:
        return next((f for f in self.facets if f.name == name), None)
