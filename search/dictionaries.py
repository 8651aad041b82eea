"""Word translations from Debian's FreeDict dictionaries: the second source after the glossary.

The glossary (search/glossary.py) knows the project's own terms, a few dozen concepts of
cluster policy. A query for anything else (``munkanélküliség``, ``refugees``) finds nothing
in the other language. Debian's ``dict-freedict-hun-eng`` and ``dict-freedict-eng-hun``
packages (dictd format, under ``/usr/share/dictd``; GPL, so they are read where Debian
installs them and never copied into clusnet) give each word its translations, in an order
that is not by frequency (``small``: keskeny, csekély jelentőségű, aprószén ... kis). So:

- only the first `MAX_SENSES` senses of an entry are looked at, and only plain words and
  short phrases among them (not ``vmit szerető``, ``atom-``);
- the query word is looked up by its dictionary forms (``támogatását`` -> ``támogatás``;
  ``policies`` -> ``policy``);
- of those senses, the ones the archive's documents use most are kept (`Translator.translate`
  takes a frequency function), at most `MAX_TRANSLATIONS`;
- the caller searches them at a low weight, in the fields of their language only.

The eng-hun file writes ő and ű as ô and û (Latin-1 look-alikes): they are mapped back.
Without the packages nothing is translated and nothing fails.
"""

from __future__ import annotations

import bisect
import contextlib
import gzip
import logging
import re
import struct
import threading
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

log = logging.getLogger(__name__)

DICTD_FOLDER = Path("/usr/share/dictd")
FILES: dict[tuple[str, str], str] = {
    ("hu", "en"): "freedict-hun-eng",
    ("en", "hu"): "freedict-eng-hun",
}
MAX_SENSES = 6
"""Senses of an entry that are looked at, in the dictionary's order."""
MAX_TRANSLATIONS = 2
"""Translations kept for one word."""
MAX_SENSE_WORDS = 3
_LOOKALIKE_PAIRS = tuple(zip("ôûÔÛõũÕŨ", "őűŐŰőűŐŰ", strict=True))
_LOOKALIKES = str.maketrans(dict(_LOOKALIKE_PAIRS))
_B64 = {
    c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
}
_NUMBERED = re.compile(r"^\d+\.\s*")
_PLACEHOLDER = re.compile(r"\b(?:vmi|vki|vhol|vhova|vmely|vmennyi)\w*", re.IGNORECASE)
_SENSE = re.compile(r"^[^\W\d_][\w'\u2019 -]*[^\W\d_]$")


def _without_lookalikes(text: str) -> str:
    """`text` with ô, û ... as ő, ű (as `_LOOKALIKES`; ``str.translate`` with a table
    took 0.6 s on a dictionary's headwords, eight replacements take milliseconds)."""
    for lookalike, letter in _LOOKALIKE_PAIRS:
        if lookalike in text:
            text = text.replace(lookalike, letter)
    return text


def _number(text: str) -> int:
    value = 0
    for char in text:
        value = value * 64 + _B64[char]
    return value


class DictdFile:
    """One dictd dictionary (``NAME.index`` and ``NAME.dict.dz``), read on first use.

    The index's headwords are kept as one sorted list and looked up by bisection, and only
    the compressed chunks an entry lies in are read from the dictzip file (its ``RA``
    field lists them): a first lookup costs about 0.1 s instead of the second or more that
    a dictionary of every entry and the whole inflated text took, which a new
    `clusnet search` process paid on every start.
    """

    def __init__(self, folder: Path, name: str) -> None:
        self.index_path = folder / f"{name}.index"
        self.data_path = folder / f"{name}.dict.dz"
        self._keys: list[str] | None = None
        self._places: list[str] = []
        self._data: _Dictzip | None = None
        self._lock = threading.Lock()

    def exists(self) -> bool:
        return self.index_path.is_file() and self.data_path.is_file()

    def _load(self) -> list[str]:
        with self._lock:
            if self._keys is None:
                keys: list[str] = []
                places: list[str] = []
                try:
                    text = self.index_path.read_text(encoding="utf-8", errors="replace")
                    lines = [
                        line
                        for line in text.split("\n")
                        if line.count("\t") == 2 and not line.startswith("00database")
                    ]
                    headwords = "\n".join(line[: line.index("\t")] for line in lines)
                    keys = _without_lookalikes(headwords).casefold().split("\n")
                    places = [line[line.index("\t") + 1 :] for line in lines]
                    if len(keys) != len(places):  # a headword that casefolds to a line break
                        raise ValueError("unreadable headwords")
                    if keys != sorted(keys):  # dictfmt sorts them; others may not
                        order = sorted(range(len(keys)), key=keys.__getitem__)
                        keys = [keys[i] for i in order]
                        places = [places[i] for i in order]
                    self._data = _Dictzip(self.data_path)
                except (OSError, ValueError, EOFError, zlib.error) as exc:
                    log.warning("cannot read the dictionary %s (%s)", self.index_path, exc)
                    keys, places = [], []
                self._places = places
                self._keys = keys
            return self._keys

    def _entries(self, key: str) -> Iterator[tuple[int, int]]:
        keys = self._load()
        i = bisect.bisect_left(keys, key)
        while i < len(keys) and keys[i] == key:
            offset, _, length = self._places[i].partition("\t")
            with contextlib.suppress(KeyError):  # not base64: a broken line
                yield _number(offset), _number(length)
            i += 1

    def senses(self, headword: str) -> list[str]:
        """The translations of `headword` (casefolded), in the dictionary's order."""
        found: list[str] = []
        for offset, length in self._entries(headword.casefold()):
            if self._data is None:
                break
            try:
                raw = self._data.read(offset, length)
            except (OSError, EOFError, zlib.error) as exc:
                log.warning("cannot read the dictionary %s (%s)", self.data_path, exc)
                return found
            body = raw.decode("utf-8", errors="replace")
            lines = body.translate(_LOOKALIKES).strip().split("\n")[1:]
            for line in lines:
                sense = _NUMBERED.sub("", line).strip()
                if sense and sense not in found:
                    found.append(sense)
        return found


class _Dictzip:
    """Random access to a dictzip file (gzip whose ``RA`` extra field lists chunks that
    inflate on their own); a plain gzip file is inflated whole on first read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.chunk_length = 0
        self.starts: list[int] = []
        self._whole: bytes | None = None
        self._chunks: dict[int, bytes] = {}  # inflated, at most the whole text
        self._lock = threading.Lock()
        with path.open("rb") as file:
            header = file.read(10)
            if len(header) < 10 or header[:3] != b"\x1f\x8b\x08":
                raise ValueError("not a gzip file")
            flags = header[3]
            if not flags & 0x04:  # no extra field: not dictzip
                return
            (extra_length,) = struct.unpack("<H", file.read(2))
            extra = file.read(extra_length)
            sizes: list[int] = []
            at = 0
            while at + 4 <= len(extra):
                tag, length = extra[at : at + 2], struct.unpack("<H", extra[at + 2 : at + 4])[0]
                body = extra[at + 4 : at + 4 + length]
                if tag == b"RA" and len(body) >= 6:
                    _, self.chunk_length, count = struct.unpack("<HHH", body[:6])
                    sizes = list(struct.unpack(f"<{count}H", body[6 : 6 + 2 * count]))
                at += 4 + length
            for flag in (0x08, 0x10):  # file name, comment: zero-terminated
                if flags & flag:
                    while file.read(1) not in (b"\0", b""):
                        pass
            if flags & 0x02:
                file.read(2)
            start = file.tell()
        for size in sizes:
            self.starts.append(start)
            start += size
        self.starts.append(start)
        if not sizes:
            self.chunk_length = 0

    def read(self, offset: int, length: int) -> bytes:
        if not self.chunk_length:
            with self._lock:
                if self._whole is None:
                    with gzip.open(self.path) as data:
                        self._whole = data.read()
            return self._whole[offset : offset + length]
        first = offset // self.chunk_length
        last = min((offset + length - 1) // self.chunk_length, len(self.starts) - 2)
        if first > last:
            return b""
        inflated = b"".join(self._chunk(chunk) for chunk in range(first, last + 1))
        skip = offset - first * self.chunk_length
        return inflated[skip : skip + length]

    def _chunk(self, number: int) -> bytes:
        found = self._chunks.get(number)
        if found is None:
            with self.path.open("rb") as file:
                file.seek(self.starts[number])
                compressed = file.read(self.starts[number + 1] - self.starts[number])
            found = zlib.decompressobj(-zlib.MAX_WBITS).decompress(compressed)
            self._chunks[number] = found
        return found


def usable(sense: str) -> str | None:
    """A sense as a search term: a word or a short phrase, without remarks in brackets;
    None for placeholders (``vmit szerető``), affixes (``atom-``) and lists."""
    sense = re.sub(r"\([^)]*\)", " ", sense)
    sense = " ".join(sense.split())
    if not sense or "," in sense or ";" in sense or _PLACEHOLDER.search(sense):
        return None
    if len(sense.split()) > MAX_SENSE_WORDS or not _SENSE.match(sense):
        return None
    return sense.lower()


def english_lemmas(word: str) -> list[str]:
    """`word` and the dictionary forms it may be an inflection of (``policies`` -> policy,
    ``taxes`` -> tax, ``cuts`` -> cut, ``funded`` -> fund)."""
    forms = [word]
    rules = (
        ("ies", "y"),
        ("ves", "f"),
        ("s", ""),
        ("es", ""),
        ("ied", "y"),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
    )
    for suffix, replacement in rules:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.append(word[: -len(suffix)] + replacement)
    return list(dict.fromkeys(forms))


class Translator:
    """Translations of single words between Hungarian and English."""

    def __init__(self, folder: Path | None = DICTD_FOLDER) -> None:
        self.files = {
            direction: DictdFile(folder, name)
            for direction, name in FILES.items()
            if folder is not None
        }

    def available(self, source: str, target: str) -> bool:
        file = self.files.get((source, target))
        return file is not None and file.exists()

    def knows(self, word: str, language: str, lemmas: Callable[[str], list[str]]) -> bool:
        """Whether some dictionary form of `word` is a headword of `language`'s dictionary."""
        target = "en" if language == "hu" else "hu"
        if not self.available(language, target):
            return False
        file = self.files[(language, target)]
        return any(file.senses(form) for form in lemmas(word))

    def translate(
        self,
        word: str,
        source: str,
        lemmas: Callable[[str], list[str]],
        frequency: Callable[[str], int],
    ) -> list[str]:
        """At most `MAX_TRANSLATIONS` translations of `word` from `source` into the other
        language: the first senses of its dictionary forms' entries, those the archive uses
        (`frequency`: documents with the term, 0 when none) most first. The first of its
        dictionary forms (`lemmas`) that has an entry is looked up."""
        target = "en" if source == "hu" else "hu"
        if not self.available(source, target):
            return []
        file = self.files[(source, target)]
        candidates: list[str] = []
        senses = next((found for found in map(file.senses, lemmas(word)) if found), [])
        for sense in senses[:MAX_SENSES]:
            term = usable(sense)
            if term and term != word and term not in candidates:
                candidates.append(term)
        counted = [(term, frequency(term)) for term in candidates]
        ranked = sorted(
            ((t, n) for t, n in counted if n > 0),
            key=lambda item: (-item[1], candidates.index(item[0])),
        )
        return [term for term, _ in ranked[:MAX_TRANSLATIONS]]
