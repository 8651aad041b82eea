"""The archive as a user meets it: `clusnet serve` in its own process, and a real browser."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.doorbell import Doorbell
from tests.support import CHROMIUM_ARGS, chromium_path, clusnet, free_port, serving

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


def test_serve_answers_as_clusnet(server: str) -> None:
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


def _children(pid: int) -> list[str]:
    """Command lines of the child processes of ``pid`` (Linux)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            found.append(cmdline.replace(b"\0", b" ").decode())
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_serve_runs_a_process_per_worker_and_one_queue_worker(tmp_path: Path) -> None:
    home = tmp_path / "archive"
    env = {**os.environ, "CLUSNET_HOME": str(home)}
    clusnet("init", env=env)
    port = free_port()
    exe = Path(sys.executable).parent / "clusnet"
    log = tmp_path / "serve.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [str(exe), "serve", "--port", str(port), "--workers", "3"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5):
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        children = _children(server.pid)
        while len(children) < 4 and time.monotonic() < deadline:
            time.sleep(0.2)
            children = _children(server.pid)
        assert sum(" serve " in c for c in children) == 3, children
        assert sum(c.endswith("-m web worker ") for c in children) == 1, children
        assert "with 3 processes" in log.read_text()
        # the queue worker listens for this archive's doorbell (once it has started): no
        # second one can
        bell = Doorbell(home)
        while not bell.answered() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert bell.answered()
        assert not bell.listen()
    finally:
        server.terminate()
        server.wait(90)
    # and the queue worker stopped with the server
    deadline = time.monotonic() + 30
    while bell.answered() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not bell.answered()
