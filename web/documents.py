"""A document's page and its original."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, send_file

from web.app import get_archive

bp = Blueprint("documents", __name__, url_prefix="/documents")


@bp.get("/<int:document_id>")
def detail(document_id: int) -> str:
    document = get_archive().document(document_id)
    return render_template("documents/detail.html", document=document)


@bp.get("/<int:document_id>/original")
def original(document_id: int) -> Response:
    archive = get_archive()
    document = archive.document(document_id)
    response = send_file(
        archive.original(document),
        mimetype=document.content_type or "application/octet-stream",
        as_attachment=True,
        download_name=document.filename,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
