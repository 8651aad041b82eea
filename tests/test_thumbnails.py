"""Thumbnails of first pages: rendered once at ingest, served with the document's rights."""

from __future__ import annotations

import io
import json
from pathlib import Path

from PIL import Image

DEMO = Path(__file__).resolve().parents[1] / "demo" / "documents"


def ingest(runner, *paths: Path) -> dict[str, int]:  # type: ignore[no-untyped-def]
    result = runner.invoke("ingest", "--json", *map(str, paths))
    report = json.loads(result.stdout)
    return {Path(f["path"]).name: f["id"] for f in report["files"]}


def test_pdf_gets_a_thumbnail_text_does_not(runner, initialised, client) -> None:
    ids = ingest(
        runner,
        DEMO / "budapest-mobility-multimedia-cluster-hu.pdf",
        DEMO / "manchester-helsinki-knowledge-transfer-smes-en.txt",
    )
    pdf_id = ids["budapest-mobility-multimedia-cluster-hu.pdf"]
    with client.get(f"/documents/{pdf_id}/thumbnail.png") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/png"
        data = response.data
    with Image.open(io.BytesIO(data)) as image:
        assert 235 <= image.width <= 245
        assert image.height > image.width  # a portrait A4 page
        # the page is mostly white with dark text: the picture is not blank
        assert image.convert("L").getextrema()[0] < 100

    page = client.get(f"/documents/{pdf_id}").get_data(as_text=True)
    assert f"/documents/{pdf_id}/thumbnail.png" in page

    text_id = ids["manchester-helsinki-knowledge-transfer-smes-en.txt"]
    assert client.get(f"/documents/{text_id}/thumbnail.png").status_code == 404
    assert "thumbnail.png" not in client.get(f"/documents/{text_id}").get_data(as_text=True)


def test_restricted_documents_thumbnail_is_hidden(runner, initialised, app) -> None:
    from archive import DocumentMetadata

    ids = ingest(runner, DEMO / "budapest-seminar-2010-expert-report-en.pdf")
    doc_id = ids["budapest-seminar-2010-expert-report-en.pdf"]
    archive = app.extensions["clusnet"]
    archive.catalogue.update_metadata(doc_id, DocumentMetadata(restricted=True))
    archive.index_pending()
    assert app.test_client().get(f"/documents/{doc_id}/thumbnail.png").status_code == 404


def test_hit_cards_show_thumbnails(runner, initialised, client) -> None:
    from bs4 import BeautifulSoup

    ids = ingest(
        runner,
        DEMO / "budapest-seminar-2010-expert-report-en.pdf",
        DEMO / "manchester-helsinki-knowledge-transfer-smes-en.txt",
    )
    page = BeautifulSoup(
        client.get("/?q=universities&expand=0").get_data(as_text=True), "html.parser"
    )
    cards = {
        card.select_one("h2 a")["href"].split("?")[0]: card.select_one("img.thumb")
        for card in page.select("li.hit")
    }
    pdf = f"/documents/{ids['budapest-seminar-2010-expert-report-en.pdf']}"
    txt = f"/documents/{ids['manchester-helsinki-knowledge-transfer-smes-en.txt']}"
    assert cards[pdf] is not None
    assert cards[pdf]["src"] == f"{pdf}/thumbnail.png"
    assert cards[txt] is None
