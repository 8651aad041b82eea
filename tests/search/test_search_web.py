"""The search page, its JSON twin, autocomplete, "more like this" and the help page over
HTTP; restricted documents never reach anonymous users."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from bs4 import BeautifulSoup
from click.testing import CliRunner

from .conftest import SECRET_WORD

PASSWORD = "correct horse battery"


def soup(response) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def params(href: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(href).query)


def sign_in_reader(client) -> None:  # type: ignore[no-untyped-def]
    from web.cli import main

    result = CliRunner().invoke(
        main, ["users", "add", "olga", "--role", "reader", "--password-stdin"], input=PASSWORD
    )
    assert result.exit_code == 0, result.output
    page = soup(client.get("/login"))
    token = page.find("input", attrs={"name": "csrf_token"})["value"]
    response = client.post(
        "/login", data={"name": "olga", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_facets_are_links_with_counts_and_state(seminar_client) -> None:
    page = soup(seminar_client.get("/?q=klaszter+OR+cluster&expand=0"))
    languages = page.select(".facet-language li")
    assert {li.a.get_text(strip=True): li.select_one(".n").get_text() for li in languages} == {
        "Hungarian": "2",
        "English": "2",
    }
    english = next(li.a for li in languages if li.a.get_text(strip=True) == "English")
    assert ("language", "en") in params(english["href"])
    assert ("expand", "0") in params(english["href"])

    page = soup(seminar_client.get(english["href"]))
    active = page.select(".facet-language a[aria-current]")
    assert [a.get_text(strip=True) for a in active] == ["English"]
    assert len(page.select("li.hit")) == 2
    removal = page.select_one(".active-filters a.remove")
    assert ("language", "en") not in params(removal["href"])
    assert "Language" in page.select_one(".active-filters").get_text()
    # the search form keeps the filter for the next query
    form = page.find("form", role="search")
    assert form.find("input", attrs={"name": "language", "value": "en"})


def test_hit_cards_pages_and_actions(seminar_client) -> None:
    ids = seminar_client.ids
    page = soup(seminar_client.get("/?q=tárgyalóasztal"))
    hit = page.select_one("li.hit")
    query = "?q=t%C3%A1rgyal%C3%B3asztal"  # the document's page marks the words searched
    assert hit.h2.a["href"] == f"/documents/{ids['budapest-case']}{query}"
    ref = hit.select_one(".snippet a.page-ref")
    assert ref["href"] == f"/documents/{ids['budapest-case']}{query}#page-3"
    assert {m.get_text() for m in hit.select(".snippet mark")} == {"tárgyalóasztal"}
    meta = hit.select_one(".meta").get_text(" ", strip=True)
    assert "Budapest" in meta and "Case study" in meta and "Hungarian" in meta
    actions = [a["href"] for a in hit.select(".actions a")]
    assert actions == [
        f"/documents/{ids['budapest-case']}{query}",
        f"/documents/{ids['budapest-case']}/original",
        f"/documents/{ids['budapest-case']}/similar",
    ]


def test_sort_and_pagination(seminar_client) -> None:
    page = soup(seminar_client.get("/?q=klaszter+OR+cluster+OR+knowledge&expand=0&limit=2"))
    select = page.select_one("form.sort select[name=sort]")
    assert select.find("option", selected=True)["value"] == "relevance"
    nav = page.select_one("nav.pages")
    assert nav["aria-label"]
    assert nav.select_one("a[aria-current=page]").get_text() == "1"
    following = nav.select_one("a[rel=next]")
    assert ("page", "2") in params(following["href"])
    second = soup(seminar_client.get(following["href"] + "&limit=2"))
    assert second.select_one("nav.pages a[aria-current=page]").get_text() == "2"
    newest = soup(seminar_client.get("/?q=klaszter+OR+cluster&expand=0&sort=newest"))
    assert newest.select_one("form.sort option[selected]")["value"] == "newest"
    titles = [h.get_text(strip=True) for h in newest.select("li.hit h2")]
    assert titles[0].startswith("Expert report")


def test_expansion_is_visible_and_can_be_turned_off(seminar_client) -> None:
    page = soup(seminar_client.get("/?q=klaszterpolitika"))
    note = page.select_one(".expansion")
    assert "cluster policy" in note.get_text()
    off = note.find("a")
    assert ("expand", "0") in params(off["href"])
    plain = soup(seminar_client.get(off["href"]))
    again = plain.select_one(".expansion a")
    assert ("expand", "0") not in params(again["href"])


def test_accents_put_back_are_shown(seminar_client) -> None:
    page = soup(seminar_client.get("/?q=onkormanyzati+tamogatas&lang=en"))
    note = page.select_one(".expansion")
    assert "önkormányzati, támogatás" in note.select_one(".accented").get_text()
    assert page.select("li.hit")
    off = soup(seminar_client.get(note.find("a")["href"]))
    assert off.select_one(".accented") is None
    assert soup(seminar_client.get("/?q=önkormányzati")).select_one(".accented") is None
    data = seminar_client.get("/api/search?q=onkormanyzati").get_json()
    assert data["accented"] == ["önkormányzati"]


def test_did_you_mean_and_an_empty_page_that_helps(seminar_client) -> None:
    page = soup(seminar_client.get("/?q=tárgyalóasztl&type=report"))
    assert "No documents match" in page.select_one(".count").get_text()
    ideas = page.select_one(".empty")
    links = [a["href"] for a in ideas.select("a")]
    assert any(("type", "report") not in params(h) and "q=" in h for h in links)
    page = soup(seminar_client.get("/?q=tárgyalóasztl"))
    suggestion = page.select_one(".suggestion a")
    assert suggestion.get_text() == "tárgyalóasztal"
    assert ("q", "tárgyalóasztal") in params(suggestion["href"])


def test_more_like_this_page(seminar_client) -> None:
    ids = seminar_client.ids
    page = soup(seminar_client.get(f"/documents/{ids['eindhoven-report']}/similar"))
    assert "Expert report" in page.select_one("h1.like").get_text()
    hits = [a["href"] for a in page.select("li.hit h2 a")]
    assert f"/documents/{ids['eindhoven-report']}" not in hits
    assert hits
    assert seminar_client.get("/documents/999999/similar").status_code == 404


def test_help_page(seminar_client) -> None:
    page = soup(seminar_client.get("/help/search"))
    text = page.get_text()
    assert "title:" in text and "cím:" in text and "év:" in text
    assert len(page.select("table.glossary tbody tr")) >= 40


def test_api_search_mirrors_the_page(seminar_client) -> None:
    data = seminar_client.get("/api/search?q=klaszter&language=en").get_json()
    assert data["ok"] is True
    assert "cluster" in data["expansions"]
    assert data["facets"]["language"][0]["active"] in (True, False)
    assert {v["value"] for v in data["facets"]["language"]} == {"en", "hu"}
    assert all(hit["language"] == "en" for hit in data["hits"])
    hit = data["hits"][0]
    assert {"snippets", "page", "seminar", "city", "doc_type", "date", "size"} <= set(hit)
    typo = seminar_client.get("/api/search?q=tárgyalóasztl").get_json()
    assert typo["suggestion"] == "tárgyalóasztal"


def test_api_suggest(seminar_client) -> None:
    data = seminar_client.get("/api/suggest?q=a+kerek+tárgy").get_json()
    assert data["ok"] is True
    assert "a kerek tárgyalóasztal" in data["suggestions"]
    assert seminar_client.get("/api/suggest").get_json()["suggestions"] == []


def test_restricted_never_reaches_anonymous_users(seminar_client) -> None:
    ids = seminar_client.ids
    secret = ids["restricted"]

    def exposed() -> list[bool]:
        page = seminar_client.get(f"/?q={SECRET_WORD}").get_data(as_text=True)
        broad = seminar_client.get("/?q=klaszter+OR+önkormányzati&expand=0")
        broad_html = broad.get_data(as_text=True)
        api = seminar_client.get("/api/search?q=klaszter+OR+önkormányzati&expand=0").get_json()
        suggest = seminar_client.get("/api/suggest?q=titkos").get_json()["suggestions"]
        typo = seminar_client.get("/api/search?q=titkoszó").get_json()
        like = seminar_client.get(f"/api/search?like={ids['budapest-case']}").get_json()
        return [
            bool(re.search(f'/documents/{secret}[?"]', page)),
            bool(re.search(f'/documents/{secret}[?"]', broad_html)),
            "Leipzig" in broad_html,
            secret in [h["id"] for h in api["hits"]],
            any(v["value"] == "leipzig" for v in api["facets"]["city"]),
            bool(suggest),
            typo["suggestion"] == SECRET_WORD or typo["total"] > 0,
            secret in [h["id"] for h in like["hits"]],
            seminar_client.get(f"/documents/{secret}/similar").status_code == 200,
        ]

    assert exposed() == [False] * 9
    sign_in_reader(seminar_client)
    assert exposed() == [True] * 9
