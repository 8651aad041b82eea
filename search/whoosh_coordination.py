"""Ranking documents by how many of the query's words they have: a coordinated OR.

A query of plain words (search/units.py) finds the documents that have some of them, not
only those with all: people type words the document lacks. Each document's score is the
sum of its words' BM25F scores times a coordination factor, ``(matched / words) **
COORDINATION``, and a lift for the words its title has (`TITLE_LIFT`), so a document with
all the words normally ranks above one with fewer, and a document with most of the words
but a much better match of them can still come first.

How many words a document needs is decided once over every segment before the hits are
collected (`CoordinatedOr.prepare`): at least `MIN_SHARE` of them while some visible
document has that many, else any of them. The outcome (`Coverage`) says how many documents
have all the words, so the page can say "No document has all the words".

Each word is one unit, whatever it expands to: its forms, its accented spellings, its
glossary translations, all its fields. A unit matched through any of them counts as
matched.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from whoosh import matching
from whoosh.query import NullQuery, Or, Query
from whoosh.query.compound import CompoundQuery

COORDINATION = 2.0
"""The exponent of the coordination factor ``(matched / words) ** COORDINATION``."""
MIN_SHARE = 0.0
"""The share of the words a document needs to be found, while some document has that many.
0: any of them. Requiring half of them (as Elasticsearch's minimum_should_match) hid the
document a person remembered whenever another document happened to have more of the words
(through a translation, say): Hungarian known-item nDCG@10 0.988 -> 0.963."""
TITLE_LIFT = 1.0
"""How much a document gains whose title has the query's words: its score times
``1 + TITLE_LIFT * (words in the title / words)``."""


class SearchTimeout(Exception):
    """Raised by `CoordinatedOr.prepare` when the deadline passed."""


@dataclass(frozen=True)
class Coverage:
    """How the documents a search may show cover the query's words."""

    words: int
    """Units counted (wanted words or groups)."""
    complete: int
    """Visible documents that have every word."""
    minimum: int
    """Words a document needed to be found."""
    found: int
    """Visible documents found (with at least `minimum` words)."""

    @property
    def relaxed(self) -> bool:
        """Some documents found lack some of the words."""
        return self.found > self.complete

    @property
    def none_complete(self) -> bool:
        return self.complete == 0 and self.found > 0


@dataclass
class _Segment:
    ids: list[int]
    scores: list[float]
    masks: list[int]


def minimum_words(words: int, share: float = MIN_SHARE) -> int:
    return max(1, min(words, math.ceil(words * share - 1e-9)))


class CoordinatedOr(CompoundQuery):
    """Documents with at least some of the subqueries, scored by their sum times the
    coordination factor. Call `prepare` with the top-level searcher before searching."""

    JOINT = " ~OR~ "

    def __init__(
        self,
        subqueries: Sequence[Query],
        boost: float = 1.0,
        exponent: float | None = None,
        share: float | None = None,
        labels: tuple[str, ...] = (),
    ) -> None:
        super().__init__(list(subqueries), boost=boost)
        self.exponent = COORDINATION if exponent is None else exponent
        self.share = MIN_SHARE if share is None else share
        self.labels = labels or tuple(str(q) for q in self.subqueries)
        """What was typed for each subquery (what a document "does not have")."""
        self._segments: dict[int, _Segment] = {}
        self.coverage: Coverage | None = None

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, CoordinatedOr)
            and self.subqueries == other.subqueries
            and self.boost == other.boost
            and self.exponent == other.exponent
            and self.share == other.share
        )

    def __hash__(self) -> int:
        return hash((type(self).__name__, tuple(self.subqueries), self.boost, self.exponent))

    def apply(self, fn: Callable[[Query], Query]) -> CoordinatedOr:
        return CoordinatedOr(
            [fn(q) for q in self.subqueries], self.boost, self.exponent, self.share, self.labels
        )

    def normalize(self) -> Query:
        kept = [
            (q.normalize(), label) for q, label in zip(self.subqueries, self.labels, strict=True)
        ]
        kept = [(q, label) for q, label in kept if q is not NullQuery]
        if not kept:
            return NullQuery
        return CoordinatedOr(
            [q for q, _ in kept],
            self.boost,
            self.exponent,
            self.share,
            tuple(label for _, label in kept),
        )

    def estimate_size(self, ixreader: Any) -> int:
        return sum(q.estimate_size(ixreader) for q in self.subqueries)

    # -- matching ------------------------------------------------------------------------

    def prepare(
        self,
        searcher: Any,
        visible: Callable[[int], bool],
        deadline: float | None = None,
    ) -> Coverage:
        """Score every segment's matches once, and choose how many words a document needs
        from the documents `visible` (a top-level document number -> whether the search may
        show it)."""
        words = len(self.subqueries)
        context = searcher.context()
        counts = [0] * (words + 1)
        titles = [only_fields(q, _is_title) for q in self.subqueries] if TITLE_LIFT else []
        gathered: list[tuple[Any, int, dict[int, float], dict[int, int], dict[int, int]]] = []
        for sub, offset in searcher.leaf_searchers():
            scores: dict[int, float] = {}
            masks: dict[int, int] = {}
            in_title: dict[int, int] = {}
            for bit, query in enumerate(self.subqueries):
                flag = 1 << bit
                unit: dict[int, float] = {}
                accumulate(query, sub, context, unit, 1.0)
                for docnum, score in unit.items():
                    scores[docnum] = scores.get(docnum, 0.0) + score
                    masks[docnum] = masks.get(docnum, 0) | flag
                title = titles[bit] if titles else None
                if title is not None:
                    m = title.matcher(sub, context)
                    while m.is_active():
                        in_title[m.id()] = in_title.get(m.id(), 0) | flag
                        m.next()
                if deadline is not None and time.monotonic() > deadline:
                    raise SearchTimeout
            for docnum, mask in masks.items():
                if visible(offset + docnum):
                    counts[mask.bit_count()] += 1
            gathered.append((sub, offset, scores, masks, in_title))
        minimum = minimum_words(words, self.share)
        if not any(counts[minimum:]):
            minimum = 1
        self.coverage = Coverage(
            words=words,
            complete=counts[words],
            minimum=minimum,
            found=sum(counts[minimum:]),
        )
        final: list[tuple[Any, list[int], dict[int, float], dict[int, int]]] = []
        for sub, _offset, scores, masks, in_title in gathered:
            ids = sorted(d for d, mask in masks.items() if mask.bit_count() >= minimum)
            ranked: dict[int, float] = {}
            for d in ids:
                score = scores[d] * self.boost * (masks[d].bit_count() / words) ** self.exponent
                if in_title:
                    score *= 1 + TITLE_LIFT * in_title.get(d, 0).bit_count() / words
                ranked[d] = score
            final.append((sub, ids, ranked, masks))
        self._segments = {
            id(sub.reader()): _Segment(ids, [ranked[d] for d in ids], [masks[d] for d in ids])
            for sub, ids, ranked, masks in final
        }
        return self.coverage

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        segment = self._segments.get(id(searcher.reader()))
        if segment is None:  # not prepared for this segment: its own matches, all words
            return self._unprepared(searcher, context)
        if not segment.ids:
            return matching.NullMatcher()
        return matching.ListMatcher(segment.ids, weights=segment.scores)

    def _unprepared(self, searcher: Any, context: Any) -> Any:
        from whoosh.query import And

        return And(self.subqueries, boost=self.boost).matcher(searcher, context)

    def missing(self, searcher: Any, docnum: int) -> list[int]:
        """Indexes of the subqueries the top-level document `docnum` does not match."""
        for sub, offset in searcher.leaf_searchers():
            segment = self._segments.get(id(sub.reader()))
            if segment is None or not offset <= docnum < offset + sub.doc_count_all():
                continue
            local = docnum - offset
            lo, hi = 0, len(segment.ids)
            while lo < hi:
                mid = (lo + hi) // 2
                if segment.ids[mid] < local:
                    lo = mid + 1
                else:
                    hi = mid
            if lo < len(segment.ids) and segment.ids[lo] == local:
                mask = segment.masks[lo]
                return [i for i in range(len(self.subqueries)) if not mask >> i & 1]
        return []


def accumulate(
    query: Query, searcher: Any, context: Any, into: dict[int, float], boost: float
) -> None:
    """Add each document's score for `query` in the segment `searcher` to `into`.

    An OR is the sum of its children's scores (times its boost), so its children are
    added one by one: that skips the union matcher, which walks an array of every document
    number of the segment (half of a two-word query's time went there)."""
    if type(query) is Or:
        for child in query.subqueries:
            accumulate(child, searcher, context, into, boost * query.boost)
        return
    m = query.matcher(searcher, context)
    get = into.get
    while m.is_active():
        docnum = m.id()
        into[docnum] = get(docnum, 0.0) + m.score() * boost
        m.next()


def _is_title(fieldname: str) -> bool:
    return fieldname.startswith("title_")


def only_fields(query: Query, keep: Callable[[str], bool]) -> Query | None:
    """`query` with only the leaves of the fields `keep` accepts; None when none is left."""
    if query.is_leaf():
        field = getattr(query, "fieldname", None)
        return query if field is not None and keep(field) else None
    if isinstance(query, CompoundQuery) and not isinstance(query, CoordinatedOr):
        kept = [only_fields(child, keep) for child in query.subqueries]
        if isinstance(query, Or):
            children = [child for child in kept if child is not None]
            return Or(children, boost=query.boost) if children else None
        if any(child is None for child in kept):
            return None
        return query.__class__([c for c in kept if c is not None], boost=query.boost)
    children = list(query.children())
    if len(children) == 1:  # a wrapper (kept expansions): its child
        return only_fields(children[0], keep)
    return None
