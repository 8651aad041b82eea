"""kill -9 at random moments of `clusnet ingest`: nothing is lost, nothing is doubled.

The order of an ingest is: the original is copied to a locked temporary file, flushed and
renamed into the content-addressed store; then its catalogue row is committed (queued);
the extraction is committed (ready, not indexed); the index is written from the catalogue
and the rows marked indexed. A kill between any two steps leaves work that a rerun of the
ingest, or `clusnet check --repair`, finishes (or rolls back: half-written temporary files).

The test ingests ~200 small real Hungarian and English TXT and HTML files in batches,
SIGKILLs `clusnet ingest` at seeded random moments, checks what must hold even right after
a kill, then recovers (a rerun or `check --repair`, in turn) and checks everything.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import itertools
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from contextlib import closing, suppress
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = 20100304
BATCHES = 18
PER_BATCH = 11
CHARS = 700
MIN_KILLS = 15
RECOVER_EVERY = 3


def _corpus() -> Path:
    configured = os.environ.get("CLUSNET_TEST_CORPUS")
    return Path(configured) if configured else REPO.parent / "shared" / "corpus"


def _records(path: Path, count: int) -> list[str]:
    texts = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            text = " ".join(json.loads(line)["text"].split())
            if len(text) >= 300:
                texts.append(text)
            if len(texts) >= count:
                break
    return texts


def _paragraphs() -> list[str]:
    """Hungarian and English text: the shared corpus, or the demo documents and fixtures."""
    half = BATCHES * PER_BATCH // 2
    text = _corpus() / "text"
    hu, en = text / "hu_parlamint_speeches.jsonl.gz", text / "en_ungd2017.jsonl.gz"
    if hu.is_file() and en.is_file():
        return [
            t for pair in zip(_records(hu, half), _records(en, half), strict=False) for t in pair
        ]
    from bs4 import BeautifulSoup

    sources = [
        *sorted((REPO / "demo" / "documents").glob("*.txt")),
        *sorted((REPO / "demo" / "documents").glob("*.html")),
        *sorted((REPO / "tests" / "fixtures").glob("*.txt")),
    ]
    found = []
    for source in sources:
        raw = source.read_bytes()
        try:
            decoded = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            decoded = raw.decode("cp1250")
        if source.suffix == ".html":
            decoded = BeautifulSoup(decoded, "html.parser").get_text("\n")
        found += [" ".join(p.split()) for p in decoded.split("\n") if len(p.split()) >= 8]
    assert found, "no text to make test files from"
    return found


def make_inputs(root: Path) -> list[Path]:
    """BATCHES folders of PER_BATCH small files, TXT and HTML in turn, all different."""
    paragraphs = _paragraphs()
    source = itertools.cycle(paragraphs)
    folders = []
    for b in range(BATCHES):
        folder = root / f"batch-{b:02d}"
        folder.mkdir(parents=True)
        for n in range(PER_BATCH):
            serial = b * PER_BATCH + n
            text = next(source)
            while len(text) < CHARS // 2:
                text += " " + next(source)
            text = f"{text[:CHARS]} ({serial})"
            if serial % 2:
                body = f"<p>{html.escape(text)}</p>"
                page = f"<html><head><title>Doc {serial}</title></head><body>{body}</body></html>"
                (folder / f"doc-{serial:03d}.html").write_text(page, encoding="utf-8")
            else:
                (folder / f"doc-{serial:03d}.txt").write_text(text, encoding="utf-8")
        folders.append(folder)
    return folders


def clusnet(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "clusnet"
    return subprocess.run(
        [str(exe), *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


class Progress:
    """How far an ingest has got, read from the outside as it runs (WAL: readers never wait)."""

    def __init__(self, home: Path) -> None:
        self.home = home

    def originals(self) -> int:
        return sum(1 for _ in (self.home / "originals").glob("??/??/*"))

    def counts(self) -> tuple[int, int, int]:
        """Documents queued, ready but not indexed, and ready and indexed."""
        with closing(sqlite3.connect(self.home / "catalogue.sqlite3", timeout=30)) as db:
            rows = db.execute("SELECT status, indexed FROM documents").fetchall()
        return (
            sum(1 for status, _ in rows if status == "queued"),
            sum(1 for status, indexed in rows if status == "ready" and not indexed),
            sum(1 for status, indexed in rows if status == "ready" and indexed),
        )


def kill_moment(rng: random.Random, progress: Progress, run_time: float):  # type: ignore[no-untyped-def]
    """A moment to kill at, picked at random among the stages of an ingest: a condition
    on its progress, polled while it runs."""
    stage = rng.choice(["storing", "extracting", "indexing", "any time"])
    step = rng.randint(1, PER_BATCH - 1)
    stored = progress.originals()
    _, _, indexed = progress.counts()
    started = time.monotonic()
    delay = rng.uniform(0.0, 1.0) * run_time
    linger = rng.uniform(0.0, 0.3)
    seen: list[float] = []

    def due() -> bool:
        if stage == "storing":
            return progress.originals() >= stored + step
        if stage == "any time":
            return time.monotonic() - started >= delay
        queued, pending, ready = progress.counts()
        if stage == "extracting":
            return ready + pending >= indexed + step and queued > 0
        if pending and not queued:  # extraction done: the index is being written
            seen.append(seen[0] if seen else time.monotonic())
            return time.monotonic() - seen[0] >= linger
        return False

    due.stage = stage  # type: ignore[attr-defined]
    return due


def killed_ingest(folders: list[Path], due, env: dict[str, str]) -> bool:  # type: ignore[no-untyped-def]
    """Start `clusnet ingest`, SIGKILL it when `due()`; False if it finished first."""
    exe = Path(sys.executable).parent / "clusnet"
    process = subprocess.Popen(
        [str(exe), "ingest", "--silent", *map(str, folders)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while process.poll() is None:
            if due():
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=30)
                return process.returncode == -signal.SIGKILL
            time.sleep(0.005)
        return False
    finally:
        with suppress(ProcessLookupError):  # its readers die with it, as after a power cut
            os.killpg(process.pid, signal.SIGKILL)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class State:
    """What is in the catalogue, the store of originals and the index right now."""

    def __init__(self, home: Path) -> None:
        with closing(sqlite3.connect(home / "catalogue.sqlite3")) as db:
            self.rows = db.execute("SELECT id, sha256, status, indexed FROM documents").fetchall()
            self.errors = db.execute(
                "SELECT id, filename, error FROM documents WHERE error IS NOT NULL"
            ).fetchall()
        store = home / "originals"
        self.originals = {p.name: p for p in store.glob("??/??/*")}
        self.temporary = sorted(p.name for p in store.glob(".incoming-*"))
        from whoosh import index as whoosh_index

        ix = whoosh_index.open_dir(str(home / "index"))
        with ix.searcher() as searcher:
            self.index_ids = Counter(int(f["id"]) for f in searcher.all_stored_fields())
        self.shas = Counter(sha for _, sha, _, _ in self.rows)
        self.ready = {i for i, _, status, _ in self.rows if status == "ready"}

    def always(self, inputs: dict[str, str]) -> None:
        """What holds at every instant, even right after a kill."""
        assert all(n == 1 for n in self.shas.values()), "a file catalogued twice"
        assert set(self.shas) <= set(inputs), "a catalogue row for a file never ingested"
        missing = set(self.shas) - set(self.originals)
        assert not missing, f"catalogue rows without their original: {missing}"
        assert set(self.originals) <= set(inputs), "an original that was never ingested"
        assert all(n == 1 for n in self.index_ids.values()), "an index entry twice"
        assert set(self.index_ids) <= {i for i, *_ in self.rows}, "index entries without rows"

    def recovered(self, inputs: dict[str, str], complete: set[str]) -> None:
        """What holds once a rerun or `check --repair` has finished the interrupted work."""
        self.always(inputs)
        assert not self.temporary, f"temporary files left: {self.temporary}"
        assert set(self.originals) == set(self.shas), "an original without a catalogue row"
        assert complete <= set(self.shas), "an input file is not in the archive"
        statuses = Counter(status for _, _, status, _ in self.rows)
        assert statuses == {"ready": len(self.rows)}, (statuses, self.errors)
        assert set(self.index_ids) == self.ready, "ready documents missing from the index"
        assert all(indexed for *_, indexed in self.rows)
        for name, path in self.originals.items():
            assert sha256(path) == name, f"original {name} is damaged"


def test_kill_minus_nine_loses_and_doubles_nothing(tmp_path: Path, record_property) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(SEED)
    folders = make_inputs(tmp_path / "inputs")
    files = sorted(p for folder in folders for p in folder.iterdir())
    inputs = {sha256(p): p.name for p in files}
    assert len(inputs) == BATCHES * PER_BATCH
    home = tmp_path / "archive"
    env = {
        **os.environ,
        "CLUSNET_HOME": str(home),
        "CLUSNET_INGEST_WORKERS": "2",
        "CLUSNET_EXTRACT_TIMEOUT": "30",
    }
    assert clusnet("init", env=env).returncode == 0

    # The first batch, uninterrupted, tells how long a run takes on this machine.
    started = time.monotonic()
    result = clusnet("ingest", "--silent", str(folders[0]), env=env)
    assert result.returncode == 0, result.stderr
    run_time = time.monotonic() - started

    # Each batch: an ingest of every batch so far, killed at a random moment (the next
    # batch's ingest is its rerun); every RECOVER_EVERY batches a rerun that finishes, or
    # `check --repair`, in turn, and then everything is checked.
    kills = reruns = repairs = 0
    stages: Counter[str] = Counter()
    complete = {sha256(p) for p in folders[0].iterdir()}
    for batch in range(1, BATCHES):
        wanted = folders[: batch + 1]
        due = kill_moment(rng, Progress(home), run_time)
        if killed_ingest(wanted, due, env):
            kills += 1
            stages[due.stage] += 1
            State(home).always(inputs)
        if batch % RECOVER_EVERY:
            continue
        if (batch // RECOVER_EVERY) % 2:
            result = clusnet("ingest", "--silent", *map(str, wanted), env=env)
            assert result.returncode == 0, result.stderr
            complete |= {sha256(p) for folder in wanted for p in folder.iterdir()}
            reruns += 1
        else:
            result = clusnet("check", "--repair", env=env)
            assert result.returncode == 0, result.stdout + result.stderr
            repairs += 1
        try:
            State(home).recovered(inputs, complete)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\nrecovery said: {result.stdout}{result.stderr}") from exc

    result = clusnet("ingest", "--silent", *map(str, folders), env=env)
    assert result.returncode == 0, result.stderr
    final = State(home)
    final.recovered(inputs, set(inputs))
    assert len(final.rows) == len(inputs)
    check = clusnet("check", "--json", env=env)
    assert check.returncode == 0, check.stdout
    assert json.loads(check.stdout)["documents"] == len(inputs)
    record_property("kill_points", kills)
    sys.stderr.write(
        f"\n{kills} kill points survived ({dict(stages)}; {reruns} reruns, {repairs} repairs)\n"
    )
    assert kills >= MIN_KILLS
