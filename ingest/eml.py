"""E-mail messages (.eml, RFC 5322 with MIME), read with Python's email package.

The subject is the title, the sender the author and the Date header the creation date. The
body is the text/plain part, or the text/html part made text. Attachments come back in
`Extraction.attachments` for the archive to keep as documents of their own, linked to the
message; there are at most `MAX_ATTACHMENTS` of them and `MAX_ATTACHMENT_BYTES` in all
(the rest are named in the warnings).
"""

from __future__ import annotations

from datetime import UTC, datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path, PurePath
from typing import Any

from archive.errors import BrokenFileError, ResourceLimitError
from archive.model import Extraction, Page
from ingest.html import html_to_text
from ingest.mime import EML
from ingest.text import decode_bytes

MAX_MESSAGE_BYTES = 64 * 1024 * 1024
MAX_ATTACHMENTS = 20
MAX_ATTACHMENT_BYTES = 32 * 1024 * 1024
"""Attachments beyond this total size are left out (and named in the warnings)."""
MAX_PARTS = 1000


def parse_eml(path: Path) -> Extraction:
    """Read an e-mail: headers to metadata, body to text, attachments kept aside."""
    size = path.stat().st_size
    if size > MAX_MESSAGE_BYTES:
        raise ResourceLimitError(
            f"the e-mail is {size / 2**20:.0f} MiB, over the limit of "
            f"{MAX_MESSAGE_BYTES / 2**20:.0f} MiB"
        )
    with path.open("rb") as stream:
        message = BytesParser(policy=policy.default).parse(stream)
    if not isinstance(message, EmailMessage):
        raise BrokenFileError("the e-mail could not be parsed")
    if sum(1 for _ in message.walk()) > MAX_PARTS:
        raise ResourceLimitError(f"the e-mail has more than {MAX_PARTS} parts")
    subject = _header(message, "subject")
    sender = _sender(message)
    body = _body(message)
    heading = "\n".join(
        f"{label}: {value}"
        for label, value in (
            ("From", _header(message, "from")),
            ("To", _header(message, "to")),
            ("Date", _header(message, "date")),
            ("Subject", subject),
        )
        if value
    )
    attachments, warnings = _attachments(message)
    if attachments:
        heading += "\nAttachments: " + ", ".join(name for name, _ in attachments)
    return Extraction(
        content_type=EML,
        pages=(Page(number=1, text=f"{heading}\n\n{body}" if heading else body),),
        title=subject,
        authors=(sender,) if sender else (),
        created=_date(message),
        warnings=tuple(warnings),
        attachments=tuple(attachments),
    )


def _header(message: EmailMessage, name: str) -> str | None:
    try:
        value = message.get(name)
    except Exception:  # a malformed header: the policy raises on access
        return None
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _sender(message: EmailMessage) -> str | None:
    try:
        header: Any = message.get("from")
        addresses: tuple[Address, ...] = tuple(getattr(header, "addresses", ()) or ())
    except Exception:
        addresses = ()
    if addresses:
        first = addresses[0]
        return first.display_name or first.addr_spec or None
    return _header(message, "from")


def _date(message: EmailMessage) -> datetime | None:
    raw = _header(message, "date")
    if not raw:
        return None
    try:
        moment = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if moment.year < 1900:
        return None
    return moment.astimezone(UTC)


def _body(message: EmailMessage) -> str:
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except Exception:
        part = None
    if part is None:
        return ""
    content = _text_content(part)
    if part.get_content_subtype() == "html":
        content, _ = html_to_text(content)
    return content


def _text_content(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset()
    if charset:
        try:
            return payload.decode(charset, errors="replace")
        except LookupError:
            pass
    text, _ = decode_bytes(payload)
    return text


def _attachments(message: EmailMessage) -> tuple[list[tuple[str, bytes]], list[str]]:
    kept: list[tuple[str, bytes]] = []
    left_out: list[str] = []
    total = 0
    for number, part in enumerate(message.iter_attachments(), start=1):
        name = _filename(part, number)
        payload = part.get_payload(decode=True)
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            first = inner[0] if isinstance(inner, list) and inner else None
            payload = first.as_bytes() if isinstance(first, Message) else None
        if not isinstance(payload, bytes) or not payload:
            continue
        if len(kept) >= MAX_ATTACHMENTS or total + len(payload) > MAX_ATTACHMENT_BYTES:
            left_out.append(name)
            continue
        kept.append((name, payload))
        total += len(payload)
    warnings = []
    if left_out:
        warnings.append(
            f"{len(left_out)} attachment(s) left out, over the limit of {MAX_ATTACHMENTS} "
            f"files or {MAX_ATTACHMENT_BYTES >> 20} MiB: " + ", ".join(left_out[:5])
        )
    return kept, warnings


def _filename(part: Message, number: int) -> str:
    try:
        name = part.get_filename()
    except Exception:
        name = None
    if name:
        name = PurePath(name.replace("\\", "/")).name.strip()
    if not name:
        extension = ".eml" if part.get_content_type() == "message/rfc822" else ".bin"
        name = f"attachment-{number}{extension}"
    return name[:200]
