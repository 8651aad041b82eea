"""Accounts on the web: sessions (Flask-Login), API tokens, roles, login rate limits."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import (
    AnonymousUserMixin,
    LoginManager,
    current_user,
    login_user,
    logout_user,
)
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from archive import Role, User
from web.app import error_response, get_archive, wants_json

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])

F = TypeVar("F", bound=Callable[..., Any])


class WebUser:
    """An archive user as Flask-Login sees it."""

    is_anonymous = False

    def __init__(self, user: User, session_key: str | None = None) -> None:
        self.user = user
        self.session_key = session_key
        """The key of a browser session (None for an API token's user)."""

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.user.active

    @property
    def name(self) -> str:
        return self.user.name

    @property
    def role(self) -> Role:
        return self.user.role

    def get_id(self) -> str:
        # What the session cookie carries: the session's key, checked on every request.
        return f"session:{self.session_key}" if self.session_key else str(self.user.id)

    def may(self, role: Role) -> bool:
        return self.user.may(role)


class Anonymous(AnonymousUserMixin):
    name = "anonymous"
    role = None

    def may(self, role: Role) -> bool:
        return False


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.anonymous_user = Anonymous
    login_manager.login_view = "auth.login"
    login_manager.login_message = ""
    login_manager.session_protection = "strong"
    app.config.setdefault("RATELIMIT_ENABLED", True)
    storage = str(app.config.get("RATE_LIMIT_STORAGE") or "catalogue")
    if storage == "catalogue":  # every process and web node of the archive counts together
        from web.rate_limits import SCHEME

        app.config["RATELIMIT_STORAGE_URI"] = f"{SCHEME}://"
        counters = app.extensions["clusnet"].rate_counters
        app.config["RATELIMIT_STORAGE_OPTIONS"] = {"counters": counters}
    else:
        app.config["RATELIMIT_STORAGE_URI"] = storage
    limiter.init_app(app)
    app.register_blueprint(bp)
    app.before_request(_require_reader_when_private)
    app.after_request(_private_when_signed_in)


@login_manager.user_loader
def _load_user(user_id: str) -> WebUser | None:
    """The user of a session cookie, while its session is open on the server."""
    if not user_id.startswith("session:"):
        return None
    key = user_id.removeprefix("session:")
    user = get_archive().users.session_user(key)
    return WebUser(user, key) if user is not None else None


@login_manager.request_loader
def _load_user_from_token(req: Any) -> WebUser | None:
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    user = get_archive().users.by_token(header.removeprefix("Bearer ").strip())
    if user is None:
        return None
    g.token_auth = True
    return WebUser(user)


@login_manager.unauthorized_handler
def _unauthorized() -> Response | tuple[Response | str, int]:
    if wants_json():
        return error_response(401, "sign in, or send an API token: Authorization: Bearer TOKEN")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def requires(role: Role) -> Callable[[F], F]:
    """Only users with `role` (or a higher one) may use the view."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.may(role):
                return error_response(403, _("This needs the role %(role)s.", role=role.label))
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


def may_see_restricted() -> bool:
    return bool(current_user.is_authenticated and current_user.may(Role.READER))


def _private_when_signed_in(response: Response) -> Response:
    """What is answered to a signed-in user (session or token), or by a private archive,
    may be kept by that user's browser only, never by a shared cache."""
    if response.cache_control.public and (
        current_app.config.get("PRIVATE") or current_user.is_authenticated
    ):
        response.cache_control.public = False
        response.cache_control.private = True
    return response


def _require_reader_when_private() -> Any:
    if not current_app.config.get("PRIVATE"):
        return None
    if request.endpoint in {"auth.login", "static", "i18n.choose"}:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def safe_next(target: str | None) -> str:
    """Only same-site paths may be redirected to after login."""
    if not target:
        return url_for("search.results")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("search.results")
    return target


class LoginForm(FlaskForm):
    name = StringField("name", validators=[DataRequired(), Length(max=100)])
    password = PasswordField("password", validators=[DataRequired(), Length(max=1000)])


def _login_limit() -> str:
    return str(current_app.config.get("LOGIN_RATE_LIMIT") or "10 per minute")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], error_message="too many login attempts")
def login() -> Response | str | tuple[str, int]:
    form = LoginForm()
    if form.validate_on_submit():
        signed_in = get_archive().users.sign_in(form.name.data, form.password.data)
        if signed_in is not None:
            session.clear()  # a fresh session: no fixation
            login_user(WebUser(*signed_in))
            return redirect(safe_next(request.args.get("next")))
        flash(_("The name or the password is wrong."), "error")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout() -> Response:
    key = getattr(current_user, "session_key", None)
    if key:  # ends it on the server: a copy of the cookie is worth nothing now
        get_archive().users.close_session(key)
    logout_user()
    session.clear()
    return redirect(url_for("search.results"))
