"""`clusnet check`: real originals damaged on disk, a real catalogue and a real index."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "demo" / "documents"
FILES = (
    "cluster-cooperation-note-hu-cp1250.txt",
    "manchester-helsinki-knowledge-transfer-smes-en.txt",
    "budapest-seminar-2010-programme-minutes-hu.html",
)
TWO_HOURS = 2 * 3600


def check(runner, *args: str) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    result = runner.invoke("check", "--json", *args)
    return result.exit_code, json.loads(result.stdout)


def kinds(report: dict, *, remaining: bool = False) -> list[tuple[str, object]]:
    return sorted(
        (f["kind"], f["document_id"] or Path(f["path"] or "archive").name)
        for f in report["findings"]
        if not (remaining and f["repaired"])
    )


def sql(home: Path, statement: str, *params: object) -> list[tuple]:
    with closing(sqlite3.connect(home / "catalogue.sqlite3")) as db, db:
        return db.execute(statement, params).fetchall()


def original(home: Path, document_id: int) -> Path:
    [(sha,)] = sql(home, "SELECT sha256 FROM documents WHERE id = ?", document_id)
    return home / "originals" / sha[:2] / sha[2:4] / sha


def age(path: Path, seconds: int = TWO_HOURS) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


@pytest.fixture()
def archive(runner, initialised: Path, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    result = runner.invoke("ingest", "--json", *(str(DEMO / name) for name in FILES))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["ingested"] == len(FILES)
    return initialised


def test_an_intact_archive_passes_and_records_when_it_was_verified(runner, archive) -> None:
    code, report = check(runner)
    assert code == 0
    assert report["ok"] and report["findings"] == []
    assert (report["documents"], report["verified"], report["not_verified"]) == (3, 3, 0)
    assert all(checked for (checked,) in sql(archive, "SELECT checked FROM documents"))

    result = runner.invoke("check")
    assert result.exit_code == 0
    assert "3 of 3 originals verified" in result.stdout
    assert "no problems found" in result.stdout


def test_an_altered_original_is_reported_with_the_fix(runner, archive) -> None:
    path = original(archive, 2)
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[10] ^= 0x20  # same size: only the hash tells
    path.write_bytes(bytes(data))

    result = runner.invoke("check")
    assert result.exit_code == 1
    [line] = [line for line in result.stdout.splitlines() if line.startswith("altered-original")]
    assert "document 2" in line
    assert hashlib.sha256(data).hexdigest() in line
    assert "restore the file from a backup" in line

    # repair cannot fix it, and never touches the original
    code, report = check(runner, "--repair")
    assert code == 1
    assert kinds(report, remaining=True) == [("altered-original", 2)]
    assert path.read_bytes() == bytes(data)


def test_the_budget_verifies_the_least_recently_verified_first(runner, archive) -> None:
    assert check(runner)[0] == 0
    sql(archive, "UPDATE documents SET checked = NULL WHERE id = 2")
    sql(archive, "UPDATE documents SET checked = '2001-01-01 00:00:00' WHERE id = 3")
    before = dict(sql(archive, "SELECT id, checked FROM documents"))

    code, report = check(runner, "--budget", "0")
    assert code == 0
    assert (report["verified"], report["not_verified"]) == (1, 2)
    after = dict(sql(archive, "SELECT id, checked FROM documents"))
    assert after[2] is not None and after[1] == before[1] and after[3] == before[3]

    code, report = check(runner, "--budget", "0")
    assert report["verified"] == 1
    assert dict(sql(archive, "SELECT id, checked FROM documents"))[3] != before[3]

    # a changed size is seen even when the budget leaves the original unhashed
    path = original(archive, 1)
    path.chmod(0o644)
    with path.open("ab") as handle:
        handle.write(b"appended")
    sql(archive, "UPDATE documents SET checked = NULL WHERE id = 2")
    code, report = check(runner, "--budget", "0")
    assert code == 1
    assert kinds(report) == [("altered-original", 1)]
    assert "bytes instead of" in report["findings"][0]["message"]


def test_damage_is_reported_then_repaired_without_losing_anything(
    runner, archive: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    store = archive / "originals"
    # 1: the original of document 1 is deleted
    original(archive, 1).unlink()
    # 2: document 2 drops out of the index
    from web.wiring import open_archive, read_settings

    opened = open_archive(read_settings())
    opened.indexer.delete([2])
    opened.close()
    # 3: document 3 was left queued by an interrupted ingest two days ago
    sql(archive, "UPDATE documents SET status = 'queued', updated = '2001-01-01' WHERE id = 3")
    # 4: an original without a catalogue entry (its row was lost)
    lost = b"Elveszett jegyzet a klaszterpolitika fenntarthatosagarol."
    sha = hashlib.sha256(lost).hexdigest()
    orphan = store / sha[:2] / sha[2:4] / sha
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(lost)
    age(orphan)
    # 5: a temporary file of an ingest that died, and one of an ingest running now
    stale = store / ".incoming-dead"
    stale.write_bytes(b"half a file")
    age(stale)
    running = store / ".incoming-live"
    running.write_bytes(b"being copied")
    live = running.open("rb")  # a live writer holds its temporary file's lock
    fcntl.flock(live, fcntl.LOCK_EX)
    request.addfinalizer(live.close)
    # 6: a file someone dropped into the store
    stray = store / "notes.txt"
    stray.write_text("not an original", encoding="utf-8")

    result = runner.invoke("check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 8  # seven findings (3 is in the index while queued) and a summary
    assert "problems found" in lines[-1] and "--repair" in lines[-1]

    code, report = check(runner)
    assert code == 1
    assert kinds(report) == [
        ("index-orphan", 3),
        ("missing-original", 1),
        ("not-indexed", 2),
        ("orphan-original", sha),
        ("stray-file", "notes.txt"),
        ("stuck-queued", 3),
        ("temporary-file", ".incoming-dead"),
    ]
    by_kind = {f["kind"]: f for f in report["findings"]}
    assert "restore the file" in by_kind["missing-original"]["fix"]
    assert "clusnet check --repair" in by_kind["orphan-original"]["fix"]

    code, report = check(runner, "--repair")
    assert code == 1  # the missing original and the stray file need a person
    assert kinds(report, remaining=True) == [("missing-original", 1), ("stray-file", "notes.txt")]
    recovered = next(f for f in report["findings"] if f["kind"] == "orphan-original")
    assert recovered["repaired"] and recovered["document_id"] == 4

    # nothing was lost: the orphan is document 4, extracted and searchable
    assert orphan.read_bytes() == lost and stray.is_file() and running.is_file()
    assert not stale.exists()
    shown = json.loads(runner.invoke("show", "--json", "4").stdout)
    assert shown["filename"] == f"recovered-{sha[:12]}"
    assert shown["status"] == "ready"
    assert sql(archive, "SELECT status FROM documents WHERE id = 3") == [("ready",)]
    found = json.loads(runner.invoke("search", "--json", "klaszterpolitika").stdout)
    assert 4 in {hit["id"] for hit in found["hits"]}
    assert json.loads(runner.invoke("search", "--json", "knowledge").stdout)["total"] >= 1

    code, report = check(runner)
    assert kinds(report) == [("missing-original", 1), ("stray-file", "notes.txt")]
    stray.unlink()
    original_bytes = (DEMO / FILES[0]).read_bytes()
    target = original(archive, 1)
    target.write_bytes(original_bytes)
    code, report = check(runner)
    assert code == 0, report


def test_a_missing_index_is_rebuilt_by_repair(runner, archive: Path) -> None:
    import shutil

    shutil.rmtree(archive / "index")
    code, report = check(runner)
    assert code == 1
    assert kinds(report) == [("index-unusable", "archive")]
    code, report = check(runner, "--repair")
    assert code == 0
    assert "rebuilt with 3 documents" in report["findings"][0]["outcome"]
    assert json.loads(runner.invoke("search", "--json", "klaszter").stdout)["total"] >= 1


def test_check_before_init_says_what_to_do(runner, home: Path) -> None:
    result = runner.invoke("check")
    assert result.exit_code == 1
    assert "clusnet init" in result.output
