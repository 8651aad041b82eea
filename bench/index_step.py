"""The index step alone: clusnet's index against plain Whoosh on the same text.

    .venv/bin/python bench/index_step.py                  # 1,000 text documents
    .venv/bin/python bench/index_step.py --docs 2000 --rounds 3

Renders DOCS real Hungarian and English documents with ../shared/tools/make_corpus.py (TXT,
cached in bench/out/corpus-DOCS), turns each into the `Document` the catalogue would hold
(pages of about 3,000 characters, language per page by the ingest pipeline, done before
the clock starts), then indexes them, in the same run and in turn:

- whoosh: plain Whoosh, ``StemmingAnalyzer`` on the full text (stored), an id field; one
  writer, committed every BATCH documents like clusnet;
- clusnet: `search.WhooshIndex.add` in batches of BATCH (``--batch``, by default what
  `Archive.index_pending` commits at once), into a new index, with the archive's commits
  and merges.

Each run is a new process, so the stem caches start empty as in a real first ingest.
Prints milliseconds of CPU per document, the ratio against plain Whoosh, and the size of
each index against the UTF-8 size of the text. Targets: at most 2 times plain Whoosh per
document, an index at most 5 times the text.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
MAKE_CORPUS = ROOT.parent / "shared" / "tools" / "make_corpus.py"
PAGE_CHARS = 3000

sys.path.insert(0, str(ROOT))


def documents(docs: int) -> Path:
    """The corpus as pickled `Document`s (cached)."""
    cached = OUT / f"index-step-{docs}.pickle"
    if cached.exists():
        return cached
    folder = OUT / f"corpus-{docs}"
    if not folder.is_dir():
        command = [sys.executable, str(MAKE_CORPUS), str(folder), "--docs", str(docs)]
        subprocess.run([*command, "--formats", "txt", "--seed", "7"], check=True)
    from archive.model import Document, DocumentStatus, Extraction, Page
    from ingest.pipeline import finish

    result = []
    for number, path in enumerate(sorted(folder.glob("*.txt")), start=1):
        text = path.read_text(encoding="utf-8")
        pages = []
        while text:
            cut = text.rfind("\n", 0, PAGE_CHARS) if len(text) > PAGE_CHARS else len(text)
            cut = cut if cut > 0 else min(len(text), PAGE_CHARS)
            pages.append(Page(len(pages) + 1, text[:cut]))
            text = text[cut:].lstrip("\n")
        done = finish(Extraction("text/plain", tuple(pages)))
        result.append(
            Document(
                id=number,
                sha256=f"{number:064x}",
                filename=path.name,
                size=path.stat().st_size,
                status=DocumentStatus.READY,
                content_type="text/plain",
                title=done.title,
                language=done.language,
                languages=done.languages,
                page_count=len(done.pages),
                pages=done.pages,
            )
        )
    cached.write_bytes(pickle.dumps(result))
    return cached


def run_whoosh(docs: list, folder: Path, batch: int) -> None:
    from whoosh import index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    schema = Schema(id=ID(stored=True, unique=True), body=TEXT(StemmingAnalyzer(), stored=True))
    ix = index.create_in(str(folder), schema)
    for start in range(0, len(docs), batch):
        writer = ix.writer(limitmb=256)
        for document in docs[start : start + batch]:
            text = "\n\n".join(page.text for page in document.pages)
            writer.add_document(id=str(document.id), body=text)
        writer.commit()


def run_clusnet(docs: list, folder: Path, batch: int) -> None:
    from search import WhooshIndex
    from search.whoosh_engine import build_schema

    index = WhooshIndex(folder / "index")
    index.clear()
    assert build_schema() is not None
    for start in range(0, len(docs), batch):
        index.add(docs[start : start + batch])
    index.close()


def one(kind: str, pickled: Path, profile: str | None, batch: int) -> dict[str, float]:
    docs = pickle.loads(pickled.read_bytes())
    folder = Path(tempfile.mkdtemp(prefix=f"bench-index-{kind}-"))
    run = run_whoosh if kind == "whoosh" else run_clusnet
    try:
        cpu, wall = time.process_time(), time.perf_counter()
        if profile:
            from pyinstrument import Profiler

            with Profiler() as profiler:
                run(docs, folder, batch)
            Path(profile).write_text(profiler.output_text(unicode=True, show_all=False))
        else:
            run(docs, folder, batch)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    text = sum(len(p.text.encode("utf-8")) for d in docs for p in d.pages)
    return {"cpu": cpu, "wall": wall, "docs": len(docs), "index": size, "text": text}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch", type=int, help="documents a commit (default: the archive's)")
    parser.add_argument("--profile", help="write a pyinstrument profile of clusnet here")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--pickled", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        profile = args.profile if args.one == "clusnet" else None
        print(json.dumps(one(args.one, args.pickled, profile, args.batch)))
        return
    if args.batch is None:
        from archive.service import INDEX_BATCH

        args.batch = INDEX_BATCH
    pickled = documents(args.docs)
    rows: dict[str, list[dict[str, float]]] = {"whoosh": [], "clusnet": []}
    for _ in range(args.rounds):
        for kind in rows:
            command = [sys.executable, __file__, "--one", kind, "--pickled", str(pickled)]
            command += ["--batch", str(args.batch)]
            if args.profile:
                command += ["--profile", args.profile]
            done = subprocess.run(command, check=True, capture_output=True, text=True)
            rows[kind].append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(kind, rows[kind][-1], file=sys.stderr)
    docs, text = rows["whoosh"][0]["docs"], rows["whoosh"][0]["text"]
    print(f"{docs} documents, {text / 2**20:.1f} MiB of text, {os.cpu_count()} CPUs, ", end="")
    print(f"commits of {args.batch} documents, median of {args.rounds} rounds")
    print("          CPU ms/doc  vs whoosh  wall s  index MiB  index/text")
    for kind, kept in rows.items():
        ratios = [r["cpu"] / w["cpu"] for r, w in zip(kept, rows["whoosh"], strict=True)]
        cpu = statistics.median(r["cpu"] for r in kept)
        size = statistics.median(r["index"] for r in kept)
        print(
            f"{kind:8} {cpu / docs * 1000:11.2f}  {statistics.median(ratios):9.2f}"
            f"  {statistics.median(r['wall'] for r in kept):6.1f}"
            f"  {size / 2**20:9.1f}  {size / text:10.2f}"
        )


if __name__ == "__main__":
    main()
