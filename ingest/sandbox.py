"""Run the extraction pipeline in a child process with a time and memory limit.

Hostile files make parser libraries loop, recurse, allocate gigabytes or crash. The child
gets an address-space limit (``RLIMIT_AS``) and is killed when the wall-clock timeout
passes; whatever happens, the caller gets an `Extraction` or an `ExtractionError`.

Children come from a ``forkserver`` that has the parser libraries imported already, so a
file costs a fork, not an interpreter start (``spawn`` where forkserver is unavailable).
Unlike other multiprocessing children, a reader does not import the caller's ``__main__``
module: the ``clusnet`` script (or a test runner) would bring the web app, Flask and Whoosh
into every reader, some 0.4 s of CPU a file, for nothing the reader uses.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.spawn
import signal
import sys
import time
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from archive import errors
from archive.errors import BrokenFileError, ExtractionError, ResourceLimitError
from archive.model import Extraction

DEFAULT_TIMEOUT = 60.0
DEFAULT_MEMORY_LIMIT = 1 << 30

_ERRORS: dict[str, type[ExtractionError]] = {
    cls.__name__: cls
    for cls in (
        errors.ExtractionError,
        errors.UnsupportedFormatError,
        errors.PasswordProtectedError,
        errors.BrokenFileError,
        errors.EmptyDocumentError,
        errors.ResourceLimitError,
        errors.OcrUnavailableError,
    )
}
_READER_NAME = "clusnet-reader"
_EXIT_OUT_OF_MEMORY = 86
_GRACE = 5.0
"""Seconds the parent waits for a child that has answered to exit before killing it."""
MAX_PROGRESS_EXTENSION = 30.0
"""A child that reports progress (a page read by OCR) gets another `timeout` each time,
up to this many times `timeout` in all."""


class SandboxedExtractor:
    """An `archive.ports.Extractor` that parses each file in a limited child process."""

    def __init__(
        self,
        timeout: float = DEFAULT_TIMEOUT,
        memory_limit: int = DEFAULT_MEMORY_LIMIT,
        ocr: bool = True,
    ) -> None:
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        if memory_limit <= 0:
            raise ValueError("memory_limit must be positive")
        self.timeout = timeout
        self.memory_limit = memory_limit
        self.ocr = ocr
        """Whether pages and images without a text layer are read by OCR."""
        self.peak_child_memory = 0
        """The largest peak resident memory (bytes) a reader process reported, with the
        converters and OCR it ran; readers killed for their memory report nothing."""

    def extract(self, path: Path, filename: str) -> Extraction:
        """Read ``path`` in a child process; raise an `ExtractionError` on any failure."""
        context = _context()
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(  # type: ignore[attr-defined]
            target=_child_main,
            args=(sender, str(Path(path).absolute()), filename, self.memory_limit, self.ocr),
            daemon=True,
            name=_READER_NAME,
        )
        try:
            child.start()
        except OSError as error:
            raise ResourceLimitError(f"no reader process could be started: {error}") from error
        finally:
            sender.close()
        try:
            return self._wait(child, receiver)
        finally:
            receiver.close()
            if child.is_alive():
                child.kill()
            child.join(_GRACE)

    def _wait(self, child: Any, receiver: Connection) -> Extraction:
        answer: Any = None
        started = time.monotonic()
        cap = started + self.timeout * MAX_PROGRESS_EXTENSION
        deadline = started + self.timeout
        while True:
            if not receiver.poll(max(deadline - time.monotonic(), 0)):
                child.kill()
                child.join(_GRACE)
                raise ResourceLimitError(f"reading took longer than {self.timeout:g} seconds")
            try:
                answer = receiver.recv()
            except (EOFError, OSError):
                answer = None  # the child died without answering
            if not (isinstance(answer, tuple) and answer[0] == "progress"):
                break
            deadline = min(time.monotonic() + self.timeout, cap)  # a page done: more time
        if answer is None:
            child.join(_GRACE)
            raise _crash(child.exitcode, self.memory_limit)
        status, payload, peak = answer
        self.peak_child_memory = max(self.peak_child_memory, peak)
        if status == "ok" and isinstance(payload, Extraction):
            return payload
        kind, message = payload
        raise _ERRORS.get(kind, BrokenFileError)(message)


def _preparation_without_main(name: str) -> dict[str, Any]:
    """What multiprocessing sends a new child before its target, minus the caller's
    ``__main__`` for a reader: the reader's target lives in this module, which the fork
    server has imported already."""
    data: dict[str, Any] = _preparation_data(name)
    if name == _READER_NAME:
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
    return data


_preparation_data = multiprocessing.spawn.get_preparation_data
multiprocessing.spawn.get_preparation_data = _preparation_without_main


def _context() -> BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["ingest.preload"])
        return context
    return multiprocessing.get_context("spawn")


def _crash(exitcode: int | None, memory_limit: int) -> ExtractionError:
    if exitcode == _EXIT_OUT_OF_MEMORY:
        return ResourceLimitError(f"reading needed more than {_size(memory_limit)} of memory")
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if -exitcode == signal.SIGKILL:
            return ResourceLimitError(
                "the reader was killed (SIGKILL), most likely for using too much memory"
            )
        return BrokenFileError(f"the reader crashed on this file ({name})")
    return BrokenFileError(f"the reader stopped without an answer (exit code {exitcode})")


def _size(amount: int) -> str:
    if amount >= 1 << 30 and amount % (1 << 30) == 0:
        return f"{amount >> 30} GiB"
    return f"{amount / (1 << 20):.0f} MiB"


def _peak_memory() -> int:
    """Peak resident memory in bytes of this process or of a program it ran, whichever
    was larger (0 where the platform cannot tell)."""
    try:
        import resource
    except ImportError:
        return 0
    kib = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    return int(kib) * 1024


def _limit_memory(memory_limit: int) -> None:
    try:
        import resource
    except ImportError:  # not on this platform: the timeout still applies
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory_limit if hard == resource.RLIM_INFINITY else min(memory_limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _child_main(
    sender: Connection, path: str, filename: str, memory_limit: int, ocr: bool = True
) -> None:
    """Entry point of the child process: run the pipeline, send back one answer."""
    answer: tuple[str, Any]
    try:
        _limit_memory(memory_limit)
        from ingest.ocr import set_progress_hook
        from ingest.pipeline import describe, extract_file

        set_progress_hook(lambda: sender.send(("progress", None)))

        try:
            answer = ("ok", extract_file(Path(path), filename, ocr=ocr))
        except ExtractionError as error:
            answer = ("error", (type(error).__name__, str(error)))
        except MemoryError:
            answer = (
                "error",
                ("ResourceLimitError", f"reading needed more than {_size(memory_limit)} of memory"),
            )
        except Exception as error:
            answer = (
                "error",
                ("BrokenFileError", f"the file could not be read ({describe(error)})"),
            )
        sender.send((*answer, _peak_memory()))
    except MemoryError:
        sys.exit(_EXIT_OUT_OF_MEMORY)
    finally:
        sender.close()
