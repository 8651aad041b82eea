"""XML from inside documents, parsed without ever resolving entities or fetching anything.

Office and OpenDocument packages are zips of XML parts written by whoever made the file.
A hostile part can declare external entities (``<!ENTITY x SYSTEM "file:///etc/passwd">``)
or nested internal ones (billion laughs). This parser neither loads DTDs, nor expands
entities, nor touches the network, nor lifts libxml2's limits on huge trees.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from archive.errors import BrokenFileError


def safe_parser() -> Any:
    """A new lxml parser that resolves no entities and fetches nothing."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, what: str = "an XML part") -> Any:
    """The root element of ``data``; a `BrokenFileError` naming ``what`` if it is not XML."""
    try:
        return etree.fromstring(data, parser=safe_parser())
    except etree.XMLSyntaxError as error:
        raise BrokenFileError(f"{what} is damaged: {' '.join(str(error).split())[:160]}") from error
