"""The audit log in words: what each recorded action means, in the interface language."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from archive import Action, AuditEntry, Role

MAX_VALUE = 80

ACTIONS: dict[str, Any] = {
    Action.UPLOAD: _l("uploaded"),
    Action.DUPLICATE: _l("uploaded a file already archived"),
    Action.INGEST: _l("ingested from the command line"),
    Action.EDIT: _l("edited the description"),
    Action.WITHDRAW: _l("withdrew"),
    Action.RESTORE: _l("restored"),
    Action.PURGE: _l("deleted for good"),
    Action.REPLACE: _l("uploaded a new version"),
    Action.RETRY: _l("queued again after a failure"),
    Action.REPROCESS: _l("queued to be read again"),
    Action.LINK_VERSION: _l("linked a language version"),
    Action.UNLINK_VERSION: _l("unlinked from its language versions"),
    Action.REINDEX: _l("rebuilt the search index"),
    Action.LOGIN: _l("signed in"),
    Action.USER_ADD: _l("added a user"),
    Action.USER_ROLE: _l("changed a user's role"),
    Action.USER_ENABLE: _l("enabled a user"),
    Action.USER_DISABLE: _l("disabled a user"),
    Action.USER_PASSWORD: _l("set a user's password"),
    Action.USER_TOKEN: _l("made a new API token for a user"),
    Action.SEMINAR_ADD: _l("added a seminar"),
    Action.SEMINAR_EDIT: _l("edited a seminar"),
    Action.PARTNER_ADD: _l("added a partner"),
    Action.PARTNER_EDIT: _l("edited a partner"),
}
"""Each action of the audit log in words (unknown actions are shown as recorded)."""

FIELDS: dict[str, Any] = {
    "title": _l("title"),
    "seminar": _l("seminar"),
    "partner": _l("partner"),
    "doc_type": _l("type"),
    "doc_date": _l("date"),
    "authors": _l("authors"),
    "language": _l("language"),
    "restricted": _l("restricted"),
    "description": _l("description"),
}


def role_name(role: Role | str) -> str:
    """A role in words, in the interface language."""
    from web.forms import ROLES

    label = role.label if isinstance(role, Role) else str(role)
    return str(ROLES.get(label, label))


def action_words(action: str) -> str:
    words = ACTIONS.get(action)
    return str(words) if words is not None else action


def _value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return str(_("(empty)"))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def _changes(detail: Mapping[str, Any]) -> list[str]:
    changes = detail.get("changes")
    if not isinstance(changes, dict):
        return []
    out = []
    for name, pair in changes.items():
        if isinstance(pair, list) and len(pair) == 2:
            out.append(
                _(
                    "%(field)s: “%(old)s” → “%(new)s”",
                    field=str(FIELDS.get(name, name)),
                    old=_value(pair[0]),
                    new=_value(pair[1]),
                )
            )
    return out


_DETAILS: dict[str, Callable[[Mapping[str, Any]], list[str]]] = {
    Action.EDIT: _changes,
    Action.WITHDRAW: lambda d: (
        [_("reason: %(reason)s", reason=_value(d["reason"]))] if d.get("reason") else []
    ),
    Action.REPLACE: lambda d: (
        [_("replaces document %(number)s", number=d["replaces"])] if d.get("replaces") else []
    ),
    Action.LINK_VERSION: lambda d: (
        [_("with document %(number)s", number=d["other"])] if d.get("other") else []
    ),
    Action.UNLINK_VERSION: lambda d: (
        [_("from documents %(numbers)s", numbers=", ".join(str(n) for n in d["others"]))]
        if d.get("others")
        else []
    ),
    Action.RETRY: lambda d: (
        [_("it had failed: %(error)s", error=_value(d["previous_error"]))]
        if d.get("previous_error")
        else []
    ),
    Action.REINDEX: lambda d: (
        [_("%(number)s documents", number=d["documents"])] if "documents" in d else []
    ),
}


def detail_words(entry: AuditEntry) -> list[str]:
    """What is worth saying of an entry's detail, in words: the file, the changes ..."""
    detail = entry.detail or {}
    said: list[str] = []
    name = detail.get("filename")
    if name:
        said.append(str(name))
    for key in ("name", "title") if entry.action.startswith(("user.", "seminar.")) else ():
        if detail.get(key):
            said.append(str(detail[key]))
    if entry.action in (Action.USER_ROLE, Action.USER_ADD) and detail.get("role"):
        said.append(_("role: %(role)s", role=role_name(detail["role"])))
    if entry.action.startswith("partner.") and detail.get("name"):
        said.append(str(detail["name"]))
    explain = _DETAILS.get(entry.action)
    if explain is not None:
        said.extend(explain(detail))
    return said
