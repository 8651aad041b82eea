"""Browsing by seminar and by partner; librarians keep the lists."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from archive import DocumentStatus, Partner, Role, Seminar, SlugTakenError
from web.app import get_archive, wants_json
from web.auth import may_see_restricted, requires
from web.documents import actor
from web.forms import DOCUMENT_TYPES, PARTNER_KINDS, PartnerForm, SeminarForm, options

bp = Blueprint("browse", __name__)


def _documents(seminar: str | None = None, partner: str | None = None) -> list[Any]:
    """The documents of a seminar or partner the user may see: readable ones, and for
    librarians also those that failed or wait (failures are theirs to deal with)."""
    status = None if current_user.may(Role.LIBRARIAN) else DocumentStatus.READY
    return get_archive().documents(
        seminar=seminar,
        partner=partner,
        include_restricted=may_see_restricted(),
        status=status,
    )


def _counts(attribute: str) -> dict[str, int]:
    """Readable documents per seminar or partner."""
    return get_archive().count_ready_by(attribute, may_see_restricted())


def document_brief(document: Any) -> dict[str, Any]:
    return {
        "id": document.id,
        "title": document.display_title,
        "language": document.language,
        "doc_type": document.doc_type.value if document.doc_type else None,
        "date": document.date.isoformat() if document.date else None,
        "status": document.status.value,
    }


@bp.get("/seminars/")
def seminars() -> Any:
    directory = get_archive().directory
    items = directory.seminars()
    counts = _counts("seminar")
    if wants_json():
        return jsonify(
            {
                "ok": True,
                "seminars": [s.as_dict() | {"documents": counts.get(s.slug, 0)} for s in items],
            }
        )
    hosts = {p.slug: p for p in directory.partners()}
    return render_template("browse/seminars.html", seminars=items, counts=counts, hosts=hosts)


@bp.get("/seminars/<slug>")
def seminar(slug: str) -> Any:
    directory = get_archive().directory
    found = directory.seminar(slug)
    if found is None:
        abort(404, _("There is no seminar %(slug)s.", slug=slug))
    documents = _documents(seminar=slug)
    if wants_json():
        return jsonify(
            {
                "ok": True,
                "seminar": found.as_dict(),
                "documents": [document_brief(d) for d in documents],
            }
        )
    host = directory.partner(found.host) if found.host else None
    return render_template(
        "browse/seminar.html",
        seminar=found,
        host=host,
        documents=documents,
        document_types=DOCUMENT_TYPES,
    )


@bp.get("/partners/")
def partners() -> Any:
    items = get_archive().directory.partners()
    counts = _counts("partner")
    if wants_json():
        return jsonify(
            {
                "ok": True,
                "partners": [
                    {
                        "slug": p.slug,
                        "name": p.name,
                        "city": p.city,
                        "country": p.country,
                        "kind": p.kind,
                        "documents": counts.get(p.slug, 0),
                    }
                    for p in items
                ],
            }
        )
    return render_template("browse/partners.html", partners=items, counts=counts)


@bp.get("/partners/<slug>")
def partner(slug: str) -> Any:
    directory = get_archive().directory
    found = directory.partner(slug)
    if found is None:
        abort(404, _("There is no partner %(slug)s.", slug=slug))
    documents = _documents(partner=slug)
    hosted = [s for s in directory.seminars() if s.host == slug]
    if wants_json():
        return jsonify(
            {
                "ok": True,
                "partner": {
                    "slug": found.slug,
                    "name": found.name,
                    "city": found.city,
                    "country": found.country,
                    "kind": found.kind,
                },
                "seminars": [s.as_dict() for s in hosted],
                "documents": [document_brief(d) for d in documents],
            }
        )
    return render_template(
        "browse/partner.html",
        partner=found,
        kinds=PARTNER_KINDS,
        hosted=hosted,
        documents=documents,
        document_types=DOCUMENT_TYPES,
    )


def _edit_seminar(slug: str | None) -> Any:
    directory = get_archive().directory
    existing = directory.seminar(slug) if slug else None
    if slug and existing is None:
        abort(404)
    form = SeminarForm(obj=existing if request.method == "GET" else None)
    form.host.choices = options(
        [("", _("(none)"))] + [(p.slug, p.name) for p in directory.partners()]
    )
    if existing is not None:
        form.slug.render_kw = {"readonly": True}
    if request.method == "GET" and existing is not None:
        form.host.data = existing.host or ""
    if form.validate_on_submit():
        saved = Seminar(
            slug=existing.slug if existing else form.slug.data,
            title=form.title.data.strip(),
            host=form.host.data or None,
            starts=form.starts.data,
            ends=form.ends.data,
            theme=(form.theme.data or "").strip(),
        )
        try:
            if existing is None:
                directory.add_seminar(saved, actor=actor())
            else:
                directory.change_seminar(saved, actor=actor())
        except SlugTakenError:
            form.slug.errors = [_("A seminar with this short name exists already.")]
        else:
            flash(_("The seminar was saved."), "success")
            return redirect(url_for("browse.seminar", slug=saved.slug))
    status = 400 if request.method == "POST" else 200
    return render_template("browse/seminar_form.html", form=form, seminar=existing), status


@bp.route("/seminars/new", methods=["GET", "POST"])
@requires(Role.LIBRARIAN)
def new_seminar() -> Any:
    return _edit_seminar(None)


@bp.route("/seminars/<slug>/edit", methods=["GET", "POST"])
@requires(Role.LIBRARIAN)
def edit_seminar(slug: str) -> Any:
    return _edit_seminar(slug)


def _edit_partner(slug: str | None) -> Any:
    directory = get_archive().directory
    existing = directory.partner(slug) if slug else None
    if slug and existing is None:
        abort(404)
    form = PartnerForm(obj=existing if request.method == "GET" else None)
    if existing is not None:
        form.slug.render_kw = {"readonly": True}
    if form.validate_on_submit():
        saved = Partner(
            slug=existing.slug if existing else form.slug.data,
            name=form.name.data.strip(),
            city=form.city.data.strip(),
            country=form.country.data,
            kind=form.kind.data,
        )
        try:
            if existing is None:
                directory.add_partner(saved, actor=actor())
            else:
                directory.change_partner(saved, actor=actor())
        except SlugTakenError:
            form.slug.errors = [_("A partner with this short name exists already.")]
        else:
            flash(_("The partner was saved."), "success")
            return redirect(url_for("browse.partner", slug=saved.slug))
    status = 400 if request.method == "POST" else 200
    return render_template("browse/partner_form.html", form=form, partner=existing), status


@bp.route("/partners/new", methods=["GET", "POST"])
@requires(Role.LIBRARIAN)
def new_partner() -> Any:
    return _edit_partner(None)


@bp.route("/partners/<slug>/edit", methods=["GET", "POST"])
@requires(Role.LIBRARIAN)
def edit_partner(slug: str) -> Any:
    return _edit_partner(slug)
