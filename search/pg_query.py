"""The engine-neutral query tree (`archive.plan`) as PostgreSQL: a `tsquery` that finds
the documents and an SQL expression that scores them.

The fields and weights are those of the Whoosh engine (search/whoosh_query.py): a word is
looked for in every field of the text, each field's analyzer making the field's term, a
translation only in its language's fields, patterns in the whole-word fields. The score is
Whoosh's BM25F, term by term: each lexeme's frequency in a document is read back from
``ts_rank`` of that lexeme alone (see `TF_SQL`), its document frequency from the engine's
words table, and its field's length from the document's `lengths`. An OR sums its
children's scores, an AND and a phrase the scores of their words, as in Whoosh; a
coordinated query multiplies by the coordination factor and the title lift of ADR 8.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from archive.plan import (
    AllOf,
    AnyOf,
    Coordinated,
    FieldValue,
    Node,
    Optional,
    Pattern,
    Phrase,
    Without,
    Word,
)
from search.analysis import fold_accents
from search.pg_documents import quote
from search.pg_fields import (
    FIELD_BOOST,
    LENGTH_FIELDS,
    PREFIXES,
    VALUE_FIELDS,
    is_title,
    lexeme,
    terms,
)
from search.whoosh_coordination import COORDINATION, TITLE_LIFT
from search.whoosh_query import (
    FOLDED_FIELDS,
    PATTERN_FIELDS,
    PUBLIC_FIELDS,
    expansion_fields,
    search_fields,
)
from search.whoosh_scoring import K1, B

MAX_EXPANSION = 64
MAX_SLOP_FORMS = 16
"""Ways a phrase with a slop is spelled out (``a <1> b | a <2> b``) at most; beyond, its
words are only required together."""

TF_SQL = "(CASE WHEN {r} > 0 THEN round(1.0 / (1.6449340668 * (1.0 - {r})) - 0.5) ELSE 0 END)"
"""A lexeme's frequency from ``r = ts_rank('{{1,1,1,1}}', v, lexeme, 0)``: for one lexeme
with every weight 1, ts_rank is ``(1 + 1/4 + ... + 1/tf^2) / (pi^2/6)``, so ``1 - r`` is
the tail of that series, about ``1 / (pi^2/6) / (tf + 1/2)``: exact for every frequency
PostgreSQL keeps (at most 256 positions)."""

Expander = Callable[[str, str, str, int], list[str]]
"""(field prefix, text, kind, distance) -> the words (without prefix) a pattern matches."""
Frequency = Callable[[str], int]


@dataclass
class Part:
    """A compiled node: `match` finds its documents, `score` scores them."""

    match: str
    score: str
    safe: bool = True
    """The score is 0 for a document `match` does not find (else the caller guards it)."""
    lexemes: list[str] = field(default_factory=list)


NOTHING = Part("'-'", "0")
"""Matches no document: a word no document has (a lexeme outside every field)."""


@dataclass
class Units:
    """The coordinated units of a query: what the engine counts for each document."""

    matches: list[str]
    titles: list[str | None]
    labels: tuple[str, ...]
    share: float | None


@dataclass
class Stats:
    documents: int
    average: dict[str, float]
    """Field -> average length."""
    frequency: Frequency


class Compiler:
    """Compiles one plan's tree, gathering the parameters its SQL needs."""

    def __init__(self, stats: Stats, expand: Expander, vector: str = "x.v") -> None:
        self.stats = stats
        self.expand = expand
        self.vector = vector
        self.params: dict[str, object] = {}
        self.units: Units | None = None
        self.ranks: dict[str, str] = {}
        self._numbers = itertools.count()
        self.fields = search_fields()
        self.title_only = False
        """Compiling a unit's title part (the title lift): only the title fields."""

    def rank(self, lex: str) -> str:
        """The column of `rank_columns` holding the document's ``ts_rank`` of `lex` alone."""
        if lex not in self.ranks:
            self.ranks[lex] = f"r{len(self.ranks)}"
        return f"r.{self.ranks[lex]}"

    def rank_columns(self) -> str:
        """The ``ts_rank`` of each lexeme the score uses, once a document (a lateral
        subquery ``r``: the score refers to each several times)."""
        if not self.ranks:
            return "0 AS r_none"
        return ", ".join(
            f"ts_rank('{{1,1,1,1}}', {self.vector}, {self.tsquery(quote(lex))}, 0) AS {column}"
            for lex, column in self.ranks.items()
        )

    def param(self, value: object) -> str:
        name = f"p{next(self._numbers)}"
        self.params[name] = value
        return f":{name}"

    def tsquery(self, text: str) -> str:
        return f"CAST({self.param(text)} AS tsquery)"

    # -- scores --------------------------------------------------------------------

    def idf(self, lex: str) -> float:
        n = self.stats.frequency(lex)
        return math.log(max(self.stats.documents, 1) / (n + 1)) + 1

    def term_score(self, field_name: str, lex: str, boost: float) -> str | None:
        """BM25 of one lexeme in a document (0 when the document lacks it); None when no
        document has it."""
        if not self.stats.frequency(lex):
            return None
        if field_name in VALUE_FIELDS:  # not scored (Whoosh's ID fields): a match counts 1
            return f"(({self.vector} @@ {self.tsquery(quote(lex))})::int * {boost})"
        tf = TF_SQL.format(r=self.rank(lex))
        field_boost = FIELD_BOOST.get(field_name, 1.0)
        if field_boost != 1.0:
            tf = f"({tf} * {field_boost})"
        idf = self.idf(lex) * boost
        if field_name in LENGTH_FIELDS:
            slot = LENGTH_FIELDS.index(field_name) + 1
            average = max(self.stats.average.get(field_name, 1.0), 1.0)
            norm = f"({1 - B} + {B / average} * d.lengths[{slot}])"
        else:
            norm = "1.0"
        return f"({idf} * {tf} * {K1 + 1} / ({tf} + {K1} * {norm}))"

    # -- nodes ---------------------------------------------------------------------

    def compile(self, node: Node | None) -> Part | None:
        return None if node is None else self._node(node)

    def _node(self, node: Node) -> Part | None:
        if isinstance(node, Word):
            return self._word(node)
        if isinstance(node, Phrase):
            return self._phrase(node)
        if isinstance(node, Pattern):
            return self._pattern(node)
        if isinstance(node, FieldValue):
            return self._field_value(node)
        if isinstance(node, AnyOf):
            return self._any([self._node(c) for c in node.children], node.weight)
        if isinstance(node, AllOf):
            return self._all([self._node(c) for c in node.children], node.weight)
        if isinstance(node, Without):
            keep, drop = self._node(node.keep), self._node(node.drop)
            if keep is None or keep is NOTHING or drop is None or drop is NOTHING:
                return keep
            return Part(f"({keep.match}) & !({drop.match})", keep.score, False, keep.lexemes)
        if isinstance(node, Optional):
            required, optional = self._node(node.required), self._node(node.optional)
            if optional is NOTHING:
                optional = None
            if required is None or optional is None or required is NOTHING:
                return optional if required is None else required
            score = f"{required.score} + {self._safe(optional)}"
            return Part(required.match, score, False, required.lexemes + optional.lexemes)
        if isinstance(node, Coordinated):
            return self._coordinated(node)
        raise TypeError(f"not a query node: {node!r}")

    def _safe(self, part: Part) -> str:
        if part.safe:
            return part.score
        return (
            f"(CASE WHEN {self.vector} @@ {self.tsquery(part.match)} THEN {part.score} ELSE 0 END)"
        )

    def _any(self, parts: list[Part | None], weight: float = 1.0) -> Part | None:
        if parts and all(p is NOTHING for p in parts if p is not None):
            return NOTHING if any(p is NOTHING for p in parts) else None
        kept = [p for p in parts if p is not None and p is not NOTHING]
        if not kept:
            return None
        if len(kept) == 1 and weight == 1.0:
            return kept[0]
        score = " + ".join(self._safe(p) for p in kept)
        if weight != 1.0:
            score = f"({score}) * {weight}"
        return Part(
            " | ".join(f"({p.match})" for p in kept),
            f"({score})",
            True,
            [lex for p in kept for lex in p.lexemes],
        )

    def _all(self, parts: list[Part | None], weight: float = 1.0) -> Part | None:
        if any(p is NOTHING for p in parts):
            return NOTHING
        kept = [p for p in parts if p is not None]
        if not kept:
            return None
        if len(kept) == 1 and weight == 1.0:
            return kept[0]
        score = " + ".join(p.score for p in kept)
        if weight != 1.0:
            score = f"({score}) * {weight}"
        return Part(
            " & ".join(f"({p.match})" for p in kept),
            f"({score})",
            False,
            [lex for p in kept for lex in p.lexemes],
        )

    # -- leaves --------------------------------------------------------------------

    def _targets(self, language: str | None) -> list[tuple[str, float]]:
        if language is None:
            found = list(self.fields.items())
        else:
            found = [(f, 1.0) for f in expansion_fields(language)]
        return [(f, w) for f, w in found if is_title(f)] if self.title_only else found

    def _clause(
        self, field_name: str, words: list[str], boost: float, slop: int = 0
    ) -> Part | None:
        """The terms of `words` in one field: all of them (next to each other when `slop`)."""
        lexemes = [lexeme(field_name, t) for t in words]
        if not lexemes:
            return None
        scores = [self.term_score(field_name, lex, boost) for lex in lexemes]
        if any(s is None for s in scores):
            return NOTHING
        quoted = [quote(lex) for lex in lexemes]
        if len(quoted) == 1:
            return Part(quoted[0], str(scores[0]), True, lexemes)
        match = _phrase_query(quoted, slop) if slop else " & ".join(quoted)
        return Part(match, "(" + " + ".join(str(s) for s in scores) + ")", False, lexemes)

    def _word(self, node: Word) -> Part | None:
        return self._any(
            [
                self._clause(f, terms(f, node.text), w * node.weight)
                for f, w in self._targets(node.language)
            ]
        )

    def _phrase(self, node: Phrase) -> Part | None:
        text = " ".join(node.words)
        return self._any(
            [
                self._clause(f, terms(f, text), w * node.weight, slop=max(node.slop, 1))
                for f, w in self._targets(node.language)
            ]
        )

    def _expanded(
        self, field_name: str, text: str, kind: str, distance: int, boost: float
    ) -> Part | None:
        text = text.lower()
        if field_name == "content_folded" and not text.isascii():
            return None
        if field_name in FOLDED_FIELDS:
            text = fold_accents(text)
        words = self.expand(PREFIXES[field_name], text, kind, distance)[:MAX_EXPANSION]
        return self._any([self._clause(field_name, [w], boost) for w in words])

    def _pattern(self, node: Pattern) -> Part | None:
        return self._any(
            [
                self._expanded(f, node.text, node.kind, node.distance, self.fields[f] * node.weight)
                for f in PATTERN_FIELDS
                if f in self.fields and not self.title_only
            ]
        )

    def _field_value(self, node: FieldValue) -> Part | None:
        field_name = PUBLIC_FIELDS.get(node.field)
        if field_name is None or field_name not in PREFIXES:
            return None
        if self.title_only and not is_title(field_name):
            return None
        if node.is_range:
            low = terms(field_name, node.low)[:1] if node.low else []
            high = terms(field_name, node.high)[:1] if node.high else []
            words = self.expand(
                PREFIXES[field_name],
                f"{low[0] if low else ''}\t{high[0] if high else ''}",
                "range",
                0,
            )
            return self._any([self._clause(field_name, [w], 1.0) for w in words])
        if node.pattern is not None:
            return self._expanded(field_name, node.value, node.pattern, 1, 1.0)
        if node.phrase:
            return self._clause(field_name, terms(field_name, node.value), 1.0, slop=1)
        return self._clause(field_name, terms(field_name, node.value), 1.0)

    # -- coordination --------------------------------------------------------------

    def _coordinated(self, node: Coordinated) -> Part | None:
        compiled = [
            (self._node(unit), unit, label)
            for unit, label in zip(node.units, node.labels, strict=True)
        ]
        kept = [(p, unit, label) for p, unit, label in compiled if p is not None]
        if not kept:
            return None
        if all(p is NOTHING for p, _, _ in kept):
            return NOTHING
        if len(kept) == 1:
            return kept[0][0]
        count = len(kept)
        live = [(p, unit) for p, unit, _ in kept if p is not NOTHING]
        titles = [self._title_match(unit) if p is not NOTHING else None for p, unit, _ in kept]
        self.units = Units(
            matches=[p.match for p, _, _ in kept],
            titles=titles,
            labels=tuple(label for _, _, label in kept),
            share=node.share,
        )
        matched = [f"({self.vector} @@ {self.tsquery(p.match)})::int" for p, _ in live]
        total = " + ".join(self._safe(p) for p, _ in live)
        factor = f"power(({' + '.join(matched)})::float / {count}, {COORDINATION})"
        score = f"({total}) * {factor}"
        in_title = [f"({self.vector} @@ {self.tsquery(t)})::int" for t in titles if t is not None]
        if TITLE_LIFT and in_title:
            score += f" * (1 + {TITLE_LIFT} * ({' + '.join(in_title)})::float / {count})"
        return Part(
            " | ".join(f"({p.match})" for p, _ in live),
            f"({score})",
            True,
            [lex for p, _ in live for lex in p.lexemes],
        )

    def _title_match(self, unit: Node) -> str | None:
        """`unit`'s query in the title fields only (None when it has no title terms)."""
        self.title_only = True
        try:
            part = self._node(unit)
        finally:
            self.title_only = False
        return part.match if part is not None else None


def _phrase_query(quoted: list[str], slop: int) -> str:
    if slop <= 1:
        return " <-> ".join(quoted)
    gaps = len(quoted) - 1
    forms = list(
        itertools.islice(itertools.product(range(1, slop + 1), repeat=gaps), MAX_SLOP_FORMS + 1)
    )
    if len(forms) > MAX_SLOP_FORMS:
        return " & ".join(quoted)
    spelled = []
    for form in forms:
        text = quoted[0]
        for gap, word in zip(form, quoted[1:], strict=True):
            text += f" <{gap}> {word}"
        spelled.append(f"({text})")
    return " | ".join(spelled)
