"""The interface in Hungarian and English (Flask-Babel), dates in the reader's own style.

Two things are chosen per request: the interface language (`en` or `hu`: a cookie set in
the header, else the browser's preference) and the locale dates and numbers are written
in, which follows the browser's region for that language (`en-GB` writes 4 Dec 2026,
`en-US` Dec 4, 2026). Without a region, English dates are written day month year, which
no reader misreads.
"""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_interval
from flask import Blueprint, Flask, redirect, request
from flask_babel import Babel, format_date, format_time, get_locale
from werkzeug.wrappers import Response

from web.languages import language_name

INTERFACE_LANGUAGES: dict[str, str] = {"en": "English", "hu": "Magyar"}
"""Each language named in its own language."""
DEFAULT_LANGUAGE = "en"
DEFAULT_REGIONS = {"en": "en_GB", "hu": "hu_HU"}
"""The locale of dates and numbers when the browser names no region for the language."""
COOKIE = "clusnet_lang"
COOKIE_MAX_AGE = 365 * 24 * 3600

bp = Blueprint("i18n", __name__)
babel = Babel()


def interface_language() -> str:
    """The language chosen before (a cookie), else the browser's, else English."""
    chosen = request.cookies.get(COOKIE)
    if chosen in INTERFACE_LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(INTERFACE_LANGUAGES)) or DEFAULT_LANGUAGE


def format_locale() -> str:
    """The browser's first locale in the interface language (`en_US`, `en_GB` ...), else
    that language's default region."""
    language = interface_language()
    for tag, _quality in request.accept_languages:
        try:
            locale = Locale.parse(tag, sep="-")
        except (ValueError, TypeError, UnknownLocaleError):
            continue
        if locale.language == language and locale.territory:
            return str(locale)
    return DEFAULT_REGIONS[language]


def format_when(value: datetime | None) -> str:
    """A moment as the reader's locale writes it, to the minute (times are in UTC)."""
    if value is None:
        return ""
    pattern = str(get_locale().datetime_formats.get("medium", "{1} {0}"))
    text = pattern.replace("'", "").format(format_time(value, "short"), format_date(value))
    return f"{text} UTC"


def format_days(starts: date | None, ends: date | None = None) -> str:
    """A day or a span of days, as the reader's locale writes it (3-5 Mar 2010)."""
    if starts is None:
        return ""
    if ends is None or ends == starts:
        return str(format_date(starts))
    return str(format_interval(starts, ends, "yMMMd", locale=get_locale()))


def language_label(code: str) -> str:
    """A document's language by name, in the interface language."""
    return language_name(code, str(get_locale()))


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    babel.init_app(app, locale_selector=format_locale)
    app.register_blueprint(bp)
    app.jinja_env.globals.update(
        format_when=format_when, format_days=format_days, language_label=language_label
    )
    app.jinja_env.filters["language_label"] = language_label

    @app.context_processor
    def _languages() -> dict[str, object]:
        return {
            "interface_languages": INTERFACE_LANGUAGES,
            "current_language": interface_language(),
        }


@bp.get("/language/<code>")
def choose(code: str) -> Response:
    """Remember the interface language and go back where the user was."""
    from web.auth import safe_next

    response = redirect(safe_next(request.args.get("next")))
    if code in INTERFACE_LANGUAGES:
        response.set_cookie(COOKIE, code, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True)
    return response
