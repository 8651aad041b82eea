"""The faster matching parts give exactly what Whoosh's own give: phrases by position sets
(search/whoosh_phrases.py) and BM25F with preloaded field lengths
(search/whoosh_scoring.py), on a real index of real Hungarian and English text."""

from __future__ import annotations

import gzip
import json
import random
import re
from pathlib import Path

import pytest
from whoosh import scoring
from whoosh.query import Phrase

from archive import Document, DocumentStatus, Page
from archive.plan import Word
from search import SearchPipeline, WhooshIndex
from search.syntax import parse
from search.whoosh_phrases import AdjacentPhrase
from search.whoosh_query import Compiler
from search.whoosh_scoring import PreloadedBM25F, field_lengths

from .conftest import DOCS


def texts(fixtures_dir: Path, corpus: Path | None) -> list[tuple[str, str]]:
    found = [(page, spec["language"]) for spec in DOCS for page in spec["pages"]]
    for name, encoding in (("hu_latin2.txt", "iso-8859-2"), ("hu_cp1250.txt", "cp1250")):
        found.append(((fixtures_dir / name).read_bytes().decode(encoding), "hu"))
    if corpus is not None:
        laws = corpus / "text" / "hu_laws_1999.jsonl.gz"
        with gzip.open(laws, "rt", encoding="utf-8") as lines:
            found += [
                (json.loads(line)["text"][:6000], "hu")
                for _, line in zip(range(60), lines, strict=False)
            ]
    return found


@pytest.fixture(scope="module")
def real_index(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    from tests.conftest import FIXTURES, _corpus_dir

    corpus = _corpus_dir()
    docs = texts(FIXTURES, corpus if corpus.is_dir() else None)
    index = WhooshIndex(tmp_path_factory.mktemp("matching") / "index")
    index.clear()
    for start in range(0, len(docs), 25):  # several segments
        index.add(
            Document(
                id=n,
                sha256=f"{n:064x}",
                filename=f"{n}.txt",
                size=len(text),
                status=DocumentStatus.READY,
                language=lang,
                pages=(Page(1, text, lang),),
            )
            for n, (text, lang) in enumerate(docs[start : start + 25], start + 1)
        )
    yield index, [text for text, _ in docs]
    index.close()


def ranked(searcher, query) -> list[tuple[int, float]]:  # type: ignore[no-untyped-def]
    return [(hit.docnum, round(hit.score, 9)) for hit in searcher.search(query, limit=None)]


def test_phrases_by_position_sets_match_whooshs_phrases(real_index) -> None:  # type: ignore[no-untyped-def]
    index, corpus = real_index
    words = [w.lower() for text in corpus for w in re.findall(r"[^\W\d_]+", text)]
    rng = random.Random(7)
    phrases = {
        tuple(words[i : i + rng.choice((2, 2, 3))]) for i in rng.sample(range(len(words) - 3), 150)
    }
    phrases |= {("a", "a"), ("klaszter", "klaszter"), ("fejlesztési", "tervről")}
    with index._index().searcher() as searcher:
        compared = 0
        for phrase in sorted(phrases):
            for field in ("content_hu", "content_exact", "content_folded", "content_en"):
                analyzed = [
                    t.text
                    for t in searcher.schema[field].analyzer(" ".join(phrase), mode="query")
                    if not t.stopped
                ]
                if len(analyzed) < 2:
                    continue
                whoosh = ranked(searcher, Phrase(field, analyzed))
                ours = ranked(searcher, AdjacentPhrase.of(Phrase(field, analyzed)))
                assert ours == whoosh, (field, phrase)
                compared += bool(whoosh)
        assert compared > 50  # phrases that are in the documents, not only absent ones


def test_preloaded_lengths_score_as_whoosh_does(real_index) -> None:  # type: ignore[no-untyped-def]
    index, _ = real_index
    ix = index._index()
    queries = ["klaszter", "fejlesztési támogatás", "önkormányzat", "cluster policy", "törvény"]
    with (
        ix.searcher(weighting=scoring.BM25F()) as whoosh,
        ix.searcher(weighting=PreloadedBM25F()) as ours,
    ):
        compiler = Compiler(whoosh.schema)
        for text in queries:
            query = compiler.compile(parse(text).node)
            expected = ranked(whoosh, query)
            assert expected, text
            assert ranked(ours, query) == expected, text
        for leaf, _ in ours.reader().leaf_readers():  # the fast path was taken
            lengths = field_lengths(leaf, "content_hu")
            assert lengths is not None and len(lengths) == leaf.doc_count_all()


def test_kept_translations_give_the_query_its_own_results(
    real_index, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from archive import SearchQuery

    index, _ = real_index
    queries = ["önkormányzati támogatás", "klaszterpolitika", "fejlesztési terv", "cluster"]

    pipeline = SearchPipeline(index)

    def results(text: str):  # type: ignore[no-untyped-def]
        found = pipeline.search(SearchQuery(text, limit=50))
        return found.total, [(h.id, h.snippets) for h in found.hits], found.facets

    kept = [results(q) for q in queries]
    again = [results(q) for q in queries]  # now from the kept matches
    monkeypatch.setattr("search.whoosh_engine.keep_expansions", lambda query: query)
    plain = [results(q) for q in queries]
    assert kept == again == plain
    assert any(total for total, _, _ in plain)
    reader = index._searcher().reader()
    leaves = [leaf for leaf, _ in reader.leaf_readers()]
    assert any(leaf.__dict__.get("_clusnet_kept_matches") for leaf in leaves)


def test_coordinated_words_score_as_whooshs_and_for_complete_matches(
    real_index, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A document with every word scores what Whoosh's own AND gives it (the coordination
    factor is 1); one with some of the words scores their sum times the factor. (Without
    the title lift, which multiplies both.)"""
    from whoosh.query import And

    from search.whoosh_coordination import COORDINATION, CoordinatedOr

    monkeypatch.setattr("search.whoosh_coordination.TITLE_LIFT", 0.0)
    index, _ = real_index
    queries = [
        "fejlesztési támogatás",
        "klaszter önkormányzat terv",
        "törvény végrehajtásáról rendelkezik",
        "cluster policy universities",
    ]
    with index._index().searcher(weighting=PreloadedBM25F()) as searcher:
        compiler = Compiler(searcher.schema)
        compared = partial = 0
        for text in queries:
            words = [compiler.compile(Word(word)) for word in text.split()]
            complete = dict(ranked(searcher, And(words)))
            each = [dict(ranked(searcher, word)) for word in words]
            coordinated = CoordinatedOr(words, share=0.0)
            coordinated.prepare(searcher, lambda docnum: True)
            for docnum, score in ranked(searcher, coordinated):
                if docnum in complete:
                    assert score == pytest.approx(complete[docnum], abs=2e-9), text
                    compared += 1
                else:
                    have = [found[docnum] for found in each if docnum in found]
                    factor = (len(have) / len(words)) ** COORDINATION
                    assert score == pytest.approx(sum(have) * factor, abs=2e-9), text
                    partial += 1
        assert compared > 5 and partial > 5
