"""One document as a row of the PostgreSQL engine: its columns and its weighted `tsvector`.

The fields are those the Whoosh engine indexes (`search.whoosh_engine.document_fields`, the content
fields analysed once for all by search/whoosh_postings.py), with the same analyzers; each field's
terms become lexemes of its namespace (search/pg_fields.py) with their positions, so
phrases are matched by position as in Whoosh. PostgreSQL keeps positions up to 16,383 and
256 positions a lexeme: later positions of a long document count as the last one, which
affects phrase matches and term frequencies past some 16,000 words of one field only.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from archive.model import Document
from search.analysis import fold_accents
from search.pg_fields import LENGTH_FIELDS, PREFIXES, VALUE_FIELDS, analyzers, label
from search.whoosh_engine import Places, document_fields
from search.whoosh_facets import date_number
from search.whoosh_postings import Analysed

log = logging.getLogger(__name__)

MAX_POSITION = 16_383
MAX_POSITIONS = 255
MAX_LEXEME_BYTES = 2_000
MAX_TSVECTOR_BYTES = 1_000_000
"""PostgreSQL refuses a `tsvector` over 1 MiB: a larger document keeps fewer positions."""


@dataclass(frozen=True)
class Row:
    values: dict[str, Any]
    lexemes: dict[str, list[int]]
    """Lexeme -> its positions (1-based), the weight label in the lexeme's field."""

    @property
    def words(self) -> list[str]:
        return sorted(self.lexemes)


def quote(lexeme: str) -> str:
    """A lexeme as `tsvector`/`tsquery` input: in quotes, quotes and backslashes escaped."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def normalise(value: str | None) -> str | None:
    """A metadata value as filters and facets compare it (lowercase, no accents)."""
    return fold_accents(value.strip().lower()) if value else None


def row_of(document: Document, places: Places) -> Row:
    fields = document_fields(document, places)
    found: dict[str, dict[int, None]] = defaultdict(dict)
    labels: dict[str, str] = {}
    lengths = dict.fromkeys(LENGTH_FIELDS, 0)
    all_analyzers = analyzers()
    for field, prefix in PREFIXES.items():
        value = fields.get(field)
        if not value:
            continue
        analyzer = all_analyzers.get(field)
        tokens: list[tuple[str, int]]
        if isinstance(value, Analysed):  # the content fields, analysed once for all
            tokens = [(term, pos) for term, postings in value for pos, _, _ in postings]
        elif analyzer is None:
            tokens = [(str(value), 0)]
        else:
            tokens = [
                (t.text, t.pos)
                for t in analyzer(str(value), positions=True, mode="index")
                if not t.stopped
            ]
        if field in lengths:
            lengths[field] = len({pos for _, pos in tokens})
        mark = label(field)
        for term, pos in tokens:
            lexeme = prefix + term
            if len(lexeme.encode("utf-8")) > MAX_LEXEME_BYTES:
                continue
            found[lexeme][min(pos + 1, MAX_POSITION)] = None
            labels[lexeme] = mark
    lexemes = {lex: list(positions) for lex, positions in found.items()}
    values = {
        "id": document.id,
        "title": fields["title"],
        "filename": fields["filename"],
        "language": document.language,
        "restricted": bool(document.restricted),
        "seminar": document.seminar,
        "partner": document.partner,
        "city_name": fields.get("city_name"),
        "doc_type": fields.get("doc_type"),
        "date_number": date_number(document.date),
        "sort_title": fields["sort_title"],
        "size": document.size,
        "page_count": document.page_count,
        "text": fields["text"],
        "page_starts": fields["page_starts"],
        "page_numbers": fields["page_numbers"],
        "lengths": [lengths[f] for f in LENGTH_FIELDS],
        "k_language": normalise(document.language),
        "k_type": normalise(fields.get("doc_type")),
        "k_seminar": normalise(document.seminar),
        "k_partner": normalise(document.partner),
        "k_city": normalise(fields.get("city")),
        "k_year": fields.get("year"),
        "v": tsvector_text(lexemes, labels, document.id),
    }
    return Row(values, lexemes)


def tsvector_text(
    lexemes: dict[str, list[int]], labels: dict[str, str], document_id: int | None = None
) -> str:
    """The `tsvector` input of `lexemes`, within PostgreSQL's size limit."""
    cap = MAX_POSITIONS
    while True:
        parts = []
        size = 0
        for lex in sorted(lexemes):
            positions = sorted(lexemes[lex])[:cap]
            mark = labels.get(lex, "D")
            suffix = "" if mark == "D" else mark
            parts.append(quote(lex) + ":" + ",".join(f"{p}{suffix}" for p in positions))
            size += len(lex.encode("utf-8")) + 2 * len(positions) + 8
        if size < MAX_TSVECTOR_BYTES or cap == 1:
            if size >= MAX_TSVECTOR_BYTES:
                log.warning(
                    "document %s has too many words for one tsvector: only some are indexed",
                    document_id,
                )
                return _truncated(parts)
            return " ".join(parts)
        cap = max(1, cap // 4)


def _truncated(parts: list[str]) -> str:
    kept, size = [], 0
    for part in parts:
        size += len(part.encode("utf-8"))
        if size >= MAX_TSVECTOR_BYTES:
            break
        kept.append(part)
    return " ".join(kept)


VALUE_PREFIXES = tuple(VALUE_FIELDS.values())
