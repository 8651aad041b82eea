"""Snippets of a PostgreSQL hit, cut from its page text with the Whoosh engine's
highlighter (the same fragmenter and formatter, search/whoosh_results.py).

The Whoosh engine reads the matched words' character offsets from its postings; here the
text is analysed again, field by field, by the analyzer of each content field the hit
matched in (exact words first, then the document's language, other languages, the
accent-free field last), and the words whose terms the query asked for are marked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from whoosh.highlight import FIRST, PinpointFragmenter, highlight

from archive.model import Snippet
from search.pg_fields import TEXT_FIELDS, analyzers
from search.whoosh_results import (
    SNIPPET_CHARS,
    SNIPPET_FRAGMENTS,
    FragmentsFormatter,
    on_pages,
    opening,
)

MAX_HIGHLIGHT_CHARS = 200_000
"""Characters of a document analysed for its snippets, at most."""

_BY_PREFIX = {
    prefix: field for field, prefix in TEXT_FIELDS.items() if field.startswith("content_")
}


def _fields(lexemes: Iterable[str], language: str) -> list[tuple[str, set[str]]]:
    """The content fields of the matched lexemes, in the order snippets prefer them."""
    terms: dict[str, set[str]] = {}
    for lexeme in lexemes:
        prefix, colon, term = lexeme.partition(":")
        field = _BY_PREFIX.get(prefix + colon)
        if field is not None and term:
            terms.setdefault(field, set()).add(term)
    own = f"content_{language}"
    order = sorted(terms, key=lambda f: (f != "content_exact", f != own, f == "content_folded", f))
    return [(f, terms[f]) for f in order]


def snippets_of(
    text: str,
    starts: Sequence[int],
    numbers: Sequence[int],
    language: str,
    lexemes: Iterable[str] | None,
) -> tuple[Snippet, ...]:
    body = text[:MAX_HIGHLIGHT_CHARS]
    for field, terms in _fields(lexemes or (), language):
        try:
            fragments = highlight(
                body,
                terms,
                analyzers()[field],
                PinpointFragmenter(maxchars=SNIPPET_CHARS, surround=60, autotrim=True),
                FragmentsFormatter(),
                top=SNIPPET_FRAGMENTS,
                order=FIRST,
                mode="index",
            )
        except Exception:  # a snippet is never worth failing the search for
            fragments = []
        if fragments:
            return on_pages(fragments, starts, numbers)
    return opening(text, numbers)
