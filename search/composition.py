"""From what a user typed to the query that is run: units, expansions, semantics.

1. The typed text is cut into units (search/units.py): wanted words, required parts
   (phrases, ``+word``, ``field:value``), excluded words. A boolean query (``AND``, ``NOT``,
   parentheses), or the strict search, is taken whole, every word required.
2. Runs of wanted words go through the glossary together (a term of several words becomes
   one unit); then each unit's words typed without accents get their accented forms
   (search/accents.py).
3. Each unit is parsed on its own (search/query.py), and the units are combined: the wanted
   ones in a `CoordinatedOr` (more of them, higher rank), the required ones all required,
   the excluded ones excluded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from whoosh.qparser import QueryParser
from whoosh.query import And, AndMaybe, AndNot, Or, Query

from search.accents import restore_accents
from search.coordination import CoordinatedOr
from search.dictionaries import Translator
from search.glossary import Glossary, quoted
from search.query import parse_query
from search.units import Role, Unit, is_stop_word, split_units, top_level

DICTIONARY_WEIGHT = 0.8
"""Weight of a dictionary translation, as a glossary translation's (a typed word weighs 1).
0.4 ranked documents in the other language lower: cross-language nDCG@10 hu->en 0.619 ->
0.657 and en->hu 0.643 -> 0.723 at 0.8, the other kinds unchanged."""
TRANSLATE_COMPOUNDS = True
"""A Hungarian compound the dictionary lacks is translated part by part."""
COMPOUND_WEIGHT = 0.5
"""Weight of a compound's translation, part by part, against `DICTIONARY_WEIGHT`."""


@dataclass(frozen=True)
class Languages:
    """What the composer knows of the two languages: which words are Hungarian or English,
    their dictionary forms, and how common a term is in the archive."""

    translator: Translator
    is_hungarian: Callable[[str], bool]
    hungarian_lemmas: Callable[[str], list[str]]
    english_lemmas: Callable[[str], list[str]]
    frequency: Callable[[str, str], int]
    """(term, language) -> documents of that language with the term."""
    hungarian_parts: Callable[[str], Sequence[str]] = lambda word: ()
    """The parts of a Hungarian compound (translated one by one when the compound is not
    in the dictionary)."""

    def lemmas(self, language: str) -> Callable[[str], list[str]]:
        return self.hungarian_lemmas if language == "hu" else self.english_lemmas

    def language_of(self, words: Sequence[str]) -> str | None:
        """``hu`` or ``en`` when the words are more one than the other, else None."""
        hungarian = english = 0
        for word in words:
            lower = word.lower()
            hu = self.is_hungarian(lower)
            en = self.translator.knows(lower, "en", self.english_lemmas) or (
                lower.isascii() and is_stop_word(lower) and not hu
            )
            hungarian += hu and not en
            english += en and not hu
        if hungarian > english:
            return "hu"
        if english > hungarian:
            return "en"
        return None


@dataclass
class Composed:
    query: Query | None
    """What is run (None: nothing to search for)."""
    coordinated: CoordinatedOr | None = None
    """The wanted words, when there are several."""
    labels: tuple[str, ...] = ()
    """What was typed for each of `coordinated`'s subqueries."""
    expansions: tuple[str, ...] = ()
    accented: tuple[str, ...] = ()
    expandable: bool = False
    notices: list[str] = field(default_factory=list)
    strict: bool = False
    """Every word is required (a boolean query or the strict search)."""


def _add(into: list[str], items: Sequence[str]) -> None:
    for item in items:
        if item not in into:
            into.append(item)


class Composer:
    """Builds the query for one search."""

    def __init__(
        self,
        parser: QueryParser,
        glossary: Glossary,
        expand: bool,
        fields: Callable[[str], Sequence[str]],
        respell: Callable[[str], str],
        accented_of: Callable[[str], list[tuple[str, float]]],
        restore: bool,
        languages: Languages | None = None,
    ) -> None:
        self.parser = parser
        self.languages = languages
        self.glossary = glossary
        self.expand = expand
        self.fields = fields
        self.respell = respell
        self.accented_of = accented_of
        self.restore = restore
        self.expansions: list[str] = []
        self.accented: list[str] = []
        self.expandable = False
        self.notices: list[str] = []
        self.source: str | None = None
        """The language of the query's words: dictionary translations go from it."""

    def compose(self, typed: str, strict: bool = False) -> Composed:
        """The query for `typed`; with `strict` every word is required (stop words still
        are not)."""
        units = split_units(typed)
        if units is None:
            text = self._grown(typed)
            parsed = self._parse(text)
            return self._composed(parsed, strict=True)
        wanted: list[tuple[str, Query]] = []
        required: list[Query] = []
        excluded: list[Query] = []
        if self.languages is not None and self.expand:
            words = [self.respell(u.text) for u in units if u.is_word]
            self.source = self.languages.language_of(words)
        for label, text, role in self._pieces(units):
            if strict and role is Role.WANTED:
                role = Role.REQUIRED
            parsed = self._parse(text)
            if parsed is None:
                continue
            if role is Role.WANTED:
                wanted.append((label, parsed))
            elif role is Role.REQUIRED:
                required.append(parsed)
            else:
                excluded.append(parsed)
        coordinated: CoordinatedOr | None = None
        core: Query | None = None
        if len(wanted) == 1:
            core = wanted[0][1]
        elif wanted:
            coordinated = CoordinatedOr([q for _, q in wanted], share=0.0 if required else None)
            core = coordinated
        needed: Query | None = None
        if required:
            needed = required[0] if len(required) == 1 else And(required)
        query: Query | None
        if needed is not None and core is not None:
            query = AndMaybe(needed, core)
        else:
            query = needed if needed is not None else core
        if query is not None and excluded:
            query = AndNot(query, excluded[0] if len(excluded) == 1 else Or(excluded))
        composed = self._composed(query, strict=strict)
        if coordinated is not None:
            composed.coordinated = coordinated
            composed.labels = tuple(label for label, _ in wanted)
        return composed

    def _composed(self, query: Query | None, strict: bool = False) -> Composed:
        return Composed(
            query=query,
            expansions=tuple(self.expansions),
            accented=tuple(self.accented),
            expandable=self.expandable,
            notices=self.notices,
            strict=strict,
        )

    def _pieces(self, units: list[Unit]) -> list[tuple[str, str, Role]]:
        """(what was typed, what to parse, role) of each unit, after the glossary and
        accents; a run of wanted words goes through the glossary together."""
        pieces: list[tuple[str, str, Role]] = []
        i = 0
        while i < len(units):
            unit = units[i]
            if unit.is_word:
                j = i
                while j < len(units) and units[j].is_word:
                    j += 1
                run = " ".join(u.text for u in units[i:j])
                for typed, grown in self._glossary(run):
                    pieces.append((typed, self._accents(grown), Role.WANTED))
                i = j
                continue
            if unit.role is Role.EXCLUDED:
                pieces.append((unit.text, unit.text, unit.role))
            else:
                pieces.append((unit.text, self._grown(unit.text), unit.role))
            i += 1
        return pieces

    def _glossary(self, text: str) -> list[tuple[str, str]]:
        expansion = self.glossary.expand(
            text, enabled=self.expand, fields=self.fields, respell=self.respell
        )
        self.expandable |= expansion.expandable
        _add(self.expansions, expansion.added)
        parts = list(expansion.parts) or [(part, part) for part in top_level(text)]
        return [(typed, self._translated(typed, grown)) for typed, grown in parts]

    def _translated(self, typed: str, grown: str) -> str:
        """A word the glossary did not know, OR'ed with its dictionary translations."""
        if typed != grown or self.source is None or self.languages is None or " " in typed:
            return grown
        languages = self.languages
        source = self.source
        target = "en" if source == "hu" else "hu"
        word = self.respell(typed).lower()
        if is_stop_word(word):
            return grown

        def translate(word: str) -> list[str]:
            return languages.translator.translate(
                word,
                source,
                languages.lemmas(source),
                lambda term: languages.frequency(term, target),
            )

        terms = translate(word)
        if terms:
            self.expandable = True
            _add(self.expansions, terms)
            alternatives = " OR ".join(
                f"{field}:{quoted(term)}^{DICTIONARY_WEIGHT}"
                for term in terms
                for field in self.fields(target)
            )
            return f"({grown} OR {alternatives})"
        compound = source == "hu" and TRANSLATE_COMPOUNDS
        parts = list(languages.hungarian_parts(word)) if compound else []
        translated = [translate(part) for part in parts]
        if len(parts) < 2 or not all(translated):
            return grown
        # a compound the dictionary lacks: all its parts' translations
        # (terményfelesleg: (crop OR produce) AND surplus)
        self.expandable = True
        for part_terms in translated:
            _add(self.expansions, part_terms)
        field = f"content_{target}"
        conjunction = " AND ".join(
            "(" + " OR ".join(f"{field}:{quoted(term)}" for term in part_terms) + ")"
            for part_terms in translated
        )
        return f"({grown} OR ({conjunction})^{DICTIONARY_WEIGHT * COMPOUND_WEIGHT:g})"

    def _accents(self, text: str) -> str:
        restoration = restore_accents(text, self.accented_of, enabled=self.restore)
        _add(self.accented, restoration.added)
        return restoration.text

    def _grown(self, text: str) -> str:
        expansion = self.glossary.expand(
            text, enabled=self.expand, fields=self.fields, respell=self.respell
        )
        self.expandable |= expansion.expandable
        _add(self.expansions, expansion.added)
        return self._accents(expansion.text)

    def _parse(self, text: str) -> Any:
        parsed, notices = parse_query(self.parser, text)
        _add(self.notices, notices)
        return parsed
