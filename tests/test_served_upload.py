"""An officer uploads through a real browser to `clusnet serve`, whose worker reads the file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

PASSWORD = "correct horse battery"
DOC = (
    "A Mobilitás és Multimédia Klaszter a budapesti tudásipar egyik húzóereje; "
    "a klaszterpolitika az önkormányzat eszköze."
)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _clusnet(*args: str, env: dict[str, str], stdin: str | None = None) -> None:
    exe = Path(sys.executable).parent / "clusnet"
    result = subprocess.run(
        [str(exe), *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("served-upload")
    env = {**os.environ, "CLUSNET_HOME": str(root / "archive")}
    _clusnet("init", env=env)
    _clusnet(
        "users",
        "add",
        "olga",
        "--role",
        "officer",
        "--password-stdin",
        env=env,
        stdin=PASSWORD + "\n",
    )
    port = _free_port()
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
        process.communicate(timeout=30)


def test_officer_uploads_in_a_real_browser(server: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = next(
        (p for n in ("chromium", "chromium-browser", "google-chrome") if (p := shutil.which(n))),
        None,
    )
    if executable is None:
        pytest.skip("no Chromium on this machine (Debian package: chromium)")
    document = tmp_path / "árvíztűrő klaszter.txt"
    document.write_text(DOC, encoding="utf-8")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
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
