"""Text in encodings real files get wrong: read all the same, or flagged for a librarian.

Each case was met in an attack on the archive: an HTML page that declares utf-16 and
holds UTF-8, a UTF-8 BOM before cp1250 bytes, UTF-16 without a BOM, text with stray NUL
bytes. Through the facade (`ingest.extract_file`), on files written here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from archive.errors import UnsupportedFormatError
from ingest import extract_file

HU = (
    "Árvíztűrő tükörfúrógép. A klaszterpolitika a budapesti tudásipar fejlesztésének "
    "eszköze; az önkormányzat támogatja a klaszterek együttműködését és a pályázatokat, "
    "a Mobilitás és Multimédia Klaszter pedig a városrégió gazdaságfejlesztési stratégiájának "
    "része."
)
WORDS = ("Árvíztűrő", "tükörfúrógép", "fejlesztésének", "együttműködését", "gazdaságfejlesztési")


def read(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    extraction = extract_file(path, name)
    return extraction.text


def assert_readable(text: str) -> None:
    for word in WORDS:
        assert word in text, (word, text[:200])


def test_html_declaring_utf16_but_holding_utf8_is_read_as_utf8(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-16">'
        f"<title>Klaszterek</title></head><body><p>{HU}</p></body></html>"
    )
    assert_readable(read(tmp_path, "page.html", page.encode("utf-8")))
    meta_charset = f'<html><head><meta charset="UTF-16"></head><body><p>{HU}</p></body></html>'
    assert_readable(read(tmp_path, "other.html", meta_charset.encode("utf-8")))


def test_html_whose_declared_encoding_is_wrong_is_read_by_its_bytes(tmp_path: Path) -> None:
    page = f'<html><head><meta charset="utf-8"></head><body><p>{HU}</p></body></html>'
    assert_readable(read(tmp_path, "cp1250.html", page.encode("cp1250")))
    # and a declaration that is right is still followed
    assert_readable(read(tmp_path, "latin2.html", page.replace("utf-8", "iso-8859-2").encode(
        "iso-8859-2")))  # fmt: skip


def test_utf8_bom_before_cp1250_bytes_is_read_as_cp1250(tmp_path: Path) -> None:
    text = read(tmp_path, "bom.txt", b"\xef\xbb\xbf" + HU.encode("cp1250"))
    assert_readable(text)
    assert "\ufffd" not in text and not text.startswith("\ufeff")


def test_utf8_with_a_bom_and_one_damaged_byte_stays_utf8(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + (HU * 5).encode("utf-8")
    data = data[:400] + b"\xff" + data[400:]
    text = read(tmp_path, "damaged.txt", data)
    assert_readable(text)
    assert text.count("\ufffd") == 1


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read(tmp_path: Path, encoding: str) -> None:
    assert_readable(read(tmp_path, "wide.txt", (HU + "\n").encode(encoding) * 3))


def test_stray_nul_bytes_are_dropped_not_the_file(tmp_path: Path) -> None:
    data = (HU + "\n").encode("utf-8") * 4
    data = data.replace(b"klaszter", b"klaszter\x00", 2) + b"\x00\x00"
    text = read(tmp_path, "nul.txt", data)
    assert_readable(text)
    assert "\x00" not in text


def test_binary_with_zero_bytes_is_still_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormatError):
        read(tmp_path, "noise.bin", os.urandom(1 << 16))
    with pytest.raises(UnsupportedFormatError):
        read(tmp_path, "zeros.bin", bytes(4096) + os.urandom(4096))


def test_text_of_unusual_letters_for_its_language_gets_a_warning(tmp_path: Path) -> None:
    # Hungarian UTF-8 bytes read as UTF-16 once, somewhere, and saved: CJK look-alikes
    garbled = (HU * 3).encode("utf-8")[:600].decode("utf-16-le", errors="replace")
    path = tmp_path / "garbled.txt"
    path.write_text(garbled, encoding="utf-8")
    extraction = extract_file(path, path.name)
    (warning,) = [w for w in extraction.warnings if "unusual for its language" in w]
    assert "compare it with the original" in warning

    clean = tmp_path / "clean.txt"
    clean.write_text(HU * 3, encoding="utf-8")
    assert not [w for w in extract_file(clean, clean.name).warnings if "unusual" in w]


def test_real_documents_get_no_language_warning(fixtures_dir: Path) -> None:
    for name in ("hu_cp1250.txt", "hu_latin2.txt", "en_utf8_bom.txt", "hu_en_report.pdf"):
        extraction = extract_file(fixtures_dir / name, name)
        assert not [w for w in extraction.warnings if "unusual" in w], name
