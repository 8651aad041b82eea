"""The queue's doorbell: wakes the archive's queue worker, in this process or another one.

`clusnet serve` answers requests in several processes, and one more process drains the
queue (`QueueWorker`): an upload stored by any of them rings the doorbell, and the worker
wakes at once instead of at its next look at the queue. Across processes the ring is a
datagram to a Linux abstract socket named after the archive's folder (nothing on disk,
nothing to clean up); only one process can listen on it, which keeps to one worker an
archive on a machine. Elsewhere, or when the datagram is lost, the worker still finds the
queued documents at its next look (every few seconds): the doorbell only saves the wait.
"""

from __future__ import annotations

import hashlib
import socket
import sys
import threading
from pathlib import Path

_RECEIVE_BYTES = 64
_CHECK_SECONDS = 1.0
"""How often the listening thread looks whether it should stop."""


class Doorbell:
    """A `threading.Event` (set, clear, wait, is_set) that `set` also rings in the process
    that `listen`s for the same archive folder."""

    def __init__(self, home: Path) -> None:
        self._event = threading.Event()
        digest = hashlib.sha256(str(home.absolute()).encode("utf-8")).hexdigest()[:24]
        self.address = f"\0clusnet-queue-{digest}" if sys.platform.startswith("linux") else None
        self._listener: socket.socket | None = None

    def set(self) -> None:
        """Wake the worker: the one in this process, and the one listening elsewhere."""
        self._event.set()
        if self.address is None or self._listener is not None:
            return
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as bell:
                bell.setblocking(False)
                bell.sendto(b"queued", self.address)
        except OSError:  # nobody listens, or the listener is busy: it looks again soon
            pass

    def clear(self) -> None:
        self._event.clear()

    def is_set(self) -> bool:
        return self._event.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._event.wait(timeout)

    def answered(self) -> bool:
        """Whether a process listens for this archive now (the ring wakes it)."""
        if self._listener is not None:
            return True
        if self.address is None:
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as bell:
                bell.setblocking(False)
                bell.sendto(b"queued", self.address)
        except BlockingIOError:  # listening, with rings waiting
            return True
        except OSError:
            return False
        return True

    def listen(self) -> bool:
        """Hear rings from other processes from now on; False when another process of this
        machine listens for this archive already (or the platform has no such sockets)."""
        if self._listener is not None:
            return True
        if self.address is None:
            return False
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        try:
            listener.bind(self.address)
        except OSError:
            listener.close()
            return False
        listener.settimeout(_CHECK_SECONDS)
        self._listener = listener
        threading.Thread(
            target=self._hear, args=(listener,), name="clusnet-doorbell", daemon=True
        ).start()
        return True

    def _hear(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                listener.recv(_RECEIVE_BYTES)
            except TimeoutError:
                continue
            except OSError:  # closed
                return
            self._event.set()
        listener.close()

    def close(self) -> None:
        """Stop listening (within a second another process may listen)."""
        self._listener = None
