"""Web nodes keep nothing of their own: two apps on one catalogue (as two `clusnet serve`
machines behind a load balancer) share the key that signs sessions, the sessions, and the
counts of sign-in attempts."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from archive import Role
from tests.support import PASSWORD
from web import create_app


def node(home: Path, **settings: object):  # type: ignore[no-untyped-def]
    return create_app({"TESTING": True, "HOME": str(home), **settings})


def csrf(client) -> str:  # type: ignore[no-untyped-def]
    import re

    page = client.get("/login").get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert match, page[:500]
    return match.group(1)


def test_two_nodes_share_the_signing_key_and_the_sessions(initialised: Path) -> None:
    first, second = node(initialised), node(initialised)
    try:
        assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
        assert not (initialised / "secret_key").exists()  # kept in the catalogue
        first.extensions["clusnet"].users.add("olga", PASSWORD, Role.OFFICER, actor="admin")
        on_first = first.test_client()
        signed_in = on_first.post(
            "/login", data={"name": "olga", "password": PASSWORD, "csrf_token": csrf(on_first)}
        )
        assert signed_in.status_code == 302
        on_second = second.test_client()
        for cookie in on_first._cookies.values():  # the load balancer sends her elsewhere
            on_second.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
        assert on_second.get("/uploads/new").status_code == 200
        assert second.test_client().get("/uploads/new").status_code == 302  # to sign in
    finally:
        first.extensions["clusnet"].close()
        second.extensions["clusnet"].close()


def test_sign_in_attempts_are_counted_across_nodes(initialised: Path) -> None:
    limit = {"LOGIN_RATE_LIMIT": "3 per minute"}
    first = node(initialised, **limit)
    try:
        client = first.test_client()
        for _ in range(2):
            wrong = {"name": "nobody", "password": "wrong-password", "csrf_token": csrf(client)}
            assert client.post("/login", data=wrong).status_code == 401
        with first.extensions["clusnet"].catalogue.engine.connect() as connection:
            rows = connection.execute(text("SELECT hits FROM rate_counters")).scalars().all()
        assert rows == [2]  # counted in the catalogue, not in this process
    finally:
        first.extensions["clusnet"].close()
    second = node(initialised, **limit)  # a new node: its own limiter, the same counts
    try:
        client = second.test_client()
        wrong = {"name": "nobody", "password": "wrong-password", "csrf_token": csrf(client)}
        assert client.post("/login", data=wrong).status_code == 401  # the third
        assert client.post("/login", data=wrong).status_code == 429  # one too many
    finally:
        second.extensions["clusnet"].close()
