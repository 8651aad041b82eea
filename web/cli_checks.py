"""Checks of the command line's filter and metadata values, with errors that list the
valid ones (a typo must not look like "no documents match")."""

from __future__ import annotations

import re
from collections.abc import Iterable

import click

from archive import Archive
from web.languages import is_language_code

_YEAR = re.compile(r"^\d{4}$")


def check_languages(codes: Iterable[str], option: str = "--lang") -> tuple[str, ...]:
    """Lower-cased ISO 639-1 codes; anything else is a usage error."""
    checked = tuple(code.strip().lower() for code in codes)
    wrong = [code for code in checked if not is_language_code(code)]
    if wrong:
        raise click.BadParameter(
            f"{', '.join(map(repr, wrong))} is not a language code: use an ISO 639-1 code "
            "such as hu (Hungarian), en (English), de (German), or und (not determined)",
            param_hint=f"'{option}'",
        )
    return checked


def check_years(years: Iterable[str]) -> tuple[str, ...]:
    checked = tuple(year.strip() for year in years)
    wrong = [year for year in checked if not _YEAR.match(year)]
    if wrong:
        raise click.BadParameter(
            f"{', '.join(map(repr, wrong))} is not a year: write four digits, such as 2010",
            param_hint="'--year'",
        )
    return checked


def check_slugs(archive: Archive, kind: str, slugs: Iterable[str]) -> tuple[str, ...]:
    """Seminars or partners (`kind`) by their short name, which must exist."""
    directory = archive.directory
    known = (
        {s.slug: s.title for s in directory.seminars()}
        if kind == "seminar"
        else {p.slug: p.name for p in directory.partners()}
    )
    checked = tuple(slug.strip() for slug in slugs)
    wrong = [slug for slug in checked if slug not in known]
    if wrong:
        listed = "\n".join(f"  {slug:32} {name}" for slug, name in sorted(known.items()))
        raise click.BadParameter(
            f"there is no {kind} {', '.join(map(repr, wrong))}; the {kind}s are:\n{listed}",
            param_hint=f"'--{kind}'",
        )
    return checked
