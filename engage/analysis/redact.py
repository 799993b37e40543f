"""Redaction of names and contact details in comments before anyone reads them.

Confidentiality promises that a quote never names a person. Email addresses and UK phone
numbers are found by pattern. Names are found without a staff directory, so the rule leans
towards removing too much: a title (Mr, Cllr ...) and the words after it; any capitalised
first name from gender-guesser's international list of first names in the middle of a
sentence, with the surname after it; and at the start of a sentence, where capitals prove
nothing, a first name that is not also an ordinary English word ("Will", "Hope") unless a
surname follows it. Months and days are never names here.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from engage.analysis.identifiers import redact_identifiers
from engage.analysis.normalise import normalise
from engage.text_input import harmless

# Raise whenever the rules change: copies made under an older version are redone by the
# re-redaction job (engage.services.redaction), started on upgrade or by `flask redact`.
RULES_VERSION = 1

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<!\w)(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?!\w)")
NAME_MARK = "[name removed]"

TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "cllr",
        "councillor",
        "sir",
        "dame",
        "lord",
        "lady",
    }
)
NOT_NAMES = frozenset(
    {
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "i",
    }
)
WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*")
SENTENCE_END = re.compile(r"(?:^|[.!?\n])[\s\"'“‘(\[]*$")


@cache
def first_names() -> frozenset[str]:
    """Lower-cased first names, read once from the package's data file."""
    names = set()
    data = resources.files("gender_guesser").joinpath("data/nam_dict.txt")
    with data.open(encoding="utf-8") as lines:
        for line in lines:
            name = line[3:29].strip() if line[:1] not in "#=" else ""
            if len(name) > 1 and "+" not in name:
                names.add(name.lower())
    names.difference_update(NOT_NAMES)
    return frozenset(names)


@cache
def lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """From TextBlob's tagger lexicon: first names that are also ordinary lower-case words
    ("hope", "will"), and capitalised words that are not proper nouns ("The", "Initial")."""
    names = first_names()
    common, not_proper = set(), set()
    with resources.files("textblob").joinpath("en/en-lexicon.txt").open(encoding="utf-8") as lines:
        for line in lines:
            word, _, tag = line.rstrip("\n").partition(" ")
            if word.islower():
                if word in names:
                    common.add(word)
            elif word[:1].isupper() and tag and not tag.startswith("NNP"):
                not_proper.add(word)
    return frozenset(common), frozenset(not_proper)


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper() and (len(word) == 1 or not word[1:].isupper())


def _name_spans(text: str) -> list[tuple[int, int]]:
    """Character spans to remove; each covers a title or first name and what follows it."""
    words = list(WORD.finditer(text))
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(words):
        end = _span_end(text, words, index)
        if end is None:
            index += 1
            continue
        spans.append((words[index].start(), words[end].end()))
        index = end + 1
    return spans


def _span_end(text: str, words: list[re.Match[str]], index: int) -> int | None:
    """Index of the last word of a name starting at words[index], or None."""
    word = words[index].group()
    if not _is_capitalised(word):
        return None
    lowered = word.lower()
    if lowered in TITLES:
        following = _surname_words(text, words, index)
        return index + following if following else None
    common, not_proper = lexicon()
    if lowered not in first_names() or word in not_proper:
        return None
    following = _surname_words(text, words, index)
    at_sentence_start = SENTENCE_END.search(text[: words[index].start()]) is not None
    if at_sentence_start and lowered in common and not following:
        return None
    return index + following


def _surname_words(text: str, words: list[re.Match[str]], index: int) -> int:
    """How many capitalised, proper-noun-like words directly follow words[index] (up to two)."""
    _, not_proper = lexicon()
    count = 0
    position = index
    while count < 2 and position + 1 < len(words):
        previous = words[position].group()
        gap = text[words[position].end() : words[position + 1].start()]
        candidate = words[position + 1].group()
        allowed_gaps = {" ", ". "} if previous.lower() in TITLES or len(previous) == 1 else {" "}
        if gap not in allowed_gaps or not _is_capitalised(candidate):
            break
        if candidate.lower() in NOT_NAMES or candidate in not_proper:
            break
        count += 1
        position += 1
    return count


def redact_names(text: str) -> str:
    pieces, last = [], 0
    for start, end in _name_spans(text):
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
