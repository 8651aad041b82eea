"""The fields of the PostgreSQL engine: the Whoosh schema's fields, each a namespace of
lexemes in one weighted `tsvector`.

A document's `tsvector` holds every field's terms, each prefixed with its field's
namespace (``hu:klaszter``, ``f:klaszt``, ``x:klaszterek``, ``t.hu:klaszter``), so a query
asks for a term in a field as one lexeme. The terms are made by the archive's own analyzers
(search/analysis.py, the Whoosh schema's analyzer of each field), never by PostgreSQL's
dictionaries: Hungarian is stemmed by hunspell as with Whoosh. Each position carries a
weight label by the kind of field (A: titles, B: metadata, C: the language fields, D: the
accent-free, exact and file name fields).
"""

from __future__ import annotations

import functools
from typing import Any

from search.whoosh_engine import build_schema
from search.whoosh_query import INDEXED_LANGUAGES

TEXT_FIELDS: dict[str, str] = {
    "content_exact": "x:",
    "content_folded": "f:",
    "title_folded": "t.f:",
    "meta": "m:",
    "author": "a:",
    "filename": "n:",
    **{f"content_{lang}": f"{lang}:" for lang in INDEXED_LANGUAGES},
    **{f"title_{lang}": f"t.{lang}:" for lang in INDEXED_LANGUAGES},
}
"""Analysed text fields -> the prefix of their lexemes."""

VALUE_FIELDS: dict[str, str] = {
    "seminar": "seminar=",
    "partner": "partner=",
    "city": "city=",
    "doc_type": "type=",
    "year": "year=",
    "language": "language=",
}
"""Single-value metadata fields (``type:report``) -> the prefix of their lexeme."""

PREFIXES: dict[str, str] = {**TEXT_FIELDS, **VALUE_FIELDS}

LENGTH_FIELDS: tuple[str, ...] = tuple(TEXT_FIELDS)
"""Fields whose length (in terms) each document keeps, in the order of its `lengths`
array: BM25 normalises a term's frequency by it."""

FIELD_BOOST: dict[str, float] = {f: 3.0 for f in TEXT_FIELDS if f.startswith("title_")} | {
    "meta": 2.0
}
"""Whoosh's ``field_boost`` of a field: a term's frequency counts this many times."""


def label(field: str) -> str:
    """The weight label of a field's positions."""
    if field.startswith("title_"):
        return "A"
    if field in ("meta", "author") or field in VALUE_FIELDS:
        return "B"
    if field in ("content_exact", "content_folded", "filename"):
        return "D"
    return "C"


def is_title(field: str) -> bool:
    return field.startswith("title_")


@functools.cache
def analyzers() -> dict[str, Any]:
    """Each field's analyzer, as the Whoosh schema has it (one definition for both
    engines)."""
    schema = build_schema()
    found: dict[str, Any] = {}
    for field in PREFIXES:
        analyzer = getattr(schema[field], "analyzer", None)
        if analyzer is not None:
            found[field] = analyzer
    return found


def terms(field: str, text: str, mode: str = "query") -> list[str]:
    """The terms of `text` in `field` (its analyzer, stop words left out)."""
    analyzer = analyzers().get(field)
    if analyzer is None:
        return [text] if text else []
    return [t.text for t in analyzer(text, mode=mode) if not t.stopped]


def lexeme(field: str, term: str) -> str:
    return PREFIXES[field] + term
