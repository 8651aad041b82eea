"""One poison document must never stop the archive.

An officer once uploaded a text of six million distinct made-up words: indexing it never
finished, the server's memory grew by gigabytes, every later upload stayed queued, and the
document page sent the whole text. These tests upload such texts (generated here, with the
limits set low so that they run in seconds) to a real `clusnet serve`, the real CLI and a
real index, and check that the archive goes on.
"""

from __future__ import annotations

import json
import os
import signal
import string
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from archive.reading import plan_parts
from tests.support import PASSWORD, clusnet, serving

CAP = 150_000
"""CLUSNET_INDEX_MAX_CHARS in these tests (the default is 1,000,000)."""
NORMAL = "A klaszterpolitika a budapesti tudásipar fejlesztésének eszköze; az önkormányzat "
NORMAL += "támogatja a klaszterek együttműködését."


def made_up_word(number: int) -> str:
    """A distinct word for each number (four letters or more): aaab, baab ... ."""
    number += 26**3
    letters = []
    while number:
        number, rest = divmod(number, 26)
        letters.append(string.ascii_lowercase[rest])
    return "".join(letters)


def poison(path: Path, words: int) -> Path:
    """A text file of `words` distinct made-up words, in lines of about 100 characters."""
    text = " ".join(made_up_word(i) for i in range(words))
    lines = (text[i : i + 100] for i in range(0, len(text), 100))
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def index_files(home: Path) -> tuple[int, list[Path]]:
    """Bytes of the index folder, and what killed writers could have left there."""
    index = home / "index"
    size = sum(p.stat().st_size for p in index.rglob("*") if p.is_file())
    leftovers = [*index.glob("*.tmp"), *home.glob("index.new-*")]
    return size, leftovers


def upload(url: str, token: str, path: Path) -> dict[str, object]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f"--{boundary}\r\nContent-Disposition: form-data; name=file; "
            f'filename="{path.name}"\r\nContent-Type: text/plain\r\n\r\n'
        ).encode()
        + path.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        url + "/api/documents",
        data=body,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 202
        (document,) = json.load(response)["documents"]
        return dict(document)


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return bytes(response.read())


def api(url: str) -> dict[str, object]:
    return dict(json.loads(get(url)))


def wait_for(check, seconds: float):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.5)


def test_half_a_million_distinct_words_are_capped_and_the_queue_moves_on(tmp_path: Path) -> None:
    home = tmp_path / "archive"
    env = {**os.environ, "CLUSNET_HOME": str(home), "CLUSNET_INDEX_MAX_CHARS": str(CAP)}
    clusnet("init", env=env)
    clusnet(
        "users", "add", "olga", "--role", "officer", "--password-stdin",
        env=env, stdin=PASSWORD + "\n",
    )  # fmt: skip
    token = clusnet("users", "token", "olga", env=env).strip().split()[-1]
    words = 500_000  # 2.8 MB: reading it (language detection) takes most of the time
    big = poison(tmp_path / "poison.txt", words)
    normal = tmp_path / "normal.txt"
    normal.write_text(NORMAL, encoding="utf-8")
    size_before, _ = index_files(home)

    with serving(env, tmp_path / "serve.log") as url:
        poisoned = upload(url, token, big)
        after = upload(url, token, normal)  # queued behind the poison

        def ready(document_id: object) -> bool:
            found = api(f"{url}/api/documents/{document_id}")["document"]
            return found["status"] == "ready"  # type: ignore[index]

        def found(words: str) -> list[object]:
            hits = api(f"{url}/api/search?q={words}&expand=0")["hits"]
            return [hit["id"] for hit in hits]  # type: ignore[union-attr]

        assert wait_for(lambda: found("klaszterpolitika") == [after["id"]], 300), (
            "the upload after it was not indexed"
        )
        assert ready(after["id"]) and ready(poisoned["id"])

        # the first part of the text is searchable, the rest is kept and shown, not indexed
        first, last = made_up_word(10), made_up_word(words - 10)
        assert wait_for(lambda: found(first) == [poisoned["id"]], 120)
        assert found(last) == []

        # the page and the API send the text in parts, never all of it
        page = get(f"{url}/documents/{poisoned['id']}?q={first}").decode()
        assert len(page) < 600_000
        assert "Only the first 150,000 of its" in page
        assert "Part 1 of" in page and f"{first}" in page and last not in page
        document = api(f"{url}/api/documents/{poisoned['id']}")["document"]
        text = document["text"]  # type: ignore[index]
        assert text["chars"] > 2_500_000 and text["searchable_chars"] == CAP
        assert text["parts"] > 1 and text["next"]
        assert len(json.dumps(document)) < 400_000
        last_part = str(text["next"]).replace("part=2", f"part={text['parts']}")
        tail = api(url + last_part)
        assert last in tail["document"]["pages"][-1]["text"]  # type: ignore[index]

    size_after, leftovers = index_files(home)
    assert not leftovers
    # 150,000 characters of made-up words (the whole text would take about 20 times more)
    assert size_after - size_before < 20 << 20


def test_a_document_that_times_out_twice_is_failed_and_the_batch_goes_on(
    tmp_path: Path, runner, initialised, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CLUSNET_INDEX_MAX_CHARS", "400000")
    monkeypatch.setenv("CLUSNET_INDEX_TIMEOUT", "0.5")
    slow = poison(tmp_path / "slow.txt", 70_000)  # 400,000 characters: seconds to index
    normal = tmp_path / "normal.txt"
    normal.write_text(NORMAL, encoding="utf-8")

    result = runner.invoke("ingest", "--json", str(slow), str(normal))
    report = json.loads(result.stdout)
    assert result.exit_code == 1
    assert (report["ingested"], report["failed"]) == (1, 1)
    (failure,) = [f for f in report["files"] if f["outcome"] == "failed"]
    assert failure["path"].endswith("slow.txt") and "took longer" in failure["reason"]
    search = json.loads(runner.invoke("search", "--json", "klaszterpolitika").stdout)
    assert [hit["filename"] for hit in search["hits"]] == ["normal.txt"]

    from web import create_app

    app = create_app({"TESTING": True, "HOME": str(initialised)})
    try:
        archive = app.extensions["clusnet"]
        (failed,) = archive.catalogue.find(status=archive_status("failed"))
        assert failed.filename == "slow.txt"
        assert "took longer than 0.5 s" in (failed.error or "")
        assert "2 times" in (failed.error or "")
        assert failed.text_chars > 0  # the text is kept and shown
        assert archive.text_part(failed.id).pieces[0].text.startswith(made_up_word(0))
        assert failed.id not in archive.indexer.document_ids()
    finally:
        app.extensions["clusnet"].close()
    _size, leftovers = index_files(initialised)
    assert not leftovers  # the killed children's runs were removed


def archive_status(name: str):  # type: ignore[no-untyped-def]
    from archive import DocumentStatus

    return DocumentStatus(name)


KILLED_WRITER = """
import sys, time
from whoosh import index
ix = index.open_dir(sys.argv[1])
writer = ix.writer(limitmb=1)
for i in range(3000):
    writer.add_document(id=f"x{i}", content_exact=" ".join(f"w{i}x{j}" for j in range(30)))
print("written", flush=True)
time.sleep(600)
"""


def test_what_killed_writers_left_is_removed_at_start_up(runner, initialised, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "documents"
    folder.mkdir()
    for i in range(40):
        (folder / f"d{i}.txt").write_text(f"{NORMAL} {made_up_word(i)} " * 400, "utf-8")
    assert runner.invoke("ingest", "--silent", str(folder)).exit_code == 0
    env = {**os.environ, "CLUSNET_HOME": str(initialised)}

    # a writer killed with its sorted runs on disk
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(initialised / "index")],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None and writer.stdout.readline().strip() == "written"
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    # a rebuild killed half-way
    rebuild = subprocess.Popen([str(Path(sys.executable).parent / "clusnet"), "reindex"], env=env)
    assert wait_for(lambda: list(initialised.glob("index.new-*")), 60)
    rebuild.send_signal(signal.SIGKILL)
    rebuild.wait()
    _size, leftovers = index_files(initialised)
    assert {p.name.split("-")[0] for p in leftovers} == {"MAIN.tmp", "index.new"}

    again = tmp_path / "again.txt"
    again.write_text("klaszterek és városrégiók", encoding="utf-8")
    assert runner.invoke("ingest", "--silent", str(again)).exit_code == 0
    _size, leftovers = index_files(initialised)
    assert leftovers == []
    found = json.loads(runner.invoke("search", "--json", "városrégiók").stdout)
    assert [hit["filename"] for hit in found["hits"]] == ["again.txt"]


@given(st.lists(st.integers(min_value=0, max_value=1000), max_size=12), st.integers(1, 300))
def test_parts_cover_the_text_once_in_order_within_their_size(
    lengths: list[int], size: int
) -> None:
    pages = [(number, length, "hu") for number, length in enumerate(lengths, start=1)]
    parts = plan_parts(pages, size)
    assert all(sum(piece[2] for piece in part) <= size for part in parts)
    covered = [(n, start + i) for part in parts for n, start, length, *_ in part
               for i in range(length)]  # fmt: skip
    assert covered == [(n, i) for n, length, _ in pages for i in range(length)]


def spawned_children(pid: int) -> list[int]:
    """Processes started with multiprocessing's spawn by `pid` (an indexing child)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = next(line for line in status.splitlines() if line.startswith("PPid:"))
        if int(parent.split()[1]) == pid and b"spawn_main" in command:
            found.append(int(entry.name))
    return found


def test_a_document_whose_indexing_never_finishes_is_failed(tmp_path: Path) -> None:
    home = tmp_path / "archive"
    env = {
        **os.environ,
        "CLUSNET_HOME": str(home),
        "CLUSNET_INDEX_MAX_CHARS": "400000",
        "CLUSNET_INDEX_TIMEOUT": "600",
    }
    clusnet("init", env=env)
    slow = poison(tmp_path / "slow.txt", 70_000)
    exe = str(Path(sys.executable).parent / "clusnet")

    for _attempt in range(3):  # the process indexing it dies (kill -9) while it does
        ingest = subprocess.Popen(
            [exe, "ingest", "--silent", str(slow)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_for(lambda pid=ingest.pid: spawned_children(pid), 120), "no child"
        ingest.send_signal(signal.SIGKILL)
        ingest.wait()

    result = subprocess.run(
        [exe, "ingest", "--json", str(slow)], env=env, capture_output=True, text=True
    )
    shown = json.loads(clusnet("show", "--json", "1", env=env))
    assert shown["status"] == "failed"
    assert "begun 3 times and never finished" in shown["error"]
    assert result.returncode == 1 and "begun 3 times" in result.stdout
    assert not index_files(home)[1]  # what the killed writers left is gone
