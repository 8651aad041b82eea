"""Content-addressed store of originals: one file per SHA-256, never modified."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from archive.durability import fsync_dir
from archive.errors import ArchiveError, StorageFullError

CHUNK = 1 << 20
DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
TEMP_PREFIX = ".incoming-"
"""Name prefix of files being written into the store (renamed into place when complete)."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class FileBlobStore:
    """Originals under `root/ab/cd/abcd...`: written to a temporary file, flushed and
    renamed into place, so a crash never leaves a half-written original.

    The writer holds an advisory lock (``flock``) on the temporary file from its creation,
    and on the original until the caller has catalogued it (`keep`). The kernel releases
    the lock when the process dies, however it dies: a file nobody holds is the leftover of
    a crashed writer (`in_use`, `remove_abandoned`), whatever its age.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ArchiveError(f"not a SHA-256 digest: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put(self, source: Path) -> tuple[str, int]:
        """Copy `source` into the store; return its SHA-256 and size."""
        with self.keep(source) as stored:
            return stored

    @contextmanager
    def keep(self, source: Path) -> Iterator[tuple[str, int]]:
        """Copy `source` into the store and hold the original's lock until the block ends.

        Catalogue the original inside the block: until then it looks like an orphan, and
        the lock tells `clusnet check --repair` that its writer is alive.
        """
        with self._space():
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp = locked_temp(self.root)
        digest = hashlib.sha256()
        size = 0
        try:
            with source.open("rb") as src:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    _write_all(fd, chunk)
            os.fsync(fd)
            sha = digest.hexdigest()
            target = self.path(sha)
            held = _lock_shared(target)
            if held is not None:  # stored already: hold it, drop the copy
                tmp.unlink()
                os.close(fd)
                fd = held
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp.chmod(0o444)
                tmp.replace(target)  # the lock moves with the file: it is on the inode
                fsync_dir(target.parent)
        except BaseException as exc:
            tmp.unlink(missing_ok=True)
            os.close(fd)
            if isinstance(exc, OSError) and exc.errno in DISK_FULL:
                raise self._full() from exc
            raise
        try:
            yield sha, size
        finally:
            os.close(fd)

    def _full(self) -> StorageFullError:
        return StorageFullError(
            f"the disk holding the archive's originals ({self.root}) is full: free some "
            "space (or move CLUSNET_HOME to a larger disk), then run the same command "
            "again; what was stored before is kept"
        )

    @contextmanager
    def _space(self) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            if exc.errno in DISK_FULL:
                raise self._full() from exc
            raise

    def temporary_files(self) -> list[Path]:
        """Files being written into the store, or left by writers that died."""
        if not self.root.is_dir():
            return []
        return sorted(self.root.glob(TEMP_PREFIX + "*"))

    def writing(self) -> bool:
        """Whether a live process is writing into the store right now."""
        return any(in_use(path) for path in self.temporary_files())

    def remove_abandoned(self) -> list[Path]:
        """Remove temporary files whose writer has died; return them."""
        return [path for path in self.temporary_files() if remove_if_abandoned(path)]

    @contextmanager
    def busy(self) -> Iterator[None]:
        """Say that this process is storing originals it catalogues later (an import):
        `writing()` is true until the block ends, so no original is taken for an orphan."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = locked_temp(self.root)
        try:
            yield
        finally:
            tmp.unlink(missing_ok=True)
            os.close(fd)

    def __iter__(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for path in self.root.glob("??/??/*"):
            if path.is_file() and not path.name.startswith("."):
                yield path.name


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def locked_temp(folder: Path) -> tuple[int, Path]:
    """A new temporary file in `folder`, open for writing, with its writer's lock held."""
    while True:
        fd, name = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX)
        fcntl.flock(fd, fcntl.LOCK_EX)
        if os.fstat(fd).st_nlink:  # not removed as abandoned before the lock was taken
            return fd, Path(name)
        os.close(fd)


def _lock_shared(path: Path) -> int | None:
    """An open descriptor holding a shared lock on `path`, or None if there is no file."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    fcntl.flock(fd, fcntl.LOCK_SH)  # waits while its writer is still cataloguing it
    return fd


def in_use(path: Path) -> bool:
    """Whether a live process holds the lock of `path` (it is writing or cataloguing it)."""
    with claimed(path) as free:
        return not free


@contextmanager
def claimed(path: Path) -> Iterator[bool]:
    """Hold `path`'s lock for the block if nobody else holds it: yields whether it did.

    Yields True for a file that has gone too (nobody holds it).
    """
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        yield True
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
        else:
            yield True
    finally:
        os.close(fd)


def remove_if_abandoned(path: Path) -> bool:
    """Remove a temporary file nobody holds (its writer died); True if it was removed."""
    with claimed(path) as free:
        if not free:
            return False
        try:
            path.unlink()  # under the lock: a writer that had just created it starts again
        except FileNotFoundError:
            return False
        return True


def delete_blob(store: FileBlobStore, sha256: str) -> bool:
    """Remove an original from the store for good; True if there was one.

    Only `Curation.purge` calls this, after checking that no document uses the file.
    """
    path = store.path(sha256)
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    fsync_dir(path.parent)
    return True
