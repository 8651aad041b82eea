"""OCR with Tesseract (Debian packages tesseract-ocr, tesseract-ocr-hun, tesseract-ocr-eng),
run as a subprocess on one image at a time, Hungarian and English models together.

Used for images and for the PDF pages without a usable text layer. Each run has its own
timeout and one thread (``OMP_THREAD_LIMIT=1``); the pages of a PDF are read in parallel,
one run a core (`ocr_pages`). It runs inside the sandbox's child, so the child's memory
limit binds it too. After each page a progress hook is called: the sandbox uses it to keep
a long OCR job alive.
Where Tesseract is not installed, `OcrUnavailableError` says what to install; the archive
then keeps the document as "needs OCR" for `clusnet ocr` to read later.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextvars import ContextVar, copy_context
from pathlib import Path

from archive.errors import BrokenFileError, OcrUnavailableError, ResourceLimitError

LANGUAGES = ("hun", "eng")
"""Tesseract models used together, in order of preference."""
DPI = 300
"""Resolution PDF pages are rendered at for OCR."""
PAGE_TIMEOUT = 120.0
"""Seconds Tesseract may take for one page."""
MAX_OUTPUT_BYTES = 16 * 1024 * 1024
THREADS_PER_RUN = 1
"""OpenMP threads of one Tesseract run (``OMP_THREAD_LIMIT``); pages run in parallel."""
INSTALL_HINT = (
    "install the Debian packages tesseract-ocr, tesseract-ocr-hun and tesseract-ocr-eng, "
    "then run `clusnet ocr`"
)

_progress: Callable[[], None] | None = None
_progress_lock = threading.Lock()
enabled: ContextVar[bool] = ContextVar("ocr_enabled", default=True)
"""Whether OCR may run in this context; `ingest.extract_file(ocr=False)` turns it off."""


def set_progress_hook(hook: Callable[[], None] | None) -> None:
    """Call ``hook`` after every page read by OCR (the sandbox's keep-alive)."""
    global _progress
    _progress = hook


@functools.cache
def available_languages() -> tuple[str, ...]:
    """The models of `LANGUAGES` Tesseract has here; empty when it is not installed."""
    executable = shutil.which("tesseract")
    if executable is None:
        return ()
    try:
        done = subprocess.run(
            [executable, "--list-langs"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ()
    listed = set(done.stdout.decode("utf-8", "replace").split())
    return tuple(language for language in LANGUAGES if language in listed)


def ocr_available() -> bool:
    """Whether OCR is turned on here and Tesseract is installed with a model we use."""
    return enabled.get() and bool(available_languages())


def unavailable_reason() -> str:
    """Why OCR cannot run here (when `ocr_available` is false)."""
    if not enabled.get():
        return "OCR is turned off for this run"
    return f"OCR is not installed: {INSTALL_HINT}"


def require_ocr(what: str) -> None:
    """Raise `OcrUnavailableError` for ``what`` if Tesseract cannot be used."""
    if not ocr_available():
        raise OcrUnavailableError(f"needs OCR: {what}, and {unavailable_reason()}")


def ocr_image(image: bytes | Path, timeout: float | None = None) -> str:
    """The text Tesseract reads in ``image`` (PNG, JPEG, TIFF ... bytes, or a file), within
    ``timeout`` seconds (`PAGE_TIMEOUT`)."""
    timeout = timeout or PAGE_TIMEOUT
    require_ocr("an image of text")
    languages = available_languages()
    executable = shutil.which("tesseract") or "tesseract"
    source = str(image) if isinstance(image, Path) else "stdin"
    environment = {**os.environ, "OMP_THREAD_LIMIT": str(THREADS_PER_RUN)}
    try:
        done = subprocess.run(
            [executable, source, "stdout", "-l", "+".join(languages), "--psm", "3"],
            input=image if isinstance(image, bytes) else None,
            stdin=None if isinstance(image, bytes) else subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
            env=environment,
        )
    except subprocess.TimeoutExpired as error:
        raise ResourceLimitError(f"OCR of one page took longer than {timeout:g} seconds") from error
    except OSError as error:
        raise BrokenFileError(f"tesseract could not be started: {error}") from error
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = lines[-1][:160] if lines else f"exit code {done.returncode}"
        raise BrokenFileError(f"OCR failed: {reason}")
    if _progress is not None:
        with _progress_lock:  # pages end in several threads (ocr_pages)
            _progress()
    return done.stdout[:MAX_OUTPUT_BYTES].decode("utf-8", "replace")


def page_workers() -> int:
    """Pages read at once: one Tesseract run a core, each with one thread
    (``OMP_THREAD_LIMIT=1``): on a loaded 2-core machine a page took 110-180 s with two
    OpenMP threads against 12.5 s with one, so pages in parallel beat threads in a page."""
    return os.cpu_count() or 1


def ocr_pages(images: Iterable[bytes], workers: int | None = None) -> Iterator[str]:
    """The text of each image (PNG bytes), in order, `workers` Tesseract runs at a time.

    Images are taken from ``images`` (rendered by the caller, in its thread: PDFium is
    not thread-safe) only as runs free up, so at most ``workers`` wait in memory."""
    workers = workers or page_workers()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="clusnet-ocr") as pool:
        running: deque[Future[str]] = deque()
        source = iter(images)
        try:
            for image in source:
                running.append(pool.submit(copy_context().run, ocr_image, image))
                if len(running) >= workers:
                    yield running.popleft().result()
            while running:
                yield running.popleft().result()
        finally:
            for future in running:
                future.cancel()
