"""Accents put back into query words typed without them, from the archive's own words.

Someone without a Hungarian keyboard types ``onkormanyzati tamogatas``. The folded field
finds the words without accents, but only by a Snowball stem of the unaccented spelling,
which conflates far less than the dictionary stemmer does on the accented word. So each
plain, all-ASCII query word is looked up in the accent-keeping vocabulary
(``content_exact``): a walk over its letters tries every accented vowel Hungarian has
(a á, e é, i í, o ó ö ő, u ú ü ű) and keeps only the spellings some indexed word begins
with. The words found (``önkormányzati``, ``támogatás``) are searched too, OR'ed with what
was typed, each weighted by how common it is next to the typed spelling: ``tamogatas``
(no document writes it) gives ``támogatás`` full weight, while ``regional`` (common in
English) gives a French ``régional`` almost none.

Quoted words, ``field:`` values, wildcards, fuzzy terms and excluded words are left as
typed; turning expansions off (``expand=0``) turns this off too.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

VOWELS: dict[str, str] = {"a": "aá", "e": "eé", "i": "ií", "o": "oóöő", "u": "uúüű"}
MIN_LENGTH = 3
"""Shorter words are left alone: too many short words differ only in accents."""
MAX_LIVE = 24
"""Spellings kept alive during the walk (bounds the lookups of a long word)."""
MAX_FORMS = 4
"""Accented words added for one typed word, the most common first."""
MAX_SPELLINGS = 512
"""Spellings tried in the dictionary for one word (a word with five a/e/i and two o/u
vowels has 512)."""
MIN_WEIGHT = 0.05
"""An accented word rarer than this share of the typed spelling is not added."""

_PLAIN = re.compile(r"^[a-z]+$")
_GROUPED = re.compile(r"^(\(*)([A-Za-z]+)(\)*)$")
"""A word, perhaps opening or closing a group: ``(word``, ``word)``."""


def accented_forms(
    word: str,
    has_prefix: Callable[[str], bool],
    frequency: Callable[[str], int],
    in_dictionary: Callable[[str], bool] | None = None,
) -> list[tuple[str, float]]:
    """Accented spellings of the lowercase ASCII `word`, with a weight in (0, 1].

    First the archive's own words: `has_prefix` says whether some indexed word starts with
    a string, `frequency` how many documents have a word; the weight is the form's
    frequency against the typed spelling's (1 when nothing is written without accents).
    When the archive has neither the typed spelling nor an accented one (``energiarol``:
    the documents say ``energiát`` and ``energia``, never ``energiáról``), the spellings
    `in_dictionary` knows are taken at full weight, if the word has few enough vowels to
    try them all (`MAX_SPELLINGS`); their stems then meet the documents' words."""
    if len(word) < MIN_LENGTH or not _PLAIN.match(word) or not any(c in VOWELS for c in word):
        return []
    live = [""]
    for letter in word:
        spellings = VOWELS.get(letter)
        if spellings is None:
            live = [p + letter for p in live]
            continue
        live = [p + s for p in live for s in spellings if has_prefix(p + s)][:MAX_LIVE]
        if not live:
            break
    typed = frequency(word)
    found = [(form, frequency(form)) for form in live if form != word]
    found = [(form, df) for form, df in found if df > 0]
    found.sort(key=lambda item: (-item[1], item[0]))
    weighted = [(form, min(1.0, df / typed) if typed else 1.0) for form, df in found]
    forms = [(form, round(w, 3)) for form, w in weighted if w >= MIN_WEIGHT][:MAX_FORMS]
    if forms or typed or in_dictionary is None:
        return forms
    return [(form, 1.0) for form in spellings_of(word) if in_dictionary(form)][:MAX_FORMS]


def accented_prefixes(prefix: str, has_prefix: Callable[[str], bool]) -> list[str]:
    """Spellings of the lowercase ASCII `prefix` with accents put back that some indexed
    word begins with (``onkorm`` -> ``önkorm``), for completing what was typed without
    accents; at most `MAX_LIVE`."""
    if not _PLAIN.match(prefix):
        return []
    live = [""]
    for letter in prefix:
        spellings = VOWELS.get(letter, letter)
        live = [p + s for p in live for s in spellings if has_prefix(p + s)][:MAX_LIVE]
        if not live:
            break
    return [form for form in live if form != prefix]


def spellings_of(word: str) -> list[str]:
    """Every accented spelling of `word` (not `word` itself); none when there would be more
    than `MAX_SPELLINGS`."""
    choices = [VOWELS.get(letter, letter) for letter in word]
    count = 1
    for choice in choices:
        count *= len(choice)
    if count > MAX_SPELLINGS:
        return []
    return [s for s in ("".join(p) for p in itertools.product(*choices)) if s != word]
