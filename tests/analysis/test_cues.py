"""Sarcasm, negation and money, in the seed documents' language (partnerships, outsourcing,
cost cutting, contract management, transformation). Every sentence is written here."""

import pytest

from engage.analysis.codebook import DEFAULT_CODEBOOK
from engage.analysis.framing import classify
from engage.analysis.normalise import normalise
from engage.analysis.sentiment import score_text

IMPROVE = "What could we do better?"
MEANING = "What does transformation mean to you?"
OTHER = "Any other comments?"


@pytest.mark.parametrize(
    "text",
    [
        "Oh great, another restructure.",
        "Great, another new system to learn with no training.",
        "Yeah right, the partner really shares our goals.",
        "Brilliant, yet another round of budget setting.",
        "Outsourcing saved money by closing the depot? Great job. Not.",
        "Thanks for nothing, programme office.",
        "Another interim manager. Just what we needed.",
        'The "transformation" is cost cutting with a new logo.',
        "The so-called partnership board never meets.",
        "Oh wonderful, more jargon about outcomes based commissioning.",
        "What a surprise, the contract manager blamed the outsourcing partner.",
    ],
)
@pytest.mark.parametrize("question", ["", OTHER, MEANING])
def test_sarcasm_is_a_complaint(text, question):
    assert score_text(text, question).label == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "Great to see the partners working together on shared outcomes.",
        "The new ways of working are brilliant for residents.",
        "Wonderful support from the contract management team.",
    ],
)
def test_plain_praise_is_not_taken_for_sarcasm(text):
    assert score_text(text, OTHER).label == "positive"


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("Could not have been better.", IMPROVE),
        ("I can't think of anything the partner could have done better.", IMPROVE),
        ("Nothing that could be improved, the roundtable was useful.", IMPROVE),
        ("Couldn't fault the procurement team.", OTHER),
        ("No complaints about the new operating model.", OTHER),
        ("The contract managers could not have been more helpful.", OTHER),
        ("Not bad at all, considering the cuts.", OTHER),
        ("There is no need for anything better, the briefings work.", IMPROVE),
        ("I can't praise the transformation team enough.", OTHER),
        ("Not a single complaint from residents since the change.", OTHER),
        ("Honestly can't think of anything.", IMPROVE),
    ],
)
def test_praise_said_by_negation_is_praise(text, question):
    assert score_text(text, question).label == "positive"


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("The incentives were not good at all.", OTHER),
        ("Transformation hasn't been explained clearly.", OTHER),
        ("I can't think of anything that went well.", "What went well?"),
        ("Nothing, except the contract monitoring is never done.", IMPROVE),
        ("Not much, maybe more time for contract management.", IMPROVE),
        ("Nothing is working well with the outsourcing partner.", "What is going well?"),
        ("The partnership was never honest with us.", OTHER),
        ("The idea is good but the delivery has been poor.", OTHER),
        ("Interim managers came in and nothing has changed.", OTHER),
        ("It could be better, the targets keep moving.", OTHER),
    ],
)
def test_negation_keeps_a_complaint_a_complaint(text, question):
    assert score_text(text, question).label == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "Value for money was good this year.",
        "The budget for training went up, which helped the whole team.",
        "Great value for money from the unit-based pricing.",
        "Extra funding for customer improvement has made a real difference.",
        "The partner invested in new technology for the contact centre.",
        "Money well spent on the new ways of working.",
    ],
)
def test_money_spent_or_rising_is_not_cost_cutting(text):
    assert score_text(text, MEANING).label != "negative"
    assert "Cost cutting" not in DEFAULT_CODEBOOK.match(normalise(text))
    assert classify(normalise(text)) != "Cutting costs"


@pytest.mark.parametrize(
    "text",
    [
        "It is only about saving money.",
        "Transformation is just another name for cost cutting.",
        "Mostly about the budgets, honestly.",
        "Savings targets, and cuts to front-line posts.",
    ],
)
def test_cost_cutting_is_still_cost_cutting(text):
    assert score_text(text, MEANING).label != "positive"
    assert "Cost cutting" in DEFAULT_CODEBOOK.match(normalise(text))
    assert classify(normalise(text)) == "Cutting costs"


@pytest.mark.parametrize(
    "text",
    [
        "The budget for the contact centre rose after the review.",
        "More money for the contract management team would help.",
    ],
)
def test_money_that_is_not_cuts_is_not_tagged_cost_cutting(text):
    assert "Cost cutting" not in DEFAULT_CODEBOOK.match(normalise(text))
