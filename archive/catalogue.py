"""The catalogue: source of truth for metadata and extracted text (SQLAlchemy 2).

SQLite (WAL mode, write transactions that take the lock up front with BEGIN IMMEDIATE)
by default; PostgreSQL by URL. The schema is created and upgraded by Alembic.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    delete,
    event,
    func,
    inspect,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    mapped_column,
    relationship,
    selectinload,
)

from archive.description import Choices
from archive.errors import (
    ArchiveError,
    DocumentNotFoundError,
    NotInitialisedError,
    StorageFullError,
)
from archive.model import (
    UNDETERMINED,
    Document,
    DocumentMetadata,
    DocumentStatus,
    DocumentType,
    Extraction,
    Page,
    Partner,
    Seminar,
)

SCHEMA_REVISION = "0006"
DISK_FULL_BYTES = 64 << 10
"""Free bytes below which the disk of an SQLite catalogue is taken for full."""
MAX_ID = (1 << 63) - 1
"""The largest row id the databases hold (a 64-bit signed integer)."""


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _end_claim(row: DocumentRow) -> None:
    """Reading the document is over (done, failed, or queued afresh): no worker holds it."""
    row.claimed_by = None
    row.claimed_until = None


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    filename: Mapped[str] = mapped_column(String(1024))
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[str] = mapped_column(Text, default="[]")
    created: Mapped[datetime | None] = mapped_column(DateTime)
    language: Mapped[str] = mapped_column(String(8), default=UNDETERMINED)
    languages: Mapped[str] = mapped_column(Text, default="[]")
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    added: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    indexed: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    seminar: Mapped[str | None] = mapped_column(
        ForeignKey("seminars.slug", onupdate="CASCADE"), index=True
    )
    partner: Mapped[str | None] = mapped_column(
        ForeignKey("partners.slug", onupdate="CASCADE"), index=True
    )
    doc_type: Mapped[str | None] = mapped_column(String(32))
    doc_date: Mapped[date | None] = mapped_column(Date)
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    withdrawn: Mapped[datetime | None] = mapped_column(DateTime)
    description: Mapped[str | None] = mapped_column(Text)
    language_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    replaces: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    checked: Mapped[datetime | None] = mapped_column(DateTime)
    parent: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), index=True
    )
    version_group: Mapped[int | None] = mapped_column(Integer, index=True)
    """Documents with the same group are language versions of each other (a librarian's
    confirmed link); the number is the id one of them had when the group was made."""
    text_chars: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    warnings: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    index_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Times indexing the document began since it was last indexed or extracted: a
    document tried before is tried alone, and is marked failed when its indexing failed or
    timed out twice, or never finished three times (archive/indexing.py)."""
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    """The worker reading this queued document (`archive.job_queue`), if one is."""
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime)
    """When that worker's lease runs out: then another worker may take the document."""
    read_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Times reading the document was started since it was last queued."""

    pages: Mapped[list[PageRow]] = relationship(
        back_populates="document",
        order_by="PageRow.number",
        cascade="all, delete-orphan",
    )


class PageRow(Base):
    __tablename__ = "pages"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8), default=UNDETERMINED)

    document: Mapped[DocumentRow] = relationship(back_populates="pages")


class PartnerRow(Base):
    __tablename__ = "partners"

    slug: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(32), default="city")


class SeminarRow(Base):
    __tablename__ = "seminars"

    slug: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    host: Mapped[str | None] = mapped_column(ForeignKey("partners.slug", onupdate="CASCADE"))
    starts: Mapped[date | None] = mapped_column(Date)
    ends: Mapped[date | None] = mapped_column(Date)
    theme: Mapped[str] = mapped_column(Text, default="")


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    token_hash: Mapped[str | None] = mapped_column(String(128), unique=True)
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SessionRow(Base):
    """A signed-in browser session; signing out deletes it, so its cookie is dead."""

    __tablename__ = "sessions"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE", name="fk_sessions_user"), index=True
    )
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AuditRow(Base):
    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64))
    document_id: Mapped[int | None] = mapped_column(Integer, index=True)
    detail: Mapped[str] = mapped_column(Text, default="{}")


class SecretRow(Base):
    """A secret every process of the archive shares (the key that signs sessions)."""

    __tablename__ = "secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(256))


class RateCounterRow(Base):
    """Hits of one rate-limit key in its current window (fixed windows)."""

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(512), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)
    expires: Mapped[float] = mapped_column(Float)
    """When the window ends, in seconds since the epoch."""


def _partner_row(partner: Partner) -> PartnerRow:
    return PartnerRow(
        slug=partner.slug,
        name=partner.name,
        city=partner.city,
        country=partner.country,
        kind=partner.kind,
    )


def _seminar_row(seminar: Seminar) -> SeminarRow:
    return SeminarRow(
        slug=seminar.slug,
        title=seminar.title,
        host=seminar.host,
        starts=seminar.starts,
        ends=seminar.ends,
        theme=seminar.theme,
    )


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def create_catalogue_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (the pysqlite recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        if connection.get_execution_options().get("clusnet_write"):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")


READ_ONLY = "clusnet_read_only"


@event.listens_for(Session, "before_flush")
def _refuse_writes_in_reads(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(READ_ONLY) and (session.new or session.dirty or session.deleted):
        raise ArchiveError(
            "a change was made in a read session: write through Catalogue.write(), whose "
            "transaction takes the database's write lock up front"
        )


def _loads(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    try:
        return tuple(str(v) for v in json.loads(value))
    except (ValueError, TypeError):
        return ()


def to_document(row: DocumentRow, with_pages: bool = False) -> Document:
    pages: tuple[Page, ...] = ()
    if with_pages:
        pages = tuple(Page(p.number, p.text, p.language) for p in row.pages)
    return Document(
        id=row.id,
        sha256=row.sha256,
        filename=row.filename,
        size=row.size,
        status=DocumentStatus(row.status),
        content_type=row.content_type,
        title=row.title,
        authors=_loads(row.authors),
        created=row.created,
        language=row.language,
        languages=_loads(row.languages),
        page_count=row.page_count,
        error=row.error,
        added=row.added,
        pages=pages,
        seminar=row.seminar,
        partner=row.partner,
        doc_type=DocumentType(row.doc_type) if row.doc_type else None,
        doc_date=row.doc_date,
        restricted=bool(row.restricted),
        withdrawn=row.withdrawn,
        description=row.description,
        replaces=row.replaces,
        checked=row.checked,
        parent=row.parent,
        version_group=row.version_group,
        text_chars=row.text_chars or 0,
        warnings=_loads(row.warnings),
    )


class Catalogue:
    """Metadata and text of every document. All writes go through `write()`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._write_engine = engine.execution_options(clusnet_write=True)
        self._ready = False

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session that only reads (a deferred transaction); it refuses to flush changes."""
        with Session(self.engine, expire_on_commit=False, info={READ_ONLY: True}) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction, which takes the database's write lock up front. A full disk
        (or a read-only database) is a `StorageFullError` or `ArchiveError` that says so."""
        try:
            with Session(self._write_engine, expire_on_commit=False) as session, session.begin():
                yield session
        except OperationalError as exc:
            raise self._storage_error(exc) from exc

    def _storage_error(self, exc: OperationalError) -> ArchiveError:
        where = self.engine.url.render_as_string(hide_password=True)
        text = str(exc.orig)
        if "full" in text.lower() or "no space left" in text.lower() or self._disk_full():
            return StorageFullError(
                f"the disk holding the catalogue ({where}) is full: free some space (or "
                "move CLUSNET_HOME to a larger disk), then run the same command again; "
                "nothing stored before is lost"
            )
        if "readonly" in text.lower() or "read-only" in text.lower():
            return ArchiveError(
                f"the catalogue ({where}) cannot be written ({text}): make the archive "
                "folder and its catalogue.sqlite3 files writable by the user clusnet runs as"
            )
        return ArchiveError(f"the catalogue ({where}) could not be written: {text}")

    def revision(self) -> str | None:
        """The schema revision stamped by Alembic, or None for an empty database.

        The table is looked up first rather than a failed SELECT caught: on PostgreSQL a
        failed statement aborts the whole transaction.
        """
        try:
            with self.engine.connect() as conn:
                if not inspect(conn).has_table("alembic_version"):
                    return None
                row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        except OperationalError as exc:
            if self._disk_full():
                raise self._storage_error(exc) from exc
            where = self.engine.url.render_as_string(hide_password=True)
            raise ArchiveError(
                f"cannot open the catalogue at {where} ({exc.orig}): check "
                "CLUSNET_DATABASE_URL, and that the database server is running"
            ) from exc
        return str(row[0]) if row else None

    def _disk_full(self) -> bool:
        """Whether the disk of an SQLite catalogue is (all but) full: SQLite says only
        "disk I/O error" when it cannot even open its shared-memory file there."""
        database = self.engine.url.database
        if self.engine.url.get_backend_name() != "sqlite" or not database:
            return False
        try:
            return shutil.disk_usage(Path(database).parent).free < DISK_FULL_BYTES
        except OSError:
            return False

    def ensure_ready(self) -> None:
        """Raise `NotInitialisedError` unless the catalogue has been created (checked once:
        a catalogue that exists stays so, and the check is three queries)."""
        if self._ready:
            return
        if self.revision() is None:
            raise NotInitialisedError(
                "this folder holds no archive yet: run `clusnet init` to create one"
            )
        self._ready = True

    # -- queries -------------------------------------------------------------------

    def get(self, document_id: int, with_pages: bool = True) -> Document:
        if not 0 < document_id <= MAX_ID:  # a number from a URL: no database overflow
            raise DocumentNotFoundError(f"no document with id {document_id}")
        with self.read() as session:
            row = session.get(DocumentRow, document_id)
            if row is None:
                raise DocumentNotFoundError(f"no document with id {document_id}")
            return to_document(row, with_pages=with_pages)

    def find_by_sha256(self, sha256: str) -> Document | None:
        with self.read() as session:
            row = session.scalars(select(DocumentRow).where(DocumentRow.sha256 == sha256)).first()
            return to_document(row) if row else None

    def documents(self, status: DocumentStatus | None = None) -> list[Document]:
        with self.read() as session:
            stmt = select(DocumentRow).order_by(DocumentRow.id)
            if status is not None:
                stmt = stmt.where(DocumentRow.status == status.value)
            return [to_document(row) for row in session.scalars(stmt)]

    def count_by_status(self) -> dict[str, int]:
        with self.read() as session:
            rows = session.execute(
                select(DocumentRow.status, func.count()).group_by(DocumentRow.status)
            )
            return {str(status): int(count) for status, count in rows}

    def ids_to_index(self, limit: int = 200) -> list[int]:
        with self.read() as session:
            stmt = (
                select(DocumentRow.id)
                .where(DocumentRow.status == DocumentStatus.READY.value)
                .where(DocumentRow.indexed.is_(False))
                .order_by(DocumentRow.id)
                .limit(limit)
            )
            return list(session.scalars(stmt))

    def ready_ids(self) -> list[int]:
        with self.read() as session:
            stmt = select(DocumentRow.id).where(DocumentRow.status == DocumentStatus.READY.value)
            return list(session.scalars(stmt))

    def get_many(
        self, ids: Iterable[int], with_pages: bool = True, max_chars: int | None = None
    ) -> list[Document]:
        """Documents by id; with `max_chars`, their pages hold only the first `max_chars`
        characters of text (what is indexed), and no more is read from the database."""
        wanted = list(ids)
        with self.read() as session:
            stmt = select(DocumentRow).where(DocumentRow.id.in_(wanted)).order_by(DocumentRow.id)
            if max_chars is None or not with_pages:
                if with_pages:  # all pages in one more query, not one query a document
                    stmt = stmt.options(selectinload(DocumentRow.pages))
                return [to_document(row, with_pages=with_pages) for row in session.scalars(stmt)]
            rows = list(session.scalars(stmt))
            whole = [row.id for row in rows if (row.text_chars or 0) <= max_chars]
            if whole:  # their pages in one query, as above; only the long ones are cut
                session.scalars(
                    select(DocumentRow)
                    .where(DocumentRow.id.in_(whole))
                    .options(selectinload(DocumentRow.pages))
                ).all()
            return [
                to_document(row, with_pages=True)
                if (row.text_chars or 0) <= max_chars
                else replace(to_document(row), pages=self._first_pages(session, row.id, max_chars))
                for row in rows
            ]

    @staticmethod
    def _first_pages(session: Session, document_id: int, max_chars: int) -> tuple[Page, ...]:
        lengths = session.execute(
            select(PageRow.number, func.length(PageRow.text))
            .where(PageRow.document_id == document_id)
            .order_by(PageRow.number)
        ).all()
        last, room = 0, max_chars
        for number, length in lengths:
            if room <= 0:
                break
            last, room = number, room - (length or 0)
        rows = session.execute(
            select(PageRow.number, func.substr(PageRow.text, 1, max_chars), PageRow.language)
            .where(PageRow.document_id == document_id, PageRow.number <= last)
            .order_by(PageRow.number)
        ).all()
        pages, room = [], max_chars
        for number, text, language in rows:
            text = (text or "")[:room]
            room -= len(text)
            pages.append(Page(number, text, language))
        return tuple(pages)

    def page_lengths(self, document_id: int) -> list[tuple[int, int, str]]:
        """(number, characters, language) of each page of a document, without its text."""
        with self.read() as session:
            rows = session.execute(
                select(PageRow.number, func.length(PageRow.text), PageRow.language)
                .where(PageRow.document_id == document_id)
                .order_by(PageRow.number)
            ).all()
            return [(int(n), int(length or 0), str(language)) for n, length, language in rows]

    def page_text(self, document_id: int, number: int, start: int = 0, length: int = -1) -> str:
        """Characters `start` to `start + length` of one page (all of it by default), read
        from the database without the rest of the page."""
        column: Any = PageRow.text
        if start or length >= 0:
            column = func.substr(PageRow.text, start + 1, length if length >= 0 else MAX_ID)
        with self.read() as session:
            found = session.execute(
                select(column).where(PageRow.document_id == document_id, PageRow.number == number)
            ).scalar()
            return str(found or "")

    # -- the queue of the index ----------------------------------------------------

    def index_queue(self, limit: int = 200) -> list[tuple[int, int, int]]:
        """(id, characters of text, attempts) of ready documents the index lacks, oldest
        first."""
        with self.read() as session:
            rows = session.execute(
                select(DocumentRow.id, DocumentRow.text_chars, DocumentRow.index_attempts)
                .where(DocumentRow.status == DocumentStatus.READY.value)
                .where(DocumentRow.indexed.is_(False))
                .order_by(DocumentRow.id)
                .limit(limit)
            ).all()
            return [(int(i), int(chars or 0), int(tries or 0)) for i, chars, tries in rows]

    def text_chars(self, ids: Iterable[int]) -> dict[int, int]:
        """Characters of text of each of these documents."""
        wanted = list(ids)
        found: dict[int, int] = {}
        with self.read() as session:
            for start in range(0, len(wanted), 10_000):
                rows = session.execute(
                    select(DocumentRow.id, DocumentRow.text_chars).where(
                        DocumentRow.id.in_(wanted[start : start + 10_000])
                    )
                )
                found.update({int(i): int(chars or 0) for i, chars in rows})
        return found

    def begin_index_attempt(self, ids: Iterable[int]) -> dict[int, int]:
        """Count an attempt to index these documents, before it is made (so that one that
        stops the process is counted too); the attempts of each, this one included."""
        wanted = list(ids)
        with self.write() as session:
            rows = list(session.scalars(select(DocumentRow).where(DocumentRow.id.in_(wanted))))
            for row in rows:
                row.index_attempts = (row.index_attempts or 0) + 1
            return {row.id: row.index_attempts for row in rows}

    def undo_index_attempt(self, ids: Iterable[int]) -> None:
        """The attempt stopped for a reason that was not the documents' (a full disk...)."""
        wanted = list(ids)
        with self.write() as session:
            for row in session.scalars(select(DocumentRow).where(DocumentRow.id.in_(wanted))):
                row.index_attempts = max(0, (row.index_attempts or 0) - 1)

    def queued_ids(self, limit: int | None = None) -> list[int]:
        """The queue: documents waiting for extraction, oldest first."""
        with self.read() as session:
            stmt = (
                select(DocumentRow.id)
                .where(DocumentRow.status == DocumentStatus.QUEUED.value)
                .order_by(DocumentRow.id)
            )
            if limit is not None:
                stmt = stmt.limit(limit)
            return list(session.scalars(stmt))

    # -- state shared by every process of the archive ---------------------------------

    def secret(self, name: str, make: Callable[[], str]) -> str:
        """The shared secret `name`, made with `make` by whichever process asks first."""
        with self.read() as session:
            found = session.get(SecretRow, name)
            if found is not None:
                return found.value
        try:
            with self.write() as session:
                session.add(SecretRow(name=name, value=make()))
        except IntegrityError:  # made by another process at the same moment: use theirs
            pass
        with self.read() as session:
            made = session.get(SecretRow, name)
            assert made is not None
            return made.value

    def count_hit(self, key: str, window: float, amount: int, now: float) -> int:
        """Add `amount` hits to `key`'s window (a new window of `window` seconds when the
        last one has ended); the hits in the window now."""
        with self.write() as session:
            row = session.get(RateCounterRow, key, with_for_update=True)
            if row is None:
                session.add(RateCounterRow(key=key, hits=amount, expires=now + window))
                return amount
            if row.expires <= now:
                row.hits, row.expires = amount, now + window
            else:
                row.hits += amount
            return row.hits

    def hits(self, key: str, now: float) -> tuple[int, float]:
        """(hits, end of the window) of `key`; (0, now) when it has no window open."""
        with self.read() as session:
            row = session.get(RateCounterRow, key)
            if row is None or row.expires <= now:
                return 0, now
            return row.hits, row.expires

    def clear_hits(self, key: str | None = None) -> int:
        """Forget the hits of `key` (of every key without one); how many keys."""
        with self.write() as session:
            stmt = delete(RateCounterRow)
            if key is not None:
                stmt = stmt.where(RateCounterRow.key == key)
            return int(getattr(session.execute(stmt), "rowcount", 0) or 0)

    # -- the queue's claims (archive/job_queue.py) ------------------------------------

    def claim_queued(
        self, worker: str, lease: timedelta, limit: int, ids: Iterable[int] | None = None
    ) -> list[tuple[int, int]]:
        """Give `worker` up to `limit` queued documents nobody holds (or whose holder's
        lease has run out), oldest first, for `lease`; only among `ids` when given. Each
        claim counts an attempt: (id, attempts) of each document claimed. On PostgreSQL,
        rows another worker is claiming at the same moment are skipped, not waited for."""
        now = utcnow()
        with self.write() as session:
            stmt = (
                select(DocumentRow.id)
                .where(DocumentRow.status == DocumentStatus.QUEUED.value)
                .where(or_(DocumentRow.claimed_by.is_(None), DocumentRow.claimed_until < now))
                .order_by(DocumentRow.id)
                .limit(limit)
            )
            if ids is not None:
                stmt = stmt.where(DocumentRow.id.in_(list(ids)))
            if session.get_bind().dialect.name == "postgresql":
                stmt = stmt.with_for_update(skip_locked=True)
            chosen = list(session.scalars(stmt))
            if not chosen:
                return []
            session.execute(
                update(DocumentRow)
                .where(DocumentRow.id.in_(chosen))
                .values(
                    claimed_by=worker,
                    claimed_until=now + lease,
                    read_attempts=DocumentRow.read_attempts + 1,
                )
            )
            rows = session.execute(
                select(DocumentRow.id, DocumentRow.read_attempts)
                .where(DocumentRow.id.in_(chosen))
                .order_by(DocumentRow.id)
            )
            return [(int(i), int(n)) for i, n in rows]

    def renew_claims(self, worker: str, ids: Iterable[int], lease: timedelta) -> int:
        """Extend `worker`'s lease on the documents `ids` it still holds; how many."""
        wanted = list(ids)
        if not wanted:
            return 0
        with self.write() as session:
            result = session.execute(
                update(DocumentRow)
                .where(DocumentRow.id.in_(wanted), DocumentRow.claimed_by == worker)
                .values(claimed_until=utcnow() + lease)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def release_claims(self, worker: str, ids: Iterable[int]) -> None:
        """`worker` no longer holds the documents `ids`: read (their status says how), or
        given back unread, which does not count as an attempt."""
        wanted = list(ids)
        if not wanted:
            return
        held = (DocumentRow.id.in_(wanted), DocumentRow.claimed_by == worker)
        unread = DocumentRow.status == DocumentStatus.QUEUED.value
        with self.write() as session:
            session.execute(
                update(DocumentRow)
                .where(*held, unread, DocumentRow.read_attempts > 0)
                .values(read_attempts=DocumentRow.read_attempts - 1)
            )
            session.execute(
                update(DocumentRow).where(*held).values(claimed_by=None, claimed_until=None)
            )

    def claims(self) -> list[tuple[int, str, datetime | None]]:
        """(document id, worker, lease end) of every queued document a worker holds."""
        with self.read() as session:
            rows = session.execute(
                select(DocumentRow.id, DocumentRow.claimed_by, DocumentRow.claimed_until)
                .where(DocumentRow.claimed_by.is_not(None))
                .where(DocumentRow.status == DocumentStatus.QUEUED.value)
                .order_by(DocumentRow.id)
            )
            return [(int(i), str(w), until) for i, w, until in rows]

    def expire_claims(self, ids: Iterable[int]) -> None:
        """End the leases on `ids` now (their worker is known to be gone)."""
        wanted = list(ids)
        if not wanted:
            return
        with self.write() as session:
            session.execute(
                update(DocumentRow)
                .where(DocumentRow.id.in_(wanted))
                .values(claimed_by=None, claimed_until=None)
            )

    def find(
        self,
        *,
        seminar: str | None = None,
        partner: str | None = None,
        status: DocumentStatus | None = None,
        withdrawn: bool | None = False,
        replaces: int | None = None,
        include_restricted: bool = True,
        limit: int | None = None,
    ) -> list[Document]:
        """Documents (without their text) matching every filter given, newest first.

        `withdrawn`: False for current documents only, True for withdrawn ones only, None
        for both.
        """
        with self.read() as session:
            stmt = select(DocumentRow).order_by(DocumentRow.id.desc())
            if seminar is not None:
                stmt = stmt.where(DocumentRow.seminar == seminar)
            if partner is not None:
                stmt = stmt.where(DocumentRow.partner == partner)
            if status is not None:
                stmt = stmt.where(DocumentRow.status == status.value)
            if withdrawn is True:
                stmt = stmt.where(DocumentRow.withdrawn.is_not(None))
            elif withdrawn is False:
                stmt = stmt.where(DocumentRow.withdrawn.is_(None))
            if replaces is not None:
                stmt = stmt.where(DocumentRow.replaces == replaces)
            if not include_restricted:
                stmt = stmt.where(DocumentRow.restricted.is_(False))
            if limit is not None:
                stmt = stmt.limit(limit)
            return [to_document(row) for row in session.scalars(stmt)]

    def count_ready_by(self, column: str, include_restricted: bool = True) -> dict[str, int]:
        """Readable documents (ready, not withdrawn) per value of `column` (seminar or
        partner), counted by the database."""
        key = {"seminar": DocumentRow.seminar, "partner": DocumentRow.partner}[column]
        with self.read() as session:
            stmt = (
                select(key, func.count())
                .where(DocumentRow.status == DocumentStatus.READY.value)
                .where(DocumentRow.withdrawn.is_(None))
                .where(key.is_not(None))
                .group_by(key)
            )
            if not include_restricted:
                stmt = stmt.where(DocumentRow.restricted.is_(False))
            return {str(value): int(count) for value, count in session.execute(stmt)}

    # -- changes -------------------------------------------------------------------

    def add_queued(self, sha256: str, filename: str, size: int) -> Document:
        with self.write() as session:
            row = DocumentRow(
                sha256=sha256,
                filename=filename,
                size=size,
                status=DocumentStatus.QUEUED.value,
                authors="[]",
                languages="[]",
            )
            session.add(row)
            session.flush()
            return to_document(row)

    def record_extraction(self, document_id: int, extraction: Extraction) -> None:
        with self.write() as session:
            row = self._row(session, document_id)
            _end_claim(row)
            row.content_type = extraction.content_type
            if not row.title:
                row.title = extraction.title
            if _loads(row.authors) == ():
                row.authors = json.dumps(list(extraction.authors), ensure_ascii=False)
            row.created = extraction.created.replace(tzinfo=None) if extraction.created else None
            if not row.language_locked:
                row.language = extraction.language
            row.languages = json.dumps(list(extraction.languages))
            row.page_count = extraction.page_count
            row.pages = [
                PageRow(number=p.number, text=p.text, language=p.language) for p in extraction.pages
            ]
            row.text_chars = sum(len(p.text) for p in extraction.pages)
            row.warnings = json.dumps(list(extraction.warnings), ensure_ascii=False)
            row.status = DocumentStatus.READY.value
            row.error = None
            row.indexed = False
            row.index_attempts = 0

    def record_failure(self, document_id: int, reason: str, content_type: str | None) -> None:
        with self.write() as session:
            row = self._row(session, document_id)
            _end_claim(row)
            row.status = DocumentStatus.FAILED.value
            row.error = reason
            row.content_type = content_type
            row.indexed = False
            row.index_attempts = 0

    def record_index_failure(self, document_id: int, reason: str) -> None:
        """The document was read, but could not be indexed: it is failed with `reason`
        (its text stays in the catalogue; a retry reads and indexes it again)."""
        with self.write() as session:
            row = self._row(session, document_id)
            row.status = DocumentStatus.FAILED.value
            row.error = reason
            row.indexed = False
            row.index_attempts = 0

    def update_metadata(self, document_id: int, metadata: DocumentMetadata) -> Document:
        """Apply what an officer or librarian said; the document is indexed again."""
        with self.write() as session:
            row = self._row(session, document_id)
            if metadata.title is not None:
                row.title = metadata.title.strip() or None
            if metadata.seminar is not None:
                row.seminar = metadata.seminar or None
            if metadata.partner is not None:
                row.partner = metadata.partner or None
            if metadata.doc_type is not None:
                row.doc_type = metadata.doc_type.value
            if metadata.doc_date is not None:
                row.doc_date = metadata.doc_date
            if metadata.authors is not None:
                row.authors = json.dumps(list(metadata.authors), ensure_ascii=False)
            if metadata.language is not None:
                row.language = metadata.language
                row.language_locked = True
            if metadata.restricted is not None:
                row.restricted = metadata.restricted
            if metadata.description is not None:
                row.description = metadata.description.strip() or None
            row.indexed = False
            session.flush()
            return to_document(row)

    def set_withdrawn(self, document_id: int, withdrawn: bool) -> Document:
        with self.write() as session:
            row = self._row(session, document_id)
            row.withdrawn = utcnow() if withdrawn else None
            row.indexed = False
            session.flush()
            return to_document(row)

    def record_needs_ocr(self, document_id: int, reason: str) -> None:
        """The document's text can only be read by OCR, which is not available yet."""
        with self.write() as session:
            row = self._row(session, document_id)
            _end_claim(row)
            row.status = DocumentStatus.NEEDS_OCR.value
            row.error = reason
            row.indexed = False

    def set_parent(self, document_id: int, parent: int | None) -> Document:
        """Say that `document_id` came out of the document `parent` (an e-mail)."""
        with self.write() as session:
            row = self._row(session, document_id)
            if parent is not None:
                self._row(session, parent)
            row.parent = parent
            session.flush()
            return to_document(row)

    def requeue(self, document_id: int) -> Document:
        """Put a document back in the queue: it is extracted and indexed again."""
        with self.write() as session:
            row = self._row(session, document_id)
            _end_claim(row)
            row.read_attempts = 0
            row.status = DocumentStatus.QUEUED.value
            row.error = None
            row.index_attempts = 0
            session.flush()
            return to_document(row)

    def set_replaces(self, document_id: int, replaces: int | None) -> Document:
        """Say that `document_id` is a new version of the document `replaces`."""
        with self.write() as session:
            row = self._row(session, document_id)
            if replaces is not None:
                self._row(session, replaces)
            row.replaces = replaces
            session.flush()
            return to_document(row)

    def delete(self, document_id: int) -> Document:
        """Remove a document and its pages for good; newer versions of it then replace
        the one it replaced."""
        with self.write() as session:
            row = self._row(session, document_id)
            gone = to_document(row)
            for newer in session.scalars(
                select(DocumentRow).where(DocumentRow.replaces == document_id)
            ):
                newer.replaces = row.replaces
            session.flush()
            session.delete(row)
            return gone

    # -- language versions -----------------------------------------------------------

    def versions(self, document_id: int) -> list[Document]:
        """The confirmed language versions of a document (itself not included)."""
        with self.read() as session:
            row = self._row(session, document_id)
            if row.version_group is None:
                return []
            rows = session.scalars(
                select(DocumentRow)
                .where(DocumentRow.version_group == row.version_group)
                .where(DocumentRow.id != document_id)
                .order_by(DocumentRow.id)
            )
            return [to_document(r) for r in rows]

    def link_versions(self, document_id: int, other_id: int) -> None:
        """Say that two documents are the same material in other languages: they (and
        the versions each had) form one group."""
        if document_id == other_id:
            raise ArchiveError("a document cannot be a language version of itself")
        with self.write() as session:
            one, other = self._row(session, document_id), self._row(session, other_id)
            groups = {g for g in (one.version_group, other.version_group) if g is not None}
            group = min(groups) if groups else min(one.id, other.id)
            for merged in groups - {group}:
                for row in session.scalars(
                    select(DocumentRow).where(DocumentRow.version_group == merged)
                ):
                    row.version_group = group
            one.version_group = other.version_group = group

    def unlink_version(self, document_id: int) -> None:
        """Take a document out of its group of language versions (a group of one left
        behind is dissolved)."""
        with self.write() as session:
            row = self._row(session, document_id)
            group = row.version_group
            if group is None:
                return
            row.version_group = None
            session.flush()
            left = list(
                session.scalars(select(DocumentRow).where(DocumentRow.version_group == group))
            )
            if len(left) == 1:
                left[0].version_group = None

    def sha256_in_use(self, sha256: str) -> bool:
        with self.read() as session:
            found = session.scalars(
                select(DocumentRow.id).where(DocumentRow.sha256 == sha256).limit(1)
            ).first()
            return found is not None

    # -- reference data ------------------------------------------------------------

    def partners(self) -> list[Partner]:
        with self.read() as session:
            rows = session.scalars(select(PartnerRow).order_by(PartnerRow.name))
            return [Partner(r.slug, r.name, r.city, r.country, r.kind) for r in rows]

    def seminars(self) -> list[Seminar]:
        with self.read() as session:
            rows = session.scalars(select(SeminarRow).order_by(SeminarRow.starts))
            return [Seminar(r.slug, r.title, r.host, r.starts, r.ends, r.theme) for r in rows]

    def choices(self) -> Choices:
        """The seminars and partners a document can name now."""
        with self.read() as session:
            return Choices.of(
                session.scalars(select(SeminarRow.slug)), session.scalars(select(PartnerRow.slug))
            )

    def save_partner(self, partner: Partner) -> None:
        with self.write() as session:
            session.merge(_partner_row(partner))

    def partner(self, slug: str) -> Partner | None:
        with self.read() as session:
            r = session.get(PartnerRow, slug)
            return Partner(r.slug, r.name, r.city, r.country, r.kind) if r else None

    def seminar(self, slug: str) -> Seminar | None:
        with self.read() as session:
            r = session.get(SeminarRow, slug)
            return Seminar(r.slug, r.title, r.host, r.starts, r.ends, r.theme) if r else None

    def save_seminar(self, seminar: Seminar) -> None:
        with self.write() as session:
            session.merge(_seminar_row(seminar))

    def seed_reference_data(self, partners: list[Partner], seminars: list[Seminar]) -> int:
        """Add the partners and seminars not yet known; never overwrite a librarian's edits."""
        added = 0
        with self.write() as session:
            for partner in partners:
                if session.get(PartnerRow, partner.slug) is None:
                    session.add(_partner_row(partner))
                    added += 1
            session.flush()
            for seminar in seminars:
                if session.get(SeminarRow, seminar.slug) is None:
                    session.add(_seminar_row(seminar))
                    added += 1
        return added

    def mark_indexed(self, ids: Iterable[int], indexed: bool = True) -> None:
        wanted = list(ids)
        if not wanted:
            return
        with self.write() as session:
            for row in session.scalars(select(DocumentRow).where(DocumentRow.id.in_(wanted))):
                row.indexed = indexed
                if indexed:
                    row.index_attempts = 0

    def mark_all_unindexed(self) -> None:
        with self.write() as session:
            for row in session.scalars(select(DocumentRow).where(DocumentRow.indexed.is_(True))):
                row.indexed = False

    @staticmethod
    def _row(session: Session, document_id: int) -> DocumentRow:
        row = session.get(DocumentRow, document_id) if 0 < document_id <= MAX_ID else None
        if row is None:
            raise DocumentNotFoundError(f"no document with id {document_id}")
        return row


def upgrade_schema(engine: Engine) -> None:
    """Create or upgrade the catalogue's tables to the newest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "archive:migrations")
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except OperationalError as exc:
        raise ArchiveError(f"cannot create the catalogue: {exc.orig}") from exc
