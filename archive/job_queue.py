"""The job queue kept in the catalogue (ADR 6, ADR 12): the `archive.ports.JobQueue` of
every archive, embedded or on PostgreSQL.

A queued document is a job. A worker claims documents by writing its name and a lease
end into their rows (on PostgreSQL with `SKIP LOCKED`, so that workers on many machines
never wait for each other or take the same document), renews the lease while it reads,
and ends the claim when it records the result. A worker that dies keeps its claims until
the lease runs out; one on the same machine whose process is gone loses them at once.
A document whose reading was started `MAX_READ_ATTEMPTS` times without finishing is not
tried again: it is marked failed with the reason, and the queue moves on. Claims given
back unread (Ctrl-C) do not count.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from archive.catalogue import Catalogue
from archive.doorbell import Doorbell
from archive.ports import Claim, JobQueue

log = logging.getLogger(__name__)

DEFAULT_LEASE_SECONDS = 300.0
"""How long a claim holds without being renewed; `Heartbeat` renews it every third of
that while the worker reads."""
DEAD_CHECK_SECONDS = 10.0
"""How often a queue looks for claims of workers on this machine that are gone."""
MAX_READ_ATTEMPTS = 10
"""Times reading a document may start without finishing before it is marked failed.

A file that cannot be read fails at once: the extractor reads it in a sandboxed child and
says why. So a worker that dies while reading was nearly always stopped (a restart, a
kill, a power cut), and the documents it held are read again; only one that was in hand
at this many deaths is given up on, in case it is what brings the worker down."""


def worker_name() -> str:
    """This process's name in the queue: `host:pid`, unique on a machine."""
    return f"{socket.gethostname()}:{os.getpid()}"


class CatalogueQueue:
    """The queue in the catalogue's `documents` rows."""

    def __init__(
        self,
        catalogue: Catalogue,
        doorbell: Doorbell,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        worker: str | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.doorbell = doorbell
        self.lease_seconds = lease_seconds
        self.lease = timedelta(seconds=lease_seconds)
        self.worker = worker or worker_name()
        self._dead_checked = -DEAD_CHECK_SECONDS

    def announce(self) -> None:
        self.doorbell.set()

    def claim(self, limit: int, ids: Iterable[int] | None = None) -> list[Claim]:
        self._release_the_dead()
        wanted = None if ids is None else list(ids)
        claims: list[Claim] = []
        while len(claims) < limit:
            taken = self.catalogue.claim_queued(
                self.worker, self.lease, limit - len(claims), wanted
            )
            if not taken:
                break
            for document_id, attempt in taken:
                if attempt > MAX_READ_ATTEMPTS:
                    self._give_up(document_id, attempt - 1)
                else:
                    claims.append(Claim(document_id, self.worker, attempt))
        return claims

    def renew(self, claims: Iterable[Claim]) -> None:
        self.catalogue.renew_claims(self.worker, [c.document_id for c in claims], self.lease)

    def finish(self, claims: Iterable[Claim]) -> None:
        self.catalogue.release_claims(self.worker, [c.document_id for c in claims])

    def _give_up(self, document_id: int, attempts: int) -> None:
        reason = (
            f"reading this file was started {attempts} times and never finished (the worker "
            "reading it stopped each time): it was not tried again. A librarian can retry it"
        )
        log.warning("document %d: %s", document_id, reason)
        self.catalogue.record_failure(document_id, reason, None)

    def _release_the_dead(self) -> None:
        """End at once the claims of workers on this machine whose process is gone (a
        restart after kill -9 need not wait for their leases); every few seconds at most."""
        now = time.monotonic()
        if now - self._dead_checked < DEAD_CHECK_SECONDS:
            return
        self._dead_checked = now
        host = socket.gethostname()
        dead = [
            document_id
            for document_id, worker, _until in self.catalogue.claims()
            if worker != self.worker and _gone(worker, host)
        ]
        if dead:
            log.info("taking back %d documents from stopped workers", len(dead))
            self.catalogue.expire_claims(dead)


def _gone(worker: str, host: str) -> bool:
    """Whether `worker` (`host:pid`) ran on `host` in a process that no longer exists."""
    name, _, pid = worker.rpartition(":")
    if name != host or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # it exists, as another user
        return False
    return False


class Heartbeat:
    """Renews the claims `held` returns, in a background thread, while they are worked on."""

    def __init__(self, queue: JobQueue, held: Callable[[], list[Claim]], lease: float) -> None:
        self.queue = queue
        self.held = held
        self.lease = lease
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="clusnet-lease", daemon=True)

    def _beat(self) -> None:
        interval = max(0.1, self.lease / 3)
        while not self._stop.wait(interval):
            try:
                self.queue.renew(self.held())
            except Exception:  # a locked or unreachable database: try at the next beat
                log.exception("could not renew the claims of this worker")

    @contextmanager
    def running(self) -> Iterator[None]:
        self._thread.start()
        try:
            yield
        finally:
            self._stop.set()
            self._thread.join()
