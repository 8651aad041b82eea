"""What is said of a document, checked in one place.

The upload form, the JSON API, the metadata CSV and `clusnet ingest` all hand what a person
wrote to `describe`, which turns it into a `DocumentMetadata` or raises `MetadataError`
naming every field that is wrong and how to write it. They used to check on their own, and
disagreed (`und` was a language for the CSV and not for the API).

Values may be text, as forms and CSV cells give them, or typed, as JSON gives them (a list
of authors, true or false). A field that is absent, or None, stays as it is; an empty
title, description, seminar or partner clears it; an empty type, date or language leaves
it unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from archive.errors import ArchiveError
from archive.languages import is_language
from archive.model import DocumentMetadata, DocumentType

METADATA_FIELDS = (
    "title",
    "seminar",
    "partner",
    "doc_type",
    "doc_date",
    "authors",
    "language",
    "restricted",
    "description",
)
"""What an officer or librarian says of a document (`DocumentMetadata`'s fields)."""
MAX_CHARS = {"title": 500, "authors": 1000, "description": 5000}
"""The longest title, list of authors and description (in characters)."""
TRUE_WORDS = frozenset({"yes", "true", "1", "on", "igen"})
FALSE_WORDS = frozenset({"no", "false", "0", "off", "nem", ""})


class MetadataError(ArchiveError):
    """What was said of a document is not valid; `problems` maps each wrong field to what
    is wrong and what to write instead (``"'poem' is unknown: use one of paper, ..."``)."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(self.messages))

    @property
    def messages(self) -> list[str]:
        """One sentence per field: ``doc_type 'poem' is unknown: use one of ...``."""
        return [f"{name} {text}" for name, text in self.problems.items()]


@dataclass(frozen=True)
class Choices:
    """The seminars and partners a document can name (their short names)."""

    seminars: frozenset[str]
    partners: frozenset[str]

    @classmethod
    def of(cls, seminars: Iterable[str], partners: Iterable[str]) -> Choices:
        return cls(frozenset(seminars), frozenset(partners))


def describe(values: Mapping[str, Any], choices: Choices) -> DocumentMetadata:
    """The metadata `values` say, checked; raises `MetadataError` naming each bad field
    (and each unknown one)."""
    problems: dict[str, str] = {}
    said: dict[str, Any] = {}
    for name, value in values.items():
        if name not in METADATA_FIELDS:
            problems[name] = f"is not a field: the fields are {', '.join(METADATA_FIELDS)}"
            continue
        if value is None:
            continue
        try:
            parsed = _PARSERS[name](value, choices)
        except ValueError as exc:
            problems[name] = str(exc)
            continue
        if parsed is not _UNCHANGED:
            said[name] = parsed
    if problems:
        raise MetadataError(problems)
    return DocumentMetadata(**said)


_UNCHANGED = object()


def _text(value: Any) -> str:
    if not isinstance(value, str | int | float):
        raise ValueError("must be text")
    return str(value).strip()


def _limited(name: str) -> Any:
    def parse(value: Any, _choices: Choices) -> str:
        text = _text(value)
        if len(text) > MAX_CHARS[name]:
            raise ValueError(f"is {len(text)} characters long: write at most {MAX_CHARS[name]}")
        return text

    return parse


def _one_of(known: Iterable[str], slug: str) -> str:
    if slug and slug not in known:
        listed = ", ".join(sorted(known))
        raise ValueError(f"{slug!r} is unknown: use one of {listed} (or leave it empty)")
    return slug


def _seminar(value: Any, choices: Choices) -> str:
    return _one_of(choices.seminars, _text(value))


def _partner(value: Any, choices: Choices) -> str:
    return _one_of(choices.partners, _text(value))


def _doc_type(value: Any, _choices: Choices) -> Any:
    if isinstance(value, DocumentType):
        return value
    text = _text(value).lower()
    if not text:
        return _UNCHANGED
    try:
        return DocumentType(text)
    except ValueError:
        kinds = ", ".join(t.value for t in DocumentType)
        raise ValueError(f"{text!r} is unknown: use one of {kinds}") from None


def _doc_date(value: Any, _choices: Choices) -> Any:
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return _UNCHANGED
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date: write it as 2010-03-04") from None


def _authors(value: Any, _choices: Choices) -> tuple[str, ...]:
    if isinstance(value, str):
        names = value.replace("\n", ";").split(";")
    elif isinstance(value, list | tuple) and all(isinstance(n, str) for n in value):
        names = list(value)
    else:
        raise ValueError("must be a list of names, or names separated by semicolons")
    authors = tuple(name.strip() for name in names if name.strip())
    if len("; ".join(authors)) > MAX_CHARS["authors"]:
        raise ValueError(f"are more than {MAX_CHARS['authors']} characters long: shorten them")
    return authors


def _language(value: Any, _choices: Choices) -> Any:
    code = _text(value).lower()
    if not code:
        return _UNCHANGED
    if not is_language(code):
        raise ValueError(
            f"{code!r} is not a language code: use an ISO 639-1 code such as hu or en (or "
            "und: not determined)"
        )
    return code


def _restricted(value: Any, _choices: Choices) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    word = _text(value).lower()
    if word in TRUE_WORDS | FALSE_WORDS:
        return word in TRUE_WORDS
    raise ValueError(f"{value!r}: write yes or no")


_PARSERS = {
    "title": _limited("title"),
    "seminar": _seminar,
    "partner": _partner,
    "doc_type": _doc_type,
    "doc_date": _doc_date,
    "authors": _authors,
    "language": _language,
    "restricted": _restricted,
    "description": _limited("description"),
}
