"""File names a reader can tell apart in a downloads folder: what, which wave, which date,
and whether it is the version prepared for publication."""

from __future__ import annotations

import re
import unicodedata


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: safe in a header and on any disk."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:80].strip("-")


def file_name(*parts: str, fmt: str) -> str:
    return "-".join(filter(None, (slug(part) for part in parts))) + f".{fmt}"
