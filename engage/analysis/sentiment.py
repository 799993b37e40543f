"""Rule-based sentiment: TextBlob first, then what measurably fixes its mistakes.

TextBlob's polarity misreads public-service comments in known ways: it scores "helpful" and
"delayed" as 0, reads "could be more helpful" as praise, and scores "Nothing." (the answer
to "what could we improve?", which is praise) as 0. The rules below correct exactly those,
and VADER's offline lexicon is blended in because it measurably helps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from engage.analysis.cues import (
    PRAISE_BY_NEGATION_SCORE,
    SARCASM_SCORE,
    could_be_better,
    money_not_cuts,
    praise_by_negation,
    sarcastic,
)
from engage.analysis.lexicon import DOMAIN_LEXICON, NEGATORS
from engage.analysis.normalise import normalise, words
from engage.analysis.pattern import sentiment as textblob_sentiment

LABELS = ("negative", "neutral", "positive")
NEGATIVE_BELOW = -0.05
POSITIVE_ABOVE = 0.1
VADER_WEIGHT = 0.5
# "The idea is good but the delivery has been poor": what follows "but" is what is meant.
CONTRAST = re.compile(r"\b(?:but|however|although|though|yet|except)\b", re.I)
CONTRAST_WEIGHT = 0.5
MIN_CONTRAST_WORDS = 2

NOTHING_TO_IMPROVE = re.compile(
    r"^\W*(nothing|none|no|nope|n/?a|not applicable|nil|no comments?|nothing really|"
    r"nothing at all|nothing to add|nothing else|can not think of anything|"
    r"no improvements?( needed)?|no changes?|all good|keep (it )?up the good work|"
    r"keep doing what you are doing|carry on|not a lot|not much|not really|i can think of nothing|"
    r"hard to (?:find|think of|say) (?:any|anything)|could not|can not)\b"
    # "Nothing has changed ..." is a complaint, not "nothing to improve".
    r"(?!\s+(?:has|have|had|is|was|will|ever|really changed|changed|changes|happens|happened|"
    r"improved|gets|got|seems)\b)",
    re.I,
)
# "Nothing really, except a hot drink" and "Nothing. Only thing is ..." still ask for something.
NOTHING_EXCEPT = re.compile(
    r"\b(?:except|apart from|other than|only (?:thing|issue|problem|complaint)|maybe|perhaps|"
    r"but)\b",
    re.I,
)
DONT_KNOW = re.compile(
    r"^\W*(?:i )?(?:do not know|not sure|unsure|no idea|no suggestions?|no comment)\W*"
    r"(?:(?:at|for) the moment|really|sorry)?\W*$",
    re.I,
)
NOTHING_BECAUSE_GOOD = re.compile(
    r"\bnothing\b.{0,40}\b(good|great|excellent|perfect|fine|happy|satisfied|brilliant)\b", re.I
)
SUGGESTION = re.compile(
    r"\b(could|should|would|more|better|need|needs|needed|improve|wish|less|faster|"
    r"quicker|sooner|longer|if only|lack|instead)\b",
    re.I,
)

# "Honestly," / "to be honest" / "frankly" say how frank the writer is, not how they feel;
# TextBlob and VADER score them as praise ("Mostly about saving money, honestly." came out
# positive). "Mostly" is a hedge that TextBlob scores +0.5.
MARKER = r"(?:to be honest|in all honesty|honestly|frankly|truthfully|tbh)"
DISCOURSE_MARKERS = re.compile(
    rf"(?:(?:^|(?<=[.!?])\s*){MARKER}\b\s*,?|,\s*{MARKER}\b(?=\s*(?:[,.;!?]|$))|\b(?:honestly|mostly)\b)",
    re.I,
)
# Transformation read as nothing but money: the seed documents' "another name for cost
# cutting". Said flatly, it is a complaint, whatever the words' own scores.
ONLY_MONEY = re.compile(
    r"\b(?:only|just|mostly|all|purely|simply|really)\b[^.!?]{0,20}?\b(?:about|for|to)\b"
    r"[^.!?]{0,20}?\b(?:sav(?:e|es|ing|ings)\b[^.!?]{0,10}money|money|cuts|cost cutting|"
    r"(?:our |the )?budgets?|savings)\b",
    re.I,
)
NOTHING_CHANGED = re.compile(
    r"\b(?:nothing|little|not much)\s+(?:has|have|had)?\s*(?:really\s+|actually\s+)?"
    r"(?:changed|improved|happened|moved on)\b",
    re.I,
)
NOT_REALLY_NEGATIVE = -0.15
# An answer that opens by asking for a change ("Answer the phone quicker", "More staff on
# the desk", "Should have been told sooner") is a need, whatever the question was.
ASKS_FOR_CHANGE = re.compile(
    r"^\W*(?:please |maybe |perhaps )?(?:more|better|quicker|faster|sooner|less|fewer|improve|"
    r"answer|employ|recruit|listen|give|provide|stop|start|reduce|increase|speed up|"
    r"treat|respect|explain|deal|check|make|do not|keep (?:me|us|them|people|patients)|"
    r"should|need|needs|ought|to (?:be|have|get|make|give|answer|listen|explain|improve|reduce)|"
    r"make sure|ensure|try to|get rid|shorter|cut (?:down|the))\b",
    re.I,
)
# To "what is going well?", "not much" or "nothing" is a complaint (the mirror of "nothing"
# to "what could we improve?").
NOTHING_GOOD = re.compile(
    r"^\W*(?:not much|not a lot|nothing( much| really)?|very little|none|no|hardly anything|"
    r"(?:i )?(?:honestly )?(?:can|could) not think of (?:anything|a thing))\b"
    r"(?!\s+(?:to complain|wrong|bad)\b)",
    re.I,
)


@dataclass(frozen=True)
class SentimentScore:
    polarity: float  # TextBlob's
    subjectivity: float  # TextBlob's
    vader: float  # VADER's compound score
    score: float  # the rule engine's, -1..1
    label: str
    vader_positive: float = 0.0  # VADER's share of positive and negative words
    vader_negative: float = 0.0


@lru_cache(maxsize=1)
def vader() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def asks_for_improvement(question: str) -> bool:
    question = question.lower()
    return any(word in question for word in ("improve", "better", "change", "differently"))


def lexicon_mean(tokens: list[str]) -> float | None:
    hits = []
    for index, token in enumerate(tokens):
        value = DOMAIN_LEXICON.get(token)
        if value is None:
            continue
        if NEGATORS & set(tokens[max(0, index - 3) : index]):
            value = -0.7 * value
        hits.append(value)
    return sum(hits) / len(hits) if hits else None


def asks_what_is_good(question: str) -> bool:
    question = question.lower()
    return any(
        words in question
        for words in (
            "going well",
            "working well",
            "went well",
            "is good",
            "was good",
            "good about",
        )
    )


def label_for(score: float) -> str:
    if score < NEGATIVE_BELOW:
        return "negative"
    return "positive" if score > POSITIVE_ABOVE else "neutral"


def words_score(plain: str, polarity: float, compound: float) -> float:
    """TextBlob and VADER blended, then averaged with the domain lexicon's words."""
    score = (1 - VADER_WEIGHT) * polarity + VADER_WEIGHT * compound
    domain = lexicon_mean(words(plain))
    return score if domain is None else (score + domain) / 2


def score_text(text: str, question: str = "", *, normalised: bool = False) -> SentimentScore:
    clean = text if normalised else normalise(text)
    plain = DISCOURSE_MARKERS.sub(" ", clean).strip()
    polarity, subjectivity = textblob_sentiment(plain)
    scores = vader().polarity_scores(plain) if plain else {"compound": 0.0, "pos": 0.0, "neg": 0.0}
    compound = scores["compound"]
    score = words_score(plain, polarity, compound)
    after = CONTRAST.split(plain, maxsplit=1)
    if len(after) == 2 and len(words(after[1])) >= MIN_CONTRAST_WORDS:
        tail = after[1]
        tail_score = words_score(
            tail, textblob_sentiment(tail)[0], vader().polarity_scores(tail)["compound"]
        )
        score = (1 - CONTRAST_WEIGHT) * score + CONTRAST_WEIGHT * tail_score
    if asks_for_improvement(question):
        score = improvement_answer(plain, score)
    elif not asks_what_is_good(question) and ASKS_FOR_CHANGE.match(plain):
        score = min(score - 0.6, NOT_REALLY_NEGATIVE) if score < 0.6 else score
    elif asks_what_is_good(question) and NOTHING_GOOD.match(plain):
        return finish(polarity, subjectivity, scores, min(score, NOT_REALLY_NEGATIVE))
    return finish(polarity, subjectivity, scores, cue_corrections(clean, score))


def finish(polarity: float, subjectivity: float, scores: dict, score: float) -> SentimentScore:
    score = max(-1.0, min(1.0, score))
    return SentimentScore(
        polarity,
        subjectivity,
        scores["compound"],
        score,
        label_for(score),
        scores["pos"],
        scores["neg"],
    )


def cue_corrections(clean: str, score: float) -> float:
    """Phrases that mean the opposite of their words (see cues.py) override the words."""
    if sarcastic(clean):
        return min(score, SARCASM_SCORE)
    if praise_by_negation(clean):
        return max(score, PRAISE_BY_NEGATION_SCORE)
    if (ONLY_MONEY.search(clean) and not money_not_cuts(clean)) or NOTHING_CHANGED.search(clean):
        return min(score, NOT_REALLY_NEGATIVE)
    if could_be_better(clean):
        return min(score, NOT_REALLY_NEGATIVE)
    return score


def improvement_answer(clean: str, score: float) -> float:
    """To "what could we improve?", nothing is praise and a suggestion is a need."""
    if DONT_KNOW.match(clean):
        return 0.0
    nothing = NOTHING_TO_IMPROVE.match(clean) or NOTHING_BECAUSE_GOOD.search(clean)
    if nothing and not NOTHING_EXCEPT.search(clean):
        return 0.7
    if (nothing or ASKS_FOR_CHANGE.match(clean) or SUGGESTION.search(clean)) and score < 0.6:
        return score - 0.6
    return score - 0.2 if score <= 0.05 else score
