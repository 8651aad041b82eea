"""Languages of documents: ISO 639-1 codes, and their names in the reader's language.

The names come from the Unicode CLDR data that Babel ships (the library Flask-Babel uses
for dates and numbers), so every language has a name in English and in Hungarian without
a list kept by hand. This module imports no Flask: the command line uses it too.
"""

from __future__ import annotations

from functools import cache

from babel import Locale

from archive import UNDETERMINED, is_language

UNDETERMINED_NAMES = {"en": "undetermined", "hu": "nem megállapított"}
"""The name of `und` ("language not determined"), by interface language."""


@cache
def _names(locale: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(locale).languages)
    except (ValueError, TypeError):
        return dict(Locale("en").languages)


def is_language_code(code: str) -> bool:
    """Whether a document can be in `code` (the archive's one table of languages)."""
    return is_language(code)


def language_name(code: str, locale: str = "en") -> str:
    """`hu` as "Hungarian" (or "magyar" for a Hungarian reader); unknown codes as given."""
    language = locale.replace("-", "_").split("_")[0]
    if code == UNDETERMINED:
        return UNDETERMINED_NAMES.get(language, UNDETERMINED_NAMES["en"])
    name = _names(locale).get(code)
    return name if name else code
