"""Workers on one PostgreSQL archive: three `clusnet worker` processes read a queue of
real documents, one is killed with SIGKILL while it holds some, the others take them over;
every document is read, none twice but the killed worker's, all are searchable in the
PostgreSQL engine, and `clusnet check` is clean. (Processes on one machine stand in for
machines: they share nothing but the catalogue and the folder of originals.)"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from archive import DocumentStatus
from web.wiring import open_archive, read_settings

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "demo" / "documents"
WORKERS = 3


def clusnet(*args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("clusnet")), *args]


@pytest.fixture()
def scaled_out(tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "shared"
    monkeypatch.setenv("CLUSNET_HOME", str(home))
    monkeypatch.setenv("CLUSNET_DATABASE_URL", postgres_url)
    monkeypatch.setenv("CLUSNET_SEARCH_ENGINE", "postgresql")
    monkeypatch.setenv("CLUSNET_INGEST_WORKERS", "1")
    assert subprocess.run(clusnet("init"), capture_output=True).returncode == 0
    return home


def test_workers_share_the_queue_and_take_over_a_killed_ones_documents(
    scaled_out: Path,
) -> None:
    archive = open_archive(read_settings())
    try:
        ids = [archive.store(path).document.id for path in sorted(DEMO.iterdir())]
        workers = [
            subprocess.Popen(
                clusnet("worker", "--interval", "0.5"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(WORKERS)
        ]
        victim = workers[0]
        try:
            held = _claims_of(archive, victim.pid, timeout=120)
            os.kill(victim.pid, signal.SIGKILL)
            victim.communicate(timeout=30)
            _wait_until_read(archive, ids, timeout=420)
        finally:
            for worker in workers[1:]:
                worker.send_signal(signal.SIGINT)
            for worker in workers[1:]:
                _out, err = worker.communicate(timeout=120)
                assert "Traceback" not in err, err

        documents = [archive.document(i, with_pages=False) for i in ids]
        assert {d.status for d in documents} == {DocumentStatus.READY}
        attempts = _attempts(archive)
        assert {i for i in ids if attempts[i] == 2} <= held  # read again: only the victim's
        assert all(attempts[i] in (1, 2) for i in ids)
        assert archive.indexer.document_ids() == set(ids)  # indexed by the live workers
        with archive.catalogue.read() as session:
            rows = session.execute(text("SELECT count(*) FROM documents")).scalar_one()
        assert rows == len(ids)  # no duplicates
    finally:
        archive.close()
    check = subprocess.run(clusnet("check"), capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def _claims_of(archive, pid: int, timeout: float) -> set[int]:  # type: ignore[no-untyped-def]
    """The documents the worker process `pid` holds, once it holds some."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        held = {d for d, worker, _until in archive.catalogue.claims() if worker.endswith(f":{pid}")}
        if held:
            return held
        time.sleep(0.05)
    raise AssertionError(f"worker {pid} claimed nothing in {timeout:.0f} s")


def _wait_until_read(archive, ids: list[int], timeout: float) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        documents = archive.catalogue.get_many(ids, with_pages=False)
        waiting = [d.id for d in documents if d.status is DocumentStatus.QUEUED]
        unindexed = set(ids) - archive.indexer.document_ids()
        if not waiting and not unindexed:
            return
        time.sleep(1)
    raise AssertionError(f"still queued: {waiting}; not indexed: {sorted(unindexed)}")


def _attempts(archive) -> dict[int, int]:  # type: ignore[no-untyped-def]
    with archive.catalogue.read() as session:
        rows = session.execute(text("SELECT id, read_attempts FROM documents"))
        return {int(i): int(n) for i, n in rows}
