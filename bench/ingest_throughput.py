"""Ingest throughput against bare extraction, SQLite FTS5, tantivy and plain Whoosh.

    .venv/bin/python bench/ingest_throughput.py                    # 300 mixed files
    .venv/bin/python bench/ingest_throughput.py --docs 10000 --formats txt --rounds 1

Renders DOCS real documents with ../shared/tools/make_corpus.py (PDF, DOCX, TXT and HTML by
default), cached in bench/out/ingest-corpus-DOCS[-FORMATS]. Then, in the same run and in
turn (A B C ... A B C ...), with WORKERS processes each:

- bare: extraction and nothing else (pypdf page text, python-docx paragraphs, the text of
  TXT and HTML files) in a pool of WORKERS processes: the baseline every ratio is against;
- fts5, tantivy, whoosh: the same bare extraction, each text fed as it arrives to SQLite
  FTS5 (``unicode61 remove_diacritics 2``), tantivy (the ``tantivy`` package, default
  tokenizer) or plain Whoosh (``StemmingAnalyzer``, text stored), committed at the end;
- clusnet: ``clusnet ingest --silent DIR`` as a new process into a new archive (store the
  original, catalogue, sandboxed extraction with repair and language detection, index),
  ``CLUSNET_INGEST_WORKERS=WORKERS``.

Prints files per second, the ratio against bare extraction of the same round, CPU seconds
of the whole process tree and cores busy (CPU / wall), and the peak memory of the tree (the
sum of the resident sets of all its processes, sampled every 0.1 s; shared pages counted
once per process, so an upper bound). The peers need the ``bench`` extra
(``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
MAKE_CORPUS = ROOT.parent / "shared" / "tools" / "make_corpus.py"
CLUSNET = Path(sys.executable).parent / "clusnet"
_TICK = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


def corpus(docs: int, formats: str) -> Path:
    suffix = "" if formats == "pdf,docx,txt,html" else "-" + formats.replace(",", "-")
    folder = OUT / f"ingest-corpus-{docs}{suffix}"
    if folder.is_dir():
        return folder
    command = [sys.executable, str(MAKE_CORPUS), str(folder), "--docs", str(docs)]
    subprocess.run([*command, "--formats", formats, "--seed", "11"], check=True)
    (folder / "manifest.jsonl").unlink(missing_ok=True)
    return folder


# -- bare extraction ----------------------------------------------------------------------


def bare_text(path: str) -> str:
    """The text of one file with the parser library alone: what any indexer must pay."""
    suffix = Path(path).suffix.lower()
    if suffix == ".pdf":
        import pypdf

        return "\n\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    if suffix == ".docx":
        import docx

        return "\n".join(p.text for p in docx.Document(path).paragraphs)
    if suffix in (".html", ".htm"):
        import lxml.html

        return str(lxml.html.parse(path).getroot().text_content())
    return Path(path).read_text(encoding="utf-8", errors="replace")


def _warm() -> None:
    import docx  # noqa: F401
    import lxml.html  # noqa: F401
    import pypdf  # noqa: F401


def extracted(files: list[Path], workers: int) -> Iterator[tuple[Path, str]]:
    with ProcessPoolExecutor(workers, initializer=_warm) as pool:
        yield from zip(files, pool.map(bare_text, map(str, files), chunksize=4), strict=True)


# -- peers fed with the extracted text ------------------------------------------------------


def feed_nothing(files: list[Path], workers: int, folder: Path) -> None:
    for _ in extracted(files, workers):
        pass


def feed_fts5(files: list[Path], workers: int, folder: Path) -> None:
    db = sqlite3.connect(folder / "fts.sqlite3")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(name, body, tokenize='unicode61 remove_diacritics 2')"
    )
    with db:
        for path, text in extracted(files, workers):
            db.execute("INSERT INTO docs(name, body) VALUES (?, ?)", (path.name, text))
    db.close()


def feed_tantivy(files: list[Path], workers: int, folder: Path) -> None:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("name", stored=True)
    builder.add_text_field("body", stored=True)
    index = tantivy.Index(builder.build(), path=str(folder))
    writer = index.writer(heap_size=128_000_000, num_threads=1)
    for path, text in extracted(files, workers):
        writer.add_document(tantivy.Document(name=path.name, body=text))
    writer.commit()
    writer.wait_merging_threads()


def feed_whoosh(files: list[Path], workers: int, folder: Path) -> None:
    from whoosh import index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    schema = Schema(name=ID(stored=True), body=TEXT(analyzer=StemmingAnalyzer(), stored=True))
    writer = index.create_in(str(folder), schema).writer(limitmb=256)
    for path, text in extracted(files, workers):
        writer.add_document(name=path.name, body=text)
    writer.commit()


PEERS: dict[str, Callable[[list[Path], int, Path], None]] = {
    "bare": feed_nothing,
    "fts5": feed_fts5,
    "tantivy": feed_tantivy,
    "whoosh": feed_whoosh,
}


# -- measuring a process tree -----------------------------------------------------------------


class TreeSampler:
    """Peak summed resident memory and CPU seconds of a process and its descendants."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peak_rss = 0
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(0.1)

    def sample(self) -> None:
        parents: dict[int, int] = {}
        stats: dict[int, list[str]] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                raw = (entry / "stat").read_text()
            except OSError:
                continue
            fields = raw[raw.rindex(")") + 2 :].split()
            parents[int(entry.name)] = int(fields[1])
            stats[int(entry.name)] = fields
        tree = {self.root}
        changed = True
        while changed:
            changed = False
            for pid, parent in parents.items():
                if parent in tree and pid not in tree:
                    tree.add(pid)
                    changed = True
        rss = 0
        for pid in tree & stats.keys():
            fields = stats[pid]
            rss += int(fields[21]) * _PAGE
            self.cpu[pid] = (int(fields[11]) + int(fields[12])) / _TICK
        self.peak_rss = max(self.peak_rss, rss)


def run_peer(name: str, folder: Path, workers: int) -> dict[str, float]:
    """One peer in a process of its own, measured from outside like clusnet."""
    work = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
    try:
        command = [sys.executable, __file__, "--peer", name, "--folder", str(folder)]
        command += ["--workers", str(workers), "--into", str(work)]
        return timed(command, dict(os.environ), work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run_clusnet(folder: Path, workers: int) -> dict[str, float]:
    home = Path(tempfile.mkdtemp(prefix="bench-clusnet-"))
    env = {
        **os.environ,
        "CLUSNET_HOME": str(home),
        "CLUSNET_INGEST_WORKERS": str(workers),
        "CLUSNET_DATABASE_URL": "",
    }
    try:
        subprocess.run([str(CLUSNET), "init"], env=env, check=True, capture_output=True)
        return timed([str(CLUSNET), "ingest", "--silent", str(folder)], env, home)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def timed(command: list[str], env: dict[str, str], work: Path) -> dict[str, float]:
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with TreeSampler(process.pid) as sampler:
        _, err = process.communicate()
    elapsed = time.perf_counter() - started
    if process.returncode not in (0, 1):
        raise SystemExit(f"{command} failed ({process.returncode}):\n{err.decode()[-2000:]}")
    return {
        "seconds": elapsed,
        "cpu": sum(sampler.cpu.values()),
        "peak_mib": sampler.peak_rss / 2**20,
        "disk_mib": sum(f.stat().st_size for f in work.rglob("*") if f.is_file()) / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--formats", default="pdf,docx,txt,html")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2, help="times each is run, in turn")
    parser.add_argument("--only", default="bare,fts5,tantivy,whoosh,clusnet")
    parser.add_argument("--peer", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--into", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peer:
        files = sorted(p for p in args.folder.iterdir() if p.is_file())
        PEERS[args.peer](files, args.workers, args.into)
        return
    folder = corpus(args.docs, args.formats)
    files = [p for p in folder.iterdir() if p.is_file()]
    size = sum(p.stat().st_size for p in files) / 2**20
    names = [n for n in args.only.split(",") if n]
    if "bare" not in names:
        names.insert(0, "bare")
    results: dict[str, list[dict[str, float]]] = {n: [] for n in names}
    for round_ in range(args.rounds):
        for name in names:
            row = run_clusnet(folder, args.workers) if name == "clusnet" else None
            row = row or run_peer(name, folder, args.workers)
            results[name].append(row)
            print(f"round {round_ + 1} {name}: {json.dumps(row)}", file=sys.stderr)
    print(f"{len(files)} files ({size:.1f} MiB) in {folder}; {args.workers} workers, ", end="")
    print(f"{os.cpu_count()} CPUs; median of {args.rounds} rounds")
    print("             files/s  vs bare  seconds  CPU s  cores busy  peak MiB  on disk MiB")
    for name in names:
        rows = results[name]
        pairs = zip(results["bare"], rows, strict=True)
        ratios = [bare["seconds"] / row["seconds"] for bare, row in pairs]
        seconds = statistics.median(r["seconds"] for r in rows)
        cpu = statistics.median(r["cpu"] for r in rows)
        print(
            f"{name:11} {len(files) / seconds:8.1f}  {statistics.median(ratios):7.3f}"
            f"  {seconds:7.1f}  {cpu:5.0f}  {cpu / seconds:10.2f}"
            f"  {statistics.median(r['peak_mib'] for r in rows):8.0f}"
            f"  {statistics.median(r['disk_mib'] for r in rows):11.1f}"
        )


if __name__ == "__main__":
    main()
