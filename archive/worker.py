"""The background worker: drains the job queue (`Archive.queue`, ADR 6 and ADR 12).

An upload stores the original and a `queued` row, then announces it; the worker wakes,
claims queued documents nobody else holds, extracts them (in the extractor's sandboxed
child processes), records the results, and then brings the index up to date. Without a
wake-up it looks at the queue every `interval` seconds, so rows queued by another process
(an upload served elsewhere, a retry) are found too. A document whose worker died is
taken again once its claim's lease has run out (at once, on the same machine).
"""

from __future__ import annotations

import logging
import threading

from archive.errors import ArchiveError, IndexWriteError
from archive.service import Archive

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 5.0
BATCH = 8
"""Documents taken from the queue at once: small, so that new uploads are not kept waiting
behind a long batch and the index is committed often."""


class QueueWorker:
    """Extracts and indexes queued documents in one background thread, until stopped."""

    def __init__(
        self, archive: Archive, interval: float = DEFAULT_INTERVAL, index: bool = True
    ) -> None:
        self.archive = archive
        self.interval = interval
        self.index = index
        """Whether this worker also brings the index up to date (one that only reads
        documents leaves that to a worker that can write the index)."""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._problem: str | None = None

    def start(self) -> QueueWorker:
        """Run in a background thread; wake when a document is queued by this process or,
        if no other worker listens for this archive, by any other."""
        if self._thread is None or not self._thread.is_alive():
            self.archive.queue_changed.listen()
            self._stop.clear()
            self._thread = threading.Thread(target=self.run, name="clusnet-worker", daemon=True)
            self._thread.start()
        return self

    def notify(self) -> None:
        """Wake the worker now (an upload has arrived)."""
        self.archive.queue_changed.set()

    def stop(self, timeout: float | None = 30.0) -> None:
        """Ask the worker to stop after the current batch, and wait for it."""
        self._stop.set()
        self.archive.queue_changed.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self.archive.queue_changed.close()

    def wait(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for the worker to end; whether it still runs."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self.running

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def run(self) -> None:
        """The loop: drain the queue, then wait for a wake-up or the interval."""
        try:  # what a killed worker's index writer left (it is the only writer here)
            self.archive.remove_stale_index_files()
        except Exception:
            log.exception("could not remove stale index files")
        while not self._stop.is_set():
            self.archive.queue_changed.listen()  # again, if another worker had it
            self.archive.queue_changed.clear()
            try:
                self.drain()
            except ArchiveError as exc:  # a full disk...: said once, in one line
                log.error(
                    "the queue worker stopped: %s; trying again in %.0f s", exc, self.interval
                )
            except Exception:  # the worker must outlive a bad moment (a locked database...)
                log.exception("the queue worker failed; trying again in %.0f s", self.interval)
            self.archive.queue_changed.wait(self.interval)

    def drain(self) -> int:
        """Read queued documents until none is left that no other worker holds (or the
        worker is stopped), indexing after each batch: reading and indexing are separate
        steps, so that a worker that does not index still reads.

        Reading goes on when the index cannot be written (a read-only folder): what is read
        waits to be indexed, and the index page says why (`Archive.index_problem`)."""
        done = 0
        while not self._stop.is_set():
            outcomes = self.archive.process_queued(limit=BATCH, index=False)
            done += len(outcomes)
            if self.index:
                self._index()
            if not outcomes:
                break
        return done

    def _index(self) -> None:
        try:
            self.archive.index_pending()
        except IndexWriteError as exc:
            if str(exc) != self._problem:
                log.error("documents cannot be indexed: %s", exc)
            self._problem = str(exc)
        else:
            self._problem = None
