"""SQLite write transactions take the lock up front (BEGIN IMMEDIATE): processes that read
then write never fail with "database is locked" and never lose an update."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PROCESSES = 4
INCREMENTS = 100

WORKER = textwrap.dedent(
    """
    import sys
    from archive import Catalogue, DocumentMetadata, create_catalogue_engine
    from archive.catalogue import DocumentRow

    catalogue = Catalogue(create_catalogue_engine(sys.argv[1]))
    failures = 0
    for n in range(int(sys.argv[2])):
        try:
            # read, then write what was read plus one, in one write transaction
            with catalogue.write() as session:
                row = session.get(DocumentRow, 1)
                row.description = str(int(row.description or "0") + 1)
            # and a change through the catalogue's own API, read before
            title = catalogue.get(1, with_pages=False).title or ""
            catalogue.update_metadata(1, DocumentMetadata(title=f"{title[:20]} {n}"))
        except Exception as exc:
            failures += 1
            print(type(exc).__name__, exc, file=sys.stderr)
    print(failures)
    """
)


def test_processes_that_read_then_write_never_fail(tmp_path: Path) -> None:
    from archive import Catalogue, create_catalogue_engine, sqlite_url
    from archive.catalogue import upgrade_schema

    url = sqlite_url(tmp_path / "catalogue.sqlite3")
    engine = create_catalogue_engine(url)
    upgrade_schema(engine)
    catalogue = Catalogue(engine)
    catalogue.add_queued("a" * 64, "counter.txt", 1)
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, url, str(INCREMENTS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    results = [p.communicate(timeout=300) for p in processes]
    for (out, err), process in zip(results, processes, strict=True):
        assert process.returncode == 0, err
        assert out.strip() == "0", err[-2000:]
    assert catalogue.get(1, with_pages=False).description == str(PROCESSES * INCREMENTS)
    engine.dispose()


def test_every_catalogue_write_takes_the_lock_up_front(tmp_path: Path) -> None:
    """Reads are deferred transactions; every method that writes goes through `write()`."""
    from archive import ArchiveError, Catalogue, create_catalogue_engine, sqlite_url
    from archive.catalogue import DocumentRow, upgrade_schema

    engine = create_catalogue_engine(sqlite_url(tmp_path / "catalogue.sqlite3"))
    upgrade_schema(engine)
    catalogue = Catalogue(engine)
    catalogue.add_queued("b" * 64, "x.txt", 1)
    with catalogue.read() as session:  # a read session refuses to write
        row = session.get(DocumentRow, 1)
        row.title = "changed in a read"
        with pytest.raises(ArchiveError, match=r"Catalogue\.write"):
            session.commit()
    assert catalogue.get(1).title is None
    engine.dispose()
