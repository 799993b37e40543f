"""Finding people's names in comments without a staff directory.

A comment names people in many ways: "Sarah Jones", "john smith", "Mr Patel", "mr patel",
"O'Brien-Smith", "my manager john", "spoke to olu". Lists decide what could be a name:
gender-guesser's international first names (with their frequency in Britain, Ireland and
the US), a curated list of names common among UK staff that it misses
(``data/first_names.txt``) and UK surnames (``data/surnames.txt``, from Faker's locales).
Ordinary English words (TextBlob's tagger lexicon) are names only with evidence: a title
before them, a surname after them, or a person cue ("my manager", "spoke to", "thanks
to"). Places are kept: a name-like word followed by "ward", "hospital", "road"... or a
number ("Rowan 1"), or after "the", "at", "in", is a place, not a person.

Measured with ``python -m engage.analysis.redaction_check`` on fft-dev.csv.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib import resources


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


TITLES = _set("mr mrs ms miss mx dr prof cllr councillor sir dame lord lady")
NOT_NAMES = _set(
    "january february march april may june july august september october november "
    "december monday tuesday wednesday thursday friday saturday sunday i the a an and or "
    "but if so as my our your his her their its this that these those it we they he she "
    "you me us them of for on at to in by with from not no all any some every each very "
    "redacted removed english british welsh scottish irish polish romanian indian asian "
    "african caribbean european american christian muslim jewish"
)
# Words after a name-like word that make it a place or a thing, not a person.
PLACE_AFTER = _set(
    "ward wards hospital hospitals centre center house lodge close lane road street unit "
    "court view park general memorial clinic surgery practice team hall building way "
    "avenue drive crescent place square gardens health medical community school college "
    "university council borough service services trust station library suite block wing "
    "floor course programme scheme group site campus village town city estate infirmary "
    "hospice tv pts"
)
# Words before a capitalised word that make it a place or a thing.
ARTICLES = _set("the a an")
PLACE_BEFORE = _set("at in into from near outside inside via towards within")
# First names that are everyday words first: names only with evidence.
WORD_NAMES = _set(
    "crystal dawn frank grace hazel heather jack lily mark olive pat robin rose violet will "
    "hope joy bill ray penny sky may faith summer"
)
# Capitalised words before a capitalised word that make it a place: "New York".
PLACE_PREFIX = _set("north south east west upper lower great little new saint st port fort")
# Words before any name-like word that make it a person (one or two words back).
PERSON_CUES = _set(
    "manager boss supervisor colleague colleagues director lead leader head nurse doctor "
    "consultant officer worker named called thanks ask asked met told tell emailed rang "
    "phoned contacted with"
)
PERSON_CUE_PAIRS = frozenset(
    {
        ("spoke", "to"),
        ("speak", "to"),
        ("talked", "to"),
        ("talk", "to"),
        ("thanks", "to"),
        ("thank", "you"),
        ("said", "to"),
        ("complained", "to"),
        ("reported", "to"),
    }
)
# Cues strong enough to make an unknown, non-English lower-case word a name.
STRONG_CUES = PERSON_CUES - {"with", "head", "lead", "worker"}


def _lines(name: str) -> list[str]:
    text = resources.files("engage.analysis").joinpath(f"data/{name}").read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


@cache
def first_names() -> frozenset[str]:
    """Lower-cased first names of any frequency (gender-guesser), with the curated ones."""
    names = {name for name, _britain in _gender_guesser()}
    names.update(line.lower() for line in _lines("first_names.txt"))
    return frozenset(names - NOT_NAMES)


@cache
def curated_first_names() -> frozenset[str]:
    return frozenset(line.lower() for line in _lines("first_names.txt"))


@cache
def british_first_names() -> frozenset[str]:
    """First names common in Britain, Ireland or the US, or curated: the ones trusted
    written in lower case."""
    names = {name for name, britain in _gender_guesser() if britain >= 2}
    names.update(curated_first_names())
    return frozenset(names - NOT_NAMES)


@cache
def _gender_guesser() -> tuple[tuple[str, int], ...]:
    """(name, highest frequency 0-13 in Britain, Ireland and the US) from its data file."""
    found: dict[str, int] = {}
    data = resources.files("gender_guesser").joinpath("data/nam_dict.txt")
    with data.open(encoding="utf-8") as lines:
        for line in lines:
            if line[:1] in "#=" or (len(line) > 29 and line[29] == "+"):
                continue
            name = line[3:29].strip()
            if len(name) > 1 and " " not in name:
                frequency = max((int(c, 16) for c in line[30:33] if c.strip()), default=0)
                found[name.lower()] = max(found.get(name.lower(), 0), frequency)
    return tuple(found.items())


@cache
def surnames() -> frozenset[str]:
    return frozenset(line.lower() for line in _lines("surnames.txt"))


@cache
def places() -> frozenset[str]:
    return frozenset(line.lower() for line in _lines("places.txt"))


def lexicon() -> Iterator[tuple[str, str]]:
    """TextBlob's tagger lexicon (installed with it, read offline) as (word, tag) pairs."""
    with resources.files("textblob").joinpath("en/en-lexicon.txt").open(encoding="utf-8") as lines:
        for line in lines:
            word, _, tag = line.rstrip("\n").partition(" ")
            yield word, tag


@cache
def capitalised_words() -> frozenset[str]:
    """Words the lexicon lists with a capital but not as proper nouns ("English", "The")."""
    return frozenset(
        word for word, tag in lexicon() if word[:1].isupper() and tag and not tag.startswith("NNP")
    )


@cache
def english() -> frozenset[str]:
    """Ordinary lower-case English words, from TextBlob's tagger lexicon."""
    words = {  # "khan" is FW
        word for word, tag in lexicon() if word.islower() and tag not in ("FW", "NNP", "NNPS")
    }
    # Common first names the lexicon also lists ("john" as a noun) are names here; those
    # that really are ordinary words ("mark", "grace", "will") stay words.
    common_names = {name for name, britain in _gender_guesser() if britain >= 6}
    return frozenset(words - (common_names - WORD_NAMES))


WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*")
SENTENCE_END = re.compile(r"(?:^|[.!?\n])[\s\"'“‘(\[]*$")
CONTRACTION = re.compile(r"['’](?:d|s|ll|ve|re|m|t)$", re.I)
IRISH_OR_SCOTS = re.compile(r"^(?:O['’][A-Z][a-z]+|Ma?c[A-Z][a-z]+)(?:-[A-Z][a-z]+)*$")


def _lower(word: str) -> str:
    return word.lower().replace("’", "'")


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper() and (len(word) == 1 or not word[1:].isupper())


def _ordinary(word: str) -> bool:
    if word in capitalised_words():
        return True
    return all(part in english() for part in _lower(word).split("-"))


def _known(word: str) -> bool:
    """On a name list (any part of a double-barrelled name), or shaped like O'Brien."""
    if IRISH_OR_SCOTS.match(word):
        return True
    parts = _lower(word).split("-")
    return all(p in first_names() or p in surnames() for p in parts)


def _trusted(word: str) -> bool:
    """A name even alone: common in Britain, a UK surname or O'Brien-shaped."""
    if IRISH_OR_SCOTS.match(word):
        return True
    parts = _lower(word).split("-")
    return all(p in british_first_names() or p in surnames() for p in parts)


class Reader:
    """The words of one comment, and what surrounds each."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = list(WORD.finditer(text))

    def word(self, index: int) -> str:
        return self.words[index].group()

    def gap(self, index: int) -> str:
        """The characters between words[index - 1] and words[index]."""
        start = self.words[index - 1].end() if index else 0
        return self.text[start : self.words[index].start()]

    def cue(self, index: int) -> str:
        """ "strong", "weak" or "" for the words just before words[index]."""
        if index == 0 or self.gap(index).strip(" ,:") != "":
            return ""
        before = _lower(self.word(index - 1))
        pair = (_lower(self.word(index - 2)), before) if index > 1 else ("", before)
        if pair in PERSON_CUE_PAIRS or before in STRONG_CUES:
            return "strong"
        return "weak" if before in PERSON_CUES else ""

    def is_place(self, first: int, last: int) -> bool:
        """A place or a thing: "Cherry Ward", "Rowan 1", "Sky TV", "the Freeman", "at Stanley"."""
        after = self.text[self.words[last].end() :]
        if re.match(r" ?\d", after):
            return True
        if last + 1 < len(self.words) and self.gap(last + 1) == " ":
            following = self.word(last + 1)
            if _lower(following) in PLACE_AFTER or (len(following) > 1 and following.isupper()):
                return True
        if first == 0 or self.gap(first) != " ":
            return False
        before = _lower(self.word(first - 1))
        if before in ARTICLES or (_is_capitalised(self.word(first - 1)) and before in PLACE_PREFIX):
            return True
        # "at Stanley", "from Orion": a lone rare name; "an email from Sarah Jones" is a person
        return before in PLACE_BEFORE and first == last and not _trusted(self.word(first))

    def followers(self, index: int, lower_ok: bool, after_title: bool = False) -> int:
        """How many name words directly follow words[index] (up to two)."""
        count, position = 0, index
        while count < 2 and position + 1 < len(self.words):
            previous, candidate = self.word(position), self.word(position + 1)
            short = _lower(previous) in TITLES or len(previous) == 1
            if self.gap(position + 1) not in ({" ", ". "} if short else {" "}):
                break
            if not (after_title and count == 0) and not self._follows(candidate, lower_ok):
                break
            if after_title and count == 0 and not self._follows_title(candidate):
                break
            count, position = count + 1, position + 1
        return count

    @staticmethod
    def _follows_title(candidate: str) -> bool:
        """After "Mr" or "dr": a surname or initial, in any case ("Mr Ward", "mr patel")."""
        if _lower(candidate) in NOT_NAMES:
            return False
        if _is_capitalised(candidate):
            return len(candidate) == 1 or _known(candidate) or not _ordinary(candidate)
        return not _ordinary(candidate)

    @staticmethod
    def _follows(candidate: str, lower_ok: bool) -> bool:
        lowered = _lower(candidate)
        if lowered in NOT_NAMES or lowered in PLACE_AFTER or lowered in places():
            return False
        if _is_capitalised(candidate):
            return len(candidate) == 1 or _known(candidate) or not _ordinary(candidate)
        return lower_ok and _known(candidate) and not _ordinary(candidate)

    def span_end(self, index: int) -> int | None:
        """Index of the last word of a name starting at words[index], or None."""
        word = self.word(index)
        lowered = _lower(word)
        if lowered in NOT_NAMES or len(word) < 2 or CONTRACTION.search(word):
            return None
        if index == 0 and self.text[: self.words[0].start()].endswith("["):
            return None  # "[Date Redacted]": a mark, not a name
        if index and self.gap(index).endswith("["):
            return None
        if lowered in TITLES:
            following = self.followers(index, lower_ok=True, after_title=True)
            return index + following if following else None
        if lowered in PLACE_AFTER or lowered in places():
            return None
        if _is_capitalised(word):
            return self._capitalised(index)
        if word.islower():
            return self._lower_case(index)
        return None

    def _capitalised(self, index: int) -> int | None:
        word, cue = self.word(index), self.cue(index)
        ordinary = _ordinary(word)
        if not _known(word) and not (cue == "strong" and not ordinary):
            return None
        following = self.followers(index, lower_ok=False)
        if self.is_place(index, index + following):
            return None
        if following or cue or (not ordinary and _trusted(word)):
            return index + following
        # an ordinary word that is also a common first name ("Grace", "John") is a name in
        # the middle of a sentence, where its capital is not the sentence's
        at_start = SENTENCE_END.search(self.text[: self.words[index].start()]) is not None
        return index if not at_start and _lower(word) in british_first_names() else None

    def _lower_case(self, index: int) -> int | None:
        word, cue = self.word(index), self.cue(index)
        if _ordinary(word) or len(word) < 3:
            return None
        lowered = _lower(word)
        following = self.followers(index, lower_ok=True)
        alone = len(word) > 3 or lowered in curated_first_names()
        if lowered in british_first_names() and (following or cue or alone):
            return None if self.is_place(index, index + following) else index + following
        if IRISH_OR_SCOTS.match(word.title()) or (len(word) > 3 and lowered in surnames()):
            return index
        return index if cue and _known(word) else None


def name_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the names in ``text``; each covers a title or name and the
    surnames and initials that follow it."""
    reader = Reader(text)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(reader.words):
        end = reader.span_end(index)
        if end is None:
            index += 1
            continue
        spans.append((reader.words[index].start(), reader.words[end].end()))
        index = end + 1
    return spans
