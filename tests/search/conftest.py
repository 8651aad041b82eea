"""Fixtures for search tests: a small archive of seminar documents with metadata, built
through the catalogue (real SQLite, real index)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from itertools import count
from pathlib import Path
from typing import Any

import pytest

from archive import (
    Archive,
    DocumentMetadata,
    DocumentType,
    Extraction,
    Page,
)
from tests.postgres import drop_database, new_database

SECRET_WORD = "titkosszó"
SECRET_EN = "confidentialium"
GONE_WORD = "visszavontszó"

DOCS: list[dict[str, Any]] = [
    {
        "key": "budapest-case",
        "title": "Esettanulmány: a budapesti Mobilitás és Multimédia Klaszter",
        "language": "hu",
        "pages": [
            "A budapesti klaszterek együttműködése erősíti a gazdaságfejlesztési stratégiát.",
            "Az önkormányzati támogatás a pályázatok révén jut el a vállalkozásokhoz.",
            "A harmadik oldalon a kör alakú tárgyalóasztal körül ülnek a klasztermenedzserek.",
        ],
        "meta": DocumentMetadata(
            seminar="budapest-2010",
            partner="budapest",
            doc_type=DocumentType.CASE_STUDY,
            doc_date=date(2010, 3, 4),
            authors=("Kovács Anna",),
        ),
    },
    {
        "key": "eindhoven-report",
        "title": "Expert report: cluster policy in the Eindhoven region",
        "language": "en",
        "pages": [
            "The expert report recommends that city-regions coordinate their cluster "
            "policies and support knowledge transfer between universities and SMEs.",
        ],
        "meta": DocumentMetadata(
            partner="eindhoven",
            doc_type=DocumentType.REPORT,
            doc_date=date(2011, 5, 20),
            authors=("Jan de Vries",),
        ),
    },
    {
        "key": "kor-note",
        "title": "Jegyzet a korról",
        "language": "hu",
        "pages": ["A kor kérdése: a klaszter kora és a tagok kora is számít a kor szerint."],
        "meta": DocumentMetadata(doc_type=DocumentType.MINUTES, doc_date=date(2009, 1, 10)),
    },
    {
        "key": "manchester-slides",
        "title": "Knowledge transfer and SMEs in Manchester",
        "language": "en",
        "pages": [
            "Slides on knowledge transfer, innovation vouchers and small firms in Manchester.",
            "Second slide: the cluster manager talks to universities.",
        ],
        "meta": DocumentMetadata(
            partner="manchester", doc_type=DocumentType.PRESENTATION, doc_date=date(2010, 9, 1)
        ),
    },
    {
        "key": "restricted",
        "title": "Belső feljegyzés a klaszterről",
        "language": "hu",
        "pages": [
            f"Bizalmas: a {SECRET_WORD} csak olvasóknak szól. A klaszter {SECRET_EN} "
            "terve a budapesti önkormányzati támogatás mellett."
        ],
        "meta": DocumentMetadata(
            partner="leipzig",
            doc_type=DocumentType.REPORT,
            doc_date=date(2012, 2, 2),
            restricted=True,
        ),
    },
    {
        "key": "withdrawn",
        "title": "Visszavont klaszteranyag",
        "language": "hu",
        "pages": [f"Ez a {GONE_WORD} egy visszavont klaszter dokumentumban áll."],
        "meta": DocumentMetadata(doc_type=DocumentType.OTHER, doc_date=date(2008, 6, 6)),
    },
]


def add_document(archive: Archive, spec: dict[str, Any]) -> int:
    text = "\n\n".join(spec["pages"])
    sha = hashlib.sha256((spec["key"] + text).encode()).hexdigest()
    queued = archive.catalogue.add_queued(sha, f"{spec['key']}.txt", len(text.encode()))
    extraction = Extraction(
        content_type="text/plain",
        pages=tuple(
            Page(number, page, spec["language"]) for number, page in enumerate(spec["pages"], 1)
        ),
        title=spec["title"],
        language=spec["language"],
        languages=(spec["language"],),
    )
    archive.catalogue.record_extraction(queued.id, extraction)
    if spec.get("meta"):
        archive.catalogue.update_metadata(queued.id, spec["meta"])
    return queued.id


def build(archive: Archive, withdraw: bool = True) -> dict[str, int]:
    """Add `DOCS`, withdraw the "withdrawn" one (after indexing it once, so that its words
    stay in Whoosh's term lists) and bring the index up to date."""
    ids = {spec["key"]: add_document(archive, spec) for spec in DOCS}
    archive.index_pending()
    if withdraw:
        archive.catalogue.set_withdrawn(ids["withdrawn"], True)
        archive.index_pending()
    return ids


def open_test_archive(home: Path, database_url: str = "", engine: str = "whoosh") -> Archive:
    from web.wiring import open_archive, read_settings

    settings = {"HOME": str(home), "DATABASE_URL": database_url, "SEARCH_ENGINE": engine}
    archive = open_archive(read_settings(settings))
    archive.init()
    return archive


ENGINES = ("whoosh", "postgresql")
"""The search engines the search tests run on (PostgreSQL when a server can be started)."""
_databases = count(1)


@pytest.fixture(scope="module", params=ENGINES)
def engine_home(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, str, str]]:
    """(archive folder, catalogue URL, engine name) of a new archive on each engine: the
    PostgreSQL engine on a database of its own on the throwaway server."""
    home = tmp_path_factory.mktemp(request.param) / "archive"
    if request.param == "whoosh":
        yield home, "", "whoosh"
        return
    server = request.getfixturevalue("postgres_server")
    suffix = f"search_{next(_databases)}"
    url = new_database(server, suffix)
    try:
        yield home, url, "postgresql"
    finally:
        drop_database(server, suffix)


@pytest.fixture(scope="module")
def seminar_archive(engine_home: tuple[Path, str, str]):  # type: ignore[no-untyped-def]
    """A read-only archive of `DOCS` on each engine, shared by a module's tests; yields
    (archive, ids)."""
    archive = open_test_archive(*engine_home)
    ids = build(archive)
    yield archive, ids
    archive.close()


@pytest.fixture()
def seminar_client(app):  # type: ignore[no-untyped-def]
    """The web app's test client over an archive of `DOCS`; `client.ids` maps keys to ids."""
    client = app.test_client()
    client.ids = build(app.extensions["clusnet"])
    return client
