"""Both interface languages are whole: every message of the code and the templates has a
Hungarian translation, and the compiled catalogue the app loads is the one in the .po."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parents[1]
CATALOGUE = REPO / "web" / "translations" / "hu" / "LC_MESSAGES"


def _messages() -> set[str]:
    with (REPO / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(REPO), method_map, options_map, keywords=keywords
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_message_has_a_hungarian_translation() -> None:
    with (CATALOGUE / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalogue
        if m.id
        and not m.fuzzy
        and (all(m.string) if isinstance(m.string, tuple) else bool(m.string))
    }
    missing = sorted(_messages() - translated)
    assert not missing, (
        "untranslated messages (pybabel extract, update, translate, compile; see the "
        f"README's Development section): {missing}"
    )


def _pairs(messages) -> dict[object, object]:  # type: ignore[no-untyped-def]
    def key(value):  # type: ignore[no-untyped-def]
        return tuple(value) if isinstance(value, list | tuple) else value

    return {key(m.id): key(m.string) for m in messages if m.id and not m.fuzzy}


def test_the_compiled_catalogue_is_the_po() -> None:
    with (CATALOGUE / "messages.po").open("rb") as handle:
        po = _pairs(read_po(handle))
    with (CATALOGUE / "messages.mo").open("rb") as handle:
        mo = _pairs(read_mo(handle))
    assert mo == po, "messages.mo is stale: pybabel compile -d web/translations"
