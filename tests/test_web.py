"""The web pages and the JSON API, through Flask's test client."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

HOSTILE = (
    "Klaszterpolitika <script>alert('x')</script> és <img src=x onerror=alert(1)> "
    "a budapesti szemináriumon & more. A fővárosi önkormányzat támogatja a klaszterek "
    "együttműködését, és a pályázatok révén erősíti a tudásipar fejlődését."
)


@pytest.fixture()
def loaded(runner, initialised: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (folder / "report.txt").write_text(
        "The expert report of the Budapest seminar on cluster policy and innovation.",
        encoding="utf-8",
    )
    assert runner.invoke("ingest", "--silent", str(folder)).exit_code == 0
    return folder


def soup(response) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_search_page_without_query(client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "en"
    form = page.find("form", role="search")
    assert form["method"] == "get"
    assert form.find("input", attrs={"name": "q"})


def test_results_keep_state_in_the_url_and_highlight(client, loaded) -> None:
    page = soup(client.get("/?q=klaszterpolitika&expand=0"))
    assert page.find("input", attrs={"name": "q"})["value"] == "klaszterpolitika"
    hits = page.select("li.hit")
    assert len(hits) == 1
    assert hits[0].find("mark").get_text().lower() == "klaszterpolitika"
    assert hits[0].select_one(".snippet")["lang"] == "hu"


def test_snippets_escape_document_markup(client, loaded) -> None:
    html = client.get("/?q=szemináriumon").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html
    tags = {tag.name for tag in soup(client.get("/?q=szemináriumon")).select(".snippet *")}
    assert tags <= {"mark"}


def test_no_results_page_helps(client, loaded) -> None:
    page = soup(client.get("/?q=nonexistentword"))
    assert "No documents match" in page.get_text()
    assert page.select_one("p.help")


def test_document_page_and_download(client, loaded) -> None:
    data = client.get("/api/search?q=cluster&expand=0").get_json()
    doc_id = next(h["id"] for h in data["hits"] if h["filename"] == "report.txt")
    page = soup(client.get(f"/documents/{doc_id}"))
    assert "cluster policy" in page.select_one(".page .text").get_text()
    with client.get(f"/documents/{doc_id}/original") as response:
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.data == (loaded / "report.txt").read_bytes()


def test_api_search_shape(client, loaded) -> None:
    data = client.get("/api/search?q=budapesti").get_json()
    assert data["ok"] is True
    assert data["total"] == 1
    assert data["hits"][0]["filename"] == "hostile.txt"


def test_api_errors_have_one_shape(client) -> None:
    missing = client.get("/api/search")
    assert missing.status_code == 400
    assert missing.get_json() == {
        "ok": False,
        "error": "the parameter q (the words to search for) is missing",
        "status": 400,
    }
    unknown = client.get("/api/documents/12345")
    assert unknown.status_code == 404
    assert unknown.get_json()["ok"] is False
    assert client.get("/api/nothing-here").get_json()["status"] == 404


def test_html_errors_are_pages(client) -> None:
    response = client.get("/documents/12345")
    assert response.status_code == 404
    assert soup(response).find(role="alert")


def test_security_headers(client) -> None:
    response = client.get("/")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
