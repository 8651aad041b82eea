"""The interface in Hungarian and English (Flask-Babel)."""

from __future__ import annotations

from flask import Blueprint, Flask, redirect, request
from flask_babel import Babel
from werkzeug.wrappers import Response

INTERFACE_LANGUAGES: dict[str, str] = {"en": "English", "hu": "Magyar"}
"""Each language named in its own language."""
DEFAULT_LANGUAGE = "en"
COOKIE = "clusnet_lang"
COOKIE_MAX_AGE = 365 * 24 * 3600

bp = Blueprint("i18n", __name__)
babel = Babel()


def select_locale() -> str:
    """The language chosen before (a cookie), else the browser's, else English."""
    chosen = request.cookies.get(COOKIE)
    if chosen in INTERFACE_LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(INTERFACE_LANGUAGES)) or DEFAULT_LANGUAGE


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    babel.init_app(app, locale_selector=select_locale)
    app.register_blueprint(bp)

    @app.context_processor
    def _languages() -> dict[str, object]:
        return {"interface_languages": INTERFACE_LANGUAGES, "current_language": select_locale()}


@bp.get("/language/<code>")
def choose(code: str) -> Response:
    """Remember the interface language and go back where the user was."""
    from web.auth import safe_next

    response = redirect(safe_next(request.args.get("next")))
    if code in INTERFACE_LANGUAGES:
        response.set_cookie(COOKIE, code, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True)
    return response
