"""Legacy Word documents (.doc, Word 97-2003), read by Debian's ``antiword`` or, failing
that, ``catdoc``: external programs run as subprocesses with UTF-8 output.

They run inside the sandbox's child process, so its memory limit binds them too; each gets
its own timeout. Where neither is installed the file is refused with the package to install.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from archive.errors import BrokenFileError, ResourceLimitError, UnsupportedFormatError
from archive.model import Extraction, Page
from ingest.mime import DOC

TIMEOUT = 30.0
"""Seconds one converter may take."""
MAX_OUTPUT_BYTES = 64 * 1024 * 1024

_CONVERTERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # -w 0: no line wrapping; -m UTF-8.txt: UTF-8 output
    ("antiword", ("-w", "0", "-m", "UTF-8.txt")),
    # -d utf-8: UTF-8 output; -w: no line wrapping
    ("catdoc", ("-d", "utf-8", "-w")),
)


def parse_doc(path: Path) -> Extraction:
    """Read a Word 97-2003 document into one page with antiword (or catdoc)."""
    available = [(name, args) for name, args in _CONVERTERS if shutil.which(name)]
    if not available:
        raise UnsupportedFormatError(
            "a Word 97-2003 .doc file, and no converter for it is installed on the server: "
            "install the Debian package antiword (or catdoc), or save the file as DOCX or PDF"
        )
    failures: list[str] = []
    for name, args in available:
        try:
            text = run_converter(name, [*args, str(path)])
        except BrokenFileError as error:
            failures.append(str(error))
            continue
        return Extraction(
            content_type=DOC,
            pages=(Page(number=1, text=text),),
            warnings=(f"text read with {name}",),
        )
    raise BrokenFileError("the Word .doc file could not be read: " + "; ".join(failures))


def run_converter(program: str, args: list[str], timeout: float = TIMEOUT) -> str:
    """Run ``program`` with ``args``; its standard output as UTF-8 text."""
    executable = shutil.which(program)
    if executable is None:
        raise UnsupportedFormatError(f"the program {program} is not installed")
    try:
        done = subprocess.run(  # a fixed program; the file is one argument
            [executable, *args],
            capture_output=True,
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as error:
        raise ResourceLimitError(f"{program} took longer than {timeout:g} seconds") from error
    except OSError as error:
        raise BrokenFileError(f"{program} could not be started: {error}") from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = message[0][:160] if message else f"exit code {done.returncode}"
        raise BrokenFileError(f"{program}: {reason}")
    if len(done.stdout) > MAX_OUTPUT_BYTES:
        raise ResourceLimitError(f"{program} produced more than {MAX_OUTPUT_BYTES >> 20} MiB")
    return done.stdout.decode("utf-8", "replace")
