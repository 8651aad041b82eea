"""Indexing one long document in a child process, with a time and a memory limit.

What a document costs the index is its distinct words: each is a term with postings of
its own in every text field. A million characters of prose take about 5 s and 110 MiB to
index here; a million characters of made-up words (the poison an attacker uploads) about
35 s and 250 MiB, and the 63 MiB text that once stopped an archive would take hours. So
documents over `ISOLATE_CHARS` characters are written by a child process with an
address-space limit, which is killed when its time is up: the server's memory and its
queue never wait on one document. The time limit counts from the moment the child holds
the index's write lock (start-up and waiting for another writer do not count).

The child commits a segment of its own without merging (the next commit of the parent
merges), so that its time is the document's alone. A child that is killed leaves the
temporary files of its writer behind; `search.whoosh_stale.remove_stale` clears them, and the
parent calls it after each kill.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import signal
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from archive.errors import IndexWriteError
from archive.model import Document

ISOLATE_CHARS = 100_000
"""Documents with more characters of (capped) text than this are indexed in a child; the
worst text this long costs about 4 s in the parent."""
START_TIMEOUT = 120.0
"""Seconds a child may take to start and obtain the write lock (another process may be
writing: whoosh waits up to a minute for its lock)."""
WRITE_LOCK_TIMEOUT = 60.0
_GRACE = 5.0
_PR_SET_PDEATHSIG = 1


PEAK = {"bytes": 0}
"""The largest peak memory an indexing child reported (for benchmarks)."""


def index_alone(
    path: Path,
    document: Document,
    places: Any,
    timeout: float,
    memory_limit: int,
) -> str | None:
    """Index `document` in a child process; None once it is committed, else the reason it
    is not (for the librarian). Raises `IndexWriteError` when the index cannot be written
    at all (read-only, disk full, locked): that is no fault of the document."""
    context = multiprocessing.get_context("spawn")  # no fork of a threaded server
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child_main,
        args=(sender, str(path), document, places, memory_limit),
        daemon=True,
        name=f"clusnet-index-{document.id}",
    )
    try:
        child.start()
    except OSError as exc:
        raise IndexWriteError(f"no indexing process could be started: {exc}") from exc
    finally:
        sender.close()
    try:
        return _wait(child, receiver, timeout, memory_limit)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(_GRACE)


def _wait(child: Any, receiver: Connection, timeout: float, memory_limit: int) -> str | None:
    started = False
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if not receiver.poll(max(deadline - time.monotonic(), 0)):
            child.kill()
            if not started:
                raise IndexWriteError(
                    f"the indexing process did not get the index's write lock in "
                    f"{START_TIMEOUT:g} s: is another clusnet process writing it?"
                )
            return f"indexing it took longer than {timeout:g} s (CLUSNET_INDEX_TIMEOUT)"
        try:
            kind, message = receiver.recv()
        except (EOFError, OSError):
            child.join(_GRACE)
            if not started:  # not the document's doing: the child could not even start
                raise IndexWriteError(
                    "the indexing process could not start "
                    f"({_crash(child.exitcode, memory_limit)}): is CLUSNET_INDEX_MEMORY_MB "
                    "too small?"
                ) from None
            return _crash(child.exitcode, memory_limit)
        if kind == "started":
            started = True
            deadline = time.monotonic() + timeout
        elif kind == "ok":
            PEAK["bytes"] = max(PEAK["bytes"], int(message or 0))
            return None
        elif kind == "environment":
            raise IndexWriteError(str(message))
        else:
            return str(message)


def _crash(exitcode: int | None, memory_limit: int) -> str:
    if exitcode is not None and exitcode < 0:
        if -exitcode == signal.SIGKILL:
            return "the indexing process was killed (SIGKILL), most likely for its memory use"
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"the indexing process crashed on this document ({name})"
    if exitcode == _EXIT_OUT_OF_MEMORY:
        return _memory_reason(memory_limit)
    return f"the indexing process stopped without an answer (exit code {exitcode})"


_EXIT_OUT_OF_MEMORY = 86


def _memory_reason(memory_limit: int) -> str:
    return (
        f"indexing it needed more than {memory_limit >> 20} MiB of memory (the limit is "
        "CLUSNET_INDEX_MEMORY_MB)"
    )


def _peak_memory() -> int:
    """This process's peak resident memory in bytes since it started its program (0 where
    the platform cannot tell): VmHWM, which unlike ru_maxrss does not count the parent's
    memory at the fork."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def _die_with_parent() -> None:
    """Linux: the child is killed when the process that started it dies (kill -9)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _limit_memory(memory_limit: int) -> None:
    try:
        import resource
    except ImportError:  # not on this platform: the time limit still applies
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory_limit if hard == resource.RLIM_INFINITY else min(memory_limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _child_main(
    sender: Connection, path: str, document: Document, places: Any, memory_limit: int
) -> None:
    """Entry point of the child: take the write lock, say so, index, commit, answer."""
    _die_with_parent()
    try:
        from whoosh import index as whoosh_index
        from whoosh.index import LockError
        from whoosh.writing import NO_MERGE

        from search.whoosh_codec import InliningCodec
        from search.whoosh_engine import document_fields

        _limit_memory(memory_limit)
        try:
            # a pool of a quarter of the memory allowed (256 MiB by default): a smaller one
            # spills more sorted runs to disk, and merging them doubled the time measured
            writer = whoosh_index.open_dir(path).writer(
                timeout=WRITE_LOCK_TIMEOUT,
                limitmb=max(16, min(256, memory_limit >> 22)),
                compound=False,
                codec=InliningCodec(),
            )
        except LockError:
            sender.send(("environment", "another process has been writing the index too long"))
            return
        except OSError as exc:
            sender.send(("environment", f"the index cannot be written: {exc}"))
            return
        sender.send(("started", None))
        try:
            writer.update_document(**document_fields(document, places))
            writer.commit(mergetype=NO_MERGE)
        except OSError as exc:
            writer.cancel()
            sender.send(("environment", f"the index cannot be written: {exc}"))
            return
        except MemoryError:
            writer.cancel()
            sender.send(("document", _memory_reason(memory_limit)))
            return
        except Exception as exc:
            writer.cancel()
            sender.send(("document", f"indexing it failed ({type(exc).__name__}: {exc})"))
            return
        sender.send(("ok", _peak_memory()))
    except MemoryError:
        sys.exit(_EXIT_OUT_OF_MEMORY)
    finally:
        sender.close()
