"""Exact phrases matched by sets of positions.

Whoosh matches a phrase (``"united nations"``) as a `SpanNear2` query: for every document
that has all the words it makes a `Span` object of each position of each word and walks
them pairwise. A phrase of common words at 50,000 documents visits thousands of documents
and took 0.3 s a field (a phrase is looked for in several fields). `AdjacentPhrase` matches
the same documents, word after word with no gap, as an intersection of position sets: the
positions of the k-th word, less k, must include a position of the first word. Scores come
from the same intersection of the words' matchers, so hits and their order are those of
Whoosh's phrase query.

Phrases with a slop (``"a b"~3``) keep Whoosh's own matcher.
"""

from __future__ import annotations

from typing import Any

from whoosh import matching
from whoosh.matching import binary
from whoosh.query import Phrase, SpanNear2, Term
from whoosh.query.spans import Span, SpanWrappingMatcher
from whoosh.util import make_binary_tree


class AdjacentMatcher(SpanWrappingMatcher):
    """Documents where the words of `matchers` stand one right after another."""

    def __init__(self, matchers: list[Any]) -> None:
        self.ms = matchers
        super().__init__(make_binary_tree(binary.IntersectionMatcher, matchers))

    def copy(self) -> AdjacentMatcher:
        return AdjacentMatcher([m.copy() for m in self.ms])

    def replace(self, minquality: float = 0) -> Any:
        return self if self.is_active() else matching.NullMatcher()

    def _get_spans(self) -> list[Span]:
        starts: set[int] | None = None
        for offset, matcher in enumerate(self.ms):
            shifted = {position - offset for position in matcher.value_as("positions")}
            starts = shifted if starts is None else starts & shifted
            if not starts:
                return []
        last = len(self.ms) - 1
        return [Span(start, start + last) for start in sorted(starts or ())]


class AdjacentWords(SpanNear2):
    """`SpanNear2` with slop 1, ordered, matched by `AdjacentMatcher`."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        context = self._span_context(context)
        return AdjacentMatcher([q.matcher(searcher, context) for q in self.qs])


class AdjacentPhrase(Phrase):
    """A `Phrase` whose words must be adjacent (slop 1), matched by position sets."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        fieldname = self.fieldname
        if self.slop != 1 or fieldname not in searcher.schema:
            return super().matcher(searcher, context)
        field = searcher.schema[fieldname]
        if not field.format or not field.format.supports("positions"):
            return super().matcher(searcher, context)
        reader = searcher.reader()
        terms = []
        for word in self.words:
            try:
                word = field.to_bytes(word)
            except ValueError:
                return matching.NullMatcher()
            if (fieldname, word) not in reader:
                return matching.NullMatcher()
            terms.append(Term(fieldname, word))
        found = AdjacentWords(terms, slop=1, ordered=True, mindist=1).matcher(searcher, context)
        if self.boost != 1.0:
            found = matching.WrappingMatcher(found, boost=self.boost)
        return found

    @classmethod
    def of(cls, phrase: Phrase) -> Phrase:
        """`phrase` as an `AdjacentPhrase` when its words must be adjacent."""
        if phrase.slop != 1 or type(phrase) is not Phrase:
            return phrase
        return cls(
            phrase.fieldname,
            list(phrase.words),
            slop=1,
            boost=phrase.boost,
            char_ranges=phrase.char_ranges,
            degrade=phrase.degrade,
        )
