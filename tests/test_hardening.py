"""Holes an attack on the running archive found, each reproduced through the pages and the
API: formulas in the metadata CSV, restricted thumbnails in shared caches, and uploads of a
withdrawn document that seemed to vanish."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive import DocumentMetadata, DocumentStatus
from archive.metadata_csv import escape_cell, unescape_cell
from tests.support import signed_in, soup, token_of

DEMO = Path(__file__).resolve().parents[1] / "demo" / "documents"
TEXT = "A klaszterpolitika a budapesti tudásipar fejlesztésének eszköze."

pytestmark = pytest.mark.usefixtures("collect_spooled_request_bodies")


@pytest.fixture()
def app(staff_app):  # type: ignore[no-untyped-def]
    return staff_app


def upload(client, content: bytes, name: str, **fields: str):  # type: ignore[no-untyped-def]
    data: dict[str, object] = {"csrf_token": client.csrf, **fields}
    data["files"] = [(io.BytesIO(content), name)]
    return client.post("/uploads/new", data=data, content_type="multipart/form-data")


# -- 2. CSV formula injection ------------------------------------------------------------

FORMULAS = {
    "title": "=cmd|' /C calc'!A0",
    "authors": "@SUM(1+1)",
    "description": "+1+1",
}


def test_metadata_csv_escapes_formulas_and_the_import_undoes_exactly_that(
    app, archive, runner
) -> None:
    officer = signed_in(app, "olga")
    response = upload(officer, TEXT.encode(), "=HYPERLINK(evil).txt", **FORMULAS)
    assert response.status_code == 303
    archive.process_queued()
    (document,) = archive.catalogue.find()
    assert document.title == FORMULAS["title"] and document.authors == ("@SUM(1+1)",)

    librarian = signed_in(app, "lili")
    exported = librarian.get("/librarian/metadata.csv").get_data(as_text=True).lstrip("\ufeff")
    (row,) = csv.DictReader(io.StringIO(exported))
    assert row["title"] == "'=cmd|' /C calc'!A0"
    assert row["authors"] == "'@SUM(1+1)"
    assert row["description"] == "'+1+1"
    assert row["filename"] == "'=HYPERLINK(evil).txt"
    dangerous = ("=", "+", "-", "@", "\t", "\r")
    assert not any(cell.startswith(dangerous) for cell in row.values())

    # the file as exported comes back unchanged: the import takes the quote off again
    response = librarian.post(
        "/librarian/metadata",
        data={"csrf_token": librarian.csrf, "file": (io.BytesIO(exported.encode()), "m.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "0 documents changed, 1 unchanged" in soup(response).get_text()
    again = archive.catalogue.get(document.id)
    assert (again.title, again.authors, again.description) == (
        FORMULAS["title"],
        ("@SUM(1+1)",),
        FORMULAS["description"],
    )
    assert runner.invoke("metadata", "export").output.count("'=cmd") == 1


@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab ;"), max_size=12) | st.text(max_size=40))
def test_escaping_a_cell_is_undone_exactly(value: str) -> None:
    escaped = escape_cell(value)
    assert unescape_cell(escaped) == value
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))


# -- 3. cache headers of thumbnails ------------------------------------------------------


def cache_control(client, url: str, headers: dict[str, str] | None = None) -> str | None:  # type: ignore[no-untyped-def]
    """The Cache-Control of a thumbnail, or None when it is not found."""
    with client.get(url, headers=headers or {}) as response:
        if response.status_code == 404:
            return None
        assert response.status_code == 200
        return str(response.headers["Cache-Control"])


def test_restricted_thumbnails_are_never_publicly_cacheable(runner, app, archive) -> None:
    result = runner.invoke(
        "ingest", str(DEMO / "budapest-seminar-2010-expert-report-en.pdf"), "--silent"
    )
    assert result.exit_code == 0, result.output
    (document,) = archive.catalogue.find()
    url = f"/documents/{document.id}/thumbnail.png"
    token = token_of(archive, "rita")

    # a public document, to anyone: cacheable; to a signed-in reader: only by their browser
    assert "public" in (cache_control(app.test_client(), url) or "")
    as_reader = cache_control(app.test_client(), url, token) or ""
    assert "private" in as_reader and "public" not in as_reader

    archive.catalogue.update_metadata(document.id, DocumentMetadata(restricted=True))
    archive.index_pending()
    assert cache_control(app.test_client(), url) is None
    for client, headers in ((app.test_client(), token), (signed_in(app, "rita"), {})):
        header = cache_control(client, url, headers) or ""
        assert "private" in header and "public" not in header


# -- 4. an upload identical to a withdrawn document ---------------------------------------


def test_upload_of_a_withdrawn_document_says_so_and_librarians_see_the_request(
    app, archive, runner, tmp_path
) -> None:
    officer = signed_in(app, "olga")
    assert upload(officer, TEXT.encode(), "klaszter.txt").status_code == 303
    archive.process_queued()
    (document,) = archive.catalogue.find()
    librarian = signed_in(app, "lili")
    archive_token = token_of(archive, "lili")
    response = librarian.post(
        f"/api/documents/{document.id}/withdraw", headers=archive_token, json={}
    )
    assert response.status_code == 200

    sent = app.test_client().post(
        "/api/documents",
        headers=token_of(archive, "olga"),
        data={"file": (io.BytesIO(TEXT.encode()), "again.txt")},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 202
    (result,) = sent.get_json()["documents"]
    assert result["duplicate"] and result["id"] == document.id
    assert result["status"] == "withdrawn"
    assert "withdrawn: a librarian can restore it" in result["message"]

    assert upload(officer, TEXT.encode(), "once-more.txt").status_code == 303
    statuses = officer.get("/uploads/?format=json").get_json()["uploads"]
    assert [u["status"] for u in statuses] == ["withdrawn"] * 3
    assert [u["duplicate"] for u in statuses] == [True, True, False]
    cell = soup(officer.get("/uploads/")).select("td.status")[0].get_text(" ", strip=True)
    assert "withdrawn: a librarian can restore it" in cell

    page = soup(librarian.get("/librarian/withdrawn"))
    requests = [p.get_text(" ", strip=True) for p in page.select("p.restore-request")]
    assert len(requests) == 2 and all("Sent again by olga" in r for r in requests)
    listed = librarian.get("/librarian/withdrawn?format=json").get_json()["documents"]
    assert [len(d["asked_again"]) for d in listed] == [2]

    again = tmp_path / "same.txt"
    again.write_text(TEXT, encoding="utf-8")
    result = runner.invoke("ingest", str(again), "--as", "anna")
    assert "which is withdrawn: a librarian can restore it" in result.output
    listed = librarian.get("/librarian/withdrawn?format=json").get_json()["documents"]
    assert [e["by"] for e in listed[0]["asked_again"]] == ["anna", "olga", "olga"]

    librarian.post(f"/api/documents/{document.id}/restore", headers=archive_token)
    assert archive.catalogue.get(document.id).status is DocumentStatus.READY
    assert librarian.get("/librarian/withdrawn?format=json").get_json()["documents"] == []
