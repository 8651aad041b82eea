"""The JSON shapes of search results and documents, shared by the API and the CLI.

Kept apart from `web.api` so that `clusnet search --json` needs no Flask."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from archive import Document, Hit, SearchResults


def hit_json(hit: Hit) -> dict[str, Any]:
    data = asdict(hit)
    data["date"] = hit.date.isoformat() if hit.date else None
    return data


def results_json(results: SearchResults) -> dict[str, Any]:
    return {
        "ok": True,
        "query": results.query,
        "total": results.total,
        "page": results.page,
        "pages": results.pages,
        "limit": results.limit,
        "sort": results.sort.value,
        "notices": list(results.notices),
        "timed_out": results.timed_out,
        "suggestion": results.suggestion,
        "unknown": list(results.unknown),
        "expansions": list(results.expansions),
        "accented": list(results.accented),
        "expandable": results.expandable,
        "strict": results.strict,
        "matching": asdict(results.matching) if results.matching else None,
        "facets": {
            facet.name: [asdict(value) for value in facet.values] for facet in results.facets
        },
        "hits": [hit_json(hit) for hit in results.hits],
    }


def document_json(document: Document, with_text: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": document.id,
        "title": document.display_title,
        "filename": document.filename,
        "sha256": document.sha256,
        "size": document.size,
        "status": document.status.value,
        "content_type": document.content_type,
        "authors": list(document.authors),
        "created": document.created.isoformat() if document.created else None,
        "added": document.added.isoformat() if document.added else None,
        "language": document.language,
        "languages": list(document.languages),
        "page_count": document.page_count,
        "error": document.error,
        "seminar": document.seminar,
        "partner": document.partner,
        "doc_type": document.doc_type.value if document.doc_type else None,
        "doc_date": document.doc_date.isoformat() if document.doc_date else None,
        "restricted": document.restricted,
        "withdrawn": document.withdrawn.isoformat() if document.withdrawn else None,
        "description": document.description,
        "replaces": document.replaces,
        "warnings": list(document.warnings),
    }
    if with_text:
        data["pages"] = [
            {"number": p.number, "language": p.language, "text": p.text} for p in document.pages
        ]
    return data
