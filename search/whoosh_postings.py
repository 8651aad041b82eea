"""A document's text analysed once for every content field that indexes it.

The content fields (``content_exact``, ``content_folded``, ``content_<lang>``) all cut the
same full text into words with the same tokenizer and lowercase them; they differ only in
what follows (stop words, stemming, accent folding). Whoosh would run each field's
analyzer over the whole text: a tokenization and a chain of generator filters per token
per field, some 40% of the time to index a document. Here the text is tokenized once
(`Words`), each distinct word is mapped to its terms once per analyzer (`TermMap`, kept
across documents: a word costs its stemming once per process), and the field's postings
go to Whoosh ready-made (`Analysed`) through the fields' format, `CompactCharacters`.

The analyzers stay the fields' own: a `TermMap` asks its analyzer for each word's terms,
queries are analysed by the same analyzer, and tests check that both paths give the same
postings (terms, positions, characters) for any text.
"""

from __future__ import annotations

import struct
import sys
import threading
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from whoosh.analysis.filters import StopFilter
from whoosh.analysis.tokenizers import RegexTokenizer, default_pattern
from whoosh.formats import Characters

__all__ = ["Analysed", "CompactCharacters", "TermMap", "Words", "analyse", "tokens_in"]

MAX_CACHED_WORDS = 400_000
"""Words a `TermMap` remembers; past this it starts afresh (a bounded memory, and the
common words come back at once)."""


@dataclass(frozen=True)
class Words:
    """The tokens of one text: lowercased word, character start and end, in order."""

    words: list[str]
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, text: str) -> Words:
        words: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        for match in default_pattern.finditer(text):
            words.append(match.group(0).lower())
            starts.append(match.start())
            ends.append(match.end())
        return cls(words, starts, ends)


class Analysed(tuple[tuple[str, list[tuple[int, int, int]]], ...]):
    """A field's postings for one document, made by `analyse`: (term, [(position,
    startchar, endchar), ...]) in the order the field's analyzer yields the terms. A tuple,
    as Whoosh accepts sequences as field values."""


class TermMap:
    """Word -> its terms under one analyzer (empty for a stop word), cached.

    The analyzer must work token by token (a tokenizer, then filters that change, drop or
    add tokens at the same position): so are all of clusnet's."""

    def __init__(self, analyzer: Any) -> None:
        self.analyzer = analyzer
        items = getattr(analyzer, "items", [analyzer])
        if not isinstance(items[0], RegexTokenizer) or items[0].expression != default_pattern:
            raise ValueError("the analyzer must start with Whoosh's default RegexTokenizer")
        self.renumber = any(isinstance(f, StopFilter) and f.renumber for f in items)
        """Whether positions skip the words dropped (Whoosh's StopFilter ``renumber``)."""
        self._cache: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()

    def terms(self, word: str) -> tuple[str, ...]:
        found = self._cache.get(word)
        if found is None:
            found = tuple(t.text for t in self.analyzer(word, mode="index"))
            with self._lock:
                if len(self._cache) >= MAX_CACHED_WORDS:
                    self._cache = {}
                self._cache[word] = found
        return found


def analyse(words: Words, terms: TermMap, keep: Sequence[int] | None = None) -> Analysed:
    """The postings ``terms``' analyzer gives for the text of ``words``, or for only the
    tokens at the indexes ``keep`` (in order), as if the others were blanked out."""
    postings: dict[str, list[tuple[int, int, int]]] = {}
    lookup = terms.terms
    renumber = terms.renumber
    chosen: Iterable[int] = range(len(words.words)) if keep is None else keep
    tokens, starts, ends = words.words, words.starts, words.ends
    position = -1
    for number, index in enumerate(chosen):
        found = lookup(tokens[index])
        if not found:
            continue
        if not renumber:
            position = number
        elif position < 0:
            position = number  # the first word kept keeps its own position
        else:
            position += 1
        posting = (position, starts[index], ends[index])
        for term in found:
            listed = postings.get(term)
            if listed is None:
                postings[term] = [posting]
            else:
                listed.append(posting)
    return Analysed(postings.items())


def tokens_in(words: Words, spans: Sequence[tuple[int, int]]) -> list[int]:
    """Indexes of the tokens that start inside one of ``spans`` ((start, end) character
    ranges, sorted and not overlapping)."""
    bounds = [start for start, _ in spans]
    kept = []
    for index, start in enumerate(words.starts):
        span = bisect_right(bounds, start) - 1
        if span >= 0 and start < spans[span][1]:
            kept.append(index)
    return kept


class CompactCharacters(Characters):
    """Whoosh's `Characters` format (each posting holds the positions and character offsets
    of a term in a document), that also takes a field value analysed already (`Analysed`)
    and encodes a posting as arrays of small integers instead of a pickle.

    A value is the number of occurrences (4 bytes, as in Whoosh), the array type code
    (``B``, ``H`` or ``i``: the narrowest that holds every number), the position deltas,
    then (gap since the previous end, length) pairs; each list is decoded by one
    ``itertools.accumulate``, in C. On 400 documents of Hungarian and English text the
    values took 4.4 MiB instead of 8.0 MiB as pickles."""

    def word_values(
        self, value: Any, analyzer: Any, **kwargs: Any
    ) -> Iterator[tuple[str, int, float, bytes]]:
        if not isinstance(value, Analysed):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        encode = self.encode
        for term, postings in value:
            yield term, len(postings), len(postings) * boost, encode(postings)

    def encode(self, poslist: Any) -> bytes:
        moves: list[int] = []
        spans: list[int] = []
        position = end = 0
        for pos, startchar, endchar in poslist:
            moves.append(pos - position)
            spans.append(startchar - end)
            spans.append(endchar - startchar)
            position, end = pos, endchar
        numbers = moves + spans
        low, high = min(numbers), max(numbers)
        code = "i" if low < 0 or high >= 0x10000 else "H" if high >= 0x100 else "B"
        packed = array(code, numbers)
        if _SWAP:
            packed.byteswap()
        return _COUNT.pack(len(moves)) + code.encode("ascii") + packed.tobytes()

    def _numbers(self, valuestring: bytes) -> tuple[int, array[int]]:
        count = _COUNT.unpack_from(valuestring)[0]
        numbers = array(chr(valuestring[_COUNT.size]), valuestring[_COUNT.size + 1 :])
        if _SWAP:
            numbers.byteswap()
        return count, numbers

    def decode_positions(self, valuestring: bytes) -> list[int]:
        count, numbers = self._numbers(valuestring)
        return list(accumulate(numbers[:count]))

    def decode_characters(self, valuestring: bytes) -> list[tuple[int, int, int]]:
        count, numbers = self._numbers(valuestring)
        positions = accumulate(numbers[:count])
        offsets = iter(accumulate(numbers[count:]))
        return [
            (pos, start, end) for pos, start, end in zip(positions, offsets, offsets, strict=False)
        ]

    def decode_position_boosts(self, valuestring: bytes) -> list[tuple[int, float]]:
        return [(pos, 1) for pos in self.decode_positions(valuestring)]


_COUNT = struct.Struct("!I")  # big-endian, as Whoosh reads the frequency
_SWAP = sys.byteorder != "little"
