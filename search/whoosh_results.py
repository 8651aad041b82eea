"""Turning a page of Whoosh results into the archive's `Hit`s, with snippets and pages.

Snippets are cut from the stored full text with the `PinpointFragmenter`, from the
character offsets stored in the postings (no re-tokenising). The stored start offset of
each page maps a snippet's position to its page number.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from html import escape
from typing import Any

from whoosh.highlight import FIRST, Highlighter, HtmlFormatter, PinpointFragmenter
from whoosh.searching import Hit as WhooshHit
from whoosh.searching import ResultsPage

from archive.model import Hit, Snippet

SNIPPET_CHARS = 240
SNIPPET_FRAGMENTS = 2


class MarkFormatter(HtmlFormatter):
    """Escapes the text and wraps each matched word in a plain `<mark>`."""

    template = "<%(tag)s>%(t)s</%(tag)s>"

    def __init__(self) -> None:
        super().__init__(tagname="mark", between=" … ")


class FragmentsFormatter(MarkFormatter):
    """Formats each fragment on its own: a list of (offset of its first match, HTML)."""

    def format(self, fragments: Sequence[Any], replace: bool = False) -> Any:
        return [
            (
                fragment.matches[0].startchar if fragment.matches else fragment.startchar,
                self.format_fragment(fragment, replace=replace),
            )
            for fragment in fragments
        ]


def highlighter() -> Highlighter:
    return Highlighter(
        fragmenter=PinpointFragmenter(maxchars=SNIPPET_CHARS, surround=60, autotrim=True),
        formatter=FragmentsFormatter(),
        order=FIRST,
    )


def _content_fields(hit: WhooshHit) -> list[str]:
    """Content fields in which this hit matched: exact words first, then the document's
    language, other languages, and the accent-folded field last."""
    matched = {field for field, _ in hit.matched_terms() if field.startswith("content_")}
    own = f"content_{hit.get('language')}"
    return sorted(matched, key=lambda f: (f != "content_exact", f != own, f == "content_folded", f))


def page_of(starts: Sequence[int], offset: int) -> int | None:
    """The page number (from 1) holding character `offset`, given page start offsets."""
    if not starts or len(starts) < 2:
        return 1 if starts else None
    return bisect_right(starts, offset)


def snippets(hit: WhooshHit, hl: Highlighter) -> tuple[Snippet, ...]:
    text: str = hit.get("text") or ""
    starts: list[int] = list(hit.get("page_starts") or [])
    numbers: list[int] = list(hit.get("page_numbers") or [])
    for field in _content_fields(hit):
        try:
            fragments: list[tuple[int, str]] = hl.highlight_hit(
                hit, field, text=text, top=SNIPPET_FRAGMENTS
            )
        except Exception:  # a snippet is never worth failing the search for
            fragments = []
        if fragments:
            return on_pages(fragments, starts, numbers)
    return opening(text, numbers)


def on_pages(
    fragments: Sequence[tuple[int, str]], starts: Sequence[int], numbers: Sequence[int]
) -> tuple[Snippet, ...]:
    """Highlighted fragments (start offset, html) as snippets with their page numbers."""
    out = []
    for start, html in fragments:
        index = page_of(starts, start)
        page = numbers[index - 1] if index and len(numbers) >= index else index
        out.append(Snippet(html, page))
    return tuple(out)


def opening(text: str, numbers: Sequence[int]) -> tuple[Snippet, ...]:
    """The snippet of a hit whose matched words cannot be marked: its first words."""
    head = " ".join(text[: SNIPPET_CHARS * 2].split())[:SNIPPET_CHARS]
    if not head:
        return ()
    html = escape(head + ("…" if len(text) > len(head) else ""), quote=False)
    return (Snippet(html, numbers[0] if numbers else None),)


def _date(value: Any) -> date | None:
    number = int(value or 0)
    if not number:
        return None
    try:
        return date(number // 10_000, number // 100 % 100, number % 100)
    except ValueError:
        return None


def to_hit(hit: WhooshHit, hl: Highlighter | None) -> Hit:
    found = snippets(hit, hl) if hl is not None else ()
    return Hit(
        id=int(hit["id"]),
        title=str(hit.get("title") or hit.get("filename") or ""),
        filename=str(hit.get("filename") or ""),
        language=str(hit.get("language") or "und"),
        score=round(float(hit.score), 4) if isinstance(hit.score, int | float) else 0.0,
        snippet=" … ".join(s.html for s in found),
        snippets=found,
        page=found[0].page if found else None,
        seminar=hit.get("seminar") or None,
        partner=hit.get("partner") or None,
        city=hit.get("city_name") or None,
        doc_type=hit.get("doc_type") or None,
        date=_date(hit.get("date_number")),
        size=int(hit.get("size") or 0),
        page_count=int(hit.get("page_count") or 0),
        restricted=hit.get("restricted") == "1",
    )


def attach_matched_terms(results: Any, searcher: Any, query: Any, docnums: list[int]) -> None:
    """Record which of the query's content terms each of `docnums` contains, as
    ``terms=True`` would have for every match (that costs on each match; this only on the
    page's hits): the pinpoint highlighter needs it."""
    reader = searcher.reader()
    wanted = sorted(set(docnums))
    docterms: dict[int, list[tuple[str, bytes]]] = defaultdict(list)
    termdocs: dict[tuple[str, bytes], array[int]] = defaultdict(lambda: array("I"))
    schema = searcher.schema
    terms: set[tuple[str, bytes]] = set()
    # Not Query.existing_terms(): in whoosh3 3.54 its loop variable shadows its `fieldname`
    # argument, so it drops the terms of every field but the first one it meets.
    try:
        for leaf in query.leaves():
            for field, text in leaf.expanded_terms(reader, phrases=True):
                if not field.startswith("content_") or field not in schema:
                    continue
                btext = schema[field].to_bytes(text) if isinstance(text, str) else text
                if (field, btext) in reader:
                    terms.add((field, btext))
    except Exception:  # a query that cannot list its terms gets plain snippets
        terms = set()
    for field, btext in sorted(terms):
        postings = reader.postings(field, btext)
        for docnum in wanted:
            if not postings.is_active():
                break
            if postings.id() < docnum:
                postings.skip_to(docnum)
            if postings.is_active() and postings.id() == docnum:
                docterms[docnum].append((field, btext))
                termdocs[(field, btext)].append(docnum)
    results.docterms = docterms
    results.termdocs = termdocs


def to_hits(page: ResultsPage, with_snippets: bool = True) -> tuple[Hit, ...]:
    hl = highlighter() if with_snippets else None
    return tuple(to_hit(hit, hl) for hit in page)
