"""People who use the archive, their roles, passwords and API tokens."""

from __future__ import annotations

import enum
import functools
import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select

from archive.actions import Action
from archive.catalogue import AuditRow, Catalogue, SessionRow, UserRow, utcnow
from archive.errors import ArchiveError

COMMAND_LINE = "cli"
"""The actor of changes made with `clusnet` on the archive's own machine."""

MIN_PASSWORD_LENGTH = 10
SESSION_LIFETIME = timedelta(days=14)
"""A sign-in lasts this long; then the user signs in again."""
_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against when the user does not exist, so that timing tells nothing
    (made on first use: hashing costs 0.1 s, which a command that signs nobody in saves)."""
    return _hasher.hash("not a password of anyone")


class Role(enum.IntEnum):
    """Each role may do everything the roles below it may."""

    READER = 1
    OFFICER = 2
    LIBRARIAN = 3
    ADMIN = 4

    @classmethod
    def parse(cls, name: str) -> Role:
        try:
            return cls[name.strip().upper()]
        except KeyError:
            choices = ", ".join(r.name.lower() for r in cls)
            raise UserError(f"unknown role {name!r}: choose one of {choices}") from None

    @property
    def label(self) -> str:
        return self.name.lower()


class UserError(ArchiveError):
    """A user cannot be created or changed as asked."""


class SelfChangeError(UserError):
    """An admin tried to take away their own role or access."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: Role
    active: bool
    created: datetime | None = None

    def may(self, role: Role) -> bool:
        return self.active and self.role >= role


def _to_user(row: UserRow) -> User:
    return User(row.id, row.name, Role(int(row.role)), bool(row.active), row.created)


def _session_cutoff() -> datetime:
    return utcnow() - SESSION_LIFETIME


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Users:
    """User accounts, kept in the catalogue. Every change is recorded in the audit log
    with the `actor` who made it."""

    def __init__(self, catalogue: Catalogue, audit: AuditLog) -> None:
        self.catalogue = catalogue
        self.audit = audit

    def add(self, name: str, password: str, role: Role, *, actor: str) -> User:
        name = name.strip()
        if not name or len(name) > 100 or any(c.isspace() for c in name):
            raise UserError("a user name is 1 to 100 characters without spaces")
        self._check_password(password)
        with self.catalogue.write() as session:
            if session.scalars(select(UserRow).where(UserRow.name == name)).first():
                raise UserError(f"a user named {name!r} exists already")
            row = UserRow(
                name=name, password_hash=_hasher.hash(password), role=str(int(role)), active=True
            )
            session.add(row)
            session.flush()
            user = _to_user(row)
        self.audit.record(actor, Action.USER_ADD, name=user.name, role=user.role.label)
        return user

    @staticmethod
    def _check_password(password: str) -> None:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise UserError(f"a password has at least {MIN_PASSWORD_LENGTH} characters")

    def get(self, user_id: int) -> User | None:
        with self.catalogue.read() as session:
            row = session.get(UserRow, user_id)
            return _to_user(row) if row else None

    def by_name(self, name: str) -> User | None:
        with self.catalogue.read() as session:
            row = session.scalars(select(UserRow).where(UserRow.name == name)).first()
            return _to_user(row) if row else None

    def list(self) -> list[User]:
        with self.catalogue.read() as session:
            return [_to_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.name))]

    def authenticate(self, name: str, password: str) -> User | None:
        """The user if the password is right and the account active; None otherwise."""
        with self.catalogue.read() as session:
            row = session.scalars(select(UserRow).where(UserRow.name == name.strip())).first()
            stored = row.password_hash if row else _dummy_hash()
        try:
            _hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None or not row.active:
            return None
        if _hasher.check_needs_rehash(stored):
            with self.catalogue.write() as session:
                fresh = session.get(UserRow, row.id)
                if fresh is not None:
                    fresh.password_hash = _hasher.hash(password)
        return _to_user(row)

    def set_role(self, name: str, role: Role, *, actor: str) -> User:
        """Give `name` another role; nobody changes their own."""
        if name == actor:
            raise SelfChangeError("you cannot change your own role: ask another admin")
        with self.catalogue.write() as session:
            row = self._row(session, name)
            row.role = str(int(role))
            user = _to_user(row)
        self.audit.record(actor, Action.USER_ROLE, name=name, role=user.role.label)
        return user

    def set_password(self, name: str, password: str, *, actor: str) -> None:
        """A new password; every session signed in with the old one ends."""
        self._check_password(password)
        with self.catalogue.write() as session:
            row = self._row(session, name)
            row.password_hash = _hasher.hash(password)
            session.execute(delete(SessionRow).where(SessionRow.user_id == row.id))
        self.audit.record(actor, Action.USER_PASSWORD, name=name)

    def set_active(self, name: str, active: bool, *, actor: str) -> User:
        """Enable or disable `name` (its sessions and token stop working); nobody disables
        their own account."""
        if name == actor and not active:
            raise SelfChangeError("you cannot disable your own account: ask another admin")
        with self.catalogue.write() as session:
            row = self._row(session, name)
            row.active = active
            if not active:
                row.token_hash = None
                session.execute(delete(SessionRow).where(SessionRow.user_id == row.id))
            user = _to_user(row)
        self.audit.record(actor, Action.USER_ENABLE if active else Action.USER_DISABLE, name=name)
        return user

    # -- browser sessions: the cookie holds a random key, the catalogue its hash ---------

    def sign_in(self, name: str, password: str) -> tuple[User, str] | None:
        """Check the password and open a session, recorded in the audit log: the user and
        the new session's key, or None when the name or password is wrong."""
        user = self.authenticate(name, password)
        if user is None:
            return None
        key = self.open_session(user.id)
        self.audit.record(user.name, Action.LOGIN)
        return user, key

    def open_session(self, user_id: int) -> str:
        """A new session key for a user who has just signed in; expired sessions go."""
        key = secrets.token_urlsafe(32)
        with self.catalogue.write() as session:
            session.execute(delete(SessionRow).where(SessionRow.created < _session_cutoff()))
            session.add(SessionRow(key_hash=_token_digest(key), user_id=user_id))
        return key

    def session_user(self, key: str) -> User | None:
        """The active user a session key belongs to; None once it has been closed or is
        older than `SESSION_LIFETIME`."""
        with self.catalogue.read() as session:
            row = session.scalars(
                select(UserRow)
                .join(SessionRow, SessionRow.user_id == UserRow.id)
                .where(SessionRow.key_hash == _token_digest(key))
                .where(SessionRow.created >= _session_cutoff())
            ).first()
            return _to_user(row) if row and row.active else None

    def close_session(self, key: str) -> None:
        """Sign out: the session's cookie gives no access any more, even replayed."""
        with self.catalogue.write() as session:
            session.execute(delete(SessionRow).where(SessionRow.key_hash == _token_digest(key)))

    def new_token(self, name: str, *, actor: str) -> str:
        """A new API token for the user (replacing the old one); shown once, kept hashed."""
        token = secrets.token_urlsafe(32)
        with self.catalogue.write() as session:
            self._row(session, name).token_hash = _token_digest(token)
        self.audit.record(actor, Action.USER_TOKEN, name=name)
        return token

    def by_token(self, token: str) -> User | None:
        with self.catalogue.read() as session:
            row = session.scalars(
                select(UserRow).where(UserRow.token_hash == _token_digest(token))
            ).first()
            return _to_user(row) if row and row.active else None

    @staticmethod
    def _row(session: Any, name: str) -> UserRow:
        row = session.scalars(select(UserRow).where(UserRow.name == name)).first()
        if row is None:
            raise UserError(f"no user named {name!r}")
        assert isinstance(row, UserRow)
        return row


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    document_id: int | None
    detail: dict[str, Any]


class AuditLog:
    """Who changed what, and when."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    def record(
        self, actor: str, action: str, document_id: int | None = None, **detail: Any
    ) -> None:
        with self.catalogue.write() as session:
            session.add(
                AuditRow(
                    actor=actor,
                    action=action,
                    document_id=document_id,
                    detail=json.dumps(detail, ensure_ascii=False, default=str),
                )
            )

    def entries(
        self,
        document_id: int | None = None,
        limit: int = 200,
        *,
        actions: tuple[str, ...] = (),
        actor: str | None = None,
        offset: int = 0,
    ) -> list[AuditEntry]:
        """Newest first; only those of `document_id`, `actions` and `actor` when given."""
        with self.catalogue.read() as session:
            stmt = (
                select(AuditRow)
                .order_by(AuditRow.at.desc(), AuditRow.id.desc())
                .limit(limit)
                .offset(offset)
            )
            if document_id is not None:
                stmt = stmt.where(AuditRow.document_id == document_id)
            if actions:
                stmt = stmt.where(AuditRow.action.in_(actions))
            if actor is not None:
                stmt = stmt.where(AuditRow.actor == actor)
            return [
                AuditEntry(r.id, r.at, r.actor, r.action, r.document_id, json.loads(r.detail))
                for r in session.scalars(stmt)
            ]
