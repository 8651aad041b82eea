"""Ranking documents by how many of the query's words they have: a coordinated OR.

A query of plain words (search/units.py) finds the documents that have *most* of them, not
only those with all: people type words the document lacks. Each document's score is the
sum of its words' BM25F scores times a coordination factor, ``(matched / words) **
COORDINATION``, so a document with all the words normally ranks above one with fewer, and
a document with most of the words but a much better match of them can still come first.

Which documents are found depends on what the archive holds, decided once over every
segment before the hits are collected (`CoordinatedOr.prepare`): documents with at least
`MIN_SHARE` of the words (half: 1 of 2, 2 of 3 or 4, 3 of 5); when no visible document has
that many, documents with any of the words. The outcome (`Coverage`) says how many
documents have all the words, so the page can say "No document has all the words".

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
from whoosh.query import NullQuery, Query
from whoosh.query.compound import CompoundQuery

COORDINATION = 2.0
"""The exponent of the coordination factor ``(matched / words) ** COORDINATION``."""
MIN_SHARE = 0.5
"""The share of the words a document needs to be found, while some document has that many."""


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
        exponent: float = COORDINATION,
        share: float = MIN_SHARE,
    ) -> None:
        super().__init__(list(subqueries), boost=boost)
        self.exponent = exponent
        self.share = share
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
            [fn(q) for q in self.subqueries], self.boost, self.exponent, self.share
        )

    def normalize(self) -> Query:
        subqueries = [q.normalize() for q in self.subqueries]
        subqueries = [q for q in subqueries if q is not NullQuery]
        if not subqueries:
            return NullQuery
        return CoordinatedOr(subqueries, self.boost, self.exponent, self.share)

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
        gathered: list[tuple[int, int, dict[int, float], dict[int, int]]] = []
        for sub, offset in searcher.leaf_searchers():
            scores: dict[int, float] = {}
            masks: dict[int, int] = {}
            for bit, query in enumerate(self.subqueries):
                flag = 1 << bit
                m = query.matcher(sub, context)
                while m.is_active():
                    docnum = m.id()
                    scores[docnum] = scores.get(docnum, 0.0) + m.score()
                    masks[docnum] = masks.get(docnum, 0) | flag
                    m.next()
                if deadline is not None and time.monotonic() > deadline:
                    raise SearchTimeout
            for docnum, mask in masks.items():
                if visible(offset + docnum):
                    counts[mask.bit_count()] += 1
            gathered.append((id(sub.reader()), offset, scores, masks))
        minimum = minimum_words(words, self.share)
        if not any(counts[minimum:]):
            minimum = 1
        self.coverage = Coverage(
            words=words,
            complete=counts[words],
            minimum=minimum,
            found=sum(counts[minimum:]),
        )
        self._segments = {}
        for key, _offset, scores, masks in gathered:
            ids = sorted(d for d, mask in masks.items() if mask.bit_count() >= minimum)
            self._segments[key] = _Segment(
                ids,
                [
                    scores[d] * self.boost * (masks[d].bit_count() / words) ** self.exponent
                    for d in ids
                ],
                [masks[d] for d in ids],
            )
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
