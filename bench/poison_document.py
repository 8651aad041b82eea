"""What one poison document costs the index: before the cap and after.

    .venv/bin/python bench/poison_document.py                 # the attack: 6,000,000 words
    .venv/bin/python bench/poison_document.py --words 2000000 --baseline 50000,100000,200000

The poison is a text of distinct made-up words (``aaab baab caab ...``), the worst text for
an index: every word is a term with postings of its own in every text field. An officer
uploaded 63 MiB of six million such words; indexing it ran for over half an hour.

Each measurement runs in a fresh process (peak resident memory is its own):

- **uncapped** (as before the cap): `WhooshIndex.add` of the whole text in the process,
  for a few sizes that finish in minutes; the time per word, extrapolated to `--words`;
- **prose**: the first 1,000,000 characters of *The Wealth of Nations* (shared corpus),
  the same way: what an ordinary long text costs;
- **capped**: the poison of `--words` words stored in a fresh archive's catalogue and
  indexed by `Archive.index_pending` with the default settings (the first
  CLUSNET_INDEX_MAX_CHARS characters, in a child process with its time and memory
  limits), then its page and API answer read through the Flask app.

Figures are printed with ratios against the prose baseline of the same run. Extraction
is not measured here (the readers' own limits bound it; language detection dominates it).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus" / "text" / "en_wealth_of_nations.txt.gz"
sys.path.insert(0, str(HERE.parent))


def made_up_word(number: int) -> str:
    number += 26**3
    letters = []
    while number:
        number, rest = divmod(number, 26)
        letters.append(string.ascii_lowercase[rest])
    return "".join(letters)


def poison_text(words: int) -> str:
    return " ".join(made_up_word(i) for i in range(words))


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else 0


def peak_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def vm(field: str) -> float:
    """A memory figure of this process from /proc/self/status, in MiB."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


# -- measurements, each run in a child process of this script ------------------------------


def measure_uncapped(kind: str, size: int) -> dict[str, float]:
    """Index one document whole, in this process, as the archive did before the cap."""
    from archive import Document, DocumentStatus, Page
    from search import WhooshIndex

    if kind == "poison":
        text, language = poison_text(size), "und"
    else:
        with gzip.open(CORPUS, "rb") as packed:
            text = packed.read().decode("latin-1")[:size]
        language = "en"
    with tempfile.TemporaryDirectory() as folder:
        index = WhooshIndex(Path(folder) / "index")
        index.clear()
        document = Document(
            id=1,
            sha256="0" * 64,
            filename="poison.txt",
            size=len(text),
            status=DocumentStatus.READY,
            language=language,
            pages=(Page(1, text, language),),
        )
        started = time.perf_counter()
        index.add([document])
        seconds = time.perf_counter() - started
        size_bytes = folder_size(Path(folder) / "index")
        index.close()
    return {"chars": len(text), "seconds": seconds, "peak_mib": peak_mib(), "index": size_bytes}


def measure_capped(words: int) -> dict[str, float]:
    """Store the poison in a fresh archive and index it the way the archive does now."""
    from archive import DocumentStatus, Extraction, Page
    from search.whoosh_isolation import PEAK
    from web import create_app

    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "archive"
        os.environ["CLUSNET_HOME"] = str(home)
        app = create_app({"TESTING": True, "HOME": str(home)})
        archive = app.extensions["clusnet"]
        archive.init()
        text = poison_text(words)
        source = Path(folder) / "poison.txt"
        source.write_text(text, encoding="utf-8")
        document = archive.store(source, "poison.txt").document
        chars = len(text)
        archive.catalogue.record_extraction(
            document.id,
            Extraction("text/plain", (Page(1, text, "und"),), language="und"),
        )
        del text
        index_before = folder_size(home / "index")
        parent_before = vm("VmRSS")
        Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS from here on
        started = time.perf_counter()
        archive.index_pending()
        seconds = time.perf_counter() - started
        parent_peak = vm("VmHWM")
        state = archive.catalogue.get(document.id, with_pages=False)
        assert state.status is DocumentStatus.READY, state.error
        index_after = folder_size(home / "index")
        client = app.test_client()
        client.get(f"/documents/{document.id}")  # templates compiled, caches warm
        started = time.perf_counter()
        page = client.get(f"/documents/{document.id}")
        page_seconds = time.perf_counter() - started
        started = time.perf_counter()
        answer = client.get(f"/api/documents/{document.id}")
        api_seconds = time.perf_counter() - started
        archive.close()
        return {
            "chars": chars,
            "seconds": seconds,
            "parent_rss_mib": parent_before,
            "parent_peak_mib": parent_peak,
            "child_peak_mib": PEAK["bytes"] / (1 << 20),
            "index": index_after - index_before,
            "page_bytes": len(page.data),
            "page_seconds": page_seconds,
            "api_bytes": len(answer.data),
            "api_seconds": api_seconds,
            "leftovers": len(list((home / "index").glob("*.tmp")))
            + len(list(home.glob("index.new-*"))),
        }


# -- the report ------------------------------------------------------------------------------


def run(*args: str) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--measure", *args], check=True, capture_output=True, text=True
    ).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def mib(amount: float) -> str:
    return f"{amount / (1 << 20):.1f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=6_000_000)
    parser.add_argument("--baseline", default="50000,100000,200000")
    parser.add_argument("--measure", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        kind, size = args.measure[0], int(args.measure[1])
        found = measure_capped(size) if kind == "capped" else measure_uncapped(kind, size)
        print(json.dumps(found))
        return

    prose = run("prose", "1000000")
    per_char = prose["seconds"] / prose["chars"]
    print(
        f"prose, 1,000,000 characters, uncapped: {prose['seconds']:.1f} s, peak "
        f"{prose['peak_mib']:.0f} MiB, index {mib(prose['index'])}  (baseline)"
    )
    rates = []
    for words in (int(w) for w in args.baseline.split(",")):
        found = run("poison", str(words))
        rates.append((found["seconds"] / words, found["index"] / words, found["chars"]))
        print(
            f"poison, {words:,} words ({found['chars']:,} characters), uncapped: "
            f"{found['seconds']:.1f} s ({found['seconds'] / found['chars'] / per_char:.1f}x "
            f"prose per character), peak {found['peak_mib']:.0f} MiB, index "
            f"{mib(found['index'])}"
        )
    seconds_per_word, bytes_per_word, _ = rates[-1]  # the largest: least start-up in it
    print(
        f"poison, {args.words:,} words, uncapped (extrapolated): "
        f"{seconds_per_word * args.words / 60:.0f} min, index "
        f"{mib(bytes_per_word * args.words)}"
    )
    capped = run("capped", str(args.words))
    print(
        f"poison, {args.words:,} words ({capped['chars']:,} characters), capped: "
        f"{capped['seconds']:.1f} s ({capped['seconds'] / prose['seconds']:.1f}x the prose "
        f"baseline); the server process: {capped['parent_rss_mib']:.0f} MiB before, peak "
        f"{capped['parent_peak_mib']:.0f} MiB while indexing; the indexing child's peak "
        f"{capped['child_peak_mib']:.0f} MiB; index +{mib(capped['index'])}, "
        f"{capped['leftovers']:.0f} temporary folders left"
    )
    print(
        f"its page: {capped['page_bytes'] / 1024:.0f} KiB in {capped['page_seconds'] * 1000:.0f}"
        f" ms; its API answer: {capped['api_bytes'] / 1024:.0f} KiB in "
        f"{capped['api_seconds'] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
