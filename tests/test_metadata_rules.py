"""What is said of a document is checked in one place (`archive.describe`): the upload
form, the JSON API, the metadata CSV and `clusnet ingest` accept and refuse the same values,
with the same reasons. They used to disagree (`und` was a language for the CSV and not for
the API)."""

from __future__ import annotations

import csv
import io

import pytest

from archive import Choices, DocumentStatus, describe
from archive.description import MetadataError
from tests.support import signed_in, soup, token_of

TEXT = "A klaszterpolitika a budapesti tudásipar fejlesztésének eszköze."

pytestmark = pytest.mark.usefixtures("collect_spooled_request_bodies")

GOOD = [
    {"language": "und"},
    {"language": "HU"},
    {"language": "pt"},
    {"authors": "Kovács Anna; John Smith"},
    {"doc_date": "2010-03-04", "doc_type": "report"},
    {"restricted": "igen"},
    {"seminar": ""},
]
BAD = [
    ({"language": "xx"}, "language 'xx' is not a language code"),
    ({"language": "hun"}, "language 'hun' is not a language code"),
    ({"doc_type": "poem"}, "doc_type 'poem' is unknown: use one of paper"),
    ({"doc_date": "2010-13-40"}, "doc_date '2010-13-40' is not a date: write it as 2010-03-04"),
    ({"seminar": "atlantis-2030"}, "seminar 'atlantis-2030' is unknown: use one of"),
    ({"partner": "atlantis"}, "partner 'atlantis' is unknown: use one of"),
    ({"restricted": "maybe"}, "restricted 'maybe': write yes or no"),
    ({"title": "x" * 501}, "title is 501 characters long: write at most 500"),
]


@pytest.fixture()
def app(staff_app):  # type: ignore[no-untyped-def]
    return staff_app


@pytest.fixture()
def archive(app):  # type: ignore[no-untyped-def]
    return app.extensions["clusnet"]


@pytest.fixture()
def document(archive, app) -> int:  # type: ignore[no-untyped-def]
    officer = signed_in(app, "olga")
    officer.post(
        "/uploads/new",
        data={"csrf_token": officer.csrf, "files": [(io.BytesIO(TEXT.encode()), "k.txt")]},
        content_type="multipart/form-data",
    )
    archive.process_queued()
    (found,) = archive.catalogue.find()
    assert found.status is DocumentStatus.READY
    return int(found.id)


def through_api(app, archive, document: int, values: dict[str, str]) -> str | None:  # type: ignore[no-untyped-def]
    response = app.test_client().patch(
        f"/api/documents/{document}", json=values, headers=token_of(archive, "lili")
    )
    if response.status_code == 200:
        return None
    assert response.status_code == 400
    return str(response.get_json()["error"])


def through_csv(app, document: int, values: dict[str, str]) -> str | None:  # type: ignore[no-untyped-def]
    librarian = signed_in(app, "lili")
    exported = librarian.get("/librarian/metadata.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(exported)))
    rows[0].update(values)
    edited = io.StringIO()
    writer = csv.DictWriter(edited, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    response = librarian.post(
        "/librarian/metadata",
        data={
            "csrf_token": librarian.csrf,
            "file": (io.BytesIO(edited.getvalue().encode()), "m.csv"),
        },
        content_type="multipart/form-data",
    )
    if response.status_code == 200:
        return None
    return " ".join(li.get_text(" ", strip=True) for li in soup(response).select("li"))


def through_form(app, document: int, values: dict[str, str]) -> str | None:  # type: ignore[no-untyped-def]
    librarian = signed_in(app, "lili")
    page = soup(librarian.get(f"/documents/{document}/edit"))
    fields = {
        tag["name"]: tag.get("value", "")
        for tag in page.select("form input[name]")
        if tag.get("type") != "checkbox"
    }
    for select in page.select("form select[name]"):
        chosen = select.find("option", selected=True)
        fields[select["name"]] = chosen["value"] if chosen else ""
    fields.update(values)
    fields["csrf_token"] = librarian.csrf
    response = librarian.post(f"/documents/{document}/edit", data=fields)
    if response.status_code == 302:
        return None
    return soup(response).get_text(" ", strip=True)


def test_the_api_the_csv_and_the_form_accept_the_same_values(app, archive, document) -> None:
    for values in GOOD:
        assert through_api(app, archive, document, values) is None, values
        assert through_csv(app, document, values) is None, values
        form_values = {k: v for k, v in values.items() if k not in ("language", "restricted")}
        assert through_form(app, document, form_values) is None, values
    assert archive.catalogue.get(document).language == "pt"


@pytest.mark.parametrize(("values", "reason"), BAD)
def test_the_api_and_the_csv_refuse_the_same_values_for_the_same_reason(
    app, archive, document, values, reason
) -> None:
    before = archive.catalogue.get(document, with_pages=False)
    said_by_api = through_api(app, archive, document, values)
    said_by_csv = through_csv(app, document, values)
    assert said_by_api is not None and reason in said_by_api
    assert said_by_csv is not None and f"row 2: {reason}" in said_by_csv
    assert archive.catalogue.get(document, with_pages=False) == before


def test_the_form_refuses_what_the_archive_refuses(app, archive, document) -> None:
    # values a browser can send although the page does not offer them
    said = through_form(app, document, {"seminar": "atlantis-2030"})
    assert said is not None and "Not a valid choice" in said
    said = through_form(app, document, {"title": "x" * 501})
    assert said is not None
    assert archive.catalogue.get(document, with_pages=False).title != "x" * 501


def test_the_command_line_refuses_what_the_archive_refuses(runner, initialised, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "k.txt").write_text(TEXT, encoding="utf-8")
    result = runner.cli.invoke(
        __import__("web.cli", fromlist=["main"]).main,
        ["ingest", "--language", "xx", str(tmp_path / "k.txt")],
    )
    assert result.exit_code == 2 and "'xx' is not a language code" in result.output
    result = runner.invoke("ingest", "--language", "und", "--silent", str(tmp_path / "k.txt"))
    assert result.exit_code == 0


def test_describe_names_every_bad_field_at_once() -> None:
    vocabulary = Choices.of(["budapest-2010"], ["budapest"])
    with pytest.raises(MetadataError) as caught:
        describe({"language": "xx", "doc_type": "poem", "colour": "red"}, vocabulary)
    assert set(caught.value.problems) == {"language", "doc_type", "colour"}
    described = describe({"authors": ["Kovács Anna", " "], "restricted": 1}, vocabulary)
    assert described.authors == ("Kovács Anna",) and described.restricted is True
