"""The PostgreSQL engine: the same answers as Whoosh on Hungarian and English queries, its
tables as a rebuildable cache, the setting that chooses it, reads from another database.

The search tests (test_search.py, test_accents.py, test_query_semantics.py) run on both
engines; these compare them side by side and test what only this engine has.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from archive import ConfigurationError, SearchQuery
from tests.postgres import NoServerError, drop_database, new_database, streaming_replica
from tests.search.conftest import (
    GONE_WORD,
    SECRET_WORD,
    add_document,
    build,
    open_test_archive,
)

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


def test_searches_read_from_a_streaming_replica(tmp_path: Path, postgres_server: str) -> None:
    from archive import IndexUnavailableError
    from web.wiring import open_archive, read_settings

    primary = new_database(postgres_server, "primary")
    try:
        archive = open_test_archive(tmp_path / "archive", primary, "postgresql")
        build(archive)
        archive.close()
        try:
            replica_server = streaming_replica(postgres_server)
            replica = replica_server.__enter__()
        except NoServerError as exc:
            pytest.skip(str(exc))
        try:
            read_url = make_url(replica).set(database=make_url(primary).database)
            settings = {
                "HOME": str(tmp_path / "archive"),
                "DATABASE_URL": primary,
                "DATABASE_READ_URL": read_url.render_as_string(hide_password=False),
                "SEARCH_ENGINE": "postgresql",
            }
            reading = open_archive(read_settings(settings))
            try:
                assert reading.search(SearchQuery("klaszter")).total > 0
                # an upload on the primary: found through the replica once it has replayed
                spec = {
                    "key": "late",
                    "title": "Késői jegyzet",
                    "language": "hu",
                    "pages": ["A replikáról is megtalálható jegyzetszöveg."],
                }
                late = add_document(reading, spec)
                reading.index_pending()
                deadline = time.monotonic() + 30
                found: list[int] = []
                while time.monotonic() < deadline and late not in found:
                    found = [h.id for h in reading.search(SearchQuery("jegyzetszöveg")).hits]
                    time.sleep(0.2)
                assert found == [late]
                engine = reading.indexer.engine
                with engine.replica.connect() as conn:
                    assert conn.execute(text("SELECT pg_is_in_recovery()")).scalar() is True
                with engine.primary.connect() as conn:
                    assert conn.execute(text("SELECT pg_is_in_recovery()")).scalar() is False
            finally:
                reading.close()
        finally:
            replica_server.__exit__(None, None, None)
        # a read database without the search tables: searches say so, the engine says how
        # to build them
        other = new_database(postgres_server, "reader")
        settings["DATABASE_READ_URL"] = other
        reading = open_archive(read_settings(settings))
        try:
            unusable = reading.search(SearchQuery("klaszter"))
            assert unusable.total == 0 and unusable.notices
            with pytest.raises(IndexUnavailableError, match="clusnet reindex"):
                reading.indexer.engine.vocabulary()
        finally:
            reading.close()
    finally:
        drop_database(postgres_server, "primary")
        drop_database(postgres_server, "reader")


def test_writers_in_parallel_keep_the_counts(tmp_path: Path, postgres_server: str) -> None:
    """Any process may index (no single-writer lock): writers adding and replacing
    documents at once leave the document counts of every word exact."""
    from concurrent.futures import ThreadPoolExecutor

    from archive import Document, DocumentStatus, Page
    from search import PostgresEngine, create_search_engine

    url = new_database(postgres_server, "writers")
    engine = PostgresEngine(create_search_engine(url))
    try:

        def document(number: int, word: str) -> Document:
            return Document(
                id=number,
                sha256=f"{number:064x}",
                filename=f"{number}.txt",
                size=10,
                status=DocumentStatus.READY,
                title=f"Jegyzet {number}",
                language="hu",
                pages=(Page(1, f"A klaszterek {word} pályázatai, {number}. rész.", "hu"),),
            )

        def write(start: int) -> None:
            for number in range(start, start + 40, 4):
                engine.add([document(number, "önkormányzati")])
                engine.add([document(number, "városi")])  # replaced: its old words go

        with ThreadPoolExecutor(4) as pool:
            list(pool.map(write, range(1, 5)))
        with engine.primary.connect() as conn:
            counts = dict(
                conn.execute(
                    text(
                        "SELECT word, docs FROM search_words "
                        "WHERE word IN ('x:klaszterek', 'x:városi', 'x:önkormányzati')"
                    )
                ).all()
            )
        assert counts == {"x:klaszterek": 40, "x:városi": 40, "x:önkormányzati": 0}
        assert engine.document_ids() == set(range(1, 41))
    finally:
        engine.close()
        drop_database(postgres_server, "writers")
