"""The places of one archive on disk, named once.

Everything the archive keeps in files lives under one home folder (`CLUSNET_HOME`). This
is the only module that knows the names of its parts; the rest of the code asks a
`Layout` for them and never builds a path from another one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Layout:
    """The home folder of an archive and the places inside it."""

    home: Path

    @property
    def catalogue(self) -> Path:
        """The SQLite catalogue, when no `DATABASE_URL` names another database."""
        return self.home / "catalogue.sqlite3"

    @property
    def originals(self) -> Path:
        """The content-addressed store of original files."""
        return self.home / "originals"

    @property
    def thumbnails(self) -> Path:
        """Preview images of first pages, by the original's SHA-256."""
        return self.home / "thumbnails"

    @property
    def index(self) -> Path:
        """The embedded search index (a rebuildable cache of the catalogue)."""
        return self.home / "index"

    @property
    def incoming(self) -> Path:
        """Uploads being received, before they are stored as originals."""
        return self.home / "incoming"

    @property
    def rebuild_lock(self) -> Path:
        """Held by the one process that rebuilds a damaged index."""
        return self.home / "rebuild.lock"

    @property
    def glossary(self) -> Path:
        """The librarians' own glossary, added to the one clusnet ships with."""
        return self.home / "glossary.tsv"

    @property
    def secret_key(self) -> Path:
        """The key that signs web sessions when no `SECRET_KEY` is set."""
        return self.home / "secret_key"

    @property
    def web_config(self) -> Path:
        """Optional Flask settings of this archive's web interface."""
        return self.home / "config.py"

    def create(self) -> None:
        """Make the home folder (and its parents) if it is missing."""
        self.home.mkdir(parents=True, exist_ok=True)
