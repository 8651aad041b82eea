"""What a new user meets first: the home page, the way from a hit to its text and back,
dates and languages in words, failures kept for librarians, officers fixing their own
descriptions, and language versions a librarian confirms. Through Flask's test client,
with the HTML parsed."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from archive import DocumentStatus, Role
from tests.support import PASSWORD, signed_in, soup, token_of

HU = (
    "A budapesti klaszterpolitika a tudásipar fejlesztésének eszköze. Az önkormányzat "
    "támogatja a klaszterek együttműködését és a pályázatokat; a klaszterek tagjai a "
    "tudástranszfer és a kis- és középvállalkozások fejlesztése érdekében dolgoznak együtt."
)
EN = (
    "Budapest's cluster policy is a tool for developing the knowledge industry. The city "
    "supports cooperation between clusters and calls for proposals; cluster members work "
    "together on knowledge transfer and on developing small and medium-sized enterprises."
)
LEIPZIG = "Leipzig builds its cluster policy on the automotive and logistics clusters of the city."
LYON = "Grand Lyon supports competitiveness clusters together with the universities of Lyon."

pytestmark = pytest.mark.usefixtures("collect_spooled_request_bodies")


@pytest.fixture()
def app(staff_app):  # type: ignore[no-untyped-def]
    staff_app.extensions["clusnet"].users.add("otto", PASSWORD, Role.OFFICER, actor="admin")
    return staff_app


def upload(client, content: bytes, name: str, **fields: str):  # type: ignore[no-untyped-def]
    data: dict[str, object] = {"csrf_token": client.csrf, **fields}
    data["files"] = [(io.BytesIO(content), name)]
    response = client.post("/uploads/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 303
    return response


@pytest.fixture()
def officer(app):  # type: ignore[no-untyped-def]
    return signed_in(app, "olga")


@pytest.fixture()
def librarian(app):  # type: ignore[no-untyped-def]
    return signed_in(app, "lili")


@pytest.fixture()
def docs(archive, officer) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """A Hungarian paper and its English version, two partner documents, a broken file."""
    seminar = {"seminar": "budapest-2010", "partner": "budapest", "doc_type": "paper"}
    upload(officer, HU.encode(), "klaszter-hu.txt", title="Klaszterpolitika", **seminar)
    upload(
        officer, EN.encode(), "cluster-en.txt", title="Cluster policy", doc_date="2010-03-04",
        **seminar,
    )  # fmt: skip
    upload(officer, LEIPZIG.encode(), "leipzig.txt", title="Leipzig", partner="leipzig")
    upload(officer, LYON.encode(), "lyon.txt", title="Lyon", partner="grand-lyon")
    upload(officer, b"%PDF-1.7\nbroken beyond repair", "broken.pdf", seminar="budapest-2010")
    archive.process_queued()
    ids = {d.filename: d.id for d in archive.catalogue.find()}
    assert archive.catalogue.get(ids["broken.pdf"]).status is DocumentStatus.FAILED
    return ids


def params(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query)


# -- the home page and the search page --------------------------------------------------


def test_home_page_shows_recent_documents_and_seminars(app, docs) -> None:
    page = soup(app.test_client().get("/"))
    assert page.find("h1").get_text(strip=True) == "The CLUSNET seminar archive"
    recent = [a.get_text() for a in page.select("section.recent li > a")]
    assert recent[0] == "Lyon"  # newest first
    assert "broken.pdf" not in recent and len(recent) == 4
    seminar = page.select_one("section.seminars li")
    assert seminar.a["href"] == "/seminars/budapest-2010"
    assert "2 documents" in seminar.get_text()  # the failed file is not counted
    assert page.select_one("section.recent .meta").get_text(" ", strip=True).endswith("English")


def test_search_box_leaves_the_skip_link_first(client) -> None:
    page = soup(client.get("/?q=klaszter"))
    assert page.find("input", attrs={"name": "q"}).get("autofocus") is None
    assert not page.select("[autofocus]")
    first = page.body.find(["a", "input", "button", "select", "textarea"])
    assert first["class"] == ["skip"] and first["href"] == "#main"


def test_results_have_a_heading_and_hits_carry_the_search(app, docs) -> None:
    client = app.test_client()
    page = soup(client.get("/?q=klaszterpolitika&language=hu&sort=newest&expand=0"))
    assert page.select_one("h1.results-title").get_text() == "Results for “klaszterpolitika”"
    link = page.select_one("li.hit h2 a")["href"]
    assert link.startswith(f"/documents/{docs['klaszter-hu.txt']}?")
    assert params(link) == [
        ("q", "klaszterpolitika"),
        ("language", "hu"),
        ("sort", "newest"),
        ("expand", "0"),
    ]

    document = soup(client.get(link))
    back = document.select_one("p.back a")["href"]
    assert urlsplit(back).path == "/"
    assert params(back) == params(link)  # back to the same results
    marks = document.select(".page .text mark")
    assert [m["id"] for m in marks] == [f"match-{n}" for n in range(1, len(marks) + 1)]
    assert {m.get_text().lower() for m in marks} == {"klaszterpolitika"}
    matches = document.select_one(".matches")
    assert "1 place matches “klaszterpolitika”." in matches.get_text(" ", strip=True)
    assert matches.select_one("a.first-match")["href"] == "#match-1"
    assert matches.select_one("[data-match=next]")
    assert document.find("script", src=re.compile("document.js"))

    plain = soup(client.get(f"/documents/{docs['klaszter-hu.txt']}"))
    assert plain.select_one("p.back") is None and plain.select_one(".matches") is None
    assert not plain.select(".page .text mark")


def test_marks_ignore_accents_and_include_glossary_terms(app, docs) -> None:
    client = app.test_client()
    page = soup(client.get(f"/documents/{docs['klaszter-hu.txt']}?q=tamogatas"))
    assert [m.get_text() for m in page.select(".page .text mark")] == ["támogatja"]
    english = soup(client.get(f"/documents/{docs['cluster-en.txt']}?q=klaszterpolitika"))
    assert "cluster" in {m.get_text().lower() for m in english.select(".page .text mark")}
    unexpanded = soup(
        client.get(f"/documents/{docs['cluster-en.txt']}?q=klaszterpolitika&expand=0")
    )
    assert not unexpanded.select(".page .text mark")
    assert "not written in the text as typed" in unexpanded.select_one(".matches").get_text()


def test_marks_never_let_markup_through(app, archive, officer) -> None:
    upload(officer, b"<b>klaszter</b> &amp; <script>x</script> klaszterek", "m.html.txt")
    archive.process_queued()
    (document,) = archive.catalogue.find()
    html = app.test_client().get(f"/documents/{document.id}?q=klaszter+amp+script")
    text = soup(html).select_one(".page .text")
    assert {tag.name for tag in text.find_all(True)} == {"mark"}
    assert "<script>" not in html.get_data(as_text=True)


def test_date_controls_keep_the_search(app, docs) -> None:
    page = soup(app.test_client().get("/?q=cluster&language=en&from=2010&to=2011-06"))
    form = page.select_one("aside.facets form.dates")
    assert form["method"] == "get"
    inputs = {i["name"]: i for i in form.find_all("input")}
    assert inputs["from"]["type"] == "date" and inputs["from"]["value"] == "2010-01-01"
    assert inputs["to"]["value"] == "2011-06-30"
    assert inputs["q"]["value"] == "cluster" and inputs["language"]["value"] == "en"
    assert form.find("label", attrs={"for": "from"})
    chosen = page.select_one(".active-filters").get_text(" ", strip=True)
    assert "1 Jan 2010 \u2013 30 Jun 2011" in chosen


def test_city_facet_leaves_out_cities_a_partner_already_names(app, docs) -> None:
    page = soup(app.test_client().get("/?q=cluster+OR+clusters+OR+klaszter&expand=0"))
    partners = [a.get_text() for a in page.select(".facet-partner li a")]
    cities = [a.get_text() for a in page.select(".facet-city li a")]
    assert "Leipzig" in partners and "Leipzig" not in cities
    assert "Lyon" in cities  # the partner is Grand Lyon: the city says something new
    assert page.select_one("p.to-facets a")["href"] == "#facets"
    assert page.select_one("aside.facets")["id"] == "facets"


# -- languages, dates, failures ---------------------------------------------------------


def test_languages_are_named_in_the_interface_language(app, docs) -> None:
    client = app.test_client()
    listing = soup(client.get("/seminars/budapest-2010")).select_one("ul.documents")
    assert "Hungarian" in listing.get_text() and " hu" not in listing.get_text()
    client.get("/language/hu")
    page = soup(client.get(f"/documents/{docs['klaszter-hu.txt']}"))
    meta = {dt.get_text(): dt.find_next("dd").get_text(" ", strip=True) for dt in page("dt")}
    assert meta["Nyelv"] == "magyar"


@pytest.mark.parametrize(
    ("accept", "written"),
    [
        ("en-GB,en;q=0.9", "4 Mar 2010"),
        ("en-US,en;q=0.9", "Mar 4, 2010"),
        ("en", "4 Mar 2010"),  # no region: day month year, which no one misreads
        ("hu-HU,hu;q=0.9", "2010. márc. 4."),
        ("de-DE,en;q=0.5", "4 Mar 2010"),
    ],
)
def test_dates_follow_the_browser_locale(app, docs, accept: str, written: str) -> None:
    page = app.test_client().get(
        f"/documents/{docs['cluster-en.txt']}", headers={"Accept-Language": accept}
    )
    meta = {dt.get_text(): dt.find_next("dd").get_text() for dt in soup(page)("dt")}
    assert written in meta.values()


def test_failures_are_for_librarians(app, docs, librarian) -> None:
    broken = docs["broken.pdf"]
    reader = app.test_client()
    seminar = soup(reader.get("/seminars/budapest-2010")).get_text()
    assert "broken.pdf" not in seminar and "failed" not in seminar
    assert reader.get(f"/documents/{broken}").status_code == 404
    assert reader.get("/seminars/?format=json").get_json()["seminars"][0]["documents"] == 2
    assert "broken.pdf" in soup(librarian.get("/seminars/budapest-2010")).get_text()
    assert librarian.get(f"/documents/{broken}").status_code == 200
    officer = signed_in(app, "olga")  # who uploaded it sees why it failed
    assert officer.get(f"/documents/{broken}").status_code == 200
    assert signed_in(app, "otto").get(f"/documents/{broken}").status_code == 404


# -- officers describe their own documents ----------------------------------------------


def test_officers_edit_the_descriptions_of_their_own_uploads(app, archive, docs) -> None:
    own = docs["klaszter-hu.txt"]
    olga, otto = signed_in(app, "olga"), signed_in(app, "otto")
    page = soup(olga.get(f"/documents/{own}"))
    assert page.select_one(f"a[href='/documents/{own}/edit']")
    response = olga.post(
        f"/documents/{own}/edit",
        data={"csrf_token": olga.csrf, "title": "Klaszterpolitika Budapesten", "doc_type": "paper",
              "description": "Javított leírás", "seminar": "budapest-2010", "partner": "budapest"},
    )  # fmt: skip
    assert response.status_code == 302
    document = archive.catalogue.get(own)
    assert (document.title, document.description) == (
        "Klaszterpolitika Budapesten",
        "Javított leírás",
    )
    assert archive.audit.entries(own, actions=("document.edit",))[0].actor == "olga"

    refused = otto.get(f"/documents/{own}/edit")
    assert refused.status_code == 403
    assert "ask a librarian" in soup(refused).get_text()
    assert not soup(otto.get(f"/documents/{own}")).select_one(f"a[href='/documents/{own}/edit']")
    api = app.test_client()
    patch = {"title": "Más"}
    assert (
        api.patch(
            f"/api/documents/{own}", json=patch, headers=token_of(archive, "otto")
        ).status_code
        == 403
    )
    done = api.patch(f"/api/documents/{own}", json=patch, headers=token_of(archive, "olga"))
    assert done.status_code == 200 and archive.catalogue.get(own).title == "Más"


# -- language versions ------------------------------------------------------------------


def test_language_versions_are_confirmed_by_librarians(app, archive, docs, librarian) -> None:
    hu, en = docs["klaszter-hu.txt"], docs["cluster-en.txt"]
    reader = app.test_client()
    assert soup(reader.get(f"/documents/{hu}")).select_one("ul.versions") is None

    page = soup(librarian.get(f"/documents/{hu}/versions"))
    suggested = page.select("ul.versions-list")[-1].select("li")
    assert suggested[0].a["href"] == f"/documents/{en}"  # same seminar, other language
    reasons = suggested[0].select_one(".meta").get_text()
    assert "glossary terms in common" in reasons and "same partner" in reasons
    assert "broken.pdf" not in page.get_text() and "Leipzig" not in page.get_text()
    form = suggested[0].find("form")
    fields = {i["name"]: i["value"] for i in form.find_all("input")}
    response = librarian.post(form["action"], data=fields)
    assert response.status_code == 302

    for one, other in ((hu, en), (en, hu)):
        versions = soup(reader.get(f"/documents/{one}")).select("ul.versions a")
        assert [a["href"] for a in versions] == [f"/documents/{other}"]
        assert versions[0]["hreflang"] == ("en" if other == en else "hu")
    assert archive.audit.entries(hu, actions=("document.link_version",))[0].actor == "lili"
    api = reader.get(f"/api/documents/{hu}").get_json()["document"]
    assert api["versions"] == [{"id": en, "language": "en", "title": "Cluster policy"}]
    again = soup(librarian.get(f"/documents/{hu}/versions"))
    assert [a["href"] for a in again.select("ul.versions-list")[0].select("li > a")] == [
        f"/documents/{en}"
    ]

    for wrong, said in ((hu, "cannot be a language version of itself"), (999, "no document 999")):
        refused = librarian.post(
            f"/documents/{hu}/versions",
            data={"csrf_token": librarian.csrf, "other": wrong},
            follow_redirects=True,
        )
        assert said in soup(refused).select_one(".flash.error").get_text()

    # a failed document linked by hand is not shown to readers
    librarian.post(
        f"/documents/{hu}/versions",
        data={"csrf_token": librarian.csrf, "other": docs["broken.pdf"]},
    )
    shown = [a["href"] for a in soup(reader.get(f"/documents/{hu}")).select("ul.versions a")]
    assert shown == [f"/documents/{en}"]
    assert reader.get(f"/documents/{hu}/versions").status_code == 302  # sign in first

    librarian.post(
        f"/documents/{hu}/versions",
        data={"csrf_token": librarian.csrf, "other": en, "unlink": "y"},
    )
    assert soup(reader.get(f"/documents/{en}")).select_one("ul.versions") is None
    assert archive.catalogue.versions(en) == []
