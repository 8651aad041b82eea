"""Officers upload files with what they know of them; the worker does the rest."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from archive import Document, Role, Upload
from web.app import error_response, get_archive, wants_json
from web.auth import requires
from web.documents import actor, curation, saved_upload
from web.forms import UploadForm

bp = Blueprint("upload", __name__, url_prefix="/uploads")

REFRESH_SECONDS = 3


def upload_status(document: Document | None) -> str:
    """What became of a file sent: its document's status, or withdrawn, or purged."""
    if document is None:
        return "purged"
    if document.withdrawn is not None:
        return "withdrawn"
    return document.status.value


def duplicate_message(document: Document) -> str:
    """What an officer is told of a file whose content is in the archive already."""
    if document.withdrawn is not None:
        return (
            f"this file is in the archive already as document {document.id}, which is "
            "withdrawn: a librarian can restore it (librarians see this request)"
        )
    return f"this file is in the archive already as document {document.id}"


def upload_json(upload: Upload) -> dict[str, Any]:
    document = upload.document
    data = {
        "at": upload.entry.at.isoformat(),
        "by": upload.entry.actor,
        "filename": upload.entry.detail.get("filename"),
        "id": upload.entry.document_id,
        "duplicate": upload.duplicate,
        "status": upload_status(document),
        "error": document.error if document else None,
        "title": document.display_title if document else None,
    }
    if upload.duplicate and document is not None:
        data["message"] = duplicate_message(document)
    return data


def everyone() -> bool:
    return request.args.get("all") == "1" and current_user.may(Role.LIBRARIAN)


@bp.route("/new", methods=["GET", "POST"])
@requires(Role.OFFICER)
def new() -> Any:
    form = UploadForm()
    form.fill_choices(get_archive().directory)
    if form.validate_on_submit():
        metadata = form.metadata(clear_empty=False)
        for upload in form.files.data:
            with saved_upload(upload) as path:
                curation().upload(path, upload.filename or "", metadata, actor())
        return redirect(url_for("upload.status"), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("upload/new.html", form=form), status


@bp.get("/")
@requires(Role.OFFICER)
def status() -> Any:
    uploads = curation().uploads(None if everyone() else actor())
    if wants_json():
        return jsonify({"ok": True, "uploads": [upload_json(u) for u in uploads]})
    busy = any(u.document and u.document.status.value == "queued" for u in uploads)
    return render_template(
        "upload/status.html",
        uploads=uploads,
        everyone=everyone(),
        refresh=REFRESH_SECONDS if busy else None,
    )


@bp.app_errorhandler(RequestEntityTooLarge)
def too_large(exc: RequestEntityTooLarge) -> Any:
    limit = int(current_app.config["MAX_UPLOAD_MB"])
    return error_response(
        413,
        _(
            "The upload is larger than %(limit)d MB, the most this archive accepts. "
            "Send fewer files at once, or ask a librarian to raise CLUSNET_MAX_UPLOAD_MB.",
            limit=limit,
        ),
    )
