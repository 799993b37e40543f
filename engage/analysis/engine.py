"""The engine every dashboard and export reads: one call analyses a batch of comments.

Without training data it uses the rules (TextBlob plus corrections) and the codebook. Given
coded comments, ``train`` fits models and keeps each one only if its cross-validated score
on those codes beats the rules' score on the same codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from engage.analysis.codebook import DEFAULT_CODEBOOK, Codebook
from engage.analysis.framing import classify
from engage.analysis.language import ENGLISH, WELSH, language_of
from engage.analysis.normalise import normalise
from engage.analysis.sentiment import LABELS, SentimentScore, score_text

if TYPE_CHECKING:  # scikit-learn loads only when a model is trained: web workers stay small
    from engage.analysis.learning import Features, SingleLabelModel, ThemeModel

RULES_VERSION = "rules-1"
FOLDS = 3
SMALL_SET_FOLDS = 5  # small sets: train each fold on 80%, closer to the final model
SMALL_SET = 2000
MIN_CODED = 30  # fewer codes than this cannot tell a model from luck
SINGLE = ("sentiment", "framing")  # the one-label-per-comment tasks
# The sentiment of a comment the engine cannot read (one in Welsh): never positive, neutral
# or negative, so it is counted among comments but in no share of feeling.
NOT_ANALYSED = "not analysed"


@dataclass(frozen=True)
class Comment:
    text: str
    question: str = ""


@dataclass(frozen=True)
class CodedComment:
    text: str
    question: str = ""
    sentiment: str | None = None  # None: not coded for sentiment
    themes: tuple[str, ...] | None = None  # None: not coded for themes
    framing: str | None = None


@dataclass(frozen=True)
class Analysis:
    sentiment: str
    polarity: float
    subjectivity: float
    score: float
    themes: tuple[str, ...]
    framing: str | None
    language: str = ENGLISH


# A Welsh comment: English rules and models would give it a confident, meaningless label.
WELSH_ANALYSIS = Analysis(NOT_ANALYSED, 0.0, 0.0, 0.0, (), None, WELSH)


@dataclass
class Engine:
    codebook: Codebook = DEFAULT_CODEBOOK
    features: Features | None = None
    sentiment_model: SingleLabelModel | None = None
    framing_model: SingleLabelModel | None = None
    theme_model: ThemeModel | None = None
    report: dict = field(default_factory=dict)

    @property
    def version(self) -> str:
        parts = [RULES_VERSION]
        if self.sentiment_model:
            parts.append("sentiment-model")
        if self.theme_model:
            parts.append("theme-model")
        if self.framing_model:
            parts.append("framing-model")
        return "+".join(parts)

    def analyse(self, comments: Sequence[Comment]) -> list[Analysis]:
        """Each comment's analysis, in order; comments in Welsh are kept out of the English
        rules and models and come back as ``WELSH_ANALYSIS``."""
        welsh = [language_of(comment.text) == WELSH for comment in comments]
        english = iter(
            self.analyse_english([c for c, w in zip(comments, welsh, strict=True) if not w])
        )
        return [WELSH_ANALYSIS if is_welsh else next(english) for is_welsh in welsh]

    def analyse_english(self, comments: Sequence[Comment]) -> list[Analysis]:
        examples = [example_for(comment.text, comment.question) for comment in comments]
        matrix = self.features.transform(examples) if self.features and examples else None
        labels = (
            self.sentiment_model.predict(matrix)
            if self.sentiment_model and matrix is not None
            else [example.rules.label for example in examples]
        )
        themes = [self.codebook.match(example.text) for example in examples]
        if self.theme_model and matrix is not None:
            themes = with_rules(self.theme_model.predict(matrix), themes, self.theme_model.names)
        framings = (
            self.framing_model.predict(matrix)
            if self.framing_model and matrix is not None
            else [classify(example.text) for example in examples]
        )
        return [
            Analysis(
                label,
                example.rules.polarity,
                example.rules.subjectivity,
                example.rules.score,
                tuple(found),
                framing,
            )
            for example, label, found, framing in zip(
                examples, labels, themes, framings, strict=True
            )
        ]


def with_rules(
    learned: Sequence[Sequence[str]], by_rules: Sequence[Sequence[str]], known: Sequence[str]
) -> list[list[str]]:
    """The model's themes, plus the rules' for every codebook theme the model never learned:
    codes that name one theme must not wipe out the codebook's others."""
    known = set(known)
    return [
        list(dict.fromkeys([*model, *(t for t in rules if t not in known)]))
        for model, rules in zip(learned, by_rules, strict=True)
    ]


@dataclass(frozen=True)
class Example:
    """A comment as the engine and the learners see it: normalised, with its rule scores."""

    text: str
    question: str
    rules: SentimentScore


def example_for(text: str, question: str) -> Example:
    clean = normalise(text)
    return Example(clean, question, score_text(clean, question, normalised=True))


def rules_label(task: str, example: Example) -> str:
    return example.rules.label if task == "sentiment" else classify(example.text)


def code_of(task: str, comment: CodedComment) -> str | None:
    if task == "sentiment":
        return comment.sentiment if comment.sentiment in LABELS else None
    return comment.framing or None


def train(coded: Sequence[CodedComment], codebook: Codebook = DEFAULT_CODEBOOK) -> Engine:
    """An engine that uses a model wherever the model beats the rules on these codes."""
    from engage.analysis.learning import Features, SingleLabelModel, ThemeModel

    examples = [example_for(comment.text, comment.question) for comment in coded]
    report: dict = {"comments": len(coded)}
    rows = {task: [i for i, c in enumerate(coded) if code_of(task, c)] for task in SINGLE}
    theme_rows = [i for i, c in enumerate(coded) if c.themes is not None]
    predicted = cross_validate(examples, coded, rows, theme_rows, codebook)
    winners = [
        task
        for task in SINGLE
        if compare_single(task, examples, coded, rows[task], predicted, report)
    ]
    use_themes = compare_themes(examples, coded, theme_rows, codebook, predicted, report)
    engine = Engine(codebook=codebook, report=report)
    if not (winners or use_themes):
        return engine
    engine.features = Features()
    matrix = engine.features.fit_transform(examples)
    for task in winners:
        model = SingleLabelModel().fit(
            matrix[rows[task]], [code_of(task, coded[i]) for i in rows[task]]
        )
        setattr(engine, f"{task}_model", model)
    if use_themes:
        engine.theme_model = ThemeModel(engine.features.text_width).fit(
            matrix[theme_rows], [coded[i].themes for i in theme_rows]
        )
    return engine


@dataclass
class Predictions:
    """Out-of-fold predictions: each comment predicted by a model that never saw it."""

    single: dict[str, dict[int, str]] = field(default_factory=lambda: {task: {} for task in SINGLE})
    themes: dict[int, list[str]] = field(default_factory=dict)


def cross_validate(
    examples, coded, rows: dict[str, list[int]], theme_rows, codebook: Codebook = DEFAULT_CODEBOOK
) -> Predictions:
    """One set of folds for every task, so the costly features are fitted once per fold."""
    from sklearn.model_selection import StratifiedKFold

    from engage.analysis.learning import Features, ThemeModel

    predicted = Predictions()
    every = sorted(set(theme_rows).union(*rows.values()))
    if len(every) < MIN_CODED:
        return predicted
    folds = SMALL_SET_FOLDS if len(every) <= SMALL_SET else FOLDS
    strata = [coded[i].sentiment or "" for i in every]
    if min(strata.count(label) for label in set(strata)) < folds:
        strata = [""] * len(every)
    theme_set = set(theme_rows)
    for train_at, test_at in StratifiedKFold(folds, shuffle=True, random_state=0).split(
        every, strata
    ):
        train_rows, test_rows = [every[i] for i in train_at], [every[i] for i in test_at]
        features = Features()
        matrix = features.fit_transform([examples[i] for i in train_rows])
        test = features.transform([examples[i] for i in test_rows])
        for task in SINGLE:
            predict_single(task, coded, rows[task], train_rows, test_rows, matrix, test, predicted)
        fit_themes = [k for k, i in enumerate(train_rows) if i in theme_set]
        theme_model = ThemeModel(features.text_width).fit(
            matrix[fit_themes], [coded[train_rows[k]].themes for k in fit_themes]
        )
        if theme_model.names:
            by_rules = [codebook.match(examples[i].text) for i in test_rows]
            found = with_rules(theme_model.predict(test), by_rules, theme_model.names)
            predicted.themes.update(zip(test_rows, found, strict=True))
    return predicted


def predict_single(
    task, coded, task_rows, train_rows, test_rows, matrix, test, predicted: Predictions
) -> None:
    from engage.analysis.learning import SingleLabelModel

    coded_rows = set(task_rows)
    fit_at = [k for k, i in enumerate(train_rows) if i in coded_rows]
    labels = [code_of(task, coded[train_rows[k]]) for k in fit_at]
    if len(set(labels)) > 1:
        model = SingleLabelModel().fit(matrix[fit_at], labels)
        predicted.single[task].update(zip(test_rows, model.predict(test), strict=True))


def compare_single(task, examples, coded, rows, predicted: Predictions, report) -> bool:
    from sklearn.metrics import f1_score

    if not rows:
        return False
    labels = [code_of(task, coded[i]) for i in rows]
    by_rules = [rules_label(task, examples[i]) for i in rows]
    rules = f1_score(labels, by_rules, average="macro", zero_division=0)
    report[f"{task}_rules_macro_f1"] = rules
    report[f"{task}_coded"] = len(rows)
    report[f"{task}_rules_agreement"] = agreement(labels, by_rules)
    if any(i not in predicted.single[task] for i in rows):
        return False
    by_model = [predicted.single[task][i] for i in rows]
    model_score = f1_score(labels, by_model, average="macro", zero_division=0)
    report[f"{task}_model_macro_f1"] = model_score
    report[f"{task}_model_agreement"] = agreement(labels, by_model)
    return model_score > rules


def agreement(truth: Sequence, predicted: Sequence) -> float:
    """The share of comments given exactly the analyst's code (for themes: the same set),
    the figure an analyst reads without knowing what an F1 score is."""
    same = sum(
        (set(a) == set(b)) if isinstance(a, (list, tuple)) else a == b
        for a, b in zip(truth, predicted, strict=True)
    )
    return same / len(truth) if truth else 0.0


def compare_themes(examples, coded, rows, codebook, predicted: Predictions, report) -> bool:
    from sklearn.preprocessing import MultiLabelBinarizer

    if not rows:
        return False
    truth = [list(coded[i].themes or ()) for i in rows]
    binarizer = MultiLabelBinarizer().fit(truth + [codebook.names])
    by_rules = [codebook.match(examples[i].text) for i in rows]
    rules = micro_f1(binarizer, truth, by_rules)
    report["themes_rules_micro_f1"] = rules
    report["themes_coded"] = len(rows)
    report["themes_rules_agreement"] = agreement(truth, by_rules)
    if any(i not in predicted.themes for i in rows):
        return False
    by_model = [predicted.themes[i] for i in rows]
    model_score = micro_f1(binarizer, truth, by_model)
    report["themes_model_micro_f1"] = model_score
    report["themes_model_agreement"] = agreement(truth, by_model)
    return model_score > rules


def micro_f1(binarizer, truth, predicted) -> float:
    from sklearn.metrics import f1_score

    return float(
        f1_score(
            binarizer.transform(truth),
            binarizer.transform(predicted),
            average="micro",
            zero_division=0,
        )
    )
