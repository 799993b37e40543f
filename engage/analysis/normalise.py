"""Text normalisation before any scoring: the same text must always score the same.

Zero-width and format characters are removed (they are used to dodge keyword matching),
compatibility forms are folded (full-width letters), curly quotes straightened and
contractions expanded so that negations are seen ("wasn't" -> "was not").
"""

from __future__ import annotations

import re
import unicodedata

CONTRACTIONS = [
    (re.compile(r"\bcan't\b", re.I), "can not"),
    (re.compile(r"\bwon't\b", re.I), "will not"),
    (re.compile(r"\bshan't\b", re.I), "shall not"),
    (re.compile(r"n't\b", re.I), " not"),
    (re.compile(r"'re\b", re.I), " are"),
    (re.compile(r"'ve\b", re.I), " have"),
    (re.compile(r"'ll\b", re.I), " will"),
    (re.compile(r"'d\b", re.I), " would"),
    (re.compile(r"'m\b", re.I), " am"),
]
QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = text.translate(QUOTES)
    for pattern, replacement in CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """Lower-case words of already normalised text (no NLTK: this must work offline)."""
    return WORD.findall(text.lower())
