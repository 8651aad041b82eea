"""PDF files, read with pypdf: text per page, title, authors, creation date."""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from archive.errors import BrokenFileError, PasswordProtectedError
from archive.model import Extraction, Page
from ingest.mime import PDF

MAX_WARNINGS = 5
"""At most this many distinct warnings from pypdf are kept on an extraction."""

_PDF_DATE = re.compile(
    r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
    r"\s*(?:(Z)|([+-])(\d{2})'?(\d{2})?'?)?"
)

_JUNK_AUTHOR = re.compile(r"^(?:ARRAY|HASH)\(0x[0-9a-f]+\)$")  # a Perl producer's bug


def parse_pdf(path: Path) -> Extraction:
    """Read the text of every page and the document information of a PDF."""
    with _collected_messages() as messages:
        reader = PdfReader(path, strict=False)
        _unlock(reader)
        try:
            page_list = list(reader.pages)
        except FileNotDecryptedError as error:
            raise PasswordProtectedError("password protected") from error
        pages: list[Page] = []
        failures: list[str] = []
        for number, page in enumerate(page_list, start=1):
            try:
                text = page.extract_text(extraction_mode="plain")
            except (RecursionError, MemoryError):
                raise
            except Exception as error:  # one unreadable page must not lose the others
                failures.append(f"page {number}: no text could be read ({_reason(error)})")
                text = ""
            pages.append(Page(number=number, text=text))
        if not pages:
            raise BrokenFileError("the PDF has no pages")
        if len(failures) == len(pages):
            raise BrokenFileError(f"the PDF is damaged: {failures[0]}")
        messages[:0] = failures
        title, authors, created = _metadata(reader)
    return Extraction(
        content_type=PDF,
        pages=tuple(pages),
        title=title,
        authors=authors,
        created=created,
        warnings=tuple(dict.fromkeys(messages))[:MAX_WARNINGS],
    )


def parse_pdf_date(value: object) -> datetime | None:
    """Parse a PDF date (``D:YYYYMMDDHHmmSSOHH'mm'``, any tail optional) into UTC.

    Returns None for anything that is not a real date; dates without a time zone are
    taken as UTC.
    """
    if not isinstance(value, str):
        return None
    match = _PDF_DATE.match(value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, zulu, sign, tz_hours, tz_minutes = match.groups()
    try:
        tz = UTC
        if sign and not zulu:
            offset = timedelta(hours=int(tz_hours), minutes=int(tz_minutes or 0))
            tz = timezone(offset if sign == "+" else -offset)
        moment = datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=tz,
        )
    except (ValueError, OverflowError):
        return None
    if moment.year < 1900:
        return None
    return moment.astimezone(UTC)


def _unlock(reader: PdfReader) -> None:
    if not reader.is_encrypted:
        return
    try:
        result = reader.decrypt("")
    except DependencyError as error:
        raise PasswordProtectedError(
            "encrypted with a method this installation cannot open "
            "(install the 'cryptography' package for AES)"
        ) from error
    except Exception as error:
        raise PasswordProtectedError(f"password protected ({_reason(error)})") from error
    if result == PasswordType.NOT_DECRYPTED:
        raise PasswordProtectedError("password protected")


def _metadata(reader: PdfReader) -> tuple[str | None, tuple[str, ...], datetime | None]:
    try:
        info = reader.metadata
    except Exception:
        return None, (), None
    if info is None:
        return None, (), None
    title = _text_entry(info, "/Title")
    author = _text_entry(info, "/Author")
    authors = tuple(
        name
        for name in (a.strip() for a in re.split(r"[;\n]", author or ""))
        if name and not _JUNK_AUTHOR.match(name)
    )
    created = parse_pdf_date(_text_entry(info, "/CreationDate"))
    return title, authors, created


def _text_entry(info: Any, key: str) -> str | None:
    try:
        value = info.get(key)
        if value is not None and hasattr(value, "get_object"):
            value = value.get_object()
    except Exception:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1", errors="replace")
    if not isinstance(value, str):
        return None
    value = value.replace("\x00", "").strip()
    return value or None


def _reason(error: BaseException) -> str:
    message = str(error).strip().splitlines()[0] if str(error).strip() else ""
    message = message[:160]
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


class _ListHandler(logging.Handler):
    def __init__(self, sink: list[str]) -> None:
        super().__init__(level=logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record.getMessage()[:200])


@contextmanager
def _collected_messages() -> Iterator[list[str]]:
    """Collect pypdf's warnings and log messages instead of letting them out."""
    messages: list[str] = []
    logger = logging.getLogger("pypdf")
    handler = _ListHandler(messages)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield messages
        messages.extend(str(w.message)[:200] for w in caught)
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
