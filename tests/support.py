"""Helpers for tests that act as signed-in people through Flask's test client."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

PASSWORD = "correct horse battery"
STAFF = {"rita": "reader", "olga": "officer", "lili": "librarian", "adam": "admin"}
"""The accounts of `staff_app`: one per role."""


def soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def csrf_of(client: Any, path: str = "/login") -> str:
    field = soup(client.get(path)).find("input", attrs={"name": "csrf_token"})
    assert field is not None, path
    return str(field["value"])


def signed_in(app: Any, name: str) -> Any:
    """A test client signed in as `name`; its `csrf` attribute holds a form token."""
    client = app.test_client()
    response = client.post(
        "/login", data={"name": name, "password": PASSWORD, "csrf_token": csrf_of(client)}
    )
    assert response.status_code == 302, name
    client.csrf = csrf_of(client, "/")
    return client


def token_of(archive: Any, name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {archive.users.new_token(name, actor='admin')}"}


# -- a real `clusnet` process ----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clusnet(*args: str, env: dict[str, str], stdin: str | None = None) -> str:
    """Run the `clusnet` command of this environment; its stdout (it must succeed)."""
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
    return result.stdout


@contextmanager
def serving(
    env: dict[str, str], log: Path, timeout: float = 60, prefix: tuple[str, ...] = ()
) -> Iterator[str]:
    """`clusnet serve` on a free port of 127.0.0.1 (stderr to `log`); yields its URL.
    `prefix` runs it through another command (`unshare ...`)."""
    port = free_port()
    exe = Path(sys.executable).parent / "clusnet"
    with log.open("w", encoding="utf-8") as log_file:
        process = subprocess.Popen(
            [*prefix, str(exe), "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
            text=True,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(url + "/", timeout=5):
                        break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        process.kill()
                        raise AssertionError(
                            f"clusnet serve did not start: {log.read_text(encoding='utf-8')}"
                        ) from None
                    time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            process.communicate(timeout=60)


def chromium_path() -> str:
    """Debian's Chromium, for Playwright (which may not download a browser of its own)."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no Chromium on this machine (Debian package: chromium)")


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
