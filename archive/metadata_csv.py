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
from dataclasses import dataclass, field, replace
from typing import Any

from archive.curation import Curation
from archive.description import METADATA_FIELDS, Choices, MetadataError, describe
from archive.errors import ArchiveError
from archive.model import Document, DocumentMetadata

COLUMNS = ("id", "filename", "status", *METADATA_FIELDS)
AUTHOR_SEPARATOR = "; "
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
        row = {"id": d.id, "filename": d.filename, "status": d.status.value, **_cells(d)}
        writer.writerow({k: escape_cell(v) if isinstance(v, str) else v for k, v in row.items()})
    return out.getvalue()


def _cells(document: Document) -> dict[str, str]:
    """The described fields of `document` as the export writes them (before escaping)."""
    return {
        "title": document.title or "",
        "seminar": document.seminar or "",
        "partner": document.partner or "",
        "doc_type": document.doc_type.value if document.doc_type else "",
        "doc_date": document.doc_date.isoformat() if document.doc_date else "",
        "authors": AUTHOR_SEPARATOR.join(document.authors),
        "language": document.language,
        "restricted": "yes" if document.restricted else "no",
        "description": document.description or "",
    }


def _parse_row(
    row: dict[str, Any], current: Document, choices: Choices
) -> tuple[DocumentMetadata, list[str]]:
    """The changes a row asks for, and the problems in it: the cells that differ from the
    catalogue are checked by `archive.description.describe`, as a form or the API is."""
    shown = _cells(current)
    edited = {}
    for name in METADATA_FIELDS:
        value = row.get(name)
        if value is not None and unescape_cell(str(value)).strip() != shown[name]:
            edited[name] = unescape_cell(str(value))
    try:
        metadata = describe(edited, choices)
    except MetadataError as exc:
        return DocumentMetadata(), exc.messages
    same = {
        name: None
        for name in METADATA_FIELDS
        if getattr(metadata, name) is not None
        and getattr(metadata, name) == (getattr(current, name) or _EMPTY.get(name))
    }
    return replace(metadata, **same), []


_EMPTY = {"title": "", "seminar": "", "partner": "", "description": ""}


def import_csv(curation: Curation, data: str, actor: str) -> ImportReport:
    """Apply the described fields of every row whose values differ from the catalogue's."""
    catalogue = curation.catalogue
    reader = csv.DictReader(io.StringIO(data.lstrip("\ufeff")))
    if not reader.fieldnames or "id" not in reader.fieldnames:
        raise MetadataImportError(["the CSV has no id column: export it first, then edit it"])
    choices = catalogue.choices()
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
        metadata, problems = _parse_row(row, current, choices)
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
