"""Learning from analysts' codes: per-programme models for sentiment, themes and framing.

Features are TF-IDF of words and of character n-grams (robust to typos), of words marked
with the kind of question they answer ("nothing" answering *what could we improve?* is
not "nothing" answering *what was good?*), plus the rule engine's own signals, so a model
trained on a few hundred codes starts from what the rules know instead of from nothing.
A model is only used when its cross-validated score on the programme's own codes beats
the rules' score on the same codes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC

from engage.analysis.cues import praise_by_negation, sarcastic
from engage.analysis.engine import Example
from engage.analysis.sentiment import (
    ASKS_FOR_CHANGE,
    DONT_KNOW,
    NEGATIVE_BELOW,
    NOTHING_EXCEPT,
    NOTHING_GOOD,
    NOTHING_TO_IMPROVE,
    POSITIVE_ABOVE,
    asks_for_improvement,
    asks_what_is_good,
    score_text,
)

RULE_FEATURE_WEIGHT = 3.0
CUE_FEATURE_WEIGHT = 2.0
NEUTRAL_MARGIN = 0.3
# Sentences, and the clauses either side of "but", scored on their own: "the crew were
# wonderful. Waited four hours." is a complaint the whole comment's mean score hides.
PARTS = re.compile(r"(?<=[.!?;])\s+|\n+|\s+(?:but|however|although)\s+", re.I)
MIN_THEME_EXAMPLES = 5
WORD = re.compile(r"[a-z0-9']+")
FEATURES_FORMAT = 5  # raise when Features change: stored models of another format are unusable
# A stored model must hold no personal data: tokens with a digit or "@" (phone numbers,
# staff numbers, emails, handles) never become features, nor anything fewer than three
# comments share (a name that slipped past redaction, a one-off reference).
UNSAFE_TOKEN = re.compile(r"\S*[\d@]\S*")
MIN_DOCUMENTS = 3


def scrub(text: str) -> str:
    return UNSAFE_TOKEN.sub(" ", text)


def question_kind(question: str) -> str:
    question = question.lower()
    if asks_for_improvement(question):
        return "improve"
    return (
        "good"
        if "good" in question or "well" in question
        else ("why" if "why" in question else "other")
    )


def words_in_context(example: Example) -> str:
    """The comment's words, each marked with the kind of question it answers."""
    kind = question_kind(example.question)
    return " ".join(f"{kind}:{word}" for word in WORD.findall(scrub(example.text).lower()))


def rule_features(examples: Sequence[Example]) -> csr_matrix:
    rows = []
    for example in examples:
        question = example.question.lower()
        improve = float(asks_for_improvement(question))
        score = example.rules
        rows.append(
            [
                score.score,
                score.score > POSITIVE_ABOVE,
                score.score < NEGATIVE_BELOW,
                improve,
                "good" in question,
                "why" in question,
                score.score * improve,
                score.polarity,
                score.subjectivity,
                score.vader,
                score.vader * improve,
                len(example.text) < 25,
                score.vader_positive,
                score.vader_negative,
            ]
        )
    return csr_matrix(np.asarray(rows, dtype=float) * RULE_FEATURE_WEIGHT)


def cue_row(example: Example) -> list[float]:
    """The rules' individual cues and label, and how far the comment's parts disagree:
    the learner weighs each cue by the codes instead of trusting the rules' one score."""
    text, question = example.text, example.question
    improve, good = asks_for_improvement(question), asks_what_is_good(question)
    nothing = NOTHING_TO_IMPROVE.match(text) is not None
    parts = [part for part in PARTS.split(text) if part and part.strip()] or [""]
    scores = [score_text(part, question, normalised=True).score for part in parts]
    flags = [
        praise_by_negation(text),
        sarcastic(text),
        nothing and improve,
        nothing and not improve and not good,
        nothing and good,
        nothing and NOTHING_EXCEPT.search(text) is not None,
        ASKS_FOR_CHANGE.match(text) is not None,
        DONT_KNOW.match(text) is not None,
        good and NOTHING_GOOD.match(text) is not None,
        example.rules.label == "positive",
        example.rules.label == "negative",
        example.rules.label == "neutral",
        len(parts) > 1,
        min(scores) < NEGATIVE_BELOW and max(scores) > POSITIVE_ABOVE,
    ]
    return [float(flag) for flag in flags] + [min(scores), max(scores), scores[-1]]


def cue_features(examples: Sequence[Example]) -> csr_matrix:
    return csr_matrix(np.asarray([cue_row(e) for e in examples]) * CUE_FEATURE_WEIGHT)


class Features:
    """Fitted on training comments only, then applied to any comment."""

    def __init__(self) -> None:
        self.format = FEATURES_FORMAT
        self.words = TfidfVectorizer(
            ngram_range=(1, 2), sublinear_tf=True, lowercase=True, min_df=MIN_DOCUMENTS
        )
        self.chars = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 5),
            min_df=MIN_DOCUMENTS,
            sublinear_tf=True,
            max_features=40000,
            lowercase=True,
        )
        self.in_context = TfidfVectorizer(
            ngram_range=(1, 2),
            sublinear_tf=True,
            min_df=MIN_DOCUMENTS,
            token_pattern=r"\S+",  # noqa: S106 (a regular expression, not a password)
            lowercase=False,
        )

    @property
    def text_width(self) -> int:
        """Columns of plain words and characters, which come first: all themes need."""
        return len(self.words.vocabulary_) + len(self.chars.vocabulary_)

    def fit_transform(self, examples: Sequence[Example]) -> csr_matrix:
        texts = [scrub(example.text) for example in examples]
        matrix = hstack(
            [
                self.words.fit_transform(texts),
                self.chars.fit_transform(texts),
                self.in_context.fit_transform([words_in_context(e) for e in examples]),
                rule_features(examples),
                cue_features(examples),
            ]
        ).tocsr()
        for vectorizer in (self.words, self.chars, self.in_context):
            # the terms pruned as too rare: exactly what must not be kept
            vectorizer.__dict__.pop("stop_words_", None)
        return matrix

    def transform(self, examples: Sequence[Example]) -> csr_matrix:
        texts = [scrub(example.text) for example in examples]
        return hstack(
            [
                self.words.transform(texts),
                self.chars.transform(texts),
                self.in_context.transform([words_in_context(e) for e in examples]),
                rule_features(examples),
                cue_features(examples),
            ]
        ).tocsr()


class SingleLabelModel:
    """One label per comment: sentiment (negative, neutral, positive) or framing."""

    def fit(self, matrix: csr_matrix, labels: Sequence[str]) -> SingleLabelModel:
        self.classifier = LinearSVC(C=0.2, class_weight="balanced", max_iter=5000)
        self.classifier.fit(matrix, list(labels))
        return self

    def predict(self, matrix: csr_matrix) -> list[str]:
        """Neutral is the rarest and least distinct code: its score is raised by a fixed
        margin (chosen on cross-validation folds only), or it is almost never predicted."""
        classes = list(self.classifier.classes_)
        if "neutral" not in classes or len(classes) < 3:
            return [str(label) for label in self.classifier.predict(matrix)]
        scores = np.asarray(self.classifier.decision_function(matrix))
        scores[:, classes.index("neutral")] += NEUTRAL_MARGIN
        return [str(classes[i]) for i in scores.argmax(axis=1)]


class ThemeModel:
    """Zero or more themes per comment; themes with too few examples are left to rules.
    Themes are about words, not tone or question: only the first ``width`` columns (plain
    words and characters) are used; the rest only slow training and cost accuracy."""

    def __init__(self, width: int) -> None:
        self.width = width

    def fit(self, matrix: csr_matrix, themes: Sequence[Sequence[str]]) -> ThemeModel:
        counts: dict[str, int] = {}
        for labels in themes:
            for label in labels:
                counts[label] = counts.get(label, 0) + 1
        kept = sorted(name for name, count in counts.items() if count >= MIN_THEME_EXAMPLES)
        self.binarizer = MultiLabelBinarizer(classes=kept)
        targets = self.binarizer.fit_transform(
            [[t for t in labels if t in kept] for labels in themes]
        )
        self.classifier = OneVsRestClassifier(LinearSVC(C=0.3, max_iter=5000))
        if kept:
            self.classifier.fit(matrix[:, : self.width], targets)
        return self

    @property
    def names(self) -> list[str]:
        return [str(name) for name in self.binarizer.classes_]

    def predict(self, matrix: csr_matrix) -> list[list[str]]:
        scores = np.asarray(self.classifier.decision_function(matrix[:, : self.width]))
        # One theme (every coded comment has the same one): scikit-learn gives one score
        # per comment, not a column per theme.
        scores = scores.reshape(matrix.shape[0], -1)
        names = self.names
        result = []
        for row in scores:
            chosen = [names[i] for i in np.flatnonzero(row > 0)]
            if not chosen and row.max() > -0.3:  # nearly every coded comment has a theme
                chosen = [names[int(row.argmax())]]
            result.append(chosen)
        return result
