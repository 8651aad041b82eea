"""The languages a document can be said to be in: one table, ISO 639-1 codes.

Every part of the archive that takes a document's language (the upload form, the API, the
metadata CSV, `clusnet ingest --language`) checks it against `LANGUAGE_CODES` through
`archive.description`; their names, in English and Hungarian, come from the Unicode CLDR
data (`web.languages`), so no list of names is kept by hand.
"""

from __future__ import annotations

from archive.model import UNDETERMINED

_ISO_639_1 = """
aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da
de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy
hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg
li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or
os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg sh si sk sl sm sn so sq sr ss st su sv sw
ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
"""
LANGUAGE_CODES: frozenset[str] = frozenset(_ISO_639_1.split())
"""Every ISO 639-1 code (the 184 that the CLDR names)."""

OFFERED_LANGUAGES: tuple[str, ...] = (
    "hu", "en", "de", "fr", "es", "ca", "it", "nl", "fi", "sv", "pl", "cs", "sk", "ro",
)  # fmt: skip
"""The languages a form offers first: those of the CLUSNET partners' material."""


def is_language(code: str) -> bool:
    """Whether `code` is a language a document can be in (or `und`, not determined)."""
    return code == UNDETERMINED or code in LANGUAGE_CODES
