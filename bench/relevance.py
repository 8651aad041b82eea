"""Relevance of clusnet's search against two baselines, on judged queries.

    .venv/bin/python bench/relevance.py                 # print the table
    .venv/bin/python bench/relevance.py --write-floor   # record the figures CI must keep

A fixed sample of real documents from ../shared/corpus (the 125 Hungarian Acts of 1999 with
their Comparative Agendas Project topics, Cranfield abstracts with graded judgments, and
Hungarian parliament speeches and Irish budget speeches as distractors; ids in
bench/relevance/sample.json) is indexed three ways in the same run:

- clusnet: `search.WhooshIndex`, the archive's index (analysis, folding, glossary ...);
- Whoosh with its default `StandardAnalyzer` (BM25F, title and content fields);
- SQLite FTS5 with ``unicode61 remove_diacritics 2`` and ``bm25()``.

Queries and judgments are in bench/relevance/queries.json. Prints nDCG@10, success@10 and
MRR@10 per query kind, and the overlap of the top 10 results across the forms of Hungarian
word families. tests/search/test_relevance.py fails when clusnet falls below
bench/relevance/floor.json.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
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

HERE = Path(__file__).resolve().parent
DATA = HERE / "relevance"
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"
LAW_CHARS = 12_000
SPEECH_CHARS = 6_000
PAGE_CHARS = 3_000
K = 10
KINDS = ("hu", "hu_noaccent", "en", "cross")


@dataclass(frozen=True)
class Doc:
    key: str
    title: str
    text: str
    language: str


@dataclass
class Query:
    kind: str
    text: str
    gains: dict[str, float]


@dataclass
class Scores:
    per_query: dict[str, list[tuple[float, float, float]]] = field(default_factory=dict)

    def add(self, kind: str, ndcg: float, success: float, rr: float) -> None:
        self.per_query.setdefault(kind, []).append((ndcg, success, rr))

    def mean(self, kind: str) -> dict[str, float]:
        rows = self.per_query.get(kind, [])
        if not rows:
            return {"ndcg@10": 0.0, "success@10": 0.0, "mrr@10": 0.0, "queries": 0}
        n = len(rows)
        return {
            "ndcg@10": round(sum(r[0] for r in rows) / n, 4),
            "success@10": round(sum(r[1] for r in rows) / n, 4),
            "mrr@10": round(sum(r[2] for r in rows) / n, 4),
            "queries": n,
        }


# -- the sample -------------------------------------------------------------------------


def _jsonl(path: Path) -> Iterable[dict[str, object]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def _cranfield(corpus: Path) -> dict[str, tuple[str, str]]:
    raw = (corpus / "cranfield" / "cran.all.1400").read_text(encoding="utf-8", errors="replace")
    docs = {}
    for chunk in raw.split(".I ")[1:]:
        number = chunk.split("\n", 1)[0].strip()
        title = re.search(r"\.T\n(.*?)\n\.A", chunk, re.S)
        body = chunk.split(".W", 1)[1] if ".W" in chunk else ""
        docs[f"cran-{int(number)}"] = (
            " ".join((title.group(1) if title else "").split()),
            " ".join(body.split()),
        )
    return docs


def _cranfield_grades(corpus: Path) -> dict[int, dict[str, int]]:
    grades: dict[int, dict[str, int]] = {}
    for line in (corpus / "cranfield" / "cranqrel").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 3 and 1 <= int(parts[2]) <= 4:
            grades.setdefault(int(parts[0]), {})[f"cran-{int(parts[1])}"] = int(parts[2])
    return grades


def make_sample(corpus: Path, queries: dict[str, object]) -> dict[str, list[str]]:
    """Choose the sample (deterministically) and return its ids per source."""
    laws = sorted(str(r["id"]) for r in _jsonl(corpus / "text" / "hu_laws_1999.jsonl.gz"))
    grades = _cranfield_grades(corpus)
    wanted = {int(q["qid"]) for q in queries["cranfield"]}  # type: ignore[index, union-attr]
    relevant = sorted({d for q in wanted for d in grades.get(q, {})})
    others = [f"cran-{n}" for n in range(1, 1401, 5) if f"cran-{n}" not in relevant][:250]
    speeches = sorted(
        str(r["id"]) for r in _jsonl(corpus / "text" / "hu_parlamint_speeches.jsonl.gz")
    )
    budgets = sorted(str(r["id"]) for r in _jsonl(corpus / "text" / "en_irish_budgets.jsonl.gz"))
    return {
        "laws": laws,
        "cranfield": sorted(set(relevant) | set(others), key=lambda k: int(k[5:])),
        "parlamint": speeches[::30][:100],
        "irish_budgets": budgets[::6][:50],
    }


def _pages(text: str) -> list[str]:
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


def load_documents(corpus: Path, sample: dict[str, list[str]]) -> list[tuple[Doc, list[str]]]:
    """The sample's documents with their pages."""
    docs: list[tuple[Doc, list[str]]] = []
    wanted = set(sample["laws"])
    for r in _jsonl(corpus / "text" / "hu_laws_1999.jsonl.gz"):
        if r["id"] in wanted:
            text = str(r["text"])[:LAW_CHARS]
            lines = [x.strip() for x in text.split("\n") if x.strip()]
            title = " ".join(lines[:2])[:200]
            docs.append((Doc(f"law-{r['id']}", title, text, "hu"), _pages(text)))
    cran = _cranfield(corpus)
    for key in sample["cranfield"]:
        title, body = cran[key]
        docs.append((Doc(key, title, body, "en"), [body]))
    for name, source, lang in (
        ("parlamint", "hu_parlamint_speeches.jsonl.gz", "hu"),
        ("irish_budgets", "en_irish_budgets.jsonl.gz", "en"),
    ):
        chosen = set(sample[name])
        for r in _jsonl(corpus / "text" / source):
            if r["id"] in chosen:
                text = str(r["text"])[:SPEECH_CHARS]
                title = " ".join(text.split()[:12])
                docs.append((Doc(f"{name}-{r['id']}", title, text, lang), _pages(text)))
    docs.sort(key=lambda d: d[0].key)
    return docs


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def load_queries(corpus: Path, queries: dict[str, object]) -> list[Query]:
    topics: dict[int, list[str]] = {}
    for r in _jsonl(corpus / "text" / "hu_laws_1999.jsonl.gz"):
        topics.setdefault(int(r["cap_major_topic"]), []).append(f"law-{r['id']}")  # type: ignore[call-overload]
    out: list[Query] = []
    for topic in queries["topics"]:  # type: ignore[attr-defined]
        gains = {key: 1.0 for key in topics.get(int(topic["topic"]), [])}
        out.append(Query("hu", topic["hu"], gains))
        out.append(Query("hu_noaccent", fold(topic["hu"]), gains))
        if topic.get("en"):
            out.append(Query("cross", topic["en"], gains))
    grades = _cranfield_grades(corpus)
    for item in queries["cranfield"]:  # type: ignore[attr-defined]
        gains = {k: float(5 - g) for k, g in grades.get(int(item["qid"]), {}).items()}
        out.append(Query("en", item["query"], gains))
    return out


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

Engine = Callable[[str], list[str]]


def clusnet_engine(docs: list[tuple[Doc, list[str]]], folder: Path) -> Engine:
    from archive import Document, DocumentStatus, Page, SearchQuery
    from ingest import detect_language
    from search import WhooshIndex

    index = WhooshIndex(folder / "clusnet", time_limit=30.0)
    index.clear()
    keys: dict[int, str] = {}
    batch = []
    for number, (doc, pages) in enumerate(docs, 1):
        keys[number] = doc.key
        batch.append(
            Document(
                id=number,
                sha256=hashlib.sha256(doc.key.encode()).hexdigest(),
                filename=f"{doc.key}.txt",
                size=len(doc.text.encode()),
                status=DocumentStatus.READY,
                title=doc.title,
                language=doc.language,
                pages=tuple(
                    Page(n, text, _page_language(text, doc.language, detect_language))
                    for n, text in enumerate(pages, 1)
                ),
            )
        )
    index.add(batch)

    def run(text: str) -> list[str]:
        results = index.search(SearchQuery(text, limit=K, facets=False, snippets=False))
        return [keys[hit.id] for hit in results.hits]

    run.close = index.close  # type: ignore[attr-defined]
    return run


def _page_language(text: str, default: str, detect: Callable[[str], str]) -> str:
    found = detect(text)
    return found if found in ("hu", "en") else default


def whoosh_standard_engine(docs: list[tuple[Doc, list[str]]], folder: Path) -> Engine:
    from whoosh import index as whoosh_index
    from whoosh.analysis import StandardAnalyzer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import MultifieldParser

    schema = Schema(
        key=ID(stored=True, unique=True),
        title=TEXT(analyzer=StandardAnalyzer()),
        content=TEXT(analyzer=StandardAnalyzer()),
    )
    path = folder / "whoosh-standard"
    path.mkdir()
    ix = whoosh_index.create_in(str(path), schema)
    writer = ix.writer(limitmb=256)
    for doc, _ in docs:
        writer.add_document(key=doc.key, title=doc.title, content=doc.text)
    writer.commit()
    searcher = ix.searcher()
    parser = MultifieldParser(["title", "content"], schema)

    def run(text: str) -> list[str]:
        try:
            query = parser.parse(text)
        except Exception:
            return []
        return [hit["key"] for hit in searcher.search(query, limit=K)]

    run.close = searcher.close  # type: ignore[attr-defined]
    return run


def fts5_engine(docs: list[tuple[Doc, list[str]]], folder: Path) -> Engine:
    db = sqlite3.connect(str(folder / "fts5.sqlite3"), check_same_thread=False)
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, title, content, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    db.executemany(
        "INSERT INTO docs (key, title, content) VALUES (?, ?, ?)",
        [(doc.key, doc.title, doc.text) for doc, _ in docs],
    )
    db.commit()

    def run(text: str) -> list[str]:
        words = re.findall(r"\w+", text)
        if not words:
            return []
        match = " ".join(f'"{w}"' for w in words)
        rows = db.execute(
            "SELECT key FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", (match, K)
        )
        return [row[0] for row in rows]

    run.close = db.close  # type: ignore[attr-defined]
    return run


ENGINES: dict[str, Callable[[list[tuple[Doc, list[str]]], Path], Engine]] = {
    "clusnet": clusnet_engine,
    "whoosh-standard": whoosh_standard_engine,
    "sqlite-fts5": fts5_engine,
}


# -- the run ----------------------------------------------------------------------------


def overlap(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    return len(set(a[:K]) & set(b[:K])) / min(K, len(a), len(b))


def family_overlap(run: Engine, families: list[list[str]]) -> float:
    """Mean overlap of each form's top 10 with the first (base) form's top 10."""
    values = []
    for family in families:
        base = run(family[0])
        values.extend(overlap(base, run(form)) for form in family[1:])
    return round(sum(values) / len(values), 4) if values else 0.0


def evaluate(corpus: Path, out: Callable[[str], None] = print) -> dict[str, object]:
    queries_data = json.loads((DATA / "queries.json").read_text(encoding="utf-8"))
    sample = json.loads((DATA / "sample.json").read_text(encoding="utf-8"))
    docs = load_documents(corpus, sample)
    queries = load_queries(corpus, queries_data)
    report: dict[str, object] = {"documents": len(docs), "queries": len(queries)}
    with tempfile.TemporaryDirectory() as tmp:
        for name, build in ENGINES.items():
            started = time.perf_counter()
            run = build(docs, Path(tmp))
            built = time.perf_counter() - started
            scores = Scores()
            for query in queries:
                ranked = run(query.text)
                scores.add(
                    query.kind,
                    ndcg_at(ranked, query.gains),
                    1.0 if reciprocal_rank(ranked, query.gains) else 0.0,
                    reciprocal_rank(ranked, query.gains),
                )
            figures: dict[str, object] = {kind: scores.mean(kind) for kind in KINDS}
            figures["variant_overlap@10"] = family_overlap(run, queries_data["families"])
            figures["index_seconds"] = round(built, 1)
            report[name] = figures
            closer = getattr(run, "close", None)
            if closer:
                closer()
    out(format_table(report))
    return report


def format_table(report: dict[str, object]) -> str:
    lines = [
        f"{report['documents']} documents, {report['queries']} queries",
        f"{'engine':16} {'kind':12} {'n':>3} {'nDCG@10':>8} {'succ@10':>8} {'MRR@10':>8}",
    ]
    for name in ENGINES:
        figures = report[name]
        assert isinstance(figures, dict)
        for kind in KINDS:
            row = figures[kind]
            lines.append(
                f"{name:16} {kind:12} {row['queries']:>3} {row['ndcg@10']:>8.3f} "
                f"{row['success@10']:>8.3f} {row['mrr@10']:>8.3f}"
            )
        lines.append(
            f"{name:16} {'variants':12} {'':>3} overlap@10 {figures['variant_overlap@10']:.3f}"
            f"   (indexed in {figures['index_seconds']} s)"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--write-sample", action="store_true", help="choose the sample again")
    parser.add_argument("--write-floor", action="store_true", help="record clusnet's figures")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args()
    if args.write_sample:
        queries = json.loads((DATA / "queries.json").read_text(encoding="utf-8"))
        sample = make_sample(args.corpus, queries)
        (DATA / "sample.json").write_text(json.dumps(sample, indent=1) + "\n", encoding="utf-8")
    report = evaluate(args.corpus, out=(lambda _s: None) if args.json else print)
    if args.json:
        print(json.dumps(report, indent=2))
    if args.write_floor:
        (DATA / "floor.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
