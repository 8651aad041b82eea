"""Language detection with langdetect, restricted to the languages the archive expects.

Detection is deterministic: the detector factory is seeded. Only the profiles of
`EXPECTED_LANGUAGES` are loaded, which keeps Hungarian from being taken for Estonian or
Finnish on short passages. Below `MIN_PROBABILITY`, or on too little text, the answer is
`archive.model.UNDETERMINED`.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import langdetect
from langdetect.detector_factory import DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from archive.model import UNDETERMINED

EXPECTED_LANGUAGES: tuple[str, ...] = (
    # the project's and its partners' languages: the EU languages langdetect knows
    "hu", "en", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "sl", "hr", "ro",
    "bg", "el", "fi", "sv", "da", "et", "lt", "lv",
    # and a few neighbours'
    "ca", "no", "ru", "uk", "tr",
)  # fmt: skip
MIN_PROBABILITY = 0.80
MIN_LETTERS = 20
"""Texts with fewer letters than this are not guessed at."""
CHUNK_CHARS = 2000
"""Long texts are detected in pieces of about this size, cut at line ends."""
MIN_SHARE = 0.05
"""A language is listed for a document when it has at least this share of its text."""

# Words with digits (glyph names like "/g18/g152", codes, dates), URLs and e-mail addresses
# say nothing about the language and mislead the detector.
_NOISE = re.compile(r"\S*\d\S*|\S*(?:://|@|www\.)\S*")

_lock = threading.Lock()
_factory: DetectorFactory | None = None


def detect_language(text: str) -> str:
    """Return the ISO 639-1 code of the language of ``text``, or ``"und"``."""
    language, _ = _detect(text)
    return language


def detect_page_languages(pages: Sequence[str]) -> tuple[list[str], str, tuple[str, ...]]:
    """Detect the language of each page and of the whole document.

    Returns ``(page_languages, main_language, languages)``: each page's language (the
    majority of its pieces by length), the document's main language (the majority of all
    pieces by length) and every language with at least `MIN_SHARE` of the text, main
    language first.
    """
    total: Counter[str] = Counter()
    page_languages: list[str] = []
    for text in pages:
        weights: Counter[str] = Counter()
        for chunk in _chunks(text):
            language, letters = _detect(chunk)
            if language != UNDETERMINED:
                weights[language] += letters
        page_languages.append(_majority(weights))
        total.update(weights)
    main = _majority(total)
    amount = sum(total.values())
    languages = tuple(
        language
        for language, weight in sorted(total.items(), key=lambda item: (-item[1], item[0]))
        if weight >= MIN_SHARE * amount
    )
    return page_languages, main, languages


def _detect(text: str) -> tuple[str, int]:
    text = _NOISE.sub(" ", text)
    letters = sum(1 for char in text if char.isalpha())
    if letters < MIN_LETTERS:
        return UNDETERMINED, letters
    known = sum(1 for char in text if char.isalpha() and _in_known_script(char))
    if known < letters / 2:  # Arabic, Hebrew, CJK ...: no profile loaded for them
        return UNDETERMINED, letters
    with _lock:
        detector = _get_factory().create()
        detector.append(text)
        try:
            guesses = detector.get_probabilities()
        except LangDetectException:
            return UNDETERMINED, letters
    if not guesses or guesses[0].prob < MIN_PROBABILITY:
        return UNDETERMINED, letters
    return str(guesses[0].lang), letters


def _in_known_script(char: str) -> bool:
    """Latin, Greek or Cyrillic: the scripts of `EXPECTED_LANGUAGES`."""
    code = ord(char)
    return code < 0x0250 or 0x0370 <= code < 0x0530 or 0x1E00 <= code < 0x1F00


def _majority(weights: Counter[str]) -> str:
    if not weights:
        return UNDETERMINED
    return min(weights.items(), key=lambda item: (-item[1], item[0]))[0]


def _chunks(text: str) -> Iterable[str]:
    """Pieces of about `CHUNK_CHARS`, cut at line ends."""
    chunk: list[str] = []
    size = 0
    for line in text.split("\n"):
        chunk.append(line)
        size += len(line) + 1
        if size >= CHUNK_CHARS:
            yield "\n".join(chunk)
            chunk, size = [], 0
    if chunk:
        yield "\n".join(chunk)


def warm_up() -> None:
    """Load the language profiles now rather than on the first detection."""
    with _lock:
        _get_factory()


def _get_factory() -> DetectorFactory:
    global _factory
    if _factory is None:
        profiles = Path(langdetect.__file__).parent / "profiles"
        factory = DetectorFactory()
        factory.load_json_profile(
            [(profiles / code).read_text(encoding="utf-8") for code in EXPECTED_LANGUAGES]
        )
        factory.set_seed(0)
        _factory = factory
    return _factory
