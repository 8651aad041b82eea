"""Rebuilding the index beside the one in use, and swapping it in when complete.

The index is a cache of the catalogue, so a rebuild never empties it first: the new index
is written into a sibling folder (``index.new-XXXX``) while searches keep answering from
the old one; then the two folders are exchanged in one step (``renameat2`` with
``RENAME_EXCHANGE`` on Linux; two renames elsewhere) and the old one is deleted. Searchers
that still have the old index open keep reading it: on POSIX systems deleted files stay
readable while open. A build that fails leaves the index as it was.

The old index's write lock is held for the whole build, so that a writer in another process
waits rather than writes into an index about to be retired.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, LockError
from whoosh.util.filelock import try_for

from archive import fsync_dir
from search.whoosh_codec import InliningCodec
from search.whoosh_damage import release
from search.whoosh_stale import rebuild_lock

log = logging.getLogger(__name__)

WRITE_TIMEOUT = 60.0
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def rebuild_beside(
    path: Path,
    schema: Schema,
    stamp: tuple[str, str],
    batches: Iterable[Iterable[Any]],
    fields_of: Callable[[Any], dict[str, Any] | None],
) -> int:
    """Write a new index of `batches` beside `path` and put it in place; return the number
    of documents written. `fields_of` gives a document's fields (None to leave it out);
    `stamp` is (file name, text) of the schema stamp written into the new folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with rebuild_lock(path):  # one rebuild at a time; `remove_stale` spares its folder
        return _rebuild(path, schema, stamp, batches, fields_of)


def _rebuild(
    path: Path,
    schema: Schema,
    stamp: tuple[str, str],
    batches: Iterable[Iterable[Any]],
    fields_of: Callable[[Any], dict[str, Any] | None],
) -> int:
    held, generation = _hold(path)
    building = Path(tempfile.mkdtemp(prefix=f"{path.name}.new-", dir=path.parent))
    try:
        ix = whoosh_index.create_in(str(building), schema)
        if generation is not None:
            # Start above the old generation: a searcher compares generations to know
            # whether the index has changed under it.
            TOC(schema, [], generation + 1).write(ix.storage, ix.indexname)
            ix = whoosh_index.open_dir(str(building))
        written = 0
        for batch in batches:
            writer = ix.writer(limitmb=256, compound=False, codec=InliningCodec())
            try:
                for document in batch:
                    fields = fields_of(document)
                    if fields is not None:
                        writer.add_document(**fields)
                        written += 1
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
        ix.writer(limitmb=256, compound=False, codec=InliningCodec()).commit(optimize=True)
        (building / stamp[0]).write_text(stamp[1], encoding="utf-8")
        _swap(building, path)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    finally:
        if held is not None:
            held.release()
    shutil.rmtree(building, ignore_errors=True)  # the old index, after the exchange
    return written


def _hold(path: Path) -> tuple[Any, int | None]:
    """The current index's write lock (held) and its generation, if the index opens.

    Only the lock, not a writer: a writer keeps temporary files under the index's path,
    which is the new index once the folders are exchanged. Writers elsewhere that wait for
    the lock open its file again on each try, so after the swap they get the new index's.
    """
    try:
        if not whoosh_index.exists_in(str(path)):
            return None, None
        ix = whoosh_index.open_dir(str(path))
        generation = ix.latest_generation()
    except Exception as exc:  # damaged: nothing to protect, only to replace
        log.info("rebuilding an index that does not open (%s)", type(exc).__name__)
        release(exc)
        # its generation, read from the file names, all the same: searchers of the
        # damaged index must see that the new one is another
        try:
            found = TOC._latest_generation(FileStorage(str(path)), "MAIN")
        except Exception:
            found = -1
        return None, found if found >= 0 else None
    lock = ix.lock("WRITELOCK")
    if not try_for(lock.acquire, timeout=WRITE_TIMEOUT, delay=0.1):
        raise LockError("another process has been writing the index for too long")
    return lock, generation


def _swap(new: Path, current: Path) -> None:
    """Put `new` at `current`; the old index (if any) ends up at `new`, to be deleted."""
    if current.exists() and not _exchange(new, current):
        retired = current.with_name(f"{new.name}.old")
        current.rename(retired)  # a moment without an index: only where renameat2 is missing
        new.rename(current)
        retired.rename(new)
    elif not current.exists():
        new.rename(current)
    fsync_dir(current.parent)


def _exchange(a: Path, b: Path) -> bool:
    """Exchange two folders atomically (Linux renameat2); False where that is unavailable."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)
