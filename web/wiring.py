"""The composition root: concrete ingest and search objects wired into the archive."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from archive import (
    Archive,
    Catalogue,
    ConfigurationError,
    FileBlobStore,
    SearchEngine,
    archive_layout,
    create_catalogue_engine,
    load_settings,
    sqlite_url,
)
from ingest import SandboxedExtractor
from search import PostgresEngine, SearchPipeline, WhooshIndex, create_search_engine


def read_settings(overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, then `CLUSNET_*` environment variables, then `overrides`."""
    return load_settings(os.environ, overrides)


def catalogue_url(settings: Mapping[str, Any]) -> str:
    return str(settings["DATABASE_URL"]) or sqlite_url(archive_layout(settings).catalogue)


SEARCH_ENGINES = ("whoosh", "postgresql")


def search_engine(settings: Mapping[str, Any]) -> SearchEngine:
    """The engine `SEARCH_ENGINE` names."""
    name = str(settings["SEARCH_ENGINE"]).strip().lower()
    if name == "whoosh":
        return WhooshIndex(
            archive_layout(settings).index,
            index_timeout=float(settings["INDEX_TIMEOUT"]),
            index_memory=int(settings["INDEX_MEMORY_MB"]) << 20,
        )
    if name == "postgresql":
        url = str(settings["DATABASE_URL"])
        if not url.startswith("postgresql"):
            raise ConfigurationError(
                "CLUSNET_SEARCH_ENGINE=postgresql keeps the index in the catalogue's "
                "PostgreSQL database, but the catalogue is "
                + ("SQLite" if not url else "not on PostgreSQL")
                + ": set CLUSNET_DATABASE_URL to a postgresql+psycopg:// URL, or "
                "CLUSNET_SEARCH_ENGINE=whoosh"
            )
        read_url = str(settings.get("DATABASE_READ_URL") or "")
        return PostgresEngine(
            create_search_engine(url),
            create_search_engine(read_url) if read_url else None,
            time_limit=float(settings["SEARCH_TIME_LIMIT"]),
        )
    raise ConfigurationError(
        f"unknown search engine {name!r}: set CLUSNET_SEARCH_ENGINE to one of "
        + ", ".join(SEARCH_ENGINES)
    )


def open_archive(settings: Mapping[str, Any]) -> Archive:
    layout = archive_layout(settings)
    try:
        layout.create()
    except OSError as exc:
        raise ConfigurationError(
            f"cannot use {layout.home} as the archive folder ({exc.strerror}): "
            "set CLUSNET_HOME to a folder you can write to"
        ) from exc
    return Archive(
        catalogue=Catalogue(create_catalogue_engine(catalogue_url(settings))),
        blobs=FileBlobStore(layout.originals),
        indexer=SearchPipeline(
            search_engine(settings),
            glossary=layout.glossary,
            dictionaries=Path(settings["DICTIONARY_DIR"]) if settings["DICTIONARY_DIR"] else None,
            time_limit=float(settings["SEARCH_TIME_LIMIT"]),
        ),
        extractor=SandboxedExtractor(
            timeout=float(settings["EXTRACT_TIMEOUT"]),
            memory_limit=int(settings["EXTRACT_MEMORY_MB"]) << 20,
        ),
        layout=layout,
        workers=int(settings["INGEST_WORKERS"]),
        index_max_chars=int(settings["INDEX_MAX_CHARS"]),
    )


def secret_key(settings: Mapping[str, Any], archive: Archive) -> str:
    """The configured key; else the one an older archive kept in its folder; else one made
    once and kept in the catalogue, which every web node of the archive shares; else (no
    catalogue yet) one kept in the archive folder."""
    if settings.get("SECRET_KEY"):
        return str(settings["SECRET_KEY"])
    path = archive_layout(settings).secret_key
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        shared = archive.shared_secret("session-key")
        if shared is not None:
            return shared
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(key)
        return key
