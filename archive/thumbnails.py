"""Thumbnails of first pages: derived files, one per original, rebuilt by reprocessing."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

MAX_THUMBNAIL_BYTES = 2 << 20


class ThumbnailStore:
    """PNG files under `root/ab/<sha256>.png`, written whole or not at all."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.png"

    def get(self, sha256: str) -> Path | None:
        path = self.path(sha256)
        return path if path.is_file() else None

    def put(self, sha256: str, png: bytes) -> None:
        if not png.startswith(b"\x89PNG\r\n\x1a\n") or len(png) > MAX_THUMBNAIL_BYTES:
            return
        target = self.path(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(png)
            Path(tmp).replace(target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def delete(self, sha256: str) -> None:
        self.path(sha256).unlink(missing_ok=True)
