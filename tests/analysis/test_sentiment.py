import pytest

from engage.analysis.normalise import normalise, words
from engage.analysis.sentiment import score_text

IMPROVE = "What could we do better?"


def test_textblob_stays_the_first_signal():
    result = score_text("The new rota is excellent", "")
    assert result.polarity > 0.5 and result.subjectivity > 0
    assert result.label == "positive"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The housing officer was so helpful", "positive"),
        ("The repair was delayed and then cancelled", "negative"),
        ("Staff were rude and unhelpful", "negative"),
        ("It wasn't good at all", "negative"),
        ("The team briefings haven't been clear", "negative"),
    ],
)
def test_domain_words_and_negation_that_textblob_misses(text, expected):
    assert score_text(text, "").label == expected


@pytest.mark.parametrize(
    "answer",
    [
        "Nothing.",
        "nothing really",
        "None",
        "N/A",
        "Nothing, it was all great",
        "Keep up the good work",
    ],
)
def test_nothing_to_improve_is_praise(answer):
    assert score_text(answer, IMPROVE).label == "positive"
    assert score_text(answer, IMPROVE).polarity <= 0.8  # TextBlob's own view is kept


@pytest.mark.parametrize(
    "suggestion", ["Could be more helpful", "Updates should be clearer", "More staff on the phones"]
)
def test_a_suggestion_to_an_improve_question_is_not_praise(suggestion):
    assert score_text(suggestion, IMPROVE).label != "positive"


def test_normalisation_sees_through_tricks():
    assert normalise("It wasn\u2019t  fine") == "It was not fine"
    assert normalise("un\u200bhelpful") == "unhelpful"
    assert words(normalise("ＳＴＡＦＦ can't")) == ["staff", "can", "not"]


@pytest.mark.parametrize("text", ["", "   ", "👍🏽", "a" * 5000, "مرحبا", "\u202e"])
def test_odd_text_scores_without_crashing(text):
    result = score_text(text, IMPROVE)
    assert -1 <= result.score <= 1 and result.label in {"negative", "neutral", "positive"}


# From the seed documents' worry that transformation is "another name for cost cutting":
# said flatly, these are complaints; "honestly" says how frank, not how pleased.
@pytest.mark.parametrize("question", ["", "What does transformation mean to you?", IMPROVE])
@pytest.mark.parametrize(
    "text",
    [
        "Mostly about saving money, honestly.",
        "Nothing has changed for residents yet, only for our budgets.",
        "To be honest it is all about cuts.",
        "Honestly? Just about saving money.",
        "Nothing has really changed since the launch.",
    ],
)
def test_money_only_and_nothing_changed_are_not_praise(text, question):
    assert score_text(text, question).label != "positive"


@pytest.mark.parametrize(
    "text",
    [
        "Honestly, the new team has been great.",
        "The partners were honest with us and it helped.",
        "Mostly good, the briefings are clearer now.",
    ],
)
def test_frank_praise_stays_praise(text):
    assert score_text(text, "").label == "positive"


def test_nothing_to_improve_is_still_praise_but_nothing_changed_is_not():
    assert score_text("Nothing really, it works well", IMPROVE).label == "positive"
    assert score_text("Nothing has changed", IMPROVE).label != "positive"
