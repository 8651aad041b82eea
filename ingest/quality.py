"""How much of an extracted text is readable: the measure that sends a PDF page to the
fallback extractor or to OCR.

A text layer can be present and still useless: fonts without a Unicode map come out as
``(cid:42)`` artefacts, U+FFFD replacement characters, private-use code points or control
characters, or as runs of punctuation where the letters should be. `assess` counts these;
`TextQuality.garbage` is the verdict.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MIN_CHARS = 20
"""Texts with fewer visible characters than this are judged `empty`, never garbage."""
MAX_ARTEFACT_SHARE = 0.05
"""More artefacts than this share of the visible characters makes a text garbage."""
MIN_WORD_CHAR_SHARE = 0.5
"""Fewer letters and digits than this share of the visible characters makes it garbage."""

_CID = re.compile(r"\(cid:\d+\)")
_LEADERS = re.compile(r"(?:[._·…-] ?){4,}")
"""Dot leaders of tables of contents: layout, not text."""
_GLYPH_NAME = re.compile(r"/g\d+")
_BAD_CATEGORIES = frozenset({"Co", "Cn", "Cs", "Cc"})


@dataclass(frozen=True)
class TextQuality:
    """Counts of the visible (non-whitespace) characters of one text."""

    chars: int
    artefacts: int
    word_chars: int

    @property
    def empty(self) -> bool:
        return self.chars < MIN_CHARS

    @property
    def artefact_share(self) -> float:
        return self.artefacts / self.chars if self.chars else 0.0

    @property
    def word_char_share(self) -> float:
        return self.word_chars / self.chars if self.chars else 0.0

    @property
    def garbage(self) -> bool:
        """Enough text to judge, and too much of it artefacts or too few letters."""
        if self.empty:
            return False
        return (
            self.artefact_share > MAX_ARTEFACT_SHARE or self.word_char_share < MIN_WORD_CHAR_SHARE
        )

    @property
    def usable(self) -> bool:
        return not self.empty and not self.garbage

    @property
    def score(self) -> int:
        """Readable characters: what a better reading of the same page has more of."""
        return self.word_chars - self.artefacts


def assess(text: str) -> TextQuality:
    """Count the visible characters of ``text``, its artefacts and its letters and digits."""
    artefacts = 0
    for pattern in (_CID, _GLYPH_NAME):
        for match in pattern.finditer(text):
            artefacts += len(match.group())
        text = pattern.sub(" ", text)
    text = _LEADERS.sub(" ", text)
    chars = artefacts
    word_chars = 0
    for char in text:
        if char.isspace():
            continue
        chars += 1
        if char.isalnum():
            word_chars += 1
        elif char == "\ufffd" or unicodedata.category(char) in _BAD_CATEGORIES:
            artefacts += 1
    return TextQuality(chars=chars, artefacts=artefacts, word_chars=word_chars)


MIN_LETTERS = 50
"""Texts with fewer letters than this are not judged against their language."""
MAX_IMPLAUSIBLE_SHARE = 0.5
"""More letters than this share unusual for a text's language earns it a warning."""
LANGUAGE_LETTERS: dict[str, str] = {
    "hu": "áéíóöőúüű",
    "en": "",
    "de": "äöüß",
    "fr": "àâæçéèêëîïôœùûüÿ",
    "es": "áéíñóúü",
    "ca": "àçèéíïòóúü",
    "it": "àèéìíîòóùú",
    "pt": "áâãàçéêíóôõú",
    "pl": "ąćęłńóśźż",
    "cs": "áčďéěíňóřšťúůýž",
    "sk": "áäčďéíĺľňóôŕšťúýž",
    "ro": "ăâîșțşţ",
    "hr": "čćđšž",
    "sl": "čšž",
    "sv": "åäöé",
    "fi": "åäöšž",
    "da": "æøåé",
    "no": "æøåé",
    "nl": "éëïèöüóá",
}
"""The letters beyond a-z each language writes (its own words, not loans)."""
_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")
"""What a text of a language without a row above (or undetermined) is expected to use."""


def implausible_letters(pages: list[tuple[str, str]]) -> tuple[int, int]:
    """(unusual letters, letters) of pages given as (text, language): a letter is unusual
    when its page's language does not write it, or, for other languages, when it is not
    of the Latin, Greek or Cyrillic script (the text of a wrongly decoded file)."""
    unusual = letters = 0
    for text, language in pages:
        own = LANGUAGE_LETTERS.get(language)
        for char in text:
            if not char.isalpha():
                continue
            letters += 1
            lower = char.lower()
            if lower.isascii():
                continue
            if own is not None:
                unusual += lower not in own
            else:
                unusual += not unicodedata.name(char, "").startswith(_SCRIPTS)
    return unusual, letters


def language_warning(pages: list[tuple[str, str]], language: str) -> str | None:
    """A warning for librarians when most letters of the text are unusual for the
    language it was detected in, else None."""
    unusual, letters = implausible_letters(pages)
    if letters < MIN_LETTERS or unusual <= letters * MAX_IMPLAUSIBLE_SHARE:
        return None
    share = round(100 * unusual / letters)
    return (
        f"{share}% of the letters of the text are unusual for its language ({language}): "
        "it may have been read in a wrong encoding, or be damaged; compare it with the "
        "original"
    )
