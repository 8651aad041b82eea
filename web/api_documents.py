"""The JSON API of officers and librarians: upload, describe, withdraw, restore, purge.

Writes authenticate with a token only (`Authorization: Bearer TOKEN`, made with
`clusnet users token NAME`): a session cookie is never enough, so a page on another site
cannot make a signed-in browser write (the API has no CSRF tokens).
"""

from __future__ import annotations

from typing import Any

from flask import g, jsonify, request, url_for
from flask_babel import gettext as _

from archive import DocumentMetadata, MetadataError, Role, describe
from web.api_blueprint import bp
from web.app import error_response, get_archive
from web.auth import WebUser, requires
from web.documents import curation, saved_upload
from web.shapes import document_json
from web.upload import duplicate_message, upload_json, upload_status

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class BadMetadataError(ValueError):
    pass


@bp.before_request
def _writes_need_a_token() -> Any:
    if request.method in SAFE_METHODS:
        return None
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return error_response(
            401, "API writes need a token: send Authorization: Bearer TOKEN (clusnet users token)"
        )
    user = get_archive().users.by_token(header.removeprefix("Bearer ").strip())
    if user is None:
        return error_response(401, "the API token is not valid (or its account is disabled)")
    g._login_user = WebUser(user)  # the token's user, whatever the session cookie says
    g.token_auth = True
    return None


def parse_metadata(data: dict[str, Any]) -> DocumentMetadata:
    """Metadata from a JSON object or form fields, checked by `archive.describe` (as the
    upload form and the CSV are); absent fields stay unchanged."""
    values = {name: value for name, value in data.items() if name not in ("file", "files")}
    try:
        return describe(values, get_archive().directory.choices())
    except MetadataError as exc:
        raise BadMetadataError(str(exc)) from exc


def _actor() -> str:
    from flask_login import current_user

    return str(current_user.name)


@bp.post("/documents")
@requires(Role.OFFICER)
def upload() -> Any:
    files = request.files.getlist("file") + request.files.getlist("files")
    if not files:
        return error_response(400, "send the file(s) as multipart/form-data fields named file")
    try:
        metadata = parse_metadata(request.form.to_dict())
    except BadMetadataError as exc:
        return error_response(400, str(exc))
    results = []
    for upload_file in files:
        with saved_upload(upload_file) as path:
            stored = curation().upload(path, upload_file.filename or "", metadata, _actor())
        result = {
            "id": stored.document.id,
            "filename": stored.document.filename,
            "status": upload_status(stored.document),
            "duplicate": stored.duplicate,
            "url": url_for("api.document", document_id=stored.document.id),
        }
        if stored.duplicate:
            result["message"] = duplicate_message(stored.document)
        results.append(result)
    return jsonify({"ok": True, "documents": results}), 202


@bp.patch("/documents/<int:document_id>")
@requires(Role.OFFICER)
def patch_document(document_id: int) -> Any:
    """Librarians describe any document; officers the ones they uploaded."""
    from web.documents import may_edit, viewable

    data = request.get_json(silent=True)
    if not may_edit(viewable(document_id, with_pages=False)):
        return error_response(
            403, "officers describe the documents they uploaded: ask a librarian for this one"
        )
    if not isinstance(data, dict):
        return error_response(400, "send a JSON object of the fields to change")
    try:
        metadata = parse_metadata(data)
    except BadMetadataError as exc:
        return error_response(400, str(exc))
    document = curation().edit(document_id, metadata, _actor())
    return jsonify({"ok": True, "document": document_json(document, with_text=False)})


@bp.post("/documents/<int:document_id>/withdraw")
@requires(Role.LIBRARIAN)
def withdraw(document_id: int) -> Any:
    data = request.get_json(silent=True) or {}
    reason = str(data.get("reason", "")) if isinstance(data, dict) else ""
    document = curation().withdraw(document_id, _actor(), reason)
    return jsonify({"ok": True, "document": document_json(document, with_text=False)})


@bp.post("/documents/<int:document_id>/restore")
@requires(Role.LIBRARIAN)
def restore(document_id: int) -> Any:
    document = curation().restore(document_id, _actor())
    return jsonify({"ok": True, "document": document_json(document, with_text=False)})


@bp.post("/documents/<int:document_id>/retry")
@requires(Role.LIBRARIAN)
def retry(document_id: int) -> Any:
    document = curation().retry(document_id, _actor())
    return jsonify({"ok": True, "document": document_json(document, with_text=False)}), 202


@bp.post("/documents/<int:document_id>/reprocess")
@requires(Role.LIBRARIAN)
def reprocess(document_id: int) -> Any:
    document = curation().reprocess(document_id, _actor())
    return jsonify({"ok": True, "document": document_json(document, with_text=False)}), 202


@bp.delete("/documents/<int:document_id>")
@requires(Role.LIBRARIAN)
def purge(document_id: int) -> Any:
    document = curation().purge(document_id, _actor())
    return jsonify({"ok": True, "purged": document.id})


@bp.get("/uploads")
@requires(Role.OFFICER)
def uploads() -> Any:
    everyone = request.args.get("all") == "1"
    from flask_login import current_user

    who = None if everyone and current_user.may(Role.LIBRARIAN) else _actor()
    return jsonify({"ok": True, "uploads": [upload_json(u) for u in curation().uploads(who)]})


@bp.get("/openapi.json")
def openapi() -> Any:
    from web.openapi import openapi_document

    return jsonify(openapi_document(_("CLUSNET seminar archive")))
