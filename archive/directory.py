"""Partners and seminars: the names documents are described with, kept by librarians.

Adding or changing one is a use case that checks the short name (slug) and records
itself in the audit log; views and commands call these and never write the rows.
"""

from __future__ import annotations

from dataclasses import asdict

from archive.actions import Action
from archive.catalogue import Catalogue
from archive.description import Choices
from archive.errors import ArchiveError
from archive.model import Partner, Seminar
from archive.users import AuditLog


class SlugTakenError(ArchiveError):
    """A new partner or seminar was given a short name another one has already."""


class UnknownEntryError(ArchiveError):
    """A partner or seminar to change is not in the archive."""


class Directory:
    """The archive's partners and seminars."""

    def __init__(self, catalogue: Catalogue, audit: AuditLog) -> None:
        self.catalogue = catalogue
        self.audit = audit

    def partners(self) -> list[Partner]:
        """Every partner, by name."""
        return self.catalogue.partners()

    def partner(self, slug: str) -> Partner | None:
        return self.catalogue.partner(slug)

    def seminars(self) -> list[Seminar]:
        """Every seminar, earliest first."""
        return self.catalogue.seminars()

    def seminar(self, slug: str) -> Seminar | None:
        return self.catalogue.seminar(slug)

    def choices(self) -> Choices:
        """The seminars and partners a document can name now (for `archive.describe`)."""
        return self.catalogue.choices()

    def add_seminar(self, seminar: Seminar, *, actor: str) -> Seminar:
        if self.catalogue.seminar(seminar.slug) is not None:
            raise SlugTakenError(f"a seminar with the short name {seminar.slug!r} exists already")
        self.catalogue.save_seminar(seminar)
        self.audit.record(actor, Action.SEMINAR_ADD, None, **seminar.as_dict())
        return seminar

    def change_seminar(self, seminar: Seminar, *, actor: str) -> Seminar:
        if self.catalogue.seminar(seminar.slug) is None:
            raise UnknownEntryError(f"no seminar with the short name {seminar.slug!r}")
        self.catalogue.save_seminar(seminar)
        self.audit.record(actor, Action.SEMINAR_EDIT, None, **seminar.as_dict())
        return seminar

    def add_partner(self, partner: Partner, *, actor: str) -> Partner:
        if self.catalogue.partner(partner.slug) is not None:
            raise SlugTakenError(f"a partner with the short name {partner.slug!r} exists already")
        self.catalogue.save_partner(partner)
        self.audit.record(actor, Action.PARTNER_ADD, None, **asdict(partner))
        return partner

    def change_partner(self, partner: Partner, *, actor: str) -> Partner:
        if self.catalogue.partner(partner.slug) is None:
            raise UnknownEntryError(f"no partner with the short name {partner.slug!r}")
        self.catalogue.save_partner(partner)
        self.audit.record(actor, Action.PARTNER_EDIT, None, **asdict(partner))
        return partner
