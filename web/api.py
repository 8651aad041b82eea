"""The JSON API: the same data as the pages, one error shape."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Response, jsonify, request, url_for

from archive import Document, TextPart
from web.api_blueprint import bp
from web.app import error_response, get_archive
from web.auth import may_see_restricted
from web.search import asks_for_something, query_from_request
from web.shapes import document_json, results_json


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


def text_json(document: Document, part: TextPart, max_chars: int) -> dict[str, Any]:
    """Which part of a document's text is sent (a long text is sent in parts), how long
    the whole is, how much of it is searchable, and where the parts before and after are."""

    def link(number: int) -> str | None:
        if not 1 <= number <= part.count:
            return None
        return url_for("api.document", document_id=document.id, part=number)

    return {
        "part": part.number,
        "parts": part.count,
        "chars": part.total_chars,
        "searchable_chars": min(part.total_chars, max_chars),
        "previous": link(part.number - 1),
        "next": link(part.number + 1),
    }


@bp.get("/documents/<int:document_id>")
def document(document_id: int) -> Response:
    """A document with one part of its text (`part`, from 1; at most PART_CHARS
    characters): `text.next` links to the next part."""
    from web.documents import language_versions, viewable

    archive = get_archive()
    document = viewable(document_id, with_pages=False)
    part = archive.text_part(document.id, request.args.get("part", 1, type=int) or 1)
    data = document_json(document, with_text=False)
    data["pages"] = [
        {"number": p.number, "language": p.language, "text": p.text, "start": p.start}
        for p in part.pieces
    ]
    data["text"] = text_json(document, part, archive.index_max_chars)
    data["versions"] = [
        {"id": other.id, "language": other.language, "title": other.display_title}
        for other in language_versions(document)
    ]
    return jsonify({"ok": True, "document": data})
