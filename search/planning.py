"""From what a user typed to an engine-neutral query tree (`archive.plan`).

1. The typed text is cut into units (search/units.py): wanted words, required parts
   (phrases, ``+word``, ``field:value``), excluded words. A boolean query (``AND``, ``NOT``,
   parentheses) is read whole by search/syntax.py, every word required.
2. Runs of wanted words go through the glossary together (a term of several words is one
   unit, search/glossary.py); a word the glossary does not know gets dictionary
   translations (search/dictionaries.py); each word typed without accents gets its
   accented forms (search/accents.py).
3. The units are combined: the wanted ones in a `Coordinated` node (more of them, higher
   rank), the required ones all required, the excluded ones excluded. With the strict
   search every wanted word is required.

The questions about the archive's words (which accented spellings exist, how common a
translation is) go to a `Vocabulary`, so any engine can answer them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    Source,
    Without,
    Word,
)
from archive.ports import Vocabulary
from search.accents import accented_forms
from search.dictionaries import Translator, english_lemmas
from search.glossary import EXPANSION_BOOST, Glossary
from search.syntax import SYNTAX_NOTICE, parse
from search.units import Role, Unit, is_stop_word, split_units

DICTIONARY_WEIGHT = 0.8
"""Weight of a dictionary translation, as a glossary translation's (a typed word weighs 1).
0.4 ranked documents in the other language lower: cross-language nDCG@10 hu->en 0.619 ->
0.657 and en->hu 0.643 -> 0.723 at 0.8, the other kinds unchanged."""
TRANSLATE_COMPOUNDS = True
"""A Hungarian compound the dictionary lacks is translated part by part."""
COMPOUND_WEIGHT = 0.5
"""Weight of a compound's translation, part by part, against `DICTIONARY_WEIGHT`."""
RESPELL_WEIGHT = 0.5
"""An accented form this likely stands for an unaccented word in glossary matching."""
WILDCARD_NOTICE = "Wildcards need at least {letters} letters before them; left out: {terms}."


@dataclass(frozen=True)
class Languages:
    """What the planner knows of the two languages: which words are Hungarian, their
    dictionary forms, and the parts of compounds."""

    translator: Translator
    is_hungarian: Callable[[str], bool]
    hungarian_lemmas: Callable[[str], list[str]]
    hungarian_parts: Callable[[str], Sequence[str]] = lambda word: ()
    in_dictionary: Callable[[str], bool] | None = None
    """Whether the Hungarian dictionary knows a spelling (accents put back from it when
    the archive has no form of the word)."""

    def lemmas(self, language: str) -> Callable[[str], list[str]]:
        return self.hungarian_lemmas if language == "hu" else english_lemmas

    def language_of(self, words: Sequence[str]) -> str | None:
        """``hu`` or ``en`` when the words are more one than the other, else None."""
        hungarian = english = 0
        for word in words:
            lower = word.lower()
            hu = self.is_hungarian(lower)
            en = self.translator.knows(lower, "en", english_lemmas) or (
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
class Planned:
    node: Node | None
    """What is searched for (None: nothing)."""
    expansions: tuple[str, ...] = ()
    """Other-language terms searched too (glossary, dictionary)."""
    accented: tuple[str, ...] = ()
    """Accented words searched too for words typed without accents."""
    expandable: bool = False
    """The query has words with translations (expansion can be switched on or off)."""
    notices: list[str] = field(default_factory=list)
    strict: bool = False
    """Every word is required (a boolean query or the strict search)."""


def _add(into: list[str], items: Sequence[str]) -> None:
    for item in items:
        if item not in into:
            into.append(item)


def term_node(term: str, language: str, weight: float, source: Source) -> Node:
    """A translation as a search term: a word, or a phrase of its words."""
    words = tuple(term.replace("-", " - ").split())
    words = tuple(w for w in words if w != "-")
    if len(words) == 1:
        return Word(words[0], weight, language, source)
    return Phrase(words, weight, language, source)


class Planner:
    """Builds the query tree of one search."""

    def __init__(
        self,
        glossary: Glossary,
        vocabulary: Vocabulary,
        languages: Languages,
        expand: bool = True,
        dictionary_lookups: int = 1024,
    ) -> None:
        self.glossary = glossary
        self.vocabulary = vocabulary
        self.languages = languages
        self.expand = expand
        self.lookups = dictionary_lookups
        self.restore = False
        self.expansions: list[str] = []
        self.accented: list[str] = []
        self.expandable = False
        self.notices: list[str] = []
        self.source: str | None = None
        self._forms: dict[str, list[tuple[str, float]]] = {}

    # -- accents ---------------------------------------------------------------------

    def _in_dictionary(self, spelling: str) -> bool:
        self.lookups -= 1
        check = self.languages.in_dictionary
        return self.lookups >= 0 and check is not None and check(spelling)

    def accented_of(self, word: str) -> list[tuple[str, float]]:
        """Accented spellings of a word typed without accents, with their weights."""
        if not self.restore:
            return []
        if word not in self._forms:
            self._forms[word] = accented_forms(
                word, self.vocabulary.has_prefix, self.vocabulary.frequency, self._in_dictionary
            )
        return self._forms[word]

    def respell(self, word: str) -> str:
        found = self.accented_of(word.lower())
        return found[0][0] if found and found[0][1] >= RESPELL_WEIGHT else word

    def _typed(self, word: str, weight: float = 1.0) -> Node:
        """A typed word, OR'ed with its accented forms when typed without accents."""
        node = Word(word, weight)
        forms = self.accented_of(word.lower()) if word.isascii() else []
        if not forms:
            return node
        _add(self.accented, [form for form, _ in forms])
        return AnyOf((node, *(Word(form, w * weight, source=Source.ACCENTED) for form, w in forms)))

    # -- the plan --------------------------------------------------------------------

    def plan(self, typed: str, strict: bool = False) -> Planned:
        """The query tree for `typed`; with `strict` every word is required (stop words
        still are not)."""
        self.restore = self.expand and typed.isascii()  # whoever types one accent types all
        units = split_units(typed)
        if units is None:
            parsed = parse(typed)
            self._noticed(parsed.dropped, parsed.unreadable)
            node = self._expanded(parsed.node) if parsed.node is not None else None
            return self._planned(node, strict=True)
        if self.expand:
            self.source = self.languages.language_of(
                [self.respell(u.text) for u in units if u.is_word]
            )
        wanted: list[tuple[str, Node]] = []
        required: list[Node] = []
        excluded: list[Node] = []
        for label, node, role in self._pieces(units):
            if strict and role is Role.WANTED:
                role = Role.REQUIRED
            if role is Role.WANTED:
                wanted.append((label, node))
            elif role is Role.REQUIRED:
                required.append(node)
            else:
                excluded.append(node)
        core: Node | None = None
        if len(wanted) == 1:
            core = wanted[0][1]
        elif wanted:
            core = Coordinated(
                tuple(node for _, node in wanted),
                tuple(label for label, _ in wanted),
                share=0.0 if required else None,
            )
        needed: Node | None = None
        if required:
            needed = required[0] if len(required) == 1 else AllOf(tuple(required))
        query: Node | None
        if needed is not None and core is not None:
            query = Optional(needed, core)
        else:
            query = needed if needed is not None else core
        if query is not None and excluded:
            query = Without(query, excluded[0] if len(excluded) == 1 else AnyOf(tuple(excluded)))
        return self._planned(query, strict=strict)

    def _planned(self, node: Node | None, strict: bool) -> Planned:
        return Planned(
            node=node,
            expansions=tuple(self.expansions),
            accented=tuple(self.accented),
            expandable=self.expandable,
            notices=self.notices,
            strict=strict,
        )

    def _noticed(self, dropped: Sequence[str], unreadable: bool) -> None:
        if unreadable:
            _add(self.notices, [SYNTAX_NOTICE])
        if dropped:
            from search.syntax import MIN_PREFIX

            _add(
                self.notices,
                [
                    WILDCARD_NOTICE.format(
                        letters=MIN_PREFIX, terms=", ".join(dict.fromkeys(dropped))
                    )
                ],
            )

    def _pieces(self, units: list[Unit]) -> list[tuple[str, Node, Role]]:
        """(what was typed, its node, role) of each unit that searches for something; a run
        of wanted words goes through the glossary together."""
        pieces: list[tuple[str, Node, Role]] = []
        i = 0
        while i < len(units):
            unit = units[i]
            if unit.is_word:
                j = i
                while j < len(units) and units[j].is_word:
                    j += 1
                run = " ".join(u.text for u in units[i:j])
                for typed, node in self._run(run):
                    pieces.append((typed, node, Role.WANTED))
                i = j
                continue
            parsed = parse(unit.text)
            self._noticed(parsed.dropped, parsed.unreadable)
            if parsed.node is not None:
                node = parsed.node if unit.role is Role.EXCLUDED else self._expanded(parsed.node)
                pieces.append((unit.text, node, unit.role))
            i += 1
        return pieces

    def _run(self, text: str) -> list[tuple[str, Node]]:
        """A run of plain words: glossary terms (one unit each), translated words."""
        out: list[tuple[str, Node]] = []
        for typed, others in self.glossary.parts(text, respell=self.respell):
            words = typed.split()
            if len(words) == 1:
                node = self._typed(words[0])
            else:
                node = AllOf(tuple(self._typed(w) for w in words))
            node = self._glossary(node, others) if others else self._translated(typed, node)
            out.append((typed, node))
        return out

    def _glossary(self, node: Node, others: Sequence[tuple[str, str]]) -> Node:
        self.expandable = True
        if not self.expand:
            return node
        _add(self.expansions, [term for term, _ in others])
        terms = [
            term_node(term, lang, EXPANSION_BOOST, Source.GLOSSARY)
            for term, lang in others
            if '"' not in term
        ]
        return AnyOf((node, *terms))

    def _translated(self, typed: str, node: Node) -> Node:
        """A word the glossary does not know, OR'ed with its dictionary translations."""
        if self.source is None or " " in typed or not self.expand:
            return node
        languages = self.languages
        source = self.source
        target = "en" if source == "hu" else "hu"
        word = self.respell(typed).lower()
        if is_stop_word(word):
            return node

        def translate(word: str) -> list[str]:
            return languages.translator.translate(
                word,
                source,
                languages.lemmas(source),
                lambda term: self.vocabulary.language_frequency(term, target),
            )

        terms = translate(word)
        if terms:
            self.expandable = True
            _add(self.expansions, terms)
            return AnyOf(
                (
                    node,
                    *(term_node(t, target, DICTIONARY_WEIGHT, Source.DICTIONARY) for t in terms),
                )
            )
        compound = source == "hu" and TRANSLATE_COMPOUNDS
        parts = list(languages.hungarian_parts(word)) if compound else []
        translated = [translate(part) for part in parts]
        if len(parts) < 2 or not all(translated):
            return node
        # a compound the dictionary lacks: all its parts' translations
        # (terményfelesleg: (crop OR produce) AND surplus)
        self.expandable = True
        for part_terms in translated:
            _add(self.expansions, part_terms)
        conjunction = AllOf(
            tuple(
                AnyOf(tuple(term_node(t, target, 1.0, Source.DICTIONARY) for t in part_terms))
                for part_terms in translated
            ),
            weight=DICTIONARY_WEIGHT * COMPOUND_WEIGHT,
        )
        return AnyOf((node, conjunction))

    def _expanded(self, node: Node) -> Node:
        """A parsed node with the glossary's terms of its words and phrases, and accents
        put back into its words."""
        if isinstance(node, Word):
            typed = node if node.quoted else self._typed(node.text, node.weight)
            text = f'"{node.text}"' if node.quoted else node.text
            others = self.glossary.parts(text, respell=None if node.quoted else self.respell)
            if len(others) == 1 and others[0][1]:
                return self._glossary(typed, others[0][1])
            return typed
        if isinstance(node, Phrase):
            others = self.glossary.parts(f'"{" ".join(node.words)}"')
            if len(others) == 1 and others[0][1]:
                return self._glossary(node, others[0][1])
            return node
        if isinstance(node, AnyOf):
            return AnyOf(tuple(self._expanded(c) for c in node.children), node.weight)
        if isinstance(node, AllOf):
            return AllOf(tuple(self._expanded(c) for c in node.children), node.weight)
        if isinstance(node, Optional):
            return Optional(self._expanded(node.required), self._expanded(node.optional))
        if isinstance(node, Without):
            return Without(self._expanded(node.keep), node.drop)
        return node  # patterns, field values: as typed


__all__ = ["FieldValue", "Languages", "Pattern", "Planned", "Planner", "term_node"]
