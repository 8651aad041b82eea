"""The search page: one GET form, all state in the URL."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from archive import SearchQuery
from web.app import get_archive

bp = Blueprint("search", __name__)


def query_from_request() -> SearchQuery:
    text = request.args.get("q", "").strip()
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    try:
        limit = min(100, max(1, int(request.args.get("limit", current_app.config["SEARCH_LIMIT"]))))
    except ValueError:
        limit = int(current_app.config["SEARCH_LIMIT"])
    return SearchQuery(text=text, page=page, limit=limit)


@bp.get("/")
def results() -> str:
    query = query_from_request()
    found = get_archive().search(query) if query.text else None
    return render_template("search/results.html", query=query, results=found)
