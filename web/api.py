"""The JSON API: the same data as the pages, one error shape."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Response, jsonify, request

from web.app import error_response, get_archive
from web.search import asks_for_something, may_see_restricted, query_from_request
from web.shapes import document_json, results_json

bp = Blueprint("api", __name__, url_prefix="/api")


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
    from web.documents import language_versions, viewable

    document = viewable(document_id)
    data = document_json(document)
    data["versions"] = [
        {"id": other.id, "language": other.language, "title": other.display_title}
        for other in language_versions(document)
    ]
    return jsonify({"ok": True, "document": data})


from web import api_documents  # noqa: E402,F401  (its routes join this blueprint)
