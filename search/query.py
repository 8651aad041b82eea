"""Turning what a user typed into a Whoosh query, without ever raising."""

from __future__ import annotations

import re

from whoosh.fields import Schema
from whoosh.qparser import FieldsPlugin, MultifieldParser, PlusMinusPlugin, QueryParser
from whoosh.query import NullQuery, Query

MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 32
TITLE_BOOST = 3.0
FOLDED_WEIGHT = 0.6
"""Matches without accents count less than exact ones, so `kör` prefers `kör` over `kor`."""

_SYNTAX = re.compile(r"[\"()\[\]{}^~*?:+\-]|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b")


def search_fields(languages: tuple[str, ...]) -> dict[str, float]:
    """Fields a query searches, with their weights."""
    fields: dict[str, float] = {}
    for lang in languages:
        fields[f"title_{lang}"] = 1.0
        fields[f"content_{lang}"] = 1.0
    fields["title_folded"] = FOLDED_WEIGHT
    fields["content_folded"] = FOLDED_WEIGHT
    fields["filename"] = 0.5
    return fields


def build_parser(schema: Schema, languages: tuple[str, ...]) -> QueryParser:
    boosts = search_fields(languages)
    parser = MultifieldParser(list(boosts), schema, fieldboosts=boosts)
    parser.remove_plugin_class(FieldsPlugin)
    parser.add_plugin(PlusMinusPlugin())
    return parser


def plain_words(text: str) -> str:
    """The query with all syntax removed: what is searched when the syntax is broken."""
    return " ".join(_SYNTAX.sub(" ", text).split())


def parse_query(parser: QueryParser, text: str) -> tuple[Query | None, tuple[str, ...]]:
    """Parse `text`, falling back to its plain words with a notice; None when nothing is
    left to search for."""
    notices: list[str] = []
    text = " ".join(text.split())
    words = text.split(" ")
    if len(text) > MAX_QUERY_CHARS or len(words) > MAX_QUERY_WORDS:
        text = " ".join(words[:MAX_QUERY_WORDS])[:MAX_QUERY_CHARS]
        notices.append(
            f"Only the first {MAX_QUERY_WORDS} words (at most {MAX_QUERY_CHARS} "
            "characters) of the query were searched."
        )
    query: Query | None = None
    if text:
        try:
            query = parser.parse(text)
        except Exception:
            query = None
            plain = plain_words(text)
            if plain:
                notices.append(
                    "The query syntax was not understood; its words were searched instead."
                )
                query = parser.parse(plain)
    if query is None or query is NullQuery:
        return None, tuple(notices)
    return query, tuple(notices)
