"""The search page: one GET form, all state in the URL.

``/?q=...&language=hu&type=report&sort=newest&page=2&expand=0&all=1&from=2010&to=2011-06``
(``all=1``: only documents with every word);
``/documents/ID/similar`` lists documents like one; ``/help/search`` explains the syntax.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from archive import (
    FILTER_FIELDS,
    DocumentStatus,
    DocumentType,
    Facet,
    SearchQuery,
    SearchResults,
    SortOrder,
    fold_key,
)
from web.app import get_archive
from web.auth import may_see_restricted
from web.i18n import language_label

bp = Blueprint("search", __name__)

MAX_FILTER_VALUES = 20

SORT_LABELS = {
    SortOrder.RELEVANCE: _l("Relevance"),
    SortOrder.NEWEST: _l("Newest first"),
    SortOrder.OLDEST: _l("Oldest first"),
    SortOrder.TITLE: _l("Title"),
}
FACET_LABELS = {
    "language": _l("Language"),
    "type": _l("Document type"),
    "seminar": _l("Seminar"),
    "partner": _l("Partner"),
    "city": _l("City"),
    "year": _l("Year"),
}
TYPE_LABELS = {
    DocumentType.PAPER.value: _l("Paper"),
    DocumentType.CASE_STUDY.value: _l("Case study"),
    DocumentType.PRESENTATION.value: _l("Presentation"),
    DocumentType.REPORT.value: _l("Report"),
    DocumentType.MINUTES.value: _l("Minutes"),
    DocumentType.OTHER.value: _l("Other"),
}
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")
_CUT = re.compile(r"^Only the first (\d+) words \(at most (\d+) characters\) of the query")
_WILDCARD = re.compile(r"^Wildcards need at least (\d+) letters before them; left out: (.+)\.$")


def notice_text(notice: str) -> str:
    """A notice of the search (written in English for the CLI and the API) in the page's
    language."""
    if match := _CUT.match(notice):
        return str(
            _l(
                "Only the first %(words)s words (at most %(chars)s characters) of the query "
                "were searched.",
                words=match.group(1),
                chars=match.group(2),
            )
        )
    if match := _WILDCARD.match(notice):
        return str(
            _l(
                "Wildcards need at least %(letters)s letters before them; left out: %(terms)s.",
                letters=match.group(1),
                terms=match.group(2),
            )
        )
    known = {
        "The query syntax was not understood; its words were searched instead.": _l(
            "The query syntax was not understood; its words were searched instead."
        ),
        "A closing quote was missing: the words were searched.": _l(
            "A closing quote was missing: the words were searched."
        ),
    }
    return str(known.get(notice, notice))


def parse_date(value: str | None, end: bool = False) -> date | None:
    """``2010``, ``2010-03`` or ``2010-03-05`` as the first (or with `end` the last) day."""
    match = _DATE.match((value or "").strip())
    if not match:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else (12 if end else 1)
    try:
        if match.group(3):
            return date(year, month, int(match.group(3)))
        day = calendar.monthrange(year, month)[1] if end else 1
        return date(year, month, day)
    except (ValueError, calendar.IllegalMonthError):
        return None


def query_from_request() -> SearchQuery:
    args = request.args
    text = args.get("q", "").strip()
    try:
        page = max(1, int(args.get("page", "1")))
    except ValueError:
        page = 1
    try:
        limit = min(100, max(1, int(args.get("limit", current_app.config["SEARCH_LIMIT"]))))
    except ValueError:
        limit = int(current_app.config["SEARCH_LIMIT"])
    filters: dict[str, tuple[str, ...]] = {}
    for name in FILTER_FIELDS:
        values = tuple(dict.fromkeys(v.strip() for v in args.getlist(name) if v.strip()))
        if values:
            filters[name] = values[:MAX_FILTER_VALUES]
    try:
        sort = SortOrder(args.get("sort", SortOrder.RELEVANCE.value))
    except ValueError:
        sort = SortOrder.RELEVANCE
    try:
        like = int(args["like"]) if args.get("like") else None
    except ValueError:
        like = None
    return SearchQuery(
        text=text,
        page=page,
        limit=limit,
        filters=filters,
        sort=sort,
        expand=args.get("expand", "1") != "0",
        include_restricted=may_see_restricted(),
        date_from=parse_date(args.get("from")),
        date_to=parse_date(args.get("to"), end=True),
        like=like,
        match_all=args.get("all") == "1",
    )


def asks_for_something(query: SearchQuery) -> bool:
    return bool(query.text or query.filters or query.date_from or query.date_to or query.like)


class Links:
    """URLs of the search page with one thing changed: the page's state is its URL."""

    def __init__(self, query: SearchQuery, endpoint: str = "search.results", **view_args: Any):
        self.query = query
        self.endpoint = endpoint
        self.view_args = view_args

    def _params(self, query: SearchQuery) -> list[tuple[str, str]]:
        params: list[tuple[str, str]] = []
        if query.text:
            params.append(("q", query.text))
        for name in FILTER_FIELDS:
            params.extend((name, value) for value in query.filters.get(name, ()))
        if query.date_from:
            params.append(("from", query.date_from.isoformat()))
        if query.date_to:
            params.append(("to", query.date_to.isoformat()))
        if query.sort is not SortOrder.RELEVANCE:
            params.append(("sort", query.sort.value))
        if not query.expand:
            params.append(("expand", "0"))
        if query.match_all:
            params.append(("all", "1"))
        if query.page > 1:
            params.append(("page", str(query.page)))
        return params

    def state(self) -> list[tuple[str, str]]:
        """This page's parameters, with the document it is like on a "more like this" page."""
        params = self._params(self.query)
        if self.endpoint == "search.similar":
            params.append(("like", str(self.view_args["document_id"])))
        return params

    def document(self, document_id: int, anchor: str | None = None) -> str:
        """A hit's page, carrying the search: its words are marked there, with a way back."""
        base = url_for("documents.detail", document_id=document_id)
        state = self.state()
        url = f"{base}?{urlencode(state)}" if state else base
        return f"{url}#{anchor}" if anchor else url

    def url(self, query: SearchQuery) -> str:
        base = url_for(self.endpoint, **self.view_args)
        params = self._params(query)
        return f"{base}?{urlencode(params)}" if params else base

    def page(self, number: int) -> str:
        return self.url(replace(self.query, page=number))

    def without(self, name: str, value: str) -> str:
        kept = tuple(v for v in self.query.filters.get(name, ()) if v != value)
        return self.url(self.query.with_filter(name, kept))

    def with_value(self, name: str, value: str) -> str:
        current = self.query.filters.get(name, ())
        if value in current:
            return self.without(name, value)
        return self.url(self.query.with_filter(name, (*current, value)))

    def without_dates(self) -> str:
        return self.url(replace(self.query, date_from=None, date_to=None, page=1))

    def without_filters(self) -> str:
        return self.url(replace(self.query, filters={}, date_from=None, date_to=None, page=1))

    def expand(self, on: bool) -> str:
        return self.url(replace(self.query, expand=on, page=1))

    def match_all(self, on: bool) -> str:
        """The same search with every word required (the strict search), or not."""
        return self.url(replace(self.query, match_all=on, page=1))

    def text(self, text: str) -> str:
        params: dict[str, Any] = dict(self._params(replace(self.query, text=text, page=1)))
        return url_for("search.results", **params)


def label(name: str, value: str, results: SearchResults | None = None) -> str:
    """How a filter value is shown: a type or language in words, a seminar by title..."""
    if name == "type":
        return str(TYPE_LABELS.get(value, value))
    if name == "language":
        return language_label(value)
    if results is not None:
        facet = results.facet(name)
        if facet is not None:
            for item in facet.values:
                if item.value == value.lower() or item.value == value:
                    return item.label
    return value


def without_repeated_cities(facets: tuple[Facet, ...]) -> tuple[Facet, ...]:
    """Cities that say no more than a partner of the same name and count (the partner
    Leipzig is the city Leipzig) are left out of the city facet; an active one stays."""
    partner = next((f for f in facets if f.name == "partner"), None)
    if partner is None:
        return facets
    said = {(fold_key(v.label or v.value), v.count) for v in partner.values}
    return tuple(
        replace(
            facet,
            values=tuple(
                v
                for v in facet.values
                if v.active or (fold_key(v.label or v.value), v.count) not in said
            ),
        )
        if facet.name == "city"
        else facet
        for facet in facets
    )


def _render(query: SearchQuery, results: SearchResults | None, links: Links, **extra: Any) -> str:
    thumbnails = (
        get_archive().with_thumbnails([hit.id for hit in results.hits]) if results else set()
    )
    shown = replace(results, facets=without_repeated_cities(results.facets)) if results else None
    return render_template(
        "search/results.html",
        query=query,
        results=shown,
        links=links,
        thumbnails=thumbnails,
        sort_labels=SORT_LABELS,
        facet_labels=FACET_LABELS,
        label=label,
        notice_text=notice_text,
        **extra,
    )


RECENT = 8


@bp.get("/")
def results() -> str:
    query = query_from_request()
    if query.like is not None:
        return similar(query.like)
    if not asks_for_something(query):
        return home(query)
    return _render(query, get_archive().search(query), Links(query))


def home(query: SearchQuery) -> str:
    """The search box, the documents added last and the seminars."""
    archive = get_archive()
    restricted = may_see_restricted()
    recent = archive.documents(
        status=DocumentStatus.READY, include_restricted=restricted, limit=RECENT
    )
    seminars = sorted(
        archive.directory.seminars(), key=lambda s: s.starts or date.min, reverse=True
    )
    return _render(
        query,
        None,
        Links(query),
        recent=recent,
        seminars=seminars,
        seminar_counts=archive.count_ready_by("seminar", restricted),
        hosts={p.slug: p for p in archive.directory.partners()},
        document_types=TYPE_LABELS,
    )


@bp.get("/documents/<int:document_id>/similar")
def similar(document_id: int) -> str:
    """Documents like one: the search page, with its facets, filters and sorting."""
    query = replace(query_from_request(), like=None)
    archive = get_archive()
    found = archive.similar(document_id, query)
    like = archive.document(document_id)
    links = Links(query, "search.similar", document_id=document_id)
    return _render(query, found, links, like=like)


@bp.get("/help/search", endpoint="help")
def help_page() -> str:
    """The query syntax, the field names and the glossary."""
    from search import FIELD_NAMES, Glossary

    glossary = Glossary.load(get_archive().layout.glossary)
    fields: dict[str, list[str]] = {}
    for name, target in FIELD_NAMES.items():
        fields.setdefault(target, []).append(name)
    return render_template("search/help.html", fields=fields, concepts=glossary.concepts)
