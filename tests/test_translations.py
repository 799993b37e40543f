"""The Welsh catalogue: every message the respondent's pages use has a Welsh translation,
and the compiled catalogue that ships (so an install needs no build step) matches it."""

import io
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "engage" / "translations" / "cy" / "LC_MESSAGES"


def extracted() -> set[str]:
    """The messages ``pybabel extract -F babel.cfg`` finds, as the English texts."""
    method_map, options_map = [], {}
    for line in (ROOT / "babel.cfg").read_text().splitlines():
        if line.startswith("["):
            method, pattern = line.strip("[]").split(": ")
            method_map.append((pattern, method))
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None}
    found = extract_from_dir(ROOT, method_map, options_map, keywords=keywords)
    return {message[0] if isinstance(message, tuple) else message for *_, message, _c, _x in found}


def test_every_respondent_message_has_a_welsh_translation():
    catalogue = read_po(io.BytesIO((CATALOGUE / "messages.po").read_bytes()))
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id) for m in catalogue if m.id and m.string
    }
    wanted = extracted()
    assert len(wanted) > 90
    assert wanted - translated == set()


def test_the_shipped_compiled_catalogue_matches_the_source():
    source = read_po(io.BytesIO((CATALOGUE / "messages.po").read_bytes()))
    compiled = read_mo(io.BytesIO((CATALOGUE / "messages.mo").read_bytes()))
    assert pairs(source) == pairs(compiled)


def pairs(catalogue) -> dict:
    """Message to translation; plural forms (lists in a compiled catalogue) as tuples."""

    def frozen(value):
        return tuple(value) if isinstance(value, list | tuple) else value

    return {frozen(m.id): frozen(m.string) for m in catalogue if m.id}
