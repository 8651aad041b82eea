"""A document's page and its original; what librarians do to one document."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, flash, redirect, render_template, request, send_file
from flask import url_for as _url_for
from flask_babel import format_date, format_datetime, format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from archive import (
    FILTER_FIELDS,
    ArchiveError,
    Curation,
    Document,
    DocumentNotFoundError,
    DocumentStatus,
    InvalidStateError,
    Role,
    SearchQuery,
)
from web.app import error_response, get_archive
from web.audit_words import action_words, detail_words, role_name
from web.auth import may_see_restricted, requires
from web.forms import (
    DOCUMENT_TYPES,
    ActionForm,
    MetadataForm,
    PurgeForm,
    ReplaceForm,
    VersionForm,
    WithdrawForm,
)
from web.marks import Marker, terms_of

bp = Blueprint("documents", __name__, url_prefix="/documents")


@bp.record_once
def _template_helpers(state: Any) -> None:
    """Roles for navigation, and dates and numbers in the interface language, in every
    template (imported macros too)."""
    state.app.jinja_env.globals.update(
        Role=Role,
        format_date=format_date,
        format_datetime=format_datetime,
        format_number=format_number,
        audit_action=action_words,
        audit_detail=detail_words,
        role_name=role_name,
    )


def curation() -> Curation:
    return Curation(get_archive())


def may_view(document: Document) -> bool:
    """Withdrawn documents only for librarians; restricted ones only for signed-in users;
    documents not (yet) readable only for librarians and the officer who uploaded them."""
    if current_user.may(Role.LIBRARIAN):
        return True
    if document.withdrawn is not None:
        return False
    if document.restricted and not may_see_restricted():
        return False
    return document.status is DocumentStatus.READY or uploaded_by_user(document)


def uploaded_by_user(document: Document) -> bool:
    """Whether the signed-in officer uploaded this document."""
    if not current_user.may(Role.OFFICER):
        return False
    return bool(curation().uploader(document.id) == current_user.name)


def may_edit(document: Document) -> bool:
    """Librarians describe every document; officers the ones they uploaded."""
    return current_user.may(Role.LIBRARIAN) or uploaded_by_user(document)


def viewable(document_id: int, with_pages: bool = True) -> Document:
    document = get_archive().document(document_id, with_pages=with_pages)
    if not may_view(document):
        raise DocumentNotFoundError(f"no document with id {document_id}")
    return document


def actor() -> str:
    return str(current_user.name)


@contextmanager
def saved_upload(upload: FileStorage) -> Iterator[Path]:
    """The uploaded file in a temporary file of the archive folder (never its own name)."""
    folder = get_archive().layout.incoming
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, prefix="upload-", delete=False) as handle:
        upload.save(handle)
        path = Path(handle.name)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


SEARCH_STATE = ("q", "from", "to", "sort", "expand", "page", "like", *FILTER_FIELDS)
"""The parameters of a search page that a document page carries, for its way back."""


def search_state() -> list[tuple[str, str]]:
    """The search this page was reached from (the parameters of its URL)."""
    return [(k, v) for k, v in request.args.items(multi=True) if k in SEARCH_STATE and v]


def back_to_results(state: list[tuple[str, str]]) -> str | None:
    if not state:
        return None
    return f"{_url_for('search.results')}?{urlencode(state)}"


def added_terms(query: str, state: list[tuple[str, str]]) -> tuple[str, ...]:
    """The glossary's other-language terms the search added to `query` (to mark them too)."""
    if not query or ("expand", "0") in state:
        return ()
    from search import Glossary

    glossary = Glossary.load(get_archive().layout.glossary)
    return glossary.expand(query).added


def language_versions(document: Document) -> list[Document]:
    """The confirmed language versions of a document that the user may see (librarians
    see the withdrawn and unreadable ones too)."""
    librarian = current_user.may(Role.LIBRARIAN)
    return [
        other
        for other in get_archive().versions(document.id)
        if may_view(other) and (librarian or other.status is DocumentStatus.READY)
    ]


def more_like_this(document: Document) -> list[Any]:
    """Similar documents, found by the search index (`Archive.similar`)."""
    if document.status is not DocumentStatus.READY or document.withdrawn is not None:
        return []
    query = SearchQuery(
        text="", limit=5, include_restricted=may_see_restricted(), facets=False, snippets=False
    )
    try:
        return list(get_archive().similar(document.id, query).hits)
    except ArchiveError:
        return []


def part_url(document_id: int, number: int) -> str:
    """This page with another part of the text, keeping the search it came from."""
    params = [(k, v) for k, v in request.args.items(multi=True) if k != "part"]
    query = urlencode([*params, ("part", str(number))])
    return f"{_url_for('documents.detail', document_id=document_id)}?{query}#text"


@bp.get("/<int:document_id>")
def detail(document_id: int) -> str:
    archive = get_archive()
    document = viewable(document_id, with_pages=False)
    query = request.args.get("q", "").strip()
    state = search_state()
    marker = Marker(terms_of(query, added_terms(query, state)))
    part = archive.text_part(document.id, request.args.get("part", 1, type=int) or 1)
    pages = [(piece, marker.mark(piece.text, piece.number)) for piece in part.pieces]
    replaced = archive.document(document.replaces, with_pages=False) if document.replaces else None
    newer = archive.documents(replaces=document.id, withdrawn=None)
    librarian = current_user.may(Role.LIBRARIAN)
    return render_template(
        "documents/detail.html",
        document=document,
        pages=pages,
        part=part,
        part_url=lambda number: part_url(document.id, number),
        searchable_chars=archive.index_max_chars,
        query=query,
        marks=marker.count,
        marked_pages=marker.pages,
        back=back_to_results(state),
        is_pdf=document.content_type == "application/pdf",
        seminar=archive.directory.seminar(document.seminar) if document.seminar else None,
        partner=archive.directory.partner(document.partner) if document.partner else None,
        replaced=replaced if replaced and may_view(replaced) else None,
        newer=[d for d in newer if may_view(d)],
        versions=language_versions(document),
        similar=more_like_this(document),
        document_types=DOCUMENT_TYPES,
        status_labels=status_labels(),
        may_edit=may_edit(document),
        thumbnails=archive.thumbnail(document) is not None,
        action_form=ActionForm(),
        withdraw_form=WithdrawForm(),
        audit=archive.audit.entries(document_id, limit=20) if librarian else [],
    )


@bp.get("/<int:document_id>/original")
def original(document_id: int) -> Response:
    archive = get_archive()
    document = viewable(document_id, with_pages=False)
    response = send_file(
        archive.original(document),
        mimetype=document.content_type or "application/octet-stream",
        as_attachment=True,
        download_name=document.filename,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Should a browser render it after all (an uploaded HTML or SVG page), no script runs
    # and it is not of this site's origin.
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@bp.get("/<int:document_id>/thumbnail.png")
def thumbnail(document_id: int) -> Response:
    """The picture of the first page, made at ingest (404 when there is none)."""
    archive = get_archive()
    document = viewable(document_id, with_pages=False)
    path = archive.thumbnail(document)
    if path is None:
        raise DocumentNotFoundError(f"document {document_id} has no thumbnail")
    response = send_file(path, mimetype="image/png", max_age=3600)
    response.headers["X-Content-Type-Options"] = "nosniff"
    if not document.visible:  # restricted or withdrawn: never in a shared cache
        response.cache_control.public = False
        response.cache_control.private = True
    return response


@bp.get("/<int:document_id>/view")
def view(document_id: int) -> Response:
    """A PDF shown in the browser, so that links to `#page=N` open that page."""
    archive = get_archive()
    document = viewable(document_id, with_pages=False)
    if document.content_type != "application/pdf":
        return redirect(_url_for("documents.original", document_id=document_id))
    response = send_file(
        archive.original(document),
        mimetype="application/pdf",
        as_attachment=False,
        download_name=document.filename,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def status_labels() -> dict[str, str]:
    return {
        "queued": _("queued"),
        "ready": _("ready"),
        "failed": _("failed"),
        "needs_ocr": _("needs OCR"),
    }


def _back(document_id: int) -> Response:
    return redirect(_url_for("documents.detail", document_id=document_id))


@bp.route("/<int:document_id>/edit", methods=["GET", "POST"])
@requires(Role.OFFICER)
def edit(document_id: int) -> Any:
    archive = get_archive()
    document = viewable(document_id, with_pages=False)
    if not may_edit(document):
        return error_response(
            403,
            _("Officers describe the documents they uploaded; ask a librarian to change this one."),
        )
    form = MetadataForm(
        data={
            "title": document.title or "",
            "seminar": document.seminar or "",
            "partner": document.partner or "",
            "doc_type": document.doc_type.value if document.doc_type else "",
            "doc_date": document.doc_date,
            "authors": "; ".join(document.authors),
            "language": "",
            "restricted": document.restricted,
            "description": document.description or "",
        }
        if request.method == "GET"
        else None
    )
    form.fill_choices(archive.directory, keep_language=document.language)
    if form.validate_on_submit():
        curation().edit(document_id, form.metadata(clear_empty=True), actor())
        flash(_("The description was saved."), "success")
        return _back(document_id)
    status = 400 if request.method == "POST" else 200
    return render_template("documents/edit.html", document=document, form=form), status


@bp.post("/<int:document_id>/withdraw")
@requires(Role.LIBRARIAN)
def withdraw(document_id: int) -> Any:
    form = WithdrawForm()
    if not form.validate_on_submit():
        return error_response(400, _("The form was not valid: reload the page and try again."))
    curation().withdraw(document_id, actor(), form.reason.data or "")
    flash(_("The document was withdrawn: only librarians see it now."), "success")
    if request.form.get("back") == "failed":
        return redirect(_url_for("librarian.failed"))
    return _back(document_id)


@bp.post("/<int:document_id>/restore")
@requires(Role.LIBRARIAN)
def restore(document_id: int) -> Any:
    if not ActionForm().validate_on_submit():
        return error_response(400, _("The form was not valid: reload the page and try again."))
    curation().restore(document_id, actor())
    flash(_("The document was restored."), "success")
    return _back(document_id)


@bp.route("/<int:document_id>/purge", methods=["GET", "POST"])
@requires(Role.LIBRARIAN)
def purge(document_id: int) -> Any:
    document = get_archive().document(document_id, with_pages=False)
    form = PurgeForm()
    if form.validate_on_submit():
        if (form.confirm.data or "").strip() != str(document_id):
            form.confirm.errors = [_("Type %(number)d to confirm.", number=document_id)]
        else:
            try:
                curation().purge(document_id, actor())
            except InvalidStateError as exc:
                return error_response(409, str(exc))
            flash(_("Document %(number)d was deleted for good.", number=document_id), "success")
            return redirect(_url_for("librarian.withdrawn"))
    status = 400 if request.method == "POST" else 200
    return render_template("documents/purge.html", document=document, form=form), status


@bp.route("/<int:document_id>/replace", methods=["GET", "POST"])
@requires(Role.LIBRARIAN)
def replace(document_id: int) -> Any:
    document = get_archive().document(document_id, with_pages=False)
    form = ReplaceForm()
    if form.validate_on_submit():
        upload = form.file.data
        with saved_upload(upload) as path:
            try:
                stored = curation().replace(document_id, path, upload.filename or "", actor())
            except InvalidStateError as exc:
                form.file.errors = [str(exc)]
            else:
                flash(_("The new version was queued; the old one is withdrawn."), "success")
                return _back(stored.document.id)
    status = 400 if request.method == "POST" else 200
    return render_template("documents/replace.html", document=document, form=form), status


@bp.post("/<int:document_id>/retry")
@requires(Role.LIBRARIAN)
def retry(document_id: int) -> Any:
    if not ActionForm().validate_on_submit():
        return error_response(400, _("The form was not valid: reload the page and try again."))
    try:
        curation().retry(document_id, actor())
    except InvalidStateError as exc:
        return error_response(409, str(exc))
    flash(_("Document %(number)d is queued again.", number=document_id), "success")
    if request.form.get("back") == "failed":
        return redirect(_url_for("librarian.failed"))
    return _back(document_id)


@bp.post("/<int:document_id>/reprocess")
@requires(Role.LIBRARIAN)
def reprocess(document_id: int) -> Any:
    if not ActionForm().validate_on_submit():
        return error_response(400, _("The form was not valid: reload the page and try again."))
    try:
        curation().reprocess(document_id, actor())
    except InvalidStateError as exc:
        return error_response(409, str(exc))
    flash(_("Document %(number)d is queued again.", number=document_id), "success")
    return _back(document_id)


REASONS = {
    "glossary": _l("glossary terms in common"),
    "similar": _l("similar words"),
    "partner": _l("same partner"),
    "type": _l("same type"),
}


@bp.get("/<int:document_id>/versions")
@requires(Role.LIBRARIAN)
def versions(document_id: int) -> Any:
    """The document's language versions: link, unlink, and the archive's suggestions."""
    from web.versions import candidates

    archive = get_archive()
    document = archive.document(document_id)
    return render_template(
        "documents/versions.html",
        document=document,
        versions=archive.versions(document_id),
        candidates=candidates(archive, document),
        reasons=REASONS,
        form=VersionForm(),
        status_labels=status_labels(),
    )


@bp.post("/<int:document_id>/versions")
@requires(Role.LIBRARIAN)
def change_versions(document_id: int) -> Any:
    form = VersionForm()
    if not form.validate_on_submit():
        flash(_("Give the number of a document."), "error")
        return redirect(_url_for("documents.versions", document_id=document_id))
    other = form.other.data
    document = get_archive().document(document_id, with_pages=False)
    if form.unlink.data:
        if other not in {d.id for d in get_archive().versions(document.id)}:
            flash(
                _("Document %(number)d is not a language version of this one.", number=other),
                "error",
            )
        else:
            curation().unlink_version(other, actor())
            flash(
                _("Document %(number)d is no longer a language version of this one.", number=other),
                "success",
            )
    elif other == document.id:
        flash(_("A document cannot be a language version of itself."), "error")
    else:
        try:
            curation().link_versions(document.id, other, actor())
        except DocumentNotFoundError:
            flash(_("There is no document %(number)d.", number=other), "error")
        else:
            flash(
                _("Document %(number)d is now a language version of this one.", number=other),
                "success",
            )
    return redirect(_url_for("documents.versions", document_id=document_id))
