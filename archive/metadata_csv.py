"""Metadata of many documents at once: export to CSV, edit in a spreadsheet, import back.

Import checks every row before changing anything: either all rows are valid and the
changed fields are applied (each change audited), or nothing changes and the errors say
which row and column to fix. Columns other than the described ones (id, filename, status)
are there to help the reader and are ignored on import.

Librarians open the file in a spreadsheet, which runs a cell that begins with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return as a formula. Such cells are written with a
leading ``'`` (as OWASP advises for CSV injection), and the import takes exactly that
``'`` off again, so that every value comes back as it was.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from archive.curation import Curation
from archive.errors import ArchiveError
from archive.model import Document, DocumentMetadata, DocumentType

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
COLUMNS = ("id", "filename", "status", *METADATA_FIELDS)
AUTHOR_SEPARATOR = "; "
_TRUE = {"yes", "true", "1", "igen"}
_FALSE = {"no", "false", "0", "nem", ""}
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
"""A cell a spreadsheet may take for a formula once its leading quotes are taken off."""


class MetadataImportError(ArchiveError):
    """The CSV cannot be imported; `errors` says what to fix, row by row."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors[:5]) + (" ..." if len(errors) > 5 else ""))
        self.errors = errors


@dataclass
class ImportReport:
    changed: dict[int, list[str]] = field(default_factory=dict)
    """Document id -> names of the fields changed."""
    unchanged: int = 0


def escape_cell(value: str) -> str:
    """`value` as a spreadsheet shows it and never runs it: a cell that could be taken for
    a formula (``=cmd|...``, ``@SUM(...)``, ``+1``) gets a leading ``'``. Cells that begin
    with quotes before such a character get one more, so that `unescape_cell` is exact."""
    return f"'{value}" if _FORMULA.match(value) else value


def unescape_cell(value: str) -> str:
    """The value `escape_cell` was given."""
    return value[1:] if value.startswith("'") and _FORMULA.match(value[1:]) else value


def export_csv(documents: list[Document]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for d in documents:
        row = {
            "id": d.id,
            "filename": d.filename,
            "status": d.status.value,
            "title": d.title or "",
            "seminar": d.seminar or "",
            "partner": d.partner or "",
            "doc_type": d.doc_type.value if d.doc_type else "",
            "doc_date": d.doc_date.isoformat() if d.doc_date else "",
            "authors": AUTHOR_SEPARATOR.join(d.authors),
            "language": d.language,
            "restricted": "yes" if d.restricted else "no",
            "description": d.description or "",
        }
        writer.writerow({k: escape_cell(v) if isinstance(v, str) else v for k, v in row.items()})
    return out.getvalue()


def _parse_row(
    row: dict[str, Any], current: Document, seminars: set[str], partners: set[str]
) -> tuple[DocumentMetadata, list[str]]:
    """The changes a row asks for, and the problems in it."""
    problems: list[str] = []
    changes: dict[str, Any] = {}

    def text(name: str) -> str | None:
        value = row.get(name)
        return None if value is None else unescape_cell(str(value)).strip()

    title = text("title")
    if title is not None and title != (current.title or ""):
        changes["title"] = title
    for name, known in (("seminar", seminars), ("partner", partners)):
        value = text(name)
        if value is None or value == (getattr(current, name) or ""):
            continue
        if value and value not in known:
            problems.append(
                f"{name} {value!r} is unknown: use one of {', '.join(sorted(known))}"
                " (or leave it empty)"
            )
        else:
            changes[name] = value
    doc_type = text("doc_type")
    if doc_type and doc_type != (current.doc_type.value if current.doc_type else ""):
        try:
            changes["doc_type"] = DocumentType(doc_type)
        except ValueError:
            kinds = ", ".join(t.value for t in DocumentType)
            problems.append(f"doc_type {doc_type!r} is unknown: use one of {kinds}")
    doc_date = text("doc_date")
    if doc_date and doc_date != (current.doc_date.isoformat() if current.doc_date else ""):
        try:
            changes["doc_date"] = date.fromisoformat(doc_date)
        except ValueError:
            problems.append(f"doc_date {doc_date!r} is not a date: write it as 2010-03-04")
    authors = text("authors")
    if authors is not None:
        names = tuple(a.strip() for a in authors.split(";") if a.strip())
        if names != current.authors:
            changes["authors"] = names
    language = text("language")
    if language and language != current.language:
        if (len(language) == 2 and language.isalpha() and language.islower()) or language == "und":
            changes["language"] = language
        else:
            problems.append(f"language {language!r} is not an ISO 639-1 code such as hu or en")
    restricted = text("restricted")
    if restricted is not None:
        flag = restricted.lower()
        if flag not in _TRUE | _FALSE:
            problems.append(f"restricted {restricted!r}: write yes or no")
        elif (flag in _TRUE) != current.restricted:
            changes["restricted"] = flag in _TRUE
    description = text("description")
    if description is not None and description != (current.description or ""):
        changes["description"] = description
    return DocumentMetadata(**changes), problems


def import_csv(curation: Curation, data: str, actor: str) -> ImportReport:
    """Apply the described fields of every row whose values differ from the catalogue's."""
    catalogue = curation.catalogue
    reader = csv.DictReader(io.StringIO(data.lstrip("\ufeff")))
    if not reader.fieldnames or "id" not in reader.fieldnames:
        raise MetadataImportError(["the CSV has no id column: export it first, then edit it"])
    seminars = {s.slug for s in catalogue.seminars()}
    partners = {p.slug for p in catalogue.partners()}
    errors: list[str] = []
    planned: list[tuple[int, DocumentMetadata]] = []
    for number, row in enumerate(reader, start=2):
        raw_id = (row.get("id") or "").strip()
        if not raw_id.isdigit():
            errors.append(f"row {number}: id {raw_id!r} is not a document number")
            continue
        try:
            current = catalogue.get(int(raw_id), with_pages=False)
        except ArchiveError:
            errors.append(f"row {number}: there is no document {raw_id}")
            continue
        metadata, problems = _parse_row(row, current, seminars, partners)
        errors.extend(f"row {number}: {p}" for p in problems)
        planned.append((current.id, metadata))
    if errors:
        raise MetadataImportError(errors)
    report = ImportReport()
    for document_id, metadata in planned:
        names = [k for k, v in vars(metadata).items() if v is not None]
        if not names:
            report.unchanged += 1
            continue
        curation.edit(document_id, metadata, actor)
        report.changed[document_id] = names
    return report
