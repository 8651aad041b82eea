"""Content-addressed store of originals: one file per SHA-256, never modified."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from archive.errors import ArchiveError

CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class FileBlobStore:
    """Originals under `root/ab/cd/abcd...`: written to a temporary file, flushed and
    renamed into place, so a crash never leaves a half-written original."""

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
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out, source.open("rb") as src:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            target = self.path(sha)
            if target.is_file():
                tmp.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp.chmod(0o444)
                tmp.replace(target)
                _fsync_dir(target.parent)
            return sha, size
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def __iter__(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for path in self.root.glob("??/??/*"):
            if path.is_file() and not path.name.startswith("."):
                yield path.name


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
