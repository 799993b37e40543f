"""Phrases whose meaning is the opposite of their words' scores: praise by negation,
sarcasm, and money mentioned without any cutting.

TextBlob and VADER score words, so "could not have been better" reads as a complaint
(negated "better"), "oh great, another restructure" as praise ("great"), and "value for
money was good" beside a cost-cutting complaint. The seed documents' readers say all three
("another name for cost cutting"; partners who want "value for money"; sometimes "the
truth hurts"). Each pattern here was checked against labelled comments before it was kept.
"""

from __future__ import annotations

import re

# Praise said by denying that anything could be better ("could not fault them", "can not
# think of anything to improve", "no need for anything better").
BETTER = r"(?:better|improved?|improvements?|more (?:helpful|supportive|professional|caring))"
PRAISE_BY_NEGATION = re.compile(
    r"\b(?:"
    rf"(?:could|can|would) not (?:have )?(?:been |be |do |done |have done |asked for |ask for )?"
    rf"(?:anything |any )?(?:much |more |any )?{BETTER}"
    r"|(?:could|can|would) not (?:have )?(?:fault|praise|thank)"
    r"|(?:can|could) not (?:think of|see|suggest) (?:anything|any ?thing|any way|anyway|a thing)"
    rf"|nothing (?:that |which )?(?:could|can|would|needs?|needed) (?:to )?(?:have )?(?:be |been )?"
    rf"(?:done )?{BETTER}"
    rf"|no need (?:for|to) (?:anything |any )?{BETTER}"
    r"|no (?:complaints?|improvements? needed|faults?)"
    r"|not (?:a|one) (?:single )?(?:complaint|fault)"
    r"|not bad at all|not (?:that |too )?bad considering"
    r"|(?:can|could) not (?:ask|have asked|wish) for (?:any ?thing )?(?:more|better)"
    r"|(?:not |nothing )?(?:much|anything) (?:you|they|we|anyone) could (?:have )?(?:done |do )?"
    rf"{BETTER}"
    r")",
    re.I,
)
PRAISE_BY_NEGATION_SCORE = 0.5

# "It could be better" praises nothing: a wish for better is a complaint about now.
COULD_BE_BETTER = re.compile(
    r"(?<!not )\b(?:could|should|might) (?:be|have been) (?:a lot |much |far |so much )?"
    r"(?:better|clearer|improved)\b",
    re.I,
)

# Sarcasm: praise words used to complain. The seed documents' staff who see transformation
# as "another name for cost cutting" say it like this.
SARCASM = re.compile(
    r"(?:"
    r"\b(?:oh|yeah|ah|well) (?:great|brilliant|wonderful|fantastic|marvellous|lovely|super|"
    r"perfect|good)\b[\s,!.]*(?:another|more|yet|just|so|that|the|a)\b"
    r"|^\W*(?:great|brilliant|wonderful|fantastic|marvellous|lovely|perfect)[\s,!.]+"
    r"(?:another|more|yet another|just what)\b"
    r"|\byeah,? right\b|\bas if\b[^.!?]{0,30}\b(?:will|would|could|ever)\b"
    r"|\b(?:great|good|nice|well done|brilliant) (?:job|work|idea|plan)\W+not\b"
    r"|\bthanks for nothing\b|\bjust what (?:we|i|they|everyone) needed\b"
    r"|\bwhat a (?:surprise|shock)\b|\b(?:surprise,? surprise|typical)\b"
    r"|\bso[- ]called\b"
    # scare quotes around a word of praise or change: the "improvements", 'transformation'
    r"|[\"'](?:improvements?|transformation|efficienc(?:y|ies)|modernisation|consultation|"
    r"engagement|partnership|savings|listening|exciting|"
    r"opportunit(?:y|ies)|journey)[\"']"
    r")",
    re.I,
)
SARCASM_SCORE = -0.4

# Money spoken of as rising, invested or well spent is not cost cutting.
MONEY = r"(?:money|budgets?|funding|funds|spend(?:ing)?|investment|pay|wages?|salar(?:y|ies))"
MONEY_NOT_CUTS = re.compile(
    rf"\b(?:"
    rf"(?:good|great|excellent|real|better|best) value(?: for money)?|value for money (?:is|was|"
    rf"has been|seems|feels) (?:good|great|excellent|fine|fair|better)|money well spent"
    rf"|(?:more|extra|additional|new|increased?|ring-?fenced|protected) {MONEY}"
    rf"|{MONEY}(?: for [a-z]+(?: [a-z]+)?)? (?:has |have |was |were |is |are )?"
    rf"(?:gone up|went up|go up|goes up|increased|rose|risen|doubled|grew|grown|protected|"
    rf"ring-?fenced)"
    rf"|invest(?:ed|ing|ment) in|(?:put|putting) (?:money|funding) (?:into|in)"
    rf")",
    re.I,
)


def praise_by_negation(text: str) -> bool:
    return PRAISE_BY_NEGATION.search(text) is not None


def could_be_better(text: str) -> bool:
    return COULD_BE_BETTER.search(text) is not None


def sarcastic(text: str) -> bool:
    return SARCASM.search(text) is not None


def money_not_cuts(text: str) -> bool:
    return MONEY_NOT_CUTS.search(text) is not None
