"""BM25F with each segment's field lengths read once instead of once per scored posting.

Whoosh's BM25F scorer asks the segment for the length of the field in the document for
every posting it scores; the W3 codec answers each time with a seek and a one-byte read of
the lengths column, and a search counts every match (totals and facets need them all), so
a common word at 50,000 documents scored some 70,000 postings through that path. Here the
column is read in one piece the first time a field is scored in a segment, decoded into a
list, and kept on the segment's reader (it goes with the searcher). The scores are the same
numbers: the same bytes, decoded by Whoosh's own `byte_to_length`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from whoosh import scoring
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.util.numeric import byte_to_length

from search.analysis import SUPPORTED_LANGUAGES

log = logging.getLogger(__name__)

_CACHE = "_clusnet_field_lengths"
_DECODED = [byte_to_length(b) if b else 1 for b in range(256)]
"""A length byte -> the field length Whoosh's scorer uses (1 where it would have none)."""


def field_lengths(reader: Any, fieldname: str) -> list[int] | None:
    """Every document's length of `fieldname` in the segment `reader`, read once; None when
    the reader does not keep lengths the way the W3 codec does (its own path is used)."""
    cache: dict[str, list[int] | None] = reader.__dict__.setdefault(_CACHE, {})
    if fieldname not in cache:
        cache[fieldname] = _read_lengths(reader, fieldname)
    return cache[fieldname]


def _read_lengths(reader: Any, fieldname: str) -> list[int] | None:
    try:
        perdoc = reader._perdoc
        column = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
        doccount = reader.doc_count_all()
        if column is None:
            return [1] * doccount
        stored = min(column._count, doccount)
        raw = bytes(column._dbfile.get(column._basepos, stored))
    except Exception:  # another codec or a changed whoosh: score the slow way
        log.debug("field lengths of %s not preloaded", fieldname, exc_info=True)
        return None
    return [_DECODED[b] for b in raw] + [1] * (doccount - stored)


K1 = 1.2
"""BM25's term frequency saturation."""
B = 0.75
"""BM25's length normalisation of content fields."""
TITLE_B = 0.75
"""Length normalisation of title fields (short: a long title is not a worse match)."""


def ranking() -> PreloadedBM25F:
    """The weighting every searcher uses."""
    languages = (*SUPPORTED_LANGUAGES, "und", "folded")
    titles = {f"title_{language}_B": TITLE_B for language in languages}
    return PreloadedBM25F(B=B, K1=K1, **titles)


class PreloadedBM25F(scoring.BM25F):
    """`scoring.BM25F` whose scorers take field lengths from `field_lengths`."""

    def scorer(self, searcher: Any, fieldname: str, text: str, qf: int = 1) -> scoring.BaseScorer:
        scorer = super().scorer(searcher, fieldname, text, qf)
        if isinstance(scorer, scoring.BM25FScorer):
            lengths = field_lengths(searcher.reader(), fieldname)
            if lengths is not None:
                lookup: Callable[[int], int] = lengths.__getitem__
                scorer.dfl = lookup
        return scorer
