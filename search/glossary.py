"""The bilingual glossary: a query's terms in the other language.

`search/data/glossary.tsv` ships with clusnet; a librarian's `HOME/glossary.tsv` (same
format) is merged over it. Each line is one concept, ``English<TAB>Hungarian``, with
alternatives separated by ``|``. Terms are matched by their analysed form, so an inflected
or unaccented query word (``klaszterpolitikát``, ``klaszterpolitikai``, ``klaszterpolitika``)
meets the glossary term. See docs/adr/0005-cross-language-glossary.md.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from search.analysis import folded_analyzer, language_analyzer
from search.syntax import OPERATORS, QUERY_TOKEN

log = logging.getLogger(__name__)

GLOSSARY_LANGUAGES = ("en", "hu")
MAX_TERM_WORDS = 5
EXPANSION_BOOST = 0.8
"""Expanded terms count a little less than the words the user typed."""

_WORD = re.compile(r"^[^\W_][\w'\u2019-]*$")


@dataclass(frozen=True)
class Concept:
    en: tuple[str, ...]
    hu: tuple[str, ...]

    def terms(self, lang: str) -> tuple[str, ...]:
        return self.en if lang == "en" else self.hu


@dataclass(frozen=True)
class Expansion:
    text: str
    """The query text to parse (the user's text when nothing was expanded)."""
    added: tuple[str, ...]
    """Other-language terms added to the query."""
    expandable: bool
    """Whether any glossary term was found in the query (expanded or not)."""
    parts: tuple[tuple[str, str], ...] = ()
    """The query piece by piece: (what was typed, what is searched for it); a glossary term
    of several words is one piece."""


@functools.lru_cache(maxsize=50_000)
def _key(kind: str, text: str) -> tuple[str, ...]:
    analyzer = folded_analyzer() if kind == "folded" else language_analyzer(kind)
    return tuple(t.text for t in analyzer(text, mode="query") if not t.stopped)


def _keys(text: str, kinds: Iterable[str]) -> set[tuple[str, tuple[str, ...]]]:
    keys = set()
    for kind in kinds:
        key = _key(kind, text)
        if key:
            keys.add((kind, key))
    return keys


def parse_glossary(text: str) -> dict[str, Concept | None]:
    """Concepts by the casefolded first English term; None marks a removed concept."""
    concepts: dict[str, Concept | None] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        en_part, _, hu_part = line.partition("\t")
        en = tuple(t.strip() for t in en_part.split("|") if t.strip())
        hu = tuple(t.strip() for t in hu_part.split("|") if t.strip())
        if not en:
            continue
        concepts[en[0].casefold()] = Concept(en, hu) if hu else None
    return concepts


def shipped_glossary_text() -> str:
    return resources.files("search").joinpath("data/glossary.tsv").read_text(encoding="utf-8")


class Glossary:
    """Concepts and an index of their analysed terms."""

    def __init__(self, concepts: Iterable[Concept]) -> None:
        self.concepts = tuple(concepts)
        self._index: dict[tuple[str, tuple[str, ...]], list[tuple[Concept, str]]] | None = None

    @classmethod
    def load(cls, extra: Path | None = None) -> Glossary:
        """The shipped glossary, with `extra` (a librarian's file) merged over it."""
        concepts = parse_glossary(shipped_glossary_text())
        if extra is not None and extra.is_file():
            try:
                concepts.update(parse_glossary(extra.read_text(encoding="utf-8-sig")))
            except (OSError, UnicodeError) as exc:
                log.warning("cannot read the glossary %s (%s); using the shipped one", extra, exc)
        return cls(c for c in concepts.values() if c is not None)

    def _lookup(self) -> dict[tuple[str, tuple[str, ...]], list[tuple[Concept, str]]]:
        if self._index is None:
            index: dict[tuple[str, tuple[str, ...]], list[tuple[Concept, str]]] = {}
            for concept in self.concepts:
                for lang in GLOSSARY_LANGUAGES:
                    for term in concept.terms(lang):
                        for key in _keys(term, (lang, "folded")):
                            index.setdefault(key, []).append((concept, lang))
            self._index = index
        return self._index

    def match(self, words: str) -> list[tuple[Concept, str]]:
        """Concepts (with the language they matched in) whose term is `words`.

        A match of the accent-folded form says nothing of the language (``európai unió``
        and ``european union`` fold alike), so it counts only for concepts that did not
        also match in a language of their own."""
        lookup = self._lookup()
        precise: list[tuple[Concept, str]] = []
        folded: list[tuple[Concept, str]] = []
        for kind, key in _keys(words, ("hu", "en", "folded")):
            for concept, lang in lookup.get((kind, key), ()):
                if kind == "folded":
                    folded.append((concept, lang))
                elif kind == lang:
                    precise.append((concept, lang))
        found: list[tuple[Concept, str]] = []
        known = {id(concept) for concept, _ in precise}
        for item in [*precise, *folded]:
            if item not in found and (item in precise or id(item[0]) not in known):
                found.append(item)
        return found

    def parts(
        self, text: str, respell: Callable[[str], str] | None = None
    ) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
        """`text` cut into its glossary terms and the tokens between them: (what was typed,
        its other-language terms as (term, language)); a term of several words is one part,
        the longest wins; tokens that are no term have no translations.

        Only plain words and quoted phrases are looked at; syntax (``field:``, ``-word``,
        ``prefix*``, operators) is left as typed. With `respell` (a word -> its likely
        spelling, search/accents.py), words that match no term as typed are tried
        respelled: ``energiarol`` meets ``energia`` as ``energiáról``."""
        tokens = [m.group(0) for m in QUERY_TOKEN.finditer(text)]
        found: list[tuple[str, tuple[tuple[str, str], ...]]] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.startswith('"') and token.endswith('"') and len(token) > 2:
                spans = [(1, token[1:-1])]
            elif _plain(token):
                spans = []
                words: list[str] = []
                for j in range(i, min(len(tokens), i + MAX_TERM_WORDS)):
                    if not _plain(tokens[j]):
                        break
                    words.append(tokens[j])
                    spans.append((j - i + 1, " ".join(words)))
                spans.reverse()
            else:
                found.append((token, ()))
                i += 1
                continue
            for width, words_text in spans:
                concepts = self.match(words_text)
                if not concepts and respell is not None:
                    respelled = " ".join(respell(w) for w in words_text.split(" "))
                    concepts = self.match(respelled) if respelled != words_text else []
                if not concepts:
                    continue
                found.append((" ".join(tokens[i : i + width]), tuple(_other_terms(concepts))))
                i += width
                break
            else:
                found.append((token, ()))
                i += 1
        return found

    def expand(
        self,
        text: str,
        enabled: bool = True,
        fields: Callable[[str], Sequence[str]] | None = None,
        respell: Callable[[str], str] | None = None,
    ) -> Expansion:
        """`text` with each glossary term OR'ed with its other-language terms (see
        `parts`), in the query syntax. With `fields` (language -> index fields), an added
        term is only searched in those fields."""
        out: list[str] = []
        added: list[str] = []
        expandable = False
        found = self.parts(text, respell)
        for typed, others in found:
            if not others:
                out.append(typed)
                continue
            expandable = True
            if not enabled:
                out.append(typed)
                continue
            for term, _lang in others:
                if term not in added:
                    added.append(term)
            alternatives = " OR ".join(
                f"{field_prefix}{quoted(term)}^{EXPANSION_BOOST}"
                for term, lang in others
                if '"' not in term
                for field_prefix in (
                    [f"{f}:" for f in fields(lang)] if fields is not None else [""]
                )
            )
            grouped = typed if " " not in typed or typed.startswith('"') else f"({typed})"
            out.append(f"({grouped} OR {alternatives})")
        parts = tuple((typed, grown) for (typed, _), grown in zip(found, out, strict=True))
        if not added:
            return Expansion(text, (), expandable, parts)
        return Expansion(" ".join(out), tuple(added), expandable, parts)


_LETTERS = re.compile(r"^[^\W\d_]+$")


def quoted(term: str) -> str:
    """A term as query text: a word of letters as it is, anything else as a phrase. (The
    parser drops the boost of a one-word phrase: ``"subsidy"^0.8`` would count as 1.)"""
    return term if _LETTERS.match(term) else f'"{term}"'


def _plain(token: str) -> bool:
    return bool(_WORD.match(token)) and token not in OPERATORS


def _other_terms(concepts: list[tuple[Concept, str]]) -> list[tuple[str, str]]:
    """(term, language) of the concepts' terms in the other language."""
    terms: list[tuple[str, str]] = []
    for concept, lang in concepts:
        other = "hu" if lang == "en" else "en"
        for term in concept.terms(other):
            if (term, other) not in terms:
                terms.append((term, other))
    return terms
