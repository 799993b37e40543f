"""Plausible answers for the demo: trends that improve over the waves, a trust gap
between the partners, and a framing of transformation that drifts away from "cost cutting".
Pure functions over a seeded random generator, so the demo is the same every time."""

from __future__ import annotations

import random
from typing import Protocol

from engage.demo import comments
from engage.domain import DONT_KNOW, AnswerValue, QuestionKind
from engage.question_bank import FRAMING_OPTIONS


class Question(Protocol):
    id: int
    code: str
    kind: QuestionKind
    construct: str | None
    options: list[str]
    allow_dont_know: bool


# (level at the first wave, gain by the last wave), on a scale where 0 is "neither".
CONSTRUCT_TREND = {
    "transformation_understanding": (-0.5, 1.1),
    "communication": (-0.4, 0.9),
    "change_readiness": (-0.3, 0.5),
    "partnership_trust": (-0.3, 0.6),
    "contract_management": (-0.7, 0.5),
    "innovation": (-0.2, 0.4),
    "engagement": (0.2, 0.3),
    "session_value": (0.9, 0.0),
}
# Council staff trust the partner less than the partner trusts the council: the trust gap.
ORGANISATION_SHIFT = {
    "council": {"partnership_trust": -0.45, "contract_management": -0.2},
    "private_partner": {"partnership_trust": 0.25},
}
FRAMING_EARLY = [0.44, 0.12, 0.13, 0.10, 0.13, 0.08]
FRAMING_LATE = [0.18, 0.30, 0.24, 0.13, 0.07, 0.08]


def agreement(rng: random.Random, construct: str | None, org_kind: str, progress: float) -> int:
    level, gain = CONSTRUCT_TREND.get(construct or "", (0.0, 0.0))
    shift = ORGANISATION_SHIFT.get(org_kind, {}).get(construct or "", 0.0)
    latent = level + gain * progress + shift + rng.gauss(0, 0.95)
    return max(1, min(5, round(3 + latent)))


def framing(rng: random.Random, progress: float) -> str:
    weights = [
        early + (late - early) * progress
        for early, late in zip(FRAMING_EARLY, FRAMING_LATE, strict=True)
    ]
    return rng.choices(FRAMING_OPTIONS, weights=weights)[0]


def stage(progress: float) -> str:
    return "early" if progress < 0.34 else "middle" if progress < 0.67 else "late"


def free_text(
    rng: random.Random,
    question: Question,
    org_kind: str,
    progress: float,
    chosen_framing: str | None,
) -> str | None:
    code = question.code
    if code in comments.ROUNDTABLE:
        return rng.choice(comments.ROUNDTABLE[code]) if rng.random() < 0.6 else None
    if code == "framing_text" and chosen_framing:
        return rng.choice(comments.FRAMING_TEXT[chosen_framing]) if rng.random() < 0.3 else None
    if code == "pt_build":
        pool = comments.TRUST.get(org_kind, comments.TRUST["council"])
        return rng.choice(pool) if rng.random() < 0.4 else None
    if rng.random() >= 0.3:
        return None
    pool = comments.IMPROVE[stage(progress)]
    text = rng.choice(pool)
    if rng.random() < 0.25:
        text = f"{text} {rng.choice(pool)}"
    return text


def answers_for(
    rng: random.Random, questions: list[Question], org_kind: str, progress: float
) -> list[AnswerValue]:
    """One respondent's answers; ``progress`` runs from 0 (first wave) to 1 (latest)."""
    answers: list[AnswerValue] = []
    chosen_framing = None
    for question in questions:
        kind = question.kind
        if kind == QuestionKind.AGREEMENT:
            if question.allow_dont_know and rng.random() < 0.03:
                answers.append(AnswerValue(question.id, choice=DONT_KNOW))
            else:
                value = agreement(rng, question.construct, org_kind, progress)
                answers.append(AnswerValue(question.id, number=value))
        elif kind == QuestionKind.SCALE_0_10:
            base = 6.2 + 1.4 * progress + (-0.8 if org_kind == "council" else 0.3)
            value = max(0, min(10, round(rng.gauss(base, 2.0))))
            answers.append(AnswerValue(question.id, number=value))
        elif kind == QuestionKind.SINGLE_CHOICE:
            if question.code == "framing":
                chosen_framing = framing(rng, progress)
                answers.append(AnswerValue(question.id, choice=chosen_framing))
            else:
                answers.append(AnswerValue(question.id, choice=rng.choice(question.options)))
        elif kind == QuestionKind.MULTIPLE_CHOICE:
            picked = rng.sample(question.options, k=rng.randint(1, 3))
            answers.extend(AnswerValue(question.id, choice=option) for option in picked)
        else:
            text = free_text(rng, question, org_kind, progress, chosen_framing)
            if text:
                answers.append(AnswerValue(question.id, text=text))
    return answers
