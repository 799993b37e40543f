"""Redaction of names and contact details in comments before anyone reads them.

Confidentiality promises that a quote never names a person. Email addresses and UK phone
numbers are found by pattern, other identifiers by their shape (``identifiers``), and
names by the lists and cues of ``names``. The folder stores the result beside the
original; ``RULES_VERSION`` says which rules made a stored copy.
"""

from __future__ import annotations

import re

from engage.analysis.identifiers import redact_identifiers
from engage.analysis.names import name_spans
from engage.analysis.normalise import normalise
from engage.text_input import harmless

# Raise whenever the rules change: copies made under an older version are redone by the
# re-redaction job (engage.services.redaction), started on upgrade or by `flask redact`.
RULES_VERSION = 1

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<!\w)(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?!\w)")
NAME_MARK = "[name removed]"


def redact_names(text: str) -> str:
    pieces, last = [], 0
    for start, end in name_spans(text):
        pieces.append(text[last:start])
        pieces.append(NAME_MARK)
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def redact(text: str) -> str:
    """The text as it may be read: identifiers and names removed, and direction controls
    too, so a comment cannot reverse or reorder what a page or file shows after it."""
    text = harmless(text)
    text = normalise(text) if "\u200b" in text or "\u200d" in text else text
    text = EMAIL.sub("[email removed]", text)
    text = redact_identifiers(text)
    text = PHONE.sub("[phone number removed]", text)
    return redact_names(text)
