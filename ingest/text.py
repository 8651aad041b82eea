"""Plain text files: UTF-8 (with or without BOM), UTF-16 (with or without BOM), and the
legacy 8-bit code pages Hungarian and Western European files come in (cp1250, ISO-8859-2,
cp1252).

The 8-bit code pages decode almost any bytes, so the choice between them is made by
which reading gives letters that belong together in one alphabet: ``õ``/``û`` next to
``á``/``é``/``ö`` is Hungarian read with the wrong code page, so cp1250 wins.

Real files break the rules: a UTF-8 BOM before cp1250 bytes (an editor that added the BOM
and not the encoding) is read as cp1250; UTF-16 without a BOM is told by its zero bytes
(every other byte of Latin text); a few stray NUL bytes in a text (a bad copy, a padded
record) are dropped rather than the file refused as binary.
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


MAX_STRAY_NUL_SHARE = 0.01
"""NUL bytes in at most this share of a text's bytes are dropped as stray; more, and the
file is binary (or UTF-16, told apart by where its zero bytes are)."""
_UTF16_ZEROS = 0.2
"""UTF-16 without a BOM: at least this share of the code units have a zero byte on one
side (Latin text: nearly all of them), and almost none on the other."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``. Never raises."""
    if data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", errors="replace")
        errors = text.count("\ufffd")
        if errors <= 1 or sum(1 for c in text if ord(c) > 127) > errors * 20:
            return text, "utf-8-sig"  # UTF-8, with a damaged character or two at most
        # a UTF-8 BOM before bytes that are not UTF-8: the BOM lies, read what follows
        text, encoding = _decode_unmarked(data[3:])
        return text, f"{encoding} after a UTF-8 BOM"
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    return _decode_unmarked(data)


def _decode_unmarked(data: bytes) -> tuple[str, str]:
    """Decode bytes without a BOM."""
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        if data.count(b"\x00") > len(data) * MAX_STRAY_NUL_SHARE:
            return data.decode("latin-1"), "binary"  # not text: no guessing
        text, encoding = _decode_unmarked(data.replace(b"\x00", b""))
        return text, f"{encoding}, stray NUL bytes dropped"
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


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 told by its zero bytes (the high byte of every Latin character), if it is."""
    units = len(data) // 2
    if units < 2:
        return None
    even = data[0 : units * 2 : 2].count(0) / units
    odd = data[1 : units * 2 : 2].count(0) / units
    if odd >= _UTF16_ZEROS and even < odd / 10:
        encoding = "utf-16-le"
    elif even >= _UTF16_ZEROS and odd < even / 10:
        encoding = "utf-16-be"
    else:
        return None
    text = data[: units * 2].decode(encoding, errors="replace")
    bad = sum(1 for char in text if _is_bad(char))
    if bad > len(text) * 0.01:
        return None
    return text, encoding


def plausible_text(text: str) -> bool:
    """Whether ``text`` reads as text: almost no control or replacement characters, and
    its non-ASCII letters from one alphabet (not a wrong decoding's jumble)."""
    if not text:
        return False
    bad = sum(1 for char in text if _is_bad(char))
    return bad / len(text) < 0.01 and _letters_fit(text) >= 0.5


def looks_like_text(sample: bytes) -> bool:
    """True if ``sample`` (the head of a file) reads as text in some supported encoding."""
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
