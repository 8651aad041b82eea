"""Faults of the machine the archive runs on: each says what happened and what to do.

A full disk (a real, small tmpfs mounted in a mount namespace of its own), a read-only
index folder, and an index file damaged on disk: the commands print what they finished
and exit non-zero, the pages say why, and nothing is lost.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support import PASSWORD, clusnet

TEXTS = {
    "a-klaszter.txt": "A klaszterpolitika a budapesti tudásipar fejlesztésének eszköze.",
    "b-varosok.txt": "Városrégiók és klaszterek együttműködése Lipcsében és Dortmundban.",
}


def small_disk_script(home: Path, out: Path, size: str) -> str:
    """A shell script that mounts a tmpfs of `size` at `home` and runs the scenario."""
    exe = Path(sys.executable).parent / "clusnet"
    return f"""
set -u
mount -t tmpfs -o size={size} tmpfs "{home}" || exit 97
export CLUSNET_HOME="{home}"
run() {{ name=$1; shift; "{exe}" "$@" > "{out}/$name.out" 2> "{out}/$name.err"; \
echo $? > "{out}/$name.rc"; }}
run init init
run ingest ingest --json "{out}/documents"
dd if=/dev/zero of="{home}/filler" bs=64k 2>/dev/null
n=0
while dd if=/dev/zero of="{home}/filler-$n" bs=512 count=1 2>/dev/null; do n=$((n+1)); done
run check check --json
run reindex reindex
run search search --json klaszterpolitika
rm -f "{home}"/filler*
run check-after check --json
run ingest-again ingest --json "{out}/documents"
run search-after search --json városrégiók
"""


def in_mount_namespace(script: str) -> None:
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("needs unshare (util-linux) to mount a small filesystem")
    flags = ["-m"] if os.geteuid() == 0 else ["-r", "-m"]
    result = subprocess.run(
        [unshare, *flags, "sh", "-c", script], capture_output=True, text=True, timeout=600
    )
    if result.returncode == 97 or "unshare:" in result.stderr:
        pytest.skip(f"cannot mount a small filesystem here: {result.stderr.strip()}")
    assert result.returncode == 0, result.stderr


def outputs(out: Path, name: str) -> tuple[int, str, str]:
    return (
        int((out / f"{name}.rc").read_text()),
        (out / f"{name}.out").read_text(encoding="utf-8"),
        (out / f"{name}.err").read_text(encoding="utf-8"),
    )


def test_a_full_disk_stops_commands_with_a_summary_and_loses_nothing(tmp_path: Path) -> None:
    home, out = tmp_path / "archive", tmp_path / "out"
    home.mkdir()
    documents = out / "documents"
    documents.mkdir(parents=True)
    for name, text in TEXTS.items():
        (documents / name).write_text(text, encoding="utf-8")
    for i in range(6):  # originals that fill the disk (kept even though unreadable)
        (documents / f"c-scan-{i}.bin").write_bytes(os.urandom(1 << 20))
    in_mount_namespace(small_disk_script(home, out, "4m"))

    code, stdout, stderr = outputs(out, "ingest")
    assert code == 1 and "Traceback" not in stderr
    report = json.loads(stdout)
    assert "is full" in report["stopped"] and "run the same command again" in report["stopped"]
    assert report["not_done"], "some files were not reached"
    done = {Path(f["path"]).name for f in report["files"]}
    assert set(TEXTS) <= done  # what it finished is in the summary
    assert not done & {Path(p).name for p in report["not_done"]}

    # the disk filled to the last byte: the catalogue cannot even be opened, or written
    code, stdout, stderr = outputs(out, "check")
    assert code == 1 and "Traceback" not in stderr
    said = json.loads(stdout)["stopped"] if stdout.strip() else stderr
    assert "is full" in said and "free some space" in said

    code, _stdout, stderr = outputs(out, "reindex")
    assert code == 1 and "Traceback" not in stderr and "is full" in stderr

    # space again: nothing was lost, and the same command goes on where it stopped
    code, stdout, stderr = outputs(out, "check-after")
    assert "Traceback" not in stderr
    kinds = {f["kind"] for f in json.loads(stdout)["findings"]}
    assert not kinds & {"missing-original", "altered-original", "not-indexed", "index-unusable"}
    code, stdout, stderr = outputs(out, "ingest-again")
    assert "Traceback" not in stderr
    again = json.loads(stdout)
    assert {Path(f["path"]).name for f in again["files"] if f["outcome"] == "duplicate"} >= set(
        TEXTS
    )
    code, stdout, _ = outputs(out, "search-after")
    assert json.loads(stdout)["total"] == 1


# -- a read-only index folder ----------------------------------------------------------

READ_ONLY = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" || exit 97; shift; exec "$@"'


def with_read_only(folder: Path) -> tuple[str, ...]:
    """A command prefix that runs a command with `folder` mounted read-only (for it alone:
    a mount namespace of its own; chmod does nothing to root, who runs CI)."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("needs unshare (util-linux) to make a folder read-only")
    flags = ("-m",) if os.geteuid() == 0 else ("-r", "-m")
    probe = subprocess.run(
        [unshare, *flags, "sh", "-c", READ_ONLY, "sh", str(folder), "true"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        pytest.skip(f"cannot mount a folder read-only here: {probe.stderr.strip()}")
    return (unshare, *flags, "sh", "-c", READ_ONLY, "sh", str(folder))


class Browser:
    """Requests to a served archive with a session cookie (and its CSRF token)."""

    def __init__(self, url: str) -> None:
        import http.cookiejar
        import urllib.request

        self.url = url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
        return self._open(path, None, headers or {})

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        from urllib.parse import urlencode

        return self._open(path, urlencode(fields).encode(), {})

    def _open(self, path: str, data: bytes | None, headers: dict[str, str]) -> tuple[int, str]:
        import urllib.error
        import urllib.request

        request = urllib.request.Request(self.url + path, data=data, headers=headers)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def csrf(self, path: str) -> str:
        from bs4 import BeautifulSoup

        page = BeautifulSoup(self.get(path)[1], "html.parser")
        return str(page.find("input", attrs={"name": "csrf_token"})["value"])

    def sign_in(self, name: str) -> None:
        token = self.csrf("/login")
        status, _ = self.post("/login", {"name": name, "password": PASSWORD, "csrf_token": token})
        assert status == 200, status


def test_a_read_only_index_folder_is_said_on_the_index_page_and_by_check(tmp_path: Path) -> None:
    home = tmp_path / "archive"
    env = {**os.environ, "CLUSNET_HOME": str(home)}
    clusnet("init", env=env)
    for name, role in (("lili", "librarian"), ("olga", "officer")):
        clusnet("users", "add", name, "--role", role, "--password-stdin",
                env=env, stdin=PASSWORD + "\n")  # fmt: skip
    token = clusnet("users", "token", "olga", env=env).strip()
    document = tmp_path / "k.txt"
    document.write_text(TEXTS["a-klaszter.txt"], encoding="utf-8")
    read_only = with_read_only(home / "index")

    from tests.support import serving
    from tests.test_poison_document import upload, wait_for

    with serving(env, tmp_path / "serve.log", prefix=read_only) as url:
        sent = upload(url, token, document)
        browser = Browser(url)
        browser.sign_in("lili")

        def state() -> dict[str, object]:
            answer = json.loads(browser.get("/librarian/index?format=json")[1])
            return dict(answer["index"])

        assert wait_for(lambda: state()["documents_pending"] == 1, 60), state()
        problem = str(state()["problem"])
        assert "cannot be written" in problem and "Read-only file system" in problem
        assert "make it writable" in problem
        status, page = browser.get("/librarian/index")
        assert status == 200 and "Read-only file system" in soup_text(page, ".index-problem")

        status, page = browser.post(
            "/librarian/index/rebuild", {"csrf_token": browser.csrf("/librarian/index")}
        )
        assert status == 200  # the index page again, saying why: not a 500
        assert "could not be rebuilt" in soup_text(page, ".flash.error")
        assert "Read-only file system" in soup_text(page, ".flash.error")

    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "documents cannot be indexed" in log and "Traceback" not in log

    exe = str(Path(sys.executable).parent / "clusnet")
    check = subprocess.run(
        [*read_only, exe, "check", "--json"], env=env, capture_output=True, text=True
    )
    assert check.returncode == 1 and "Traceback" not in check.stderr
    findings = json.loads(check.stdout)["findings"]
    (unwritable,) = [f for f in findings if f["kind"] == "index-unwritable"]
    assert "Read-only file system" in unwritable["message"]

    # writable again: the repair indexes what waited, nothing was lost
    assert json.loads(clusnet("check", "--repair", "--json", env=env))["ok"]
    found = json.loads(clusnet("search", "--json", "klaszterpolitika", env=env))
    assert [hit["id"] for hit in found["hits"]] == [sent["id"]]


def soup_text(page: str, selector: str) -> str:
    from bs4 import BeautifulSoup

    found = BeautifulSoup(page, "html.parser").select_one(selector)
    assert found is not None, selector
    return str(found.get_text(" ", strip=True))


# -- a damaged index -------------------------------------------------------------------


def damage(index: Path, kind: str = ".pst") -> Path:
    """Cut a file of the largest segment in half, as a disk error would: the postings
    (found damaged only when a search reads them) or the terms (found by `check`)."""
    (found,) = sorted(index.glob(f"*{kind}"), key=lambda p: p.stat().st_size)[-1:]
    data = found.read_bytes()
    found.write_bytes(data[: len(data) // 2])
    return found


def test_a_damaged_index_is_said_rebuilt_beside_and_pages_do_not_need_it(
    tmp_path: Path,
) -> None:
    home = tmp_path / "archive"
    env = {**os.environ, "CLUSNET_HOME": str(home)}
    clusnet("init", env=env)
    documents = tmp_path / "documents"
    documents.mkdir()
    for i in range(30):
        (documents / f"d{i}.txt").write_text(
            f"{TEXTS['a-klaszter.txt']} Dokumentum {i}: városrégiók.", encoding="utf-8"
        )
    clusnet("ingest", "--silent", str(documents), env=env)
    clusnet("reindex", env=env)  # one segment
    damage(home / "index")

    from tests.support import serving

    with serving(env, tmp_path / "serve.log") as url:
        import urllib.request

        def get(path: str) -> tuple[int, str]:
            try:
                with urllib.request.urlopen(url + path, timeout=60) as response:
                    return response.status, response.read().decode()
            except urllib.error.HTTPError as error:
                return error.code, error.read().decode()

        status, body = get("/api/search?q=klaszterpolitika")
        assert status == 200, body
        answer = json.loads(body)
        assert any("damaged and is being rebuilt" in n for n in answer["notices"])
        status, page = get("/?q=klaszterpolitika")
        assert status == 200 and "damaged and is being rebuilt" in page
        status, page = get("/documents/3")  # the catalogue's, not the index's
        assert status == 200 and "városrégiók" in page

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            status, body = get("/api/search?q=klaszterpolitika")
            if json.loads(body)["total"] == 30:
                break
            time.sleep(1)
        assert json.loads(body)["total"] == 30 and not json.loads(body)["notices"]
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "damaged" in log and "rebuilt with 30 documents" in log
    assert "Traceback" not in log
    assert not list(home.glob("index.new-*"))


def test_check_names_a_damaged_index_and_repair_rebuilds_it(runner, initialised, tmp_path) -> None:  # type: ignore[no-untyped-def]
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert runner.invoke("ingest", "--silent", *(str(tmp_path / n) for n in TEXTS)).exit_code == 0
    assert runner.invoke("reindex").exit_code == 0
    damage(initialised / "index", ".trm")
    found = json.loads(runner.invoke("search", "--json", "klaszterpolitika").stdout)
    assert any("run `clusnet reindex`" in n for n in found["notices"])
    check = runner.invoke("check", "--json")
    assert check.exit_code == 1
    assert "index-unusable" in {f["kind"] for f in json.loads(check.stdout)["findings"]}
    assert runner.invoke("reindex").exit_code == 0
    found = json.loads(runner.invoke("search", "--json", "klaszterpolitika").stdout)
    assert found["total"] == 1 and not found["notices"]
