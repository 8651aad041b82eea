"""Per-searcher sets of document numbers: facet values, restricted documents, dates.

Built once for each searcher (a searcher sees one fixed state of the index; a refreshed
searcher gets new ones) from the postings of the ID fields, which skip deleted documents.
Facet counts are then set intersections, and filters are set look-ups in the collector.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from whoosh.searching import Searcher

from archive.model import FILTER_FIELDS, Facet, FacetValue
from search.analysis import fold_accents

FACET_INDEX_FIELDS: dict[str, str] = {
    "language": "language",
    "type": "doc_type",
    "seminar": "seminar",
    "partner": "partner",
    "city": "city",
    "year": "year",
}
"""The index field behind each filter name of `archive.model.FILTER_FIELDS`."""

MAX_FACET_VALUES = 30


def date_number(value: date | None) -> int:
    """A date as the integer the index sorts and filters by (0: no date)."""
    return value.year * 10_000 + value.month * 100 + value.day if value else 0


class DocSets:
    """Document numbers by facet value, and of restricted documents, for one searcher."""

    def __init__(self, searcher: Searcher) -> None:
        reader = searcher.reader()
        self.by_field: dict[str, dict[str, frozenset[int]]] = {}
        for name, field in FACET_INDEX_FIELDS.items():
            values: dict[str, frozenset[int]] = {}
            if field in searcher.schema:
                for btext in reader.lexicon(field):
                    ids = frozenset(reader.postings(field, btext).all_ids())
                    if ids:
                        values[btext.decode("utf-8")] = ids
            self.by_field[name] = values
        restricted: frozenset[int] = frozenset()
        if "restricted" in searcher.schema and reader.doc_frequency("restricted", "1"):
            restricted = frozenset(reader.postings("restricted", "1").all_ids())
        self.restricted = restricted
        self._dates: list[int] | None = None
        self._reader = reader

    def hidden(self, include_restricted: bool) -> frozenset[int]:
        return frozenset() if include_restricted else self.restricted

    def dates(self) -> list[int]:
        if self._dates is None:
            column: Any = self._reader.column_reader("date_number")
            self._dates = [int(v or 0) for v in column]
        return self._dates

    def allowed(
        self,
        filters: Mapping[str, Iterable[str]],
        date_from: date | None = None,
        date_to: date | None = None,
        skip: str | None = None,
    ) -> set[int] | None:
        """Documents passing every filter (except `skip`), or None when nothing filters."""
        allowed: set[int] | None = None
        for name, wanted in filters.items():
            if name == skip or name not in self.by_field:
                continue
            values = self.by_field[name]
            union: set[int] = set()
            for value in wanted:
                union |= values.get(normalise_value(value), frozenset())
            allowed = union if allowed is None else allowed & union
        if (date_from or date_to) and skip != "date":
            low = date_number(date_from) if date_from else 1
            high = date_number(date_to) if date_to else 99_999_999
            in_range = {n for n, d in enumerate(self.dates()) if d and low <= d <= high}
            allowed = in_range if allowed is None else allowed & in_range
        return allowed

    def facets(
        self,
        matched: set[int],
        filters: Mapping[str, Iterable[str]],
        date_from: date | None,
        date_to: date | None,
    ) -> tuple[Facet, ...]:
        """Counts per value among `matched` (the query's visible hits before filtering).

        A field's counts apply the other fields' filters but not its own, so a second
        language or type can be added to the one already chosen."""
        facets = []
        for name in FILTER_FIELDS:
            base = matched
            others = self.allowed(filters, date_from, date_to, skip=name)
            if others is not None:
                base = matched & others
            active = {normalise_value(v) for v in filters.get(name, ())}
            counts = []
            for value, ids in self.by_field.get(name, {}).items():
                count = len(base & ids) if len(base) < len(ids) else len(ids & base)
                if count or value in active:
                    counts.append(FacetValue(value, count, value, value in active))
            seen = {v.value for v in counts}
            counts.extend(FacetValue(v, 0, v, True) for v in sorted(active - seen))
            if name == "year":
                counts.sort(key=lambda v: v.value, reverse=True)
            else:
                counts.sort(key=lambda v: (-v.count, v.value))
            facets.append(Facet(name, tuple(counts[:MAX_FACET_VALUES])))
        return tuple(facets)


_lock = threading.Lock()


def docsets(searcher: Searcher) -> DocSets:
    """The `DocSets` of `searcher`, built on first use."""
    cached: DocSets | None = getattr(searcher, "_clusnet_docsets", None)
    if cached is None:
        with _lock:
            cached = getattr(searcher, "_clusnet_docsets", None)
            if cached is None:
                cached = DocSets(searcher)
                searcher._clusnet_docsets = cached
    return cached


def normalise_value(value: str) -> str:
    """A filter value as the index holds it (see `search.whoosh_engine.metadata_analyzer`)."""
    return fold_accents(value.strip().lower())
