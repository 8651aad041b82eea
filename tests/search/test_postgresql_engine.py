"""The PostgreSQL engine: the same answers as Whoosh on Hungarian and English queries, its
tables as a rebuildable cache, the setting that chooses it, reads from another database.

The search tests (test_search.py, test_accents.py, test_query_semantics.py) run on both
engines; these compare them side by side and test what only this engine has.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from archive import ConfigurationError, SearchQuery
from tests.postgres import drop_database, new_database
from tests.search.conftest import GONE_WORD, SECRET_WORD, build, open_test_archive

QUERIES = (
    # Hungarian inflections, compounds, accents
    "pályázat",
    "pályázatokról",
    "támogatásokat",
    "tamogatas",
    "onkormanyzati tamogatas",
    "fejlesztés",
    "gazdaságfejlesztés",
    "klaszterek",
    "kör",
    "kor",
    # English, phrases, fields, syntax
    "knowledge transfer",
    '"knowledge transfer"',
    '"cluster policy"',
    "universities SMEs",
    "title:klaszter",
    "type:report",
    "year:[2009 TO 2010]",
    "klaszt*",
    "cluster -manchester",
    "+klaszter budapest",
    "innovaton~",
    # the glossary across languages
    "önkormányzati",
    "municipality",
    "cluster",
)


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory, postgres_server: str):  # type: ignore[no-untyped-def]
    """The seminar documents in an archive on each engine: (whoosh, postgresql, ids)."""
    whoosh = open_test_archive(tmp_path_factory.mktemp("whoosh") / "archive")
    url = new_database(postgres_server, "compare")
    postgres = open_test_archive(tmp_path_factory.mktemp("pg") / "archive", url, "postgresql")
    try:
        ids = build(whoosh)
        assert build(postgres) == ids
        yield whoosh, postgres, ids
    finally:
        whoosh.close()
        postgres.close()
        drop_database(postgres_server, "compare")


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("restricted", [False, True])
def test_both_engines_find_the_same_documents(both, text: str, restricted: bool) -> None:  # type: ignore[no-untyped-def]
    whoosh, postgres, _ = both
    query = SearchQuery(text, include_restricted=restricted)
    expected, found = whoosh.search(query), postgres.search(query)
    assert found.total == expected.total, text
    assert {h.id for h in found.hits} == {h.id for h in expected.hits}, text
    if expected.hits:
        assert found.hits[0].id == expected.hits[0].id, text
    assert found.suggestion == expected.suggestion
    assert [(f.name, [(v.value, v.count) for v in f.values]) for f in found.facets] == [
        (f.name, [(v.value, v.count) for v in f.values]) for f in expected.facets
    ]


def test_hungarian_forms_and_compound_parts_are_found(both) -> None:  # type: ignore[no-untyped-def]
    _, postgres, ids = both
    case = ids["budapest-case"]
    for typed in ("pályázat", "pályázatokkal", "fejlesztés", "gazdaság", "tamogatasok"):
        found = postgres.search(SearchQuery(typed))
        assert case in [h.id for h in found.hits], typed
    found = postgres.search(SearchQuery("pályázatok"))
    assert "<mark>pályázatok</mark>" in found.hits[0].snippet
    assert found.hits[0].page == 2


def test_restricted_and_withdrawn_documents(both) -> None:  # type: ignore[no-untyped-def]
    _, postgres, ids = both
    assert postgres.search(SearchQuery(SECRET_WORD)).total == 0
    found = postgres.search(SearchQuery(SECRET_WORD, include_restricted=True))
    assert [h.id for h in found.hits] == [ids["restricted"]]
    assert postgres.search(SearchQuery(GONE_WORD, include_restricted=True)).total == 0
    assert postgres.indexer.suggest(SECRET_WORD[:5]) == []
    assert postgres.indexer.suggest(SECRET_WORD[:5], include_restricted=True) == [SECRET_WORD]
    assert ids["withdrawn"] not in postgres.indexer.document_ids()


def test_the_tables_are_a_cache_that_reindex_rebuilds(both) -> None:  # type: ignore[no-untyped-def]
    _, postgres, ids = both
    engine = postgres.indexer.engine
    assert engine.rebuild_reason() is None
    before = postgres.search(SearchQuery("klaszter"))
    assert postgres.reindex() == len(ids) - 1  # the withdrawn one is not indexed
    after = postgres.search(SearchQuery("klaszter"))
    assert [h.id for h in after.hits] == [h.id for h in before.hits]
    with engine.primary.begin() as conn:
        conn.execute(text("DROP TABLE search_words"))
    assert "do not exist" in (engine.rebuild_reason() or "")
    assert postgres.reindex(if_needed=True) == len(ids) - 1
    assert postgres.search(SearchQuery("klaszter")).total == before.total


def test_the_engine_needs_the_catalogue_on_postgresql(tmp_path: Path) -> None:
    from web.wiring import open_archive, read_settings

    settings = read_settings({"HOME": str(tmp_path), "SEARCH_ENGINE": "postgresql"})
    with pytest.raises(ConfigurationError, match="set CLUSNET_DATABASE_URL to a postgresql"):
        open_archive(settings)


def test_searches_go_to_the_read_database(tmp_path: Path, postgres_server: str) -> None:
    primary = new_database(postgres_server, "primary")
    other = new_database(postgres_server, "reader")
    try:
        archive = open_test_archive(tmp_path / "archive", primary, "postgresql")
        build(archive)
        assert archive.search(SearchQuery("klaszter")).total > 0
        archive.close()
        from web.wiring import open_archive, read_settings

        settings = {
            "HOME": str(tmp_path / "archive"),
            "DATABASE_URL": primary,
            "DATABASE_READ_URL": other,
            "SEARCH_ENGINE": "postgresql",
        }
        reading = open_archive(read_settings(settings))
        try:
            from archive import IndexUnavailableError

            # the read database has no search tables: the search went there
            with pytest.raises(IndexUnavailableError, match="clusnet reindex"):
                reading.search(SearchQuery("klaszter"))
            assert reading.indexer.engine.rebuild_reason() is None  # asked of the primary
        finally:
            reading.close()
    finally:
        drop_database(postgres_server, "primary")
        drop_database(postgres_server, "reader")
