"""The in-process pipeline (`ingest.extract_file`) on small generated fixtures."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from archive.errors import (
    BrokenFileError,
    EmptyDocumentError,
    OcrUnavailableError,
    PasswordProtectedError,
    ResourceLimitError,
)
from archive.model import Extraction
from ingest import extract_file


def extract(fixtures_dir: Path, name: str) -> Extraction:
    return extract_file(fixtures_dir / name, name)


def test_pdf_pages_metadata_and_languages(fixtures_dir: Path) -> None:
    result = extract(fixtures_dir, "hu_en_report.pdf")
    assert result.content_type == "application/pdf"
    assert result.page_count == 2
    assert "együttműködés erősítése" in result.pages[0].text
    assert "űrtechnológiai" in result.pages[0].text
    assert "good practices" in result.pages[1].text
    assert [page.number for page in result.pages] == [1, 2]
    assert [page.language for page in result.pages] == ["hu", "en"]
    assert result.language == "hu"
    assert result.languages == ("hu", "en")
    assert result.title == "Klaszterpolitika a régiókban"
    assert result.authors == ("Kovács Éva",)
    assert result.created == datetime(2011, 3, 14, 9, 30, tzinfo=UTC)


def test_docx_reads_tables_nested_tables_headers_and_footers(fixtures_dir: Path) -> None:
    result = extract(fixtures_dir, "hu_table_header_footer.docx")
    text = result.text
    assert result.page_count == 1
    for expected in [
        "Összefoglaló",
        "a térségi gazdaságfejlesztés",
        "Résztvevők száma",  # table
        "Nyugat-Dunántúl",
        "Beágyazott cella: tizenkettő",  # table in a table
        "regionális fejlesztési ügynökségek",  # paragraph after the table
        "CLUSNET fejléc: Győr, 2011",  # header
        "Lábléc: INTERREG IVC",  # footer
    ]:
        assert expected in text
    assert text.index("Résztvevők száma") < text.index("regionális fejlesztési")
    assert result.title == "Klaszterpolitikai szeminárium"
    assert result.authors == ("Kovács Éva", "Szőke Gyula")
    assert result.created == datetime(2011, 3, 14, 9, 30, tzinfo=UTC)
    assert result.language == "hu"


@pytest.mark.parametrize("name", ["hu_cp1250.txt", "hu_latin2.txt"])
def test_legacy_hungarian_code_pages(fixtures_dir: Path, name: str) -> None:
    result = extract(fixtures_dir, name)
    assert result.content_type == "text/plain"
    assert "Árvíztűrő tükörfúrógép" in result.text or "árvíztűrő fúrógép" in result.text
    for letter in "őűŐ":
        assert letter in result.text
    assert "õ" not in result.text and "û" not in result.text
    assert result.language == "hu"


def test_cp1250_typographic_quotes(fixtures_dir: Path) -> None:
    result = extract(fixtures_dir, "hu_cp1250.txt")
    assert "„klaszterpolitika”" in result.text
    assert "\r" not in result.text
    assert result.title == "Kedves Kollégák!"


def test_utf8_with_bom(fixtures_dir: Path) -> None:
    result = extract(fixtures_dir, "en_utf8_bom.txt")
    assert result.text.startswith("Cluster seminar notes")
    assert result.language == "en"
    assert result.title == "Cluster seminar notes"


def test_html_drops_scripts_styles_and_comments(fixtures_dir: Path) -> None:
    result = extract(fixtures_dir, "page_with_script.html")
    assert result.content_type == "text/html"
    assert result.title == "Klaszterek és régiók"
    assert "klaszterek a kis- és középvállalkozások" in result.text
    assert "Győr\nSzombathely" in result.text
    for hidden in ["EZT NEM SZABAD", "console.log", "font-family", "megjegyzés", "JavaScriptet"]:
        assert hidden not in result.text
    assert result.language == "hu"


def test_html_title_falls_back_to_first_h1(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><h1>Regional clusters</h1><p>Cluster policy in the partner regions "
        "of the project.</p></body></html>",
        encoding="utf-8",
    )
    assert extract_file(page, "page.html").title == "Regional clusters"


def test_html_never_resolves_external_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET CONTENT", encoding="utf-8")
    page = tmp_path / "xxe.html"
    page.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        "<html><body><p>Entity: &xxe; and some more words of text here.</p></body></html>",
        encoding="utf-8",
    )
    result = extract_file(page, "xxe.html")
    assert "TOP SECRET" not in result.text


def test_title_falls_back_to_first_meaningful_line(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("\n  12.\n--\nA szeminárium jegyzetei\nTöbb szöveg.\n", encoding="utf-8")
    assert extract_file(notes, "notes.txt").title == "A szeminárium jegyzetei"


def test_whitespace_is_normalised(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"  first   line \t here \r\n\r\n\r\n\r\nsecond\x0cthird\xc2\xa0line  \n")
    assert extract_file(notes, "notes.txt").text == "first line here\n\nsecond\nthird line"


def test_encrypted_pdf_with_a_password(fixtures_dir: Path) -> None:
    with pytest.raises(PasswordProtectedError, match="password protected"):
        extract(fixtures_dir, "encrypted_password.pdf")


def test_encrypted_pdf_with_empty_user_password_is_read(fixtures_dir: Path) -> None:
    result = extract(fixtures_dir, "encrypted_empty_password.pdf")
    assert "együttműködés" in result.text
    assert result.page_count == 2


def test_truncated_pdf(fixtures_dir: Path) -> None:
    with pytest.raises(BrokenFileError, match="damaged"):
        extract(fixtures_dir, "truncated.pdf")


def test_empty_file(fixtures_dir: Path) -> None:
    with pytest.raises(EmptyDocumentError, match="empty"):
        extract(fixtures_dir, "empty.pdf")


def test_png_named_pdf_is_read_as_an_image(fixtures_dir: Path) -> None:
    # A 1x1 pixel image: read by OCR (which finds nothing), or "needs OCR" without it.
    with pytest.raises((EmptyDocumentError, OcrUnavailableError), match="OCR"):
        extract(fixtures_dir, "png_named.pdf")


def test_zip_bomb_docx_is_refused_before_inflating(fixtures_dir: Path) -> None:
    with pytest.raises(ResourceLimitError, match="zip bomb"):
        extract(fixtures_dir, "zip_bomb.docx")


def test_document_without_text(tmp_path: Path) -> None:
    blank = tmp_path / "blank.txt"
    blank.write_text(" \n\t\n ", encoding="utf-8")
    with pytest.raises(EmptyDocumentError, match="no extractable text"):
        extract_file(blank, "blank.txt")


def test_unknown_binary_named_pdf_is_reported_damaged(tmp_path: Path) -> None:
    junk = tmp_path / "report.pdf"
    junk.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(BrokenFileError, match=r"\.pdf"):
        extract_file(junk, "report.pdf")


def test_extraction_does_not_depend_on_the_name(fixtures_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "upload.bin"
    shutil.copyfile(fixtures_dir / "hu_table_header_footer.docx", copy)
    assert extract_file(copy, "upload.bin") == extract(fixtures_dir, "hu_table_header_footer.docx")
