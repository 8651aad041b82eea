"""Officers upload, librarians maintain, everyone browses: through the pages and the API."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest

from archive import DocumentStatus, QueueWorker, Role
from tests.support import PASSWORD, signed_in, soup, token_of

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "demo" / "documents"
TEXT = (
    "A klaszterpolitika a budapesti tudásipar fejlesztésének eszköze. "
    "Az önkormányzat támogatja a klaszterek együttműködését és a pályázatokat."
)


pytestmark = pytest.mark.usefixtures("collect_spooled_request_bodies")


@pytest.fixture()
def app(staff_app):  # type: ignore[no-untyped-def]
    return staff_app


def upload(client, files: list[tuple[bytes, str]], **fields: str):  # type: ignore[no-untyped-def]
    data: dict[str, object] = {"csrf_token": client.csrf, **fields}
    data["files"] = [(io.BytesIO(content), name) for content, name in files]
    return client.post("/uploads/new", data=data, content_type="multipart/form-data")


def search_ids(client, words: str) -> set[int]:  # type: ignore[no-untyped-def]
    data = client.get("/api/search", query_string={"q": words}).get_json()
    return {hit["id"] for hit in data["hits"]}


@pytest.fixture()
def officer(app):  # type: ignore[no-untyped-def]
    return signed_in(app, "olga")


@pytest.fixture()
def librarian(app):  # type: ignore[no-untyped-def]
    return signed_in(app, "lili")


@pytest.fixture()
def ready_doc(archive, officer) -> int:  # type: ignore[no-untyped-def]
    """One text document uploaded by the officer and processed."""
    response = upload(
        officer,
        [(TEXT.encode(), "klaszter.txt")],
        title="Klaszterpolitika Budapesten",
        seminar="budapest-2010",
        partner="budapest",
        doc_type="report",
        doc_date="2010-03-04",
        authors="Kovács Anna; John Smith",
    )
    assert response.status_code == 303
    archive.process_queued()
    (document,) = archive.catalogue.find()
    assert document.status is DocumentStatus.READY
    return int(document.id)


# -- upload -----------------------------------------------------------------------------


def test_upload_is_queued_then_ready_with_its_metadata(app, archive, officer) -> None:
    response = upload(
        officer,
        [
            (TEXT.encode(), "klaszter.txt"),
            ((DEMO / "budapest-seminar-2010-expert-report-en.pdf").read_bytes(), "report.pdf"),
        ],
        seminar="budapest-2010",
        partner="budapest",
        doc_type="report",
        language="",
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/uploads/")
    page = soup(officer.get("/uploads/"))
    assert [td.get_text(strip=True) for td in page.select("td.status")] == ["queued", "queued"]
    assert page.find("meta", attrs={"http-equiv": "refresh"})
    status = officer.get("/uploads/?format=json").get_json()
    assert {u["status"] for u in status["uploads"]} == {"queued"}

    outcomes = archive.process_queued()
    assert {o.outcome.value for o in outcomes} == {"ingested"}
    page = soup(officer.get("/uploads/"))
    assert [td.get_text(strip=True) for td in page.select("td.status")] == ["ready", "ready"]
    assert page.find("meta", attrs={"http-equiv": "refresh"}) is None
    documents = archive.catalogue.find()
    assert {d.seminar for d in documents} == {"budapest-2010"}
    assert {d.doc_type.value for d in documents} == {"report"}
    (text_doc,) = [d.id for d in documents if d.filename == "klaszter.txt"]
    assert text_doc in search_ids(officer, "klaszterpolitika")
    entries = archive.audit.entries(actions=("document.upload",))
    assert {e.actor for e in entries} == {"olga"}


def test_worker_thread_drains_the_queue(archive, officer) -> None:
    worker = QueueWorker(archive, interval=0.2).start()
    try:
        upload(officer, [(TEXT.encode(), "klaszter.txt")])
        import time

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            (document,) = archive.catalogue.find()
            if document.status is not DocumentStatus.QUEUED:
                break
            time.sleep(0.1)
        assert document.status is DocumentStatus.READY
    finally:
        worker.stop()
    assert not worker.running


def test_failed_upload_shows_the_reason_and_retry_queues_it(
    app, archive, officer, librarian, fixtures_dir
) -> None:
    upload(officer, [((fixtures_dir / "truncated.pdf").read_bytes(), "broken.pdf")])
    archive.process_queued()
    (document,) = archive.catalogue.find()
    assert document.status is DocumentStatus.FAILED
    row = soup(officer.get("/uploads/")).select_one("td.status").get_text(" ", strip=True)
    assert row.startswith("failed:") and len(row) > len("failed:")
    page = soup(librarian.get("/librarian/failed"))
    assert "broken.pdf" in page.get_text()
    form = page.find("form", action=f"/documents/{document.id}/retry")
    assert form is not None
    response = librarian.post(
        f"/documents/{document.id}/retry", data={"csrf_token": librarian.csrf, "back": "failed"}
    )
    assert response.status_code == 302
    assert archive.catalogue.get(document.id).status is DocumentStatus.QUEUED
    assert archive.audit.entries(document.id, actions=("document.retry",))
    again = librarian.post(f"/documents/{document.id}/retry", data={"csrf_token": librarian.csrf})
    assert again.status_code == 409


def test_duplicate_upload_is_linked_to_the_existing_document(archive, officer, ready_doc) -> None:
    upload(officer, [(TEXT.encode(), "copy of klaszter.txt")])
    assert len(archive.catalogue.find()) == 1
    page = soup(officer.get("/uploads/"))
    first = page.select_one("tr.upload")
    assert "already in the archive" in first.get_text()
    assert first.find("a")["href"] == f"/documents/{ready_doc}"


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../x.pdf", "x.pdf"),
        ("a\x00b.txt", "a b.txt"),
        ("<script>alert(1)</script>.txt", "script>.txt"),
        ("árvíztűrő tükörfúrógép.txt", "árvíztűrő tükörfúrógép.txt"),
    ],
)
def test_odd_file_names_are_stored_safely_and_shown_escaped(
    archive, officer, sent: str, kept: str
) -> None:
    upload(officer, [(TEXT.encode() + sent.encode(), sent)])
    (document,) = archive.catalogue.find()
    assert document.filename == kept
    assert archive.original(document).name == document.sha256
    assert archive.original(document).is_relative_to(archive.blobs.root)
    html = officer.get(f"/documents/{document.id}").get_data(as_text=True)
    assert "<script>alert" not in html
    listed = soup(officer.get("/uploads/")).select_one("tr.upload a").get_text()
    assert listed == kept


def test_long_file_names_are_capped() -> None:
    from archive import clean_filename

    name = clean_filename("a" * 300 + ".pdf")
    assert len(name) == 200
    assert name.endswith(".pdf")
    assert clean_filename("C:\\Users\\anna\\x.txt") == "x.txt"
    assert clean_filename("line\nbreak\r.txt") == "line break .txt"
    assert clean_filename("a\x00b.pdf") == "a b.pdf"
    assert clean_filename("../..") == "unnamed"


def test_oversize_upload_gets_a_friendly_page_and_json(initialised) -> None:
    from web import create_app

    app = create_app(
        {"TESTING": True, "HOME": str(initialised), "MAX_UPLOAD_MB": 1, "RATELIMIT_ENABLED": False}
    )
    archive = app.extensions["clusnet"]
    try:
        archive.users.add("olga", PASSWORD, Role.OFFICER, actor="admin")
        client = signed_in(app, "olga")
        big = b"x" * (1 << 20) + b"more"
        response = upload(client, [(big, "big.txt")])
        assert response.status_code == 413
        message = soup(response).find(role="alert").get_text()
        assert "larger than 1 MB" in message
        api = app.test_client().post(
            "/api/documents",
            data={"file": (io.BytesIO(big), "big.txt")},
            headers=token_of(archive, "olga"),
            content_type="multipart/form-data",
        )
        assert api.status_code == 413
        assert api.get_json()["ok"] is False
        assert api.get_json()["status"] == 413
    finally:
        archive.close()


# -- documents ----------------------------------------------------------------------------


def test_document_page_shows_metadata_and_highlights_the_query(client, ready_doc) -> None:
    page = soup(client.get(f"/documents/{ready_doc}?q=klaszterek"))
    assert page.h1.get_text() == "Klaszterpolitika Budapesten"
    meta = page.select_one("dl.meta").get_text(" ")
    assert "Kovács Anna, John Smith" in meta
    assert page.select_one("dl.meta a[href='/seminars/budapest-2010']")
    marks = {m.get_text().lower() for m in page.select(".page .text mark")}
    assert "klaszterpolitika" in marks
    assert "klaszterek" in marks


def test_pdf_pages_link_into_the_pdf(archive, officer, client) -> None:
    pdf = DEMO / "budapest-seminar-2010-expert-report-en.pdf"
    upload(officer, [(pdf.read_bytes(), pdf.name)])
    archive.process_queued()
    (document,) = archive.catalogue.find()
    page = soup(client.get(f"/documents/{document.id}"))
    links = [a["href"] for a in page.select("a.pdf-page")]
    assert links and links[0] == f"/documents/{document.id}/view#page=1"
    with client.get(f"/documents/{document.id}/view") as shown:
        assert shown.headers["Content-Type"] == "application/pdf"
        assert "attachment" not in shown.headers.get("Content-Disposition", "")
        assert shown.headers["X-Content-Type-Options"] == "nosniff"


def test_edit_metadata_is_saved_and_audited(archive, librarian, ready_doc) -> None:
    form = soup(librarian.get(f"/documents/{ready_doc}/edit")).find("form", class_="stacked")
    assert form.find("input", attrs={"name": "title"})["value"] == "Klaszterpolitika Budapesten"
    assert form.find("label", attrs={"for": "title"})
    response = librarian.post(
        f"/documents/{ready_doc}/edit",
        data={
            "csrf_token": librarian.csrf,
            "title": "Cluster policy in Budapest",
            "seminar": "budapest-2010",
            "partner": "munich",
            "doc_type": "paper",
            "doc_date": "2010-03-05",
            "authors": "Kovács Anna",
            "language": "",
            "description": "",
        },
    )
    assert response.status_code == 302
    document = archive.catalogue.get(ready_doc)
    assert document.title == "Cluster policy in Budapest"
    assert document.partner == "munich"
    assert document.restricted is False
    (entry,) = archive.audit.entries(ready_doc, actions=("document.edit",))
    assert entry.actor == "lili"
    assert entry.detail["changes"]["partner"] == ["budapest", "munich"]


def test_edit_shows_errors_next_to_fields(librarian, ready_doc) -> None:
    response = librarian.post(
        f"/documents/{ready_doc}/edit",
        data={"csrf_token": librarian.csrf, "seminar": "nowhere", "doc_date": "yesterday"},
    )
    assert response.status_code == 400
    page = soup(response)
    for name in ("seminar", "doc_date"):
        field = page.find(attrs={"name": name}).find_parent(class_="field")
        assert field.select_one(".field-error"), name


def test_withdraw_hides_from_search_and_restore_brings_back(
    archive, client, librarian, ready_doc
) -> None:
    assert search_ids(client, "klaszterpolitika") == {ready_doc}
    response = librarian.post(
        f"/documents/{ready_doc}/withdraw", data={"csrf_token": librarian.csrf, "reason": "dup"}
    )
    assert response.status_code == 302
    assert search_ids(client, "klaszterpolitika") == set()
    assert client.get(f"/documents/{ready_doc}").status_code == 404
    assert client.get(f"/api/documents/{ready_doc}").status_code == 404
    assert librarian.get(f"/documents/{ready_doc}").status_code == 200
    assert (
        librarian.post(
            f"/documents/{ready_doc}/restore", data={"csrf_token": librarian.csrf}
        ).status_code
        == 302
    )
    assert search_ids(client, "klaszterpolitika") == {ready_doc}
    actions = [e.action for e in archive.audit.entries(ready_doc)]
    assert actions[:2] == ["document.restore", "document.withdraw"]


def test_purge_needs_withdrawal_and_confirmation(archive, librarian, ready_doc) -> None:
    document = archive.catalogue.get(ready_doc)
    blob = archive.original(document)
    refused = librarian.post(
        f"/documents/{ready_doc}/purge",
        data={"csrf_token": librarian.csrf, "confirm": str(ready_doc)},
    )
    assert refused.status_code == 409
    librarian.post(f"/documents/{ready_doc}/withdraw", data={"csrf_token": librarian.csrf})
    page = soup(librarian.get(f"/documents/{ready_doc}/purge"))
    assert page.find("input", attrs={"name": "confirm"})
    wrong = librarian.post(
        f"/documents/{ready_doc}/purge", data={"csrf_token": librarian.csrf, "confirm": "999"}
    )
    assert wrong.status_code == 400
    assert archive.catalogue.get(ready_doc)
    done = librarian.post(
        f"/documents/{ready_doc}/purge",
        data={"csrf_token": librarian.csrf, "confirm": str(ready_doc)},
    )
    assert done.status_code == 302
    assert archive.catalogue.find(withdrawn=None) == []
    assert not blob.exists()
    assert ready_doc not in archive.indexer.document_ids()
    (entry,) = archive.audit.entries(ready_doc, actions=("document.purge",))
    assert entry.detail["sha256"] == document.sha256
    assert entry.detail["original_kept"] is False


def test_replace_keeps_the_old_version_withdrawn(archive, librarian, client, ready_doc) -> None:
    data = {
        "csrf_token": librarian.csrf,
        "file": (io.BytesIO((TEXT + " Javított kiadás.").encode()), "klaszter-v2.txt"),
    }
    response = librarian.post(
        f"/documents/{ready_doc}/replace", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    archive.process_queued()
    old = archive.catalogue.get(ready_doc)
    (new,) = archive.catalogue.find()
    assert new.replaces == ready_doc
    assert new.title == old.title and new.seminar == old.seminar
    assert old.withdrawn is not None
    assert search_ids(client, "klaszterpolitika") == {new.id}
    page = soup(librarian.get(f"/documents/{ready_doc}"))
    assert page.find("a", href=f"/documents/{new.id}")


def test_reprocess_queues_a_ready_document(archive, librarian, ready_doc) -> None:
    librarian.post(f"/documents/{ready_doc}/reprocess", data={"csrf_token": librarian.csrf})
    assert archive.catalogue.get(ready_doc).status is DocumentStatus.QUEUED
    archive.process_queued()
    assert archive.catalogue.get(ready_doc).status is DocumentStatus.READY


# -- librarian pages -------------------------------------------------------------------


def test_index_status_and_rebuild(archive, librarian, client, ready_doc) -> None:
    state = librarian.get("/librarian/index?format=json").get_json()["index"]
    assert state["indexed"] == 1 and state["rebuild_reason"] is None
    response = librarian.post("/librarian/index/rebuild", data={"csrf_token": librarian.csrf})
    assert response.status_code == 302
    assert search_ids(client, "klaszterpolitika") == {ready_doc}
    assert archive.audit.entries(actions=("index.rebuild",))[0].actor == "lili"


def test_audit_log_page_lists_who_did_what_in_words(librarian, ready_doc) -> None:
    librarian.post(
        f"/documents/{ready_doc}/withdraw", data={"csrf_token": librarian.csrf, "reason": "dup"}
    )
    librarian.post(
        f"/documents/{ready_doc}/edit",
        data={"csrf_token": librarian.csrf, "title": "Új cím", "doc_type": "paper"},
    )
    rows = soup(librarian.get("/librarian/audit")).select("tbody tr")
    cells = [[td.get_text(" ", strip=True) for td in row.find_all("td")] for row in rows]
    by_action = {row.select_one(".action")["data-action"]: cells[n] for n, row in enumerate(rows)}
    assert by_action["document.withdraw"][1:] == [
        "lili",
        "withdrew reason: dup",
        f"No. {ready_doc}",
    ]
    edit = by_action["document.edit"][2]
    assert edit.startswith("edited the description")
    assert "title: “Klaszterpolitika Budapesten” → “Új cím”" in edit
    assert "type: “report” → “paper”" in edit
    assert by_action["document.upload"][1:3] == ["olga", "uploaded klaszter.txt"]
    assert "document." not in " ".join(" ".join(c) for c in cells)  # no codes shown


def test_dashboard_charts_link_to_the_documents_they_count(
    archive, officer, librarian, ready_doc
) -> None:
    upload(officer, [(b"Undated notes on the Leipzig cluster visit.", "notes.txt")])
    archive.process_queued()
    page = soup(librarian.get("/librarian/"))
    charts = {f.figcaption.get_text(): f for f in page.select("figure.chart")}
    assert len(charts) == 6
    seminar = charts["Documents by seminar"].select("tbody tr")
    label = seminar[0].th.a
    assert label.get_text() == "Budapest seminar: the knowledge industry of Budapest"  # whole
    assert label["href"] == "/?seminar=budapest-2010"
    assert seminar[0].select_one("td.bar a")["href"] == "/?seminar=budapest-2010"
    assert seminar[0].select_one("rect")["width"] == "100"
    assert seminar[0].select_one("td.n").get_text() == "1"
    years = {th.get_text(): th.a for th in charts["Documents by year"].select("tbody th")}
    assert set(years) == {"2010", "(no date)"}
    assert years["2010"]["href"] == "/?year=2010" and years["(no date)"] is None
    assert charts["Documents by type"].select_one("tbody th a")["href"] == "/?type=report"
    languages = [th.get_text() for th in charts["Documents by language"].select("tbody th")]
    assert set(languages) == {"Hungarian", "English"}
    # the bar's link finds the documents it counts
    count = soup(librarian.get("/?seminar=budapest-2010")).select_one(".count").get_text()
    assert "1 document." in count


def test_failed_page_withdraws_unreadable_files(archive, officer, librarian) -> None:
    upload(officer, [(b"%PDF-1.7\nnot really a pdf", "broken.pdf")])
    archive.process_queued()
    (failed,) = archive.catalogue.find(status=DocumentStatus.FAILED)
    page = soup(librarian.get("/librarian/failed"))
    (row,) = page.select("tbody tr")
    forms = {f.button.get_text(): f for f in row.select("form")}
    assert set(forms) == {"Retry", "Withdraw"}
    assert forms["Withdraw"]["action"] == f"/documents/{failed.id}/withdraw"
    response = librarian.post(
        forms["Withdraw"]["action"], data={"csrf_token": librarian.csrf, "back": "failed"}
    )
    assert response.headers["Location"].endswith("/librarian/failed")
    assert archive.catalogue.get(failed.id).withdrawn is not None
    assert "No file has failed." in soup(librarian.get("/librarian/failed")).get_text()


def test_metadata_csv_round_trip(archive, librarian, ready_doc, runner, tmp_path) -> None:
    exported = librarian.get("/librarian/metadata.csv")
    assert exported.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0]["authors"] == "Kovács Anna; John Smith"
    rows[0]["title"] = "Budapesti klaszterek"
    rows[0]["restricted"] = "yes"
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
    assert response.status_code == 200
    document = archive.catalogue.get(ready_doc)
    assert document.title == "Budapesti klaszterek" and document.restricted
    assert document.authors == ("Kovács Anna", "John Smith")

    rows[0]["seminar"] = "atlantis-2030"
    bad = io.StringIO()
    writer = csv.DictWriter(bad, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    refused = librarian.post(
        "/librarian/metadata",
        data={"csrf_token": librarian.csrf, "file": (io.BytesIO(bad.getvalue().encode()), "m.csv")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 400
    assert "row 2: seminar 'atlantis-2030' is unknown: use one of budapest-2010" in (
        soup(refused).get_text()
    )

    cli_csv = tmp_path / "cli.csv"
    result = runner.invoke("metadata", "export")
    cli_csv.write_text(result.output.replace("Budapesti klaszterek", "Klaszterek"), "utf-8")
    assert runner.invoke("metadata", "import", str(cli_csv), "--as", "lili").exit_code == 0


# -- browse ----------------------------------------------------------------------------


def test_seminar_and_partner_pages_list_documents(client, ready_doc) -> None:
    seminars = soup(client.get("/seminars/"))
    link = seminars.find("a", href="/seminars/budapest-2010")
    assert link is not None
    assert "1 document" in link.find_parent("li").get_text()
    seminar = soup(client.get("/seminars/budapest-2010"))
    assert "2010" in seminar.select_one("dl.meta").get_text()
    assert seminar.find("a", href=f"/documents/{ready_doc}")
    partner = soup(client.get("/partners/budapest"))
    assert partner.find("a", href=f"/documents/{ready_doc}")
    assert partner.find("a", href="/seminars/budapest-2010")
    assert client.get("/partners/atlantis").status_code == 404
    data = client.get("/seminars/?format=json").get_json()
    assert data["seminars"][0]["documents"] == 1


def test_librarians_add_and_edit_seminars_and_partners(archive, librarian) -> None:
    response = librarian.post(
        "/seminars/new",
        data={
            "csrf_token": librarian.csrf,
            "slug": "lyon-2010",
            "title": "Lyon seminar",
            "host": "grand-lyon",
            "starts": "2010-06-09",
            "ends": "2010-06-11",
            "theme": "Clusters and universities",
        },
    )
    assert response.status_code == 302
    assert archive.catalogue.seminar("lyon-2010").host == "grand-lyon"
    bad = librarian.post(
        "/seminars/lyon-2010/edit",
        data={
            "csrf_token": librarian.csrf,
            "slug": "lyon-2010",
            "title": "Lyon",
            "starts": "2010-06-11",
            "ends": "2010-06-09",
            "host": "",
        },
    )
    assert bad.status_code == 400
    assert "cannot be before" in bad.get_data(as_text=True)
    response = librarian.post(
        "/partners/new",
        data={
            "csrf_token": librarian.csrf,
            "slug": "vienna",
            "name": "Vienna",
            "city": "Wien",
            "country": "AT",
            "kind": "city",
        },
    )
    assert response.status_code == 302
    assert archive.catalogue.partner("vienna").city == "Wien"
    assert {e.action for e in archive.audit.entries()} >= {"seminar.add", "partner.add"}


# -- admin -------------------------------------------------------------------------------


def test_admin_manages_users(app, archive) -> None:
    admin = signed_in(app, "adam")
    page = soup(admin.get("/admin/users"))
    assert {td.get_text(strip=True) for td in page.select("tbody tr td:first-child")} >= {
        "olga",
        "lili",
    }
    added = admin.post(
        "/admin/users",
        data={"csrf_token": admin.csrf, "name": "bela", "password": PASSWORD, "role": "officer"},
    )
    assert added.status_code == 302
    assert archive.users.by_name("bela").role is Role.OFFICER
    admin.post("/admin/users/bela/role", data={"csrf_token": admin.csrf, "role": "librarian"})
    assert archive.users.by_name("bela").role is Role.LIBRARIAN
    admin.post("/admin/users/bela/active", data={"csrf_token": admin.csrf, "active": "0"})
    assert archive.users.by_name("bela").active is False
    assert (
        admin.post(
            "/admin/users/adam/active", data={"csrf_token": admin.csrf, "active": "0"}
        ).status_code
        == 409
    )
    short = admin.post(
        "/admin/users",
        data={"csrf_token": admin.csrf, "name": "cili", "password": "short", "role": "reader"},
    )
    assert short.status_code == 400
    assert "at least 10 characters" in short.get_data(as_text=True)
    actions = [e.action for e in archive.audit.entries() if e.actor == "adam"]
    assert {"user.add", "user.role", "user.disable"} <= set(actions)


# -- API -----------------------------------------------------------------------------------


def test_api_upload_patch_withdraw_restore(app, archive) -> None:
    client = app.test_client()
    officer = token_of(archive, "olga")
    librarian = token_of(archive, "lili")
    response = client.post(
        "/api/documents",
        data={
            "file": (io.BytesIO(TEXT.encode()), "k.txt"),
            "seminar": "budapest-2010",
            "authors": "Kovács Anna",
        },
        headers=officer,
        content_type="multipart/form-data",
    )
    assert response.status_code == 202
    (item,) = response.get_json()["documents"]
    assert item["status"] == "queued" and item["duplicate"] is False
    archive.process_queued()
    uploads = client.get("/api/uploads", headers=officer).get_json()["uploads"]
    assert uploads[0]["status"] == "ready"
    doc = item["id"]
    patched = client.patch(
        f"/api/documents/{doc}", json={"title": "Új cím", "doc_type": "minutes"}, headers=librarian
    )
    assert patched.status_code == 200
    assert patched.get_json()["document"]["title"] == "Új cím"
    bad = client.patch(f"/api/documents/{doc}", json={"doc_type": "poem"}, headers=librarian)
    assert bad.status_code == 400 and bad.get_json()["ok"] is False
    archive.users.add("otto", PASSWORD, Role.OFFICER, actor="admin")  # who did not upload it
    assert (
        client.patch(
            f"/api/documents/{doc}", json={}, headers=token_of(archive, "otto")
        ).status_code
        == 403
    )
    assert client.patch(f"/api/documents/{doc}", json={}, headers=officer).status_code == 200
    assert client.post(f"/api/documents/{doc}/withdraw", headers=librarian).status_code == 200
    assert search_ids(client, "klaszterpolitika") == set()
    assert client.post(f"/api/documents/{doc}/restore", headers=librarian).status_code == 200
    assert search_ids(client, "klaszterpolitika") == {doc}
    duplicate = client.post(
        "/api/documents",
        data={"file": (io.BytesIO(TEXT.encode()), "again.txt")},
        headers=officer,
        content_type="multipart/form-data",
    )
    assert duplicate.get_json()["documents"][0] == {
        "id": doc,
        "filename": "k.txt",
        "status": "ready",
        "duplicate": True,
        "url": f"/api/documents/{doc}",
        "message": f"this file is in the archive already as document {doc}",
    }


def test_api_writes_need_a_token_not_a_cookie(app, archive, ready_doc) -> None:
    librarian = signed_in(app, "lili")
    response = librarian.post(f"/api/documents/{ready_doc}/withdraw")
    assert response.status_code == 401
    assert response.get_json()["error"].startswith("API writes need a token")
    bogus = librarian.post(
        f"/api/documents/{ready_doc}/withdraw", headers={"Authorization": "Bearer nope"}
    )
    assert bogus.status_code == 401
    assert archive.catalogue.get(ready_doc).withdrawn is None


def test_openapi_describes_every_api_route(app, client) -> None:
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        assert path in spec["paths"], path
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in spec["paths"][path], f"{method} {path}"


def test_openapi_document_is_valid(client) -> None:
    from openapi_spec_validator import validate

    validate(client.get("/api/openapi.json").get_json())


# -- Hungarian -------------------------------------------------------------------------------


def test_pages_speak_hungarian(app, ready_doc) -> None:
    librarian = signed_in(app, "lili")
    librarian.set_cookie("clusnet_lang", "hu")
    upload_page = soup(librarian.get("/uploads/new"))
    assert upload_page.html["lang"] == "hu"
    assert upload_page.find("label", attrs={"for": "doc_type"}).get_text() == "Dokumentumtípus"
    nav = [a.get_text() for a in upload_page.select("nav.main a")]
    assert "Feltöltés" in nav and "Szemináriumok" in nav
    assert upload_page.select_one("nav.main a[aria-current=page]").get_text() == "Feltöltés"
    document = soup(librarian.get(f"/documents/{ready_doc}"))
    assert "Az eredeti letöltése" in document.get_text()
    assert "2010. márc. 4." in document.select_one("dl.meta").get_text()
    dashboard = soup(librarian.get("/librarian/"))
    assert dashboard.find("figcaption").get_text() == "Dokumentumok szemináriumonként"


def test_demo_documents_browse(archive, officer, client, tmp_path) -> None:
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    for path in sorted(folder.iterdir())[:3]:
        upload(officer, [(path.read_bytes(), path.name)], partner="budapest")
    archive.process_queued()
    page = soup(client.get("/partners/budapest"))
    assert len(page.select("ul.documents li")) == 3
