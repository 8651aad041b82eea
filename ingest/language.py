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
"""Pages are cut into pieces of about this size (at line ends); samples come from them."""
SAMPLE_CHARS = 700
"""Characters of a piece that are detected (langdetect's cost grows with the text)."""
MAX_SAMPLES = 5
"""Samples detected of one page at most, spread over it (first, last, middle ...)."""
CLEAR_PROBABILITY = 0.99
"""A page whose first two samples are this sure of the same language is taken to be in
it, and no more of it is detected."""
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

    Returns ``(page_languages, main_language, languages)``: each page's language, the
    document's main language (the majority of all its letters) and every language with at
    least `MIN_SHARE` of the text, main language first.

    A page is detected on samples of `CHUNK_CHARS`, at most `MAX_SAMPLES` of them spread
    over it, and no more once its first two samples agree and are sure
    (`CLEAR_PROBABILITY`); its letters count for each language in the proportion of the
    sampled letters. So a page of any length costs at most five detections, and most
    pages one or two: detecting every 2,000 characters had cost a third of an ingest.
    """
    total: Counter[str] = Counter()
    page_languages: list[str] = []
    for text in pages:
        weights = _page_weights(text)
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


def _page_weights(text: str) -> Counter[str]:
    """Letters of the page by language, estimated from samples."""
    chunks = list(_chunks(text))
    sampled: Counter[str] = Counter()
    sure: list[tuple[str, float]] = []
    for index in _spread(len(chunks), MAX_SAMPLES):
        language, letters, probability = _detect_sure(_sample(chunks[index]))
        if language != UNDETERMINED:
            sampled[language] += letters
        sure.append((language, probability))
        if len(sure) == 2 and _clear(sure):
            break
    seen = sum(sampled.values())
    if not seen:
        return sampled
    page_letters = sum(map(str.isalpha, text)) if len(chunks) > len(sure) else seen
    return Counter(
        {language: round(page_letters * letters / seen) for language, letters in sampled.items()}
    )


def _sample(chunk: str) -> str:
    """The first `SAMPLE_CHARS` of a piece, cut at a space."""
    if len(chunk) <= SAMPLE_CHARS:
        return chunk
    cut = chunk.rfind(" ", SAMPLE_CHARS // 2, SAMPLE_CHARS)
    return chunk[: cut if cut > 0 else SAMPLE_CHARS]


def _clear(sure: list[tuple[str, float]]) -> bool:
    (first, p1), (second, p2) = sure
    return first == second != UNDETERMINED and min(p1, p2) >= CLEAR_PROBABILITY


def _spread(count: int, most: int) -> list[int]:
    """Up to ``most`` indexes of ``count`` items: the first, the last, then the middle and
    the quarters ..., so that two samples already see both ends of a page."""
    if count <= most:
        order = [0, count - 1, *range(1, count - 1)] if count > 1 else [0]
    else:
        order = [0, count - 1] + [round(count * k / (most - 1)) for k in range(1, most - 1)]
    return list(dict.fromkeys(order))


def _detect(text: str) -> tuple[str, int]:
    language, letters, _ = _detect_sure(text)
    return language, letters


def _detect_sure(text: str) -> tuple[str, int, float]:
    """(language or ``und``, letters, probability of the language found)."""
    text = _NOISE.sub(" ", text)
    letters = sum(map(str.isalpha, text))
    if letters < MIN_LETTERS:
        return UNDETERMINED, letters, 0.0
    known = sum(1 for char in text if char.isalpha() and _in_known_script(char))
    if known < letters / 2:  # Arabic, Hebrew, CJK ...: no profile loaded for them
        return UNDETERMINED, letters, 0.0
    with _lock:
        detector = _get_factory().create()
        detector.append(text)
        try:
            guesses = detector.get_probabilities()
        except LangDetectException:
            return UNDETERMINED, letters, 0.0
    if not guesses or guesses[0].prob < MIN_PROBABILITY:
        return UNDETERMINED, letters, 0.0
    return str(guesses[0].lang), letters, float(guesses[0].prob)


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
