"""The formats beyond PDF/DOCX/TXT/HTML, DOCX notes and comments, the PDF fallback and OCR:
through the facade (`ingest.extract_file`), on small generated fixtures and real files."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest

from archive.errors import (
    BrokenFileError,
    OcrUnavailableError,
    ResourceLimitError,
    UnsupportedFormatError,
)
from archive.model import Extraction
from ingest import extract_file, sniff_content_type

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODP = "application/vnd.oasis.opendocument.presentation"

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="Tesseract is not installed (Debian: tesseract-ocr tesseract-ocr-hun tesseract-ocr-eng)",
)
needs_antiword = pytest.mark.skipif(
    shutil.which("antiword") is None and shutil.which("catdoc") is None,
    reason="neither antiword nor catdoc is installed (Debian: antiword)",
)


def extract(fixtures_dir: Path, name: str, **options: bool) -> Extraction:
    return extract_file(fixtures_dir / name, name, **options)


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("hu_en_slides.pptx", PPTX),
        ("hu_notes.odt", ODT),
        ("hu_en_slides.odp", ODP),
        ("hu_cp1250.rtf", "application/rtf"),
        ("message_with_attachments.eml", "message/rfc822"),
        ("hu_en_scan.png", "image/png"),
    ],
)
def test_new_formats_are_sniffed_by_content(
    fixtures_dir: Path, tmp_path: Path, name: str, expected: str
) -> None:
    copy = tmp_path / "upload.bin"
    shutil.copyfile(fixtures_dir / name, copy)
    assert sniff_content_type(copy) == expected


def test_plain_text_that_mentions_a_subject_is_not_an_email(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Subject: cluster policy\nDate: tomorrow\n\nSome notes.\n", encoding="utf-8")
    assert sniff_content_type(notes) == "text/plain"


# --- DOCX notes and comments -------------------------------------------------------------


def test_docx_footnotes_and_comments(fixtures_dir: Path) -> None:
    result = extract(fixtures_dir, "hu_notes_comments.docx")
    assert "a pályázati felhívás 2010 őszén jelent meg" in result.text  # footnote
    assert "Megjegyzés: a számokat ellenőrizni kell." in result.text  # comment
    assert result.text.index("legfőbb eredménye") < result.text.index("Lábjegyzet")


def test_docx_notes_never_resolve_external_entities(fixtures_dir: Path) -> None:
    result = extract(fixtures_dir, "xxe_footnotes.docx")
    assert "őszén jelent meg" in result.text
    hostname = Path("/etc/hostname")
    if hostname.exists() and hostname.read_text().strip():
        assert hostname.read_text().strip() not in result.text


@pytest.mark.corpus
def test_docx_real_footnotes_endnotes_and_comments(corpus_dir: Path) -> None:
    footnoted = extract_file(corpus_dir / "docx" / "poi_form_footnotes.docx")
    assert "testdoc test phrase" in footnoted.text
    commented = extract_file(corpus_dir / "extraction" / "docx2python-comments.docx")
    assert "Comment on subset starting with tempor" in commented.text
    assert "RESPONSE to comment on par 5" in commented.text


# --- presentations and OpenDocument ----------------------------------------------------


def test_pptx_one_page_per_slide_with_notes_and_tables(fixtures_dir: Path) -> None:
    result = extract(fixtures_dir, "hu_en_slides.pptx")
    assert result.content_type == PPTX
    assert result.page_count == 2
    first, second = result.pages
    assert first.text.startswith("Klaszterek a Nyugat-Dunántúlon")
    assert "Előadói jegyzet: kérdezzük meg a résztvevőket." in first.text  # notes
    assert "Styria forty-two" in second.text  # table row
    assert [first.language, second.language] == ["hu", "en"]
    assert result.title == "Klaszterek a Nyugat-Dunántúlon"
    assert result.authors == ("Kovács Éva",)
    assert result.created == datetime(2011, 3, 14, 9, 30, tzinfo=UTC)


def test_odt_text_footnote_list_table_and_metadata(fixtures_dir: Path) -> None:
    result = extract(fixtures_dir, "hu_notes.odt")
    assert result.content_type == ODT
    text = result.text
    assert text.startswith("Összefoglaló\nA klaszterpolitika célja")
    assert "Lábjegyzet: forrás a győri jegyzőkönyv." in text
    assert "ösztönzése.1" not in text  # the footnote's number is not glued to the text
    assert "Győr\nSzombathely és Sopron" in text
    assert "Régió Résztvevők száma" in text
    assert result.title == "Szeminárium összefoglaló"
    assert result.authors == ("Szőke Gyula",)
    assert result.created is not None
    assert result.created.replace(microsecond=0) == datetime(2011, 3, 14, 9, 30, tzinfo=UTC)


def test_odp_one_page_per_slide(fixtures_dir: Path) -> None:
    result = extract(fixtures_dir, "hu_en_slides.odp")
    assert result.content_type == ODP
    assert result.page_count == 2
    assert "Jegyzet az előadónak." in result.pages[0].text
    assert [page.language for page in result.pages] == ["hu", "en"]


def test_odt_zip_bomb_is_refused(fixtures_dir: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.odt"
    shutil.copyfile(fixtures_dir / "hu_notes.odt", bomb)
    import zipfile

    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as package:
        package.writestr("Pictures/zeros.bin", b"\0" * (8 << 20))
    with pytest.raises(ResourceLimitError, match="zip bomb"):
        extract_file(bomb, "bomb.odt")


def test_odt_with_external_entity_is_not_resolved(fixtures_dir: Path, tmp_path: Path) -> None:
    import zipfile

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET CONTENT", encoding="utf-8")
    hostile = tmp_path / "xxe.odt"
    with zipfile.ZipFile(hostile, "w") as package:
        package.writestr("mimetype", ODT)
        package.writestr(
            "content.xml",
            f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
            'office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
            "<office:body><office:text><text:p>Entitás: &x; és még néhány szó a szövegben."
            "</text:p></office:text></office:body></office:document-content>",
        )
    result = extract_file(hostile, "xxe.odt")
    assert "TOP SECRET" not in result.text
    assert "néhány szó" in result.text


# --- RTF, legacy Word, e-mail ----------------------------------------------------------


def test_rtf_in_cp1250(fixtures_dir: Path) -> None:
    result = extract(fixtures_dir, "hu_cp1250.rtf")
    assert result.content_type == "application/rtf"
    assert result.text.startswith("Árvíztűrő tükörfúrógép")
    assert "legfőbb eredménye" in result.text
    assert "Euró: €, ß." in result.text  # \u escapes outside cp1250
    assert result.language == "hu"


@needs_antiword
@pytest.mark.corpus
def test_legacy_word_doc(corpus_dir: Path) -> None:
    path = corpus_dir / "extraction" / "textract-raw_text.doc"
    result = extract_file(path, path.name)
    assert result.content_type == "application/msword"
    expected = words((corpus_dir / "extraction" / "textract-raw_text.expected.txt").read_text())
    found = words(result.text)
    assert sum((expected & found).values()) / sum(expected.values()) >= 0.95
    assert result.warnings[0].startswith("text read with")


def test_legacy_word_without_a_converter(corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ingest.doc.shutil.which", lambda _name: None)
    path = corpus_dir / "extraction" / "textract-raw_text.doc"
    with pytest.raises(UnsupportedFormatError, match="antiword"):
        extract_file(path, path.name)


def test_email_headers_body_and_attachments(fixtures_dir: Path) -> None:
    result = extract(fixtures_dir, "message_with_attachments.eml")
    assert result.content_type == "message/rfc822"
    assert result.title == "Győri szeminárium: jegyzőkönyv és előadások"
    assert result.authors == ("Kovács Éva",)
    assert result.created == datetime(2011, 3, 14, 9, 30, tzinfo=UTC)
    assert "Kedves Partnerek!" in result.text
    assert result.text.count("A klaszterpolitika célja") == 1  # plain text, not HTML too
    assert [name for name, _ in result.attachments] == ["jegyzet.rtf", "notes.txt"]
    assert result.attachments[0][1] == (fixtures_dir / "hu_cp1250.rtf").read_bytes()
    assert result.language == "hu"


def test_email_html_only_and_attachment_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = EmailMessage()
    message["From"] = "anna@example.org"
    message["Subject"] = "Meghívó"
    message["Message-ID"] = "<x@example.org>"
    message.set_content(
        "<html><body><p>Meghívó a <b>győri</b> szemináriumra.</p>"
        "<script>nem szöveg</script></body></html>",
        subtype="html",
    )
    for number in range(3):
        message.add_attachment(
            bytes([65 + number]) * 1000, maintype="text", subtype="plain", filename=f"{number}.txt"
        )
    path = tmp_path / "invite.eml"
    path.write_bytes(bytes(message))
    monkeypatch.setattr("ingest.eml.MAX_ATTACHMENT_BYTES", 2500)
    result = extract_file(path, "invite.eml")
    assert "Meghívó a győri szemináriumra." in result.text
    assert "nem szöveg" not in result.text
    assert [name for name, _ in result.attachments] == ["0.txt", "1.txt"]
    assert "2.txt" in result.warnings[0]
    assert result.authors == ("anna@example.org",)


# --- PDF fallback ----------------------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("name", "expected"),
    [("pdfminer-simple1.pdf", "Hello World"), ("pdfminer-issue-1113-evil-xobjects.pdf", "Hello")],
)
def test_pdfs_pypdf_rejects_are_read_by_pdfium(corpus_dir: Path, name: str, expected: str) -> None:
    result = extract_file(corpus_dir / "extraction" / name, name)
    assert expected in result.text
    assert result.warnings[0].startswith("text read with pypdfium2 (pypdf could not read")


@pytest.mark.corpus
def test_empty_pages_of_pypdf_are_read_by_pdfium(corpus_dir: Path) -> None:
    path = corpus_dir / "pdf" / "pypdf_samples_015-arabic__habibi-rotated.pdf"
    result = extract_file(path, path.name, ocr=False)
    assert result.page_count == 4
    assert all(page.text for page in result.pages)
    assert result.warnings[0] == "text read with pypdfium2 (pypdf's text was empty or garbage)"


def test_good_pdf_notes_pypdf(fixtures_dir: Path) -> None:
    assert extract(fixtures_dir, "hu_en_report.pdf").warnings[0] == "text read with pypdf"


def test_a_pdf_neither_can_read_keeps_pypdfs_reason(fixtures_dir: Path) -> None:
    with pytest.raises(BrokenFileError, match="damaged"):
        extract(fixtures_dir, "truncated.pdf")


# --- OCR -------------------------------------------------------------------------------


@needs_tesseract
def test_ocr_of_a_png_with_hungarian_text(fixtures_dir: Path) -> None:
    result = extract(fixtures_dir, "hu_en_scan.png")
    assert result.content_type == "image/png"
    for line in ["Klaszterpolitikai szeminárium, Győr", "szerepe döntő: összekötik a"]:
        assert line in result.text
    assert result.language == "hu"
    assert result.warnings == ("text read by OCR (tesseract hun+eng)",)


@needs_tesseract
@pytest.mark.corpus
def test_ocr_of_a_scanned_pdf_against_its_expected_text(corpus_dir: Path) -> None:
    """Three scanned pages, owner-password encrypted, no text layer: about 10 s."""
    path = corpus_dir / "extraction" / "textract-ocr_text.pdf"
    result = extract_file(path, path.name)
    expected = words((corpus_dir / "extraction" / "textract-ocr_text.expected.txt").read_text())
    found = words(result.text)
    recall = sum((expected & found).values()) / sum(expected.values())
    assert recall >= 0.9, recall
    assert result.page_count == 3
    assert result.warnings[0].startswith("text read by OCR (tesseract hun+eng)")


def test_without_ocr_an_image_needs_ocr(fixtures_dir: Path) -> None:
    with pytest.raises(OcrUnavailableError, match="needs OCR"):
        extract(fixtures_dir, "hu_en_scan.png", ocr=False)


def test_without_tesseract_the_message_says_what_to_install(
    fixtures_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ingest.ocr.shutil.which", lambda _name: None)
    from ingest.ocr import available_languages

    available_languages.cache_clear()
    try:
        with pytest.raises(OcrUnavailableError, match="tesseract-ocr-hun"):
            extract(fixtures_dir, "hu_en_scan.png")
    finally:
        available_languages.cache_clear()


@pytest.mark.corpus
def test_a_scan_without_ocr_needs_ocr(corpus_dir: Path) -> None:
    path = corpus_dir / "extraction" / "textract-ocr_text.pdf"
    with pytest.raises(OcrUnavailableError, match="scanned PDF"):
        extract_file(path, path.name, ocr=False)


def test_an_image_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 0, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")
    path = tmp_path / "bomb.png"
    path.write_bytes(png)
    with pytest.raises(ResourceLimitError, match="pixels"):
        extract_file(path, "bomb.png")
