"""Export the whole archive as a BagIt bag, and restore an archive from one.

A bag (BagIt 1.0, RFC 8493) is a folder anyone can check and read without clusnet:

    bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt
    data/reference.json                          partners and seminars
    data/documents/<id>/metadata.json            every catalogue field of the document
    data/documents/<id>/original/<file name>     the original, byte for byte
    data/documents/<id>/text/page-NNNN.txt       the extracted text, one file per page

Export reads the catalogue in one snapshot and copies the originals (which never change),
so it runs while the archive is in use. Import checks every checksum of the bag before it
touches anything, restores into an empty archive only, and rebuilds the index.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Table,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from archive.blobstore import CHUNK, locked_temp, sha256_of
from archive.catalogue import SCHEMA_REVISION, DocumentRow, PageRow, PartnerRow, SeminarRow
from archive.durability import fsync_dir, fsync_file
from archive.errors import ArchiveError
from archive.fixity import Progress
from archive.service import Archive

BAGIT_VERSION = "1.0"
FORMAT = 1
"""Version of the layout of `data/` (raise when it changes incompatibly)."""

DOCUMENTS: Table = DocumentRow.__table__  # type: ignore[assignment]
PAGES: Table = PageRow.__table__  # type: ignore[assignment]
PARTNERS: Table = PartnerRow.__table__  # type: ignore[assignment]
SEMINARS: Table = SeminarRow.__table__  # type: ignore[assignment]

JSON_LIST_COLUMNS = frozenset({"authors", "languages", "warnings"})
"""Columns holding a JSON list, exported as a list rather than a string of JSON."""
NOT_EXPORTED = frozenset({"indexed", "index_attempts"})
"""State of the index (a cache), not of the document: rebuilt on import."""

INSERT_BATCH = 100

SELF_REFERENCES = tuple(
    column.key
    for column in DOCUMENTS.columns
    if any(fk.column.table is DOCUMENTS for fk in column.foreign_keys)
)
"""Columns linking a document to another (`replaces` ...): restored after all rows."""


class BagError(ArchiveError):
    """The bag is damaged, incomplete or not a clusnet bag."""


@dataclass
class ExportReport:
    target: Path
    documents: int = 0
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    """Originals that were missing or altered: the bag holds everything else."""

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": not self.problems,
            "bag": str(self.target),
            "documents": self.documents,
            "files": self.files,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
            "problems": self.problems,
        }


@dataclass
class ImportReport:
    source: Path
    documents: int = 0
    pages: int = 0
    originals: int = 0
    bytes: int = 0
    indexed: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": True,
            "bag": str(self.source),
            "documents": self.documents,
            "pages": self.pages,
            "originals": self.originals,
            "bytes": self.bytes,
            "indexed": self.indexed,
            "seconds": round(self.seconds, 3),
        }


# -- values <-> JSON -------------------------------------------------------------------


def _encode(
    table: Table, row: Mapping[Any, Any], skip: frozenset[str] = frozenset()
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for column in table.columns:
        if column.key in skip:
            continue
        value = row[column.key]
        if isinstance(value, datetime | date):
            value = value.isoformat()
        elif column.key in JSON_LIST_COLUMNS and table is DOCUMENTS:
            value = json.loads(value) if value else []
        data[column.key] = value
    return data


def _decode(table: Table, data: Mapping[str, Any]) -> dict[str, Any]:
    """Column values from their JSON form; columns the bag lacks get their default."""
    values: dict[str, Any] = {}
    for column in table.columns:
        if column.key not in data:
            if column.key in NOT_EXPORTED or column.nullable or column.default is not None:
                values[column.key] = _default(column)
                continue
            raise BagError(f"{table.name} entry {data} lacks {column.key!r}")
        value = data[column.key]
        if value is not None:
            if isinstance(column.type, DateTime):
                value = datetime.fromisoformat(value)
            elif isinstance(column.type, Date):
                value = date.fromisoformat(value)
            elif isinstance(column.type, Boolean):
                value = bool(value)
            elif column.key in JSON_LIST_COLUMNS and table is DOCUMENTS:
                value = json.dumps(value, ensure_ascii=False)
        values[column.key] = value
    return values


def _default(column: Column[Any]) -> Any:
    default = column.default
    if default is None:
        return None
    arg = getattr(default, "arg", None)
    if callable(arg):
        return arg(None)
    return arg


def safe_filename(name: str) -> str:
    """A file name any file system takes: no separators or control characters, at most
    200 bytes (the extension is kept), never hidden, never empty."""
    name = unicodedata.normalize("NFC", name)
    cleaned = "".join(
        "_" if c in '/\\:*?"<>|' or unicodedata.category(c)[0] == "C" else c for c in name
    ).strip(" .")
    if not cleaned:
        return "original"
    stem, dot, suffix = cleaned.rpartition(".")
    if not dot or len(suffix) > 16:
        stem, dot, suffix = cleaned, "", ""
    while len(f"{stem}{dot}{suffix}".encode()) > 200:
        stem = stem[:-1]
    return f"{stem.rstrip(' .') or 'original'}{dot}{suffix}"


def _manifest_path(relative: str) -> str:
    return relative.replace("%", "%25").replace("\n", "%0A").replace("\r", "%0D")


def _unmanifest_path(encoded: str) -> str:
    return (
        encoded.replace("%0A", "\n")
        .replace("%0a", "\n")
        .replace("%0D", "\r")
        .replace("%0d", "\r")
        .replace("%25", "%")
    )


# -- export ----------------------------------------------------------------------------


class _BagWriter:
    """Writes payload files into a bag folder, recording their SHA-256 and size."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.manifest: dict[str, str] = {}
        self.bytes = 0

    def write_bytes(self, relative: str, data: bytes) -> None:
        path = self._prepare(relative)
        path.write_bytes(data)
        self.manifest[relative] = hashlib.sha256(data).hexdigest()
        self.bytes += len(data)

    def write_json(self, relative: str, data: object) -> None:
        text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        self.write_bytes(relative, text.encode("utf-8"))

    def copy(self, relative: str, source: Path) -> str:
        """Copy `source` into the bag; return the SHA-256 of what was copied."""
        path = self._prepare(relative)
        digest = hashlib.sha256()
        with source.open("rb") as src, path.open("wb") as out:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
                self.bytes += len(chunk)
        self.manifest[relative] = digest.hexdigest()
        return self.manifest[relative]

    def _prepare(self, relative: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        return path


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("clusnet")
    except PackageNotFoundError:
        return "unknown"


def _snapshot(session: Session) -> None:
    """Read everything that follows in one consistent snapshot of the catalogue.

    SQLite: the deferred transaction takes its snapshot at the first read and keeps it
    (WAL mode: writers go on meanwhile). PostgreSQL reads committed data per statement
    by default, so the transaction is made REPEATABLE READ.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.connection(
            execution_options={"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
        )


def export_bag(archive: Archive, target: Path, progress: Progress | None = None) -> ExportReport:
    """Write the whole archive as a BagIt bag into the new (or empty) folder `target`."""
    archive.catalogue.ensure_ready()
    started = time.monotonic()
    target = target.resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ArchiveError(
            f"{target} already exists and is not an empty folder: export into a new folder"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    report = ExportReport(target)
    try:
        writer = _BagWriter(building)
        with archive.catalogue.read() as session:
            _snapshot(session)
            writer.write_json(
                "data/reference.json",
                {
                    "partners": [
                        _encode(PARTNERS, r)
                        for r in session.execute(select(PARTNERS).order_by(PARTNERS.c.slug))
                        .mappings()
                        .all()
                    ],
                    "seminars": [
                        _encode(SEMINARS, r)
                        for r in session.execute(select(SEMINARS).order_by(SEMINARS.c.slug))
                        .mappings()
                        .all()
                    ],
                },
            )
            documents = session.execute(select(DOCUMENTS).order_by(DOCUMENTS.c.id)).mappings().all()
            for done, row in enumerate(documents, start=1):
                _export_document(archive, session, writer, row, report)
                if progress:
                    progress("exporting documents", done, len(documents))
        report.documents = len(documents)
        _finish_bag(building, writer, len(documents))
        report.files = len(writer.manifest)
        report.bytes = writer.bytes
        if target.exists():
            target.rmdir()
        building.replace(target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    report.seconds = time.monotonic() - started
    return report


def _export_document(
    archive: Archive,
    session: Session,
    writer: _BagWriter,
    row: Mapping[Any, Any],
    report: ExportReport,
) -> None:
    folder = f"data/documents/{row['id']}"
    original: str | None = f"original/{safe_filename(row['filename'])}"
    source = archive.blobs.path(row["sha256"])
    try:
        copied = writer.copy(f"{folder}/{original}", source)
    except FileNotFoundError:
        original = None
        report.problems.append(
            f"document {row['id']}: the original {source} is missing; the bag holds its "
            "metadata and text only (run `clusnet check` and restore the file)"
        )
    else:
        if copied != row["sha256"]:
            report.problems.append(
                f"document {row['id']}: the original {source} has changed (SHA-256 "
                f"{copied}); the bag holds it as it is now (run `clusnet check`)"
            )
    pages = []
    stmt = select(PAGES).where(PAGES.c.document_id == row["id"]).order_by(PAGES.c.number)
    for page in session.execute(stmt).mappings():
        name = f"text/page-{page['number']:04d}.txt"
        writer.write_bytes(f"{folder}/{name}", page["text"].encode("utf-8"))
        entry = _encode(PAGES, page, skip=frozenset({"document_id", "text"}))
        entry["text"] = name
        pages.append(entry)
    writer.write_json(
        f"{folder}/metadata.json",
        {
            "document": _encode(DOCUMENTS, row, skip=NOT_EXPORTED),
            "original": original,
            "pages": pages,
        },
    )


def _finish_bag(root: Path, writer: _BagWriter, documents: int) -> None:
    (root / "bagit.txt").write_text(
        f"BagIt-Version: {BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n", encoding="utf-8"
    )
    oxum = f"{writer.bytes}.{len(writer.manifest)}"
    info = [
        ("Source-Organization", "CLUSNET seminar archive"),
        ("Bagging-Date", datetime.now(UTC).date().isoformat()),
        ("Bag-Software-Agent", f"clusnet {_version()}"),
        ("Payload-Oxum", oxum),
        (
            "External-Description",
            f"Originals, catalogue metadata and extracted text of {documents} documents",
        ),
        ("Clusnet-Format", str(FORMAT)),
        ("Clusnet-Schema-Revision", SCHEMA_REVISION),
    ]
    (root / "bag-info.txt").write_text(
        "".join(f"{key}: {value}\n" for key, value in info), encoding="utf-8"
    )
    (root / "manifest-sha256.txt").write_text(
        "".join(
            f"{digest}  {_manifest_path(path)}\n"
            for path, digest in sorted(writer.manifest.items())
        ),
        encoding="utf-8",
    )
    tags = ["bagit.txt", "bag-info.txt", "manifest-sha256.txt"]
    (root / "tagmanifest-sha256.txt").write_text(
        "".join(f"{sha256_of(root / name)}  {name}\n" for name in tags), encoding="utf-8"
    )
    for path in (root / name for name in tags):
        fsync_file(path)


# -- validation ------------------------------------------------------------------------


def _read_tags(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if ":" in line and not line.startswith((" ", "\t")):
            key, _, value = line.partition(":")
            values[key.strip()] = value.strip()
    return values


def _read_manifest(bag: Path, name: str) -> dict[str, str]:
    entries: dict[str, str] = {}
    for number, line in enumerate((bag / name).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split(maxsplit=1)
        if len(parts) != 2:
            raise BagError(f"{name} line {number} is not `checksum path`: {line!r}")
        digest, relative = parts[0].lower(), _unmanifest_path(parts[1].strip())
        if relative.startswith(("/", "\\")) or ".." in Path(relative).parts:
            raise BagError(f"{name} line {number} names a file outside the bag: {relative!r}")
        entries[relative] = digest
    return entries


def validate_bag(bag: Path, progress: Progress | None = None) -> list[str]:
    """Every problem of the bag: files missing, altered, or not in the manifest."""
    if not (bag / "bagit.txt").is_file():
        raise BagError(f"{bag} is not a BagIt bag (it has no bagit.txt): give the bag's folder")
    declaration = _read_tags(bag / "bagit.txt")
    if not declaration.get("BagIt-Version", "").startswith(("0.9", "1.")):
        raise BagError(f"{bag}/bagit.txt declares no BagIt version clusnet can read")
    if not (bag / "manifest-sha256.txt").is_file():
        raise BagError(f"{bag} has no manifest-sha256.txt: clusnet checks bags by SHA-256")
    problems: list[str] = []
    if (bag / "tagmanifest-sha256.txt").is_file():
        for relative, digest in _read_manifest(bag, "tagmanifest-sha256.txt").items():
            problems.extend(_verify(bag, relative, digest))
    manifest = _read_manifest(bag, "manifest-sha256.txt")
    for done, (relative, digest) in enumerate(sorted(manifest.items()), start=1):
        if not relative.startswith("data/"):
            problems.append(f"{relative}: the manifest lists a file outside data/")
        problems.extend(_verify(bag, relative, digest))
        if progress:
            progress("checking the bag", done, len(manifest))
    payload = bag / "data"
    present = {p.relative_to(bag).as_posix() for p in payload.rglob("*") if p.is_file()}
    problems.extend(f"{p}: not in the manifest" for p in sorted(present - set(manifest)))
    oxum = (
        _read_tags(bag / "bag-info.txt").get("Payload-Oxum")
        if (bag / "bag-info.txt").is_file()
        else None
    )
    if oxum and not problems:
        size = sum((bag / p).stat().st_size for p in present)
        if oxum != f"{size}.{len(present)}":
            problems.append(
                f"bag-info.txt: Payload-Oxum {oxum}, but the payload is {size}.{len(present)}"
            )
    return problems


def _verify(bag: Path, relative: str, expected: str) -> list[str]:
    path = bag / relative
    if not path.is_file():
        return [f"{relative}: missing"]
    actual = sha256_of(path)
    if actual != expected:
        return [f"{relative}: checksum differs (SHA-256 {actual}, the manifest says {expected})"]
    return []


# -- import ----------------------------------------------------------------------------


def import_bag(archive: Archive, source: Path, progress: Progress | None = None) -> ImportReport:
    """Restore an archive exported by `export_bag` into this (empty) archive.

    The bag is checked first; nothing is written unless every checksum is right.
    """
    started = time.monotonic()
    source = source.resolve()
    if not source.is_dir():
        raise BagError(f"{source} is not a folder: give the folder `clusnet export` wrote")
    problems = validate_bag(source, progress)
    if problems:
        shown = "\n  ".join(problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise BagError(
            f"the bag {source} is damaged; nothing was imported. {len(problems)} "
            f"problem(s):\n  {shown}{more}\nImport an intact copy of the bag."
        )
    info = _read_tags(source / "bag-info.txt") if (source / "bag-info.txt").is_file() else {}
    if "Clusnet-Format" not in info:
        raise BagError(f"{source} is a valid bag, but not one `clusnet export` wrote")
    if (
        int(info["Clusnet-Format"]) > FORMAT
        or info.get("Clusnet-Schema-Revision", "") > SCHEMA_REVISION
    ):
        raise BagError(
            f"{source} was written by a newer clusnet (format {info['Clusnet-Format']}, schema "
            f"{info.get('Clusnet-Schema-Revision')}): upgrade clusnet, then import it"
        )
    archive.init()
    _ensure_empty(archive)
    report = ImportReport(source)
    _restore_reference(archive, json.loads((source / "data/reference.json").read_text("utf-8")))
    folders = (
        sorted(
            (p for p in (source / "data/documents").iterdir() if p.is_dir()),
            key=lambda p: int(p.name) if p.name.isdigit() else -1,
        )
        if (source / "data/documents").is_dir()
        else []
    )
    links: dict[int, dict[str, int]] = {}
    updated: dict[int, datetime] = {}
    batch: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    with archive.blobs.busy():  # originals are catalogued in batches: not orphans meanwhile
        for done, folder in enumerate(folders, start=1):
            document, pages = _restore_document(archive, folder, report)
            # Links to other documents are set once all of them are in (foreign keys).
            link = {key: document[key] for key in SELF_REFERENCES if document[key] is not None}
            if link:
                links[document["id"]] = link
                document.update(dict.fromkeys(link))
            updated[document["id"]] = document["updated"]
            batch.append((document, pages))
            if len(batch) >= INSERT_BATCH:
                _insert(archive, batch)
                batch = []
            if progress:
                progress("restoring documents", done, len(folders))
        _insert(archive, batch)
    _finish_catalogue(archive, links)
    report.documents = len(folders)
    if progress:
        progress("indexing", 0, 1)
    report.indexed = _rebuild_index(archive, updated)
    if progress:
        progress("indexing", 1, 1)
    report.seconds = time.monotonic() - started
    return report


def _ensure_empty(archive: Archive) -> None:
    with archive.catalogue.read() as session:
        count = session.scalar(select(func.count()).select_from(DOCUMENTS)) or 0
    stored = sum(1 for _ in archive.blobs)
    if count or stored:
        raise ArchiveError(
            f"the archive in {archive.layout.home} is not empty ({count} documents, "
            f"{stored} originals): import restores into an empty archive only. Set "
            "CLUSNET_HOME to a new folder (and CLUSNET_DATABASE_URL to an empty database, if "
            "you use one), then run the import again"
        )


def _restore_reference(archive: Archive, reference: Mapping[str, Any]) -> None:
    """Replace the partners and seminars `init` seeded by the bag's (no document uses them)."""
    with archive.catalogue.write() as session:
        session.execute(delete(SEMINARS))
        session.execute(delete(PARTNERS))
        partners = [_decode(PARTNERS, item) for item in reference.get("partners", [])]
        seminars = [_decode(SEMINARS, item) for item in reference.get("seminars", [])]
        if partners:
            session.execute(insert(PARTNERS), partners)
        if seminars:
            session.execute(insert(SEMINARS), seminars)


def _restore_document(
    archive: Archive, folder: Path, report: ImportReport
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    document = _decode(DOCUMENTS, metadata["document"])
    document["indexed"] = False
    pages = []
    for entry in metadata.get("pages", []):
        text = (folder / entry["text"]).read_bytes().decode("utf-8")
        pages.append(_decode(PAGES, {**entry, "document_id": document["id"], "text": text}))
    report.pages += len(pages)
    document["text_chars"] = sum(len(page["text"]) for page in pages)  # bags of any age
    if metadata.get("original"):
        report.bytes += _place_original(archive, folder / metadata["original"], document["sha256"])
        report.originals += 1
    return document, pages


def _place_original(archive: Archive, source: Path, sha256: str) -> int:
    """Copy an original into the store at the place of its catalogued SHA-256, read-only.

    Written byte for byte (even an original that had been altered before the export, so
    that `clusnet check` reports it as it did), flushed, then renamed into place.
    """
    target = archive.blobs.path(sha256)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = locked_temp(archive.blobs.root)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            shutil.copyfileobj(src, out, CHUNK)
            out.flush()
            os.fsync(out.fileno())
        tmp.chmod(0o444)
        tmp.replace(target)
        fsync_dir(target.parent, required=True)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target.stat().st_size


def _insert(archive: Archive, batch: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> None:
    if not batch:
        return
    with archive.catalogue.write() as session:
        session.execute(insert(DOCUMENTS), [document for document, _ in batch])
        pages = [page for _, document_pages in batch for page in document_pages]
        if pages:
            session.execute(insert(PAGES), pages)


def _finish_catalogue(archive: Archive, links: dict[int, dict[str, int]]) -> None:
    with archive.catalogue.write() as session:
        for document_id, link in links.items():
            session.execute(update(DOCUMENTS).where(DOCUMENTS.c.id == document_id).values(**link))
        if session.get_bind().dialect.name == "postgresql":
            # Ids were given explicitly: move the sequence past them for the next ingest.
            session.execute(
                select(
                    func.setval(
                        func.pg_get_serial_sequence("documents", "id"),
                        func.coalesce(func.max(DOCUMENTS.c.id), 0) + 1,
                        False,
                    )
                )
            )


def _rebuild_index(archive: Archive, updated: dict[int, datetime]) -> int:
    """Rebuild the index the way `clusnet reindex` does, then put back each document's
    `updated` time as the bag had it (marking rows indexed touches it)."""
    indexed = archive.reindex() or 0
    rows = [{"_id": i, "_updated": when} for i, when in updated.items()]
    for start in range(0, len(rows), INSERT_BATCH):
        with archive.catalogue.write() as session:
            session.connection().execute(
                update(DOCUMENTS)
                .where(DOCUMENTS.c.id == bindparam("_id"))
                .values(updated=bindparam("_updated")),
                rows[start : start + INSERT_BATCH],
            )
    return indexed


__all__ = [
    "BagError",
    "ExportReport",
    "ImportReport",
    "export_bag",
    "import_bag",
    "safe_filename",
    "validate_bag",
]
