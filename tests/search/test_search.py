"""Search through the archive's facade: filters, facets, sorting, pages, syntax, glossary,
"did you mean", autocomplete, more like this, time limits, and nothing hidden leaking."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive import (
    Document,
    DocumentNotFoundError,
    DocumentStatus,
    Page,
    SearchQuery,
    SortOrder,
)
from search import Glossary, SearchPipeline, WhooshIndex

from .conftest import GONE_WORD, SECRET_EN, SECRET_WORD, build, open_test_archive


def keys(ids: dict[str, int], results) -> list[str]:  # type: ignore[no-untyped-def]
    by_id = {v: k for k, v in ids.items()}
    return [by_id[hit.id] for hit in results.hits]


def facet_counts(results, name: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    facet = results.facet(name)
    return {v.value: v.count for v in facet.values} if facet else {}


# -- finding ----------------------------------------------------------------------------


def test_filters_and_facets(seminar_archive) -> None:
    archive, ids = seminar_archive
    everything = archive.search(SearchQuery("klaszter", expand=False))
    assert facet_counts(everything, "language") == {"hu": 2}
    found = archive.search(SearchQuery("klaszter OR cluster", expand=False))
    assert facet_counts(found, "language") == {"hu": 2, "en": 2}
    assert facet_counts(found, "type") == {
        "case_study": 1,
        "minutes": 1,
        "report": 1,
        "presentation": 1,
    }
    assert facet_counts(found, "city")["budapest"] == 1
    city = found.facet("city")
    assert {v.value: v.label for v in city.values}["budapest"] == "Budapest"
    assert {v.value: v.label for v in found.facet("seminar").values} == {
        "budapest-2010": "Budapest seminar: the knowledge industry of Budapest"
    }

    only_en = archive.search(
        SearchQuery("klaszter OR cluster", expand=False, filters={"language": ("en",)})
    )
    assert set(keys(ids, only_en)) == {"eindhoven-report", "manchester-slides"}
    # a field's own filter does not narrow its counts: another language can be added
    assert facet_counts(only_en, "language") == {"hu": 2, "en": 2}
    assert [v.value for v in only_en.facet("language").values if v.active] == ["en"]
    assert facet_counts(only_en, "type") == {"report": 1, "presentation": 1}

    both = archive.search(
        SearchQuery(
            "klaszter OR cluster",
            expand=False,
            filters={"language": ("en", "hu"), "year": ("2010",)},
        )
    )
    assert set(keys(ids, both)) == {"budapest-case", "manchester-slides"}
    dated = archive.search(
        SearchQuery("klaszter OR cluster", expand=False, date_from=date(2011, 1, 1))
    )
    assert keys(ids, dated) == ["eindhoven-report"]


def test_filters_alone_list_documents(seminar_archive) -> None:
    archive, ids = seminar_archive
    found = archive.search(SearchQuery("", filters={"city": ("Budapest",)}))
    assert keys(ids, found) == ["budapest-case"]


def test_sorting(seminar_archive) -> None:
    archive, ids = seminar_archive
    query = SearchQuery("klaszter OR cluster OR knowledge", expand=False)
    newest = keys(ids, archive.search(replace(query, sort=SortOrder.NEWEST)))
    assert newest == ["eindhoven-report", "manchester-slides", "budapest-case", "kor-note"]
    oldest = keys(ids, archive.search(replace(query, sort=SortOrder.OLDEST)))
    assert oldest == list(reversed(newest))
    by_title = archive.search(replace(query, sort=SortOrder.TITLE))
    titles = [hit.title.casefold() for hit in by_title.hits]
    assert titles == sorted(titles)


def test_pagination(seminar_archive) -> None:
    archive, _ = seminar_archive
    query = SearchQuery("klaszter OR cluster OR knowledge", expand=False, limit=3)
    first = archive.search(query)
    second = archive.search(replace(query, page=2))
    assert (first.total, first.pages, len(first.hits), len(second.hits)) == (4, 2, 3, 1)
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}
    beyond = archive.search(replace(query, page=99))
    assert beyond.page == 2


def test_snippets_carry_page_numbers(seminar_archive) -> None:
    archive, ids = seminar_archive
    found = archive.search(SearchQuery("tárgyalóasztal"))
    hit = found.hits[0]
    assert hit.id == ids["budapest-case"]
    assert hit.page == 3
    assert [s.page for s in hit.snippets] == [3]
    assert "<mark>tárgyalóasztal</mark>" in hit.snippets[0].html
    assert (hit.seminar, hit.partner, hit.city, hit.doc_type) == (
        "budapest-2010",
        "budapest",
        "Budapest",
        "case_study",
    )
    assert hit.date == date(2010, 3, 4)
    assert hit.size > 0


def test_unaccented_queries_and_exact_words_first(seminar_archive) -> None:
    archive, ids = seminar_archive
    assert keys(ids, archive.search(SearchQuery("onkormanyzati tamogatas", expand=False))) == [
        "budapest-case"
    ]
    # kör (circle) is not kor (age): the accented query ranks the exact word first
    kor = keys(ids, archive.search(SearchQuery("kör", expand=False)))
    assert kor[0] == "budapest-case"
    kor = keys(ids, archive.search(SearchQuery("kor", expand=False)))
    assert kor[0] == "kor-note"


def test_field_syntax(seminar_archive) -> None:
    archive, ids = seminar_archive
    assert keys(ids, archive.search(SearchQuery("title:cluster"))) == ["eindhoven-report"]
    assert keys(ids, archive.search(SearchQuery("cím:esettanulmány"))) == ["budapest-case"]
    assert keys(ids, archive.search(SearchQuery("author:kovacs"))) == ["budapest-case"]
    assert keys(ids, archive.search(SearchQuery("szerző:Kovács"))) == ["budapest-case"]
    assert keys(ids, archive.search(SearchQuery("type:report"))) == ["eindhoven-report"]
    assert keys(ids, archive.search(SearchQuery("city:Manchester"))) == ["manchester-slides"]
    assert keys(ids, archive.search(SearchQuery("seminar:budapest-2010"))) == ["budapest-case"]
    years = archive.search(SearchQuery("év:[2010 TO 2011]", sort=SortOrder.OLDEST))
    assert keys(ids, years) == ["budapest-case", "manchester-slides", "eindhoven-report"]
    assert keys(ids, archive.search(SearchQuery("language:en knowledge -manchester"))) == [
        "eindhoven-report"
    ]
    assert keys(ids, archive.search(SearchQuery('"knowledge transfer" AND vouchers'))) == [
        "manchester-slides"
    ]


def test_wildcards_are_bounded(seminar_archive) -> None:
    archive, ids = seminar_archive
    found = archive.search(SearchQuery("tárgyaló*"))
    assert keys(ids, found) == ["budapest-case"]
    short = archive.search(SearchQuery("k*"))
    assert short.total == 0
    assert any("at least 2 letters" in n for n in short.notices)
    fuzzy = archive.search(SearchQuery("tárgyalóasztl~"))
    assert keys(ids, fuzzy) == ["budapest-case"]


# -- glossary ---------------------------------------------------------------------------


def test_glossary_expands_into_the_other_language(seminar_archive) -> None:
    archive, ids = seminar_archive
    found = archive.search(SearchQuery("klaszterpolitika"))
    assert "cluster policy" in found.expansions
    assert "eindhoven-report" in keys(ids, found)
    plain = archive.search(SearchQuery("klaszterpolitika", expand=False))
    assert plain.expansions == ()
    assert plain.expandable
    assert "eindhoven-report" not in keys(ids, plain)
    english = archive.search(SearchQuery("knowledge transfer"))
    assert "tudástranszfer" in english.expansions
    # the translations only add documents: what the typed words find is still found
    for text in ("klaszter", "cluster", "knowledge transfer", "önkormányzati támogatás"):
        typed = set(keys(ids, archive.search(SearchQuery(text, expand=False))))
        assert typed <= set(keys(ids, archive.search(SearchQuery(text)))), text


def test_translations_count_less_than_the_words_typed(seminar_archive) -> None:
    from search.glossary import EXPANSION_BOOST
    from search.planning import Planner
    from search.whoosh_query import Compiler

    archive, _ = seminar_archive
    pipeline = archive.indexer
    if not isinstance(pipeline.engine, WhooshIndex):
        pytest.skip("reads the Whoosh query the plan compiles to")
    planner = Planner(pipeline.glossary(), pipeline.engine.vocabulary(), pipeline.languages())
    node = planner.plan("támogatás").node
    with pipeline.engine._index().searcher() as searcher:
        parsed = Compiler(searcher.schema).compile(node)
    english = {
        (leaf.fieldname, getattr(leaf, "text", None) or tuple(leaf.words)): leaf.boost
        for leaf in parsed.leaves()
        if leaf.fieldname == "content_en"
    }
    # one word and a phrase of the glossary: both weighted
    assert english[("content_en", "subsidi")] == EXPANSION_BOOST
    assert english[("content_en", ("public", "support"))] == EXPANSION_BOOST


def test_librarians_extend_the_glossary(tmp_path: Path) -> None:
    extra = tmp_path / "glossary.tsv"
    extra.write_text("vouchers\tutalvány\ncluster\t\n", encoding="utf-8")
    glossary = Glossary.load(extra)
    assert glossary.expand("utalványok").added == ("vouchers",)
    assert glossary.expand("klaszter").added == ()  # removed by the librarian's file
    assert glossary.expand("klaszterpolitika").added  # the rest of the shipped one stays
    assert len(Glossary.load().concepts) >= 40


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_glossary_takes_any_text(text: str) -> None:
    expansion = Glossary.load().expand(text)
    assert isinstance(expansion.text, str)


# -- suggestions ------------------------------------------------------------------------


def test_did_you_mean_from_the_archives_words(seminar_archive) -> None:
    archive, _ = seminar_archive
    found = archive.search(SearchQuery("tárgyalóasztl", expand=False))
    assert found.total == 0
    assert found.suggestion == "tárgyalóasztal"
    assert archive.search(SearchQuery("tárgyalóasztal")).suggestion is None


def test_autocomplete(seminar_archive) -> None:
    archive, _ = seminar_archive
    assert "tárgyalóasztal" in archive.suggest("tárgy")
    assert archive.suggest("a kerek tárgy")[0].startswith("a kerek tárgy")
    assert archive.suggest("") == []
    assert archive.suggest("x") == []


def test_more_like_this(seminar_archive) -> None:
    archive, ids = seminar_archive
    found = archive.similar(ids["eindhoven-report"], SearchQuery(""))
    assert ids["eindhoven-report"] not in [h.id for h in found.hits]
    assert keys(ids, found)[0] == "manchester-slides"


# -- nothing hidden leaks ---------------------------------------------------------------


def test_restricted_documents_only_for_those_who_may_see_them(seminar_archive) -> None:
    archive, ids = seminar_archive
    anonymous = SearchQuery(SECRET_WORD)
    reader = replace(anonymous, include_restricted=True)
    assert archive.search(anonymous).total == 0
    assert keys(ids, archive.search(reader)) == ["restricted"]

    wide = SearchQuery("klaszter OR önkormányzati", expand=False)
    hidden = archive.search(wide)
    assert ids["restricted"] not in [h.id for h in hidden.hits]
    assert "leipzig" not in facet_counts(hidden, "city")
    assert "2012" not in facet_counts(hidden, "year")
    shown = archive.search(replace(wide, include_restricted=True))
    assert facet_counts(shown, "city")["leipzig"] == 1
    assert facet_counts(shown, "year")["2012"] == 1

    typo = SECRET_WORD.replace("ssz", "sz")  # only the restricted document has the word
    assert archive.search(SearchQuery(typo)).suggestion is None
    assert archive.search(SearchQuery(typo, include_restricted=True)).suggestion == SECRET_WORD
    assert archive.suggest("titkos") == []
    assert archive.suggest("titkos", include_restricted=True) == [SECRET_WORD]
    assert archive.suggest(SECRET_EN[:6]) == []

    like = archive.similar(ids["budapest-case"], SearchQuery(""))
    assert ids["restricted"] not in [h.id for h in like.hits]
    with pytest.raises(DocumentNotFoundError):
        archive.similar(ids["restricted"], SearchQuery(""))
    assert archive.similar(ids["restricted"], SearchQuery("", include_restricted=True)).hits


def test_withdrawn_documents_are_gone_for_everyone(seminar_archive) -> None:
    archive, ids = seminar_archive
    for include in (False, True):
        assert archive.search(SearchQuery(GONE_WORD, include_restricted=include)).total == 0
        assert archive.suggest(GONE_WORD[:6], include_restricted=include) == []
        typo = GONE_WORD.replace("ssz", "sz")
        found = archive.search(SearchQuery(typo, include_restricted=include))
        assert found.suggestion is None
        everything = archive.search(SearchQuery("klaszter", include_restricted=include))
        assert ids["withdrawn"] not in [h.id for h in everything.hits]
        assert "2008" not in facet_counts(everything, "year")
        assert "other" not in facet_counts(everything, "type")
    with pytest.raises(DocumentNotFoundError):
        archive.similar(ids["withdrawn"], SearchQuery("", include_restricted=True))


def test_restricting_later_hides_at_once(tmp_path: Path) -> None:
    from archive import DocumentMetadata

    archive = open_test_archive(tmp_path / "archive")
    try:
        ids = build(archive, withdraw=False)
        assert archive.search(SearchQuery(GONE_WORD)).total == 1
        archive.catalogue.update_metadata(ids["budapest-case"], DocumentMetadata(restricted=True))
        archive.catalogue.set_withdrawn(ids["withdrawn"], True)
        archive.index_pending()
        assert archive.search(SearchQuery(GONE_WORD)).total == 0
        assert archive.search(SearchQuery("tárgyalóasztal")).total == 0
        assert archive.suggest("tárgyal") == []
        archive.catalogue.set_withdrawn(ids["withdrawn"], False)
        archive.index_pending()
        assert archive.search(SearchQuery(GONE_WORD)).total == 1
    finally:
        archive.close()


# -- time limit -------------------------------------------------------------------------


def many_documents(count: int) -> list[Document]:
    return [
        Document(
            id=n,
            sha256=f"{n:064x}",
            filename=f"doc{n}.txt",
            size=100,
            status=DocumentStatus.READY,
            title=f"Klaszter dokumentum {n}",
            language="hu",
            pages=(Page(1, f"A klaszter {n}. jelentése a támogatásokról és pályázatokról.", "hu"),),
        )
        for n in range(1, count + 1)
    ]


def test_time_limit_returns_what_was_found_with_a_notice(tmp_path: Path) -> None:
    engine = WhooshIndex(tmp_path / "index")
    engine.clear()
    engine.add(many_documents(400))
    index = SearchPipeline(engine, time_limit=1e-9)
    outcome: dict[str, object] = {}

    def run() -> None:  # as in a web server thread
        outcome["results"] = index.search(SearchQuery("klaszter"))

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(30)
    results = outcome["results"]
    assert results.timed_out  # type: ignore[attr-defined]
    assert results.total < 400  # type: ignore[attr-defined]
    assert any("took longer" in n for n in results.notices)  # type: ignore[attr-defined]
    index.time_limit = 10.0
    assert index.search(SearchQuery("klaszter")).total == 400
    index.close()


SHARED_FIXTURE = [HealthCheck.function_scoped_fixture]  # module-scoped, read-only


def test_counts_and_facets_cover_every_match_in_every_segment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("search.whoosh_merging.MERGE_FACTOR", 100)  # keep the four segments
    engine = WhooshIndex(tmp_path / "index")
    engine.clear()
    documents = many_documents(120)
    for start in range(0, 120, 30):  # four segments
        engine.add(documents[start : start + 30])
    assert len(segment_sizes(engine)) == 4
    index = SearchPipeline(engine)
    found = index.search(SearchQuery("klaszter támogatás", limit=5))
    assert found.total == 120
    assert facet_counts(found, "language") == {"hu": 120}
    index.close()


def segment_sizes(index: WhooshIndex) -> list[int]:
    from whoosh import index as whoosh_index

    return sorted(s.doc_count_all() for s in whoosh_index.open_dir(str(index.path))._segments())


@pytest.mark.parametrize("policy", ["archive", "whoosh"])
def test_small_segments_do_not_pile_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, policy: str
) -> None:
    """Batches too big for Whoosh's own policy (20 documents here, 200 in the archive)
    are merged once four small segments are there."""
    monkeypatch.setattr("search.whoosh_merging.SMALL_SEGMENT_DOCS", 32)
    if policy == "whoosh":
        from whoosh.writing import MERGE_SMALL

        monkeypatch.setattr("search.whoosh_engine.merge_tiers", MERGE_SMALL)
    engine = WhooshIndex(tmp_path / "index")
    engine.clear()
    documents = many_documents(120)
    for start in range(0, 120, 20):
        engine.add(documents[start : start + 20])
    sizes = segment_sizes(engine)
    if policy == "archive":
        assert len(sizes) <= 3, sizes
    else:
        assert sizes == [20] * 6  # what the archive's policy is there for
    assert SearchPipeline(engine).search(SearchQuery("klaszter", limit=5)).total == 120
    engine.close()


# -- any input --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    index = WhooshIndex(tmp_path_factory.mktemp("hostile") / "index")
    index.clear()
    text = (
        "Klaszter <script>alert('x')</script> & <b>bold</b> <mark>fake</mark> "
        'önkormányzati <img src=x onerror=alert(1)> támogatás "quoted" a&amp;b'
    )
    index.add(
        [
            Document(
                id=1,
                sha256="0" * 64,
                filename="hostile.txt",
                size=len(text),
                status=DocumentStatus.READY,
                title="<i>Hostile</i>",
                language="hu",
                pages=(Page(1, text, "hu"), Page(2, text.upper(), "hu")),
            )
        ]
    )
    yield SearchPipeline(index)
    index.close()


@given(st.text(max_size=120))
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_the_query_parser_never_raises(hostile_index: SearchPipeline, text: str) -> None:
    for expand in (True, False):
        results = hostile_index.search(SearchQuery(text, expand=expand))
        assert results.total >= 0
    hostile_index.suggest(text)


@given(
    st.lists(
        st.sampled_from(
            [
                "klaszter",
                "script",
                "alert",
                "bold",
                "fake",
                "mark",
                "önkormányzati",
                "onkor*",
                "támogatás",
                "quoted",
                "amp",
                "KLASZTER",
                '"',
                "OR",
                "-",
                "img",
                "x",
                "b",
            ]
        ),
        min_size=1,
        max_size=4,
    )
)
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_highlights_contain_no_markup_but_mark(hostile_index: SearchPipeline, words) -> None:  # type: ignore[no-untyped-def]
    results = hostile_index.search(SearchQuery(" OR ".join(words)))
    for hit in results.hits:
        for snippet in hit.snippets:
            tags = {tag.name for tag in BeautifulSoup(snippet.html, "html.parser").find_all()}
            assert tags <= {"mark"}, snippet.html
