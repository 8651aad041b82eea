"""The job queue in the catalogue: workers claim queued documents with a lease, never take
the same one, take over a stopped worker's documents, and give up on a document whose
reading never finishes. Real catalogue (SQLite), real files, real `clusnet worker`
processes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from archive import Archive, DocumentStatus, Outcome, SearchQuery
from archive.job_queue import MAX_READ_ATTEMPTS, CatalogueQueue
from web.wiring import open_archive, read_settings

HUNGARIAN = (
    "A budapesti klaszterpolitika a tudásipar szereplőit fogja össze: önkormányzatok, "
    "egyetemek és kisvállalkozások dolgoznak együtt a Mobilitási és Multimédia Klaszterben."
)


@pytest.fixture()
def archive(initialised: Path):  # type: ignore[no-untyped-def]
    opened = open_archive(read_settings({"HOME": str(initialised)}))
    yield opened
    opened.close()


def stored(archive: Archive, folder: Path, count: int) -> list[int]:
    """`count` queued documents (stored, not read yet)."""
    folder.mkdir(exist_ok=True)
    ids = []
    for n in range(count):
        path = folder / f"jegyzet-{n}.txt"
        path.write_text(f"{n}. jegyzet. {HUNGARIAN}", encoding="utf-8")
        ids.append(archive.store(path).document.id)
    return ids


def queue(archive: Archive, worker: str, lease: float = 60.0) -> CatalogueQueue:
    return CatalogueQueue(archive.catalogue, archive.queue_changed, lease, worker=worker)


def attempts(archive: Archive) -> dict[int, int]:
    with archive.catalogue.engine.connect() as connection:
        rows = connection.execute(text("SELECT id, read_attempts FROM documents"))
        return {int(i): int(n) for i, n in rows}


def test_two_workers_never_claim_the_same_document(archive: Archive, tmp_path: Path) -> None:
    ids = stored(archive, tmp_path / "files", 5)
    first, second = queue(archive, "here:1"), queue(archive, "there:1")
    mine = first.claim(3)
    theirs = second.claim(10)
    assert [c.document_id for c in mine] == ids[:3]
    assert [c.document_id for c in theirs] == ids[3:]
    assert second.claim(10) == [] and first.claim(10) == []
    first.finish(mine[:1])  # given back unread: the other worker may take it at once
    (again,) = second.claim(10)
    assert (again.document_id, again.attempt) == (ids[0], 1)  # giving back is no attempt


def test_a_lapsed_lease_passes_the_document_on_and_repeated_stops_fail_it(
    archive: Archive, tmp_path: Path
) -> None:
    (document_id,) = stored(archive, tmp_path / "files", 1)
    claims = []
    for n in range(MAX_READ_ATTEMPTS):
        (claim,) = queue(archive, f"worker-{n}:1", lease=0.05).claim(1)
        assert (claim.document_id, claim.attempt) == (document_id, n + 1)
        claims.append(claim)
        time.sleep(0.1)  # the worker never finishes: its lease runs out
    assert queue(archive, "last:1").claim(1) == []
    document = archive.document(document_id)
    assert document.status is DocumentStatus.FAILED
    assert "never finished" in (document.error or "")
    assert archive.queue.claim(1) == []  # the queue has moved on


def test_a_renewed_lease_keeps_the_document(archive: Archive, tmp_path: Path) -> None:
    (document_id,) = stored(archive, tmp_path / "files", 1)
    holder = queue(archive, "holder:1", lease=0.3)
    claims = holder.claim(1)
    for _ in range(3):
        time.sleep(0.15)
        holder.renew(claims)
    assert queue(archive, "other:1").claim(1) == []
    assert attempts(archive)[document_id] == 1


def test_a_dead_worker_on_this_machine_loses_its_documents_at_once(
    archive: Archive, tmp_path: Path
) -> None:
    here, elsewhere = stored(archive, tmp_path / "files", 2)
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    queue(archive, f"{socket.gethostname()}:{gone}", lease=3600).claim(1, [here])
    queue(archive, f"another-machine:{gone}", lease=3600).claim(1, [elsewhere])
    # this machine knows its process is gone; the other machine's may still be at work
    (claim,) = archive.queue.claim(2)
    assert (claim.document_id, claim.attempt) == (here, 2)


def test_reading_leaves_a_document_another_worker_holds(archive: Archive, tmp_path: Path) -> None:
    held, free = stored(archive, tmp_path / "files", 2)
    queue(archive, "another-machine:7").claim(1, [held])
    outcomes = {o.document_id: o for o in archive.process([held, free])}
    assert outcomes[free].outcome is Outcome.INGESTED and outcomes[free].reason is None
    assert "another worker" in (outcomes[held].reason or "")
    assert archive.document(held).status is DocumentStatus.QUEUED
    assert archive.document(free).status is DocumentStatus.READY
    assert archive.search(SearchQuery("klaszterpolitikával")).total == 1  # free: indexed


def test_three_worker_processes_read_each_document_once(
    archive: Archive, initialised: Path, tmp_path: Path
) -> None:
    ids = stored(archive, tmp_path / "files", 24)
    command = [str(Path(sys.executable).with_name("clusnet")), "--home", str(initialised)]
    workers = [
        subprocess.Popen(
            [*command, "worker", "--once", "--no-index"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for process in workers:
        _out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    assert {archive.document(i).status for i in ids} == {DocumentStatus.READY}
    assert {attempts(archive)[i] for i in ids} == {1}  # each read exactly once
    assert archive.search(SearchQuery("klaszterpolitika")).total == 0  # nobody indexed
    archive.index_pending()
    assert archive.search(SearchQuery("klaszterpolitika", limit=30)).total == len(ids)
