"""Accounts, roles, sign-in and the interface language, through the CLI and the web."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

PASSWORD = "correct horse battery"


def add_user(runner, name: str, role: str, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from web.cli import main

    result = CliRunner().invoke(
        main, ["users", "add", name, "--role", role, "--password-stdin"], input=password + "\n"
    )
    assert result.exit_code == 0, result.output


def csrf_of(html: str) -> str:
    page = BeautifulSoup(html, "html.parser")
    field = page.find("input", attrs={"name": "csrf_token"})
    assert field is not None
    return str(field["value"])


def sign_in(client, name: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token})


def test_users_cli(runner, initialised) -> None:
    add_user(runner, "anna", "admin")
    listed = runner.invoke("users", "list", "--json")
    assert '"name": "anna"' in listed.output
    assert '"role": "admin"' in listed.output
    assert runner.invoke("users", "set-role", "anna", "officer").exit_code == 0
    assert '"role": "officer"' in runner.invoke("users", "list", "--json").output


def test_users_cli_refuses_bad_input(runner, initialised) -> None:
    from click.testing import CliRunner

    from web.cli import main

    short = CliRunner().invoke(main, ["users", "add", "bob", "--password-stdin"], input="short\n")
    assert short.exit_code == 1
    assert "at least 10 characters" in short.output
    add_user(runner, "anna", "reader")
    again = CliRunner().invoke(
        main, ["users", "add", "anna", "--password-stdin"], input=PASSWORD + "\n"
    )
    assert "exists already" in again.output
    bad_role = CliRunner().invoke(main, ["users", "add", "x", "--role", "king"])
    assert bad_role.exit_code == 2


def test_sign_in_and_out(runner, client) -> None:
    add_user(runner, "anna", "librarian")
    response = sign_in(client, "anna")
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "anna (librarian)" in page
    token = csrf_of(page)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert "anna (librarian)" not in client.get("/").get_data(as_text=True)


def test_wrong_password_is_refused(runner, client) -> None:
    add_user(runner, "anna", "reader")
    response = sign_in(client, "anna", "wrong password!")
    assert response.status_code == 401
    assert "wrong" in response.get_data(as_text=True)


def test_login_without_csrf_token_is_refused(runner, client) -> None:
    add_user(runner, "anna", "reader")
    response = client.post("/login", data={"name": "anna", "password": PASSWORD})
    assert response.status_code == 400
    assert "reload the page" in response.get_data(as_text=True)


def test_login_is_rate_limited(runner, app) -> None:
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    client = app.test_client()
    add_user(runner, "anna", "reader")
    codes = [sign_in(client, "anna", "wrong password!").status_code for _ in range(5)]
    assert codes[:3] == [401, 401, 401]
    assert codes[3:] == [429, 429]


def test_next_only_redirects_within_the_site(runner, client) -> None:
    add_user(runner, "anna", "reader")
    token = csrf_of(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login?next=https://evil.example/",
        data={"name": "anna", "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/"


def test_api_token(runner, client) -> None:
    add_user(runner, "anna", "reader")
    token = runner.invoke("users", "token", "anna").stdout.strip()
    assert re.fullmatch(r"[A-Za-z0-9_-]{40,}", token)


@pytest.mark.parametrize(
    ("header", "lang", "word"),
    [("hu-HU,hu;q=0.9", "hu", "Keresés"), ("en-GB,en;q=0.8", "en", "Search"), ("", "en", "Search")],
)
def test_interface_language_follows_the_browser(client, header, lang, word) -> None:
    page = BeautifulSoup(
        client.get("/", headers={"Accept-Language": header}).get_data(as_text=True),
        "html.parser",
    )
    assert page.html["lang"] == lang
    assert page.find("button", attrs={"type": "submit"}).get_text() == word


def test_interface_language_choice_is_remembered(client) -> None:
    response = client.get("/language/hu?next=/")
    assert response.status_code == 302
    page = BeautifulSoup(
        client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True), "html.parser"
    )
    assert page.html["lang"] == "hu"
    current = page.select_one(".languages [aria-current]")
    assert current.get_text() == "Magyar"
    other = page.select_one(".languages a")
    assert other["lang"] == "en"
    assert other.get_text() == "English"


def test_private_archive_needs_an_account(runner, initialised) -> None:
    from web import create_app

    app = create_app({"TESTING": True, "HOME": str(initialised), "PRIVATE": True})
    try:
        client = app.test_client()
        assert client.get("/").status_code == 302
        assert client.get("/api/search?q=x").status_code == 401
        add_user(runner, "anna", "reader")
        token = runner.invoke("users", "token", "anna").stdout.strip()
        ok = client.get("/api/search?q=x", headers={"Authorization": f"Bearer {token}"})
        assert ok.status_code == 200
        sign_in(client, "anna")
        assert client.get("/").status_code == 200
    finally:
        app.extensions["clusnet"].close()


def test_a_session_expires(runner, app) -> None:
    from datetime import timedelta

    from sqlalchemy import update

    from archive.catalogue import SessionRow, utcnow
    from archive.users import SESSION_LIFETIME

    add_user(runner, "anna", "reader")
    client = app.test_client()
    sign_in(client, "anna")
    assert "anna (reader)" in client.get("/").get_data(as_text=True)
    catalogue = app.extensions["clusnet"].catalogue
    with catalogue.write() as session:
        session.execute(
            update(SessionRow).values(created=utcnow() - SESSION_LIFETIME - timedelta(minutes=1))
        )
    assert "anna (reader)" not in client.get("/").get_data(as_text=True)
