"""Search latency at scale: one-word, two-word, phrase and prefix queries.

    .venv/bin/python bench/search_latency.py --docs 10000
    .venv/bin/python bench/search_latency.py --docs 50000

Renders DOCS real documents with ../shared/tools/make_corpus.py (TXT, cached in
bench/out/corpus-DOCS), puts them in the archive's catalogue with metadata and indexes them
with `Archive.index_pending` (cached in bench/out/archive-DOCS), then times every query
with one warm searcher, in one thread:

- full: what the search page asks for: 10 hits with snippets, facet counts, "did you mean";
- bare: the same query without snippets and facets, measured in the same run (the baseline
  the ratios are against);
- typed: the full query with expansions off (no glossary terms, no accents put back), what
  the expansions cost;
- strict: the full query with every word required (``all=1``, the way plain words were
  searched before most of them were enough): what finding documents with most of the words
  costs.

Targets on a 2-core machine: p95 under 100 ms for one- and two-word queries at 10,000
documents, under 300 ms at 50,000; no query over 1 s. Prints median, p95 and max per kind,
the index size on disk and the searcher's memory (resident set growth from opening the
index to the end of the run).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
MAKE_CORPUS = HERE.parent.parent / "shared" / "tools" / "make_corpus.py"
REPEATS = 5

QUERIES: dict[str, list[str]] = {
    "one-word": [
        "támogatás",
        "önkormányzat",
        "fejlesztés",
        "gazdaság",
        "beruházás",
        "munkahely",
        "oktatás",
        "egészségügy",
        "adó",
        "költségvetés",
        "economy",
        "budget",
        "tax",
        "employment",
        "education",
        "health",
        "government",
        "investment",
        "growth",
        "development",
    ],
    "two-word": [
        "magyar gazdaság",
        "önkormányzati támogatás",
        "európai unió",
        "munkahelyek teremtése",
        "adó csökkentés",
        "oktatási rendszer",
        "vidéki települések",
        "kis vállalkozások",
        "onkormanyzati tamogatas",
        "egeszsegugyi ellatas",
        "economic growth",
        "public spending",
        "tax relief",
        "health service",
        "united nations",
        "climate change",
        "foreign policy",
        "interest rates",
        "social welfare",
        "knowledge transfer",
    ],
    "phrase": [
        '"európai unió"',
        '"magyar kormány"',
        '"helyi önkormányzatok"',
        '"tisztelt ház"',
        '"kis- és középvállalkozások"',
        '"economic growth"',
        '"united nations"',
        '"public finances"',
        '"climate change"',
        '"human rights"',
    ],
    "natural": [
        "munkanélküliség csökkentése a vidéki térségekben",
        "kis- és középvállalkozások állami támogatása",
        "önkormányzatok adósságának átvállalása",
        "egészségügyi dolgozók bérének emelése",
        "a magyar gazdaság növekedése uniós forrásokból",
        "onkormanyzati tamogatas videkfejlesztes",
        "carbon tax on fuel in the budget",
        "climate change threat to small island states",
        "cutting child benefit for families",
        "north korea nuclear weapons programme",
    ],
    "prefix": [
        "támogat*",
        "önkormányz*",
        "fejleszt*",
        "gazdas*",
        "beruház*",
        "econom*",
        "invest*",
        "develop*",
        "employ*",
        "educat*",
    ],
}


def rss_bytes(kind: str = "") -> int:
    """Resident memory of this process; `kind` "Anon" or "File" for that part only
    (file pages are the index's mmapped segments, shared with the page cache)."""
    if not kind:
        with Path("/proc/self/statm").open() as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"Rss{kind}:"):
            return int(line.split()[1]) * 1024
    return 0


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def corpus(docs: int) -> Path:
    folder = OUT / f"corpus-{docs}"
    if not (folder / "manifest.jsonl").is_file():
        print(f"rendering {docs} documents into {folder} ...", file=sys.stderr)
        subprocess.run(
            [
                sys.executable,
                str(MAKE_CORPUS),
                str(folder),
                "--docs",
                str(docs),
                "--formats",
                "txt",
            ],
            check=True,
        )
    return folder


PAGE_CHARS = 3_000


def pages_of(text: str) -> list[str]:
    pages: list[str] = []
    current = ""
    for paragraph in (p.strip() for p in text.split("\n\n")):
        if not paragraph:
            continue
        if current and len(current) + len(paragraph) > PAGE_CHARS:
            pages.append(current)
            current = ""
        current = f"{current}\n\n{paragraph}" if current else paragraph
    return [*pages, current] if current else pages


def archive_for(docs: int):  # type: ignore[no-untyped-def]
    from archive import (
        Archive,
        Catalogue,
        FileBlobStore,
        Layout,
        create_catalogue_engine,
        sqlite_url,
    )
    from search import SearchPipeline, WhooshIndex

    home = OUT / f"archive-{docs}"
    layout = Layout(home)
    layout.create()
    archive = Archive(
        catalogue=Catalogue(create_catalogue_engine(sqlite_url(layout.catalogue))),
        blobs=FileBlobStore(layout.originals),
        indexer=SearchPipeline(WhooshIndex(layout.index), time_limit=5.0),
        extractor=None,  # type: ignore[arg-type]  # the text is given, not extracted
        layout=layout,
        workers=2,
    )
    return archive, home


def build(docs: int) -> tuple[object, Path, float | None]:
    """Catalogue the rendered documents (text and language from the manifest, metadata
    spread over partners, seminars, types and years) and index them with the archive's
    `index_pending`. Extraction is left out: it is not what this measures."""
    import hashlib
    from datetime import date

    from archive import DocumentMetadata, DocumentType, Extraction, Page

    archive, home = archive_for(docs)
    done = home / "built.json"
    if done.is_file():
        return archive, home, json.loads(done.read_text())["seconds"]
    source = corpus(docs)
    started = time.perf_counter()
    archive.init()  # type: ignore[attr-defined]
    catalogue = archive.catalogue  # type: ignore[attr-defined]
    partners = [p.slug for p in catalogue.partners()]
    seminars = [s.slug for s in catalogue.seminars()]
    types = list(DocumentType)
    rows = [json.loads(line) for line in (source / "manifest.jsonl").open(encoding="utf-8")]
    for n, row in enumerate(rows):
        raw = (source / row["file"]).read_bytes()
        text = raw.decode("utf-8")
        lang = row["lang"]
        digest = hashlib.sha256(row["file"].encode() + raw).hexdigest()  # the corpus repeats texts
        queued = catalogue.add_queued(digest, row["file"], len(raw))
        pages = tuple(Page(i, t, lang) for i, t in enumerate(pages_of(text), 1))
        catalogue.record_extraction(
            queued.id,
            Extraction("text/plain", pages, title=row["title"], language=lang, languages=(lang,)),
        )
        catalogue.update_metadata(
            queued.id,
            DocumentMetadata(
                partner=partners[n % len(partners)],
                seminar=seminars[n % len(seminars)] if seminars and n % 3 == 0 else None,
                doc_type=types[n % len(types)],
                doc_date=date(2008 + n % 5, 1 + n % 12, 1 + n % 28),
                restricted=n % 50 == 0,
            ),
        )
        if n % 1000 == 999:
            print(f"catalogued {n + 1}", file=sys.stderr)
    catalogued = time.perf_counter()
    archive.index_pending()  # type: ignore[attr-defined]
    seconds = time.perf_counter() - started
    print(
        f"catalogued in {catalogued - started:.0f} s, indexed in "
        f"{seconds - (catalogued - started):.0f} s",
        file=sys.stderr,
    )
    done.write_text(json.dumps({"seconds": round(seconds, 1)}))
    return archive, home, seconds


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def postgresql_archive(docs: int, server: str) -> tuple[object, int, float]:
    """The catalogue of `build(docs)` with the PostgreSQL engine, its tables built anew in
    a database of their own: (archive, size of the tables in bytes, seconds to build)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from archive import Archive, Catalogue, FileBlobStore, create_catalogue_engine, sqlite_url
    from search import PostgresEngine, SearchPipeline, create_search_engine

    _, home, _ = build(docs)
    name = f"clusnet_latency_{docs}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    engine = PostgresEngine(create_search_engine(url), time_limit=5.0)
    archive = Archive(
        catalogue=Catalogue(create_catalogue_engine(sqlite_url(home / "catalogue.sqlite3"))),
        blobs=FileBlobStore(home / "originals"),
        indexer=SearchPipeline(engine, time_limit=5.0),
        extractor=None,  # type: ignore[arg-type]
        workers=2,
    )
    started = time.perf_counter()
    archive.init()  # the catalogue's schema brought up to date; the tables built
    seconds = time.perf_counter() - started
    print(f"PostgreSQL tables built in {seconds:.0f} s", file=sys.stderr)
    with engine.primary.connect() as conn:
        size = conn.execute(
            text("SELECT sum(pg_total_relation_size(t)) FROM unnest(CAST(:t AS text[])) t"),
            {"t": ["search_documents", "search_words", "search_stats"]},
        ).scalar_one()
    return archive, int(size), round(seconds, 1)


def measure(
    docs: int, engine: str = "whoosh", server: str = "", repeats: int = REPEATS
) -> dict[str, object]:
    from archive import SearchQuery

    before = rss_bytes()
    if engine == "postgresql":
        archive, index_bytes, build_seconds = postgresql_archive(docs, server)
    else:
        archive, home, build_seconds = build(docs)
        if archive.indexer.rebuild_reason() is not None:  # type: ignore[attr-defined]
            started = time.perf_counter()
            archive.reindex()  # type: ignore[attr-defined]
            build_seconds = round(time.perf_counter() - started, 1)
            print(f"Whoosh index rebuilt in {build_seconds:.0f} s", file=sys.stderr)
        index_bytes = folder_size(home / "index")
    index = archive.indexer  # type: ignore[attr-defined]
    opened, opened_anon = rss_bytes(), rss_bytes("Anon")
    full = {q: SearchQuery(q) for qs in QUERIES.values() for q in qs}
    bare = {q: SearchQuery(q, facets=False, snippets=False) for q in full}
    typed = {q: SearchQuery(q, expand=False) for q in full}
    strict = {q: SearchQuery(q, match_all=True) for q in full}
    for q in full:  # warm the searcher, the facet sets and the analyzers' caches
        index.search(full[q])
        index.search(bare[q])
        index.search(typed[q])
        index.search(strict[q])
    report: dict[str, object] = {
        "engine": engine,
        "documents": docs,
        "index_bytes": index_bytes,
        "ingest_seconds": build_seconds,
    }
    slowest = (0.0, "")
    for kind, queries in QUERIES.items():
        times: dict[str, list[float]] = {
            "full": [],
            "bare": [],
            "typed": [],
            "strict": [],
            "full_cpu": [],
        }
        for _ in range(repeats):
            for q in queries:
                modes = (
                    ("full", full[q]),
                    ("bare", bare[q]),
                    ("typed", typed[q]),
                    ("strict", strict[q]),
                )
                for mode, request in modes:
                    started, cpu = time.perf_counter(), time.process_time()
                    index.search(request)
                    elapsed = (time.perf_counter() - started) * 1000
                    times[mode].append(elapsed)
                    if mode == "full":
                        times["full_cpu"].append((time.process_time() - cpu) * 1000)
                    if mode == "full" and elapsed > slowest[0]:
                        slowest = (elapsed, q)
        report[kind] = {
            mode: {
                "median_ms": round(statistics.median(values), 1),
                "p95_ms": round(percentile(values, 0.95), 1),
                "max_ms": round(max(values), 1),
            }
            for mode, values in times.items()
        }
    report["slowest"] = {"ms": round(slowest[0], 1), "query": slowest[1]}
    report["load_average"] = os.getloadavg()[0]
    report["searcher_rss_mb"] = round((rss_bytes() - opened) / 2**20, 1)
    report["searcher_anon_mb"] = round((rss_bytes("Anon") - opened_anon) / 2**20, 1)
    report["mapped_index_mb"] = round(rss_bytes("File") / 2**20, 1)
    report["process_rss_mb"] = round(rss_bytes() / 2**20, 1)
    report["rss_before_mb"] = round(before / 2**20, 1)
    archive.close()  # type: ignore[attr-defined]
    return report


def print_report(report: dict[str, object]) -> None:
    print(
        f"{report['engine']}: {report['documents']} documents; "
        f"index {int(report['index_bytes']) / 2**20:.0f} MiB; "
        f"searcher memory +{report['searcher_rss_mb']} MiB resident, of which "
        f"+{report['searcher_anon_mb']} MiB heap (process {report['process_rss_mb']} MiB, "
        f"{report['mapped_index_mb']} MiB of mapped files); ingest {report['ingest_seconds']} s"
    )
    print(
        f"{'kind':10} {'median':>8} {'p95':>8} {'max':>8}   {'bare p50':>8} {'bare p95':>8}"
        f"   {'p50 ratio':>9}   {'typed p50':>9} {'typed p95':>9}"
        f"   {'strict p50':>10} {'strict p95':>10} {'p50 ratio':>9}"
    )
    for kind in QUERIES:
        row = report[kind]
        assert isinstance(row, dict)
        full, bare, typed, strict = row["full"], row["bare"], row["typed"], row["strict"]
        ratio = full["median_ms"] / bare["median_ms"] if bare["median_ms"] else 0.0
        strict_ratio = full["median_ms"] / strict["median_ms"] if strict["median_ms"] else 0.0
        print(
            f"{kind:10} {full['median_ms']:>6.1f}ms {full['p95_ms']:>6.1f}ms "
            f"{full['max_ms']:>6.1f}ms   {bare['median_ms']:>6.1f}ms {bare['p95_ms']:>6.1f}ms"
            f"   {ratio:>8.2f}x   {typed['median_ms']:>7.1f}ms {typed['p95_ms']:>7.1f}ms"
            f"   {strict['median_ms']:>8.1f}ms {strict['p95_ms']:>8.1f}ms {strict_ratio:>8.2f}x"
        )
    print(f"slowest query: {report['slowest']}; load average {report['load_average']:.1f}")
    print("CPU time of the full search (what it costs without other processes' load):")
    for kind in QUERIES:
        row = report[kind]
        assert isinstance(row, dict)
        cpu = row["full_cpu"]
        print(
            f"{kind:10} {cpu['median_ms']:>6.1f}ms {cpu['p95_ms']:>6.1f}ms {cpu['max_ms']:>6.1f}ms"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="times each query runs")
    parser.add_argument(
        "--engine",
        action="append",
        choices=("whoosh", "postgresql"),
        help="the engines to measure, one after the other in this run (default whoosh)",
    )
    parser.add_argument(
        "--postgres-url",
        help="a PostgreSQL server (a role that may create databases) for the postgresql "
        "engine; default: a throwaway server started as the tests do",
    )
    args = parser.parse_args()
    engines = args.engine or ["whoosh"]
    with contextlib.ExitStack() as stack:
        server = ""
        if "postgresql" in engines:
            server = args.postgres_url or stack.enter_context(_local_server())
        reports = []
        for engine in engines:
            reports.append(measure(args.docs, engine, server, args.repeats))
            if args.json:
                print(json.dumps(reports[-1], indent=2), flush=True)
            else:
                print_report(reports[-1])
                sys.stdout.flush()
    if len(reports) == 2:
        print_ratios(reports[0], reports[1])
    suffix = "" if engines == ["whoosh"] else "-" + "-".join(engines)
    (OUT / f"latency-{args.docs}{suffix}.json").write_text(json.dumps(reports, indent=2))
    return 0


def print_ratios(first: dict[str, object], second: dict[str, object]) -> None:
    """The second engine's figures as ratios of the first's, measured in the same run."""
    print(f"{second['engine']} / {first['engine']}:")
    print(
        f"  index size {int(second['index_bytes']) / max(int(first['index_bytes']), 1):.2f}x"  # type: ignore[call-overload]
    )
    for kind in QUERIES:
        a, b = first[kind], second[kind]
        assert isinstance(a, dict) and isinstance(b, dict)
        print(
            f"  {kind:10} median {b['full']['median_ms'] / a['full']['median_ms']:.2f}x, "
            f"p95 {b['full']['p95_ms'] / a['full']['p95_ms']:.2f}x"
        )


def _local_server() -> Any:
    sys.path.insert(0, str(HERE.parent))
    from tests.postgres import throwaway_server

    return throwaway_server("-c shared_buffers=512MB -c work_mem=64MB")


if __name__ == "__main__":
    sys.exit(main())
