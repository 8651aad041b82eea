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
