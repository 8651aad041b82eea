"""The Whoosh index behind the `Indexer` port: schema, writing and searching."""

from __future__ import annotations

import gc
import itertools
import json
import logging
import re
import shutil
import threading
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from whoosh import collectors, sorting
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import IDTokenizer, LowercaseFilter
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.index import FileIndex
from whoosh.qparser import QueryParser
from whoosh.searching import Results, ResultsPage, Searcher

from archive.errors import IndexUnavailableError, SearchError
from archive.model import (
    UNDETERMINED,
    Document,
    Hit,
    Matching,
    Partner,
    SearchQuery,
    SearchResults,
    Seminar,
    SortOrder,
)
from search.accents import accented_forms, accented_prefixes
from search.analysis import (
    SUPPORTED_LANGUAGES,
    AccentFoldFilter,
    fold_accents,
    folded_analyzer,
    generic_analyzer,
    hungarian_backend,
    hungarian_parts,
    in_hungarian_dictionary,
    language_analyzer,
)
from search.codec import InliningCodec
from search.composition import Composed, Composer, Languages
from search.coordination import CoordinatedOr, SearchTimeout
from search.dictionaries import DICTD_FOLDER, Translator, english_lemmas
from search.facets import date_number, docsets
from search.glossary import Glossary
from search.kept import keep_expansions
from search.merging import merge_tiers
from search.postings import CompactCharacters, TermMap, Words, analyse, tokens_in
from search.query import (
    META_BOOST,
    OPERATORS,
    TITLE_BOOST,
    build_parser,
    limit_words,
    preload_unions,
)
from search.results import attach_matched_terms, to_hits
from search.scoring import ranking
from search.units import close_quotes

log = logging.getLogger(__name__)

SCHEMA_VERSION = 4
"""Raise when the schema or the analysis changes: the index is rebuilt from the catalogue."""

STAMP_FILE = "clusnet-index.json"
INDEXED_LANGUAGES: tuple[str, ...] = (*SUPPORTED_LANGUAGES, UNDETERMINED)
DEFAULT_TIME_LIMIT = 2.0
STALE_RETRIES = 2
"""Times a search is run again on a fresh searcher when the index changed under it."""
"""Seconds a search may run before it returns what it found so far."""
DICTIONARY_LOOKUPS = 1024
"""Spellings one query may look up in the dictionary to put accents back (about 0.1 ms
each): 32 made-up words would otherwise cost seconds before the time limit starts."""
RESPELL_WEIGHT = 0.5
"""An accented form this likely stands for an unaccented word in glossary matching."""
MLT_CHARS = 20_000
MLT_TERMS = 15
SUGGEST_CANDIDATES = 400
CORRECTION_CANDIDATES = 25
MAX_CORRECTED_WORDS = 3
_WORD = re.compile(r"(?<![\w:\-*~])[^\W\d_][\w'\u2019]*(?![\w:*~])")


def field_language(language: str) -> str:
    """The language suffix of the fields a text in `language` goes to."""
    return language if language in SUPPORTED_LANGUAGES else UNDETERMINED


def expansion_fields(language: str) -> tuple[str, ...]:
    """Where a glossary translation is looked for: its own language's fields, not all the
    fields a typed word is looked for in. Hungarian terms also in the folded field, which
    conflates derived forms the dictionary keeps apart (``egészségügy``,
    ``egészségügyi``)."""
    lang = field_language(language)
    if lang == "hu":
        return ("content_hu", "title_hu", "content_folded")
    return (f"content_{lang}", f"title_{lang}")


def metadata_analyzer() -> Any:
    """One term per value, lowercased and without accents: ``Pécs`` -> ``pecs``."""
    return IDTokenizer() | LowercaseFilter() | AccentFoldFilter()


CONTENT_FIELDS: tuple[str, ...] = (
    "content_exact",
    "content_folded",
    *(f"content_{lang}" for lang in INDEXED_LANGUAGES),
)
"""The fields of a document's full text: analysed once for all of them (search/postings.py)."""


def build_schema() -> Schema:
    meta = metadata_analyzer()
    fields: dict[str, Any] = {
        "id": ID(stored=True, unique=True),
        "filename": TEXT(analyzer=generic_analyzer(), stored=True),
        "title": STORED(),
        "language": ID(stored=True),
        "text": STORED(),
        "page_starts": STORED(),
        "page_numbers": STORED(),
        "size": STORED(),
        "page_count": STORED(),
        "city_name": STORED(),
        "seminar": ID(stored=True, analyzer=meta),
        "partner": ID(stored=True, analyzer=meta),
        "city": ID(analyzer=meta),
        "doc_type": ID(stored=True, analyzer=meta),
        "year": ID(analyzer=meta),
        "restricted": ID(stored=True),
        "date_number": NUMERIC(int, bits=32, stored=True, sortable=True, signed=False),
        "sort_title": ID(sortable=True),
        "author": TEXT(analyzer=folded_analyzer()),
        "meta": TEXT(analyzer=folded_analyzer(), field_boost=META_BOOST),
        "content_exact": _content(generic_analyzer()),
        "content_folded": _content(folded_analyzer()),
        "title_folded": TEXT(analyzer=folded_analyzer(), field_boost=TITLE_BOOST),
    }
    for lang in INDEXED_LANGUAGES:
        analyzer = language_analyzer(lang) if lang != UNDETERMINED else generic_analyzer()
        fields[f"content_{lang}"] = _content(analyzer)
        fields[f"title_{lang}"] = TEXT(analyzer=analyzer, field_boost=TITLE_BOOST)
    return Schema(**fields)


def _content(analyzer: Any) -> TEXT:
    """A full-text field: positions and character offsets (for phrases and snippets), in
    a compact format that also takes the text analysed already (search/postings.py)."""
    field = TEXT(analyzer=analyzer, chars=True, phrase=True)
    field.format = CompactCharacters(field_boost=field.format.field_boost)
    return field


_term_maps: dict[str, TermMap] = {}
_term_maps_lock = threading.Lock()


def term_map(field: str) -> TermMap:
    """The cached word -> terms map of a content field's analyzer (one per process)."""
    with _term_maps_lock:
        if not _term_maps:
            schema = build_schema()
            _term_maps.update({name: TermMap(schema[name].analyzer) for name in CONTENT_FIELDS})
        return _term_maps[field]


def current_stamp() -> dict[str, Any]:
    return {"schema": SCHEMA_VERSION, "hungarian": hungarian_backend()}


@dataclass(frozen=True)
class Places:
    """What the index needs to know of partners and seminars."""

    cities: dict[str, str]
    """partner slug -> city"""
    names: dict[str, str]
    """partner or seminar slug -> its name or title"""
    hosts: dict[str, str]
    """seminar slug -> hosting partner's slug"""

    @classmethod
    def of(cls, partners: Iterable[Partner], seminars: Iterable[Seminar]) -> Places:
        partners = list(partners)
        seminars = list(seminars)
        return cls(
            cities={p.slug: p.city for p in partners},
            names={**{p.slug: p.name for p in partners}, **{s.slug: s.title for s in seminars}},
            hosts={s.slug: s.host for s in seminars if s.host},
        )

    def city(self, document: Document) -> str | None:
        if document.partner and document.partner in self.cities:
            return self.cities[document.partner]
        host = self.hosts.get(document.seminar or "")
        return self.cities.get(host) if host else None


NO_PLACES = Places({}, {}, {})


def document_fields(document: Document, places: Places = NO_PLACES) -> dict[str, Any]:
    """The index fields of one document.

    Each page's text goes to the field of its language, with character offsets into the
    one stored full text (snippets are cut from it, and the stored page start offsets turn
    a snippet's offset into its page number). The full text is tokenized once for all its
    fields (search/postings.py).
    """
    pages = [page for page in document.pages if page.text]
    full_text = "\n\n".join(page.text for page in pages)
    starts = list(itertools.accumulate((len(p.text) + 2 for p in pages[:-1]), initial=0))
    doc_lang = field_language(document.language)
    page_langs = [
        field_language(page.language if page.language != UNDETERMINED else doc_lang)
        for page in pages
    ]
    city = places.city(document)
    when = document.date
    meta_parts = [
        *document.authors,
        places.names.get(document.seminar or "", ""),
        places.names.get(document.partner or "", ""),
        city or "",
        document.description or "",
    ]
    fields: dict[str, Any] = {
        "id": str(document.id),
        "filename": document.filename,
        "title": document.display_title,
        "language": document.language,
        "text": full_text,
        "page_starts": starts,
        "page_numbers": [p.number for p in pages],
        "size": document.size,
        "page_count": document.page_count,
        "restricted": "1" if document.restricted else "0",
        "date_number": date_number(when),
        "sort_title": fold_accents(document.display_title.casefold()).strip(),
        "title_folded": document.display_title,
        f"title_{doc_lang}": document.display_title,
    }
    optional = {
        "seminar": document.seminar,
        "partner": document.partner,
        "city": city,
        "city_name": city,
        "doc_type": document.doc_type.value if document.doc_type else None,
        "year": str(when.year) if when else None,
        "author": "\n".join(document.authors) or None,
        "meta": "\n".join(p for p in meta_parts if p) or None,
    }
    fields.update({k: v for k, v in optional.items() if v})
    words = Words.of(full_text)
    fields["content_exact"] = analyse(words, term_map("content_exact"))
    fields["content_folded"] = analyse(words, term_map("content_folded"))
    languages = set(page_langs)
    for lang in languages:
        # the other languages' pages are left out, as if blanked: offsets still point
        # into the one stored full text
        keep = None
        if len(languages) > 1:
            spans = [
                (start, start + len(page.text))
                for start, page, page_lang in zip(starts, pages, page_langs, strict=True)
                if page_lang == lang
            ]
            keep = tokens_in(words, spans)
        fields[f"content_{lang}"] = analyse(words, term_map(f"content_{lang}"), keep)
    return fields


class GatheringCollector(collectors.WrappingCollector):
    """Drops hidden documents, remembers every visible match (for facet counts) and passes
    on those that pass the filters."""

    def __init__(
        self, child: collectors.Collector, hidden: frozenset[int], allow: set[int] | None
    ) -> None:
        super().__init__(child)
        self.hidden = hidden
        self.allow = allow
        self.matched: set[int] = set()

    def prepare(self, top_searcher: Searcher, q: Any, context: Any) -> None:
        super().prepare(top_searcher, q, context)
        self.matched = set()

    def collect(self, sub_docnum: int) -> Any:
        docnum = self.offset + sub_docnum
        if docnum in self.hidden:
            return None
        self.matched.add(docnum)
        if self.allow is not None and docnum not in self.allow:
            return None
        return self.child.collect(sub_docnum)


@dataclass
class Run:
    results: Results
    matched: set[int]
    timed_out: bool
    coordinated: CoordinatedOr | None = None
    """The wanted words' part of the query, as run (it knows which words each document
    has)."""


def matching_of(coordinated: CoordinatedOr | None) -> Matching | None:
    coverage = coordinated.coverage if coordinated is not None else None
    if coverage is None:
        return None
    return Matching(words=coverage.words, complete=coverage.complete, minimum=coverage.minimum)


def with_missing(hit: Hit, missing: list[int], labels: tuple[str, ...]) -> Hit:
    if not missing:
        return hit
    return replace(hit, missing=tuple(labels[i] for i in missing if i < len(labels)))


def find_coordinated(query: Any) -> CoordinatedOr | None:
    """The `CoordinatedOr` in `query` (there is at most one)."""
    if isinstance(query, CoordinatedOr):
        return query
    for child in query.children():
        found = find_coordinated(child)
        if found is not None:
            return found
    return None


class WhooshIndex:
    """A Whoosh index in one folder. Writes from one process at a time; reads from many."""

    def __init__(
        self,
        path: Path,
        glossary: Path | None = None,
        time_limit: float = DEFAULT_TIME_LIMIT,
        dictionaries: Path | None = DICTD_FOLDER,
    ) -> None:
        self.path = path
        self.glossary_path = glossary
        self.translator = Translator(dictionaries)
        self.time_limit = time_limit
        self._local = threading.local()
        self._lock = threading.Lock()
        self._ix: FileIndex | None = None
        self._searchers: list[Searcher] = []
        self._places = NO_PLACES
        self._glossary: tuple[float | None, Glossary] | None = None

    # -- state ---------------------------------------------------------------------

    def rebuild_reason(self) -> str | None:
        if not self.path.is_dir() or not whoosh_index.exists_in(str(self.path)):
            return "the index does not exist yet"
        try:
            stamp = json.loads((self.path / STAMP_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return "the index has no schema stamp"
        if stamp != current_stamp():
            return f"the index was built with {stamp}, the archive now uses {current_stamp()}"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            try:  # open every segment and read from it: a damaged file fails here
                with whoosh_index.open_dir(str(self.path)).reader() as reader:
                    reader.doc_count()
                    next(iter(reader.all_stored_fields()), None)
            except Exception as exc:
                gc.collect()  # the files a half-opened reader left open
                return f"the index cannot be opened ({type(exc).__name__})"
        return None

    def _index(self) -> FileIndex:
        with self._lock:
            if self._ix is None:
                try:
                    self._ix = whoosh_index.open_dir(str(self.path))
                except Exception as exc:
                    raise IndexUnavailableError(
                        "the search index is missing or damaged: "
                        "run `clusnet reindex` to rebuild it from the catalogue"
                    ) from exc
            return self._ix

    def _searcher(self) -> Searcher:
        """One searcher per thread, replaced by a new one when the index has changed.

        Not `Searcher.refresh()`: in whoosh3 3.54 it reuses the reader of a segment whose
        deletions changed (segments compare by id), so a withdrawn document would stay
        visible, and it can bring back segments a merge removed."""
        current: Searcher | None = getattr(self._local, "searcher", None)
        ix = self._index()
        if current is not None and ix.latest_generation() == current.reader().generation():
            return current
        searcher = ix.searcher(weighting=ranking())
        with self._lock:
            if current is not None and current in self._searchers:
                self._searchers.remove(current)
                current.close()
            self._searchers.append(searcher)
        self._local.searcher = searcher
        return searcher

    def _parser(self, searcher: Searcher) -> QueryParser:
        cached: tuple[Any, QueryParser] | None = getattr(self._local, "parser", None)
        if cached is None or cached[0] is not searcher.schema:
            cached = (searcher.schema, build_parser(searcher.schema, INDEXED_LANGUAGES))
            self._local.parser = cached
        return cached[1]

    def glossary(self) -> Glossary:
        """The glossary, read again when the librarian's file has changed."""
        try:
            mtime = self.glossary_path.stat().st_mtime if self.glossary_path else None
        except OSError:
            mtime = None
        with self._lock:
            if self._glossary is None or self._glossary[0] != mtime:
                self._glossary = (mtime, Glossary.load(self.glossary_path))
            return self._glossary[1]

    def close(self) -> None:
        """Close every searcher this index opened (in any thread)."""
        with self._lock:
            for searcher in self._searchers:
                searcher.close()
            self._searchers.clear()
            self._local = threading.local()
            self._ix = None

    # -- writing -------------------------------------------------------------------

    def describe(self, partners: Iterable[Partner], seminars: Iterable[Seminar]) -> None:
        self._places = Places.of(partners, seminars)

    def clear(self) -> None:
        self.close()
        with self._lock:
            if self.path.exists():
                shutil.rmtree(self.path)
            self.path.mkdir(parents=True)
            whoosh_index.create_in(str(self.path), build_schema())
            (self.path / STAMP_FILE).write_text(json.dumps(current_stamp()), encoding="utf-8")

    def rebuild(self, batches: Iterable[Iterable[Document]]) -> int:
        """Build a new index beside this one and swap it in when complete (search/rebuild.py);
        searches keep answering from the old one meanwhile."""
        from search.rebuild import rebuild_beside

        def fields_of(document: Document) -> dict[str, Any] | None:
            return None if document.withdrawn else document_fields(document, self._places)

        stamp = (STAMP_FILE, json.dumps(current_stamp()))
        written = rebuild_beside(self.path, build_schema(), stamp, batches, fields_of)
        with self._lock:
            self._ix = None  # open the new one; searchers of the old are replaced when used
        return written

    def add(self, documents: Iterable[Document]) -> int:
        """Index documents; a withdrawn document is taken out of the index instead."""
        written = 0
        writer = self._index().writer(
            timeout=60.0, limitmb=256, compound=False, codec=InliningCodec()
        )
        try:
            for document in documents:
                if document.withdrawn is not None:
                    writer.delete_by_term("id", str(document.id))
                else:
                    writer.update_document(**document_fields(document, self._places))
                written += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=merge_tiers)
        return written

    def optimize(self) -> None:
        """Merge the index into one segment (after a full rebuild): a search then sets up
        its matchers once instead of once per segment. The merged segment is written
        uncompounded: a compound one is copied into memory by every new searcher."""
        writer = self._index().writer(
            timeout=60.0, limitmb=256, compound=False, codec=InliningCodec()
        )
        writer.commit(optimize=True)

    def delete(self, ids: Iterable[int]) -> None:
        writer = self._index().writer(timeout=60.0, compound=False, codec=InliningCodec())
        for document_id in ids:
            writer.delete_by_term("id", str(document_id))
        writer.commit(mergetype=merge_tiers)

    # -- reading -------------------------------------------------------------------

    def document_ids(self) -> set[int]:
        searcher = self._searcher()
        return {int(fields["id"]) for fields in searcher.all_stored_fields()}

    def search(self, query: SearchQuery) -> SearchResults:
        for _ in range(STALE_RETRIES):
            searcher = self._searcher()
            try:
                return self._search(query, searcher)
            except Exception:
                if self._current(searcher):
                    raise
            # A writer (another process) committed meanwhile, and a merge removed segment
            # files this searcher had not opened yet (Whoosh opens some lazily): search
            # again on the new generation.
        return self._search(query, self._searcher())

    def _current(self, searcher: Searcher) -> bool:
        try:
            return bool(self._index().latest_generation() == searcher.reader().generation())
        except Exception:
            return False

    def _search(self, query: SearchQuery, searcher: Searcher) -> SearchResults:
        sets = docsets(searcher)
        hidden = sets.hidden(query.include_restricted)
        notices: list[str] = []
        expansions: tuple[str, ...] = ()
        accented: tuple[str, ...] = ()
        expandable = False
        parsed: Any = None
        composed: Composed | None = None
        if query.like is not None:
            parsed, like_docnum = self._like_query(searcher, query.like, hidden)
            if like_docnum is not None:
                hidden = hidden | {like_docnum}
        elif query.text.strip():
            typed, cut = limit_words(query.text)
            if cut:
                notices.append(cut)
            if close_quotes(typed) != typed:
                typed = close_quotes(typed)
                notices.append("A closing quote was missing: the words were searched.")
            # whoever types one accent types them all
            restore = query.expand and typed.isascii()
            forms: dict[str, list[tuple[str, float]]] = {}
            lookups = DICTIONARY_LOOKUPS

            def in_dictionary(spelling: str) -> bool:
                nonlocal lookups
                lookups -= 1
                return lookups >= 0 and in_hungarian_dictionary(spelling)

            def accented_of(word: str) -> list[tuple[str, float]]:
                if word not in forms:
                    forms[word] = (
                        self._accented(searcher, word, hidden, in_dictionary) if restore else []
                    )
                return forms[word]

            def respell(word: str) -> str:
                found = accented_of(word.lower())
                return found[0][0] if found and found[0][1] >= RESPELL_WEIGHT else word

            composer = Composer(
                self._parser(searcher),
                self.glossary(),
                expand=query.expand,
                fields=expansion_fields,
                respell=respell,
                accented_of=accented_of,
                restore=restore,
                languages=self._languages(searcher),
            )
            composed = composer.compose(typed, strict=query.match_all)
            expansions, expandable = composed.expansions, composed.expandable
            accented = composed.accented
            parsed = composed.query
            notices.extend(composed.notices)
        elif query.filters or query.date_from or query.date_to:
            parsed = wq.Every()
        empty = SearchResults(
            query=query.text,
            total=0,
            hits=(),
            page=query.page,
            limit=query.limit,
            notices=tuple(notices),
            expansions=expansions,
            accented=accented,
            expandable=expandable,
            sort=query.sort,
        )
        if parsed is None:
            return empty
        allow = sets.allowed(query.filters, query.date_from, query.date_to)
        try:
            run = self._run(searcher, parsed, query, hidden, allow)
            total = len(run.results)
            pagenum = min(max(query.page, 1), max(1, -(-total // query.limit)))
            page = ResultsPage(run.results, pagenum, query.limit)
            if query.snippets:
                docnums = [hit.docnum for hit in page]
                attach_matched_terms(run.results, searcher, parsed, docnums)
            hits = to_hits(page, with_snippets=query.snippets)
            if run.coordinated is not None and composed is not None:
                hits = tuple(
                    with_missing(
                        hit, run.coordinated.missing(searcher, whoosh_hit.docnum), composed.labels
                    )
                    for hit, whoosh_hit in zip(hits, page, strict=True)
                )
        except Exception as exc:
            if self._current(searcher):
                log.exception("search failed for %r", query.text)
            raise SearchError("the search could not be run; try simpler words") from exc
        if run.timed_out:
            notices.append(
                f"The search took longer than {self.time_limit:g} s; "
                "these are the documents found until then."
            )
        facets = (
            sets.facets(run.matched, query.filters, query.date_from, query.date_to)
            if query.facets
            else ()
        )
        suggestion: str | None = None
        unknown: tuple[str, ...] = ()
        if query.like is None and query.text.strip() and not run.timed_out:
            suggestion, unknown = self._did_you_mean(searcher, query, hidden, allow)
        return SearchResults(
            query=query.text,
            total=total,
            hits=hits,
            page=pagenum,
            limit=query.limit,
            notices=tuple(notices),
            facets=facets,
            suggestion=suggestion,
            expansions=expansions,
            accented=accented,
            expandable=expandable,
            timed_out=run.timed_out,
            sort=query.sort,
            matching=matching_of(run.coordinated),
            unknown=unknown,
            strict=composed.strict if composed is not None else False,
        )

    def _languages(self, searcher: Searcher) -> Languages:
        reader = searcher.reader()
        hungarian = language_analyzer("hu")
        analyzers = {"hu": hungarian, "en": language_analyzer("en")}

        def hungarian_lemmas(word: str) -> list[str]:
            stems = [t.text for t in hungarian(word, mode="query") if not t.stopped]
            return list(dict.fromkeys([word, *stems]))

        def is_hungarian(word: str) -> bool:
            return in_hungarian_dictionary(word) or self.translator.knows(
                word, "hu", hungarian_lemmas
            )

        def frequency(term: str, language: str) -> int:
            keys = [t.text for t in analyzers[language](term, mode="query") if not t.stopped]
            if not keys:
                return 0
            return min(int(reader.doc_frequency(f"content_{language}", key)) for key in keys)

        return Languages(
            translator=self.translator,
            is_hungarian=is_hungarian,
            hungarian_lemmas=hungarian_lemmas,
            english_lemmas=english_lemmas,
            frequency=frequency,
            hungarian_parts=hungarian_parts,
        )

    def _run(
        self,
        searcher: Searcher,
        parsed: Any,
        query: SearchQuery,
        hidden: frozenset[int],
        allow: set[int] | None,
        limit: int | None = None,
        terms: bool = False,
    ) -> Run:
        wanted = limit or max(query.page, 1) * query.limit
        top: collectors.Collector
        if query.sort is SortOrder.NEWEST:
            top = collectors.SortingCollector(
                sorting.FieldFacet("date_number", reverse=True), limit=wanted
            )
        elif query.sort is SortOrder.OLDEST:
            top = collectors.SortingCollector(
                sorting.TranslateFacet(
                    lambda value: value or 99_999_999, sorting.FieldFacet("date_number")
                ),
                limit=wanted,
            )
        elif query.sort is SortOrder.TITLE:
            top = collectors.SortingCollector(sorting.FieldFacet("sort_title"), limit=wanted)
        else:
            top = collectors.TopCollector(wanted, usequality=False)
            # No matcher replacement either: once the top N is full it drops documents
            # that cannot enter it, and the count and facets need every match.
            top.replace = 0
        inner = collectors.TermsCollector(top) if terms else top
        gather = GatheringCollector(inner, hidden, allow)
        final = preload_unions(keep_expansions(parsed))
        coordinated = find_coordinated(final)
        deadline = time.monotonic() + self.time_limit
        if coordinated is not None:

            def visible(docnum: int) -> bool:
                return docnum not in hidden and (allow is None or docnum in allow)

            try:
                coordinated.prepare(searcher, visible, deadline)
            except SearchTimeout:
                empty = collectors.TopCollector(1)
                searcher.search_with_collector(wq.NullQuery, empty)
                return Run(empty.results(), set(), True)
        remaining = max(1e-6, deadline - time.monotonic())
        timed = collectors.TimeLimitCollector(gather, timelimit=remaining, use_alarm=False)
        timed_out = False
        try:
            searcher.search_with_collector(final, timed)
        except collectors.TimeLimit:
            timed_out = True
        return Run(timed.results(), gather.matched, timed_out, coordinated)

    def _count(
        self,
        searcher: Searcher,
        text: str,
        hidden: frozenset[int],
        allow: set[int] | None,
    ) -> int:
        composer = Composer(
            self._parser(searcher),
            self.glossary(),
            expand=False,
            fields=expansion_fields,
            respell=lambda word: word,
            accented_of=lambda word: [],
            restore=False,
        )
        parsed = composer.compose(close_quotes(text)).query
        if parsed is None:
            return 0
        probe = SearchQuery(text, limit=1, facets=False, snippets=False)
        return len(self._run(searcher, parsed, probe, hidden, allow).results)

    # -- more like this ------------------------------------------------------------

    def _like_query(
        self, searcher: Searcher, document_id: int, hidden: frozenset[int]
    ) -> tuple[Any, int | None]:
        docnum = searcher.document_number(id=str(document_id))
        if docnum is None or docnum in hidden:
            return None, None
        stored = searcher.stored_fields(docnum)
        text = f"{stored.get('title') or ''}\n{(stored.get('text') or '')[:MLT_CHARS]}"
        terms = searcher.key_terms_from_text("content_folded", text, numterms=MLT_TERMS)
        if not terms:
            return None, docnum
        return wq.Or([wq.Term("content_folded", t, boost=w) for t, w in terms]), docnum

    # -- did you mean, autocomplete ------------------------------------------------

    def _visible(self, searcher: Searcher, field: str, term: str, hidden: frozenset[int]) -> bool:
        """Whether a document that is not deleted or hidden has `term` in `field`."""
        reader = searcher.reader()
        try:
            postings = reader.postings(field, term)
        except Exception:
            return False
        return any(docnum not in hidden for docnum in postings.all_ids())

    def _accented(
        self,
        searcher: Searcher,
        word: str,
        hidden: frozenset[int],
        in_dictionary: Callable[[str], bool] | None = in_hungarian_dictionary,
    ) -> list[tuple[str, float]]:
        """Accented spellings of `word` typed without accents (search/accents.py), from
        the words of documents the searcher may see, else from the dictionary."""
        reader = searcher.reader()
        # each segment on its own: a merged walk over all of them costs more than the
        # lookups it saves (a 17-segment index: 3 ms a lookup merged)
        segments = [leaf for leaf, _ in reader.leaf_readers()]

        def has_prefix(prefix: str) -> bool:
            return any(
                next(iter(leaf.expand_prefix("content_exact", prefix)), None) is not None
                for leaf in segments
            )

        def frequency(form: str) -> int:
            found = int(reader.doc_frequency("content_exact", form))
            return found if found and self._visible(searcher, "content_exact", form, hidden) else 0

        return accented_forms(word, has_prefix, frequency, in_dictionary)

    def _known(self, searcher: Searcher, word: str, hidden: frozenset[int]) -> bool:
        """Whether `word` is a word, not a typo: some document has it as typed, or the
        Hungarian or English dictionary knows it, or it is a word typed without its accents.
        (Not whether its stem or accent-free form matches: ``klaszterpolitka`` shares its
        folded stem with ``klaszterpolitika`` and finds it, but is still a typo.)"""
        reader = searcher.reader()
        if reader.doc_frequency("content_exact", word):
            return True
        if in_hungarian_dictionary(word) or self.translator.knows(word, "en", english_lemmas):
            return True
        return word.isascii() and bool(self._accented(searcher, word, hidden, in_dictionary=None))

    def _did_you_mean(
        self,
        searcher: Searcher,
        query: SearchQuery,
        hidden: frozenset[int],
        allow: set[int] | None,
    ) -> tuple[str | None, tuple[str, ...]]:
        """A corrected query from the archive's own words, offered only when each
        corrected word is in a visible document and the corrected query has visible hits;
        and the words it corrected.

        At most `MAX_CORRECTED_WORDS` unknown words are looked up (each is a walk of the
        vocabulary: 0.1-0.2 s at 10,000 documents), so a long made-up query does not take
        seconds after its search."""
        reader = searcher.reader()
        unknown = list(
            dict.fromkeys(
                match.group(0).lower()
                for match in _WORD.finditer(query.text)
                if match.group(0) not in OPERATORS and len(match.group(0)) >= 3
            )
        )
        typos: list[str] = []
        for word in unknown:
            if not self._known(searcher, word, hidden):
                typos.append(word)
                if len(typos) > MAX_CORRECTED_WORDS:
                    return None, ()  # a query of this many unknown words is not a typo
        unknown = typos
        corrections: dict[str, str] = {}
        for lower in unknown:
            maxdist = 1 if len(lower) <= 5 else 2
            candidates = itertools.islice(
                reader.terms_within("content_exact", lower, maxdist, prefix=1),
                CORRECTION_CANDIDATES,
            )
            ranked = sorted(
                (str(c) for c in candidates),
                key=lambda c: (-reader.doc_frequency("content_exact", c), c),
            )
            best = next(
                (c for c in ranked if self._visible(searcher, "content_exact", c, hidden)), None
            )
            if best:
                corrections[lower] = best
        if not corrections:
            return None, ()
        corrected = _WORD.sub(lambda m: corrections.get(m.group(0).lower(), m.group(0)), query.text)
        if corrected == query.text:
            return None, ()
        if self._count(searcher, corrected, hidden, allow) == 0:
            return None, ()
        return corrected, tuple(corrections)

    def suggest(self, prefix: str, limit: int = 10, include_restricted: bool = False) -> list[str]:
        words = prefix.split()
        if not words or prefix.endswith(" "):
            return []
        last = words[-1].lower()
        if len(last) < 2 or not last.isalpha():
            return []
        head = prefix[: len(prefix) - len(words[-1])]
        searcher = self._searcher()
        hidden = docsets(searcher).hidden(include_restricted)
        reader = searcher.reader()
        # a prefix typed without accents completes as search matches it: önkorm... too
        prefixes = [last]
        if last.isascii():
            segments = [leaf for leaf, _ in reader.leaf_readers()]

            def has_prefix(start: str) -> bool:
                return any(
                    next(iter(leaf.expand_prefix("content_exact", start)), None) is not None
                    for leaf in segments
                )

            prefixes.extend(accented_prefixes(last, has_prefix))
        candidates = list(
            dict.fromkeys(
                t.decode("utf-8") if isinstance(t, bytes) else str(t)
                for start in prefixes
                for t in itertools.islice(
                    reader.expand_prefix("content_exact", start), SUGGEST_CANDIDATES
                )
            )
        )
        candidates.sort(key=lambda t: (-reader.doc_frequency("content_exact", t), t))
        found: list[str] = []
        for term in candidates:
            if len(found) >= limit:
                break
            if self._visible(searcher, "content_exact", term, hidden):
                found.append(head + term)
        return found
