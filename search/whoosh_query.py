"""The engine-neutral query tree (`archive.plan`) as a Whoosh query.

A word is looked for in every field of the text, each with its weight (`search_fields`):
each language's stemmed field, the accent-free and the exact field, the metadata and the
file name. Each field's own analyzer turns the word into that field's term (as Whoosh's
query parser does): a word that becomes several terms (``city-region``) needs all of them,
a stop word is left out of the fields that drop it. A translation is looked for only in
its language's fields (`expansion_fields`). Patterns (``innov*``, ``w?rd``, ``word~``) are
expanded, a bounded number of words, only in the fields whose terms are whole words.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.query import NullQuery, Query

from archive.model import UNDETERMINED
from archive.plan import (
    AllOf,
    AnyOf,
    Coordinated,
    FieldValue,
    Node,
    Optional,
    Pattern,
    Phrase,
    Without,
    Word,
)
from search.analysis import SUPPORTED_LANGUAGES, fold_accents
from search.whoosh_coordination import CoordinatedOr
from search.whoosh_phrases import AdjacentPhrase

TITLE_BOOST = 3.0
META_BOOST = 2.0
FOLDED_WEIGHT = 0.6
"""Matches without accents count less than exact ones, so `kör` prefers `kör` over `kor`."""
EXACT_WEIGHT = 0.5
"""An extra score for the very word typed (unstemmed, accented) on top of its stem's."""
MAX_EXPANSION = 64
"""Words a pattern is expanded to, at most, in one field."""
PATTERN_FIELDS = ("content_exact", "content_folded", "title_folded", "meta", "filename")
"""Fields whose terms are whole words (or folded words): the only ones patterns are
expanded in (stems are not words)."""
FOLDED_FIELDS = frozenset({"content_folded", "title_folded", "meta", "author"})
PUBLIC_FIELDS: dict[str, str] = {
    "title": "title_folded",
    "author": "author",
    "seminar": "seminar",
    "city": "city",
    "partner": "partner",
    "type": "doc_type",
    "language": "language",
    "year": "year",
    "filename": "filename",
}
"""The index field behind each public field name of `archive.plan.FieldValue`."""
INDEXED_LANGUAGES: tuple[str, ...] = (*SUPPORTED_LANGUAGES, UNDETERMINED)


def field_language(language: str) -> str:
    """The language suffix of the fields a text in `language` goes to."""
    return language if language in SUPPORTED_LANGUAGES else UNDETERMINED


def search_fields(languages: tuple[str, ...] = INDEXED_LANGUAGES) -> dict[str, float]:
    """Fields a typed word is looked for in, with their weights."""
    fields: dict[str, float] = {}
    for lang in languages:
        fields[f"title_{lang}"] = 1.0
        fields[f"content_{lang}"] = 1.0
    fields["title_folded"] = FOLDED_WEIGHT
    fields["content_folded"] = FOLDED_WEIGHT
    fields["content_exact"] = EXACT_WEIGHT
    fields["meta"] = 1.0
    fields["filename"] = 0.5
    return fields


def expansion_fields(language: str) -> tuple[str, ...]:
    """Where a translation is looked for: its own language's fields, not all the fields a
    typed word is looked for in. Hungarian terms also in the folded field, which conflates
    derived forms the dictionary keeps apart (``egészségügy``, ``egészségügyi``)."""
    lang = field_language(language)
    if lang == "hu":
        return ("content_hu", "title_hu", "content_folded")
    return (f"content_{lang}", f"title_{lang}")


class BoundedPrefix(wq.Prefix):
    """A prefix query that expands to at most `MAX_EXPANSION` terms."""

    def _btexts(self, ixreader: Any) -> Iterator[bytes]:
        return itertools.islice(super()._btexts(ixreader), MAX_EXPANSION)


class BoundedWildcard(wq.Wildcard):
    def _btexts(self, ixreader: Any) -> Iterator[bytes]:
        return itertools.islice(super()._btexts(ixreader), MAX_EXPANSION)


class BoundedFuzzy(wq.FuzzyTerm):
    def _btexts(self, ixreader: Any) -> Iterator[bytes]:
        return itertools.islice(super()._btexts(ixreader), MAX_EXPANSION)


class Compiler:
    """Turns query trees into Whoosh queries for one schema."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.fields = {f: w for f, w in search_fields().items() if f in schema}

    def compile(self, node: Node | None) -> Query | None:
        if node is None:
            return None
        query = self._node(node)
        if query is None:
            return None
        query = query.normalize()
        return None if query is NullQuery else query

    def _node(self, node: Node) -> Query | None:
        if isinstance(node, Word):
            return self._word(node)
        if isinstance(node, Phrase):
            return self._phrase(node)
        if isinstance(node, Pattern):
            return self._pattern(node)
        if isinstance(node, FieldValue):
            return self._field_value(node)
        if isinstance(node, AnyOf):
            children = [q for q in map(self._node, node.children) if q is not None]
            return wq.Or(children, boost=node.weight) if children else None
        if isinstance(node, AllOf):
            children = [q for q in map(self._node, node.children) if q is not None]
            return wq.And(children, boost=node.weight) if children else None
        if isinstance(node, Without):
            keep, drop = self._node(node.keep), self._node(node.drop)
            if keep is None:
                return None
            return keep if drop is None else wq.AndNot(keep, drop)
        if isinstance(node, Optional):
            required, optional = self._node(node.required), self._node(node.optional)
            if required is None:
                return optional
            return required if optional is None else wq.AndMaybe(required, optional)
        if isinstance(node, Coordinated):
            compiled = [
                (self._node(unit), label)
                for unit, label in zip(node.units, node.labels, strict=True)
            ]
            kept = [(q.normalize(), label) for q, label in compiled if q is not None]
            kept = [(q, label) for q, label in kept if q is not NullQuery]
            if not kept:
                return None
            if len(kept) == 1:
                return kept[0][0]
            return CoordinatedOr(
                [q for q, _ in kept], share=node.share, labels=tuple(label for _, label in kept)
            )
        raise TypeError(f"not a query node: {node!r}")

    # -- leaves ------------------------------------------------------------------------

    def _targets(self, language: str | None) -> list[tuple[str, float]]:
        if language is None:
            return list(self.fields.items())
        return [(f, 1.0) for f in expansion_fields(language) if f in self.schema]

    def _terms(self, field: str, text: str) -> list[str]:
        analyzer = self.schema[field].analyzer
        return [t.text for t in analyzer(text, mode="query") if not t.stopped]

    def _term(self, field: str, text: str, boost: float) -> Query | None:
        terms = self._terms(field, text)
        if not terms:
            return None
        if len(terms) == 1:
            return wq.Term(field, terms[0], boost=boost)
        return wq.And([wq.Term(field, t) for t in terms], boost=boost)

    def _word(self, node: Word) -> Query | None:
        found = [
            q
            for field, weight in self._targets(node.language)
            if (q := self._term(field, node.text, weight * node.weight)) is not None
        ]
        return wq.Or(found) if found else None

    def _phrase_in(self, field: str, words: tuple[str, ...], boost: float, slop: int) -> Any:
        terms = self._terms(field, " ".join(words))
        if not terms:
            return None
        if len(terms) == 1:
            return wq.Term(field, terms[0], boost=boost)
        phrase = wq.Phrase(field, terms, slop=slop, boost=boost)
        return AdjacentPhrase.of(phrase)

    def _phrase(self, node: Phrase) -> Query | None:
        found = [
            q
            for field, weight in self._targets(node.language)
            if (q := self._phrase_in(field, node.words, weight * node.weight, node.slop))
            is not None
        ]
        return wq.Or(found) if found else None

    def _pattern_in(self, field: str, node: Pattern | FieldValue, boost: float) -> Query | None:
        text = node.text if isinstance(node, Pattern) else node.value
        kind = node.kind if isinstance(node, Pattern) else node.pattern
        text = text.lower()
        if field == "content_folded" and not text.isascii():
            return None  # an accented pattern: the exact field finds the words themselves
        if field in FOLDED_FIELDS:
            text = fold_accents(text)
        if kind == "prefix":
            return BoundedPrefix(field, text, boost=boost)
        if kind == "wildcard":
            return BoundedWildcard(field, text, boost=boost)
        distance = node.distance if isinstance(node, Pattern) else 1
        return BoundedFuzzy(
            field, text, boost=boost, maxdist=distance, prefixlength=min(1, len(text) - 1)
        )

    def _pattern(self, node: Pattern) -> Query | None:
        found = [
            q
            for field in PATTERN_FIELDS
            if field in self.fields
            and (q := self._pattern_in(field, node, self.fields[field] * node.weight)) is not None
        ]
        return wq.Or(found) if found else None

    def _field_value(self, node: FieldValue) -> Query | None:
        field = PUBLIC_FIELDS.get(node.field)
        if field is None or field not in self.schema:
            return None
        if node.is_range:
            low = self._terms(field, node.low)[:1] if node.low else []
            high = self._terms(field, node.high)[:1] if node.high else []
            return wq.TermRange(field, low[0] if low else None, high[0] if high else None)
        if node.pattern is not None:
            return self._pattern_in(field, node, 1.0)
        if node.phrase:
            return self._phrase_in(field, tuple(node.value.split()), 1.0, 1)
        return self._term(field, node.value, 1.0)


def preload_unions(query: Query) -> Query:
    """Let every OR in `query` gather its matches into an array up front (Whoosh's
    `ARRAY_MATCHER`) instead of walking a binary tree of union matchers for each document.

    A word is an OR over some twenty fields, so the tree was deep: at 10,000 documents the
    p95 of one-word, two-word and phrase queries went from 116 ms to 75 ms (median 35 ms
    to 29 ms) with the same hits, counts and snippets (bench/search_latency.py)."""
    if type(query) is wq.Or:
        query.matcher_type = wq.Or.ARRAY_MATCHER
    for child in query.children():
        preload_unions(child)
    return query
