"""The PostgreSQL engine behind the `archive.ports.SearchEngine` port.

For an archive whose catalogue is on PostgreSQL and outgrows one machine: the index is a
set of tables in the catalogue's database (search/pg_tables.py), written by any process
(PostgreSQL has no single-writer lock) and read from the primary or a read replica. The
documents are analysed in Python by the archive's own analyzers into weighted `tsvector`s
(search/pg_documents.py), plans become one SQL statement (search/pg_query.py) that finds,
scores, counts, pages and facets in the database, and snippets are cut from the page text
with the Whoosh engine's highlighter (search/pg_snippets.py).
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from archive.errors import IndexUnavailableError, SearchError
from archive.model import (
    FILTER_FIELDS,
    Document,
    Facet,
    FacetValue,
    Hit,
    Partner,
    Seminar,
    SortOrder,
)
from archive.plan import Coverage, EngineResults, SearchPlan
from archive.ports import SearchEngine
from search.analysis import hungarian_backend, language_analyzer
from search.pg_documents import quote, row_of
from search.pg_fields import LENGTH_FIELDS, PREFIXES
from search.pg_query import NOTHING, Compiler, Part, Stats
from search.pg_snippets import snippets_of
from search.pg_tables import (
    CURRENT,
    NEXT,
    Names,
    create,
    drop,
    exists,
    read_stamp,
    swap,
    write_stamp,
)
from search.whoosh_coordination import MIN_SHARE, minimum_words
from search.whoosh_engine import NO_PLACES, Places
from search.whoosh_facets import MAX_FACET_VALUES, date_number, normalise_value
from search.whoosh_query import field_language

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
"""Raise when the tables or the analysis change: they are rebuilt from the catalogue."""
DEFAULT_TIME_LIMIT = 2.0
MLT_TERMS = 15
SUGGEST_CANDIDATES = 400
RANGE_EXPANSION = 1024
PATTERN_EXPANSION = 64
FILTER_COLUMNS: dict[str, str] = {
    "language": "k_language",
    "type": "k_type",
    "seminar": "k_seminar",
    "partner": "k_partner",
    "city": "k_city",
    "year": "k_year",
}
"""The column behind each filter name of `archive.model.FILTER_FIELDS`."""
_HIGHEST = "\U0010ffff"
LOCK_KEY = 0x636C7573
"""PostgreSQL advisory lock taken to create the tables or swap them (and, plus one, for the
length of a rebuild)."""
DOCUMENT_LOCK_SPACE = 0x636C75
"""First key of the advisory locks that writers of one document take (the id is the second)."""
_QUERY_CANCELED = "57014"


def current_stamp(index: str) -> str:
    return json.dumps(
        {"schema": SCHEMA_VERSION, "hungarian": hungarian_backend(), "index": index},
        sort_keys=True,
    )


def create_search_engine(url: str) -> Engine:
    return create_engine(url, pool_pre_ping=True)


class PostgresEngine:
    """Search tables in a PostgreSQL database: writes to `primary`, reads from `replica`
    (the same database when there is no replica)."""

    def __init__(
        self,
        primary: Engine,
        replica: Engine | None = None,
        time_limit: float = DEFAULT_TIME_LIMIT,
        index: str = "gin",
    ) -> None:
        self.primary = primary
        self.replica = replica or primary
        self.time_limit = time_limit
        self.index = index
        self._places = NO_PLACES
        self._ready = False
        self._found = False
        self._blocks = WordBlocks(self.replica)
        self._lock = threading.Lock()

    # -- state ---------------------------------------------------------------------

    def rebuild_reason(self) -> str | None:
        try:
            with self.primary.connect() as conn:
                if not exists(conn):
                    return "the search tables do not exist yet"
                stamp = read_stamp(conn)
        except DBAPIError as exc:
            return f"the search tables cannot be read ({type(exc.orig).__name__})"
        if stamp != current_stamp(self.index):
            return f"the search tables were built with {stamp}, the archive now uses " + (
                current_stamp(self.index)
            )
        return None

    def _ensure(self) -> None:
        """Create the tables when missing (the first write to a new database)."""
        if self._ready:
            return
        with self._lock, self.primary.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
            if not exists(conn):
                create(conn, CURRENT, self.index)
                write_stamp(conn, current_stamp(self.index))
            self._ready = True

    def write_problem(self) -> str | None:
        """Why the tables cannot be written now (a standby, no connection), with the fix;
        None when they can."""
        try:
            with self.primary.connect() as conn:
                standby = conn.execute(text("SELECT pg_is_in_recovery()")).scalar()
        except DBAPIError as exc:
            return (
                f"the search tables' database cannot be reached ({type(exc.orig).__name__}): "
                "check CLUSNET_DATABASE_URL and that PostgreSQL is running"
            )
        if standby:
            return (
                "CLUSNET_DATABASE_URL names a read-only standby: point it to the primary "
                "(replicas go in CLUSNET_DATABASE_READ_URL)"
            )
        return None

    def remove_stale(self) -> int:
        """Nothing to remove: a killed writer's transaction is rolled back by PostgreSQL,
        and a killed rebuild's ``_next`` tables are dropped by the next rebuild."""
        return 0

    def close(self) -> None:
        self.primary.dispose()
        if self.replica is not self.primary:
            self.replica.dispose()

    # -- writing -------------------------------------------------------------------

    def describe(self, partners: Iterable[Partner], seminars: Iterable[Seminar]) -> None:
        self._places = Places.of(partners, seminars)

    def add(self, documents: Iterable[Document]) -> int:
        self._ensure()
        documents = list(documents)
        with self.primary.begin() as conn:
            self._write(conn, CURRENT, documents)
        self._blocks.clear()
        return len(documents)

    def delete(self, ids: Iterable[int]) -> None:
        self._ensure()
        with self.primary.begin() as conn:
            self._remove(conn, CURRENT, sorted(set(ids)))
        self._blocks.clear()

    def rebuild(self, batches: Iterable[Iterable[Document]]) -> int:
        """Write new tables beside the current ones and swap them in when complete;
        searches go on meanwhile, a failed build changes nothing."""
        built = Names.suffixed(NEXT)
        with self.primary.connect() as guard:  # one rebuild at a time, in any process
            guard.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY + 1})
            guard.commit()
            try:
                written = self._rebuild(built, batches)
            finally:
                guard.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY + 1})
                guard.commit()
        self._blocks.clear()
        self._ready = True
        return written

    def _rebuild(self, built: Names, batches: Iterable[Iterable[Document]]) -> int:
        with self.primary.begin() as conn:
            drop(conn, built)
            create(conn, built, self.index)
        written = 0
        try:
            for batch in batches:
                with self.primary.begin() as conn:
                    written += self._write(conn, built, list(batch))
        except BaseException:
            with self.primary.begin() as conn:
                drop(conn, built)
            raise
        with self.primary.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
            swap(conn, built)
            write_stamp(conn, current_stamp(self.index))
            conn.execute(text(f"ANALYZE {CURRENT.documents}"))
        return written

    def _write(self, conn: Connection, names: Names, documents: list[Document]) -> int:
        latest = {d.id: d for d in documents}
        self._remove(conn, names, sorted(latest))
        rows = [row_of(d, self._places) for d in latest.values() if d.withdrawn is None]
        if rows:
            columns = list(rows[0].values)
            values = ", ".join("CAST(:v AS tsvector)" if c == "v" else f":{c}" for c in columns)
            conn.execute(
                text(f"INSERT INTO {names.documents} ({', '.join(columns)}) VALUES ({values})"),
                [row.values for row in rows],
            )
            words: Counter[str] = Counter()
            public: Counter[str] = Counter()
            totals: Counter[str] = Counter()
            for row in rows:
                words.update(list(row.lexemes))
                if not row.values["restricted"]:
                    public.update(list(row.lexemes))
                for field, length in zip(LENGTH_FIELDS, row.values["lengths"], strict=True):
                    totals[field] += length
                totals["*"] += 1
            _count_words(conn, names, words, public, 1)
            _count_stats(conn, names, totals, 1)
        return len(rows)

    def _remove(self, conn: Connection, names: Names, ids: list[int]) -> None:
        if not ids:
            return
        # Writers of the same documents take turns (two workers may index one document at
        # once): each holds the documents' locks until it commits, in id order, so the
        # second finds the first's row here and replaces it instead of adding it twice.
        conn.execute(
            text(
                "SELECT pg_advisory_xact_lock(:space, id) FROM unnest(CAST(:ids AS integer[])) "
                "AS id ORDER BY id"
            ),
            {"space": DOCUMENT_LOCK_SPACE, "ids": sorted(ids)},
        )
        old = conn.execute(
            text(
                f"DELETE FROM {names.documents} WHERE id = ANY(:ids) "
                "RETURNING restricted, lengths, tsvector_to_array(v)"
            ),
            {"ids": ids},
        ).all()
        if not old:
            return
        words: Counter[str] = Counter()
        public: Counter[str] = Counter()
        totals: Counter[str] = Counter()
        for restricted, lengths, lexemes in old:
            words.update(lexemes)
            if not restricted:
                public.update(lexemes)
            for field, length in zip(LENGTH_FIELDS, lengths, strict=True):
                totals[field] += length
            totals["*"] += 1
        _count_words(conn, names, words, public, -1)
        _count_stats(conn, names, totals, -1)

    # -- reading -------------------------------------------------------------------

    def document_ids(self) -> set[int]:
        with self.replica.connect() as conn:
            if not exists(conn):
                return set()
            return {
                int(i) for i in conn.execute(text(f"SELECT id FROM {CURRENT.documents}")).scalars()
            }

    def _readable(self, conn: Connection) -> None:
        """Raise `IndexUnavailableError` when the tables searches read are missing (once
        there, they stay: a rebuild swaps them in one transaction)."""
        if self._found:
            return
        if not exists(conn):
            raise IndexUnavailableError(
                "the search tables are missing: run `clusnet reindex` to build them "
                "from the catalogue"
            )
        self._found = True

    def vocabulary(self, include_restricted: bool = False) -> PostgresVocabulary:
        if not self._found:
            with self.replica.connect() as conn:
                self._readable(conn)
        return PostgresVocabulary(self.replica, include_restricted, self._blocks)

    def execute(self, plan: SearchPlan) -> EngineResults:
        try:
            with self.replica.begin() as conn:
                self._readable(conn)
                limit_ms = int(1000 * (plan.time_limit or self.time_limit))
                conn.execute(text(f"SET LOCAL statement_timeout = {max(limit_ms, 1)}"))
                return _Search(conn, plan).run()
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) == _QUERY_CANCELED:
                return EngineResults(total=0, hits=(), page=plan.page, timed_out=True)
            log.exception("search failed for %r", plan.query)
            raise SearchError("the search could not be run; try simpler words") from exc


def _count_words(
    conn: Connection, names: Names, words: Counter[str], public: Counter[str], sign: int
) -> None:
    ordered = sorted(words)  # one order for every writer: no deadlocks between them
    conn.execute(
        text(
            f"INSERT INTO {names.words} (word, docs, public) "
            "SELECT * FROM unnest(CAST(:w AS text[]), CAST(:d AS integer[]), "
            "CAST(:p AS integer[])) "
            f"ON CONFLICT (word) DO UPDATE SET docs = {names.words}.docs + excluded.docs, "
            f"public = {names.words}.public + excluded.public"
        ),
        {
            "w": ordered,
            "d": [sign * words[w] for w in ordered],
            "p": [sign * public[w] for w in ordered],
        },
    )


def _count_stats(conn: Connection, names: Names, totals: Counter[str], sign: int) -> None:
    ordered = sorted(totals)
    conn.execute(
        text(
            f"INSERT INTO {names.stats} (field, total) "
            "SELECT * FROM unnest(CAST(:f AS text[]), CAST(:t AS bigint[])) "
            f"ON CONFLICT (field) DO UPDATE SET total = {names.stats}.total + excluded.total"
        ),
        {"f": ordered, "t": [sign * totals[f] for f in ordered]},
    )


# -- one search --------------------------------------------------------------------------


class _Search:
    """One plan run on one connection (one snapshot of the tables)."""

    def __init__(self, conn: Connection, plan: SearchPlan) -> None:
        self.conn = conn
        self.plan = plan
        self._frequencies: dict[str, int] = {}
        self._expansions: dict[tuple[str, str, str, int], list[str]] = {}

    # statistics and expansions, asked while compiling

    def _stats(self) -> Stats:
        rows = self.conn.execute(text(f"SELECT field, total FROM {CURRENT.stats}")).all()
        totals: dict[str, int] = {str(f): int(t) for f, t in rows}
        documents = int(totals.get("*", 0))
        average = {f: int(totals.get(f, 0)) / max(documents, 1) for f in LENGTH_FIELDS}
        return Stats(documents, average, self._frequency)

    def _frequency(self, lexeme: str) -> int:
        return self._frequencies.get(lexeme, 0)

    def _lookup(self, lexemes: Iterable[str]) -> None:
        wanted = sorted(set(lexemes) - set(self._frequencies))
        if not wanted:
            return
        self._frequencies.update(dict.fromkeys(wanted, 0))
        found = self.conn.execute(
            text(f"SELECT word, docs FROM {CURRENT.words} WHERE word = ANY(:w) AND docs > 0"),
            {"w": wanted},
        ).all()
        self._frequencies.update({str(w): int(n) for w, n in found})

    def _expand(self, prefix: str, pattern: str, kind: str, distance: int) -> list[str]:
        key = (prefix, pattern, kind, distance)
        if key not in self._expansions:
            self._expansions[key] = expand(self.conn, prefix, pattern, kind, distance)
        return self._expansions[key]

    def _compile(self, plan: SearchPlan) -> tuple[Compiler, Part | None]:
        """Compile twice: first to learn the lexemes the query may use, then with their
        document frequencies (a lexeme no document has matches nothing)."""
        stats = self._stats()
        seen: set[str] = set()

        def any_frequency(lexeme: str) -> int:
            seen.add(lexeme)
            return 1

        probe = Compiler(Stats(stats.documents, stats.average, any_frequency), self._expand)
        probe.compile(plan.query)
        self._lookup(seen)
        compiler = Compiler(stats, self._expand)
        return compiler, compiler.compile(plan.query)

    # the statement

    def run(self) -> EngineResults:
        plan = self.plan
        compiler: Compiler
        part: Part | None
        exclude: int | None = None
        if plan.like is not None:
            compiler, part = self._like(plan.like)
            exclude = plan.like
        elif plan.query is not None:
            compiler, part = self._compile(plan)
        elif plan.filters or plan.date_from or plan.date_to:
            compiler, part = Compiler(Stats(0, {}, self._frequency), self._expand), None
        else:
            return EngineResults(total=0, hits=(), page=plan.page)
        if part is NOTHING or (part is None and (plan.query is not None or plan.like)):
            return EngineResults(total=0, hits=(), page=plan.page)
        return self._statement(compiler, part, exclude)

    def _where(self, compiler: Compiler, part: Part | None, exclude: int | None) -> list[str]:
        where = []
        if part is not None:
            where.append(f"d.v @@ {compiler.tsquery(part.match)}")
        if not self.plan.include_restricted:
            where.append("NOT d.restricted")
        if exclude is not None:
            where.append(f"d.id <> {compiler.param(exclude)}")
        return where

    def _flags(self, compiler: Compiler) -> dict[str, str]:
        plan = self.plan
        flags: dict[str, str] = {}
        for name in FILTER_FIELDS:
            wanted = [normalise_value(v) for v in plan.filters.get(name, ())]
            if name in plan.filters:
                flags[name] = f"d.{FILTER_COLUMNS[name]} = ANY({compiler.param(wanted)})"
            else:
                flags[name] = "true"
        if plan.date_from or plan.date_to:
            low = date_number(plan.date_from) if plan.date_from else 1
            high = date_number(plan.date_to) if plan.date_to else 99_999_999
            flags["date"] = (
                f"d.date_number BETWEEN {compiler.param(max(low, 1))} AND {compiler.param(high)}"
            )
        else:
            flags["date"] = "true"
        return flags

    def _minimum(self, compiler: Compiler, where: list[str], flags: dict[str, str]) -> int:
        units = compiler.units
        if units is None:
            return 0
        want = minimum_words(len(units.matches), MIN_SHARE if units.share is None else units.share)
        if want <= 1:
            return 1
        counted = " + ".join(f"(d.v @@ {compiler.tsquery(m)})::int" for m in units.matches)
        sql = (
            f"SELECT EXISTS (SELECT 1 FROM {CURRENT.documents} d WHERE "
            + " AND ".join([*where, *flags.values(), f"({counted}) >= {want}"])
            + ")"
        )
        return want if self.conn.execute(text(sql), compiler.params).scalar() else 1

    def _statement(
        self, compiler: Compiler, part: Part | None, exclude: int | None
    ) -> EngineResults:
        plan = self.plan
        where = self._where(compiler, part, exclude)
        flags = self._flags(compiler)
        units = compiler.units
        minimum = self._minimum(compiler, where, flags)
        if units is not None:
            checks = [f"(x.v @@ {compiler.tsquery(m)})::int" for m in units.matches]
            matched = "(" + " + ".join(checks) + ")"
            mask = "(" + " + ".join(f"({c} << {i})" for i, c in enumerate(checks)) + ")"
        else:
            matched, mask = "0", "0"
        score = part.score if part is not None else "0"
        all_flags = " AND ".join(f"({sql})" for sql in flags.values())
        lateral = ""
        if part is not None:
            # each matching tsvector decompressed once (not once a term), and only for the
            # documents the filters let through when that is all that is scored
            copy = "d.v || ''::tsvector"
            if minimum <= 1:
                copy = f"CASE WHEN {all_flags} THEN {copy} END"
            lateral = (
                f"CROSS JOIN LATERAL (SELECT {copy} AS v OFFSET 0) x "
                f"CROSS JOIN LATERAL (SELECT {compiler.rank_columns()} OFFSET 0) r"
            )
        flag_columns = ", ".join(f"{sql} AS f_{name}" for name, sql in flags.items())
        facet_columns = ", ".join(f"d.{column}" for column in FILTER_COLUMNS.values())
        everything = " AND ".join(f"f_{name}" for name in flags)
        order = {
            SortOrder.RELEVANCE: "score DESC, id",
            SortOrder.NEWEST: "date_number DESC, id",
            SortOrder.OLDEST: "CASE WHEN date_number = 0 THEN 99999999 ELSE date_number END, id",
            SortOrder.TITLE: 'sort_title COLLATE "C", id',
        }[plan.sort]
        limit = max(plan.limit, 1)
        offset = (max(plan.page, 1) - 1) * limit
        facet_parts = []
        if plan.facets:
            for name, column in FILTER_COLUMNS.items():
                others = " AND ".join(f"f_{n}" for n in flags if n != name) or "true"
                facet_parts.append(
                    f"SELECT 2, NULL::integer, NULL::float8, NULL::bigint, "
                    f"'{name}', {column}, count(*) FILTER (WHERE {others}) "
                    f"FROM found WHERE {column} IS NOT NULL GROUP BY {column}"
                )
        sql = f"""
            WITH hits AS MATERIALIZED (
                SELECT d.id, d.date_number, d.sort_title, {facet_columns},
                       {score} AS score, {mask} AS mask, {matched} AS matched, {flag_columns}
                FROM {CURRENT.documents} d {lateral}
                WHERE {" AND ".join(where) or "true"}
            ), found AS MATERIALIZED (
                SELECT * FROM hits WHERE coalesce(matched, {max(minimum, 1)}) >= {minimum}
            )
            SELECT 0 AS part, id, score, mask::bigint, NULL::text AS name,
                   NULL::text AS value, row_number() OVER (ORDER BY {order}) AS n
            FROM (SELECT * FROM found WHERE {everything} ORDER BY {order}
                  LIMIT {limit} OFFSET {offset}) page
            UNION ALL
            SELECT 1, NULL, NULL, NULL, 'total', NULL, count(*)
            FROM found WHERE {everything}
            UNION ALL
            SELECT 1, NULL, NULL, NULL, 'complete', NULL, count(*)
            FROM hits WHERE {everything} AND matched = {len(units.matches) if units else -1}
            {"".join(" UNION ALL " + p for p in facet_parts)}
        """
        rows = self.conn.execute(text(sql), compiler.params).all()
        page_rows = sorted((r for r in rows if r[0] == 0), key=lambda r: r[6])
        counts = {r[4]: int(r[6]) for r in rows if r[0] == 1}
        total = counts.get("total", 0)
        last = max(1, -(-total // limit))
        if not page_rows and total and plan.page > last:
            from dataclasses import replace

            return _Search(self.conn, replace(plan, page=last)).run()
        facet_counts: dict[str, dict[str, int]] = {}
        for r in rows:
            if r[0] == 2:
                facet_counts.setdefault(str(r[4]), {})[str(r[5])] = int(r[6])
        hits = self._hits(
            [(int(r[1]), float(r[2] or 0.0), int(r[3] or 0)) for r in page_rows],
            part.lexemes if part is not None else [],
            units.labels if units is not None else (),
        )
        coverage = (
            Coverage(words=len(units.matches), complete=counts.get("complete", 0), minimum=minimum)
            if units is not None
            else None
        )
        return EngineResults(
            total=total,
            hits=hits,
            page=min(max(plan.page, 1), last),
            facets=facets_of(facet_counts, plan.filters) if plan.facets else (),
            coverage=coverage,
        )

    def _hits(
        self, page: list[tuple[int, float, int]], lexemes: list[str], labels: tuple[str, ...]
    ) -> tuple[Hit, ...]:
        if not page:
            return ()
        ids = [i for i, _, _ in page]
        snippets = self.plan.snippets
        found = self.conn.execute(
            text(
                "SELECT id, title, filename, language, restricted, seminar, partner, "
                "city_name, doc_type, date_number, size, page_count, "
                + ("text, page_starts, page_numbers, " if snippets else "")
                + (
                    "ARRAY(SELECT unnest(tsvector_to_array(v)) "
                    "INTERSECT SELECT unnest(CAST(:lexemes AS text[])))"
                    if snippets
                    else "NULL"
                )
                + f" FROM {CURRENT.documents} WHERE id = ANY(:ids)"
            ),
            {"ids": ids, "lexemes": sorted(set(lexemes))},
        ).all()
        rows = {int(r[0]): r for r in found}
        hits = []
        for document_id, score, mask in page:
            r = rows.get(document_id)
            if r is None:
                continue
            shown = (
                snippets_of(r.text, list(r.page_starts), list(r.page_numbers), r.language, r[-1])
                if snippets
                else ()
            )
            missing = tuple(label for i, label in enumerate(labels) if not mask >> i & 1)
            hits.append(
                Hit(
                    id=document_id,
                    title=str(r.title or r.filename or ""),
                    filename=str(r.filename or ""),
                    language=str(r.language or "und"),
                    score=round(score, 4),
                    snippet=" … ".join(s.html for s in shown),
                    snippets=shown,
                    page=shown[0].page if shown else None,
                    seminar=r.seminar or None,
                    partner=r.partner or None,
                    city=r.city_name or None,
                    doc_type=r.doc_type or None,
                    date=_date(r.date_number),
                    size=int(r.size or 0),
                    page_count=int(r.page_count or 0),
                    restricted=bool(r.restricted),
                    missing=missing,
                )
            )
        return tuple(hits)

    # more like this

    def _like(self, document_id: int) -> tuple[Compiler, Part | None]:
        stats = self._stats()
        restricted = "" if self.plan.include_restricted else "AND NOT d.restricted"
        rows = self.conn.execute(
            text(
                f"SELECT u.lexeme, coalesce(array_length(u.positions, 1), 1), w.docs "
                f"FROM {CURRENT.documents} d CROSS JOIN LATERAL unnest(d.v) u "
                f"JOIN {CURRENT.words} w ON w.word = u.lexeme "
                f"WHERE d.id = :id {restricted} AND u.lexeme LIKE 'f:%' AND w.docs > 0"
            ),
            {"id": document_id},
        ).all()
        ranked = sorted(
            (
                (tf * math.log(max(stats.documents, 1) / (docs + 1)) + 0.0, str(lex))
                for lex, tf, docs in rows
            ),
            reverse=True,
        )[:MLT_TERMS]
        ranked = [(w, lex) for w, lex in ranked if w > 0]
        compiler = Compiler(stats, self._expand)
        if not ranked:
            return compiler, None
        self._lookup(lex for _, lex in ranked)
        top = ranked[0][0]
        parts = []
        for weight, lex in ranked:
            score = compiler.term_score("content_folded", lex, weight / top)
            if score is not None:
                parts.append(Part(quote(lex), score, True, [lex]))
        return compiler, compiler._any(list(parts))


def _date(number: int | None) -> date | None:
    if not number:
        return None
    try:
        return date(number // 10_000, number // 100 % 100, number % 100)
    except ValueError:
        return None


def facets_of(
    counts: Mapping[str, Mapping[str, int]], filters: Mapping[str, Iterable[str]]
) -> tuple[Facet, ...]:
    """Facets from counts per value, in the order and shape of the Whoosh engine's."""
    facets = []
    for name in FILTER_FIELDS:
        active = {normalise_value(v) for v in filters.get(name, ())}
        values = [
            FacetValue(value, count, value, value in active)
            for value, count in counts.get(name, {}).items()
            if count or value in active
        ]
        seen = {v.value for v in values}
        values.extend(FacetValue(v, 0, v, True) for v in sorted(active - seen))
        if name == "year":
            values.sort(key=lambda v: v.value, reverse=True)
        else:
            values.sort(key=lambda v: (-v.count, v.value))
        facets.append(Facet(name, tuple(values[:MAX_FACET_VALUES])))
    return tuple(facets)


# -- patterns ------------------------------------------------------------------------------


def _range(prefix: str) -> tuple[str, str]:
    return prefix, prefix + _HIGHEST


def expand(conn: Connection, prefix: str, pattern: str, kind: str, distance: int) -> list[str]:
    """The words (without `prefix`) of visible documents a pattern stands for, at most
    `PATTERN_EXPANSION` (`RANGE_EXPANSION` for a range), in alphabetical order."""
    table = CURRENT.words
    if kind == "range":
        low, _, high = pattern.partition("\t")
        lo, hi = _range(prefix)
        rows = conn.execute(
            text(
                f"SELECT word FROM {table} WHERE word >= :lo AND word < :hi AND docs > 0 "
                "AND (:low = '' OR word >= :low) AND (:high = '' OR word <= :high) "
                f"ORDER BY word LIMIT {RANGE_EXPANSION}"
            ),
            {
                "lo": lo,
                "hi": hi,
                "low": prefix + low if low else "",
                "high": prefix + high if high else "",
            },
        ).scalars()
        return [str(w)[len(prefix) :] for w in rows]
    if kind == "prefix":
        lo, hi = _range(prefix + pattern)
        rows = conn.execute(
            text(
                f"SELECT word FROM {table} WHERE word >= :lo AND word < :hi AND docs > 0 "
                f"ORDER BY word LIMIT {PATTERN_EXPANSION}"
            ),
            {"lo": lo, "hi": hi},
        ).scalars()
        return [str(w)[len(prefix) :] for w in rows]
    if kind == "wildcard":
        head = ""
        for char in pattern:
            if char in "*?":
                break
            head += char
        like = "".join(
            "%" if c == "*" else "_" if c == "?" else "\\" + c if c in "%_\\" else c
            for c in pattern
        )
        lo, hi = _range(prefix + head)
        rows = conn.execute(
            text(
                f"SELECT word FROM {table} WHERE word >= :lo AND word < :hi AND docs > 0 "
                f"AND word LIKE :like ORDER BY word LIMIT {PATTERN_EXPANSION}"
            ),
            {"lo": lo, "hi": hi, "like": _like_literal(prefix) + like},
        ).scalars()
        return [str(w)[len(prefix) :] for w in rows]
    return [w for w, _ in near_words(conn, prefix, pattern, distance, "docs")][:PATTERN_EXPANSION]


def _like_literal(text_: str) -> str:
    return "".join("\\" + c if c in "%_\\" else c for c in text_)


def near_words(
    conn: Connection, prefix: str, word: str, distance: int, column: str
) -> list[tuple[str, int]]:
    """Words (without `prefix`) at most `distance` edits from `word`, sharing its first
    letter, with their document counts, in alphabetical order."""
    if not word:
        return []
    lo, hi = _range(prefix + word[0])
    rows = conn.execute(
        text(
            f"SELECT word, {column} FROM {CURRENT.words} WHERE word >= :lo AND word < :hi "
            f"AND {column} > 0 AND char_length(word) BETWEEN :short AND :long ORDER BY word"
        ),
        {
            "lo": lo,
            "hi": hi,
            "short": len(prefix) + len(word) - distance,
            "long": len(prefix) + len(word) + distance,
        },
    ).all()
    found = []
    for candidate, count in rows:
        bare = str(candidate)[len(prefix) :]
        if edit_distance(word, bare, distance) <= distance:
            found.append((bare, int(count)))
    return found


def edit_distance(a: str, b: str, bound: int) -> int:
    """Levenshtein distance of `a` and `b`, or `bound + 1` once it exceeds `bound`."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > bound:
            return bound + 1
        previous = current
    return previous[-1]


# -- the vocabulary --------------------------------------------------------------------------


BLOCK_LETTERS = 3
"""Words are read from the words table in blocks of those that begin with the same three
letters: putting accents back walks a word letter by letter (``tam``, ``tám``, ``tamo``,
``támo`` ...) and asks whether words begin so and how common they are, some 60 questions a
query, answered from a few blocks instead of one query each (a search of two unaccented
words: 657 ms -> see ADR 11)."""
BLOCK_WORDS = 5_000
"""A block with more words than this is not kept: its questions go to the database."""
BLOCK_SECONDS = 10.0
"""How long a block is kept (shared by the searches of one process): a word new in the
archive may be offered for accents or completion this much later."""


class WordBlocks:
    """Blocks of the exact words, kept for `BLOCK_SECONDS` (by the engine, for all its
    vocabularies)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._blocks: dict[str, tuple[float, list[str], dict[str, tuple[int, int]]] | None] = {}
        self._times: dict[str, float] = {}
        self._lock = threading.Lock()

    def clear(self) -> None:
        """Forget every block (this process wrote to the tables)."""
        with self._lock:
            self._blocks.clear()
            self._times.clear()

    def has_prefix(self, prefix: str) -> bool:
        """Whether some word begins with `prefix` (kept as a block is)."""
        if len(prefix) >= BLOCK_LETTERS:
            block = self.block(prefix[:BLOCK_LETTERS])
            if block is not None:
                words = block[0]
                at = bisect_left(words, prefix)
                return at < len(words) and words[at].startswith(prefix)
        key = "\0" + prefix
        now = time.monotonic()
        with self._lock:
            if now - self._times.get(key, -BLOCK_SECONDS) < BLOCK_SECONDS:
                return self._blocks[key] is not None
        lo, hi = _range(PostgresVocabulary.EXACT + prefix)
        with self.engine.connect() as conn:
            found = bool(
                conn.execute(
                    text(
                        f"SELECT EXISTS (SELECT 1 FROM {CURRENT.words} "
                        "WHERE word >= :lo AND word < :hi AND docs > 0)"
                    ),
                    {"lo": lo, "hi": hi},
                ).scalar()
            )
        with self._lock:
            self._blocks[key] = (now, [], {}) if found else None
            self._times[key] = now
        return found

    def block(self, start: str) -> tuple[list[str], dict[str, tuple[int, int]]] | None:
        """(sorted words, word -> (docs, public)) of the words that begin with `start`;
        None when there are too many to keep."""
        now = time.monotonic()
        with self._lock:
            if now - self._times.get(start, -BLOCK_SECONDS) < BLOCK_SECONDS:
                kept = self._blocks[start]
                return None if kept is None else (kept[1], kept[2])
        lo, hi = _range(PostgresVocabulary.EXACT + start)
        with self.engine.connect() as conn:
            rows = conn.execute(
                text(
                    f"SELECT word, docs, public FROM {CURRENT.words} "
                    f"WHERE word >= :lo AND word < :hi AND docs > 0 ORDER BY word "
                    f"LIMIT {BLOCK_WORDS + 1}"
                ),
                {"lo": lo, "hi": hi},
            ).all()
        cut = len(PostgresVocabulary.EXACT)
        found = (
            None
            if len(rows) > BLOCK_WORDS
            else (
                now,
                [str(w)[cut:] for w, _, _ in rows],
                {str(w)[cut:]: (int(d), int(p)) for w, d, p in rows},
            )
        )
        with self._lock:
            if len(self._blocks) > 10_000:
                self._blocks.clear()
                self._times.clear()
            self._blocks[start] = found
            self._times[start] = now
        return None if found is None else (found[1], found[2])


class PostgresVocabulary:
    """The words of the documents one searcher may see, from the words table."""

    EXACT = PREFIXES["content_exact"]

    def __init__(
        self, engine: Engine, include_restricted: bool, blocks: WordBlocks | None = None
    ) -> None:
        self.engine = engine
        self.include_restricted = include_restricted
        self.column = "docs" if include_restricted else "public"
        self.blocks = blocks or WordBlocks(engine)
        self._frequencies: dict[str, int] = {}
        self._prefixes: dict[str, bool] = {}

    def _conn(self) -> Any:
        return self.engine.connect()

    def has_prefix(self, prefix: str) -> bool:
        if prefix not in self._prefixes:
            self._prefixes[prefix] = self.blocks.has_prefix(prefix)
        return self._prefixes[prefix]

    def frequency(self, word: str) -> int:
        if len(word) >= BLOCK_LETTERS and word not in self._frequencies:
            block = self.blocks.block(word[:BLOCK_LETTERS])
            if block is not None:
                counts = block[1].get(word, (0, 0))
                self._frequencies[word] = max(counts[0 if self.include_restricted else 1], 0)
        if word not in self._frequencies:
            with self._conn() as conn:
                found = conn.execute(
                    text(f"SELECT {self.column} FROM {CURRENT.words} WHERE word = :w"),
                    {"w": self.EXACT + word},
                ).scalar()
            self._frequencies[word] = max(int(found or 0), 0)
        return self._frequencies[word]

    def language_frequency(self, term: str, language: str) -> int:
        keys = [t.text for t in language_analyzer(language)(term, mode="query") if not t.stopped]
        if not keys:
            return 0
        prefix = f"{field_language(language)}:"
        with self._conn() as conn:
            found = dict(
                conn.execute(
                    text(f"SELECT word, docs FROM {CURRENT.words} WHERE word = ANY(:w)"),
                    {"w": [prefix + k for k in keys]},
                ).all()
            )
        return min(max(int(found.get(prefix + k, 0)), 0) for k in keys)

    def near(self, word: str, distance: int, limit: int) -> list[str]:
        with self._conn() as conn:
            found = near_words(conn, self.EXACT, word, distance, self.column)[:limit]
        found.sort(key=lambda pair: (-pair[1], pair[0]))
        return [w for w, _ in found]

    def completions(self, prefix: str, limit: int) -> list[str]:
        lo, hi = _range(self.EXACT + prefix)
        with self._conn() as conn:
            rows = conn.execute(
                text(
                    f"SELECT word, {self.column} FROM {CURRENT.words} "
                    "WHERE word >= :lo AND word < :hi AND docs > 0 "
                    f"ORDER BY word LIMIT {SUGGEST_CANDIDATES}"
                ),
                {"lo": lo, "hi": hi},
            ).all()
            candidates = [(str(w)[len(self.EXACT) :], int(n)) for w, n in rows]
        for word, count in candidates:
            self._frequencies[word] = max(count, 0)
        candidates.sort(key=lambda pair: (-pair[1], pair[0]))
        return [w for w, n in candidates if n > 0][:limit]


def _conforms(engine: PostgresEngine) -> SearchEngine:
    return engine  # mypy checks that the engine fills the port
