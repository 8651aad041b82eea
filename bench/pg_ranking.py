"""Ranking on PostgreSQL: the engine's BM25 over a GIN index against ``ts_rank`` and the
RUM index, on the relevance set (bench/relevance.py), in one run.

    .venv/bin/python bench/pg_ranking.py [--postgres-url URL]

The collection is indexed once by `search.PostgresEngine` (its GIN index); every judged
query is planned by the archive's pipeline (glossary, accents, coordination) and its
`tsquery` run four ways:

- bm25: the engine itself (`PostgresEngine.execute`): every match scored by BM25F from
  each lexeme's frequency, then the top 10;
- ts_rank / ts_rank_cd: the same matches (GIN) ordered by PostgreSQL's own ranking with the
  weight labels (titles A, metadata B, language fields C, the rest D), top 10;
- rum: a RUM index (``rum_tsvector_ops``, Debian ``postgresql-15-rum``) built on the same
  table, ``ORDER BY v <=> query LIMIT 10``: the top 10 read from the index in rank order,
  without scoring every match.

Prints nDCG@10 per kind and the median and p95 time a query of each, with each index's
size. Without the RUM extension the rum column is left out, with the reason.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import relevance  # noqa: E402

K = relevance.K


def _server(url: str | None) -> Any:
    if url:
        return contextlib.nullcontext(url)
    from tests.postgres import throwaway_server

    return throwaway_server("-c shared_buffers=256MB -c work_mem=64MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=relevance.DEFAULT_CORPUS)
    parser.add_argument("--postgres-url")
    args = parser.parse_args()
    with _server(args.postgres_url) as server:
        relevance.POSTGRES_SERVER.append(server)
        return run(args.corpus)


def run(corpus: Path) -> int:
    from sqlalchemy import text

    from archive.plan import SearchPlan
    from search.pg_tables import CURRENT
    from search.pipeline import SearchPipeline
    from search.planning import Planner
    from search.postgresql_engine import _Search

    docs = relevance.load_documents(corpus)
    queries = relevance.load_queries(corpus)
    keys = {number: doc.key for number, doc in enumerate(docs, 1)}
    started = time.perf_counter()
    search = relevance.postgresql_engine(docs, Path())
    print(f"indexed {len(docs)} documents in {time.perf_counter() - started:.0f} s")
    engine = search.engine  # type: ignore[attr-defined]
    pipeline = SearchPipeline(engine, time_limit=30.0)

    plans: dict[str, tuple[SearchPlan, str | None, dict[str, object]]] = {}
    with engine.primary.connect() as conn:
        for query in queries:
            vocabulary = engine.vocabulary()
            planner = Planner(pipeline.glossary(), vocabulary, pipeline.languages())
            node = planner.plan(query.text).node
            filters = {"seminar": (query.scope,)} if query.scope else {}
            plan = SearchPlan(query=node, filters=filters, limit=K, facets=False, snippets=False)
            compiler, part = _Search(conn, plan)._compile(plan) if node else (None, None)
            if part is None or compiler is None:
                plans[query.id] = (plan, None, {})
                continue
            plans[query.id] = (plan, part.match, dict(compiler.params))

    def scoped(scope: str | None) -> str:
        return "AND d.k_seminar = :scope" if scope else ""

    strategies: dict[str, Any] = {}

    def bm25(query: Any) -> list[int]:
        plan = plans[query.id][0]
        if plan.query is None:
            return []
        return [hit.id for hit in engine.execute(plan).hits]

    strategies["bm25"] = bm25

    def ranked_by(order: str) -> Any:
        def run_one(query: Any) -> list[int]:
            _, match, _ = plans[query.id]
            if match is None:
                return []
            with engine.primary.connect() as conn:
                rows = conn.execute(
                    text(
                        f"SELECT d.id FROM {CURRENT.documents} d "
                        f"WHERE d.v @@ CAST(:q AS tsquery) AND NOT d.restricted "
                        f"{scoped(query.scope)} ORDER BY {order} LIMIT {K}"
                    ),
                    {"q": match, "scope": query.scope},
                ).scalars()
                return [int(i) for i in rows]

        return run_one

    strategies["ts_rank"] = ranked_by("ts_rank(d.v, CAST(:q AS tsquery)) DESC, d.id")
    strategies["ts_rank_cd"] = ranked_by("ts_rank_cd(d.v, CAST(:q AS tsquery)) DESC, d.id")

    sizes: dict[str, int] = {}
    with engine.primary.begin() as conn:
        sizes["gin"] = int(
            conn.execute(text(f"SELECT pg_relation_size('{CURRENT.documents}_v')")).scalar_one()
        )
        sizes["table"] = int(
            conn.execute(text(f"SELECT pg_total_relation_size('{CURRENT.documents}')")).scalar_one()
        )
    results = {name: measure(strategy, queries, keys) for name, strategy in strategies.items()}
    try:
        with engine.primary.begin() as conn:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS rum"))
            began = time.perf_counter()
            conn.execute(
                text(
                    f"CREATE INDEX {CURRENT.documents}_rum ON {CURRENT.documents} "
                    "USING rum (v rum_tsvector_ops)"
                )
            )
            print(f"RUM index built in {time.perf_counter() - began:.0f} s")
            sizes["rum"] = int(
                conn.execute(
                    text(f"SELECT pg_relation_size('{CURRENT.documents}_rum')")
                ).scalar_one()
            )
        results["rum"] = measure(ranked_by("d.v <=> CAST(:q AS tsquery), d.id"), queries, keys)
    except Exception as exc:  # no rum extension here
        print(f"rum left out: {str(exc).splitlines()[0]}")
    print_table(results, queries, sizes)
    search.close()  # type: ignore[attr-defined]
    return 0


def measure(strategy: Any, queries: list[Any], keys: dict[int, str]) -> dict[str, Any]:
    scores: dict[str, list[float]] = {}
    times: list[float] = []
    for query in queries:
        began = time.perf_counter()
        ranked = [keys[i] for i in strategy(query)]
        times.append(1000 * (time.perf_counter() - began))
        scores.setdefault(query.kind, []).append(relevance.ndcg_at(ranked, query.gains))
    return {
        "ndcg": {kind: sum(v) / len(v) for kind, v in scores.items()},
        "median_ms": statistics.median(times),
        "p95_ms": sorted(times)[int(0.95 * (len(times) - 1))],
    }


def print_table(results: dict[str, Any], queries: list[Any], sizes: dict[str, int]) -> None:
    names = list(results)
    print(f"{'kind':18} " + " ".join(f"{n:>10}" for n in names))
    for kind in relevance.KINDS:
        if not any(q.kind == kind for q in queries):
            continue
        print(f"{kind:18} " + " ".join(f"{results[n]['ndcg'][kind]:>10.3f}" for n in names))
    print(f"{'median ms':18} " + " ".join(f"{results[n]['median_ms']:>10.1f}" for n in names))
    print(f"{'p95 ms':18} " + " ".join(f"{results[n]['p95_ms']:>10.1f}" for n in names))
    print("sizes: " + ", ".join(f"{name} {size / 2**20:.1f} MiB" for name, size in sizes.items()))


if __name__ == "__main__":
    sys.exit(main())
