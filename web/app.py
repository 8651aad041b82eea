"""The Flask application factory."""

from __future__ import annotations

import importlib
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from archive import (
    SETTINGS,
    Archive,
    ArchiveError,
    DocumentNotFoundError,
    IndexUnavailableError,
    IndexWriteError,
    InvalidStateError,
    NotInitialisedError,
    StorageFullError,
    archive_layout,
)
from web.wiring import open_archive, read_settings, secret_key

csrf = CSRFProtect()

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Defaults, then HOME/config.py, then CLUSNET_* environment, then `test_config`."""
    app = Flask(__name__)
    settings = read_settings(test_config)
    app.config.update(settings)
    app.config.from_pyfile(str(archive_layout(settings).web_config), silent=True)
    app.config.update(read_settings(test_config))  # the environment wins over the file
    if test_config:
        app.config.update(test_config)
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["MAX_UPLOAD_MB"]) << 20

    archive = open_archive({s.name: app.config[s.name] for s in SETTINGS})
    app.config["SECRET_KEY"] = secret_key(app.config, archive)
    archive.repairs_index = True  # a damaged index is rebuilt beside it, searches say so
    app.extensions["clusnet"] = archive

    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)

    from web import admin, api_blueprint, auth, browse, documents, i18n, librarian, search, upload

    for routes in ("web.api", "web.api_documents"):  # they add their routes to the API's
        importlib.import_module(routes)

    csrf.init_app(app)
    i18n.init_app(app)
    auth.init_app(app)
    app.register_blueprint(search.bp)
    app.register_blueprint(documents.bp)
    app.register_blueprint(api_blueprint.bp)
    app.register_blueprint(upload.bp)
    app.register_blueprint(librarian.bp)
    app.register_blueprint(browse.bp)
    app.register_blueprint(admin.bp)
    csrf.exempt(api_blueprint.bp)  # the API authenticates writes with tokens, never with cookies

    app.after_request(_security_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(ArchiveError, _archive_error)
    return app


def get_archive() -> Archive:
    from flask import current_app

    archive: Archive = current_app.extensions["clusnet"]
    return archive


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.args.get("format") == "json"


def error_response(status: int, message: str) -> tuple[Response | str, int]:
    if wants_json():
        return jsonify({"ok": False, "error": message, "status": status}), status
    return render_template("error.html", status=status, message=message), status


def _http_error(exc: HTTPException) -> tuple[Response | str, int]:
    status = exc.code or 500
    return error_response(status, exc.description or exc.name)


def _csrf_error(exc: CSRFError) -> tuple[Response | str, int]:
    return error_response(
        400, "the form had expired or did not come from this site: reload the page and try again"
    )


def _archive_error(exc: ArchiveError) -> tuple[Response | str, int]:
    if isinstance(exc, DocumentNotFoundError):
        return error_response(404, str(exc))
    if isinstance(exc, InvalidStateError):
        return error_response(409, str(exc))
    if isinstance(exc, NotInitialisedError | IndexUnavailableError | IndexWriteError):
        return error_response(503, str(exc))
    if isinstance(exc, StorageFullError):
        return error_response(507, str(exc))
    return error_response(500, str(exc))


def _security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


__all__ = ["create_app", "error_response", "get_archive"]
