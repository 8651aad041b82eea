"""The words of a search marked in a document's text, numbered for "next match".

Words are matched by their start (standing in for stemming: `klaszter` marks `klaszterek`
and `klaszterpolitika`) and without regard to accents (`tamogatas` marks `támogatás`), as
the search found them. The text is escaped piece by piece around the marks, so no markup
but ours reaches the page.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from markupsafe import Markup, escape

MAX_TERMS = 24
_SKIP = {"and", "or", "not", "és", "vagy"}
_WORD = re.compile(r"[^\W_]{2,}")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character lower-cased and without accents, if that is one character."""
    lower = char.lower()
    if len(lower) != 1:
        return char
    base = unicodedata.normalize("NFKD", lower)
    base = "".join(c for c in base if not unicodedata.combining(c))
    return base if len(base) == 1 else lower


def fold(text: str) -> str:
    """`text` lower-cased and without accents, character for character (same length)."""
    table = {ord(c): _fold_char(c) for c in set(text) if not c.isascii() or c.isupper()}
    return text.translate(table)


def terms_of(query: str, also: tuple[str, ...] = ()) -> list[str]:
    """The plain words of a query (and of `also`: terms the search added), folded."""
    seen: list[str] = []
    for word in _WORD.findall(fold(" ".join((query, *also)))):
        if word not in _SKIP and word not in seen:
            seen.append(word)
    return seen[:MAX_TERMS]


def _pattern(terms: list[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    stems = sorted({t[: max(4, len(t) - 2)] if len(t) > 5 else t for t in terms}, key=len)
    alternatives = "|".join(re.escape(s) for s in reversed(stems))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*")


@dataclass
class Marker:
    """Marks the words of `terms` in texts, numbering the marks across all of them."""

    terms: list[str]
    count: int = 0
    pages: dict[int, int] = field(default_factory=dict)
    """Page number -> marks on it."""

    def __post_init__(self) -> None:
        self._pattern = _pattern(self.terms)

    def mark(self, text: str, page: int | None = None) -> Markup:
        if self._pattern is None:
            return Markup(escape(text))
        out: list[str] = []
        last = 0
        before = self.count
        for match in self._pattern.finditer(fold(text)):
            start, end = match.span()
            self.count += 1
            out.append(str(escape(text[last:start])))
            out.append(f'<mark id="match-{self.count}">{escape(text[start:end])}</mark>')
            last = end
        out.append(str(escape(text[last:])))
        if page is not None and self.count > before:
            self.pages[page] = self.count - before
        return Markup("".join(out))
