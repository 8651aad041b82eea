"""Relevance of clusnet's search against three baselines, on judged queries.

    .venv/bin/python bench/relevance.py                 # print the table
    .venv/bin/python bench/relevance.py --write-floor   # record the figures CI must keep
    .venv/bin/python bench/relevance.py --keep DIR      # keep the indexes in DIR and reuse
                                                        # them (query-side changes only)
    .venv/bin/python bench/relevance.py --show known-hu-07   # one query's ranking

The collection (bench/relevance_corpus.py, ids in bench/relevance/collection.json) is 2,200
natural units of the real text in ../shared/corpus (speeches, laws, EU and news text, UN
debate speeches, State of the Union chunks), plus the Cranfield abstracts of the older
topic queries. Every document belongs to a collection (its source), which the archive
stores as its seminar so that a query can be scoped to it.

The judged queries:

- bench/relevance/judged.json: known-item queries in Hungarian and English written as
  people remember a document (other word forms, words the document does not contain),
  the Hungarian ones again without accents, cross-language queries both ways, and
  topical queries scoped to one collection with graded judgments;
- bench/relevance/queries.json: the older topic queries, scoped to the Hungarian Acts of
  1999 (judged by their Comparative Agendas Project topic: in Hungarian, without accents,
  and in English) and to the Cranfield abstracts (graded).

Each is run on four engines indexed in the same run:

- clusnet: `search.WhooshIndex`, the archive's index and query semantics;
- whoosh-and: Whoosh with its `StandardAnalyzer`, BM25F over title and content, all words
  required (Whoosh's default);
- whoosh-or: the same index, any word matching ("OR of all words with BM25");
- sqlite-fts5: ``unicode61 remove_diacritics 2``, all words required, ``bm25()``.

Prints nDCG@10, success@10, MRR@10 and the zero-hit rate per kind (and the zero-hit rate
of queries at least half of whose words occur in the collection), and the overlap of the
top 10 across the forms of Hungarian word families. tests/search/test_relevance.py fails
when clusnet falls below bench/relevance/floor.json or below a baseline.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import math
import re
import sqlite3
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from relevance_corpus import DEFAULT_CORPUS, Unit, load_collection  # noqa: E402

DATA = HERE / "relevance"
K = 10
PAGE_CHARS = 3_000
KINDS = (
    "known_hu",
    "known_hu_noaccent",
    "known_en",
    "cross_hu_en",
    "cross_en_hu",
    "topical",
    "cap_hu",
    "cap_hu_noaccent",
    "cap_cross",
    "cranfield",
)
"""Query kinds, in the order they are reported."""
FLOOR_KINDS = KINDS
METRICS = ("ndcg@10", "success@10", "mrr@10")


@dataclass
class Query:
    id: str
    kind: str
    text: str
    gains: dict[str, float]
    scope: str | None = None
    """The collection the query is limited to (as a user limits a search to a seminar)."""


@dataclass
class Scores:
    per_query: dict[str, list[tuple[float, float, float, bool, bool]]] = field(default_factory=dict)

    def add(
        self, kind: str, ndcg: float, success: float, rr: float, empty: bool, eligible: bool
    ) -> None:
        self.per_query.setdefault(kind, []).append((ndcg, success, rr, empty, eligible))

    def mean(self, kind: str) -> dict[str, float]:
        rows = self.per_query.get(kind, [])
        if not rows:
            return {m: 0.0 for m in METRICS} | {"zero_hit": 0.0, "queries": 0}
        n = len(rows)
        eligible = [r for r in rows if r[4]]
        return {
            "ndcg@10": round(sum(r[0] for r in rows) / n, 4),
            "success@10": round(sum(r[1] for r in rows) / n, 4),
            "mrr@10": round(sum(r[2] for r in rows) / n, 4),
            "zero_hit": round(sum(r[3] for r in rows) / n, 4),
            "zero_hit_eligible": round(sum(r[3] for r in eligible) / len(eligible), 4)
            if eligible
            else 0.0,
            "queries": n,
        }


# -- the collection ----------------------------------------------------------------------


def _cranfield(corpus: Path) -> dict[str, tuple[str, str]]:
    raw = (corpus / "cranfield" / "cran.all.1400").read_text(encoding="utf-8", errors="replace")
    docs = {}
    for chunk in raw.split(".I ")[1:]:
        number = chunk.split("\n", 1)[0].strip()
        title = re.search(r"\.T\n(.*?)\n\.A", chunk, re.S)
        body = chunk.split(".W", 1)[1] if ".W" in chunk else ""
        docs[f"cranfield/{int(number)}"] = (
            " ".join((title.group(1) if title else "").split()),
            " ".join(body.split()),
        )
    return docs


def _cranfield_grades(corpus: Path) -> dict[int, dict[str, int]]:
    grades: dict[int, dict[str, int]] = {}
    for line in (corpus / "cranfield" / "cranqrel").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 3 and 1 <= int(parts[2]) <= 4:
            grades.setdefault(int(parts[0]), {})[f"cranfield/{int(parts[1])}"] = int(parts[2])
    return grades


def load_documents(corpus: Path) -> list[Unit]:
    """The collection's documents and the Cranfield abstracts of the older queries."""
    docs = load_collection(corpus)
    sample = json.loads((DATA / "sample.json").read_text(encoding="utf-8"))
    cran = _cranfield(corpus)
    for old_key in sample["cranfield"]:
        key = f"cranfield/{int(old_key[5:])}"
        title, body = cran[key]
        docs.append(Unit(key, "cranfield", "en", title, f"{title}\n\n{body}"))
    return docs


def pages_of(text: str) -> list[str]:
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    pages: list[str] = []
    current = ""
    for paragraph in paragraphs:
        if current and len(current) + len(paragraph) > PAGE_CHARS:
            pages.append(current)
            current = ""
        current = f"{current}\n{paragraph}" if current else paragraph
    if current:
        pages.append(current)
    return pages


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _jsonl(path: Path) -> Iterable[dict[str, object]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def load_queries(corpus: Path) -> list[Query]:
    out: list[Query] = []
    judged_file = DATA / "judged.json"
    judged = json.loads(judged_file.read_text(encoding="utf-8")) if judged_file.exists() else {}
    for item in judged.get("queries", []):
        gains = {key: float(grade) for key, grade in item["judgments"].items() if grade > 0}
        out.append(Query(item["id"], item["kind"], item["text"], gains, item.get("scope")))
        if item["kind"] == "known_hu":
            out.append(
                Query(f"{item['id']}-noaccent", "known_hu_noaccent", fold(item["text"]), gains)
            )
    older = json.loads((DATA / "queries.json").read_text(encoding="utf-8"))
    topics: dict[int, list[str]] = {}
    for r in _jsonl(corpus / "text" / "hu_laws_1999.jsonl.gz"):
        topics.setdefault(int(r["cap_major_topic"]), []).append(f"law/{r['id']}")  # type: ignore[call-overload]
    for topic in older["topics"]:
        gains = {key: 1.0 for key in topics.get(int(topic["topic"]), [])}
        number = int(topic["topic"])
        out.append(Query(f"cap-{number}", "cap_hu", topic["hu"], gains, "law"))
        out.append(
            Query(f"cap-{number}-noaccent", "cap_hu_noaccent", fold(topic["hu"]), gains, "law")
        )
        if topic.get("en"):
            out.append(Query(f"cap-{number}-en", "cap_cross", topic["en"], gains, "law"))
    grades = _cranfield_grades(corpus)
    for item in older["cranfield"]:
        gains = {k: float(5 - g) for k, g in grades.get(int(item["qid"]), {}).items()}
        out.append(Query(f"cran-{item['qid']}", "cranfield", item["query"], gains, "cranfield"))
    return out


_TOKEN = re.compile(r"\w+")


def vocabulary(docs: list[Unit]) -> set[str]:
    """Every word of the collection, lowercased and without accents."""
    words: set[str] = set()
    for doc in docs:
        words.update(_TOKEN.findall(fold(doc.text.lower())))
    return words


def half_the_words_occur(text: str, words: set[str]) -> bool:
    """Whether at least half of the query's words occur (as typed) in the collection: the
    queries that must never come back empty."""
    typed = _TOKEN.findall(fold(text.lower()))
    return bool(typed) and 2 * sum(w in words for w in typed) >= len(typed)


# -- metrics ----------------------------------------------------------------------------


def ndcg_at(ranked: list[str], gains: dict[str, float], k: int = K) -> float:
    dcg = sum(gains.get(key, 0.0) / math.log2(i + 2) for i, key in enumerate(ranked[:k]))
    ideal = sorted(gains.values(), reverse=True)[:k]
    best = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


def reciprocal_rank(ranked: list[str], gains: dict[str, float], k: int = K) -> float:
    for i, key in enumerate(ranked[:k]):
        if gains.get(key, 0.0) > 0:
            return 1.0 / (i + 1)
    return 0.0


# -- engines ----------------------------------------------------------------------------

Engine = Callable[[str, str | None], list[str]]
"""(query text, scope) -> document keys, best first."""


def _documents(docs: list[Unit]) -> list[Any]:
    from archive import Document, DocumentStatus, Page
    from ingest import detect_language

    return [
        Document(
            id=number,
            sha256=f"{number:064x}",
            filename=f"{doc.key.replace('/', '_')}.txt",
            size=len(doc.text.encode()),
            status=DocumentStatus.READY,
            title=doc.title,
            language=doc.language,
            seminar=doc.collection,
            pages=tuple(
                Page(n, text, _page_language(text, doc.language, detect_language))
                for n, text in enumerate(pages_of(doc.text), 1)
            ),
        )
        for number, doc in enumerate(docs, 1)
    ]


def _pipeline_engine(docs: list[Unit], engine: Any) -> Engine:
    from archive import SearchQuery
    from search import SearchPipeline

    keys = {number: doc.key for number, doc in enumerate(docs, 1)}
    pipeline = SearchPipeline(engine, time_limit=30.0)

    def run(text: str, scope: str | None) -> list[str]:
        filters = {"seminar": (scope,)} if scope else {}
        results = pipeline.search(
            SearchQuery(text, limit=K, facets=False, snippets=False, filters=filters)
        )
        return [keys[hit.id] for hit in results.hits]

    run.close = engine.close  # type: ignore[attr-defined]
    run.engine = engine  # type: ignore[attr-defined]
    return run


def clusnet_engine(docs: list[Unit], folder: Path) -> Engine:
    from search import WhooshIndex

    index = WhooshIndex(folder / "clusnet")
    if index.rebuild_reason() is not None or index.document_ids() != set(range(1, len(docs) + 1)):
        index.clear()
        index.add(_documents(docs))  # one commit: no merges of small segments on the way
    return _pipeline_engine(docs, index)


POSTGRES_SERVER: list[str] = []
"""The URL of the PostgreSQL server the postgresql engine uses (set by `main`)."""


def postgresql_engine(docs: list[Unit], folder: Path) -> Engine:
    """clusnet's query semantics on the PostgreSQL engine, in a new database."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from search import PostgresEngine, create_search_engine

    if not POSTGRES_SERVER:
        raise SystemExit("the postgresql engine needs --postgres-url or a local PostgreSQL")
    server = POSTGRES_SERVER[0]
    name = "clusnet_relevance"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    engine = PostgresEngine(create_search_engine(url), time_limit=30.0)
    engine.rebuild([_documents(docs)])
    return _pipeline_engine(docs, engine)


def _page_language(text: str, default: str, detect: Callable[[str], str]) -> str:
    found = detect(text)
    return found if found in ("hu", "en") else default


def _whoosh_standard(docs: list[Unit], folder: Path, any_word: bool) -> Engine:
    from whoosh import index as whoosh_index
    from whoosh.analysis import StandardAnalyzer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import MultifieldParser, OrGroup
    from whoosh.query import Term

    schema = Schema(
        key=ID(stored=True, unique=True),
        collection=ID(),
        title=TEXT(analyzer=StandardAnalyzer()),
        content=TEXT(analyzer=StandardAnalyzer()),
    )
    path = folder / "whoosh-standard"
    if whoosh_index.exists_in(str(path)):
        ix = whoosh_index.open_dir(str(path))
    else:
        path.mkdir(parents=True, exist_ok=True)
        ix = whoosh_index.create_in(str(path), schema)
        writer = ix.writer(limitmb=256)
        for doc in docs:
            writer.add_document(
                key=doc.key, collection=doc.collection, title=doc.title, content=doc.text
            )
        writer.commit()
    searcher = ix.searcher()
    if any_word:
        parser = MultifieldParser(["title", "content"], schema, group=OrGroup)
    else:
        parser = MultifieldParser(["title", "content"], schema)

    def run(text: str, scope: str | None) -> list[str]:
        try:
            query = parser.parse(text)
        except Exception:
            return []
        found = searcher.search(query, limit=K, filter=Term("collection", scope) if scope else None)
        return [hit["key"] for hit in found]

    run.close = searcher.close  # type: ignore[attr-defined]
    return run


def whoosh_and_engine(docs: list[Unit], folder: Path) -> Engine:
    return _whoosh_standard(docs, folder, any_word=False)


def whoosh_or_engine(docs: list[Unit], folder: Path) -> Engine:
    return _whoosh_standard(docs, folder, any_word=True)


def fts5_engine(docs: list[Unit], folder: Path) -> Engine:
    path = folder / "fts5.sqlite3"
    fresh = not path.exists()
    db = sqlite3.connect(str(path), check_same_thread=False)
    if fresh:
        db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, collection UNINDEXED, "
            "title, content, tokenize = 'unicode61 remove_diacritics 2')"
        )
        db.executemany(
            "INSERT INTO docs (key, collection, title, content) VALUES (?, ?, ?, ?)",
            [(doc.key, doc.collection, doc.title, doc.text) for doc in docs],
        )
        db.commit()

    def run(text: str, scope: str | None) -> list[str]:
        words = re.findall(r"\w+", text)
        if not words:
            return []
        match = " ".join(f'"{w}"' for w in words)
        rows = db.execute(
            "SELECT key FROM docs WHERE docs MATCH ? AND (? IS NULL OR collection = ?) "
            "ORDER BY bm25(docs) LIMIT ?",
            (match, scope, scope, K),
        )
        return [row[0] for row in rows]

    run.close = db.close  # type: ignore[attr-defined]
    return run


ENGINES: dict[str, Callable[[list[Unit], Path], Engine]] = {
    "clusnet": clusnet_engine,
    "clusnet-pg": postgresql_engine,
    "whoosh-and": whoosh_and_engine,
    "whoosh-or": whoosh_or_engine,
    "sqlite-fts5": fts5_engine,
}


EMBEDDED = tuple(name for name in ENGINES if name != "clusnet-pg")
"""The engines that need no server (what `evaluate` runs unless told)."""


# -- the run ----------------------------------------------------------------------------


def overlap(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    return len(set(a[:K]) & set(b[:K])) / min(K, len(a), len(b))


def family_overlap(run: Engine, families: list[list[str]]) -> float:
    """Mean overlap of each form's top 10 with the first (base) form's top 10."""
    values = []
    for family in families:
        base = run(family[0], None)
        values.extend(overlap(base, run(form, None)) for form in family[1:])
    return round(sum(values) / len(values), 4) if values else 0.0


def evaluate(
    corpus: Path,
    out: Callable[[str], None] = print,
    keep: Path | None = None,
    engines: Iterable[str] = EMBEDDED,
) -> dict[str, object]:
    docs = load_documents(corpus)
    queries = load_queries(corpus)
    words = vocabulary(docs)
    eligible = {q.id: half_the_words_occur(q.text, words) for q in queries}
    families = json.loads((DATA / "queries.json").read_text(encoding="utf-8"))["families"]
    report: dict[str, object] = {"documents": len(docs), "queries": len(queries)}
    with tempfile.TemporaryDirectory() as tmp:
        folder = keep or Path(tmp)
        for name in engines:
            started = time.perf_counter()
            run = ENGINES[name](docs, folder)
            built = time.perf_counter() - started
            scores = Scores()
            rankings: dict[str, list[str]] = {}
            started = time.perf_counter()
            for query in queries:
                ranked = run(query.text, query.scope)
                rankings[query.id] = ranked
                rr = reciprocal_rank(ranked, query.gains)
                scores.add(
                    query.kind,
                    ndcg_at(ranked, query.gains),
                    1.0 if rr else 0.0,
                    rr,
                    not ranked,
                    eligible[query.id],
                )
            searched = time.perf_counter() - started
            figures: dict[str, object] = {kind: scores.mean(kind) for kind in KINDS}
            figures["variant_overlap@10"] = family_overlap(run, families)
            figures["index_seconds"] = round(built, 1)
            figures["search_ms"] = round(1000 * searched / len(queries), 1)
            figures["rankings"] = rankings
            report[name] = figures
            closer = getattr(run, "close", None)
            if closer:
                closer()
    out(format_table(report))
    return report


def format_table(report: dict[str, object]) -> str:
    names = [n for n in ENGINES if n in report]
    lines = [f"{report['documents']} documents, {report['queries']} queries", ""]
    header = f"{'kind':18} {'n':>3}  " + "  ".join(f"{n:>24}" for n in names)
    lines.append(header)
    lines.append(f"{'':18} {'':>3}  " + "  ".join(f"{'nDCG  succ  MRR  zero':>24}" for _ in names))
    for kind in KINDS:
        cells = []
        count = 0
        for name in names:
            row = report[name][kind]  # type: ignore[index]
            count = row["queries"]
            cells.append(
                f"{row['ndcg@10']:.3f} {row['success@10']:.2f} {row['mrr@10']:.3f} "
                f"{row['zero_hit']:.2f}".rjust(24)
            )
        lines.append(f"{kind:18} {count:>3}  " + "  ".join(cells))
    lines.append("")
    for name in names:
        figures = report[name]
        assert isinstance(figures, dict)
        lines.append(
            f"{name:12} variants overlap@10 {figures['variant_overlap@10']:.3f}; "
            f"indexed in {figures['index_seconds']} s; {figures['search_ms']} ms a query"
        )
    return "\n".join(lines)


def show(report: dict[str, object], query_id: str, corpus: Path) -> str:
    queries = {q.id: q for q in load_queries(corpus)}
    query = queries[query_id]
    lines = [f"{query.id} [{query.kind}] {query.text!r} scope={query.scope}"]
    lines.append(f"judged: {query.gains}")
    for name in ENGINES:
        figures = report.get(name)
        if not isinstance(figures, dict):
            continue
        ranked = figures["rankings"][query_id]
        marks = [f"{key}{'*' * int(query.gains.get(key, 0))}" for key in ranked]
        lines.append(f"{name:12} {' '.join(marks) or '(nothing)'}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--write-floor", action="store_true", help="record clusnet's figures")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the indexes in this folder")
    parser.add_argument("--engine", action="append", choices=list(ENGINES), help="only these")
    parser.add_argument("--show", action="append", default=[], help="one query's rankings")
    parser.add_argument(
        "--postgres-url",
        help="SQLAlchemy URL of a PostgreSQL server (a role that may create databases) for "
        "the clusnet-pg engine; default: start a throwaway server as the tests do",
    )
    parser.add_argument("--kind", help="list every query of this kind with its figures")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="MODULE.NAME=VALUE",
        help="try another value of a tuning constant, as JSON "
        "(search.whoosh_coordination.COORDINATION=1.5)",
    )
    args = parser.parse_args()
    for setting in args.set:
        import importlib

        name, _, value = setting.partition("=")
        module_name, _, attr = name.rpartition(".")
        module = importlib.import_module(module_name)
        setattr(module, attr, json.loads(value))  # 1.5, 0, true, "text"
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        if "clusnet-pg" in (args.engine or list(ENGINES)):
            POSTGRES_SERVER.append(args.postgres_url or stack.enter_context(_local_server()))
        return _report(args)


def _local_server() -> Any:
    sys.path.insert(0, str(HERE.parent))
    from tests.postgres import throwaway_server

    return throwaway_server("-c shared_buffers=256MB -c work_mem=64MB")


def _report(args: argparse.Namespace) -> int:
    report = evaluate(
        args.corpus,
        out=(lambda _s: None) if args.json else print,
        keep=args.keep,
        engines=args.engine or list(ENGINES),
    )
    for query_id in args.show:
        print(show(report, query_id, args.corpus))
    if args.kind:
        queries = [q for q in load_queries(args.corpus) if q.kind == args.kind]
        for query in queries:
            cells = []
            for name in ENGINES:
                figures = report.get(name)
                if isinstance(figures, dict):
                    ranked = figures["rankings"][query.id]
                    cells.append(f"{ndcg_at(ranked, query.gains):.2f}{'' if ranked else '!'}")
            print(f"{query.id:22} {' '.join(f'{c:>6}' for c in cells)}  {query.text}")
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    if args.write_floor:
        floor = {
            k: ({kk: vv for kk, vv in v.items() if kk != "rankings"} if isinstance(v, dict) else v)
            for k, v in report.items()
        }
        (DATA / "floor.json").write_text(json.dumps(floor, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
