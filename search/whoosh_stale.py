"""Temporary files that killed writers leave beside and inside the index.

A writer keeps its sorted runs in ``index/MAIN.tmp/`` until it commits, and its new
segment's files in the index folder; a rebuild writes a whole index into a sibling
``index.new-XXXX/`` folder. When the process is killed (kill -9, the out-of-memory killer,
a child over its time limit) they stay, and the next writer of the same index adds its own
runs to the same folder: an index folder that only grows. They are removed here, and only
while nobody can be using them: the run folder and unreferenced segment files while the
index's write lock is free, rebuild folders while the rebuild lock is free.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, clean_files
from whoosh.util.filelock import FileLock

log = logging.getLogger(__name__)

INDEX_NAME = "MAIN"
"""Whoosh's default index name: files MAIN_*.seg ..., lock MAIN_WRITELOCK, runs MAIN.tmp/."""


def rebuild_lock_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.rebuild-lock")


@contextmanager
def rebuild_lock(path: Path, blocking: bool = True) -> Iterator[bool]:
    """Hold the lock of rebuilds of the index at `path` (yields False when `blocking` is
    False and another process holds it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(rebuild_lock_path(path)))
    held = lock.acquire(blocking=blocking)
    try:
        yield held
    finally:
        if held:
            lock.release()


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def remove_stale(path: Path) -> int:
    """Remove what killed writers left of the index at `path`; the bytes freed."""
    freed = 0
    try:
        with rebuild_lock(path, blocking=False) as free:
            if free:
                for folder in path.parent.glob(f"{path.name}.new-*"):
                    freed += _size(folder)
                    shutil.rmtree(folder, ignore_errors=True)
    except OSError as exc:  # a read-only archive folder: nothing can be removed anyway
        log.debug("cannot take the rebuild lock of %s: %s", path, exc)
    if not path.is_dir():
        return freed
    lock = FileLock(str(path / f"{INDEX_NAME}_WRITELOCK"))
    try:
        if not lock.acquire(blocking=False):
            return freed  # a writer is at work: its files are not stale
    except OSError as exc:
        log.debug("cannot take the write lock of %s: %s", path, exc)
        return freed
    try:
        for runs in path.glob("*.tmp"):
            if runs.is_dir():
                freed += _size(runs)
                shutil.rmtree(runs, ignore_errors=True)
        freed += _remove_unreferenced(path)
    finally:
        lock.release()
    if freed:
        log.warning("removed %d bytes of files killed writers left in %s", freed, path)
    return freed


def _remove_unreferenced(path: Path) -> int:
    """Segment files no generation of the index refers to (a writer killed before its
    commit); whoosh itself removes them only at the next commit."""
    if not whoosh_index.exists_in(str(path)):
        return 0
    storage = FileStorage(str(path))
    try:
        toc = TOC.read(storage, INDEX_NAME)
    except Exception:  # a damaged index: it is rebuilt, not tidied
        return 0
    before = {name: _size(path / name) for name in storage.list()}
    clean_files(storage, INDEX_NAME, toc.generation, toc.segments)
    after = set(storage.list())
    return sum(size for name, size in before.items() if name not in after)
