"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json.

Hand-written: the API is small, and a test checks that every `/api/` route is described.
"""

from __future__ import annotations

from typing import Any

from archive import FILTER_FIELDS, SortOrder

ERROR = {"$ref": "#/components/schemas/Error"}
QUERY = {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}}
METADATA = {"$ref": "#/components/schemas/Metadata"}
DOCUMENT_ID = {
    "name": "document_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1},
}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


def _ok(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    body = schema or {"type": "object", "properties": {"ok": {"const": True}}}
    return {"description": description, "content": {"application/json": {"schema": body}}}


DOCUMENT_RESULT = {
    "type": "object",
    "properties": {"ok": {"const": True}, "document": {"$ref": "#/components/schemas/Document"}},
}
LIBRARIAN_ERRORS = {
    "401": _error("No valid token (writes need Authorization: Bearer TOKEN)."),
    "403": _error("The token's user lacks the role librarian."),
    "404": _error("No such document."),
}


def _librarian_action(summary: str, status: str = "200") -> dict[str, Any]:
    return {
        "post": {
            "summary": summary,
            "security": [{"token": []}],
            "parameters": [DOCUMENT_ID],
            "responses": {status: _ok("The document now.", DOCUMENT_RESULT), **LIBRARIAN_ERRORS},
        }
    }


METADATA_PROPERTIES: dict[str, Any] = {
    "title": {"type": "string"},
    "seminar": {"type": "string", "description": "Slug of a seminar (see /api/seminars)."},
    "partner": {"type": "string", "description": "Slug of a partner (see /api/partners)."},
    "doc_type": {
        "type": "string",
        "enum": ["paper", "case_study", "presentation", "report", "minutes", "other"],
    },
    "doc_date": {"type": "string", "format": "date"},
    "authors": {
        "oneOf": [
            {"type": "array", "items": {"type": "string"}},
            {"type": "string", "description": "Names separated by semicolons."},
        ]
    },
    "language": {"type": "string", "description": "ISO 639-1; absent: detected from the text."},
    "restricted": {"type": "boolean"},
    "description": {"type": "string"},
}


def openapi_document(title: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"clusnet: {title}",
            "version": "1",
            "description": (
                "Reading needs no token unless the archive is private. Writes need an API "
                "token (`clusnet users token NAME`) in `Authorization: Bearer TOKEN`; a "
                "session cookie is not enough. Every error has the shape "
                '{"ok": false, "error": "...", "status": N}.'
            ),
        },
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["ok", "error", "status"],
                    "properties": {
                        "ok": {"const": False},
                        "error": {"type": "string"},
                        "status": {"type": "integer"},
                    },
                },
                "Document": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "title": {"type": "string"},
                        "filename": {"type": "string"},
                        "sha256": {"type": "string"},
                        "size": {"type": "integer"},
                        "status": {"enum": ["queued", "ready", "failed", "needs_ocr"]},
                        "error": {"type": ["string", "null"]},
                        "content_type": {"type": ["string", "null"]},
                        "language": {"type": "string"},
                        "languages": {"type": "array", "items": {"type": "string"}},
                        "page_count": {"type": "integer"},
                        "withdrawn": {"type": ["string", "null"], "format": "date-time"},
                        "replaces": {"type": ["integer", "null"]},
                        "versions": {
                            "description": "Confirmed language versions the caller may see",
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "id": {"type": "integer"},
                                    "language": {"type": "string"},
                                    "title": {"type": "string"},
                                },
                            },
                        },
                        "pages": {
                            "description": "The pages of this part of the text; a page "
                            "longer than a part is cut into pieces (start: where the "
                            "piece begins in its page).",
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "number": {"type": "integer"},
                                    "language": {"type": "string"},
                                    "text": {"type": "string"},
                                    "start": {"type": "integer"},
                                },
                            },
                        },
                        "text": {
                            "description": "A long text is sent in parts of at most "
                            "200,000 characters: which part this is, how many there are, "
                            "how long the whole text is, how much of it is searchable "
                            "(CLUSNET_INDEX_MAX_CHARS), and the links to the parts before "
                            "and after.",
                            "type": "object",
                            "properties": {
                                "part": {"type": "integer"},
                                "parts": {"type": "integer"},
                                "chars": {"type": "integer"},
                                "searchable_chars": {"type": "integer"},
                                "previous": {"type": ["string", "null"]},
                                "next": {"type": ["string", "null"]},
                            },
                        },
                        "warnings": {
                            "description": "What reading the file noticed (another "
                            "reader used, letters unusual for the language ...).",
                            "type": "array",
                            "items": {"type": "string"},
                        },
                        **METADATA_PROPERTIES,
                    },
                },
                "Metadata": {
                    "type": "object",
                    "properties": METADATA_PROPERTIES,
                    "additionalProperties": False,
                },
                "Upload": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "filename": {"type": "string"},
                        "status": {
                            "enum": [
                                "queued",
                                "ready",
                                "failed",
                                "needs_ocr",
                                "withdrawn",
                                "purged",
                            ]
                        },
                        "duplicate": {"type": "boolean"},
                        "message": {
                            "type": "string",
                            "description": "For a duplicate: which document holds the file, "
                            "and whether it is withdrawn (a librarian can restore it).",
                        },
                        "error": {"type": ["string", "null"]},
                    },
                },
            },
        },
        "paths": {
            "/api/search": {
                "get": {
                    "summary": "Search the archive (Hungarian and English at once).",
                    "description": (
                        "The same parameters as the search page. At least one of q, a "
                        "filter, from, to or like is needed."
                    ),
                    "parameters": [
                        {**QUERY, "required": False},
                        *[
                            {
                                "name": name,
                                "in": "query",
                                "description": "Filter; repeat for several values.",
                                "schema": {"type": "array", "items": {"type": "string"}},
                                "style": "form",
                                "explode": True,
                            }
                            for name in FILTER_FIELDS
                        ],
                        {
                            "name": "sort",
                            "in": "query",
                            "schema": {"type": "string", "enum": [s.value for s in SortOrder]},
                        },
                        {
                            "name": "expand",
                            "in": "query",
                            "description": "0 turns the glossary expansion off.",
                            "schema": {"type": "string", "enum": ["0", "1"]},
                        },
                        {
                            "name": "all",
                            "in": "query",
                            "description": (
                                "1: only documents with every word (the strict search). By "
                                "default documents with most of the words are found too, "
                                "ranked below those with all; `matching` says how many have "
                                "all, and each hit's `missing` lists the words it lacks."
                            ),
                            "schema": {"type": "string", "enum": ["0", "1"]},
                        },
                        {"name": "from", "in": "query", "schema": {"type": "string"}},
                        {"name": "to", "in": "query", "schema": {"type": "string"}},
                        {
                            "name": "like",
                            "in": "query",
                            "description": "Documents like this document id.",
                            "schema": {"type": "integer"},
                        },
                        {"name": "page", "in": "query", "schema": {"type": "integer"}},
                        {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    ],
                    "responses": {
                        "200": _ok("Hits with highlighted snippets, facets and notices."),
                        "400": _error("Nothing to search for."),
                    },
                }
            },
            "/api/suggest": {
                "get": {
                    "summary": "Completions of the last word typed.",
                    "parameters": [QUERY],
                    "responses": {"200": _ok("Suggested words.")},
                }
            },
            "/api/documents": {
                "post": {
                    "summary": "Upload files (officers); they are extracted in the background.",
                    "security": [{"token": []}],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "required": ["file"],
                                    "properties": {
                                        "file": {
                                            "type": "array",
                                            "items": {"type": "string", "format": "binary"},
                                        },
                                        **METADATA_PROPERTIES,
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "202": _ok(
                            "Queued (or linked to the document with the same content).",
                            {
                                "type": "object",
                                "properties": {
                                    "ok": {"const": True},
                                    "documents": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Upload"},
                                    },
                                },
                            },
                        ),
                        "400": _error("No file, or metadata that is not valid."),
                        "401": _error("No valid token."),
                        "403": _error("The token's user lacks the role officer."),
                        "413": _error("The upload is larger than CLUSNET_MAX_UPLOAD_MB."),
                    },
                }
            },
            "/api/documents/{document_id}": {
                "get": {
                    "summary": "A document with its metadata and one part of its text.",
                    "parameters": [
                        DOCUMENT_ID,
                        {
                            "name": "part",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "integer", "minimum": 1, "default": 1},
                        },
                    ],
                    "responses": {
                        "200": _ok("The document.", DOCUMENT_RESULT),
                        "404": _error("No such document (or not visible to you)."),
                    },
                },
                "patch": {
                    "summary": (
                        "Change a document's metadata (librarians; officers for the "
                        "documents they uploaded)."
                    ),
                    "security": [{"token": []}],
                    "parameters": [DOCUMENT_ID],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": METADATA}},
                    },
                    "responses": {
                        "200": _ok("The document now.", DOCUMENT_RESULT),
                        "400": _error("A field is not valid."),
                        **LIBRARIAN_ERRORS,
                    },
                },
                "delete": {
                    "summary": "Delete a withdrawn document for good (librarians).",
                    "security": [{"token": []}],
                    "parameters": [DOCUMENT_ID],
                    "responses": {
                        "200": _ok("Deleted."),
                        "409": _error("The document is not withdrawn."),
                        **LIBRARIAN_ERRORS,
                    },
                },
            },
            "/api/documents/{document_id}/withdraw": _librarian_action(
                "Withdraw a document: hidden from everyone but librarians."
            ),
            "/api/documents/{document_id}/restore": _librarian_action(
                "Restore a withdrawn document."
            ),
            "/api/documents/{document_id}/retry": _librarian_action(
                "Queue a failed document again.", "202"
            ),
            "/api/documents/{document_id}/reprocess": _librarian_action(
                "Extract and index a document again.", "202"
            ),
            "/api/uploads": {
                "get": {
                    "summary": "The caller's uploads and their status (all=1: everyone's, "
                    "for librarians).",
                    "security": [{"token": []}],
                    "responses": {"200": _ok("Uploads, newest first."), "401": _error("")},
                }
            },
            "/api/openapi.json": {
                "get": {
                    "summary": "This description.",
                    "responses": {"200": _ok("OpenAPI 3.1.")},
                }
            },
        },
    }
