"""search.analysis: real analyzers, real Whoosh indexes, real Hungarian text."""

from __future__ import annotations

import gzip
import json
import pickle
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.analysis import Analyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import MultifieldParser, QueryParser

from search.analysis import (
    SUPPORTED_LANGUAGES,
    folded_analyzer,
    generic_analyzer,
    hungarian_backend,
    language_analyzer,
)

HU = language_analyzer("hu")
EN = language_analyzer("en")
FOLDED = folded_analyzer()

ANALYZERS: dict[str, Callable[[], Analyzer]] = {
    **{lang: (lambda lang=lang: language_analyzer(lang)) for lang in SUPPORTED_LANGUAGES},
    "und": lambda: language_analyzer("und"),
    "generic": generic_analyzer,
    "folded": folded_analyzer,
}


def terms(analyzer: Analyzer, text: str, mode: str = "index") -> list[str]:
    return [t.text for t in analyzer(text, mode=mode)]


def key(analyzer: Analyzer, word: str) -> str:
    """The one query term of a single word."""
    (term,) = terms(analyzer, word, mode="query")
    return term


def test_hungarian_uses_the_dictionary() -> None:
    assert hungarian_backend() == "hunspell", (
        "the hu_HU hunspell dictionary or its binding is missing: "
        "apt-get install hunspell-hu libhunspell-dev && pip install hunspell"
    )


@pytest.mark.parametrize(
    "forms",
    [
        ["klaszter", "klaszterek", "klaszterekkel", "klaszternek"],
        ["pályázat", "pályázatok", "pályázatot", "pályázati"],
        ["önkormányzat", "önkormányzati", "önkormányzatok"],
        ["fejlesztés", "fejlesztések", "fejlesztéseket"],
        ["támogatás", "támogatások", "Támogatásokat"],
        ["erőforrás", "erőforrások", "erőforrásait"],
        ["fejlődés", "fejlődését", "fejlődésének"],
        ["működés", "működésének", "működését"],
        ["Budapest", "Budapesten", "budapesti"],
    ],
)
def test_hungarian_inflected_forms_conflate(forms: list[str]) -> None:
    keys = {key(HU, form) for form in forms}
    assert len(keys) == 1, dict(zip(forms, [key(HU, f) for f in forms], strict=True))


@pytest.mark.parametrize(
    ("word", "stem"),
    [("erőforrások", "erőforrás"), ("fejlődés", "fejlődés"), ("működésének", "működés")],
)
def test_hungarian_stems_words_with_double_acute(word: str, stem: str) -> None:
    assert key(HU, word) == stem


def test_hungarian_repairs_latin1_lookalikes() -> None:
    assert key(HU, "erõforrások") == key(HU, "erőforrások")
    assert key(HU, "mûködésének") == key(HU, "működésének")


def test_hungarian_keeps_accents_apart() -> None:
    assert key(HU, "kör") != key(HU, "kor")
    assert key(HU, "körök") == key(HU, "kör")
    assert key(HU, "korok") == key(HU, "kor")


def test_hungarian_drops_stop_words() -> None:
    assert terms(HU, "a klaszter és az önkormányzat is") == ["klaszter", "önkormányzat"]


def test_compound_parts_are_indexed_at_the_word_position() -> None:
    tokens = [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in HU("Gazdaságfejlesztési klaszterpolitika", positions=True, chars=True)
    ]
    assert tokens == [
        ("gazdaságfejlesztés", 0, 0, 19),
        ("gazdaság", 0, 0, 19),
        ("fejlesztés", 0, 0, 19),
        ("klaszterpolitika", 1, 20, 36),
        ("klaszter", 1, 20, 36),
        ("politika", 1, 20, 36),
    ]


def test_query_mode_yields_one_term_per_word() -> None:
    assert terms(HU, "gazdaságfejlesztési klaszterpolitika", mode="query") == [
        "gazdaságfejlesztés",
        "klaszterpolitika",
    ]


def test_folded_analyzer_matches_unaccented_queries() -> None:
    indexed = terms(FOLDED, "önkormányzati támogatások, önkormányzati támogatás")
    query = terms(FOLDED, "onkormanyzati tamogatasok", mode="query")
    assert query == indexed[:2] == indexed[2:]
    assert terms(FOLDED, "ŐSZ ÜGYEK", mode="query") == terms(FOLDED, "osz ugyek", mode="query")


@pytest.mark.parametrize(
    ("forms", "stem"),
    [(["cluster", "clusters", "Clusters"], "cluster"), (["policy", "policies"], "polici")],
)
def test_english_porter2(forms: list[str], stem: str) -> None:
    assert {key(EN, f) for f in forms} == {stem}
    assert terms(EN, "the policy of the cluster") == ["polici", "cluster"]


def test_unknown_language_is_generic() -> None:
    assert terms(language_analyzer("und"), "Klaszterek and Policies") == [
        "klaszterek",
        "and",
        "policies",
    ]
    assert terms(language_analyzer("xx"), "Klaszterek") == ["klaszterek"]
    assert terms(language_analyzer("hu-HU"), "klaszterekkel") == ["klaszter"]


@pytest.mark.parametrize("name", sorted(ANALYZERS))
def test_analyzers_survive_pickling(name: str) -> None:
    analyzer = ANALYZERS[name]()
    text = "Gazdaságfejlesztési klaszterek, önkormányzati támogatások; clusters and policies."
    before = terms(analyzer, text)
    restored = pickle.loads(pickle.dumps(analyzer))
    assert restored == analyzer
    assert terms(restored, text) == before


@pytest.mark.parametrize("name", sorted(ANALYZERS))
def test_character_offsets_point_at_the_word(name: str) -> None:
    text = "Az  erőforrások\tés a gazdaságfejlesztési\n„klaszterpolitika” — Policies, 2014-ben."
    tokens = list(ANALYZERS[name]()(text, positions=True, chars=True))
    assert tokens
    for t in tokens:
        word = text[t.startchar : t.endchar]
        assert word.isalnum(), (t.text, word)
        assert word == word.strip()


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(),
    name=st.sampled_from(sorted(ANALYZERS)),
    mode=st.sampled_from(["index", "query"]),
)
def test_every_analyzer_takes_any_text(text: str, name: str, mode: str) -> None:
    for t in ANALYZERS[name]()(text, positions=True, chars=True, mode=mode):
        assert isinstance(t.text, str)
        assert 0 <= t.startchar <= t.endchar <= len(text)


def _speeches(corpus_dir: Path, needle: str, limit: int) -> list[dict[str, str]]:
    found = []
    path = corpus_dir / "text" / "hu_parlamint_speeches.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            if re.search(rf"\b{needle}\b", doc["text"]):
                found.append(doc)
                if len(found) == limit:
                    break
    return found


@pytest.mark.corpus
def test_real_index_finds_other_inflections_and_unaccented_queries(
    corpus_dir: Path, tmp_path: Path
) -> None:
    schema = Schema(
        id=ID(stored=True, unique=True),
        content_hu=TEXT(analyzer=language_analyzer("hu"), chars=True),
        content_folded=TEXT(analyzer=folded_analyzer()),
    )
    ix = FileStorage(str(tmp_path)).create_index(schema)
    own = "A gazdaságfejlesztési klaszterpolitika önkormányzati támogatásokat ad."
    speeches = _speeches(corpus_dir, "önkormányzatok", 20)
    assert speeches
    writer = ix.writer()
    writer.add_document(id="own", content_hu=own, content_folded=own)
    for doc in speeches:
        writer.add_document(id=doc["id"], content_hu=doc["text"], content_folded=doc["text"])
    writer.commit()

    # the schema (with its analyzers) was pickled into the index and read back
    ix = FileStorage(str(tmp_path)).open_index()

    def search(field: str, query: str) -> set[str]:
        with ix.searcher() as searcher:
            parsed = QueryParser(field, ix.schema).parse(query)
            return {hit["id"] for hit in searcher.search(parsed, limit=None)}

    assert "own" in search("content_hu", "klaszterpolitikával")
    assert "own" in search("content_hu", "fejlesztés")  # a compound part
    assert "own" in search("content_hu", "önkormányzatok támogatása")
    assert "own" not in search("content_hu", "onkormanyzati tamogatasok")
    assert "own" in search("content_folded", "onkormanyzati tamogatasok")
    assert {d["id"] for d in speeches} <= search("content_hu", "önkormányzat")
    assert {d["id"] for d in speeches} <= search("content_folded", "onkormanyzatok")

    with ix.searcher() as searcher:
        parser = MultifieldParser(["content_hu", "content_folded"], ix.schema)
        hits = searcher.search(parser.parse("önkormányzati"), limit=None, terms=True)
        assert {h["id"] for h in hits} >= {"own"}


@pytest.mark.corpus
def test_real_hungarian_words_stem_without_error(corpus_dir: Path) -> None:
    with gzip.open(corpus_dir / "text" / "hu_nerkor.jsonl.gz", "rt", encoding="utf-8") as f:
        text = "\n".join(json.loads(line)["text"] for _, line in zip(range(50), f, strict=False))
    tokens = list(HU(text, positions=True, chars=True))
    assert len(tokens) > 1000
    for t in tokens:
        assert text[t.startchar : t.endchar].isalnum()
