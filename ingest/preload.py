"""Imported once by the sandbox's fork server, so each child starts warm.

Importing this module imports the parser libraries and loads the language profiles;
every child forked from the server then shares them instead of loading them again.
"""

from __future__ import annotations

from ingest.language import warm_up
from ingest.pipeline import extract_file

warm_up()

__all__ = ["extract_file"]
