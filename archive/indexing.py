"""Bringing the index up to date with the catalogue in bounded steps.

One document must never stop the archive (an officer once uploaded 63 MiB of six million
made-up words: indexing it ran for over half an hour, took 3 GiB of memory and held up
every upload behind it). So:

- only the first `max_chars` characters of a document's text are indexed (the catalogue
  keeps all of it, pages show all of it, and `Document.partly_searchable` says so), and no
  more than that is read from the catalogue to index it;
- a commit holds at most `BATCH_DOCUMENTS` documents and `BATCH_CHARS` characters;
- each attempt to index a document is counted in the catalogue before it is made, so that
  an attempt that takes the process down is counted too. A document tried before goes
  alone; one whose indexing failed or timed out `MAX_ATTEMPTS` times, or never finished
  `MAX_UNFINISHED` times, is marked failed with the reason, and the queue moves on;
- when the index cannot be written at all (a read-only folder, a full disk), the attempt is
  not held against the documents: the error goes up, saying what to fix.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from archive.catalogue import Catalogue
from archive.errors import DocumentIndexError
from archive.model import Document, DocumentStatus
from archive.ports import Indexer

log = logging.getLogger(__name__)

DEFAULT_MAX_CHARS = 1_000_000
MAX_ATTEMPTS = 2
"""Attempts after which a document whose indexing failed or timed out is marked failed."""
MAX_UNFINISHED = 3
"""Attempts that never came back (the process died) after which a document is marked
failed. More than `MAX_ATTEMPTS`: long documents are indexed by a limited child, so a
process that dies while indexing is nearly always a restart, a kill or a power cut, not the
document; but a document that crashes the process (a fault in a C extension) must not
bring down every restart after it."""
BATCH_DOCUMENTS = 1000
"""Documents in one commit (one segment): larger segments cost less to write and to merge
(bench/index_step.py: 36 ms a document in commits of 1,000, 51 ms in commits of 200)."""
BATCH_CHARS = 10_000_000
"""Characters of text in one commit, whatever the number of documents: a bound on the
time one commit holds the write lock and on the temporary disk it needs."""
LOAD_DOCUMENTS = 100
"""Documents read from the catalogue at once while a commit is written (their text is in
memory until written)."""
STREAMED_CHARS = 100_000
"""Documents up to this long are indexed as they are read during an ingest (one commit for
many); longer ones are left to `index_pending`, which counts each attempt first."""


def next_batch(queue: list[tuple[int, int, int]], max_chars: int) -> list[int]:
    """The ids to index next from `queue` ((id, characters, attempts), oldest first): a
    document tried before alone, else the oldest up to `BATCH_CHARS` characters."""
    retried = [document_id for document_id, _chars, attempts in queue if attempts]
    if retried:
        return retried[:1]
    batch: list[int] = []
    total = 0
    for document_id, chars, _attempts in queue:
        chars = min(chars, max_chars)
        if batch and total + chars > BATCH_CHARS:
            break
        batch.append(document_id)
        total += chars
    return batch


def index_pending(catalogue: Catalogue, indexer: Indexer, max_chars: int) -> int:
    """Index every ready document the index lacks; return how many were written."""
    written = 0
    while queue := catalogue.index_queue(BATCH_DOCUMENTS):
        written += _index_batch(catalogue, indexer, next_batch(queue, max_chars), max_chars)
    return written


def _index_batch(catalogue: Catalogue, indexer: Indexer, ids: list[int], max_chars: int) -> int:
    attempts = catalogue.begin_index_attempt(ids)
    for document_id, count in attempts.items():
        if count > MAX_UNFINISHED:  # tried that often, and never came back
            catalogue.record_index_failure(
                document_id,
                f"indexing it was begun {MAX_UNFINISHED} times and never finished (the "
                "process stopped each time: it crashed, ran out of memory, or was killed). "
                "Its text is kept and shown; retry it after lowering "
                "CLUSNET_INDEX_MAX_CHARS, or withdraw it",
            )
    ids = [i for i in ids if attempts.get(i, 0) <= MAX_UNFINISHED]
    if not ids:
        return 0
    try:
        written = indexer.add(_loaded(catalogue, ids, max_chars))
    except DocumentIndexError as exc:
        catalogue.mark_indexed([i for i in ids if i not in exc.failures])
        for document_id, reason in exc.failures.items():
            log.warning("document %d could not be indexed: %s", document_id, reason)
            if attempts.get(document_id, 0) >= MAX_ATTEMPTS:
                catalogue.record_index_failure(
                    document_id,
                    f"it could not be indexed: {reason}, {MAX_ATTEMPTS} times. Its text is "
                    "kept and shown; retry it after raising the limit, or withdraw it",
                )
        return len(ids) - len(exc.failures)
    except BaseException:  # the index, not the documents (a full disk), or Ctrl-C
        catalogue.undo_index_attempt(ids)
        raise
    catalogue.mark_indexed(ids)
    return written


def _loaded(catalogue: Catalogue, ids: list[int], max_chars: int) -> Iterator[Document]:
    """The documents `ids` as the index holds them, read `LOAD_DOCUMENTS` at a time."""
    for start in range(0, len(ids), LOAD_DOCUMENTS):
        yield from catalogue.get_many(ids[start : start + LOAD_DOCUMENTS], max_chars=max_chars)


def searchable_batches(
    catalogue: Catalogue, ids: list[int], max_chars: int
) -> Iterator[Iterator[Document]]:
    """The ready documents of `ids` as the index holds them (text cut at `max_chars`), in
    batches of at most `BATCH_DOCUMENTS` documents and `BATCH_CHARS` characters."""
    chars = catalogue.text_chars(ids)
    start = 0
    while start < len(ids):
        ahead = ids[start : start + BATCH_DOCUMENTS]
        batch = next_batch([(i, chars.get(i, 0), 0) for i in ahead], max_chars)
        start += len(batch)
        yield (d for d in _loaded(catalogue, batch, max_chars) if d.status is DocumentStatus.READY)
