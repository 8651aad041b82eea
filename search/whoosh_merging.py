"""How the index keeps its number of segments small as documents are added, cheaply.

Every commit of the index writes a new segment, and every search sets up its matchers once
per segment (some 7 ms a segment for a one-word query at 50,000 documents). Whoosh's
default policy, `MERGE_SMALL`, merges segments below Fibonacci thresholds meant for commits
of a few documents; the archive commits hundreds of documents at a time
(`Archive.index_pending`), and a 50,000-document ingest ended with 17 segments that the
policy never merged.

`merge_tiers` keeps segments in tiers by size (under `SMALL_SEGMENT_DOCS` documents, then
each tier `MERGE_FACTOR` times the one below) and merges a tier into the segment being
written as soon as it holds `MERGE_FACTOR` segments, with the tiers below it: a
document is rewritten about log4(documents / batch) times on its way up, and there are
at most three segments a tier.

Merging reads every posting of the merged segments: Whoosh looks each term up again in
its segment's term table (a hash lookup, a seek and a terminfo decoded for each term,
about half the cost of a merge). `WalkingSegmentReader` reads the postings in one walk of
the term table instead.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from itertools import repeat
from typing import Any

from whoosh.reading import SegmentReader

MERGE_FACTOR = 4
SMALL_SEGMENT_DOCS = 1024


def tier(documents: int) -> int:
    """0 under `SMALL_SEGMENT_DOCS` documents, then one more for each `MERGE_FACTOR` times."""
    if documents < SMALL_SEGMENT_DOCS:
        return 0
    return 1 + int(math.log(documents / SMALL_SEGMENT_DOCS, MERGE_FACTOR))


def merge_tiers(writer: Any, segments: Sequence[Any]) -> list[Any]:
    """A Whoosh ``mergetype``: merge the lowest tier holding `MERGE_FACTOR` segments (and
    the tiers below it) into the segment being written; return the segments kept."""
    tiers: dict[int, list[Any]] = {}
    for segment in segments:
        tiers.setdefault(tier(segment.doc_count_all()), []).append(segment)
    full = [level for level, members in tiers.items() if len(members) >= MERGE_FACTOR]
    if not full:
        return list(segments)
    top = min(full)
    merged = [s for s in segments if tier(s.doc_count_all()) <= top]
    for segment in merged:
        reader = WalkingSegmentReader(writer.storage, writer.schema, segment)
        try:
            writer.add_reader(reader)
        finally:
            reader.close()
    return [s for s in segments if s not in merged]


class WalkingSegmentReader(SegmentReader):
    """A segment reader whose `iter_postings` (what a merge reads) walks the term table
    once instead of looking each term up."""

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        terms = self._terms
        schema = self.schema
        deleted = self.deleted_docs_set
        codec, postfile = terms._codec, terms._postfile
        for (fieldname, tbytes), terminfo in terms.items():
            if fieldname not in schema:
                continue
            if terminfo.is_inlined():
                ids, weights, values = terminfo.inlined_postings()
                for docnum, weight, value in zip(ids, weights, values or repeat(b""), strict=False):
                    if docnum not in deleted:
                        yield fieldname, tbytes, docnum, weight, value
                continue
            matcher = codec.postings_reader(
                postfile, terminfo, schema[fieldname].format, term=(fieldname, tbytes)
            )
            while matcher.is_active():
                docnum = matcher.id()
                if docnum not in deleted:
                    yield fieldname, tbytes, docnum, matcher.weight(), matcher.value()
                matcher.next()
