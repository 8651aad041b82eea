"""An officer uploads through a real browser to `clusnet serve`, whose worker reads the file."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import CHROMIUM_ARGS, PASSWORD, chromium_path, clusnet, serving

DOC = (
    "A Mobilitás és Multimédia Klaszter a budapesti tudásipar egyik húzóereje; "
    "a klaszterpolitika az önkormányzat eszköze."
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("served-upload")
    env = {**os.environ, "CLUSNET_HOME": str(root / "archive")}
    clusnet("init", env=env)
    clusnet(
        "users",
        "add",
        "olga",
        "--role",
        "officer",
        "--password-stdin",
        env=env,
        stdin=PASSWORD + "\n",
    )
    with serving(env, root / "serve.log") as url:
        yield url


def test_officer_uploads_in_a_real_browser(server: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = chromium_path()
    document = tmp_path / "árvíztűrő klaszter.txt"
    document.write_text(DOC, encoding="utf-8")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=CHROMIUM_ARGS,
        )
        try:
            page = browser.new_page(locale="en-GB")
            page.goto(server + "/login?next=/uploads/new")
            page.get_by_label("Name").fill("olga")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url("**/uploads/new")
            page.get_by_label("Files").set_input_files(str(document))
            page.get_by_label("Title").fill("A budapesti klaszter")
            page.get_by_label("Seminar").select_option("budapest-2010")
            page.get_by_label("Document type").select_option("case_study")
            page.get_by_role("button", name="Upload", exact=True).click()
            page.wait_for_url("**/uploads/")
            status = page.locator("tr.upload td.status").first
            deadline = time.monotonic() + 60
            while "ready" not in status.inner_text() and time.monotonic() < deadline:
                page.wait_for_timeout(1000)
                page.reload()
                status = page.locator("tr.upload td.status").first
            assert status.inner_text().strip() == "ready"
            page.locator("tr.upload a").first.click()
            assert page.locator("h1").inner_text() == "A budapesti klaszter"
            assert "húzóereje" in page.locator(".page .text").inner_text()
        finally:
            browser.close()
