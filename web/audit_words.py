"""The audit log in words: what each recorded action means, in the interface language."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from archive import AuditEntry, Role

MAX_VALUE = 80

ACTIONS: dict[str, Any] = {
    "document.upload": _l("uploaded"),
    "document.duplicate": _l("uploaded a file already archived"),
    "document.ingest": _l("ingested from the command line"),
    "document.edit": _l("edited the description"),
    "document.withdraw": _l("withdrew"),
    "document.restore": _l("restored"),
    "document.purge": _l("deleted for good"),
    "document.replace": _l("uploaded a new version"),
    "document.retry": _l("queued again after a failure"),
    "document.reprocess": _l("queued to be read again"),
    "document.link_version": _l("linked a language version"),
    "document.unlink_version": _l("unlinked from its language versions"),
    "index.rebuild": _l("rebuilt the search index"),
    "login": _l("signed in"),
    "user.add": _l("added a user"),
    "user.role": _l("changed a user's role"),
    "user.enable": _l("enabled a user"),
    "user.disable": _l("disabled a user"),
    "seminar.add": _l("added a seminar"),
    "seminar.edit": _l("edited a seminar"),
    "partner.add": _l("added a partner"),
    "partner.edit": _l("edited a partner"),
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
        return _("(empty)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
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
    "document.edit": _changes,
    "document.withdraw": lambda d: (
        [_("reason: %(reason)s", reason=_value(d["reason"]))] if d.get("reason") else []
    ),
    "document.replace": lambda d: (
        [_("replaces document %(number)s", number=d["replaces"])] if d.get("replaces") else []
    ),
    "document.link_version": lambda d: (
        [_("with document %(number)s", number=d["other"])] if d.get("other") else []
    ),
    "document.unlink_version": lambda d: (
        [_("from documents %(numbers)s", numbers=", ".join(str(n) for n in d["others"]))]
        if d.get("others")
        else []
    ),
    "document.retry": lambda d: (
        [_("it had failed: %(error)s", error=_value(d["previous_error"]))]
        if d.get("previous_error")
        else []
    ),
    "index.rebuild": lambda d: (
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
    if entry.action in ("user.role", "user.add") and detail.get("role"):
        said.append(_("role: %(role)s", role=role_name(detail["role"])))
    if entry.action.startswith("partner.") and detail.get("name"):
        said.append(str(detail["name"]))
    explain = _DETAILS.get(entry.action)
    if explain is not None:
        said.extend(explain(detail))
    return said
