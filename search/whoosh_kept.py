"""The glossary's translations: matched once per index segment, then kept.

A glossary concept adds its other-language terms to a query (``önkormányzati`` also
searches ``municipality`` and ``"local government"``). The translations are a fixed set of
terms, the same for everyone who types a word of the concept, and the phrases among them
are the costly part of such a query: ``"local government"`` alone took 100 ms at 50,000
documents, and ``önkormányzati támogatás`` adds three such phrases. So a translation's
matches (documents and scores) are computed the first time it is searched in a segment and
kept with that segment's reader, at most `KEPT_PER_SEGMENT` of them; the reader, and so the
kept matches, are replaced when the index changes. Hits, scores, totals and facets are
those of the query itself: the kept scores are its own.
"""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict
from typing import Any

from whoosh import matching
from whoosh.query import Phrase, Query, Term
from whoosh.query.wrappers import WrappingQuery

from search.glossary import EXPANSION_BOOST

KEPT_PER_SEGMENT = 512
_CACHE = "_clusnet_kept_matches"
_LOCK = threading.Lock()


class KeptMatches(WrappingQuery):
    """`child`'s matches in a segment, computed once and kept with the segment's reader."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        reader = searcher.reader()
        key = (type(self.child).__name__, self.child, type(searcher.weighting).__name__)
        with _LOCK:
            kept: OrderedDict[Any, tuple[array[int], array[float]]] = reader.__dict__.setdefault(
                _CACHE, OrderedDict()
            )
            found = kept.get(key)
            if found is not None:
                kept.move_to_end(key)
        if found is None:
            ids, scores = array("I"), array("d")
            inner = self.child.matcher(searcher, context)
            while inner.is_active():
                ids.append(inner.id())
                scores.append(inner.score())
                inner.next()
            found = (ids, scores)
            with _LOCK:
                kept[key] = found
                while len(kept) > KEPT_PER_SEGMENT:
                    kept.popitem(last=False)
        ids, scores = found
        if not ids:
            return matching.NullMatcher()
        return matching.ListMatcher(list(ids), weights=list(scores))


def keep_expansions(query: Query) -> Query:
    """`query` with each glossary translation (a term or phrase of a language's fields,
    weighted `EXPANSION_BOOST`) wrapped in `KeptMatches`."""
    if isinstance(query, Term | Phrase):
        field = str(query.fieldname)
        if query.boost == EXPANSION_BOOST and field.startswith(("content_", "title_")):
            return KeptMatches(query)
        return query
    if query.is_leaf():
        return query
    return query.apply(keep_expansions)
