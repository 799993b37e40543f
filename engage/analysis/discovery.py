"""Themes nobody wrote down yet: groups of comments that fit no codebook theme.

Noun phrases come from TextBlob's bundled pattern parser (offline), and non-negative
matrix factorisation over their TF-IDF finds groups that share phrases. Each group is
labelled by its top phrases and shown with its most representative comments.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from engage.analysis.pattern import parse

STOP = {
    "i",
    "we",
    "you",
    "they",
    "it",
    "he",
    "she",
    "me",
    "us",
    "them",
    "this",
    "that",
    "what",
    "which",
    "who",
    "something",
    "anything",
    "nothing",
    "everything",
    "thing",
    "things",
    "lot",
    "lots",
    "bit",
    "way",
    "time",
    "people",
    "one",
    "someone",
}
DETERMINERS = re.compile(
    r"^(the|a|an|my|our|your|their|his|her|its|this|that|these|those|"
    r"some|any|more|much|many|very|all|no)\s+"
)
MAX_COMMENTS = 5000


@dataclass(frozen=True)
class DiscoveredTheme:
    label: str
    phrases: tuple[str, ...]
    comment_ids: tuple[int, ...]
    examples: tuple[str, ...]


def noun_phrases(text: str) -> list[str]:
    """Noun-phrase chunks, lower-cased, cut to the nouns and adjectives that name
    something: the parser's chunk "We work so we" gives "work", never a phrase with a
    pronoun or adverb in it; a phrase must end in a noun."""
    phrases: list[str] = []
    tagged = parse(
        text[:2000], tokenize=True, tags=True, chunks=True, relations=False, lemmata=False
    )
    for sentence in tagged.split():
        current: list[tuple[str, str]] = []
        for word, tag, chunk, *_rest in sentence:
            if chunk.endswith("NP") and chunk.startswith("B-"):
                phrases.extend(named(current))
                current = []
            if chunk.endswith("NP") and tag.startswith(NAMING_TAGS):
                current.append((word.lower(), tag))
            else:
                phrases.extend(named(current))
                current = []
        phrases.extend(named(current))
    cleaned = (DETERMINERS.sub("", phrase).strip(" .,'\"") for phrase in phrases)
    return [phrase for phrase in cleaned if phrase and phrase not in STOP and len(phrase) > 2]


NAMING_TAGS = ("NN", "JJ", "VBG")  # nouns, adjectives, and "-ing" nouns ("car parking")


def named(words: list[tuple[str, str]]) -> list[str]:
    """The run of words as a phrase, trimmed to end on its last noun; none without one."""
    last_noun = max((i for i, (_w, tag) in enumerate(words) if tag.startswith("NN")), default=-1)
    return [" ".join(word for word, _tag in words[: last_noun + 1])] if last_noun >= 0 else []


def readable_label(phrases: Sequence[str]) -> str:
    """A name a person would write for a group: its leading noun phrase (a phrase of two
    or more words when one of the top three is), joined by "and" to the next phrase that
    adds a different word, e.g. "Car park barrier and staff parking"."""
    if not phrases:
        return ""
    first = next((p for p in phrases[:3] if " " in p), phrases[0])
    taken = set(first.split())
    second = next((p for p in phrases if p != first and not taken & set(p.split())), None)
    label = f"{first} and {second}" if second else first
    return label[:1].upper() + label[1:]


def discover(
    comments: Sequence[tuple[int, str]],
    groups: int = 6,
    examples: int = 3,
    ignored: frozenset[str] = frozenset(),
) -> list[DiscoveredTheme]:
    """Group comments by the phrases they share; empty when there is too little to group.
    ``ignored`` phrases (groups an organiser dropped) never form a group again."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    comments = list(comments)[:MAX_COMMENTS]
    documents = [
        [phrase for phrase in noun_phrases(text) if phrase not in ignored] for _id, text in comments
    ]
    usable = [i for i, phrases in enumerate(documents) if phrases]
    if len(usable) < max(10, groups * 3):
        return []
    vectoriser = TfidfVectorizer(analyzer=lambda phrases: phrases, min_df=2)
    try:
        matrix = vectoriser.fit_transform([documents[i] for i in usable])
    except ValueError:  # no phrase occurs twice
        return []
    groups = min(groups, matrix.shape[1], len(usable) // 3)
    if groups < 1:
        return []
    model = NMF(n_components=groups, init="nndsvda", random_state=0, max_iter=400)
    weights = model.fit_transform(matrix)
    vocabulary = vectoriser.get_feature_names_out()
    found = []
    for group in range(groups):
        members = [
            k for k in range(len(usable)) if weights[k].argmax() == group and weights[k, group] > 0
        ]
        if len(members) < 2:
            continue
        top = tuple(
            str(vocabulary[i])
            for i in model.components_[group].argsort()[::-1][:5]
            if model.components_[group, i] > 0
        )
        ranked = sorted(members, key=lambda k: -weights[k, group])
        found.append(
            DiscoveredTheme(
                label=readable_label(top),
                phrases=top,
                comment_ids=tuple(comments[usable[k]][0] for k in ranked),
                examples=tuple(comments[usable[k]][1] for k in ranked[:examples]),
            )
        )
    return sorted(found, key=lambda theme: -len(theme.comment_ids))
