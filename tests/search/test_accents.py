"""Accents put back into queries typed without them: the walk over the archive's words,
the dictionary fallback, the rewrite of the query, and the search that uses both."""

from __future__ import annotations

from dataclasses import replace

import pytest

from archive import SearchQuery
from search.accents import (
    MAX_SPELLINGS,
    accented_forms,
    spellings_of,
)
from search.analysis import hungarian_backend, in_hungarian_dictionary

from .conftest import SECRET_WORD

needs_hunspell = pytest.mark.skipif(
    hungarian_backend() != "hunspell",
    reason="the Hungarian hunspell dictionary is not installed (Debian package hunspell-hu)",
)

# document frequencies of an archive's accent-keeping words
WORDS = {
    "önkormányzati": 12,
    "önkormányzat": 30,
    "támogatás": 25,
    "támogatások": 9,
    "tamogatas": 0,
    "kor": 5,
    "kör": 4,
    "kór": 1,
    "regional": 200,
    "régional": 1,
    "fejlesztés": 40,
}


def vocabulary(words: dict[str, int]):  # type: ignore[no-untyped-def]
    present = {w: df for w, df in words.items() if df}
    prefixes = {w[:n] for w in present for n in range(1, len(w) + 1)}
    calls: list[str] = []

    def has_prefix(prefix: str) -> bool:
        calls.append(prefix)
        return prefix in prefixes

    return has_prefix, lambda w: present.get(w, 0), calls


def test_unaccented_words_find_their_accented_spelling_in_the_archive() -> None:
    has_prefix, frequency, _ = vocabulary(WORDS)
    assert accented_forms("onkormanyzati", has_prefix, frequency) == [("önkormányzati", 1.0)]
    assert accented_forms("tamogatasok", has_prefix, frequency) == [("támogatások", 1.0)]
    assert accented_forms("fejlesztes", has_prefix, frequency) == [("fejlesztés", 1.0)]


def test_weights_follow_how_common_each_spelling_is() -> None:
    has_prefix, frequency, _ = vocabulary(WORDS)
    # "kor" is a word too: its accented twins count by their share of it
    assert accented_forms("kor", has_prefix, frequency) == [("kör", 0.8), ("kór", 0.2)]
    # a common English word does not pull in a rare French one
    assert accented_forms("regional", has_prefix, frequency) == []


def test_the_walk_prunes_spellings_no_word_begins_with() -> None:
    has_prefix, frequency, calls = vocabulary(WORDS)
    accented_forms("onkormanyzati", has_prefix, frequency)
    # 4*4*2*2*2 = 128 spellings, but only the live prefixes are looked up
    assert len(calls) < 30


def test_words_that_cannot_be_accented_are_left_alone() -> None:
    has_prefix, frequency, calls = vocabulary(WORDS)
    for word in ("ab", "rhythm", "Önkormányzati", "2010", "kor-kör"):
        assert accented_forms(word, has_prefix, frequency) == []
    assert calls == []


@needs_hunspell
def test_the_dictionary_speaks_when_the_archive_has_no_such_form() -> None:
    has_prefix, frequency, _ = vocabulary(WORDS)
    # no document writes "energiáról"; the dictionary knows it, its stem meets "energia"
    found = accented_forms("energiarol", has_prefix, frequency, in_hungarian_dictionary)
    assert found == [("energiáról", 1.0)]
    assert accented_forms("xqzrtpl", has_prefix, frequency, in_hungarian_dictionary) == []
    # a word the archive has as typed is not respelled from the dictionary
    assert accented_forms("regional", has_prefix, frequency, in_hungarian_dictionary) == []


def test_spellings_are_bounded() -> None:
    assert set(spellings_of("kor")) == {"kór", "kör", "kőr"}
    assert len(spellings_of("onkormanyzati")) == 4 * 4 * 2 * 2 * 2 - 1
    assert spellings_of("aeiouaeiouaeiou") == []  # far more than MAX_SPELLINGS
    assert MAX_SPELLINGS < 4**5 * 2**5


# -- in the archive ----------------------------------------------------------------------


def keys(ids: dict[str, int], results) -> list[str]:  # type: ignore[no-untyped-def]
    by_id = {v: k for k, v in ids.items()}
    return [by_id[hit.id] for hit in results.hits]


@needs_hunspell
def test_unaccented_query_finds_other_inflections(seminar_archive) -> None:
    archive, ids = seminar_archive
    # the document says "önkormányzati támogatás"; nobody writes "támogatásokról" in it
    accented = archive.search(SearchQuery("önkormányzati támogatásokról"))
    typed = archive.search(SearchQuery("onkormanyzati tamogatasokrol"))
    assert keys(ids, typed) == keys(ids, accented)
    assert keys(ids, typed)[0] == "budapest-case"
    assert typed.accented == ("önkormányzati", "támogatásokról")
    assert accented.accented == ()
    # "search only for what I typed" turns the accents off with the glossary
    assert archive.search(SearchQuery("onkormanyzati", expand=False)).accented == ()


def test_accented_queries_are_not_respelled(seminar_archive) -> None:
    archive, ids = seminar_archive
    assert archive.search(SearchQuery("kör")).accented == ()
    assert keys(ids, archive.search(SearchQuery("kör")))[0] == "budapest-case"
    assert archive.search(SearchQuery("kor")).accented == ("kör",)
    # a quoted word gets no accented forms: "kor" (age) first, "kör" only by the
    # unaccented field's recall net, below it
    quoted = archive.search(SearchQuery('"kor"'))
    assert quoted.accented == ()
    assert keys(ids, quoted)[0] == "kor-note"


def test_words_of_hidden_documents_are_not_offered(seminar_archive) -> None:
    archive, ids = seminar_archive
    typed = SECRET_WORD.replace("ó", "o")
    anonymous = archive.search(SearchQuery(typed))
    assert anonymous.total == 0
    reader = archive.search(replace(SearchQuery(typed), include_restricted=True))
    assert keys(ids, reader) == ["restricted"]
    assert SECRET_WORD in reader.accented


def test_a_long_made_up_query_has_bounded_lookups(
    seminar_archive, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import search.pipeline

    archive, _ = seminar_archive
    looked_up: list[str] = []

    def counting(word: str) -> bool:
        looked_up.append(word)
        return in_hungarian_dictionary(word)

    monkeypatch.setattr(search.pipeline, "in_hungarian_dictionary", counting)
    words = " ".join(f"bakelofu{c}tanor" for c in "bdfgklmnprstvzbdfgklmnprstvzbdfg")
    results = archive.search(SearchQuery(words))
    assert results.total == 0
    # the accents' budget, one look-up a word to tell the query's language, and one for
    # each word checked for a typo (it gives up after MAX_CORRECTED_WORDS)
    bound = (
        search.pipeline.DICTIONARY_LOOKUPS
        + search.pipeline.MAX_QUERY_WORDS
        + search.pipeline.MAX_CORRECTED_WORDS
        + 1
    )
    assert 0 < len(looked_up) <= bound
    assert results.suggestion is None  # too many unknown words to be a typo


def test_the_plan_gets_the_forms_as_alternatives(seminar_archive) -> None:
    """Words typed without accents get the accented words of the archive as weighted
    alternatives; quoted words, field values, excluded words and patterns stay as typed."""
    from archive.plan import AnyOf, Source, Word
    from search.planning import Planner

    archive, _ = seminar_archive
    pipeline = archive.indexer

    def planner() -> Planner:
        return Planner(pipeline.glossary(), pipeline.engine.vocabulary(), pipeline.languages())

    def words(node):  # type: ignore[no-untyped-def]
        if isinstance(node, Word):
            yield node
        for child in getattr(node, "children", ()):
            yield from words(child)

    node = planner().plan("tamogatas").node
    assert isinstance(node, AnyOf)
    found = list(words(node))
    assert Word("tamogatas") in found
    assert any(w.text == "támogatás" and w.source is Source.ACCENTED for w in found)
    for text in ('"kor tamogatas"', "title:tamogatas", "klaszter -tamogatas", "tamog*"):
        planned = planner().plan(text)
        assert planned.accented == (), text
    assert (
        Planner(
            pipeline.glossary(), pipeline.engine.vocabulary(), pipeline.languages(), expand=False
        )
        .plan("tamogatas")
        .accented
        == ()
    )
