"""Candidates for a document's language versions, for a librarian to confirm.

A candidate is a readable document in another language, of the same seminar when the
document has one. They are ranked by what they share with the document: the glossary's
terms of its text in the other language (`klaszterpolitika` in a Hungarian paper looks for
`cluster policy` in English ones), the words the search index finds similar ("more like
this": names, places, programmes), the partner and the document type. Nothing is linked
until a librarian says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from archive import (
    UNDETERMINED,
    Archive,
    Document,
    DocumentStatus,
    SearchQuery,
    SearchResults,
)

SAMPLE_CHARS = 6000
"""Characters of a document's text whose glossary terms are looked up."""
MAX_TERMS = 30
POOL = 40


@dataclass
class Candidate:
    document: Document
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    """Codes of what it shares: glossary, similar, partner, type."""


def _ranked(results: SearchResults) -> Iterable[tuple[int, float]]:
    for rank, hit in enumerate(results.hits):
        yield hit.id, 1.0 / (1 + rank)


def glossary_terms(archive: Archive, document: Document) -> tuple[str, ...]:
    """The other-language glossary terms of the document's title and text."""
    from search import Glossary

    glossary = Glossary.load(archive.layout.glossary)
    sample = f"{document.display_title}\n{document.text[:SAMPLE_CHARS]}"
    return glossary.expand(" ".join(sample.split())).added[:MAX_TERMS]


def candidates(archive: Archive, document: Document, limit: int = 5) -> list[Candidate]:
    """Documents that may be this one in another language, best first."""
    taken = {d.id for d in archive.versions(document.id)} | {document.id}

    def fits(other: Document) -> bool:
        return (
            other.id not in taken
            and other.status is DocumentStatus.READY
            and other.withdrawn is None
            and other.language not in (document.language, UNDETERMINED)
        )

    filters = {"seminar": (document.seminar,)} if document.seminar else {}
    found: dict[int, Candidate] = {}
    if document.seminar:
        for other in archive.documents(seminar=document.seminar, status=DocumentStatus.READY):
            if fits(other):
                found[other.id] = Candidate(other)

    def credit(ids: Iterable[tuple[int, float]], reason: str) -> None:
        scores = dict(ids)
        missing = [i for i in scores if i not in found and i not in taken]
        for other in archive.documents_by_id(missing):
            if fits(other):
                found[other.id] = Candidate(other)
        for document_id, score in scores.items():
            if document_id in found:
                found[document_id].score += score
                found[document_id].reasons.append(reason)

    base = SearchQuery(
        "", limit=POOL, filters=filters, include_restricted=True, facets=False, snippets=False
    )
    terms = glossary_terms(archive, document) if document.status is DocumentStatus.READY else ()
    if terms:
        text = " OR ".join(f'"{term}"' for term in terms)
        query = SearchQuery(
            text,
            limit=POOL,
            filters=filters,
            expand=False,
            include_restricted=True,
            facets=False,
            snippets=False,
        )
        credit(_ranked(archive.search(query)), "glossary")
    if document.status is DocumentStatus.READY and document.withdrawn is None:
        credit(_ranked(archive.similar(document.id, base)), "similar")
    for candidate in found.values():
        other = candidate.document
        if document.partner and other.partner == document.partner:
            candidate.score += 0.5
            candidate.reasons.append("partner")
        if document.doc_type and other.doc_type == document.doc_type:
            candidate.score += 0.5
            candidate.reasons.append("type")
    ranked = sorted(found.values(), key=lambda c: (-c.score, c.document.id))
    return [c for c in ranked if c.score > 0][:limit]
