"""`clusnet ingest` stopped part-way (Ctrl-C, or killed outright) and run again: every file
ends up in the archive exactly once, extracted and indexed, with its original stored."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from web.wiring import open_archive, read_settings

FILES = 40
MAKE_CORPUS = Path("tools") / "make_corpus.py"


def clusnet_command() -> list[str]:
    script = Path(sys.executable).with_name("clusnet")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from web.cli import main; main()"]


def ready_count(database: Path) -> int:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as connection:
            (count,) = connection.execute(
                "SELECT count(*) FROM documents WHERE status = 'ready'"
            ).fetchone()
    except sqlite3.Error:
        return 0
    return int(count)


@pytest.fixture()
def seminar_files(corpus_dir: Path, tmp_path: Path) -> Path:
    """FILES real texts rendered as DOCX, HTML and TXT by the shared corpus tool."""
    tool = corpus_dir.parent / MAKE_CORPUS
    if not tool.exists():
        pytest.skip(f"{tool} not found")
    folder = tmp_path / "seminar"
    subprocess.run(
        [
            sys.executable,
            str(tool),
            str(folder),
            "--docs",
            str(FILES),
            "--seed",
            "7",
            "--formats",
            "txt,html,docx",
        ],
        check=True,
        capture_output=True,
    )
    (folder / "manifest.jsonl").unlink()
    return folder


@pytest.mark.corpus
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGKILL], ids=["sigint", "sigkill"])
def test_a_stopped_ingest_resumes_without_duplicates_or_losses(
    initialised: Path, seminar_files: Path, stop: signal.Signals
) -> None:
    command = [*clusnet_command(), "ingest", "--silent", str(seminar_files)]
    environment = {**os.environ, "CLUSNET_HOME": str(initialised)}
    database = initialised / "catalogue.sqlite3"

    first = subprocess.Popen(
        command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while ready_count(database) < 5 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert first.poll() is None, "the first run ended before it could be stopped"
    first.send_signal(stop)
    first.wait(timeout=60)
    assert ready_count(database) < FILES  # it really stopped part-way

    again = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stdout + again.stderr

    expected = {hashlib.sha256(p.read_bytes()).hexdigest() for p in seminar_files.iterdir()}
    assert len(expected) == FILES
    archive = open_archive(read_settings({"HOME": str(initialised)}))
    try:
        documents = archive.catalogue.documents()
        assert len(documents) == FILES  # no duplicate rows
        assert {d.sha256 for d in documents} == expected  # none missing
        assert {d.status.value for d in documents} == {"ready"}  # nothing left queued
        for document in documents:
            original = archive.blobs.path(document.sha256)
            assert hashlib.sha256(original.read_bytes()).hexdigest() == document.sha256
        assert archive.indexer.document_ids() == {d.id for d in documents}
    finally:
        archive.close()
