"""Through the archive and the CLI: e-mail attachments become linked documents, scans
without OCR are kept as "needs OCR" and `clusnet ocr` reads them; the schema has one head."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from archive import DocumentStatus, Outcome
from archive.catalogue import upgrade_schema
from ingest import SandboxedExtractor
from web.wiring import open_archive, read_settings


def test_email_attachments_become_documents_linked_to_the_message(
    runner, initialised: Path, fixtures_dir: Path, tmp_path: Path
) -> None:
    message = tmp_path / "in" / "message.eml"
    message.parent.mkdir()
    shutil.copyfile(fixtures_dir / "message_with_attachments.eml", message)
    result = runner.invoke("ingest", "--json", "--silent", str(message.parent))
    assert result.exit_code == 0, result.output
    archive = open_archive(read_settings())
    try:
        documents = archive.catalogue.documents()
        by_name = {d.filename: d for d in documents}
        assert set(by_name) == {"message.eml", "jegyzet.rtf", "notes.txt"}
        parent = by_name["message.eml"]
        assert parent.content_type == "message/rfc822"
        assert parent.title == "Győri szeminárium: jegyzőkönyv és előadások"
        for name in ("jegyzet.rtf", "notes.txt"):
            child = by_name[name]
            assert child.parent == parent.id
            assert child.status is DocumentStatus.READY
        assert by_name["jegyzet.rtf"].content_type == "application/rtf"
        assert (
            archive.blobs.path(by_name["jegyzet.rtf"].sha256).read_bytes()
            == (fixtures_dir / "hu_cp1250.rtf").read_bytes()
        )
    finally:
        archive.close()
    again = runner.invoke("ingest", "--silent", str(message))  # nothing stored twice
    assert "1 duplicate," in again.output


def test_a_scan_without_ocr_is_kept_as_needs_ocr_and_clusnet_ocr_reads_it(
    runner, initialised: Path, fixtures_dir: Path
) -> None:
    archive = open_archive(read_settings())
    archive.extractor = SandboxedExtractor(timeout=30, ocr=False)  # as without Tesseract
    try:
        report = archive.ingest([fixtures_dir / "hu_en_scan.png"])
        (outcome,) = report.files
        assert outcome.outcome is Outcome.NEEDS_OCR
        assert report.ok
        document = archive.catalogue.get(outcome.document_id or 0)
        assert document.status is DocumentStatus.NEEDS_OCR
        assert document.error is not None and "needs OCR" in document.error
    finally:
        archive.close()

    result = runner.invoke("ocr")
    archive = open_archive(read_settings())
    try:
        document = archive.catalogue.get(document.id)
    finally:
        archive.close()
    if shutil.which("tesseract") is None:
        assert result.exit_code == 1
        assert "1 still need OCR" in result.output
        assert document.status is DocumentStatus.NEEDS_OCR
        pytest.skip("Tesseract is not installed (Debian: tesseract-ocr tesseract-ocr-hun)")
    assert result.exit_code == 0, result.output
    assert "1 read, 0 still need OCR, 0 failed" in result.output
    assert document.status is DocumentStatus.READY
    assert "Győr" in document.text
    assert runner.invoke("search", "ügynökségek").output.count("hu_en_scan.png") == 1


def test_schema_has_one_head_and_upgrades_to_it(tmp_path: Path) -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "archive:migrations")
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, heads
    engine = create_engine(f"sqlite:///{tmp_path / 'catalogue.sqlite3'}")
    upgrade_schema(engine)
    columns = {column["name"] for column in inspect(engine).get_columns("documents")}
    assert "parent" in columns
    with engine.connect() as connection:
        (version,) = connection.exec_driver_sql("SELECT version_num FROM alembic_version").one()
    assert version == heads[0]
    engine.dispose()
