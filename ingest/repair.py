"""Pure text-repair steps for extracted text, so that Hungarian words survive extraction.

:func:`repair_text` runs the steps below in this order. Each step is a public function
``str -> str`` with no state and no I/O, so they can be tested and reused one by one:

1. :func:`normalize_unicode` - line breaks, soft hyphens, control characters, NFC.
2. :func:`expand_ligatures` - ``ﬁ`` -> ``fi`` and friends.
3. :func:`repair_spacing_accents` - LaTeX accents that PDF extractors emit as separate
   characters before the letter (``Alap´ıtv´any`` -> ``Alapítvány``).
4. :func:`restore_double_acute` - ``õ``/``û`` look-alikes -> ``ő``/``ű`` in Hungarian text.
5. :func:`join_hyphenated_words` - words hyphenated across line ends are re-joined.
6. :func:`normalize_whitespace` - spaces, trailing blanks and blank lines.

:func:`find_broken_accents` detects what step 3 is meant to remove; the benchmark and the
tests measure with it.
"""

# The characters this module repairs look like quotes and apostrophes on purpose:
# ruff: noqa: RUF001, RUF002, RUF003

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

__all__ = [
    "expand_ligatures",
    "find_broken_accents",
    "join_hyphenated_words",
    "normalize_unicode",
    "normalize_whitespace",
    "repair_spacing_accents",
    "repair_text",
    "restore_double_acute",
]

# --- 1. Unicode ------------------------------------------------------------------------

# Characters that end a line or a page: they become "\n" rather than vanish, so that the
# words on either side stay apart.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# A soft hyphen at a line end marks a word broken across lines: join its halves.
_SOFT_HYPHEN_BREAK = re.compile("\u00ad[ \t]*\n[ \t]*")
# C0 and C1 control characters except tab and newline, and the remaining soft hyphens.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad]")


def normalize_unicode(text: str) -> str:
    """Normalise line breaks, drop soft hyphens and control characters, then apply NFC.

    ``\\r\\n``, ``\\r``, form feeds and the Unicode line and paragraph separators become
    ``\\n``; tabs and newlines are kept. A soft hyphen before a line break joins the word
    it splits (``fejlesz\\u00ad\\ntés`` -> ``fejlesztés``). NFC comes last, so that a
    combining mark that followed a removed character still composes with its letter.
    """
    text = _LINE_BREAKS.sub("\n", text)
    text = _SOFT_HYPHEN_BREAK.sub("", text)
    text = _CONTROLS.sub("", text)
    return unicodedata.normalize("NFC", text)


# --- 2. Ligatures ----------------------------------------------------------------------

_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
    }
)


def expand_ligatures(text: str) -> str:
    """Expand the Latin typographic ligatures ``ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ`` into their letters.

    ``speciﬁkus`` -> ``specifikus``. Other compatibility characters are left alone
    (NFKC would also rewrite superscripts, fractions and full-width forms).
    """
    return text.translate(_LIGATURES)


# --- 3. Spacing accents ----------------------------------------------------------------

# Spacing (and modifier-letter) accents that pypdf emits for LaTeX's \' \H \" \^ \~ \v \u
# \. \r \= \` accents, mapped to the combining mark they stand for.
_SPACING_ACCENTS = {
    "\u00b4": "\u0301",  # ´ acute
    "\u02ca": "\u0301",  # ˊ modifier letter acute
    "\u02cb": "\u0300",  # ˋ modifier letter grave
    "\u02dd": "\u030b",  # ˝ double acute
    "\u00a8": "\u0308",  # ¨ diaeresis
    "\u02c6": "\u0302",  # ˆ circumflex
    "\u02dc": "\u0303",  # ˜ small tilde
    "\u02c7": "\u030c",  # ˇ caron
    "\u02d8": "\u0306",  # ˘ breve
    "\u02d9": "\u0307",  # ˙ dot above
    "\u02da": "\u030a",  # ˚ ring above
    "\u00af": "\u0304",  # ¯ macron
}
_COMBINING_ACCENTS = frozenset(_SPACING_ACCENTS.values())
_VOWELS = frozenset("aeiouyAEIOUY")
# The letters each accent may go on. Acute and diaeresis only go on vowels, so that an
# acute typed as an apostrophe survives (``John´s``, ``it´s`` would otherwise become
# ``Johnś``, ``iś``). Accents not listed go on any letter they compose with.
_ALLOWED_BASES: dict[str, frozenset[str]] = {
    "\u0301": _VOWELS,
    "\u0300": _VOWELS,
    "\u0308": _VOWELS,
    "\u030b": frozenset("ouOU"),
    "\u0302": frozenset("aeiouAEIOU"),
    "\u0303": frozenset("aonAON"),
}
# Accents that are repaired only inside a word (preceded by a letter): ``S˜ao`` ->
# ``São`` but ``http://example.org/˜anna`` keeps its LaTeX-typeset tilde.
_WORD_INTERNAL_ONLY = frozenset("\u0303")

_ACCENT_CLASS = "".join(_SPACING_ACCENTS) + "".join(sorted(_COMBINING_ACCENTS))
# A letter; some spacing accents are modifier *letters* (ˆ ˇ ˊ ˋ) and are left out.
_LETTER = rf"[^\W\d_{_ACCENT_CLASS}]"
_ACCENT_BEFORE_LETTER = re.compile(
    rf"(?P<lead>(?<=[\[(])[ \t]+)?(?P<accent>[{_ACCENT_CLASS}])(?P<gap>[ \t]*)(?P<base>{_LETTER})"
)
# A combining accent after a dotless i (the order Unicode expects) also stands for í, ì ...
_DOTLESS_I_THEN_MARK = re.compile("\u0131(?=[\u0300\u0301\u0302\u0308])")
# NFC puts a combining accent that was meant for the next letter on the consonant before
# it when the pair exists precomposed ("p\u0301ı" -> "ṕı"). Such letters are moved back
# onto the next letter; the ones that real orthographies use (Polish, Croatian, Slovak,
# Sorbian) only when the next letter is a dotless ı, which none of them writes after it.
_MISPLACED_MARKS = ("\u0301", "\u030b", "\u0308")
_REAL_CONSONANTS = frozenset("ćńśźĺŕĆŃŚŹĹŔ")
_MISPLACED = frozenset(
    composed
    for consonant in "bcdfghjklmnpqrstvwxzBCDFGHJKLMNPQRSTVWXZ"
    for mark in _MISPLACED_MARKS
    if len(composed := unicodedata.normalize("NFC", consonant + mark)) == 1
)
_MISPLACED_BEFORE_LETTER = re.compile(
    rf"(?P<carrier>[{''.join(sorted(_MISPLACED))}])(?P<base>{_LETTER})"
)


def _compose(accent: str, base: str) -> str | None:
    """The precomposed letter for ``accent`` on ``base``, or ``None`` if not allowed.

    Only a letter without an accent (or a dotless ``ı``) takes one, so an accent next to
    an accented letter is left as it is rather than stacked.
    """
    mark = _SPACING_ACCENTS.get(accent, accent)
    letter = "i" if base == "\u0131" else base
    allowed = _ALLOWED_BASES.get(mark)
    if unicodedata.decomposition(letter) or (allowed is not None and letter not in allowed):
        return None
    composed = unicodedata.normalize("NFC", letter + mark)
    return composed if len(composed) == 1 else None


def _repair_accent(match: re.Match[str]) -> str:
    accent, gap, base = match.group("accent", "gap", "base")
    start = match.start("accent")
    before = match.string[start - 1] if start > 0 else ""
    # Only a dotless i may be separated from its accent by a space: "´ ı" is never text,
    # whereas "x ´ a" may be an apostrophe between words.
    if gap and base != "\u0131":
        return match.group(0)
    mark = _SPACING_ACCENTS.get(accent, accent)
    if mark in _WORD_INTERNAL_ONLY and not before.isalpha():
        return match.group(0)
    composed = _compose(accent, base)
    # On success the "lead" spaces go too: "[ ´Allami" -> "[Állami".
    return match.group(0) if composed is None else composed


def _move_misplaced(match: re.Match[str]) -> str:
    carrier, base = match.group("carrier", "base")
    if carrier in _REAL_CONSONANTS and base != "\u0131":
        return match.group(0)
    decomposed = unicodedata.normalize("NFD", carrier)
    composed = _compose(decomposed[1:], base)
    return match.group(0) if composed is None else decomposed[0] + composed


def repair_spacing_accents(text: str) -> str:
    """Put accents that were extracted as separate characters back on their letters.

    pypdf returns LaTeX accents as a spacing accent *before* the letter, and the i with a
    dotless ``ı`` under the accent: ``Alap´ıtv´any`` -> ``Alapítvány``, ``kottaszed˝o`` ->
    ``kottaszedő``, ``¨o`` -> ``ö``, ``˝u`` -> ``ű``, ``na¨ıve`` -> ``naïve``. Rules:

    - a spacing accent (``´ ˝ ¨ ˆ ˜ ˇ ˘ ˙ ˚ ¯ ˊ ˋ``) or a combining accent directly before
      a letter is put on that letter when the pair has a precomposed form; a combining
      accent still left after NFC does not compose with the letter before it, so it is
      taken to belong to the letter after it (``Alap\\u0301ıtv\\u0301any``);
    - where NFC did compose such an accent with the consonant before it (``p\\u0301`` is
      ``ṕ``), a consonant with acute, double acute or diaeresis that Hungarian, Polish,
      Croatian and Slovak never write before a letter (``ṕ ḱ ǵ ḿ ẃ ẗ``...) gives the accent
      to the next letter; ``ć ń ś ź ĺ ŕ`` do so only before a dotless ``ı``;
    - acute, grave and diaeresis only go on vowels and the double acute only on o and u,
      so an acute used as an apostrophe is kept (``John´s``, ``it´s``);
    - the tilde is repaired only inside a word (``S˜ao`` -> ``São``), not after a slash or
      a space (``/˜anna`` in a LaTeX URL);
    - spaces between accent and letter are removed only before a dotless ``ı``
      (``´ ıt`` -> ``ít``), and spaces after ``[`` or ``(`` only when the accent is
      repaired (``[ ´Allami`` -> ``[Állami``); an accent between two spaces is kept;
    - a dotless ``ı`` followed by a combining acute, grave, circumflex or diaeresis
      becomes ``í ì î ï``; a dotless ``ı`` alone (Turkish) is kept.
    - ASCII ``'``, ``^`` and `````` are never touched: they are apostrophes, code and
      markup far more often than accents, and the Hungarian LaTeX PDFs do not use them.

    Accents extracted *after* their letter do not occur in the corpus and are not
    repaired, apart from the combining marks that NFC already composes.
    """
    text = unicodedata.normalize("NFC", text)
    text = _DOTLESS_I_THEN_MARK.sub("i", text)
    text = _MISPLACED_BEFORE_LETTER.sub(_move_misplaced, text)
    text = _ACCENT_BEFORE_LETTER.sub(_repair_accent, text)
    return unicodedata.normalize("NFC", text)


_BROKEN_ACCENT = re.compile(
    rf"[´˝¨˘ˇ`^ˆ˜ˊˋ](?={_LETTER})|(?<={_LETTER})[´˝¨˘ˇ`^ˆ˜ˊˋ]|\u0131",
)


def find_broken_accents(text: str) -> list[str]:
    """The whitespace-separated tokens that still look like broken accents.

    A token is broken when a spacing accent (``´ ˝ ¨ ˘ ˇ ` ^ ˆ ˜ ˊ ˋ``) touches a letter
    in it, or when it contains a dotless ``ı``. Tokens without letters are ignored. Used
    to measure extraction quality; Turkish text legitimately contains ``ı``.
    """
    return [
        token
        for token in text.split()
        if _BROKEN_ACCENT.search(token) and any(ch.isalpha() for ch in token)
    ]


# --- 4. õ and û ------------------------------------------------------------------------

_LOOKALIKES = str.maketrans({"õ": "ő", "Õ": "Ő", "û": "ű", "Û": "Ű"})
# Letters Hungarian uses, and letters that Hungarian does not use but the languages that
# really have õ or û do (Portuguese ã ç ê ô à, Estonian ä š ž, French â ê î è ù ë ï ç,
# German ä ß, Vietnamese ơ ư đ and the Latin Extended Additional block).
_HUNGARIAN_LETTERS = frozenset("áéíóöőúüűÁÉÍÓÖŐÚÜŰ")
_FOREIGN_LETTERS = frozenset("ãâêîôàèìòùëïäåæøœñçšžßơưđÃÂÊÎÔÀÈÌÒÙËÏÄÅÆØŒÑÇŠŽƠƯĐ")
_FOREIGN_BLOCK = range(0x1E00, 0x1F00)


def _looks_hungarian(text: str) -> bool:
    """Whether ``text``'s accented letters are Hungarian ones rather than those of a
    language with a real ``õ``/``û`` (Portuguese, Estonian, French, Vietnamese)."""
    hungarian = foreign = 0
    for ch in text:
        if ch in _HUNGARIAN_LETTERS:
            hungarian += 1
        elif ch in _FOREIGN_LETTERS or ord(ch) in _FOREIGN_BLOCK:
            foreign += 1
    return hungarian >= 3 and foreign * 10 < hungarian


def restore_double_acute(text: str) -> str:
    """Replace ``õ û Õ Û`` with ``ő ű Ő Ű`` when the text looks Hungarian.

    Older Latin-1 tools had no ``ő``/``ű`` and wrote the nearest look-alike. The whole text
    is judged by its accented letters, a cheap test that needs no word lists: it must have
    at least three Hungarian accented letters (``á é í ó ö ő ú ü ű``), and fewer than one
    tenth as many letters that Hungarian never uses but Portuguese, Estonian, French,
    German or Vietnamese do (``ã ç ê ô à ä š ž ß ơ``...). Portuguese (``informações``),
    Estonian (``õpetaja ja käsi``) and French (``sûr, août``) text keeps its letters, and
    so does a text too short to judge. The counts ignore the look-alikes themselves and do
    not change when later steps join words or collapse spaces, so repair stays idempotent.
    """
    if not any(ch in text for ch in "õûÕÛ") or not _looks_hungarian(text):
        return text
    return text.translate(_LOOKALIKES)


# --- 5. Hyphenation --------------------------------------------------------------------

_WORD = rf"[^\W_{_ACCENT_CLASS}]+"
_LINE_END_HYPHEN = re.compile(rf"(?P<left>{_WORD})-[ \t]*\n[ \t]*(?=(?P<right>{_LETTER}+))")
_HYPHENATED = re.compile(rf"{_WORD}(?:-{_WORD})+")
# Words after which a line-end hyphen is a suspended hyphen ("kis- és középvállalkozások",
# "pre- and post-war"): the hyphen stays and the line break becomes a space.
_CONJUNCTIONS = frozenset({"és", "s", "vagy", "illetve", "valamint", "and", "or", "und", "oder"})


def _hyphen_joiner(text: str) -> Callable[[re.Match[str]], str]:
    words: set[str] | None = None
    compounds: set[str] | None = None

    def join(match: re.Match[str]) -> str:
        nonlocal words, compounds
        left, right = match.group("left", "right")
        if right.casefold() in _CONJUNCTIONS:
            return f"{left}- "
        keep_hyphen = (
            right[0].isupper()  # EU-\nTanács, Anglo-\nSaxon
            or any(ch.isdigit() for ch in left)  # 2010-\nben
            or (len(left) > 1 and left.isupper())  # PDF-\nben, EU-\nban
            or left.casefold() == right.casefold()  # csak-\ncsak
        )
        if not keep_hyphen:
            if words is None or compounds is None:
                words = {w.casefold() for w in re.findall(_WORD, text)}
                compounds = {w.casefold() for w in _HYPHENATED.findall(text)}
            joined = (left + right).casefold()
            keep_hyphen = joined not in words and f"{left}-{right}".casefold() in compounds
        return f"{left}-" if keep_hyphen else left

    return join


def join_hyphenated_words(text: str) -> str:
    """Re-join words hyphenated across a line end: ``fejlesz-\\ntés`` -> ``fejlesztés``.

    A hyphen counts when a letter or digit is right before it and a letter starts the next
    line (spaces and tabs around the line break are allowed; a blank line is a paragraph
    break and is never crossed). The line break always goes; the hyphen goes too unless
    the word is a real hyphenated compound, which is decided conservatively:

    - the next line starts with an uppercase letter: ``EU-\\nTanács`` -> ``EU-Tanács``;
    - the part before the hyphen has a digit or is an all-caps abbreviation, to which
      Hungarian attaches suffixes with a hyphen: ``2010-\\nben``, ``PDF-\\nben``;
    - both parts are the same word: ``csak-\\ncsak``;
    - the same text has the compound with a hyphen (``e-mail``) but never the joined
      word (``email``); if it has the joined word, the halves are joined;
    - the next word is a conjunction (``és``, ``vagy``, ``and``, ``or``...): the hyphen
      is a suspended one and stays, with a space: ``kis-\\nés`` -> ``kis- és``.
    """
    if "-" not in text:
        return text
    return _LINE_END_HYPHEN.sub(_hyphen_joiner(text), text)


# --- 6. Whitespace ---------------------------------------------------------------------

_BLANKS = re.compile("[ \t]+")
_EXTRA_BLANK_LINES = re.compile("\n{3,}")


def normalize_whitespace(text: str) -> str:
    """Collapse runs of spaces and tabs to one space, strip them from line ends, and keep
    at most one blank line between paragraphs. Other spaces (no-break, thin) are kept."""
    lines = (_BLANKS.sub(" ", line).rstrip(" ") for line in text.split("\n"))
    return _EXTRA_BLANK_LINES.sub("\n\n", "\n".join(lines))


# --- all of it -------------------------------------------------------------------------

_STEPS: tuple[Callable[[str], str], ...] = (
    normalize_unicode,
    expand_ligatures,
    repair_spacing_accents,
    restore_double_acute,
    join_hyphenated_words,
    normalize_whitespace,
)


def repair_text(text: str) -> str:
    """Run every repair step in order; pure, idempotent, and a no-op on clean text.

    >>> repair_text("Alap´ıtv´any a kottaszed˝o fejlesz-\\ntés´ert")
    'Alapítvány a kottaszedő fejlesztésért'
    """
    for step in _STEPS:
        text = step(text)
    return text
