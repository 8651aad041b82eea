"""The `clusnet` command, end to end: real files, real catalogue, real index."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

HU_TEXT = (
    "A budapesti Mobilitás és Multimédia Klaszter pályázatokat nyújtott be az "
    "önkormányzati támogatás elnyerésére. A klaszterek együttműködése erősíti a "
    "gazdaságfejlesztési stratégiát és a tudásipar fejlődését a fővárosban."
)
EN_TEXT = (
    "The expert report of the Budapest seminar recommends that city-regions coordinate "
    "their cluster policies and support knowledge transfer between universities and SMEs."
)


def write(folder: Path, name: str, content: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture()
def documents(tmp_path: Path) -> Path:
    folder = tmp_path / "seminar"
    write(folder, "klaszter.txt", HU_TEXT)
    write(
        folder / "reports",
        "expert-report.html",
        f"<html><head><title>Expert report</title></head><body><p>{EN_TEXT}</p></body></html>",
    )
    return folder


def ingest_json(runner, *paths: Path) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    result = runner.invoke("ingest", "--json", *map(str, paths))
    return result.exit_code, json.loads(result.stdout)


def search_json(runner, *query: str) -> dict:  # type: ignore[no-untyped-def]
    result = runner.invoke("search", "--json", *query)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_init_is_idempotent(runner, home: Path) -> None:
    assert runner.invoke("init").exit_code == 0
    assert runner.invoke("init").exit_code == 0
    assert (home / "catalogue.sqlite3").is_file()
    assert (home / "index").is_dir()


def test_ingest_before_init_says_what_to_do(runner, documents: Path) -> None:
    result = runner.invoke("ingest", str(documents))
    assert result.exit_code == 1
    assert "clusnet init" in result.output


def test_ingest_a_folder_recursively_then_duplicates(runner, initialised, documents) -> None:
    code, report = ingest_json(runner, documents)
    assert code == 0
    assert (report["ingested"], report["duplicates"], report["failed"]) == (2, 0, 0)

    code, again = ingest_json(runner, documents)
    assert code == 0
    assert (again["ingested"], again["duplicates"]) == (0, 2)
    assert all("same content as document" in f["reason"] for f in again["files"])


def test_original_is_stored_unchanged_under_its_sha256(runner, initialised, documents) -> None:
    import hashlib

    ingest_json(runner, documents)
    original = documents / "klaszter.txt"
    digest = hashlib.sha256(original.read_bytes()).hexdigest()
    stored = initialised / "originals" / digest[:2] / digest[2:4] / digest
    assert stored.read_bytes() == original.read_bytes()


def test_search_json_shape_and_highlight(runner, initialised, documents) -> None:
    ingest_json(runner, documents)
    found = search_json(runner, "--no-expand", "klaszter")
    assert found["total"] == 1
    hit = found["hits"][0]
    assert set(hit) >= {"id", "title", "filename", "language", "score", "snippet"}
    assert hit["filename"] == "klaszter.txt"
    assert hit["language"] == "hu"
    assert "<mark>" in hit["snippet"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pályázat", "klaszter.txt"),  # the text has pályázatokat
        ("klaszterekkel", "klaszter.txt"),  # the text has klaszter, klaszterek
        ("onkormanyzati tamogatas", "klaszter.txt"),  # typed without accents
        ("policy", "expert-report.html"),  # the text has policies
        ('"knowledge transfer"', "expert-report.html"),
    ],
)
def test_search_finds_inflections_accents_phrases(
    runner, initialised, documents, query: str, expected: str
) -> None:
    ingest_json(runner, documents)
    found = search_json(runner, "--no-expand", query)
    assert [h["filename"] for h in found["hits"]] == [expected]


def test_or_and_and(runner, initialised, documents) -> None:
    ingest_json(runner, documents)
    assert search_json(runner, "klaszter", "OR", "seminar")["total"] == 2
    # plain words: no document has both, so those with one of them are found
    most = search_json(runner, "--no-expand", "klaszter", "seminar")
    assert most["total"] == 2
    assert most["matching"] == {"words": 2, "complete": 0, "minimum": 1}
    assert all(len(hit["missing"]) == 1 for hit in most["hits"])
    # the strict search, and AND, want both
    assert search_json(runner, "--no-expand", "--all", "klaszter", "seminar")["total"] == 0
    assert search_json(runner, "--no-expand", "klaszter", "AND", "seminar")["total"] == 0


@pytest.mark.parametrize(
    "query",
    ['"unclosed phrase', "(((", "AND OR NOT", "title:", "*", "a" * 5000, '"" -'],
)
def test_bad_query_syntax_never_errors(runner, initialised, documents, query: str) -> None:
    ingest_json(runner, documents)
    result = runner.invoke("search", "--json", query)
    assert result.exit_code == 0
    assert "total" in json.loads(result.stdout)


def test_failures_are_reported_and_originals_kept(runner, initialised, tmp_path) -> None:
    folder = tmp_path / "mixed"
    write(folder, "good.txt", HU_TEXT)
    write(folder, "empty.txt", b"")
    write(folder, "broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a pdf")
    write(folder, "binary.bin", bytes(range(256)) * 16)
    code, report = ingest_json(runner, folder)
    assert code == 1
    assert (report["ingested"], report["failed"]) == (1, 3)
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    for name in ("empty.txt", "broken.pdf", "binary.bin"):
        assert by_name[name]["outcome"] == "failed"
        assert by_name[name]["reason"], name
        assert "Traceback" not in by_name[name]["reason"]
    stored = list((initialised / "originals").glob("??/??/*"))
    assert len(stored) == 4


def test_missing_path_is_a_failure_not_a_crash(runner, initialised, tmp_path) -> None:
    code, report = ingest_json(runner, tmp_path / "nope.pdf")
    assert code == 1
    assert report["files"][0]["reason"] == "no such file or folder"


def test_show_and_reindex(runner, initialised, documents) -> None:
    ingest_json(runner, documents)
    doc_id = search_json(runner, "--no-expand", "klaszter")["hits"][0]["id"]
    shown = json.loads(runner.invoke("show", "--json", "--text", str(doc_id)).stdout)
    assert shown["language"] == "hu"
    assert "Multimédia" in shown["pages"][0]["text"]

    assert "up to date" in runner.invoke("reindex", "--if-needed").output
    result = runner.invoke("reindex")
    assert "Indexed 2 documents" in result.output
    assert search_json(runner, "--no-expand", "klaszter")["total"] == 1


def test_show_unknown_document(runner, initialised) -> None:
    result = runner.invoke("show", "999")
    assert result.exit_code == 1
    assert "no document with id 999" in result.output


def test_every_setting_is_documented() -> None:
    from archive import SETTINGS

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    missing = [s.env_var for s in SETTINGS if s.env_var not in readme]
    assert not missing, f"settings missing from the README: {missing}"


def test_settings_are_aligned_in_columns(runner) -> None:
    lines = runner.invoke("settings").stdout.splitlines()
    assert len(lines) > 5
    from archive import SETTINGS

    values = [re.search(r"^\S+\s+", line).end() for line in lines]  # type: ignore[union-attr]
    assert len(set(values)) == 1  # every value starts in the same column
    helps = [line.index(s.help) for line, s in zip(lines, SETTINGS, strict=True)]
    assert len(set(helps)) == 1  # and every help text
    assert "(empty)" in lines[1] and "false" in runner.invoke("settings").stdout


def test_ingest_describes_new_files_and_records_them_in_the_audit_log(
    runner, initialised, documents
) -> None:
    result = runner.invoke(
        "ingest",
        "--json",
        "--seminar",
        "budapest-2010",
        "--partner",
        "budapest",
        "--type",
        "Report",
        "--language",
        "hu",
        "--as",
        "anna",
        str(documents),
    )
    assert result.exit_code == 0, result.output
    ids = [f["id"] for f in json.loads(result.stdout)["files"]]
    for document_id in ids:
        shown = json.loads(runner.invoke("show", "--json", str(document_id)).stdout)
        assert (shown["seminar"], shown["partner"], shown["doc_type"], shown["language"]) == (
            "budapest-2010",
            "budapest",
            "report",
            "hu",  # said, not detected: the HTML file is in English
        )
    found = search_json(runner, "--seminar", "budapest-2010", "--type", "report")
    assert found["total"] == 2

    from web.wiring import open_archive, read_settings

    archive = open_archive(read_settings())
    try:
        entries = archive.audit.entries(actions=("document.ingest",))
    finally:
        archive.close()
    assert sorted(e.document_id for e in entries) == sorted(ids)
    assert {e.actor for e in entries} == {"anna"}
    assert {e.detail["filename"] for e in entries} == {"klaszter.txt", "expert-report.html"}

    # Again: duplicates keep their description, and nothing new is audited.
    again = runner.invoke("ingest", "--type", "paper", str(documents))
    assert again.exit_code == 0
    assert "0 ingested, 2 duplicates, 0 failed" in again.output
    shown = json.loads(runner.invoke("show", "--json", str(ids[0])).stdout)
    assert shown["doc_type"] == "report"


def test_ingest_by_default_audits_the_login_name(runner, initialised, documents) -> None:
    import getpass

    assert runner.invoke("ingest", str(documents / "klaszter.txt")).exit_code == 0
    from web.wiring import open_archive, read_settings

    archive = open_archive(read_settings())
    try:
        (entry,) = archive.audit.entries(actions=("document.ingest",))
    finally:
        archive.close()
    assert entry.actor == f"cli:{getpass.getuser()}"


@pytest.mark.parametrize(
    ("option", "value", "listed"),
    [
        ("--seminar", "atlantis-2030", "budapest-2010"),
        ("--partner", "atlantis", "grand-lyon"),
        ("--type", "nonsense", "case_study"),
        ("--language", "xx", "ISO 639-1"),
    ],
)
def test_ingest_refuses_unknown_descriptions_listing_the_valid_ones(
    runner, initialised, documents, option: str, value: str, listed: str
) -> None:
    result = runner.invoke("ingest", option, value, str(documents))
    assert result.exit_code == 2
    assert listed in result.output
    assert not list((initialised / "originals").glob("??/??/*"))  # nothing stored


def test_ingest_again_reports_broken_files_as_failed(runner, initialised, tmp_path) -> None:
    folder = tmp_path / "mixed"
    write(folder, "good.txt", HU_TEXT)
    write(folder, "broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a pdf")
    first = runner.invoke("ingest", "--json", str(folder))
    assert first.exit_code == 1
    again = runner.invoke("ingest", "--json", str(folder))
    assert again.exit_code == 1
    report = json.loads(again.stdout)
    assert (report["ingested"], report["duplicates"], report["failed"]) == (0, 1, 1)
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    assert by_name["broken.pdf"]["outcome"] == "failed"
    assert "which failed" in by_name["broken.pdf"]["reason"]
    text = runner.invoke("ingest", str(folder))
    assert text.exit_code == 1
    assert "failed     " in text.output and "broken.pdf" in text.output
    assert "0 ingested, 1 duplicate, 1 failed" in text.output


def test_search_counts_in_words_and_refuses_unknown_filters(runner, initialised, documents) -> None:
    ingest_json(runner, documents)
    result = runner.invoke("search", "--no-expand", "klaszter")
    assert "1 document matches." in result.output
    expanded = runner.invoke("search", "klaszter")
    assert "Also searched, in the other language (glossary and dictionary): cluster" in (
        expanded.output
    )
    assert "add --no-expand" in expanded.output
    for option, value, listed in (
        ("--lang", "xx", "hu (Hungarian)"),
        ("--type", "nonsense", "case_study"),
        ("--seminar", "atlantis", "budapest-2010"),
        ("--partner", "atlantis", "stockholm-school-of-economics"),
        ("--year", "10", "four digits"),
    ):
        refused = runner.invoke("search", "klaszter", option, value)
        assert refused.exit_code == 2, option
        assert listed in refused.output, option
    assert runner.invoke("search", "klaszter", "--lang", "HU").exit_code == 0
