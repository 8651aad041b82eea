"""The index is a rebuildable cache: rebuilt beside the one in use, swapped in when complete.

Searches keep answering during a rebuild; a damaged index or a changed schema stamp is
found by `reindex --if-needed` and `init` and rebuilt from the catalogue; a failed build
leaves the index as it was.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from archive import SearchQuery

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "demo" / "documents"
FILES = 24


@pytest.fixture()
def filled(runner, initialised: Path, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(FILES):
        text = (
            f"A klaszterpolitika és a tudásipar, {n}. jegyzet. "
            f"The cluster policy note number {n} on knowledge transfer."
        )
        (docs / f"note-{n:02d}.txt").write_text(text, encoding="utf-8")
    result = runner.invoke("ingest", "--json", "--silent", str(docs))
    assert json.loads(result.stdout)["ingested"] == FILES
    return initialised


def _archive():  # type: ignore[no-untyped-def]
    from web.wiring import open_archive, read_settings

    return open_archive(read_settings())


def test_searches_keep_answering_during_a_rebuild(filled: Path) -> None:
    archive = _archive()
    reader = _archive()  # as a web worker: its own index object, searchers in a thread
    try:
        assert reader.search(SearchQuery("klaszterpolitika")).total == FILES
        answers: list[int] = []
        failures: list[str] = []
        done = threading.Event()

        def search() -> None:
            while not done.is_set() or len(answers) < 5:
                try:
                    answers.append(reader.search(SearchQuery("klaszterpolitika")).total)
                except Exception as exc:
                    failures.append(repr(exc))

        thread = threading.Thread(target=search)
        thread.start()
        try:
            for _ in range(3):
                assert archive.reindex() == FILES
        finally:
            done.set()
            thread.join(timeout=120)
        assert failures == []
        assert answers and set(answers) == {FILES}  # never an empty or half-built index
        assert not list(filled.glob("index.new-*")) and not list(filled.glob("index.*old*"))
        assert reader.search(SearchQuery("klaszterpolitika")).total == FILES
    finally:
        archive.close()
        reader.close()


def _segment_files(index: Path) -> list[Path]:
    return sorted(p for p in index.iterdir() if p.suffix not in {".toc", ".json"} and p.is_file())


@pytest.mark.parametrize("damage", ["truncate a segment file", "delete the TOC", "schema stamp"])
def test_a_damaged_or_stale_index_is_found_and_rebuilt(runner, filled: Path, damage: str) -> None:
    index = filled / "index"
    if damage == "truncate a segment file":
        for path in _segment_files(index):
            path.write_bytes(path.read_bytes()[:7])
    elif damage == "delete the TOC":
        for path in index.glob("*.toc"):
            path.unlink()
    else:
        (index / "clusnet-index.json").write_text('{"schema": 0}', encoding="utf-8")
    check = runner.invoke("check", "--json")
    assert check.exit_code == 1
    assert "index-unusable" in {f["kind"] for f in json.loads(check.stdout)["findings"]}
    result = runner.invoke("reindex", "--if-needed")
    assert result.exit_code == 0, result.output
    assert f"Indexed {FILES} documents" in result.stderr
    assert "up to date" in runner.invoke("reindex", "--if-needed").stderr
    assert runner.invoke("check").exit_code == 0
    found = json.loads(runner.invoke("search", "--json", "klaszterpolitika").stdout)
    assert found["total"] == FILES


def test_init_rebuilds_a_damaged_index(runner, filled: Path) -> None:
    for path in (filled / "index").glob("*.toc"):
        path.unlink()
    assert runner.invoke("init").exit_code == 0
    found = json.loads(runner.invoke("search", "--json", "klaszterpolitika").stdout)
    assert found["total"] == FILES


def test_a_failed_build_leaves_the_index_as_it_was(filled: Path) -> None:
    archive = _archive()
    try:
        before = sorted(p.name for p in (filled / "index").iterdir())

        def batches():  # type: ignore[no-untyped-def]
            yield archive.catalogue.get_many(archive.catalogue.ready_ids()[:5])
            raise RuntimeError("the disk is full")

        with pytest.raises(RuntimeError):
            archive.indexer.rebuild(batches())
        assert sorted(p.name for p in (filled / "index").iterdir()) == before
        assert not list(filled.glob("index.new-*"))
        assert archive.search(SearchQuery("klaszterpolitika")).total == FILES
    finally:
        archive.close()
