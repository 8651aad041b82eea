"""The composition root: the Flask app, the JSON API and the `clusnet` command.

`create_app` is imported when first used (PEP 562): the `clusnet` command imports this
package, and most of its commands need no Flask.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from web.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> object:
    if name == "create_app":
        from web.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
