"""Making writes last: flushing files and folders to the disk before saying they are done."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_dir(path: Path, *, required: bool = False) -> None:
    """Flush a folder's entries (a file created, renamed or removed in it) to the disk.

    Some filesystems cannot open a folder for this; then it is skipped, unless
    `required`, when the `OSError` is raised (an export must know its copy is whole)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        if required:
            raise
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    """Flush a file's content to the disk."""
    with path.open("rb") as handle:
        os.fsync(handle.fileno())
