"""Attacks on the web interface and the API, tried as an attacker would, each blocked.

Stored XSS through every field a person can fill in; CSRF; odd and hostile file names on
upload and download; a file that lies about its type; restricted documents leaking through
search, facets, suggestions and direct links; login brute force; session fixation and
logout; oversized requests; queries built to be expensive. (Role checks on every endpoint
and CSRF tokens on every form: tests/test_roles.py.)
"""

from __future__ import annotations

import io
import re
import time
from pathlib import Path
from urllib.parse import unquote

import pytest

from archive import DocumentMetadata, DocumentStatus, Partner, Role, Seminar
from tests.support import PASSWORD, csrf_of, signed_in, soup, token_of

XSS = [
    "<script>alert('x1')</script>",
    "<img src=x onerror=alert('x2')>",
    "\"><svg onload=alert('x3')>",
    "javascript:alert('x4')",
    "' onmouseover='alert(5)",
]
PAYLOAD = " ".join(XSS)
TEXT = (
    "A klaszterpolitika a budapesti tudásipar fejlesztésének eszköze. "
    "The cluster policy of Budapest supports knowledge transfer. "
)
SECRET = "titkosklaszter"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcdoc"}


pytestmark = pytest.mark.usefixtures("collect_spooled_request_bodies")


@pytest.fixture()
def app(staff_app):  # type: ignore[no-untyped-def]
    return staff_app


def api_upload(client, archive, content: bytes, name: str, mimetype: str | None = None, **fields):  # type: ignore[no-untyped-def]
    file = (io.BytesIO(content), name, mimetype) if mimetype else (io.BytesIO(content), name)
    response = client.post(
        "/api/documents",
        data={"file": file, **fields},
        headers=token_of(archive, "olga"),
        content_type="multipart/form-data",
    )
    assert response.status_code == 202, response.get_data(as_text=True)
    return response.get_json()["documents"][0]["id"]


def assert_inert(response, *, shown: bool = True) -> None:  # type: ignore[no-untyped-def]
    """No element or attribute the attacker wrote is live in the page."""
    assert response.status_code == 200, response.status_code
    page = soup(response)
    for tag in page.find_all(True):
        if tag.name == "script":
            assert tag.get("src", "").startswith("/static/"), str(tag)[:200]
            assert not (tag.string or "").strip(), str(tag)[:200]
        assert tag.name not in {"iframe", "object", "embed"}, str(tag)[:200]
        if tag.name in {"img", "svg"}:
            assert tag.get("src") != "x", str(tag)[:200]
        for attribute, value in tag.attrs.items():
            assert not attribute.lower().startswith("on"), str(tag)[:200]
            if attribute.lower() in URL_ATTRIBUTES:
                target = re.sub(r"[\s\x00-\x1f]", "", str(value)).lower()
                assert not target.startswith(("javascript:", "vbscript:", "data:")), str(tag)
    if shown:  # the payload is there, as text
        assert "alert(" in page.get_text(), "the page did not show the attacker's text at all"


# -- stored XSS ---------------------------------------------------------------------------


def test_stored_xss_through_every_field_stays_text(app, archive) -> None:
    librarian = signed_in(app, "lili")
    officer = signed_in(app, "olga")
    anonymous = app.test_client()
    # a document whose text, file name and title carry the payload
    html = (
        f"<html><head><title>{PAYLOAD}</title></head><body><p>{TEXT}</p>"
        f"<p>{PAYLOAD.replace('<', '&lt;')}</p><script>alert('live')</script></body></html>"
    ).encode()
    doc = api_upload(officer, archive, html, f"{XSS[1]}.html")
    plain = api_upload(officer, archive, (TEXT + PAYLOAD).encode(), f"{XSS[0]}.txt")
    # metadata a librarian edits: author, description, title; seminar and partner names
    archive.catalogue.save_partner(Partner("evil", f"Partner {XSS[2]}", f"City {XSS[1]}", "HU"))
    archive.catalogue.save_seminar(Seminar("evil-2010", f"Seminar {XSS[0]}", "evil", None, None))
    archive.catalogue.update_metadata(
        plain,
        DocumentMetadata(
            title=f"Title {XSS[2]}",
            authors=(f"Author {XSS[1]}", XSS[4]),
            description=f"Description {XSS[0]} {XSS[3]}",
            seminar="evil-2010",
            partner="evil",
        ),
    )
    archive.process_queued()
    for document_id in (doc, plain):
        assert archive.catalogue.get(document_id).status is DocumentStatus.READY
    assert "alert('live')" not in archive.catalogue.get(doc).pages[0].text  # scripts dropped

    pages = {
        "search results": anonymous.get("/", query_string={"q": "klaszterpolitika"}),
        "search for the payload": anonymous.get("/", query_string={"q": PAYLOAD}),
        "search, facets of the evil partner": anonymous.get(
            "/", query_string={"q": "cluster", "partner": "evil"}
        ),
        "document page (HTML)": anonymous.get(f"/documents/{doc}", query_string={"q": XSS[0]}),
        "document page (text)": anonymous.get(f"/documents/{plain}"),
        "seminar page": anonymous.get("/seminars/evil-2010"),
        "seminars": anonymous.get("/seminars/"),
        "partner page": anonymous.get("/partners/evil"),
        "partners": anonymous.get("/partners/"),
        "upload status": officer.get("/uploads/"),
        "librarian dashboard": librarian.get("/librarian/"),
        "audit log": librarian.get("/librarian/audit"),
        "edit form": librarian.get(f"/documents/{plain}/edit"),
        "similar": anonymous.get(f"/documents/{doc}/similar"),
    }
    for name, response in pages.items():
        try:
            assert_inert(response, shown=name not in {"seminars", "search results", "similar"})
        except AssertionError as exc:
            raise AssertionError(f"{name}: {exc}") from exc
    # failures show the file name and the reason
    bad = api_upload(officer, archive, b"%PDF-1.4 broken" + PAYLOAD.encode(), f"{XSS[2]}.pdf")
    archive.process_queued()
    assert archive.catalogue.get(bad).status is DocumentStatus.FAILED
    assert_inert(librarian.get("/librarian/failed"), shown=False)
    # the JSON twins are JSON: never HTML
    api = anonymous.get("/api/search", query_string={"q": "klaszterpolitika"})
    assert api.mimetype == "application/json"


def test_did_you_mean_and_notices_echo_the_query_as_text(app, archive) -> None:
    officer = signed_in(app, "olga")
    api_upload(officer, archive, TEXT.encode(), "klaszter.txt")
    archive.process_queued()
    client = app.test_client()
    for query in (
        f"klaszterpolitka {XSS[1]}",  # a typo: "did you mean" repeats the rest
        f'"{XSS[0]}',  # an unbalanced quote: a notice
        f"klaszterpolitka AND ({XSS[2]}",
        f"{XSS[3]} klaszterpolitka",
    ):
        response = client.get("/", query_string={"q": query})
        assert_inert(response, shown=True)
        suggestion = client.get("/api/search", query_string={"q": query}).get_json()["suggestion"]
        if suggestion:
            page = soup(response)
            links = [a for a in page.select("p.suggestion a")]
            assert all(a["href"].startswith("/?") or a["href"].startswith("?") for a in links)


# -- CSRF ---------------------------------------------------------------------------------


def test_logout_and_login_need_the_csrf_token(app) -> None:
    client = signed_in(app, "rita")
    assert client.post("/logout").status_code == 400  # a cross-site form cannot sign you out
    assert "rita" in client.get("/").get_data(as_text=True)


def test_api_writes_ignore_the_session_cookie(app, archive) -> None:
    """A page elsewhere cannot make a signed-in librarian's browser write through the API."""
    officer = signed_in(app, "olga")
    doc = api_upload(officer, archive, TEXT.encode(), "k.txt")
    librarian = signed_in(app, "lili")
    for method, path in [
        ("POST", "/api/documents"),
        ("PATCH", f"/api/documents/{doc}"),
        ("POST", f"/api/documents/{doc}/withdraw"),
        ("DELETE", f"/api/documents/{doc}"),
    ]:
        response = librarian.open(path, method=method, json={"title": "hijacked"})
        assert response.status_code == 401, (method, path)
    assert archive.catalogue.get(doc).title != "hijacked"


# -- file names and paths -------------------------------------------------------------------

ODD_NAMES: list[tuple[str, str | None]] = [
    ("../../../../etc/passwd", "passwd"),
    ("..\\..\\windows\\win.ini", "win.ini"),
    ("a\x00b.txt", None),  # refused by the multipart parser, or cleaned
    ("report\r\nSet-Cookie: owned=1.txt", "report Set-Cookie: owned=1.txt"),
    ("x" * 5000 + ".txt", "x" * 196 + ".txt"),
    ("árvíztűrő tükörfúrógép.txt", "árvíztűrő tükörfúrógép.txt"),
    ("報告書 доклад.txt", "報告書 доклад.txt"),
    ("/", "unnamed"),
]


def test_odd_upload_names_are_kept_for_display_never_used_as_paths(app, archive) -> None:
    officer = signed_in(app, "olga")
    home = archive.layout.home
    for serial, (sent, kept) in enumerate(ODD_NAMES):
        before = set(home.parent.rglob("*"))
        response = officer.post(
            "/api/documents",
            data={"file": (io.BytesIO(f"{TEXT} {serial}".encode()), sent)},
            headers=token_of(archive, "olga"),
            content_type="multipart/form-data",
        )
        if response.status_code == 400:  # refused by the multipart parser: nothing stored
            assert set(home.parent.rglob("*")) - before <= {home / "catalogue.sqlite3-wal"}
            continue
        assert response.status_code == 202, sent
        doc = response.get_json()["documents"][0]["id"]
        document = archive.catalogue.get(doc)
        assert not set("/\\\x00\r\n") & set(document.filename), sent
        assert document.filename.endswith(kept or document.filename), sent
        kept = document.filename  # a client may drop the folders itself
        archive.process_queued()  # readers see ready documents
        assert archive.original(document) == archive.blobs.path(document.sha256)
        created = set(home.parent.rglob("*")) - before
        assert all(p.is_relative_to(home) for p in created), created
        assert not any(p.name in {"passwd", "win.ini"} or kept == p.name for p in created)
        response = app.test_client().get(f"/documents/{doc}/original")
        response.close()
        assert response.status_code == 200
        disposition = response.headers["Content-Disposition"]
        assert "\r" not in disposition and "\n" not in disposition
        assert disposition.startswith("attachment;")
        assert response.headers.getlist("Set-Cookie") == []
        # the name offered is the kept one, whole (quoted or RFC 5987-encoded)
        offered = re.search(r"filename\*=UTF-8''([^;]+)", disposition)
        name = unquote(offered.group(1)) if offered else disposition.split("filename=", 1)[1]
        assert name.strip('"').replace('\\"', '"') == kept, sent


TRAVERSALS = [
    "/documents/..%2F..%2Fcatalogue.sqlite3/original",
    "/documents/1/../../secret_key",
    "/documents/%2e%2e/original",
    "/documents/-1/original",
    "/documents/99999999999999999999/original",
    "/static/../../instance/secret_key",
    "/static/..%2f..%2fweb%2fapp.py",
    "/documents/1/original%00.html",
]


def test_download_paths_cannot_leave_the_store(app, archive) -> None:
    officer = signed_in(app, "olga")
    api_upload(officer, archive, TEXT.encode(), "k.txt")
    secret = app.config["SECRET_KEY"].encode()  # kept in the catalogue, never served
    for path in TRAVERSALS:
        response = app.test_client().get(path)
        body = response.get_data()
        response.close()
        assert response.status_code in (301, 302, 308, 400, 404), (path, response.status_code)
        assert secret not in body
        assert b"SQLite format" not in body and b"create_app" not in body


def test_download_header_cannot_be_split_by_a_file_name(app, archive, tmp_path: Path) -> None:
    source = tmp_path / "upload"
    source.write_bytes(TEXT.encode())
    stored = archive.store(source, 'quote"; filename="evil.html\r\nX-Evil: 1')
    archive.process_queued()
    response = app.test_client().get(f"/documents/{stored.document.id}/original")
    response.close()
    assert "X-Evil" not in response.headers
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "\n" not in disposition
    assert 'filename="evil.html"' not in disposition


# -- a file that lies about its type ------------------------------------------------------


LIARS = [
    (
        b"<html><body><script>alert(1)</script>" + TEXT.encode() + b"</body></html>",
        "report.pdf",
        "application/pdf",
    ),
    (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><text>'
        + TEXT.encode()
        + b"</text></svg>",
        "chart.pdf",
        "application/pdf",
    ),
    (b"<html><body>" + TEXT.encode() + b"</body></html>", "page.html", "text/html"),
    (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)'
        b"</script></svg>",
        "image.svg",
        "image/svg+xml",
    ),
]


def test_html_and_svg_are_never_served_inline(app, archive) -> None:
    officer = signed_in(app, "olga")
    for content, name, claimed in LIARS:
        doc = api_upload(officer, archive, content, name, claimed)
        archive.process_queued()
        document = archive.catalogue.get(doc)
        assert document.content_type != "application/pdf"  # sniffed, not believed
        client = officer  # who uploaded it sees it, readable or not
        view = client.get(f"/documents/{doc}/view")
        assert view.status_code == 302  # not a PDF: no inline view, the download instead
        assert view.headers["Location"].endswith(f"/documents/{doc}/original")
        response = client.get(f"/documents/{doc}/original")
        response.close()
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.mimetype != "application/pdf"
        assert response.headers["Content-Security-Policy"].startswith("sandbox")


def test_only_real_pdfs_are_shown_inline(app, archive, fixtures_dir: Path) -> None:
    officer = signed_in(app, "olga")
    doc = api_upload(
        officer, archive, (fixtures_dir / "hu_en_report.pdf").read_bytes(), "r.pdf", "text/html"
    )
    archive.process_queued()
    response = app.test_client().get(f"/documents/{doc}/view")
    assert response.get_data().startswith(b"%PDF")
    response.close()
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("inline")


# -- roles ----------------------------------------------------------------------------------


def test_officer_cannot_act_as_librarian_or_admin(app, archive, tmp_path: Path) -> None:
    officer = signed_in(app, "olga")
    source = tmp_path / "k.txt"  # a document the officer did not upload
    source.write_bytes(TEXT.encode())
    doc = archive.store(source, "k.txt").document.id
    archive.process_queued()
    headers = token_of(archive, "olga")
    for method, path in [
        ("PATCH", f"/api/documents/{doc}"),
        ("POST", f"/api/documents/{doc}/withdraw"),
        ("POST", f"/api/documents/{doc}/restore"),
        ("POST", f"/api/documents/{doc}/retry"),
        ("POST", f"/api/documents/{doc}/reprocess"),
        ("DELETE", f"/api/documents/{doc}"),
    ]:
        response = officer.open(path, method=method, json={"restricted": True}, headers=headers)
        assert response.status_code == 403, (method, path)
    for path in ("/admin/users", "/librarian/", "/librarian/audit", f"/documents/{doc}/edit"):
        assert officer.get(path).status_code == 403, path
    response = officer.post(
        "/admin/users/olga/role", data={"csrf_token": officer.csrf, "role": "admin"}
    )
    assert response.status_code == 403
    assert archive.users.by_name("olga").role is Role.OFFICER
    # someone else's uploads stay private to librarians
    api_upload(officer, archive, b"Notes of the officer's own.", "own.txt")
    assert officer.get("/api/uploads?all=1").get_json()["uploads"][0]["by"] == "olga"


def test_a_disabled_account_loses_its_token_and_its_session(app, archive) -> None:
    librarian = signed_in(app, "lili")
    headers = token_of(archive, "lili")
    archive.users.set_active("lili", False, actor="admin")
    assert app.test_client().get("/api/uploads", headers=headers).status_code == 401
    assert librarian.get("/librarian/").status_code == 302


# -- restricted documents -------------------------------------------------------------------


def test_restricted_documents_do_not_leak_to_anonymous_users(app, archive) -> None:
    officer = signed_in(app, "olga")
    secret = api_upload(
        officer,
        archive,
        f"{SECRET} {SECRET}ek: {TEXT} Confidential plans of the budapest cluster.".encode(),
        "secret.txt",
        title="Titkos jelentés",
        restricted="1",
        seminar="budapest-2010",
        partner="budapest",
    )
    public = api_upload(officer, archive, TEXT.encode(), "public.txt")
    archive.process_queued()
    anonymous = app.test_client()
    reader = signed_in(app, "rita")

    def search(client, **args: str):  # type: ignore[no-untyped-def]
        return client.get("/api/search", query_string=args).get_json()

    assert search(reader, q=SECRET)["total"] == 1  # it is there
    assert search(anonymous, q=SECRET)["total"] == 0
    assert search(anonymous, q="Titkos jelentés")["total"] == 0
    found = search(anonymous, q="klaszterpolitika")
    assert {hit["id"] for hit in found["hits"]} == {public}
    assert SECRET not in str(found) and "Confidential" not in str(found)
    for name, values in found["facets"].items():
        assert all(v["value"] not in {"budapest-2010", "budapest"} for v in values), name
    assert search(anonymous, q="budapest", seminar="budapest-2010")["total"] == 0
    assert search(anonymous, q=SECRET[:-2] + "x")["suggestion"] is None  # did you mean
    stemmed = search(anonymous, q="titkosklaszterek")
    assert stemmed["total"] == 0 and stemmed["suggestion"] is None
    suggest = anonymous.get("/api/suggest", query_string={"q": "titk"}).get_json()
    assert suggest["suggestions"] == []
    assert reader.get("/api/suggest", query_string={"q": "titk"}).get_json()["suggestions"]
    assert anonymous.get("/api/search", query_string={"like": secret}).status_code == 404
    like = search(anonymous, like=str(public))
    assert secret not in {hit["id"] for hit in like["hits"]}
    for path in (
        f"/api/documents/{secret}",
        f"/documents/{secret}",
        f"/documents/{secret}/original",
        f"/documents/{secret}/view",
        f"/documents/{secret}/similar",
    ):
        assert anonymous.get(path).status_code == 404, path
    page = anonymous.get("/seminars/budapest-2010").get_data(as_text=True)
    assert "Titkos" not in page and "secret.txt" not in page
    page = anonymous.get("/", query_string={"q": "budapest"}).get_data(as_text=True)
    assert "Titkos" not in page and SECRET not in page


# -- sessions and sign-in -------------------------------------------------------------------


def test_login_brute_force_is_rate_limited_whatever_the_forwarded_address(initialised) -> None:
    from web import create_app

    app = create_app({"TESTING": True, "HOME": str(initialised)})
    archive = app.extensions["clusnet"]
    try:
        archive.users.add("anna", PASSWORD, Role.ADMIN, actor="admin")
        client = app.test_client()
        codes = []
        for attempt in range(12):
            token = csrf_of(client)
            codes.append(
                client.post(
                    "/login",
                    data={"name": "anna", "password": f"guess {attempt}", "csrf_token": token},
                    headers={"X-Forwarded-For": f"10.0.0.{attempt}"},
                ).status_code
            )
        assert codes[:10] == [401] * 10
        assert codes[10:] == [429, 429]
        token = csrf_of(client)  # even the right password waits now
        response = client.post(
            "/login", data={"name": "anna", "password": PASSWORD, "csrf_token": token}
        )
        assert response.status_code == 429
    finally:
        archive.close()


def _session_cookie(client) -> str:  # type: ignore[no-untyped-def]
    cookie = client.get_cookie("session")
    assert cookie is not None
    return str(cookie.value)


def test_a_session_cookie_from_before_sign_in_gives_no_access(app) -> None:
    attacker = app.test_client()
    planted = csrf_of(attacker)
    fixed = _session_cookie(attacker)
    victim = app.test_client()
    victim.set_cookie("session", fixed)  # the attacker's cookie, planted in the victim
    response = victim.post(
        "/login", data={"name": "lili", "password": PASSWORD, "csrf_token": planted}
    )
    assert response.status_code == 302
    assert _session_cookie(victim) != fixed
    replay = app.test_client()
    replay.set_cookie("session", fixed)
    assert replay.get("/librarian/").status_code == 302  # still anonymous


def test_logout_ends_the_session_for_good(app) -> None:
    librarian = signed_in(app, "lili")
    assert librarian.get("/librarian/").status_code == 200
    stolen = _session_cookie(librarian)
    assert librarian.post("/logout", data={"csrf_token": librarian.csrf}).status_code == 302
    assert librarian.get("/librarian/").status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get("/librarian/").status_code == 302  # the old cookie is dead
    assert replay.get("/api/uploads").status_code == 401


# -- oversized and expensive requests -------------------------------------------------------


def test_oversized_requests_get_413_not_500(initialised) -> None:
    from web import create_app

    app = create_app(
        {"TESTING": True, "HOME": str(initialised), "MAX_UPLOAD_MB": 1, "RATELIMIT_ENABLED": False}
    )
    archive = app.extensions["clusnet"]
    try:
        archive.users.add("lili", PASSWORD, Role.LIBRARIAN, actor="admin")
        client = signed_in(app, "lili")
        big = b"x" * ((1 << 20) + 10)
        form = client.post(
            "/librarian/metadata",
            data={"csrf_token": client.csrf, "file": (io.BytesIO(big), "m.csv")},
            content_type="multipart/form-data",
        )
        assert form.status_code == 413
        assert "larger than 1 MB" in soup(form).get_text()
        api = app.test_client().patch(
            "/api/documents/1",
            data=b'{"title": "' + big + b'"}',
            headers={**token_of(archive, "lili"), "Content-Type": "application/json"},
        )
        assert api.status_code == 413
        assert api.get_json() == {"ok": False, "error": api.get_json()["error"], "status": 413}
    finally:
        archive.close()


EXPENSIVE = [
    "klaszter " * 1250,  # 10,000 characters
    " ".join(f"{chr(97 + i % 26)}{i}*" for i in range(600)),  # many wildcards
    " ".join(f"{chr(97 + i % 26)}*" for i in range(26)) * 8,
    "(" * 2000 + "klaszter" + ")" * 2000,  # deeply nested
    '"' + "a " * 3000 + '"',  # a long phrase
    "*a* *e* *i* *o* *u*",  # leading wildcards
    "klaszter~3 " * 200,  # fuzzy terms
    "a" * 10_000,
    "[a TO z] " * 300,
]


def test_expensive_queries_answer_quickly_without_500(app, archive) -> None:
    officer = signed_in(app, "olga")
    api_upload(officer, archive, TEXT.encode() * 20, "k.txt")
    archive.process_queued()
    client = app.test_client()
    for query in EXPENSIVE:
        for path in ("/api/search", "/"):
            started = time.monotonic()
            response = client.get(path, query_string={"q": query})
            elapsed = time.monotonic() - started
            assert response.status_code in (200, 400), (path, response.status_code)
            assert elapsed < 5, (path, elapsed)
            if len(query) > 500 and path == "/api/search":
                assert any("cut" in notice for notice in response.get_json()["notices"])
        started = time.monotonic()
        response = client.get("/api/suggest", query_string={"q": query})
        assert response.status_code == 200
        assert time.monotonic() - started < 5
