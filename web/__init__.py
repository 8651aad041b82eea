"""The composition root: the Flask app, the JSON API and the `clusnet` command."""

from web.app import create_app

__all__ = ["create_app"]
