"""How the index keeps its number of segments small as documents are added.

Every commit of the index writes a new segment, and every search sets up its matchers once
per segment (some 7 ms a segment for a one-word query at 50,000 documents). Whoosh's
default policy, `MERGE_SMALL`, merges segments below Fibonacci thresholds meant for commits
of a few documents; the archive commits up to 200 documents at a time
(`Archive.index_pending`), and a 50,000-document ingest ended with 17 segments, 13 of them
of 200 documents that the policy never merges.

`merge_small_runs` merges the small segments (under `SMALL_SEGMENT_DOCS` documents) into
one as soon as there are `MERGE_FACTOR` of them, then lets `MERGE_SMALL` do the rest. A
document is rewritten once more on its way up (merging costs about 27 ms a document here),
and the small segments never pile up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from whoosh.reading import SegmentReader
from whoosh.writing import MERGE_SMALL

MERGE_FACTOR = 4
SMALL_SEGMENT_DOCS = 1024


def merge_small_runs(writer: Any, segments: Sequence[Any]) -> list[Any]:
    """A Whoosh ``mergetype``: merge the small segments into the segment being written when
    there are `MERGE_FACTOR` of them, then apply `MERGE_SMALL`; return the segments kept."""
    small = [s for s in segments if s.doc_count_all() < SMALL_SEGMENT_DOCS]
    if len(small) < MERGE_FACTOR:
        return list(MERGE_SMALL(writer, list(segments)))
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        try:
            writer.add_reader(reader)
        finally:
            reader.close()
    return list(MERGE_SMALL(writer, [s for s in segments if s not in small]))
