"""Turning a page of Whoosh results into the archive's `SearchResults`, with snippets."""

from __future__ import annotations

from html import escape
from typing import Any

from whoosh.highlight import HtmlFormatter, PinpointFragmenter
from whoosh.searching import Hit as WhooshHit
from whoosh.searching import ResultsPage

from archive.model import Hit, SearchQuery, SearchResults

SNIPPET_CHARS = 240
SNIPPET_FRAGMENTS = 2


class MarkFormatter(HtmlFormatter):
    """Escapes the text and wraps each matched word in a plain `<mark>`."""

    template = "<%(tag)s>%(t)s</%(tag)s>"

    def __init__(self) -> None:
        super().__init__(tagname="mark", between=" … ")


def _content_fields(hit: WhooshHit) -> list[str]:
    """Content fields in which this hit matched, its own language's first."""
    matched = {field for field, _ in hit.matched_terms() if field.startswith("content_")}
    own = f"content_{hit.get('language')}"
    return sorted(matched, key=lambda f: (f != own, f == "content_folded", f))


def snippet(hit: WhooshHit) -> str:
    text: str = hit.get("text") or ""
    for field in _content_fields(hit):
        try:
            highlighted: str = hit.highlights(field, text=text, top=SNIPPET_FRAGMENTS)
        except Exception:  # a snippet is never worth failing the search for
            highlighted = ""
        if highlighted:
            return highlighted
    head = " ".join(text[: SNIPPET_CHARS * 2].split())[:SNIPPET_CHARS]
    return escape(head + ("…" if len(text) > len(head) else ""), quote=False)


def to_results(query: SearchQuery, page: ResultsPage, notices: tuple[str, ...]) -> SearchResults:
    results: Any = page.results
    results.fragmenter = PinpointFragmenter(maxchars=SNIPPET_CHARS, surround=60, autotrim=True)
    results.formatter = MarkFormatter()
    hits = tuple(
        Hit(
            id=int(hit["id"]),
            title=str(hit.get("title") or hit.get("filename") or ""),
            filename=str(hit.get("filename") or ""),
            language=str(hit.get("language") or "und"),
            score=round(float(hit.score or 0.0), 4),
            snippet=snippet(hit),
        )
        for hit in page
    )
    return SearchResults(
        query=query.text,
        total=len(results),
        hits=hits,
        page=page.pagenum,
        limit=query.limit,
        notices=notices,
    )
