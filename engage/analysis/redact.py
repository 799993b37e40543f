"""Redaction of contact details in comments before anyone reads them.

Email addresses and UK phone numbers are replaced. Names need the organisation's staff
directory to be found reliably and are not redacted here yet.
"""

from __future__ import annotations

import re

from engage.analysis.normalise import normalise

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<!\w)(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?!\w)")


def redact(text: str) -> str:
    text = normalise(text) if "\u200b" in text or "\u200d" in text else text
    text = EMAIL.sub("[email removed]", text)
    return PHONE.sub("[phone number removed]", text)
