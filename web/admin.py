"""Accounts and roles, managed by admins."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from archive import Role, SelfChangeError, UserError
from web.app import error_response, get_archive
from web.auth import requires
from web.documents import actor
from web.forms import ROLES, ActiveForm, NewUserForm, RoleForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _page(form: NewUserForm, status: int = 200) -> Any:
    users = get_archive().users.list()
    return render_template("admin/users.html", users=users, form=form, roles=ROLES), status


@bp.get("/users")
@requires(Role.ADMIN)
def users() -> Any:
    return _page(NewUserForm())


@bp.post("/users")
@requires(Role.ADMIN)
def add_user() -> Any:
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = get_archive().users.add(
                form.name.data, form.password.data, Role.parse(form.role.data), actor=actor()
            )
        except UserError as exc:
            form.name.errors = [str(exc)]
        else:
            flash(_("The account %(name)s was created.", name=user.name), "success")
            return redirect(url_for("admin.users"))
    return _page(form, 400)


@bp.post("/users/<name>/role")
@requires(Role.ADMIN)
def set_role(name: str) -> Any:
    form = RoleForm()
    if not form.validate_on_submit():
        return error_response(400, _("The form was not valid: reload the page and try again."))
    try:
        user = get_archive().users.set_role(name, Role.parse(form.role.data), actor=actor())
    except SelfChangeError:
        return error_response(409, _("You cannot change your own role: ask another admin."))
    except UserError as exc:
        return error_response(404, str(exc))
    flash(_("%(name)s now has the role %(role)s.", name=name, role=user.role.label), "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<name>/active")
@requires(Role.ADMIN)
def set_active(name: str) -> Any:
    form = ActiveForm()
    if not form.validate_on_submit():
        return error_response(400, _("The form was not valid: reload the page and try again."))
    enable = request.form.get("active") == "1"
    try:
        get_archive().users.set_active(name, enable, actor=actor())
    except SelfChangeError:
        return error_response(409, _("You cannot disable your own account: ask another admin."))
    except UserError as exc:
        return error_response(404, str(exc))
    if enable:
        flash(_("%(name)s was enabled.", name=name), "success")
    else:
        flash(_("%(name)s was disabled.", name=name), "success")
    return redirect(url_for("admin.users"))
