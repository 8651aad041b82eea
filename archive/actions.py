"""The actions the audit log records, named once.

Each change to the archive is a use case of `archive` that records itself with one of
these; the web interface says them in words (`web.audit_words`).
"""

from __future__ import annotations

import enum


class Action(enum.StrEnum):
    """What an audit entry says was done (the value is what the catalogue stores)."""

    UPLOAD = "document.upload"
    DUPLICATE = "document.duplicate"
    INGEST = "document.ingest"
    EDIT = "document.edit"
    WITHDRAW = "document.withdraw"
    RESTORE = "document.restore"
    PURGE = "document.purge"
    REPLACE = "document.replace"
    RETRY = "document.retry"
    REPROCESS = "document.reprocess"
    LINK_VERSION = "document.link_version"
    UNLINK_VERSION = "document.unlink_version"
    REINDEX = "index.rebuild"
    LOGIN = "login"
    USER_ADD = "user.add"
    USER_ROLE = "user.role"
    USER_ENABLE = "user.enable"
    USER_DISABLE = "user.disable"
    USER_PASSWORD = "user.password"
    USER_TOKEN = "user.token"
    SEMINAR_ADD = "seminar.add"
    SEMINAR_EDIT = "seminar.edit"
    PARTNER_ADD = "partner.add"
    PARTNER_EDIT = "partner.edit"
