"""`clusnet users ...`: accounts from the command line (the first admin is made here)."""

from __future__ import annotations

import json
import sys

import click

from archive import COMMAND_LINE, ArchiveError, Role
from web.cli_support import command_archive


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\n")
    value: str = click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    return value


ROLE_CHOICE = click.Choice([r.label for r in Role], case_sensitive=False)


@click.group()
def users() -> None:
    """Manage accounts and roles: reader, officer, librarian, admin.

    Example: clusnet users add anna --role admin
    """


@users.command("add")
@click.argument("name")
@click.option("--role", type=ROLE_CHOICE, default="reader", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin.")
@click.pass_context
def add(ctx: click.Context, name: str, role: str, password_stdin: bool) -> None:
    """Create an account; the password is asked for (twice) unless given on stdin.

    Example: clusnet users add anna --role admin
    """
    password = _read_password(password_stdin)
    try:
        archive = command_archive(ctx)
        archive.ensure_ready()
        user = archive.users.add(name, password, Role.parse(role), actor=COMMAND_LINE)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Created {user.name} with the role {user.role.label}.", err=True)


@users.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the accounts as JSON.")
@click.pass_context
def list_users(ctx: click.Context, as_json: bool) -> None:
    """List the accounts.

    Example: clusnet users list --json
    """
    try:
        archive = command_archive(ctx)
        archive.ensure_ready()
        accounts = archive.users.list()
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = [{"name": u.name, "role": u.role.label, "active": u.active} for u in accounts]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(f"{row['name']:24} {row['role']:10} {'active' if row['active'] else 'disabled'}")


@users.command("set-role")
@click.argument("name")
@click.argument("role", type=ROLE_CHOICE)
@click.pass_context
def set_role(ctx: click.Context, name: str, role: str) -> None:
    """Give an account another role.

    Example: clusnet users set-role bela librarian
    """
    try:
        archive = command_archive(ctx)
        user = archive.users.set_role(name, Role.parse(role), actor=COMMAND_LINE)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{user.name} is now {user.role.label}.", err=True)


@users.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin.")
@click.pass_context
def password(ctx: click.Context, name: str, password_stdin: bool) -> None:
    """Set a new password.

    Example: clusnet users password anna
    """
    try:
        command_archive(ctx).users.set_password(
            name, _read_password(password_stdin), actor=COMMAND_LINE
        )
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo("Password changed.", err=True)


@users.command("disable")
@click.argument("name")
@click.option("--enable", is_flag=True, help="Enable the account again instead.")
@click.pass_context
def disable(ctx: click.Context, name: str, enable: bool) -> None:
    """Disable an account (its sessions and token stop working), or enable it again.

    Example: clusnet users disable bela
    """
    try:
        archive = command_archive(ctx)
        archive.users.set_active(name, enable, actor=COMMAND_LINE)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{name} is {'enabled' if enable else 'disabled'}.", err=True)


@users.command("token")
@click.argument("name")
@click.pass_context
def token(ctx: click.Context, name: str) -> None:
    """Make a new API token for scripts (the old one stops working); printed once.

    Example: clusnet users token anna
    """
    try:
        value = command_archive(ctx).users.new_token(name, actor=COMMAND_LINE)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(value)


def register(main: click.Group) -> None:
    main.add_command(users)
