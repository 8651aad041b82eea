"""Many things at once against a real `clusnet serve`: searches never fail, nothing is lost.

Two client threads search continuously (Hungarian and English queries) while an officer
uploads files through the API (the server's worker extracts and indexes them) and a
`clusnet ingest` process ingests another batch into the same archive. The CLI and the
server's worker both write the index: they take turns through Whoosh's write lock.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import PASSWORD, clusnet, serving

UPLOADS = 20
INGESTED = 20
QUERIES = [
    "klaszterpolitika",
    "klaszter AND budapest",
    "tudásipar",
    "önkormányzat támogatás",
    "pályázatok",
    "cluster policy",
    "knowledge transfer",
    '"cluster management"',
    "universit*",
    "innováció OR innovation",
    "kozlekedes",
    "regional development -budapest",
]
HU = (
    "A klaszterpolitika a budapesti tudásipar fejlesztésének eszköze. Az önkormányzat "
    "támogatja a klaszterek együttműködését és a pályázatokat. Szó: {word}."
)
EN = (
    "The cluster policy of the city supports knowledge transfer between universities and "
    "small firms; cluster management is regional development. Word: {word}."
)


def _word(serial: int) -> str:
    """A word no other document has, made of letters only: ``zuvaxb``..."""
    letters = "bcdfghjklmnpqrstvwxz"
    tail = ""
    while True:
        serial, digit = divmod(serial, len(letters))
        tail += letters[digit]
        if not serial:
            break
    return f"zuva{tail}x"


def _multipart(name: str, content: bytes) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[str, dict[str, str], str]]:
    env = {
        **os.environ,
        "CLUSNET_HOME": str(tmp_path / "archive"),
        "CLUSNET_INGEST_WORKERS": "2",
        "CLUSNET_EXTRACT_TIMEOUT": "60",
    }
    clusnet("init", env=env)
    seed = tmp_path / "seed"
    seed.mkdir()
    for n in range(4):
        text = (HU if n % 2 else EN).format(word=f"seed{'abcd'[n]}")
        (seed / f"seed-{n}.txt").write_text(text, encoding="utf-8")
    clusnet("ingest", "--silent", str(seed), env=env)
    clusnet("users", "add", "olga", "--role", "officer", "--password-stdin", env=env,
             stdin=PASSWORD + "\n")  # fmt: skip
    token = clusnet("users", "token", "olga", env=env).strip()
    with serving(env, tmp_path / "serve.log") as url:
        yield url, env, token


def log_text(folder: Path) -> str:
    return (folder / "serve.log").read_text(encoding="utf-8")[-5000:]


def test_searches_uploads_and_an_ingest_at_once(
    served: tuple[str, dict[str, str], str], tmp_path: Path, record_property
) -> None:  # type: ignore[no-untyped-def]
    url, env, token = served
    stop = threading.Event()
    served_count: Counter[str] = Counter()
    errors: list[str] = []
    lock = threading.Lock()

    def searcher(offset: int) -> None:
        n = offset
        while not stop.is_set():
            query = QUERIES[n % len(QUERIES)]
            n += 1
            target = f"{url}/api/search?{urllib.parse.urlencode({'q': query})}"
            try:
                with urllib.request.urlopen(target, timeout=30) as response:
                    data = json.load(response)
                    ok = response.status == 200 and data["ok"] is True
            except (OSError, ValueError) as exc:
                ok, data = False, {"error": repr(exc)}
            with lock:
                served_count["search"] += 1
                if not ok:
                    errors.append(f"search {query!r}: {data}")

    uploaded: dict[int, str] = {}

    def uploader() -> None:
        for n in range(UPLOADS):
            word = _word(n)
            body, kind = _multipart(
                f"upload-{n}.txt", (EN if n % 2 else HU).format(word=word).encode()
            )
            request = urllib.request.Request(
                f"{url}/api/documents",
                data=body,
                method="POST",
                headers={"Content-Type": kind, "Authorization": f"Bearer {token}"},
            )
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    data = json.load(response)
                    assert response.status == 202
                uploaded[data["documents"][0]["id"]] = word
            except (OSError, ValueError, AssertionError) as exc:
                with lock:
                    errors.append(f"upload {n}: {exc!r}")
            with lock:
                served_count["upload"] += 1

    batch = tmp_path / "batch"
    batch.mkdir()
    ingested = {}
    for n in range(INGESTED):
        word = _word(1000 + n)
        ingested[word] = batch / f"ingested-{n}.txt"
        ingested[word].write_text((HU if n % 2 else EN).format(word=word), encoding="utf-8")

    threads = [threading.Thread(target=searcher, args=(i * 5,)) for i in range(2)]
    threads.append(threading.Thread(target=uploader))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    exe = Path(sys.executable).parent / "clusnet"
    ingest = subprocess.run(
        [str(exe), "ingest", "--json", "--silent", str(batch)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    threads[-1].join(timeout=300)

    # every upload ends ready, while the searches go on
    pending = set(uploaded)
    deadline = time.monotonic() + 180
    while pending and time.monotonic() < deadline:
        for document_id in sorted(pending):
            # as the officer who uploaded it: readers do not see a document until it is ready
            request = urllib.request.Request(
                f"{url}/api/documents/{document_id}",
                headers={"Authorization": f"Bearer {token}"},
            )
            with urllib.request.urlopen(request, timeout=30) as r:
                status = json.load(r)["document"]["status"]
            assert status in {"queued", "ready"}, (document_id, status)
            if status == "ready":
                pending.discard(document_id)
        time.sleep(0.5)
    stop.set()
    for thread in threads[:2]:
        thread.join(timeout=60)
    seconds = time.monotonic() - started

    assert ingest.returncode == 0, ingest.stderr
    assert json.loads(ingest.stdout)["ingested"] == INGESTED
    assert not pending, f"uploads never became ready: {sorted(pending)}"
    assert len(uploaded) == UPLOADS
    missing = []
    for word in [*uploaded.values(), *ingested]:
        query = urllib.parse.urlencode({"q": word})
        with urllib.request.urlopen(f"{url}/api/search?{query}", timeout=30) as response:
            if json.load(response)["total"] != 1:
                missing.append(word)
    assert not missing, f"not findable exactly once: {missing}"
    record_property("searches", served_count["search"])
    record_property("errors", len(errors))
    sys.stderr.write(
        f"\n{served_count['search']} searches and {served_count['upload']} uploads served in "
        f"{seconds:.0f} s beside a {INGESTED}-file `clusnet ingest`; {len(errors)} errors\n"
    )
    assert errors == [], f"{errors[:5]}\nthe server said: {log_text(tmp_path)}"
    assert served_count["search"] > 0
