"""Analyzers: one per language, the same at index and query time.

Each analyzer is a Whoosh composition, ``Tokenizer | Filter | Filter``. The filters here hold
only names and small immutable settings, so Whoosh can pickle them into the index schema; the
stemmers they use (PyStemmer's Snowball, the hunspell ``hu_HU`` dictionary) are built lazily
and cached at module level.

Hungarian (``hu``) stems with the hunspell dictionary and falls back to Snowball for words
the dictionary does not know; at index time it also emits the parts of a compound
(``gazdaságfejlesztési`` -> ``gazdaságfejlesztés``, ``gazdaság``, ``fejlesztés``) at the
position and characters of the whole word. Accents are kept: ``kör`` is not ``kor``. The
language-independent :func:`folded_analyzer` strips accents for queries typed without them.
See docs/adr/0002-hungarian-analyzer.md and docs/adr/0003-accent-folding.md.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from whoosh.analysis.acore import Token
from whoosh.analysis.analyzers import Analyzer
from whoosh.analysis.filters import STOP_WORDS, Filter, LowercaseFilter, StopFilter
from whoosh.analysis.tokenizers import RegexTokenizer
from whoosh.lang.stopwords import stoplists

__all__ = [
    "SUPPORTED_LANGUAGES",
    "fold_accents",
    "folded_analyzer",
    "generic_analyzer",
    "hungarian_backend",
    "hungarian_parts",
    "language_analyzer",
    "search_stop_words",
]

log = logging.getLogger(__name__)

SUPPORTED_LANGUAGES: tuple[str, ...] = ("hu", "en", "de", "fr", "es", "fi", "sv", "nl")

# ISO 639-1 code -> Snowball algorithm name in PyStemmer ("english" is Porter2).
_SNOWBALL: dict[str, str] = {
    "hu": "hungarian",
    "en": "english",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "fi": "finnish",
    "sv": "swedish",
    "nl": "dutch",
}

HUNSPELL_DIR_ENV = "CLUSNET_HUNSPELL_DIR"
_HUNSPELL_DIRS = ("/usr/share/hunspell", "/usr/share/myspell/dicts", "/usr/share/myspell")
_HUNSPELL_NAME = "hu_HU"

# Longer "words" are not words (hashes, base64, URLs without separators): skip the dictionary.
_MAX_WORD = 60
# Compound parts shorter than this are not indexed on their own (too ambiguous: "ad", "év").
_MIN_PART = 3
_STEM_CACHE = 200_000


# --- Snowball (PyStemmer) -------------------------------------------------------------------

_local = threading.local()


def _snowball(algorithm: str) -> Any:
    """A PyStemmer stemmer for ``algorithm``; one per thread (stemmer objects are not
    thread-safe), each with PyStemmer's own cache."""
    stemmers: dict[str, Any] | None = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    stemmer = stemmers.get(algorithm)
    if stemmer is None:
        import Stemmer  # PyStemmer

        stemmer = stemmers[algorithm] = Stemmer.Stemmer(algorithm)
    return stemmer


# --- hunspell hu_HU -------------------------------------------------------------------------


def _dictionary_dirs() -> list[Path]:
    dirs = [Path(d) for d in os.environ.get(HUNSPELL_DIR_ENV, "").split(os.pathsep) if d]
    return dirs + [Path(d) for d in _HUNSPELL_DIRS]


def _find_dictionary() -> tuple[Path, Path] | None:
    for folder in _dictionary_dirs():
        dic, aff = folder / f"{_HUNSPELL_NAME}.dic", folder / f"{_HUNSPELL_NAME}.aff"
        if dic.is_file() and aff.is_file():
            return dic, aff
    return None


class _Hunspell:
    """The C hunspell behind a lock (one instance is not safe to share between threads)."""

    def __init__(self, dic: Path, aff: Path) -> None:
        import hunspell  # PyPI "hunspell", built against Debian's libhunspell-dev

        self._h = hunspell.HunSpell(str(dic), str(aff))
        self._encoding = self._h.get_dic_encoding() or "UTF-8"
        self._lock = threading.Lock()
        self._analyses: dict[str, list[str]] = {}

    def stem(self, word: str) -> list[str]:
        with self._lock:
            return [s.decode(self._encoding, "replace") for s in self._h.stem(word)]

    def analyze(self, word: str) -> list[str]:
        """The dictionary's analyses of ``word``, remembered (a word and the beginnings of
        its derived forms are asked for again and again); do not change the list."""
        with self._lock:
            found = self._analyses.get(word)
            if found is None:
                if len(self._analyses) >= _STEM_CACHE:
                    self._analyses = {}
                found = [a.decode(self._encoding, "replace") for a in self._h.analyze(word)]
                self._analyses[word] = found
            return found


@functools.cache
def _hunspell() -> _Hunspell | None:
    """The Hungarian dictionary, loaded once; None (and one warning) when unavailable."""
    found = _find_dictionary()
    if found is None:
        log.warning(
            "Hungarian hunspell dictionary %s.dic/.aff not found in %s (set %s); "
            "Hungarian falls back to Snowball stemming",
            _HUNSPELL_NAME,
            ", ".join(str(d) for d in _dictionary_dirs()),
            HUNSPELL_DIR_ENV,
        )
        return None
    try:
        return _Hunspell(*found)
    except (ImportError, OSError, UnicodeError) as exc:
        log.warning(
            "cannot load the Hungarian hunspell dictionary %s (%s); "
            "Hungarian falls back to Snowball stemming",
            found[0],
            exc,
        )
        return None


def hungarian_backend() -> str:
    """Which stemming built Hungarian terms: ``"hunspell"`` (with Snowball for unknown words)
    or ``"snowball"`` (no dictionary). Stamp it on the index: terms differ between the two."""
    return "hunspell" if _hunspell() is not None else "snowball"


@functools.lru_cache(maxsize=_STEM_CACHE)
def in_hungarian_dictionary(word: str) -> bool:
    """Whether the Hungarian dictionary knows `word` (False without the dictionary)."""
    h = _hunspell()
    if h is None:
        return False
    capitalised = word[:1].upper() + word[1:]
    return bool(h.analyze(word)) or (word[:1].islower() and bool(h.analyze(capitalised)))


_PART = re.compile(r"pa:(\S+)")
_STEM = re.compile(r"st:(\S+)")
_SURFACE_PREFIX = re.compile(r"sp:(\S+)")
_DERIVATION = re.compile(r"ds:\S+")
_SHORTER_BASE = 3
"""A derived word's form is looked for down to this many letters shorter than its base
(a stem can lose a vowel when a suffix is added: ``terem`` -> ``termet``)."""


def _compound_surfaces(analyses: list[str]) -> list[str]:
    """The surface parts of a compound, from the analysis with the fewest parts."""
    splits = [_PART.findall(a) for a in analyses]
    splits = [s for s in splits if len(s) > 1]
    return min(splits, key=len) if splits else []


def _alternatives(analysis: str) -> tuple[str, list[str]]:
    """(surface of a compound's leading parts, the alternatives of its last part)."""
    parts = list(_PART.finditer(analysis))
    if not parts:
        return "", analysis.replace(" | ", " \v ").split("\v")
    leading = "".join(match.group(1) for match in parts[:-1])
    return leading, analysis[parts[-1].start() :].replace(" | ", " \v ").split("\v")


def _signature(alternative: str) -> tuple[str, str, tuple[str, ...]] | None:
    """(verbal prefix, stem, derivational suffixes) of one alternative, inflections left
    out: the base form a derived word is stemmed to has the same signature."""
    cut = alternative.find("is:")
    head = alternative if cut < 0 else alternative[:cut]
    stem = _STEM.search(head)
    if stem is None:
        return None
    prefix = _SURFACE_PREFIX.search(head[: stem.start()])
    return (prefix.group(1) if prefix else "", stem.group(1), tuple(_DERIVATION.findall(head)))


def _derived_form(h: _Hunspell, word: str, leading: str, alternative: str) -> str | None:
    """The uninflected form of a derived word (``szolgáltatások`` -> ``szolgáltatás``): the
    longest beginning of ``word`` the dictionary analyses as the same derivation without
    inflections. None when there is none (the caller asks hunspell to generate it)."""
    signature = _signature(alternative)
    if signature is None:
        return None
    shortest = len(leading) + len(signature[0]) + max(1, len(signature[1]) - _SHORTER_BASE)
    for end in range(len(word), shortest - 1, -1):
        candidate = word[:end]
        for analysis in h.analyze(candidate):
            lead, alternatives = _alternatives(analysis)
            if lead == leading and any(
                "is:" not in other and _signature(other) == signature for other in alternatives
            ):
                return candidate
    return None


def _stems(h: _Hunspell, word: str, analyses: list[str]) -> list[str]:
    """The stems of ``word`` read from its analyses (what ``Hunspell.stem`` returns).

    ``Hunspell.stem`` generates the base form of every derivational analysis, about 2 ms a
    word (35% of Hungarian word forms have one) against 0.05 ms for an analysis; here the
    base form is found among the word's own beginnings instead, and hunspell generates it
    only when none fits (under 1% of words). On 28,700 words of Hungarian speeches and laws
    the stem chosen agrees with ``Hunspell.stem``'s for 98.9%; most of the rest are adjectives
    in ``-i`` now stemmed to their noun (``szegénységi`` -> ``szegénység``)."""
    stems: list[str] = []
    for analysis in analyses:
        leading, alternatives = _alternatives(analysis)
        for alternative in alternatives:
            stem = _STEM.search(alternative)
            if stem is None:
                continue
            if "ds:" in alternative:
                derived = _derived_form(h, word, leading, alternative)
                if derived is None:
                    return h.stem(word) or [word]
                stems.append(derived)
            else:
                prefix = _SURFACE_PREFIX.search(alternative[: stem.start()])
                stems.append(leading + (prefix.group(1) if prefix else "") + stem.group(1))
    return stems or [word]


def _dictionary_form(h: _Hunspell, word: str) -> tuple[str, list[str]] | None:
    """(stem, analyses) of ``word`` by the dictionary, or None when it does not know it.

    Lowercased proper nouns (``budapesten``) are retried capitalised. Of several stems the
    shortest wins (``pályázati`` -> ``pályázat``, ``tornatermet`` -> ``tornaterem``), so that a
    derived or ambiguous form meets its base form."""
    for candidate in (word, word[:1].upper() + word[1:]):
        analyses = h.analyze(candidate)
        if analyses:
            stems = _stems(h, candidate, analyses)
            return min(stems, key=lambda s: (len(s), s)).lower(), analyses
        if not word[:1].islower():
            break
    return None


def _hu_snowball(word: str) -> str:
    return str(_snowball("hungarian").stemWord(word))


@functools.lru_cache(maxsize=_STEM_CACHE)
def _hu_terms(word: str) -> tuple[str, ...]:
    """Index terms of one lowercased Hungarian word: its stem, then its compound parts."""
    h = _hunspell()
    if h is None or len(word) > _MAX_WORD or not word.isalpha():
        return (_hu_snowball(word),)
    found = _dictionary_form(h, word)
    if found is None:
        return (_hu_snowball(word),)
    stem, analyses = found
    terms = [stem]
    for surface in _compound_surfaces(analyses):
        if len(surface) < _MIN_PART:
            continue
        part = _hu_terms(surface.lower())[0] if surface.isalpha() else surface.lower()
        if len(part) >= _MIN_PART and part not in terms:
            terms.append(part)
    return tuple(terms)


def hungarian_parts(word: str) -> tuple[str, ...]:
    """The dictionary forms of the parts of a Hungarian compound (``terményfeleslegek`` ->
    ``termény``, ``felesleg``); none for a word that is not a compound, or without the
    dictionary."""
    return _hu_terms(word.lower())[1:]


# --- filters --------------------------------------------------------------------------------


class HungarianStemFilter(Filter):
    """Stems Hungarian words with hunspell (Snowball for unknown words).

    Outside query mode it also yields the parts of a compound, at the same position and
    characters as the word. At query time only the stem is yielded (one term a word), so a
    query for ``gazdaságfejlesztés`` asks for that compound, and ``fejlesztés`` finds it."""

    def __init__(self, compounds: bool = True) -> None:
        self.compounds = compounds

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for t in tokens:
            if t.stopped:
                yield t
                continue
            terms = _hu_terms(t.text)
            t.text = terms[0]
            yield t
            if self.compounds and len(terms) > 1 and getattr(t, "mode", "") != "query":
                for part in terms[1:]:
                    t.text = part
                    yield t


class SnowballFilter(Filter):
    """Stems with PyStemmer's Snowball ``algorithm`` (a name: the stemmer is built lazily)."""

    def __init__(self, algorithm: str) -> None:
        self.algorithm = algorithm

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        stemmer = _snowball(self.algorithm)
        for t in tokens:
            if not t.stopped:
                t.text = stemmer.stemWord(t.text)
            yield t


class TranslateFilter(Filter):
    """Replaces characters by ``str.translate`` with a small picklable table."""

    def __init__(self, table: dict[int, str]) -> None:
        self.table = table

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = t.text.translate(self.table)
            yield t


# Latin-1 look-alikes that older Hungarian tools wrote for ő and ű.
_HU_LOOKALIKES = {ord("õ"): "ő", ord("û"): "ű", ord("Õ"): "Ő", ord("Û"): "Ű"}

# Letters that do not decompose under NFKD but have an obvious unaccented spelling.
_FOLD_EXTRA = {
    ord("ß"): "ss",
    ord("æ"): "ae",
    ord("œ"): "oe",
    ord("ø"): "o",
    ord("ł"): "l",
    ord("đ"): "d",
    ord("ð"): "d",
    ord("þ"): "th",
    ord("\u0131"): "i",  # dotless i
}


@functools.lru_cache(maxsize=_STEM_CACHE)
def fold_accents(text: str) -> str:
    """``text`` without accents: ``önkormányzati`` -> ``onkormanyzati``, ``ő`` -> ``o``."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class AccentFoldFilter(Filter):
    """Strips accents from each token (see :func:`fold_accents`)."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = fold_accents(t.text)
            yield t


# --- stop words -----------------------------------------------------------------------------


@functools.cache
def hungarian_stop_words() -> frozenset[str]:
    """The project's Hungarian stop words (``search/data/stopwords_hu.txt``)."""
    text = resources.files("search").joinpath("data/stopwords_hu.txt").read_text("utf-8")
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(w for w in words if w)


def _stop_words(lang: str) -> frozenset[str]:
    if lang == "hu":
        return hungarian_stop_words()
    if lang == "en":
        return frozenset(STOP_WORDS)
    return frozenset(stoplists[lang])


# --- analyzers ------------------------------------------------------------------------------


def _tokenizer() -> RegexTokenizer:
    return RegexTokenizer()


def _normalize_lang(lang: str) -> str:
    return lang.strip().lower().replace("_", "-").split("-", 1)[0]


def generic_analyzer() -> Analyzer:
    """Tokenize and lowercase, no stemming, no stop words: for ``und`` and unknown languages."""
    analyzer: Analyzer = _tokenizer() | LowercaseFilter()
    return analyzer


def language_analyzer(lang: str) -> Analyzer:
    """The analyzer for ``content_<lang>`` and ``title_<lang>``, at index and query time.

    ``lang`` is an ISO 639-1 code (``hu``, ``en`` ...; ``hu-HU`` is read as ``hu``). For an
    unknown code or ``und`` this is :func:`generic_analyzer`."""
    code = _normalize_lang(lang)
    if code not in SUPPORTED_LANGUAGES:
        return generic_analyzer()
    stops = StopFilter(stoplist=_stop_words(code), minsize=1)
    analyzer: Analyzer
    if code == "hu":
        analyzer = (
            _tokenizer()
            | LowercaseFilter()
            | TranslateFilter(_HU_LOOKALIKES)
            | stops
            | HungarianStemFilter()
        )
    else:
        analyzer = _tokenizer() | LowercaseFilter() | stops | SnowballFilter(_SNOWBALL[code])
    return analyzer


@functools.cache
def search_stop_words() -> frozenset[str]:
    """Hungarian and English stop words, lowercase and without accents: what the folded
    field leaves out, and what a query's wanted words leave out (search/units.py)."""
    return frozenset(fold_accents(w) for w in hungarian_stop_words() | frozenset(STOP_WORDS))


def folded_analyzer() -> Analyzer:
    """The analyzer for ``content_folded``, the accent-free field all text goes into.

    Lowercase, strip accents, drop Hungarian and English stop words, then Snowball Hungarian on
    the folded word, so ``onkormanyzati tamogatasok`` meets ``önkormányzati támogatás``. It is
    a recall net: ``kör``, ``kor`` and ``kór`` are one term here, so rank the primary
    ``content_<lang>`` fields above it."""
    analyzer: Analyzer = (
        _tokenizer()
        | LowercaseFilter()
        | AccentFoldFilter()
        | StopFilter(stoplist=search_stop_words(), minsize=1)
        | SnowballFilter("hungarian")
    )
    return analyzer
