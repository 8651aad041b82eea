"""Searching, whatever the engine: from a `SearchQuery` to `SearchResults`.

The archive's search port (`archive.ports.Indexer`) over an engine
(`archive.ports.SearchEngine`): the pipeline cuts and plans the query (search/planning.py:
units, glossary and dictionary translations, accents put back), lets the engine run the
plan, and adds what comes after (did you mean, notices). Writes go straight to the engine.
Everything here asks the engine's `Vocabulary`, never the engine's own index, so the same
pipeline runs over Whoosh and over another engine.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from archive.model import (
    Document,
    Matching,
    Partner,
    SearchQuery,
    SearchResults,
    Seminar,
)
from archive.plan import Node, SearchPlan
from archive.ports import SearchEngine, Vocabulary
from search.accents import accented_forms, accented_prefixes
from search.analysis import hungarian_parts, in_hungarian_dictionary, language_analyzer
from search.dictionaries import DICTD_FOLDER, Translator, english_lemmas
from search.glossary import Glossary
from search.planning import Languages, Planned, Planner
from search.syntax import OPERATORS
from search.units import close_quotes

log = logging.getLogger(__name__)

DEFAULT_TIME_LIMIT = 2.0
"""Seconds a search may run before it returns what it found so far."""
MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 32
DICTIONARY_LOOKUPS = 1024
"""Spellings one query may look up in the dictionary to put accents back (about 0.1 ms
each): 32 made-up words would otherwise cost seconds before the time limit starts."""
CORRECTION_CANDIDATES = 25
MAX_CORRECTED_WORDS = 3
SUGGEST_CANDIDATES = 400
_WORD = re.compile(r"(?<![\w:\-*~])[^\W\d_][\w'\u2019]*(?![\w:*~])")


def limit_words(text: str) -> tuple[str, str | None]:
    """The first `MAX_QUERY_WORDS` words (at most `MAX_QUERY_CHARS` characters) of what a
    user typed, and a notice when that cut something."""
    text = " ".join(text.split())
    words = text.split(" ")
    if len(text) <= MAX_QUERY_CHARS and len(words) <= MAX_QUERY_WORDS:
        return text, None
    return " ".join(words[:MAX_QUERY_WORDS])[:MAX_QUERY_CHARS], (
        f"Only the first {MAX_QUERY_WORDS} words (at most {MAX_QUERY_CHARS} "
        "characters) of the query were searched."
    )


class SearchPipeline:
    """The archive's search over one engine."""

    def __init__(
        self,
        engine: SearchEngine,
        glossary: Path | None = None,
        dictionaries: Path | None = DICTD_FOLDER,
        time_limit: float = DEFAULT_TIME_LIMIT,
    ) -> None:
        self.engine = engine
        self.glossary_path = glossary
        self.translator = Translator(dictionaries)
        self.time_limit = time_limit
        self._glossary: tuple[float | None, Glossary] | None = None
        self._lock = threading.Lock()
        hungarian = language_analyzer("hu")

        def hungarian_lemmas(word: str) -> list[str]:
            stems = [t.text for t in hungarian(word, mode="query") if not t.stopped]
            return list(dict.fromkeys([word, *stems]))

        self._hungarian_lemmas = hungarian_lemmas

    # -- writing: the engine's ----------------------------------------------------------

    def add(self, documents: Iterable[Document]) -> int:
        return self.engine.add(documents)

    def delete(self, ids: Iterable[int]) -> None:
        self.engine.delete(ids)

    def describe(self, partners: Iterable[Partner], seminars: Iterable[Seminar]) -> None:
        self.engine.describe(partners, seminars)

    def document_ids(self) -> set[int]:
        return self.engine.document_ids()

    def rebuild(self, batches: Iterable[Iterable[Document]]) -> int:
        return self.engine.rebuild(batches)

    def rebuild_reason(self) -> str | None:
        return self.engine.rebuild_reason()

    def write_problem(self) -> str | None:
        return self.engine.write_problem()

    def remove_stale(self) -> int:
        return self.engine.remove_stale()

    def close(self) -> None:
        self.engine.close()

    # -- the glossary and the languages ---------------------------------------------------

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

    def languages(self) -> Languages:
        def is_hungarian(word: str) -> bool:
            return in_hungarian_dictionary(word) or self.translator.knows(
                word, "hu", self._hungarian_lemmas
            )

        return Languages(
            translator=self.translator,
            is_hungarian=is_hungarian,
            hungarian_lemmas=self._hungarian_lemmas,
            hungarian_parts=hungarian_parts,
            in_dictionary=in_hungarian_dictionary,
        )

    # -- searching ----------------------------------------------------------------------

    def _plan(self, query: SearchQuery, node: Node | None) -> SearchPlan:
        return SearchPlan(
            query=node,
            filters=query.filters,
            date_from=query.date_from,
            date_to=query.date_to,
            include_restricted=query.include_restricted,
            sort=query.sort,
            page=query.page,
            limit=query.limit,
            facets=query.facets,
            snippets=query.snippets,
            like=query.like,
            time_limit=self.time_limit,
        )

    def search(self, query: SearchQuery) -> SearchResults:
        notices: list[str] = []
        planned = Planned(None)
        vocabulary: Vocabulary | None = None
        if query.like is None and query.text.strip():
            typed, cut = limit_words(query.text)
            if cut:
                notices.append(cut)
            if close_quotes(typed) != typed:
                typed = close_quotes(typed)
                notices.append("A closing quote was missing: the words were searched.")
            vocabulary = self.engine.vocabulary(query.include_restricted)
            planner = Planner(
                self.glossary(),
                vocabulary,
                self.languages(),
                expand=query.expand,
                dictionary_lookups=DICTIONARY_LOOKUPS,
            )
            planned = planner.plan(typed, strict=query.match_all)
            notices.extend(planned.notices)
            if planned.node is None:
                return SearchResults(
                    query=query.text,
                    total=0,
                    hits=(),
                    page=query.page,
                    limit=query.limit,
                    notices=tuple(notices),
                    expansions=planned.expansions,
                    accented=planned.accented,
                    expandable=planned.expandable,
                    sort=query.sort,
                    strict=planned.strict,
                )
        elif query.like is None and not (query.filters or query.date_from or query.date_to):
            return SearchResults(query="", total=0, hits=(), page=query.page, limit=query.limit)
        found = self.engine.execute(self._plan(query, planned.node))
        if found.timed_out:
            notices.append(
                f"The search took longer than {self.time_limit:g} s; "
                "these are the documents found until then."
            )
        suggestion: str | None = None
        unknown: tuple[str, ...] = ()
        if vocabulary is not None and not found.timed_out:
            # asked again: running the plan may have moved this thread to a newer index,
            # and a vocabulary answers for the index it was taken from
            vocabulary = self.engine.vocabulary(query.include_restricted)
            suggestion, unknown = self._did_you_mean(query, vocabulary)
        coverage = found.coverage
        return SearchResults(
            query=query.text,
            total=found.total,
            hits=found.hits,
            page=found.page,
            limit=query.limit,
            notices=tuple(notices),
            facets=found.facets,
            suggestion=suggestion,
            unknown=unknown,
            expansions=planned.expansions,
            accented=planned.accented,
            expandable=planned.expandable,
            timed_out=found.timed_out,
            sort=query.sort,
            matching=Matching(coverage.words, coverage.complete, coverage.minimum)
            if coverage is not None
            else None,
            strict=planned.strict,
        )

    # -- did you mean, autocomplete ------------------------------------------------------

    def _known(self, word: str, vocabulary: Vocabulary) -> bool:
        """Whether `word` is a word, not a typo: some document has it as typed, or the
        Hungarian or English dictionary knows it, or it is a word typed without its accents.
        (Not whether its stem or accent-free form matches: ``klaszterpolitka`` shares its
        folded stem with ``klaszterpolitika`` and finds it, but is still a typo.)"""
        if vocabulary.frequency(word):
            return True
        if in_hungarian_dictionary(word) or self.translator.knows(word, "en", english_lemmas):
            return True
        return word.isascii() and bool(
            accented_forms(word, vocabulary.has_prefix, vocabulary.frequency, None)
        )

    def _did_you_mean(
        self, query: SearchQuery, vocabulary: Vocabulary
    ) -> tuple[str | None, tuple[str, ...]]:
        """A corrected query from the archive's own words, offered only when each
        corrected word is in a visible document and the corrected query has visible hits;
        and the words it corrected.

        At most `MAX_CORRECTED_WORDS` unknown words are looked up (each is a walk of the
        vocabulary: 0.1-0.2 s at 10,000 documents), so a long made-up query does not take
        seconds after its search."""
        words = list(
            dict.fromkeys(
                match.group(0).lower()
                for match in _WORD.finditer(query.text)
                if match.group(0) not in OPERATORS and len(match.group(0)) >= 3
            )
        )
        typos: list[str] = []
        for word in words:
            if not self._known(word, vocabulary):
                typos.append(word)
                if len(typos) > MAX_CORRECTED_WORDS:
                    return None, ()  # a query of this many unknown words is not a typo
        corrections: dict[str, str] = {}
        for word in typos:
            distance = 1 if len(word) <= 5 else 2
            near = vocabulary.near(word, distance, CORRECTION_CANDIDATES)
            if near:
                corrections[word] = near[0]
        if not corrections:
            return None, ()
        corrected = _WORD.sub(lambda m: corrections.get(m.group(0).lower(), m.group(0)), query.text)
        if corrected == query.text:
            return None, ()
        planner = Planner(self.glossary(), vocabulary, self.languages(), expand=False)
        node = planner.plan(close_quotes(corrected)).node
        if node is None:
            return None, ()
        probe = replace(query, text=corrected, limit=1, page=1, facets=False, snippets=False)
        if self.engine.execute(self._plan(probe, node)).total == 0:
            return None, ()
        return corrected, tuple(corrections)

    def suggest(self, prefix: str, limit: int = 10, include_restricted: bool = False) -> list[str]:
        """Completions of the last word of `prefix` from the words of visible documents; a
        prefix typed without accents completes as search matches it (``onkorm`` ->
        ``önkormányzat``)."""
        words = prefix.split()
        if not words or prefix.endswith(" "):
            return []
        last = words[-1].lower()
        if len(last) < 2 or not last.isalpha():
            return []
        head = prefix[: len(prefix) - len(words[-1])]
        vocabulary = self.engine.vocabulary(include_restricted)
        starts = [last]
        if last.isascii():
            starts.extend(accented_prefixes(last, vocabulary.has_prefix))
        ranked: dict[str, int] = {}
        for start in starts:
            for word in vocabulary.completions(start, SUGGEST_CANDIDATES):
                ranked.setdefault(word, vocabulary.frequency(word))
        ordered = sorted(ranked, key=lambda w: (-ranked[w], w))
        return [head + word for word in ordered[:limit]]
