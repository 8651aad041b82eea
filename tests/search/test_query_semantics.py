"""What a query of several words finds: all the words first, then fewer of them; the syntax
that is strict stays strict. Through the archive (real SQLite, real index), the page and
the API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from archive import Archive, SearchQuery
from tests.search.conftest import add_document, open_test_archive

DOCS: list[dict[str, Any]] = [
    {
        "key": "innopolisz",
        "title": "Az INNOPOLISZ fejlesztési pólus Budapesten",
        "language": "hu",
        "pages": [
            "A budapesti tudásipar versenyképessége a kutatóintézetek és a kis- és "
            "középvállalkozások együttműködésén múlik. Az INNOPOLISZ pólusprogram a "
            "mobilitási és multimédiás klaszter vállalkozásait támogatja.",
            "A program a regionális innovációs ügynökség pályázatain keresztül juttat "
            "forrást a klasztertagoknak.",
        ],
    },
    {
        "key": "leipzig",
        "title": "Cluster management in Leipzig: the automotive network",
        "language": "en",
        "pages": [
            "The Leipzig automotive cluster brings together suppliers, universities and the "
            "city's economic development office. Cluster managers organise joint training.",
        ],
    },
    {
        "key": "tamogatas",
        "title": "Önkormányzati támogatás a kisvállalkozásoknak",
        "language": "hu",
        "pages": [
            "A kerületi önkormányzat vissza nem térítendő támogatást nyújt a helyi "
            "kisvállalkozásoknak, ha új munkahelyet teremtenek.",
        ],
    },
    {
        "key": "munkanelkuliseg",
        "title": "A munkanélküliség csökkentése a vidéki térségekben",
        "language": "hu",
        "pages": [
            "A vidéki térségekben a munkanélküliség kétszer akkora, mint a fővárosban. A "
            "közfoglalkoztatás és a képzési programok együtt csökkenthetik.",
        ],
    },
    {
        "key": "munkahely",
        "title": "Munkahelyteremtés a fővárosban",
        "language": "hu",
        "pages": [
            "A főváros munkahelyteremtő programja a vállalkozásokat és a képzést támogatja.",
        ],
    },
]


@pytest.fixture(scope="module")
def semantics_archive(engine_home: tuple[Path, str, str]):  # type: ignore[no-untyped-def]
    archive = open_test_archive(*engine_home)
    ids = {spec["key"]: add_document(archive, spec) for spec in DOCS}
    archive.index_pending()
    yield archive, ids
    archive.close()


def search(archive: Archive, text: str, **options: Any) -> Any:
    return archive.search(SearchQuery(text, **options))


def test_a_word_the_document_lacks_does_not_hide_it(semantics_archive) -> None:
    archive, ids = semantics_archive
    # the document says "fejlesztési pólus", "tudásipar", never "stratégia"
    found = search(archive, "innopolisz fejlesztési pólus stratégia")
    assert found.hits and found.hits[0].id == ids["innopolisz"]
    assert found.matching is not None
    assert found.matching.complete == 0 and found.matching.partial
    assert found.hits[0].missing == ("stratégia",)
    # the strict search wants every word, and finds nothing
    strict = search(archive, "innopolisz fejlesztési pólus stratégia", match_all=True)
    assert strict.total == 0 and strict.strict


def test_documents_with_all_the_words_rank_first(semantics_archive) -> None:
    archive, ids = semantics_archive
    found = search(archive, "munkanélküliség csökkentése vidéki térségekben")
    assert found.hits[0].id == ids["munkanelkuliseg"]
    assert found.hits[0].missing == ()
    assert found.matching is not None and found.matching.complete >= 1


def test_documents_rank_by_how_many_of_the_words_they_have(semantics_archive) -> None:
    archive, ids = semantics_archive
    found = search(archive, "önkormányzati támogatás kisvállalkozások fővárosban", expand=False)
    found_ids = [hit.id for hit in found.hits]
    # three of the four words, then one of them (the capital's two documents)
    assert found_ids[0] == ids["tamogatas"]
    assert set(found_ids[1:]) == {ids["munkahely"], ids["munkanelkuliseg"]}
    assert [len(hit.missing) for hit in found.hits] == [1, 3, 3]
    assert ids["leipzig"] not in found_ids  # none of the words
    assert found.matching is not None and found.matching.minimum == 1


def test_unaccented_words_get_the_same_fallback(semantics_archive) -> None:
    archive, ids = semantics_archive
    found = search(archive, "innopolisz fejlesztesi polus strategia")
    assert found.hits and found.hits[0].id == ids["innopolisz"]
    assert found.hits[0].missing == ("strategia",)
    assert found.accented


def test_stop_words_never_make_a_query_fail(semantics_archive) -> None:
    archive, ids = semantics_archive
    for text in ("the innopolisz of the pólus", "az innopolisz és a pólus"):
        for strict in (False, True):
            found = search(archive, text, match_all=strict)
            assert [hit.id for hit in found.hits] == [ids["innopolisz"]], (text, strict)
            assert not found.hits[0].missing


def test_phrases_plus_and_field_values_stay_strict(semantics_archive) -> None:
    archive, ids = semantics_archive
    # a phrase the documents do not have: nothing, although "klaszter" is everywhere
    assert search(archive, '"klaszter stratégia" klaszter').total == 0
    # +word is required
    found = search(archive, "+leipzig klaszter")
    assert [hit.id for hit in found.hits] == [ids["leipzig"]]
    # -word excludes
    found = search(archive, "támogatás -önkormányzat", expand=False)
    assert ids["tamogatas"] not in [hit.id for hit in found.hits]
    # field:value is required
    found = search(archive, "title:munkahelyteremtés munkanélküliség")
    assert [hit.id for hit in found.hits] == [ids["munkahely"]]
    # AND makes the whole query strict
    found = search(archive, "innopolisz AND stratégia")
    assert found.total == 0 and found.strict and found.matching is None


def test_or_groups_count_as_one_word(semantics_archive) -> None:
    archive, ids = semantics_archive
    found = search(archive, "leipzig OR innopolisz automotive", expand=False)
    assert found.matching is not None and found.matching.words == 2
    assert found.hits[0].id == ids["leipzig"]


def test_an_unclosed_quote_searches_the_words(semantics_archive) -> None:
    archive, ids = semantics_archive
    found = search(archive, '"innopolisz pólus')
    assert found.hits and found.hits[0].id == ids["innopolisz"]


def test_the_page_says_what_happened_in_both_languages(tmp_path: Path) -> None:
    from web import create_app

    home = tmp_path / "archive"
    archive = open_test_archive(home)
    for spec in DOCS:
        add_document(archive, spec)
    archive.index_pending()
    archive.close()
    app = create_app({"TESTING": True, "HOME": str(home)})
    try:
        client = app.test_client()
        texts = {
            "en": ("No document has all the words", "Does not have:"),
            "hu": ("Egyik dokumentumban sincs meg minden szó", "Nem tartalmazza:"),
        }
        for lang, (notice, missing) in texts.items():
            headers = {"Accept-Language": lang}
            page = client.get(
                "/", query_string={"q": "innopolisz pólus stratégia"}, headers=headers
            )
            soup = BeautifulSoup(page.data, "html.parser")
            matching = soup.select_one("p.matching")
            assert matching is not None and notice in matching.get_text()
            strict_link = matching.find("a")
            assert strict_link is not None and "all=1" in strict_link["href"]
            assert missing in soup.select_one("li.hit p.missing").get_text()
            assert soup.select_one("li.hit p.missing s").get_text() == "stratégia"
            # the strict search: nothing, and a way back
            strict = client.get(strict_link["href"], headers=headers)
            soup = BeautifulSoup(strict.data, "html.parser")
            assert not soup.select("li.hit")
            back = soup.select_one("p.matching a")
            assert back is not None and "all=1" not in back["href"]
        # the search's notices in the page's language
        for text, hungarian in (
            ("*", "A helyettesítő karakter elé legalább 2 betű kell; kimaradt: *."),
            ('"innopolisz pólus', "Hiányzott a záró idézőjel: a szavakat kerestük."),
        ):
            page = client.get("/", query_string={"q": text}, headers={"Accept-Language": "hu"})
            soup = BeautifulSoup(page.data, "html.parser")
            assert hungarian in [p.get_text() for p in soup.select("p.notice")]
        page = client.get(
            "/", query_string={"q": "innopolsz pólus"}, headers={"Accept-Language": "hu"}
        )
        notices = " ".join(
            p.get_text() for p in BeautifulSoup(page.data, "html.parser").select("p.notice")
        )
        assert "innopolsz" in notices and "hasonló szó" in notices
        data = client.get("/api/search", query_string={"q": "innopolisz pólus stratégia"}).json
        assert data["matching"] == {"words": 3, "complete": 0, "minimum": 1}
        assert data["hits"][0]["missing"] == ["stratégia"]
        assert data["strict"] is False
        data = client.get(
            "/api/search", query_string={"q": "innopolisz pólus stratégia", "all": "1"}
        ).json
        assert data["total"] == 0 and data["strict"] is True
    finally:
        app.extensions["clusnet"].close()


def test_a_typo_is_corrected_and_said(semantics_archive) -> None:
    archive, ids = semantics_archive
    found = search(archive, "innopolsz pólus")
    assert found.hits[0].id == ids["innopolisz"]  # "pólus" is enough to find it
    assert found.suggestion == "innopolisz pólus"
    assert found.unknown == ("innopolsz",)
    # a word typed without accents, or inflected otherwise, is not a typo
    for text in ("polus", "támogatásokkal", "önkormányzatoknak"):
        assert search(archive, text).unknown == ()


def test_a_bare_wildcard_is_refused_with_a_notice(semantics_archive) -> None:
    archive, ids = semantics_archive
    alone = search(archive, "*")
    assert alone.total == 0 and not alone.timed_out
    assert any("left out: *" in n for n in alone.notices)
    found = search(archive, "innopolisz *")
    assert [hit.id for hit in found.hits] == [ids["innopolisz"]]
    assert any("left out: *" in n for n in found.notices)


def test_an_unclosed_quote_is_said(semantics_archive) -> None:
    archive, _ = semantics_archive
    found = search(archive, '"innopolisz pólus')
    assert any("closing quote" in n for n in found.notices)


def test_autocomplete_puts_accents_back(semantics_archive) -> None:
    archive, _ = semantics_archive
    assert archive.suggest("onkorm")[:2] == archive.suggest("önkorm")[:2]
    assert archive.suggest("onkorm")[0].startswith("önkormányzat")
    assert archive.suggest("a kisvall") == ["a kisvállalkozásoknak"]


def test_a_title_with_the_words_lifts_a_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = open_test_archive(tmp_path / "archive")
    try:
        body = "A klaszter tagjai együtt pályáznak, és a klaszter közös képzést szervez."
        in_title = add_document(
            archive,
            {"key": "t", "title": "Klaszter pályázat", "language": "hu", "pages": [body]},
        )
        elsewhere = add_document(
            archive,
            {"key": "u", "title": "Jegyzőkönyv", "language": "hu", "pages": [body]},
        )
        archive.index_pending()
        found = archive.search(SearchQuery("klaszter pályázat", snippets=False))
        assert [hit.id for hit in found.hits] == [in_title, elsewhere]
        lifted = found.hits[0].score / found.hits[1].score
        monkeypatch.setattr("search.whoosh_coordination.TITLE_LIFT", 0.0)
        found = archive.search(SearchQuery("klaszter pályázat", snippets=False))
        # the title's words count in its fields anyway; the lift doubles a full title match
        assert lifted == pytest.approx(2 * found.hits[0].score / found.hits[1].score, rel=1e-3)
    finally:
        archive.close()


def test_phrases_joined_by_or_need_one_of_them(semantics_archive) -> None:
    archive, ids = semantics_archive
    found = search(archive, '"automotive cluster" OR "fejlesztési pólus"', expand=False)
    assert {hit.id for hit in found.hits} == {ids["leipzig"], ids["innopolisz"]}
    assert search(archive, '"automotive cluster" OR "nincs ilyen kifejezés"').total == 1


def test_an_unknown_search_engine_says_which_there_are(tmp_path: Path) -> None:
    from archive import ConfigurationError
    from web.wiring import open_archive, read_settings

    with pytest.raises(ConfigurationError, match="CLUSNET_SEARCH_ENGINE to one of whoosh"):
        open_archive(read_settings({"HOME": str(tmp_path), "SEARCH_ENGINE": "lucene"}))
