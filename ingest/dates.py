"""Dates as documents write them, parsed without ever raising.

PDF information dictionaries use ``D:YYYYMMDDHHmmSSOHH'mm'`` with any tail left out, and
real files bend it: ``-0100`` without apostrophes, ``Z07'46'``, a missing ``D:``, years
like ``19110`` from old Y2K bugs, or a C ``ctime`` string. XMP and OpenDocument use ISO 8601
(with fractions of seconds of any length); e-mail uses RFC 5322. Every parser here returns
an aware datetime in UTC, or None for anything that is not a plausible date.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

MIN_YEAR = 1900
MAX_YEAR = 2100

_PDF_DATE = re.compile(
    r"^(?:D\s*:\s*)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
    r"\s*(?:(Z)|([+-])(\d{2})'?(\d{2})?'?)?"
)
_ISO_START = re.compile(r"\d{4}-\d{2}")
_CTIME_FORMATS = ("%a %b %d %H:%M:%S %Y", "%a %b %d %H:%M:%S %Z %Y", "%d/%m/%Y %H:%M:%S")


def parse_pdf_date(value: object) -> datetime | None:
    """Parse a PDF date (``D:YYYYMMDDHHmmSSOHH'mm'``, any tail optional) into UTC.

    Falls back to ISO 8601, RFC 5322 and ``ctime`` forms, which some producers write.
    Dates without a time zone are taken as UTC.
    """
    if not isinstance(value, str):
        return None
    text = value.replace("\x00", "").strip()
    if _ISO_START.match(text):
        return parse_iso_datetime(text)
    match = _PDF_DATE.match(text)
    if match is not None:
        moment = _from_pdf_match(match)
        if moment is not None:
            return moment
    return parse_iso_datetime(text) or _parse_other(text)


def parse_iso_datetime(value: str | None) -> datetime | None:
    """An ISO 8601 date and time (as ODF and XMP write them) in UTC; None if it is not one."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    if "." in text:  # fractions of seconds beyond microseconds trip fromisoformat
        head, _, tail = text.partition(".")
        digits = "".join(c for c in tail if c.isdigit())
        zone = tail[len(digits) :]
        text = f"{head}.{digits[:6].ljust(6, '0')}{zone}" if digits else head + zone
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return _plausible(moment)


def _from_pdf_match(match: re.Match[str]) -> datetime | None:
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
    return _plausible(moment)


def _parse_other(text: str) -> datetime | None:
    try:
        return _plausible(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    for pattern in _CTIME_FORMATS:
        try:
            return _plausible(datetime.strptime(text, pattern))
        except ValueError:
            continue
    return None


def _plausible(moment: datetime) -> datetime | None:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        moment = moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        return None
    return moment
