"""Plain text files: UTF-8 (with or without BOM), UTF-16 with BOM, and the legacy 8-bit
code pages Hungarian and Western European files come in (cp1250, ISO-8859-2, cp1252).

The 8-bit code pages decode almost any bytes, so the choice between them is made by
which reading gives letters that belong together in one alphabet: ``õ``/``û`` next to
``á``/``é``/``ö`` is Hungarian read with the wrong code page, so cp1250 wins.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

from archive.errors import ResourceLimitError
from archive.model import Extraction, Page
from ingest.mime import TEXT

MAX_TEXT_BYTES = 64 * 1024 * 1024
"""Plain text larger than this is refused (the sandbox's memory limit would be hit)."""

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Order matters: on a tie the first wins (this is a Hungarian archive).
_LEGACY = ("cp1250", "iso-8859-2", "cp1252")

# Non-ASCII letters of the alphabets the archive expects; a correct decoding puts all of a
# text's letters into one of them.
_ALPHABETS: tuple[str, ...] = (
    "áéíóöőúüűÁÉÍÓÖŐÚÜŰ",  # hu
    "äöüßÄÖÜ",  # de
    "àâæçéèêëîïôœùûüÿÀÂÆÇÉÈÊËÎÏÔŒÙÛÜŸ",  # fr
    "áéíñóúüÁÉÍÑÓÚÜ",  # es
    "àèéìíîòóùúÀÈÉÌÍÎÒÓÙÚ",  # it
    "áâãàçéêíóôõúÁÂÃÀÇÉÊÍÓÔÕÚ",  # pt
    "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ",  # pl
    "áčďéěíňóřšťúůýžÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ",  # cs
    "áäčďéíĺľňóôŕšťúýžÁÄČĎÉÍĹĽŇÓÔŔŠŤÚÝŽ",  # sk
    "ăâîșțşţĂÂÎȘȚŞŢ",  # ro
    "čćđšžČĆĐŠŽ",  # hr, sl
    "åäöéÅÄÖÉ",  # sv, fi
    "æøåéÆØÅÉ",  # da, no
    "éëïèöüóáÉËÏÈÖÜÓÁ",  # nl
)
_ALPHABET_SETS = tuple(frozenset(a) for a in _ALPHABETS)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1a")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``. Never raises."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3 and error.reason == "unexpected end of data":
            return data[: error.start].decode("utf-8"), "utf-8"
    best = max(_LEGACY, key=lambda encoding: _plausibility(data, encoding))
    text = data.decode(best, errors="replace")
    if _letters_fit(text) < 0.5:
        guess = from_bytes(data).best()
        if guess is not None and guess.encoding:
            return str(guess), guess.encoding
    return text, best


def looks_like_text(sample: bytes) -> bool:
    """True if ``sample`` (the head of a file) reads as text in some supported encoding."""
    if not sample.startswith(tuple(bom for bom, _ in _BOMS)) and b"\x00" in sample:
        return False
    text, _ = decode_bytes(sample)
    if not text:
        return False
    bad = sum(1 for char in text if _is_bad(char))
    return bad / len(text) < 0.01


def parse_text(path: Path) -> Extraction:
    """Read a plain text file as one page."""
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise ResourceLimitError(
            f"the text file is {size / 2**20:.0f} MiB, over the limit of "
            f"{MAX_TEXT_BYTES / 2**20:.0f} MiB"
        )
    text, _ = decode_bytes(path.read_bytes())
    return Extraction(content_type=TEXT, pages=(Page(number=1, text=text),))


def _is_bad(char: str) -> bool:
    if char == "\ufffd":
        return True
    return unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS


def _plausibility(data: bytes, encoding: str) -> float:
    text = data.decode(encoding, errors="replace")
    bad = sum(1 for char in text if _is_bad(char))
    return _letters_fit(text) - bad / max(len(text), 1) * 100


def _letters_fit(text: str) -> float:
    """Share of the non-ASCII letters that fit the best single alphabet (1.0 if none)."""
    letters = [c for c in text if ord(c) > 127 and c.isalpha()]
    if not letters:
        return 1.0
    counts = {c: letters.count(c) for c in set(letters)}
    best = max(sum(n for c, n in counts.items() if c in alphabet) for alphabet in _ALPHABET_SETS)
    return best / len(letters)
