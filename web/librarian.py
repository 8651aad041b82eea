"""What librarians look after: failures, withdrawn documents, the index, the audit log,
metadata in bulk, and the dashboard."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import Any

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from archive import (
    DocumentStatus,
    IndexWriteError,
    MetadataImportError,
    Role,
    StorageFullError,
    export_csv,
    import_csv,
)
from web.app import error_response, get_archive, wants_json
from web.auth import requires
from web.documents import actor, curation, status_labels
from web.forms import DOCUMENT_TYPES, ActionForm, CsvImportForm
from web.i18n import language_label

bp = Blueprint("librarian", __name__, url_prefix="/librarian")

AUDIT_PAGE = 100


def chart(
    title: str,
    counts: dict[str, int],
    labels: dict[str, str],
    link: Callable[[str], str | None] | None = None,
) -> dict[str, Any]:
    """A bar chart: each bar's label, value, length (percent of the longest) and link."""
    top = max(counts.values(), default=0) or 1
    bars = [
        {
            "label": labels.get(key, key) or _("(not said)"),
            "value": value,
            "percent": max(1, round(100 * value / top)),
            "url": link(key) if link is not None and key else None,
        }
        for key, value in counts.items()
    ]
    return {"title": title, "bars": bars}


def _search(name: str) -> Callable[[str], str]:
    def link(value: str) -> str:
        params: dict[str, Any] = {name: value}
        return url_for("search.results", **params)

    return link


def _status_link(status: str) -> str | None:
    if status == DocumentStatus.FAILED.value:
        return url_for("librarian.failed")
    if status in (DocumentStatus.QUEUED.value, DocumentStatus.NEEDS_OCR.value):
        return url_for("upload.status", all=1)
    return None


@bp.get("/")
@requires(Role.LIBRARIAN)
def dashboard() -> Any:
    directory = get_archive().directory
    board = curation().dashboard()
    if wants_json():
        return jsonify({"ok": True, "dashboard": asdict(board)})
    seminars = {s.slug: s.title for s in directory.seminars()}
    partners = {p.slug: p.name for p in directory.partners()}
    languages = {code: language_label(code) for code in board.by_language}
    types = {k: str(v) for k, v in DOCUMENT_TYPES.items()}
    charts = [
        chart(_("Documents by seminar"), board.by_seminar, seminars, _search("seminar")),
        chart(_("Documents by partner"), board.by_partner, partners, _search("partner")),
        chart(_("Documents by language"), board.by_language, languages, _search("language")),
        chart(_("Documents by type"), board.by_type, types, _search("type")),
        chart(_("Documents by year"), board.by_year, {"": _("(no date)")}, _search("year")),
        chart(_("Documents by status"), board.by_status, status_labels(), _status_link),
    ]
    return render_template(
        "librarian/dashboard.html",
        board=board,
        charts=charts,
        failures=curation().failed()[:10],
    )


@bp.get("/failed")
@requires(Role.LIBRARIAN)
def failed() -> Any:
    documents = curation().failed()
    if wants_json():
        return jsonify(
            {
                "ok": True,
                "documents": [
                    {"id": d.id, "filename": d.filename, "error": d.error} for d in documents
                ],
            }
        )
    return render_template("librarian/failed.html", documents=documents, form=ActionForm())


@bp.get("/withdrawn")
@requires(Role.LIBRARIAN)
def withdrawn() -> Any:
    documents = get_archive().documents(withdrawn=True)
    requests: dict[int, list[Any]] = {}
    for request_ in curation().restore_requests():
        requests.setdefault(request_.entry.document_id or 0, []).append(request_.entry)
    if wants_json():
        return jsonify(
            {
                "ok": True,
                "documents": [
                    {
                        "id": d.id,
                        "title": d.display_title,
                        "withdrawn": d.withdrawn.isoformat() if d.withdrawn else None,
                        "asked_again": [
                            {"by": e.actor, "at": e.at.isoformat()} for e in requests.get(d.id, [])
                        ],
                    }
                    for d in documents
                ],
            }
        )
    return render_template(
        "librarian/withdrawn.html", documents=documents, requests=requests, form=ActionForm()
    )


@bp.get("/index")
@requires(Role.LIBRARIAN)
def index_status() -> Any:
    state = curation().index_status()
    if wants_json():
        return jsonify({"ok": True, "index": asdict(state)})
    return render_template("librarian/index.html", state=state, form=ActionForm())


@bp.post("/index/rebuild")
@requires(Role.LIBRARIAN)
def rebuild() -> Any:
    if not ActionForm().validate_on_submit():
        return error_response(400, _("The form was not valid: reload the page and try again."))
    try:
        count = curation().rebuild_index(actor())
    except (IndexWriteError, StorageFullError) as exc:  # the reason, on the index page
        flash(_("The index could not be rebuilt: %(reason)s", reason=str(exc)), "error")
        return redirect(url_for("librarian.index_status"))
    flash(_("The index was rebuilt with %(count)d documents.", count=count), "success")
    return redirect(url_for("librarian.index_status"))


@bp.get("/audit")
@requires(Role.LIBRARIAN)
def audit() -> Any:
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    document = request.args.get("document", type=int)
    who = request.args.get("actor") or None
    entries = get_archive().audit.entries(
        document, limit=AUDIT_PAGE + 1, actor=who, offset=(page - 1) * AUDIT_PAGE
    )
    more = len(entries) > AUDIT_PAGE
    entries = entries[:AUDIT_PAGE]
    if wants_json():
        return jsonify({"ok": True, "page": page, "entries": [asdict(e) for e in entries]})
    return render_template(
        "librarian/audit.html", entries=entries, page=page, more=more, document=document, who=who
    )


@bp.route("/metadata", methods=["GET", "POST"])
@requires(Role.LIBRARIAN)
def metadata() -> Any:
    form = CsvImportForm()
    report = None
    errors: list[str] = []
    if form.validate_on_submit():
        raw = form.file.data.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            errors = [_("The file is not UTF-8 text: save the CSV as UTF-8 and try again.")]
        else:
            try:
                report = import_csv(curation(), text, actor())
            except MetadataImportError as exc:
                errors = exc.errors
        if report is not None:
            flash(
                _(
                    "%(changed)d documents changed, %(same)d unchanged.",
                    changed=len(report.changed),
                    same=report.unchanged,
                ),
                "success",
            )
    status = 400 if request.method == "POST" and report is None else 200
    page = render_template("librarian/metadata.html", form=form, report=report, errors=errors)
    return page, status


@bp.get("/metadata.csv")
@requires(Role.LIBRARIAN)
def metadata_csv() -> Response:
    documents = sorted(get_archive().documents(withdrawn=None), key=lambda d: d.id)
    return Response(
        "\ufeff" + export_csv(documents),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f"attachment; filename=clusnet-metadata-{date.today()}.csv"
        },
    )
