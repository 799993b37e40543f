"""Rules for free text typed by respondents and organisers.

Store what was typed, after a light normalisation, and refuse what no person means to
type: control characters (they break XML exports and PostgreSQL rejects NUL) and lone
surrogates (they cannot be encoded at all). Messages say how to fix the problem.
"""

from __future__ import annotations

import unicodedata

ALLOWED_CONTROLS = {"\t", "\n", "\r"}  # browsers send CR LF line ends


class TextProblem(ValueError):
    """The text cannot be stored; ``str(error)`` is a message for the person who typed it."""


def normalise(value: str) -> str:
    """Unify line endings and compose accents, so lengths and comparisons are stable."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", value)


UNREADABLE = "contains characters that could not be read. Retype the part you pasted in"
HIDDEN_CONTROLS = (
    "contains hidden control characters, which can come from copying and pasting. "
    "Retype the part you pasted in"
)


def problem_in(value: str) -> str | None:
    """Return why ``value`` cannot be stored (``UNREADABLE`` or ``HIDDEN_CONTROLS``, which
    the respondent's form gives in the page's language), or None when it can."""
    for character in value:
        code_point = ord(character)
        if 0xD800 <= code_point <= 0xDFFF:
            return UNREADABLE
        if character not in ALLOWED_CONTROLS and unicodedata.category(character) == "Cc":
            return HIDDEN_CONTROLS
    return None


# Text-direction controls and invisible characters: in a label they make one name look like
# another ("North\u200bbrook Borough Council" beside the real one) or reverse what follows.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def label_problem_in(value: str) -> str | None:
    """Why ``value`` cannot be a label (a name people pick from a list), or None.

    Stricter than free text: no invisible formatting characters at all (category Cf:
    zero-width spaces and joiners, direction marks and overrides, soft hyphens)."""
    problem = problem_in(value)
    if problem:
        return problem
    if any(unicodedata.category(character) == "Cf" for character in value):
        return (
            "contains invisible characters (such as zero-width spaces or text-direction "
            "marks), which can make one name look like another. Retype it"
        )
    return None


def harmless(value: str) -> str:
    """Free text as it may be shown beside other text: direction overrides and isolates
    removed, so a comment cannot reverse or reorder what follows it on a page or in a
    file. Joiners stay (emoji and some scripts need them)."""
    return "".join(character for character in value if character not in BIDI_CONTROLS)


def clean(value: str) -> str:
    """Normalise and check ``value``; raise TextProblem if it cannot be stored."""
    problem = problem_in(value)
    if problem:
        raise TextProblem(problem)
    return normalise(value).strip()
