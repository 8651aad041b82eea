"""Batch ingest throughput with 1 and 2 extraction workers, and peak memory.

    .venv/bin/python bench/ingest_throughput.py            # 300 documents
    .venv/bin/python bench/ingest_throughput.py --docs 600 --workers 1,2,3

Renders DOCS real documents with ../shared/tools/make_corpus.py (PDF, DOCX, TXT and HTML;
PDF needs ``pip install reportlab``, without it the PDFs are left out), cached in
bench/out/ingest-corpus-DOCS. Then, for each worker count in the same run, ingests the
whole folder into a fresh archive with `Archive.ingest` (store, sandboxed extraction in a
thread pool, cataloguing, indexing) and prints files per second and the ratio against the
first worker count (the baseline). Each measurement runs in a fresh process, so the peak
resident memory of the parent (`resource.getrusage`) is its own; the readers' peak is the
largest any sandboxed reader process reported (`SandboxedExtractor.peak_child_memory`).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
MAKE_CORPUS = HERE.parent.parent / "shared" / "tools" / "make_corpus.py"

sys.path.insert(0, str(HERE.parent))


def corpus(docs: int) -> Path:
    folder = OUT / f"ingest-corpus-{docs}"
    if folder.is_dir():
        return folder
    formats = "pdf,docx,txt,html"
    try:
        import reportlab  # noqa: F401
    except ImportError:
        formats = "docx,txt,html"
        print("reportlab is not installed: no PDFs in the corpus", file=sys.stderr)
    subprocess.run(
        [
            sys.executable,
            str(MAKE_CORPUS),
            str(folder),
            "--docs",
            str(docs),
            "--formats",
            formats,
            "--seed",
            "11",
        ],
        check=True,
    )
    (folder / "manifest.jsonl").unlink(missing_ok=True)
    return folder


def measure(folder: Path, workers: int) -> dict[str, float]:
    """Ingest ``folder`` into a fresh archive with ``workers`` workers (in this process)."""
    from archive import Outcome
    from web.wiring import open_archive, read_settings

    home = Path(tempfile.mkdtemp(prefix="clusnet-bench-"))
    try:
        archive = open_archive(read_settings({"HOME": str(home), "INGEST_WORKERS": workers}))
        archive.init()
        started = time.perf_counter()
        report = archive.ingest([folder])
        elapsed = time.perf_counter() - started
        reader_peak = getattr(archive.extractor, "peak_child_memory", 0)
        archive.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)
    files = len(report.files)
    return {
        "workers": workers,
        "files": files,
        "failed": report.count(Outcome.FAILED),
        "seconds": elapsed,
        "files_per_second": files / elapsed,
        "parent_max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "reader_max_rss_mib": reader_peak / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a single measurement
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.folder, args.one)))
        return
    folder = corpus(args.docs)
    counts = [int(w) for w in args.workers.split(",")]
    results = []
    for workers in counts:
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(workers), "--folder", str(folder)],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "CLUSNET_EXTRACT_TIMEOUT": "60"},
        )
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    baseline = results[0]["files_per_second"]
    print(f"{len(list(folder.iterdir()))} files in {folder}, {os.cpu_count()} CPUs")
    print("workers  files  failed  seconds  files/s  ratio  parent MiB  reader MiB")
    for row in results:
        print(
            f"{row['workers']:7d}  {row['files']:5d}  {row['failed']:6d}  {row['seconds']:7.1f}"
            f"  {row['files_per_second']:7.2f}  {row['files_per_second'] / baseline:5.2f}"
            f"  {row['parent_max_rss_mib']:10.0f}  {row['reader_max_rss_mib']:10.0f}"
        )


if __name__ == "__main__":
    main()
