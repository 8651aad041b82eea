"""What a typed query asks for, unit by unit: the words that should match, and the parts
that must (or must not).

People type a handful of words the way they remember a document, and the document often
lacks one of them (a synonym, a word they added, a name spelled another way). So plain
words are *wanted*, not required: a document with all of them ranks first, one with most
of them is still found (search/whoosh_coordination.py ranks them). What the syntax makes strict
stays strict:

- ``"a phrase"`` and ``field:value`` (``title:klaszter``, ``year:[2009 TO 2011]``) are
  *required*, as is a word marked ``+word``;
- ``-word`` is *excluded*;
- ``a OR b`` is one wanted unit that either word satisfies;
- a query with ``AND``, ``NOT`` or parentheses is a boolean query: all of it is strict, as
  written (`split_units` returns None).

Stop words of Hungarian and English (``a``, ``az``, ``és``, ``the``, ``of``) are left out of
the wanted words unless nothing else is wanted: they never make a query fail or rank a
document down. An unclosed quote is read as if it were not there (``"unclosed klaszter``
searches the words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from search.analysis import fold_accents, search_stop_words

BOOLEAN_OPERATORS = frozenset({"AND", "NOT", "ANDNOT", "ANDMAYBE"})
"""Written in capitals, these make the whole query a strict boolean query."""

_TOKEN = re.compile(
    r"""[+-]?(?:[^\s"()\[\]{}:]+:)?"[^"]*"(?:[~^][\d.]*)?   # "a phrase", field:"a phrase"
      | [+-]?(?:[^\s"()\[\]{}:]+:)[\[{][^\]}]*[\]}]         # field:[a TO b]
      | \S+""",
    re.VERBOSE,
)
_FIELD = re.compile(r"^[^\s\"()\[\]{}:]+:.")


class Role(StrEnum):
    WANTED = "wanted"
    """Counts towards "how many of the words": the more a document has, the higher it
    ranks."""
    REQUIRED = "required"
    EXCLUDED = "excluded"


@dataclass(frozen=True)
class Unit:
    text: str
    """The unit in query syntax, without its ``+``/``-`` mark."""
    role: Role

    @property
    def is_word(self) -> bool:
        """A single plain word (what the glossary and accents look at together with its
        neighbours)."""
        return self.role is Role.WANTED and _plain(self.text)


def _plain(text: str) -> bool:
    return bool(re.fullmatch(r"[^\W_][\w'\u2019.-]*", text)) and not _FIELD.match(text)


def close_quotes(text: str) -> str:
    """`text` without an unmatched double quote (the last one), so that ``"unclosed
    klaszter`` is searched as its words."""
    if text.count('"') % 2 == 0:
        return text
    at = text.rfind('"')
    return f"{text[:at]} {text[at + 1 :]}".strip()


def is_boolean(text: str) -> bool:
    """Whether `text` is a boolean query (``AND``, ``NOT``, parentheses): strict as typed."""
    if "(" in text or ")" in text:
        return True
    return any(token in BOOLEAN_OPERATORS for token in text.split())


def tokens(text: str) -> list[str]:
    return [m.group(0) for m in _TOKEN.finditer(text)]


def split_units(text: str) -> list[Unit] | None:
    """The units of a query, in order; None for a boolean query (see `is_boolean`)."""
    if is_boolean(text):
        return None
    units: list[Unit] = []
    pending_or = False
    for token in tokens(text):
        if token == "OR":
            pending_or = bool(units) and units[-1].role is not Role.EXCLUDED
            continue
        role = Role.WANTED
        body = token
        if token.startswith("-") and len(token) > 1:
            role, body = Role.EXCLUDED, token[1:]
        elif token.startswith("+") and len(token) > 1:
            role, body = Role.REQUIRED, token[1:]
        elif token.startswith('"') or _FIELD.match(token):
            role = Role.REQUIRED
        if pending_or and role is not Role.EXCLUDED:
            # one unit either side satisfies; required if a side is ("a" OR "b": a phrase)
            previous = units[-1]
            strict = Role.REQUIRED in (previous.role, role)
            joined = Role.REQUIRED if strict else Role.WANTED
            units[-1] = Unit(f"{previous.text} OR {body}", joined)
        else:
            units.append(Unit(body, role))
        pending_or = False
    return drop_stop_words(units)


def is_stop_word(word: str) -> bool:
    return fold_accents(word.lower()) in search_stop_words()


def drop_stop_words(units: list[Unit]) -> list[Unit]:
    """`units` without wanted stop words, unless nothing else would be searched for."""
    kept = [u for u in units if not (u.is_word and is_stop_word(u.text))]
    if any(u.role is not Role.EXCLUDED for u in kept):
        return kept
    return units


def top_level(text: str) -> list[str]:
    """`text` cut at the blanks outside parentheses and quotes: a query grown by the
    glossary (``(klaszter OR cluster^0.8) politika``) back into its units."""
    parts: list[str] = []
    depth = 0
    quoted = False
    current: list[str] = []
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth = max(0, depth - 1)
        if char.isspace() and depth == 0 and not quoted:
            if current:
                parts.append("".join(current))
                current = []
            continue
        current.append(char)
    if current:
        parts.append("".join(current))
    return parts
