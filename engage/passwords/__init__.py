"""Which passwords Engage refuses: too short, or one that attackers try first.

The list is the 20,000 passwords seen most often in breaches (see
LICENSE-common-passwords.txt), shipped with the package so the check works offline. A
password is refused when, lower-cased, it is on the list; when it is a list entry with only
digits or punctuation around it ("Password2024!"); or when it repeats a short run
("aaaaaaaaaaaa", "abcabcabcabc"). No composition rules: a long phrase of words is best.
"""

from __future__ import annotations

import gzip
import re
from functools import cache
from pathlib import Path

MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_DISTINCT = 5
LIST_FILE = Path(__file__).with_name("common-passwords.txt.gz")
DECORATION = re.compile(r"^[\W\d_]*(.*?)[\W\d_]*$", re.DOTALL)


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(LIST_FILE, "rt", encoding="utf-8") as file:
        return frozenset(line.strip() for line in file if line.strip())


def problem(password: str, email: str = "") -> str | None:
    """The reason a password is refused, in words for the person choosing it; None if fine."""
    if len(password) < MIN_LENGTH:
        return f"Password must be {MIN_LENGTH} characters or more"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    if is_common(password) or (email and password.lower() == email.lower()):
        return (
            "Choose a password that is harder to guess: this one is among those attackers "
            "try first. Three or four random words work well"
        )
    return None


def is_common(password: str) -> bool:
    lowered = password.lower()
    core = DECORATION.match(lowered).group(1)
    return (
        lowered in common_passwords()
        or (len(core) >= 4 and core in common_passwords())
        or len(set(lowered)) < MIN_DISTINCT
        or is_repetition(lowered)
    )


def is_repetition(text: str) -> bool:
    """True for a run repeated end to end: the doubled-string trick finds any period."""
    return (text + text).find(text, 1) < len(text)
