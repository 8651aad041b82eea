"""The archive as a user meets it: `clusnet serve` in its own process, and a real browser."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

DOC = (
    "A Mobilitás és Multimédia Klaszter a budapesti tudásipar egyik húzóereje. "
    "Az önkormányzati támogatások és a pályázatok segítik a klaszterek fejlődését."
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clusnet(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "clusnet"
    return subprocess.run(
        [str(exe), *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("served")
    env = {**os.environ, "CLUSNET_HOME": str(root / "archive")}
    docs = root / "docs"
    docs.mkdir()
    (docs / "klaszter.txt").write_text(DOC, encoding="utf-8")
    assert clusnet("init", env=env).returncode == 0
    assert clusnet("ingest", "--silent", str(docs), env=env).returncode == 0
    port = free_port()
    exe = Path(sys.executable).parent / "clusnet"
    process = subprocess.Popen(
        [str(exe), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    _, err = process.communicate(timeout=5)
                    pytest.fail(f"clusnet serve did not start: {err}")
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.communicate(timeout=10)


def test_serve_uses_waitress_and_answers(server: str) -> None:
    with urllib.request.urlopen(server + "/?q=t%C3%A1mogat%C3%A1s", timeout=10) as response:
        body = response.read().decode("utf-8")
        assert response.headers["Server"] == "clusnet"
    assert "<mark>" in body
    assert "1 document matches" in body


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no Chromium on this machine (Debian package: chromium)")


def test_search_in_a_real_browser(server: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = _chromium()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
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
