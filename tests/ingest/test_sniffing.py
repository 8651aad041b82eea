"""Content type is judged by the bytes; the name only breaks text-vs-HTML ties."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest import SUPPORTED_CONTENT_TYPES, sniff_content_type

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("hu_en_report.pdf", PDF),
        ("encrypted_password.pdf", PDF),
        ("truncated.pdf", PDF),
        ("hu_table_header_footer.docx", DOCX),
        ("hu_cp1250.txt", "text/plain"),
        ("hu_latin2.txt", "text/plain"),
        ("en_utf8_bom.txt", "text/plain"),
        ("page_with_script.html", "text/html"),
        ("png_named.pdf", "image/png"),
        ("empty.pdf", "application/x-empty"),
    ],
)
def test_fixtures_are_sniffed_by_content(fixtures_dir: Path, name: str, expected: str) -> None:
    assert sniff_content_type(fixtures_dir / name) == expected


def test_the_name_does_not_decide(fixtures_dir: Path, tmp_path: Path) -> None:
    for source, misleading in [
        ("hu_en_report.pdf", "report.docx"),
        ("hu_table_header_footer.docx", "notes.txt"),
        ("page_with_script.html", "page.pdf"),
    ]:
        copy = tmp_path / misleading
        shutil.copyfile(fixtures_dir / source, copy)
        assert sniff_content_type(copy) == sniff_content_type(fixtures_dir / source)


def test_name_breaks_the_tie_for_weak_markup(tmp_path: Path) -> None:
    body = b"Some notes with a <p>stray tag</p> in them.\n"
    (tmp_path / "notes.txt").write_bytes(body)
    (tmp_path / "notes.html").write_bytes(body)
    assert sniff_content_type(tmp_path / "notes.txt") == "text/plain"
    assert sniff_content_type(tmp_path / "notes.html") == "text/html"
    assert sniff_content_type(tmp_path / "notes.txt", "upload.html") == "text/html"


def test_binary_junk_is_not_text(tmp_path: Path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 16)
    assert sniff_content_type(junk) not in SUPPORTED_CONTENT_TYPES


def test_supported_content_types() -> None:
    assert {
        PDF,
        DOCX,
        "text/plain",
        "text/html",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.presentation",
        "application/rtf",
        "application/msword",
        "message/rfc822",
        "image/png",
        "image/jpeg",
        "image/tiff",
    } == SUPPORTED_CONTENT_TYPES
