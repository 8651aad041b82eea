"""Turning what a user typed into a Whoosh query, without ever raising.

Syntax: plain words (all must match), ``"phrases"``, ``OR``, ``-exclude``, ``prefix*``,
``word~`` (fuzzy), ``field:value`` for the public fields of `FIELD_NAMES` (English and
Hungarian names), ranges ``year:[2009 TO 2011]``. Wildcards and fuzzy terms are bounded:
at least `MIN_PREFIX` letters before the first wildcard and at most `MAX_EXPANSION` terms
per field; they are only run on the accent-keeping and folded fields (stems are not words).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.qparser import (
    FieldsPlugin,
    FuzzyTermPlugin,
    GtLtPlugin,
    MultifieldParser,
    PlusMinusPlugin,
    QueryParser,
)
from whoosh.query import NullQuery, Or, Query

from search.analysis import fold_accents
from search.phrases import AdjacentPhrase

MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 32
EXPANDED_WORDS = 16 * MAX_QUERY_WORDS
"""Words of a query grown by glossary and accent expansions that the parser is given."""
TITLE_BOOST = 3.0
META_BOOST = 2.0
FOLDED_WEIGHT = 0.6
"""Matches without accents count less than exact ones, so `kör` prefers `kör` over `kor`."""
EXACT_WEIGHT = 0.5
"""An extra score for the very word typed (unstemmed, accented) on top of its stem's."""
MIN_PREFIX = 2
MAX_EXPANSION = 64
MAX_FUZZY_DISTANCE = 2
WILDCARD_FIELDS = ("content_exact", "content_folded", "title_folded", "meta", "author")
"""Fields whose terms are whole words (or folded words): the only ones prefix*, wild?card
and fuzzy~ terms are expanded in."""
FOLDED_FIELDS = frozenset({"content_folded", "title_folded", "meta", "author"})

FIELD_NAMES: dict[str, str] = {
    "title": "title_folded",
    "cím": "title_folded",
    "cim": "title_folded",
    "author": "author",
    "szerző": "author",
    "szerzo": "author",
    "seminar": "seminar",
    "szeminárium": "seminar",
    "szeminarium": "seminar",
    "city": "city",
    "város": "city",
    "varos": "city",
    "partner": "partner",
    "type": "doc_type",
    "típus": "doc_type",
    "tipus": "doc_type",
    "language": "language",
    "lang": "language",
    "nyelv": "language",
    "year": "year",
    "év": "year",
    "ev": "year",
    "filename": "filename",
    "fájlnév": "filename",
    "fajlnev": "filename",
}
"""Field names users may type (``title:klaszter``, ``év:2010``) and the index field each
searches."""

OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})
"""Words the parser reads as operators when written in capitals."""
QUERY_TOKEN = re.compile(r'"[^"]*"|\S+')
"""A quoted phrase or a run of non-blanks: the units query expansions look at."""

_SYNTAX = re.compile(r"[\"()\[\]{}^~*?:+\-<>=]|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE|TO)\b")
_FIELD_PREFIX = re.compile(
    r"(?<![\w:])(" + "|".join(sorted(map(re.escape, FIELD_NAMES), key=len, reverse=True)) + r"):",
    re.IGNORECASE,
)


def search_fields(languages: tuple[str, ...]) -> dict[str, float]:
    """Fields a query searches, with their weights."""
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


def build_parser(schema: Schema, languages: tuple[str, ...]) -> QueryParser:
    boosts = search_fields(languages)
    parser = MultifieldParser(list(boosts), schema, fieldboosts=boosts)
    parser.remove_plugin_class(FieldsPlugin)
    public = sorted(
        set(FIELD_NAMES.values())
        | {f"{kind}_{lang}" for lang in languages for kind in ("content", "title")}
        | {"content_folded", "content_exact"},
        key=lambda name: (-len(name), name),
    )
    parser.add_plugin(FieldsPlugin(expr=r"(?P<text>" + "|".join(public) + r"):"))
    # + and - only at the start of a word: "city-region", "budapest-2010" are words
    parser.add_plugin(PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+", minusexpr=r"(?<![^\s(])-"))
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(GtLtPlugin())
    return parser


def plain_words(text: str) -> str:
    """The query with all syntax removed: what is searched when the syntax is broken."""
    return " ".join(_SYNTAX.sub(" ", text).split())


def _public_field_names(text: str) -> str:
    """``cím:klaszter`` -> ``title_folded:klaszter``: user field names to index fields."""
    return _FIELD_PREFIX.sub(lambda m: FIELD_NAMES[m.group(1).lower()] + ":", text)


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


def _literal_prefix(pattern: str) -> str:
    match = re.match(r"[^*?\[\]]*", pattern)
    return match.group(0) if match else ""


def _bound(node: Query, dropped: list[str]) -> Query:
    """Replace unbounded multi-term queries by bounded ones (or drop them), and phrases by
    the faster `AdjacentPhrase`."""
    if isinstance(node, wq.Phrase):
        return AdjacentPhrase.of(node)
    if isinstance(node, wq.Every):  # a bare * (``*``, ``title:*``): every document
        dropped.append("*")
        return NullQuery
    if isinstance(node, wq.Prefix | wq.Wildcard | wq.FuzzyTerm):
        field = node.fieldname
        text = str(node.text)
        if field not in WILDCARD_FIELDS and field.startswith(("content_", "title_")):
            return NullQuery
        if field == "content_folded" and not text.isascii():
            return NullQuery  # an accented prefix: the exact field finds the words themselves
        if field in FOLDED_FIELDS:
            text = fold_accents(text.lower())
        boost = node.boost
        if isinstance(node, wq.FuzzyTerm):
            if len(text) < MIN_PREFIX + 1:
                dropped.append(str(node.text))
                return NullQuery
            return BoundedFuzzy(
                field,
                text,
                boost=boost,
                maxdist=min(int(node.maxdist), MAX_FUZZY_DISTANCE),
                prefixlength=min(max(int(node.prefixlength), 1), len(text) - 1),
            )
        if isinstance(node, wq.Prefix):
            if len(text) < MIN_PREFIX:
                dropped.append(str(node.text) + "*")
                return NullQuery
            return BoundedPrefix(field, text, boost=boost)
        if len(_literal_prefix(text)) < MIN_PREFIX:
            dropped.append(str(node.text))
            return NullQuery
        return BoundedWildcard(field, text, boost=boost)
    return node


def _walk(node: Query, dropped: list[str]) -> Query:
    if node.is_leaf():
        return _bound(node, dropped)
    return node.apply(lambda child: _walk(child, dropped))


def limit_words(text: str) -> tuple[str, str | None]:
    """The first `MAX_QUERY_WORDS` words (at most `MAX_QUERY_CHARS` characters) of what a
    user typed, and a notice when that cut something."""
    text = " ".join(text.split())
    words = text.split(" ")
    if len(text) <= MAX_QUERY_CHARS and len(words) <= MAX_QUERY_WORDS:
        return text, None
    return " ".join(words[:MAX_QUERY_WORDS])[:MAX_QUERY_CHARS], (
        f"Only the first {MAX_QUERY_WORDS} words (at most {MAX_QUERY_CHARS} "
        "characters) of the query were searched."
    )


def parse_query(parser: QueryParser, text: str) -> tuple[Query | None, tuple[str, ...]]:
    """Parse `text`, falling back to its plain words with a notice; None when nothing is
    left to search for.

    `text` may be a typed query grown by expansions (glossary, accents): cut what the user
    typed with `limit_words` first; here only a cut far above that guards the parser."""
    notices: list[str] = []
    text = " ".join(text.split())
    words = text.split(" ")
    if len(words) > EXPANDED_WORDS:
        text = " ".join(words[:EXPANDED_WORDS])
        notices.append(
            f"Only the first {MAX_QUERY_WORDS} words (at most {MAX_QUERY_CHARS} "
            "characters) of the query were searched."
        )
    query: Query | None = None
    dropped: list[str] = []
    if text:
        try:
            query = _walk(parser.parse(_public_field_names(text)), dropped).normalize()
        except Exception:
            query = None
            dropped.clear()
            plain = plain_words(text)
            if plain:
                notices.append(
                    "The query syntax was not understood; its words were searched instead."
                )
                try:
                    query = parser.parse(plain).normalize()
                except Exception:
                    query = None
    if dropped:
        notices.append(
            f"Wildcards need at least {MIN_PREFIX} letters before them; "
            f"left out: {', '.join(dict.fromkeys(dropped))}."
        )
    if query is None or query is NullQuery:
        return None, tuple(notices)
    return query, tuple(notices)


def preload_unions(query: Query) -> Query:
    """Let every OR in `query` gather its matches into an array up front (Whoosh's
    `ARRAY_MATCHER`) instead of walking a binary tree of union matchers for each document.

    A word is an OR over some twenty fields, so the tree was deep: at 10,000 documents the
    p95 of one-word, two-word and phrase queries went from 116 ms to 75 ms (median 35 ms
    to 29 ms) with the same hits, counts and snippets (bench/search_latency.py)."""
    if type(query) is Or:
        query.matcher_type = Or.ARRAY_MATCHER
    for child in query.children():
        preload_unions(child)
    return query
