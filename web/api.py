"""The JSON API: the same data as the pages, one error shape."""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from flask import Blueprint, Response, jsonify, request

from archive import Document, Hit, SearchResults
from web.app import error_response, get_archive
from web.search import asks_for_something, may_see_restricted, query_from_request

bp = Blueprint("api", __name__, url_prefix="/api")


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
        "expansions": list(results.expansions),
        "accented": list(results.accented),
        "expandable": results.expandable,
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
    }
    if with_text:
        data["pages"] = [
            {"number": p.number, "language": p.language, "text": p.text} for p in document.pages
        ]
    return data


@bp.get("/search")
def search() -> Response | tuple[Response | str, int]:
    """The search page's results as JSON: the same parameters (q, filters, sort, page,
    expand, from, to, like)."""
    query = query_from_request()
    if not asks_for_something(query):
        return error_response(400, "the parameter q (the words to search for) is missing")
    if query.like is not None:
        return jsonify(results_json(get_archive().similar(query.like, replace(query, like=None))))
    return jsonify(results_json(get_archive().search(query)))


@bp.get("/suggest")
def suggest() -> Response:
    """Completions of the last word of q, from words of documents the user may see."""
    text = request.args.get("q", "")[:200]
    try:
        limit = min(20, max(1, int(request.args.get("limit", "10"))))
    except ValueError:
        limit = 10
    found = get_archive().suggest(text, limit=limit, include_restricted=may_see_restricted())
    return jsonify({"ok": True, "query": text, "suggestions": found})


@bp.get("/documents/<int:document_id>")
def document(document_id: int) -> Response:
    from web.documents import viewable

    return jsonify({"ok": True, "document": document_json(viewable(document_id))})


from web import api_documents  # noqa: E402,F401  (its routes join this blueprint)
