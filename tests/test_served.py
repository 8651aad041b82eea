"""The archive as a user meets it: `clusnet serve` in its own process, and a real browser."""

from __future__ import annotations

import os
import urllib.request
from collections.abc import Iterator

import pytest

from tests.support import CHROMIUM_ARGS, chromium_path, clusnet, serving

DOC = (
    "A Mobilitás és Multimédia Klaszter a budapesti tudásipar egyik húzóereje. "
    "Az önkormányzati támogatások és a pályázatok segítik a klaszterek fejlődését."
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("served")
    env = {**os.environ, "CLUSNET_HOME": str(root / "archive")}
    docs = root / "docs"
    docs.mkdir()
    (docs / "klaszter.txt").write_text(DOC, encoding="utf-8")
    clusnet("init", env=env)
    clusnet("ingest", "--silent", str(docs), env=env)
    with serving(env, root / "serve.log") as url:
        yield url


def test_serve_uses_waitress_and_answers(server: str) -> None:
    with urllib.request.urlopen(server + "/?q=t%C3%A1mogat%C3%A1s", timeout=10) as response:
        body = response.read().decode("utf-8")
        assert response.headers["Server"] == "clusnet"
    assert "<mark>" in body
    assert "1 document matches" in body


def test_search_in_a_real_browser(server: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = chromium_path()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=CHROMIUM_ARGS,
        )
        try:
            page = browser.new_page(locale="hu-HU")
            page.goto(server + "/")
            assert page.locator("html").get_attribute("lang") == "hu"
            page.get_by_label("Keresés a szemináriumi anyagokban").fill("klaszterek fejlődése")
            page.get_by_role("button", name="Keresés").click()
            page.wait_for_url("**/?q=*")
            assert "q=klaszterek+fejl" in page.url
            hit = page.locator("li.hit").first
            assert hit.locator("mark").count() >= 1
            hit.locator("h2 a").click()
            assert "Mobilitás és Multimédia Klaszter" in page.locator(".page .text").inner_text()
        finally:
            browser.close()
