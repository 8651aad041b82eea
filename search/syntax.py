"""The query syntax, read into the engine-neutral tree of `archive.plan`.

``klaszter budapest`` (words), ``"knowledge transfer"`` (a phrase, ``"..."~3`` with words
between), ``klaszter OR cluster``, ``klaszter AND budapest``, ``NOT word``, ``-word``,
``+word``, parentheses, ``innov*`` and ``w?rd`` (patterns), ``klaszterpolitka~`` (one letter
off; ``~2`` two), ``word^2`` (weight), ``title:klaszter`` and ``cím:"cluster policy"``
(fields, English or Hungarian names: `FIELD_NAMES`), ``year:[2009 TO 2011]``,
``year:>2009`` (ranges).

`parse` never raises: what it cannot read is read as words, with a notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.plan import AllOf, AnyOf, FieldValue, Node, Optional, Pattern, Phrase, Without, Word

FIELD_NAMES: dict[str, str] = {
    "title": "title",
    "cím": "title",
    "cim": "title",
    "author": "author",
    "szerző": "author",
    "szerzo": "author",
    "seminar": "seminar",
    "szeminárium": "seminar",
    "szeminarium": "seminar",
    "city": "city",
    "város": "city",
    "varos": "city",
    "partner": "partner",
    "type": "type",
    "típus": "type",
    "tipus": "type",
    "language": "language",
    "lang": "language",
    "nyelv": "language",
    "year": "year",
    "év": "year",
    "ev": "year",
    "filename": "filename",
    "fájlnév": "filename",
    "fajlnev": "filename",
}
"""Field names users may type (``title:klaszter``, ``év:2010``) and the public field each
names (`archive.plan.FieldValue.field`)."""

OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})
"""Words read as operators when written in capitals."""
QUERY_TOKEN = re.compile(r'"[^"]*"|\S+')
"""A quoted phrase or a run of non-blanks: the units query expansions look at."""
MIN_PREFIX = 2
"""Letters a pattern needs before its first ``*`` or ``?``."""
MAX_FUZZY_DISTANCE = 2
SYNTAX_NOTICE = "The query syntax was not understood; its words were searched instead."

_TOKEN = re.compile(
    r"""
    (?P<open>\()
  | (?P<close>\))
  | (?P<mark>[+-])(?=[^\s+-])
  | (?P<field>[^\W\d_][\w]*):(?=\S)
  | (?P<phrase>"[^"]*")(?:~(?P<slop>\d{1,2}))?(?:\^(?P<pboost>\d+(?:\.\d+)?))?
  | (?P<range>[\[{][^\]}]*[\]}])
  | (?P<compare>[<>]=?)
  | (?P<word>[^\s()"\[\]{}]+)
    """,
    re.VERBOSE,
)
_FUZZY = re.compile(r"^(?P<text>.+?)~(?P<distance>\d?)$")
_BOOST = re.compile(r"^(?P<text>.+?)\^(?P<boost>\d+(?:\.\d+)?)$")
_WORDS = re.compile(r"[^\W_][\w'\u2019.-]*")
_SYNTAX = re.compile(r"[\"()\[\]{}^~*?:+<>=]|(?<!\w)-|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE|TO)\b")


class SyntaxProblem(Exception):
    """The query cannot be read as written."""


@dataclass
class _Token:
    kind: str
    text: str
    slop: int = 1
    boost: float = 1.0


def tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "word"
        if kind in ("slop", "pboost"):
            kind = "phrase"
        if match.group("phrase") is not None:
            out.append(
                _Token(
                    "phrase",
                    match.group("phrase")[1:-1],
                    slop=int(match.group("slop") or 1),
                    boost=float(match.group("pboost") or 1.0),
                )
            )
        elif kind == "field":
            out.append(_Token("field", match.group("field")))
        else:
            out.append(_Token(kind, match.group(kind)))
    return out


def literal_prefix(pattern: str) -> str:
    found = re.match(r"[^*?]*", pattern)
    return found.group(0) if found else ""


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokens(text)
        self.at = 0
        self.dropped: list[str] = []

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def is_operator(self, word: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "word" and token.text == word

    def parse(self) -> Node | None:
        node = self.or_expr()
        if self.peek() is not None:
            raise SyntaxProblem(f"unexpected {self.peek()}")
        return node

    def or_expr(self) -> Node | None:
        children = [self.and_expr()]
        while self.is_operator("OR"):
            self.take()
            children.append(self.and_expr())
        kept = [c for c in children if c is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else AnyOf(tuple(kept))

    def and_expr(self) -> Node | None:
        required: list[Node] = []
        optional: list[Node] = []
        excluded: list[Node] = []
        while True:
            token = self.peek()
            if token is None or token.kind == "close" or self.is_operator("OR"):
                break
            if self.is_operator("AND"):
                self.take()
                continue
            if self.is_operator("ANDMAYBE"):
                self.take()
                node = self.unary()
                if node is not None:
                    optional.append(node)
                continue
            if self.is_operator("NOT") or self.is_operator("ANDNOT"):
                self.take()
                node = self.unary()
                if node is not None:
                    excluded.append(node)
                continue
            if token.kind == "mark":
                self.take()
                node = self.unary()
                if node is None:
                    continue
                (excluded if token.text == "-" else required).append(node)
                continue
            node = self.unary()
            if node is not None:
                required.append(node)
        result: Node | None = None
        if required:
            result = required[0] if len(required) == 1 else AllOf(tuple(required))
        if optional and result is not None:
            opt = optional[0] if len(optional) == 1 else AnyOf(tuple(optional))
            result = Optional(result, opt)
        elif optional:
            result = optional[0] if len(optional) == 1 else AllOf(tuple(optional))
        if excluded and result is not None:
            drop = excluded[0] if len(excluded) == 1 else AnyOf(tuple(excluded))
            result = Without(result, drop)
        return result

    def unary(self) -> Node | None:
        token = self.peek()
        if token is None:
            return None
        if token.kind == "open":
            self.take()
            node = self.or_expr()
            if self.peek() is not None and self.peek().kind == "close":  # type: ignore[union-attr]
                self.take()
            else:
                raise SyntaxProblem("unclosed parenthesis")
            return node
        if token.kind == "close":
            raise SyntaxProblem("unexpected )")
        return self.atom()

    def atom(self) -> Node | None:
        token = self.take()
        if token.kind == "phrase":
            words = tuple(_WORDS.findall(token.text))
            if not words:
                return None
            if len(words) == 1:
                return Word(words[0], weight=token.boost, quoted=True)
            return Phrase(words, weight=token.boost, slop=max(1, token.slop))
        if token.kind == "field":
            return self.field_value(FIELD_NAMES.get(token.text.lower()), token.text)
        if token.kind in ("range", "compare", "mark"):
            raise SyntaxProblem(f"{token.text} without a field")
        return self.word(token.text)

    def word(self, text: str) -> Node | None:
        boost = 1.0
        if found := _BOOST.match(text):
            text, boost = found.group("text"), float(found.group("boost"))
        if found := _FUZZY.match(text):
            word = found.group("text")
            distance = int(found.group("distance") or 1)
            if len(word) < MIN_PREFIX + 1 or not word.isalpha():
                self.dropped.append(text)
                return None
            return Pattern(word, "fuzzy", min(distance, MAX_FUZZY_DISTANCE), boost)
        if "*" in text or "?" in text:
            if len(literal_prefix(text)) < MIN_PREFIX:
                self.dropped.append(text)
                return None
            if text.endswith("*") and "*" not in text[:-1] and "?" not in text:
                return Pattern(text[:-1], "prefix", weight=boost)
            return Pattern(text, "wildcard", weight=boost)
        words = _WORDS.findall(text)
        if not words:
            return None
        if len(words) == 1:
            return Word(words[0], weight=boost)
        return AllOf(tuple(Word(w) for w in words), weight=boost)

    def field_value(self, field: str | None, typed: str) -> Node | None:
        token = self.peek()
        if token is None:
            return None
        if field is None:  # not a field name: the word and what follows it
            self.take()
            return self.word(f"{typed}:{token.text}")
        self.take()
        if token.kind == "phrase":
            return FieldValue(field, token.text, phrase=True)
        if token.kind == "range":
            inner = token.text[1:-1]
            low, _, high = inner.partition(" TO ")
            return FieldValue(field, low=low.strip(), high=high.strip())
        if token.kind == "compare":
            value = self.take().text if self.peek() is not None else ""
            if token.text.startswith(">"):
                return FieldValue(field, low=value, high="")
            return FieldValue(field, low="", high=value)
        if token.kind != "word":
            raise SyntaxProblem(f"{typed}: without a value")
        text = token.text
        if "*" in text or "?" in text:
            if len(literal_prefix(text)) < MIN_PREFIX:
                self.dropped.append(f"{typed}:{text}")
                return None
            kind = "prefix" if text.endswith("*") and "*" not in text[:-1] else "wildcard"
            return FieldValue(field, text[:-1] if kind == "prefix" else text, pattern=kind)
        return FieldValue(field, text)


@dataclass(frozen=True)
class Parsed:
    node: Node | None
    dropped: tuple[str, ...] = ()
    """Patterns left out (too few letters before the wildcard)."""
    unreadable: bool = False
    """The syntax was not understood: `node` is the query's words."""


def plain_words(text: str) -> str:
    """The query with all syntax removed."""
    cleaned = re.sub(
        r"[\"()\[\]{}^~*?:+<>=]|(?<!\w)-|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE|TO)\b", " ", text
    )
    return " ".join(cleaned.split())


def parse(text: str) -> Parsed:
    """The tree of `text`; never raises."""
    parser = _Parser(text)
    try:
        node = parser.parse()
        return Parsed(node, tuple(parser.dropped))
    except (SyntaxProblem, IndexError, ValueError, RecursionError):
        words = _WORDS.findall(plain_words(text))
        if not words:
            return Parsed(None, (), True)
        node = Word(words[0]) if len(words) == 1 else AllOf(tuple(Word(w) for w in words))
        return Parsed(node, (), True)
