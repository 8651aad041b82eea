"""Query words translated with Debian's FreeDict dictionaries (read where Debian installs
them; the tests skip without them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive import SearchQuery
from search.dictionaries import DICTD_FOLDER, Translator, english_lemmas, usable
from tests.search.conftest import add_document, open_test_archive

needs_freedict = pytest.mark.skipif(
    not (DICTD_FOLDER / "freedict-hun-eng.index").is_file()
    or not (DICTD_FOLDER / "freedict-eng-hun.index").is_file(),
    reason="Debian's dict-freedict-hun-eng and dict-freedict-eng-hun are not installed "
    "(make system-deps installs them)",
)


def hungarian_forms(word: str) -> list[str]:
    return [word]


def everything(term: str) -> int:
    return 1


@needs_freedict
def test_words_are_translated_both_ways() -> None:
    translator = Translator()
    found = translator.translate("munkanélküliség", "hu", hungarian_forms, everything)
    assert found[0] == "unemployment"
    # inflected English is looked up by its dictionary form
    assert "menekült" in translator.translate("refugees", "en", english_lemmas, everything)


@needs_freedict
def test_the_eng_hun_lookalike_letters_are_mapped_back() -> None:
    senses = Translator().files[("en", "hu")].senses("development")
    assert "fejlődés" in senses
    assert not any("ô" in s or "û" in s for s in senses)


@needs_freedict
def test_the_senses_the_archive_uses_come_first() -> None:
    translator = Translator()
    # "small": keskeny, csekély jelentőségű, aprószén ... kis: the archive decides
    used = {"kis": 40, "keskeny": 2}
    found = translator.translate("small", "en", english_lemmas, lambda t: used.get(t, 0))
    assert found == ["kis", "keskeny"]
    assert translator.translate("small", "en", english_lemmas, lambda t: 0) == []


def test_without_the_dictionaries_nothing_is_translated(tmp_path: Path) -> None:
    translator = Translator(tmp_path)
    assert translator.translate("munkanélküliség", "hu", hungarian_forms, everything) == []
    assert Translator(None).translate("tax", "en", english_lemmas, everything) == []


def test_only_plain_senses_are_search_terms() -> None:
    assert usable("local government") == "local government"
    assert usable("vmit szerető") is None
    assert usable("atom-") is None
    assert usable("child, children") is None
    assert usable("tax (on goods)") == "tax"
    assert english_lemmas("policies")[:2] == ["policies", "policy"]


@needs_freedict
def test_an_english_query_finds_a_hungarian_document(tmp_path: Path) -> None:
    archive = open_test_archive(tmp_path / "archive")
    try:
        hungarian = add_document(
            archive,
            {
                "key": "rural",
                "title": "A vidéki munkanélküliség okai",
                "language": "hu",
                "pages": [
                    "A vidéki térségekben magas a munkanélküliség, mert kevés a munkahely "
                    "és gyenge a közlekedés."
                ],
            },
        )
        add_document(
            archive,
            {
                "key": "budget",
                "title": "Budget speech",
                "language": "en",
                "pages": ["The budget raises the tax on tobacco and cuts the deficit."],
            },
        )
        archive.index_pending()
        found = archive.search(SearchQuery("unemployment"))
        assert [hit.id for hit in found.hits] == [hungarian]
        assert "munkanélküliség" in found.expansions
        # the expansions are shown and can be turned off
        assert archive.search(SearchQuery("unemployment", expand=False)).total == 0
        # a Hungarian query is not translated into Hungarian
        assert "munkanélküliség" not in archive.search(SearchQuery("munkanélküliség")).expansions
    finally:
        archive.close()


def _dictd(folder: Path, entries: dict[str, str], chunk: int | None) -> None:
    """A dictd dictionary of `entries`: dictzip (chunks of `chunk` bytes) or plain gzip."""
    import gzip
    import struct
    import zlib

    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    def b64(n: int) -> str:
        digits = ""
        while True:
            digits = alphabet[n % 64] + digits
            n //= 64
            if not n:
                return digits

    data = b""
    lines = []
    for word in sorted(entries):
        body = f"{word}\n{entries[word]}\n".encode()
        lines.append(f"{word}\t{b64(len(data))}\t{b64(len(body))}")
        data += body
    (folder / "freedict-hun-eng.index").write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = folder / "freedict-hun-eng.dict.dz"
    if chunk is None:
        target.write_bytes(gzip.compress(data))
        return
    parts = []
    for start in range(0, len(data), chunk):
        packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
        parts.append(packer.compress(data[start : start + chunk]) + packer.flush())
    random_access = struct.pack(f"<HHH{len(parts)}H", 1, chunk, len(parts), *map(len, parts))
    extra = b"RA" + struct.pack("<H", len(random_access)) + random_access
    header = b"\x1f\x8b\x08\x04" + bytes(6) + struct.pack("<H", len(extra)) + extra
    trailer = struct.pack("<II", zlib.crc32(data), len(data))
    target.write_bytes(header + b"".join(parts) + b"\x03\x00" + trailer)


@pytest.mark.parametrize("chunk", [None, 7, 64])
def test_entries_are_read_from_dictzip_chunks_or_plain_gzip(
    tmp_path: Path, chunk: int | None
) -> None:
    """Entries are found by bisection and read from the chunks they lie in (an entry may
    span several), or from a plain gzip file; every entry reads as written."""
    entries = {f"szó{n:03d}": f"word number {n}" for n in range(120)}
    entries["munkanélküliség"] = "unemployment\njoblessness"
    entries["fejlôdés"] = "development"  # lookalike letters in a headword are mapped back
    _dictd(tmp_path, entries, chunk)
    file = Translator(tmp_path).files[("hu", "en")]
    for word, senses in entries.items():
        assert file.senses(word.replace("ô", "ő")) == senses.split("\n")
    assert file.senses("Munkanélküliség") == ["unemployment", "joblessness"]
    assert file.senses("szó") == []
    assert file.senses("zzz") == []
