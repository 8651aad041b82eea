"""Every endpoint checks its role: a new endpoint without a check fails here.

The endpoints anyone may use are listed in PUBLIC; every other endpoint of the app must
refuse an anonymous visitor (sign-in redirect or 401) and a reader (403), with a valid
CSRF token on forms (so that it is the role check that refuses, not the CSRF check).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from archive import Role

PASSWORD = "correct horse battery"

PUBLIC = {
    "static",
    "auth.login",
    "auth.logout",
    "i18n.choose",
    "search.results",
    "search.help",
    "search.similar",
    "search.suggest",
    "documents.detail",
    "documents.original",
    "documents.view",
    "documents.thumbnail",
    "api.search",
    "api.suggest",
    "api.similar",
    "api.document",
    "api.openapi",
    "browse.seminars",
    "browse.seminar",
    "browse.partners",
    "browse.partner",
}
ARGUMENTS = {"document_id": "1", "slug": "budapest-2010", "name": "olga", "code": "hu"}


def _app(home: Path):  # type: ignore[no-untyped-def]
    from web import create_app

    return create_app({"TESTING": True, "HOME": str(home), "RATELIMIT_ENABLED": False})


def _protected(home: Path) -> list[tuple[str, str, str]]:
    app = _app(home)
    try:
        found = []
        for rule in app.url_map.iter_rules():
            if rule.endpoint in PUBLIC:
                continue
            path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: ARGUMENTS[m.group(1)], rule.rule)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((rule.endpoint, method, path))
        return sorted(found)
    finally:
        app.extensions["clusnet"].close()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One archive with a document, an officer and a reader, shared by the module."""
    import os

    from click.testing import CliRunner

    from web.cli import main

    home = tmp_path_factory.mktemp("roles") / "archive"
    os.environ["CLUSNET_HOME"] = str(home)
    try:
        assert CliRunner().invoke(main, ["init"]).exit_code == 0
        docs = home.parent / "docs"
        docs.mkdir()
        (docs / "a.txt").write_text("Klaszterpolitika Budapesten és Lyonban.", encoding="utf-8")
        assert CliRunner().invoke(main, ["ingest", "--silent", str(docs)]).exit_code == 0
    finally:
        del os.environ["CLUSNET_HOME"]
    app = _app(home)
    archive = app.extensions["clusnet"]
    archive.users.add("rita", PASSWORD, Role.READER, actor="admin")
    archive.users.add("olga", PASSWORD, Role.OFFICER, actor="admin")
    yield app, home
    archive.close()


def _csrf(client) -> str:  # type: ignore[no-untyped-def]
    page = BeautifulSoup(client.get("/login").get_data(as_text=True), "html.parser")
    return str(page.find("input", attrs={"name": "csrf_token"})["value"])


def _endpoints() -> list[tuple[str, str, str]]:
    import tempfile

    from click.testing import CliRunner

    from web.cli import main

    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "archive"
        result = CliRunner().invoke(main, ["--home", str(home), "init"])
        assert result.exit_code == 0, result.output
        return _protected(home)


ENDPOINTS = _endpoints()


def test_there_are_protected_endpoints() -> None:
    names = {endpoint for endpoint, _, _ in ENDPOINTS}
    assert {"upload.new", "librarian.dashboard", "admin.users", "api.upload"} <= names


@pytest.mark.parametrize(("endpoint", "method", "path"), ENDPOINTS)
def test_anonymous_and_readers_are_refused(world, endpoint: str, method: str, path: str) -> None:
    app, _home = world
    anonymous = app.test_client()
    token = _csrf(anonymous)
    response = anonymous.open(path, method=method, data={"csrf_token": token})
    assert response.status_code in (302, 401), (endpoint, response.status_code)
    if response.status_code == 302:
        assert "/login" in response.headers["Location"]

    reader = app.test_client()
    reader.post("/login", data={"name": "rita", "password": PASSWORD, "csrf_token": _csrf(reader)})
    if path.startswith("/api/"):
        token = app.extensions["clusnet"].users.new_token("rita", actor="admin")
        headers = {"Authorization": f"Bearer {token}"}
        response = reader.open(path, method=method, headers=headers)
    else:
        response = reader.open(path, method=method, data={"csrf_token": _csrf(reader)})
    assert response.status_code == 403, (endpoint, response.status_code)
    if path.startswith("/api/"):
        assert response.get_json()["ok"] is False


FORMS = [
    ("POST", "/uploads/new"),
    ("POST", "/documents/1/edit"),
    ("POST", "/documents/1/withdraw"),
    ("POST", "/documents/1/restore"),
    ("POST", "/documents/1/purge"),
    ("POST", "/documents/1/replace"),
    ("POST", "/documents/1/retry"),
    ("POST", "/documents/1/reprocess"),
    ("POST", "/documents/1/versions"),
    ("POST", "/librarian/index/rebuild"),
    ("POST", "/librarian/metadata"),
    ("POST", "/seminars/new"),
    ("POST", "/partners/new"),
    ("POST", "/seminars/budapest-2010/edit"),
    ("POST", "/partners/budapest-2010/edit"),
    ("POST", "/admin/users"),
    ("POST", "/admin/users/olga/role"),
    ("POST", "/admin/users/olga/active"),
]


def test_every_form_is_in_the_csrf_list() -> None:
    """A new form (a POST outside the token-authenticated API) must be added to FORMS.
    (Sign-in and sign-out: tests/test_accounts.py and tests/test_security.py.)"""
    posted = {(m, p) for _, m, p in ENDPOINTS if m == "POST" and not p.startswith("/api/")}
    assert posted <= set(FORMS), sorted(posted - set(FORMS))


@pytest.mark.parametrize(("method", "path"), FORMS)
def test_forms_without_csrf_token_are_refused(world, method: str, path: str) -> None:
    app, _home = world
    archive = app.extensions["clusnet"]
    if archive.users.by_name("adam") is None:
        archive.users.add("adam", PASSWORD, Role.ADMIN, actor="admin")
    client = app.test_client()
    client.post("/login", data={"name": "adam", "password": PASSWORD, "csrf_token": _csrf(client)})
    response = client.open(path, method=method, data={"title": "x", "role": "admin"})
    assert response.status_code == 400
    assert "reload the page" in response.get_data(as_text=True)
    assert archive.catalogue.get(1).withdrawn is None
    assert archive.users.by_name("olga").role is Role.OFFICER
