"""What a search asks an engine for, whatever the engine: the query as a tree of words,
phrases and their alternatives, and what the engine answers.

`search.planning` turns what a user typed into a `SearchPlan` (its words, their inflected,
accented and translated alternatives, the strict parts, filters, sort, page); an engine
(`archive.ports.SearchEngine`: Whoosh, PostgreSQL) runs it and answers `EngineResults`. The
plan holds words as typed or translated, not index terms: each engine analyses them with the
archive's analyzers for its own fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from archive.model import Facet, Hit, SortOrder


class Source(StrEnum):
    """Where an alternative of a word comes from."""

    TYPED = "typed"
    ACCENTED = "accented"
    """The word typed without accents, with them put back (``tamogatas`` -> támogatás)."""
    GLOSSARY = "glossary"
    DICTIONARY = "dictionary"


# -- the query tree ------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """A word, searched in every field of the text (all languages, the accent-free and
    exact fields, the metadata), or only in one language's fields (a translation)."""

    text: str
    weight: float = 1.0
    language: str | None = None
    """Only this language's fields (``en``); None: every field."""
    source: Source = Source.TYPED
    quoted: bool = False
    """Typed in quotes: searched as typed, no accented forms."""


@dataclass(frozen=True)
class Phrase:
    """Words next to each other (``slop`` words apart at most)."""

    words: tuple[str, ...]
    weight: float = 1.0
    language: str | None = None
    source: Source = Source.TYPED
    slop: int = 1


@dataclass(frozen=True)
class Pattern:
    """``prefix*``, ``wild?card`` or ``fuzzy~``: expanded to the index's words (a bounded
    number of them) in the fields whose terms are whole words."""

    text: str
    kind: str
    """``prefix`` (text without the star), ``wildcard`` (with ``*``/``?``), ``fuzzy``."""
    distance: int = 1
    """Letters a fuzzy word may differ by."""
    weight: float = 1.0


@dataclass(frozen=True)
class FieldValue:
    """``field:value`` (a public field name: title, author, year ...) or a range
    ``field:[low TO high]`` (either end may be empty)."""

    field: str
    value: str = ""
    low: str | None = None
    high: str | None = None
    phrase: bool = False
    pattern: str | None = None
    """``prefix`` or ``wildcard`` for ``title:klaszt*``."""

    @property
    def is_range(self) -> bool:
        return self.low is not None or self.high is not None


@dataclass(frozen=True)
class AnyOf:
    """One of the children (OR); the score is their sum."""

    children: tuple[Node, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class AllOf:
    """All the children (AND)."""

    children: tuple[Node, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class Without:
    """`keep` minus the documents that match `drop`."""

    keep: Node
    drop: Node


@dataclass(frozen=True)
class Optional:
    """The documents of `required`, scored higher when they match `optional` too."""

    required: Node
    optional: Node


@dataclass(frozen=True)
class Coordinated:
    """Documents with some of `units`, scored by their sum times ``(matched / units) **
    exponent`` and a lift for the units their title has (`search.whoosh_coordination`)."""

    units: tuple[Node, ...]
    labels: tuple[str, ...]
    """What was typed for each unit ("Does not have: ...")."""
    share: float | None = None
    """Units a document needs, as a share, while some visible document has that many
    (None: the engine's default, `search.whoosh_coordination.MIN_SHARE`)."""


Node = Word | Phrase | Pattern | FieldValue | AnyOf | AllOf | Without | Optional | Coordinated


# -- the plan ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchPlan:
    """Everything an engine needs to answer one search."""

    query: Node | None
    """None: every document the filters allow (a search by filters only)."""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    date_from: date | None = None
    date_to: date | None = None
    include_restricted: bool = False
    sort: SortOrder = SortOrder.RELEVANCE
    page: int = 1
    limit: int = 10
    facets: bool = True
    snippets: bool = True
    like: int | None = None
    """Documents like this one (then `query` is ignored)."""
    time_limit: float | None = None


@dataclass(frozen=True)
class Coverage:
    """How the documents a search may show cover the query's wanted words."""

    words: int
    complete: int
    """Visible documents with every word."""
    minimum: int
    """Words a document needed to be found."""


@dataclass(frozen=True)
class EngineResults:
    total: int
    hits: tuple[Hit, ...]
    """The page's hits, with snippets when asked for and the words each one lacks."""
    page: int
    facets: tuple[Facet, ...] = ()
    coverage: Coverage | None = None
    timed_out: bool = False
