"""`clusnet export` and `clusnet import`: a BagIt bag of real documents, restored byte for byte."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

REPO = Path(__file__).resolve().parents[1]
SOURCES = (REPO / "demo" / "documents", REPO / "tests" / "fixtures")
QUERIES = (
    "klaszter",
    "klaszterpolitika",
    "pályázatok",
    "onkormanyzati tamogatas",
    "gazdaságfejlesztés",
    "knowledge transfer",
    "cluster policy",
    '"expert report"',
    "innovation OR innovációs",
    "budapest",
)
ENV = {"CLUSNET_EXTRACT_TIMEOUT": "30", "CLUSNET_INGEST_WORKERS": "2", "CLUSNET_DATABASE_URL": ""}

Invoke = Callable[..., Result]


def cli(home: Path) -> Invoke:
    from web.cli import main

    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(main, ["--home", str(home), *args], env=ENV, catch_exceptions=False)

    return invoke


def documents(invoke: Invoke) -> dict[int, dict]:
    """Every document with its text, as `clusnet show --json --text` gives it."""
    shown = {}
    document_id = 1
    while (result := invoke("show", "--json", "--text", str(document_id))).exit_code == 0:
        shown[document_id] = json.loads(result.stdout)
        document_id += 1
    return shown


def hit_ids(invoke: Invoke) -> dict[str, list[int]]:
    found = {}
    for query in QUERIES:
        result = invoke("search", "--json", "--limit", "50", query)
        assert result.exit_code == 0, result.output
        found[query] = [hit["id"] for hit in json.loads(result.stdout)["hits"]]
    return found


def originals(home: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (home / "originals").glob("??/??/*")}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict]:
    """An archive of the demo documents and test fixtures, with metadata, and its bag."""
    home = tmp_path_factory.mktemp("source") / "archive"
    invoke = cli(home)
    assert invoke("init").exit_code == 0
    ingested = json.loads(invoke("ingest", "--json", *map(str, SOURCES)).stdout)
    assert ingested["ingested"] >= 15 and ingested["failed"] >= 1

    from archive.model import DocumentMetadata, DocumentType
    from web.wiring import open_archive, read_settings

    archive = open_archive(read_settings({"HOME": str(home), "DATABASE_URL": ""}))
    seminar = archive.catalogue.seminars()[0]
    archive.catalogue.update_metadata(
        1,
        DocumentMetadata(
            title="Mobilitás és Multimédia Klaszter",
            seminar=seminar.slug,
            partner=seminar.host,
            doc_type=DocumentType.CASE_STUDY,
            doc_date=date(2010, 3, 4),
            authors=("Kovács Éva", "John Smith"),
            language="hu",
            restricted=True,
            description="Esettanulmány a CLUSNET budapesti szemináriumáról",
        ),
    )
    archive.catalogue.set_withdrawn(2, True)
    with closing(sqlite3.connect(home / "catalogue.sqlite3")) as db, db:  # a later document
        db.execute("UPDATE documents SET replaces = 9 WHERE id = 4")
    archive.index_pending()
    archive.close()

    bag = tmp_path_factory.mktemp("bags") / "clusnet-bag"
    result = invoke("export", "--json", str(bag))
    assert result.exit_code == 0, result.output
    return home, bag, json.loads(result.stdout)


def test_export_writes_a_valid_bagit_bag(exported) -> None:
    _home, bag, summary = exported
    assert summary["ok"] and summary["documents"] >= 20
    assert (bag / "bagit.txt").read_text(encoding="utf-8") == (
        "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    )
    info = dict(
        line.split(": ", 1) for line in (bag / "bag-info.txt").read_text("utf-8").splitlines()
    )
    assert abs((date.fromisoformat(info["Bagging-Date"]) - date.today()).days) <= 1
    manifest = {}
    for line in (bag / "manifest-sha256.txt").read_text("utf-8").splitlines():
        digest, path = line.split("  ", 1)
        manifest[path] = digest
    payload = [p for p in (bag / "data").rglob("*") if p.is_file()]
    assert sorted(manifest) == sorted(p.relative_to(bag).as_posix() for p in payload)
    for path in payload:
        assert (
            hashlib.sha256(path.read_bytes()).hexdigest()
            == manifest[path.relative_to(bag).as_posix()]
        )
    octets = sum(p.stat().st_size for p in payload)
    assert info["Payload-Oxum"] == f"{octets}.{len(payload)}"
    for line in (bag / "tagmanifest-sha256.txt").read_text("utf-8").splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((bag / name).read_bytes()).hexdigest() == digest

    metadata = json.loads((bag / "data/documents/1/metadata.json").read_text("utf-8"))
    document = metadata["document"]
    assert document["restricted"] is True and document["doc_type"] == "case_study"
    assert document["authors"] == ["Kovács Éva", "John Smith"]
    assert document["doc_date"] == "2010-03-04" and document["seminar"]
    assert metadata["original"] == f"original/{document['filename']}"  # the first demo file
    first_page = bag / "data/documents/1" / metadata["pages"][0]["text"]
    assert "CLUSNET" in first_page.read_text("utf-8")  # as every demo document
    assert json.loads((bag / "data/documents/2/metadata.json").read_text("utf-8"))["document"][
        "withdrawn"
    ]
    reference = json.loads((bag / "data/reference.json").read_text("utf-8"))
    assert reference["partners"] and reference["seminars"]


def test_round_trip_restores_everything(exported, tmp_path: Path) -> None:
    source_home, bag, _summary = exported
    source = cli(source_home)
    home = tmp_path / "restored"
    restored = cli(home)

    result = restored("import", "--json", str(bag))
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["documents"] == _summary["documents"]

    assert originals(home) == originals(source_home)
    assert documents(restored) == documents(source)
    # The same documents match; their order can differ by the index's history (scores
    # count documents replaced in segments not yet merged), so it is compared after the
    # source's index is rebuilt the way an import builds it.
    found = hit_ids(source)
    assert {q: sorted(ids) for q, ids in hit_ids(restored).items()} == {
        q: sorted(ids) for q, ids in found.items()
    }
    assert any(len(ids) > 1 for ids in found.values())
    restored_rows = sqlite3.connect(home / "catalogue.sqlite3")
    try:
        assert restored_rows.execute("SELECT replaces FROM documents WHERE id = 4").fetchall() == [
            (9,)
        ]
    finally:
        restored_rows.close()
    assert source("reindex").exit_code == 0
    assert hit_ids(source) == hit_ids(restored)

    from web.wiring import open_archive, read_settings

    archives = [
        open_archive(read_settings({"HOME": str(h), "DATABASE_URL": ""}))
        for h in (source_home, home)
    ]
    try:
        before, after = archives
        assert before.catalogue.partners() == after.catalogue.partners()
        assert before.catalogue.seminars() == after.catalogue.seminars()
    finally:
        for archive in archives:
            archive.close()

    # exporting the restored archive gives the same payload, file for file
    again = tmp_path / "again"
    assert restored("export", str(again)).exit_code == 0
    assert (again / "manifest-sha256.txt").read_text("utf-8") == (
        bag / "manifest-sha256.txt"
    ).read_text("utf-8")

    # and the restored archive goes on: a new document gets the next id
    new = tmp_path / "new.txt"
    new.write_text("Új jegyzet a klaszterek együttműködéséről és a pályázatokról.", "utf-8")
    report = json.loads(restored("ingest", "--json", str(new)).stdout)
    assert report["files"][0]["id"] == summary["documents"] + 1
    checked = restored("check")
    assert checked.exit_code == 0, checked.output


def test_a_damaged_bag_is_refused_with_the_bad_files(exported, tmp_path: Path) -> None:
    _home, bag, _summary = exported
    damaged = tmp_path / "damaged"
    shutil.copytree(bag, damaged)
    text = damaged / "data/documents/3/text/page-0001.txt"
    text.write_text(text.read_text("utf-8").replace("a", "á", 1), "utf-8")
    (damaged / "data/documents/4/metadata.json").unlink()
    (damaged / "data/extra.txt").write_text("smuggled", "utf-8")

    home = tmp_path / "restored"
    result = cli(home)("import", str(damaged))
    assert result.exit_code == 1
    assert "nothing was imported" in result.output
    assert "data/documents/3/text/page-0001.txt: checksum differs" in result.output
    assert "data/documents/4/metadata.json: missing" in result.output
    assert "data/extra.txt: not in the manifest" in result.output
    assert not (home / "catalogue.sqlite3").exists()


def test_import_refuses_an_archive_that_is_not_empty(exported) -> None:
    home, bag, _summary = exported
    result = cli(home)("import", str(bag))
    assert result.exit_code == 1
    assert "import restores into an empty archive only" in result.output
    assert "CLUSNET_HOME" in result.output


def test_export_refuses_a_folder_that_is_not_empty(exported, tmp_path: Path) -> None:
    home, _bag, _summary = exported
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "file.txt").write_text("mine", "utf-8")
    result = cli(home)("export", str(tmp_path / "taken"))
    assert result.exit_code == 1
    assert "export into a new folder" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_import_of_a_folder_that_is_no_bag(tmp_path: Path) -> None:
    result = cli(tmp_path / "archive")("import", str(tmp_path))
    assert result.exit_code == 1
    assert "not a BagIt bag" in result.output


def test_safe_filenames() -> None:
    from archive.transfer import safe_filename

    assert safe_filename("jelentés.pdf") == "jelentés.pdf"
    escaped = safe_filename("../../etc/passwd")
    assert "/" not in escaped and not escaped.startswith(".")
    assert safe_filename("a\nb\x00c.txt") == "a_b_c.txt"
    assert safe_filename("...") == "original"
    long = safe_filename("é" * 300 + ".docx")
    assert long.endswith(".docx") and len(long.encode()) <= 200
