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

import gzip
import logging
import re
import threading
from collections.abc import Callable
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
_LOOKALIKES = str.maketrans("ôûÔÛõũÕŨ", "őűŐŰőűŐŰ")
_B64 = {
    c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
}
_NUMBERED = re.compile(r"^\d+\.\s*")
_PLACEHOLDER = re.compile(r"\b(?:vmi|vki|vhol|vhova|vmely|vmennyi)\w*", re.IGNORECASE)
_SENSE = re.compile(r"^[^\W\d_][\w'\u2019 -]*[^\W\d_]$")


def _number(text: str) -> int:
    value = 0
    for char in text:
        value = value * 64 + _B64[char]
    return value


class DictdFile:
    """One dictd dictionary (``NAME.index`` and ``NAME.dict.dz``), read on first use."""

    def __init__(self, folder: Path, name: str) -> None:
        self.index_path = folder / f"{name}.index"
        self.data_path = folder / f"{name}.dict.dz"
        self._entries: dict[str, list[tuple[int, int]]] | None = None
        self._data = b""
        self._lock = threading.Lock()

    def exists(self) -> bool:
        return self.index_path.is_file() and self.data_path.is_file()

    def _load(self) -> dict[str, list[tuple[int, int]]]:
        with self._lock:
            if self._entries is None:
                entries: dict[str, list[tuple[int, int]]] = {}
                try:
                    with self.index_path.open(encoding="utf-8", errors="replace") as index:
                        for line in index:
                            parts = line.rstrip("\n").split("\t")
                            if len(parts) != 3 or parts[0].startswith("00database"):
                                continue
                            key = parts[0].translate(_LOOKALIKES).casefold()
                            entries.setdefault(key, []).append(
                                (_number(parts[1]), _number(parts[2]))
                            )
                    with gzip.open(self.data_path) as data:
                        self._data = data.read()
                except (OSError, ValueError, KeyError, EOFError) as exc:
                    log.warning("cannot read the dictionary %s (%s)", self.index_path, exc)
                    entries = {}
                self._entries = entries
            return self._entries

    def senses(self, headword: str) -> list[str]:
        """The translations of `headword` (casefolded), in the dictionary's order."""
        found: list[str] = []
        for offset, length in self._load().get(headword.casefold(), ()):
            body = self._data[offset : offset + length].decode("utf-8", errors="replace")
            lines = body.translate(_LOOKALIKES).strip().split("\n")[1:]
            for line in lines:
                sense = _NUMBERED.sub("", line).strip()
                if sense and sense not in found:
                    found.append(sense)
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
