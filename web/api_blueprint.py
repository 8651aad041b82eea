"""The blueprint of the JSON API under `/api`: `web.api` adds the reading routes to it,
`web.api_documents` the writing ones, and the app registers it once."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api")
