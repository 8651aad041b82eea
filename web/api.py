"""The JSON API: the same data as the pages, one error shape."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Blueprint, Response, jsonify

from archive import Document, SearchResults
from web.app import error_response, get_archive
from web.search import query_from_request

bp = Blueprint("api", __name__, url_prefix="/api")


def results_json(results: SearchResults) -> dict[str, Any]:
    return {
        "ok": True,
        "query": results.query,
        "total": results.total,
        "page": results.page,
        "limit": results.limit,
        "notices": list(results.notices),
        "hits": [asdict(hit) for hit in results.hits],
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
    }
    if with_text:
        data["pages"] = [
            {"number": p.number, "language": p.language, "text": p.text} for p in document.pages
        ]
    return data


@bp.get("/search")
def search() -> Response | tuple[Response | str, int]:
    query = query_from_request()
    if not query.text:
        return error_response(400, "the parameter q (the words to search for) is missing")
    return jsonify(results_json(get_archive().search(query)))


@bp.get("/documents/<int:document_id>")
def document(document_id: int) -> Response:
    return jsonify({"ok": True, "document": document_json(get_archive().document(document_id))})
