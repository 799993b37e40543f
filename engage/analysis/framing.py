"""How a respondent defines transformation, from their own words.

Rules first (no training data); a programme's analyst codes train a model like the
other analyses. The labels match the framing options of the built-in pulse.
"""

from __future__ import annotations

from engage.analysis.codebook import Codebook, theme

UNCLEAR = "I'm not sure"
FRAMINGS = Codebook(
    (
        theme(
            "Cutting costs",
            "",
            "cost*, cut*, saving*, budget*, money, cheaper, austerity, "
            "less money, with less, efficien*, "
            "-great value for money, -good value for money, -value for money, -good value, "
            "-great value, -money well spent, -more money, "
            "-extra money, -budget for, -budgets for, -budget has gone up, -budget went up",
        ),
        theme(
            "Better services for residents",
            "",
            "resident*, customer*, people who contact, service user*, public, first time, "
            "better service*, improv* service*, outcomes, experience",
        ),
        theme(
            "New ways of working",
            "",
            "ways of working, working differently, work differently, new ways, joined*, "
            "together, collaborat*, culture, process*, duplication",
        ),
        theme(
            "Digital and technology",
            "",
            "digital*, online, technolog*, system*, self-service, self service, automat*, app",
        ),
        theme(
            "Restructuring and job changes",
            "",
            "restructur*, job*, posts, redundanc*, structure chart*, roles, moving roles",
        ),
        theme(
            UNCLEAR,
            "",
            "not sure, no idea, unclear, do not know, do not understand, "
            "no one knows, nobody knows, confus*, changes every",
        ),
    )
)


def classify(normalised_text: str) -> str:
    """The framing the text names first; unclear when it names none (or says so)."""
    matches = FRAMINGS.match(normalised_text)
    if not matches or UNCLEAR in matches:
        return UNCLEAR
    lowered = normalised_text.lower()
    return min(matches, key=lambda name: FRAMINGS.patterns[name].search(lowered).start())
