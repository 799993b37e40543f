"""Built-in survey templates.

The items are our own wording, written from the worries in the seed documents: staff who
read transformation as cost cutting, a language problem, partners who manage money
differently, contract management that is nobody's day job, and trust that must be earned.
The engagement block follows the *structure* of the Civil Service People Survey engagement
index (five agreement items scored 0/25/50/75/100 and averaged) but not its wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engage.domain import Cadence, QuestionKind, SurveyKind

A = QuestionKind.AGREEMENT

FRAMING_OPTIONS = [
    "Cutting costs",
    "Better services for residents",
    "New ways of working",
    "Digital and technology",
    "Restructuring and job changes",
    "I'm not sure",
]


@dataclass(frozen=True)
class QuestionSpec:
    code: str
    kind: QuestionKind
    text: str
    hint: str = ""
    required: bool = False
    construct: str | None = None
    options: list[str] = field(default_factory=list)
    allow_dont_know: bool = False
    max_length: int | None = None


@dataclass(frozen=True)
class SurveyTemplate:
    key: str
    name: str
    summary: str
    kind: SurveyKind
    cadence: Cadence | None
    purpose: str
    questions: list[QuestionSpec]


def agree(code: str, text: str, construct: str, hint: str = "") -> QuestionSpec:
    return QuestionSpec(code, A, text, hint=hint, construct=construct, allow_dont_know=True)


ENGAGEMENT_BLOCK = [
    agree("eng_proud", "I am proud to tell people where I work.", "engagement"),
    agree(
        "eng_recommend", "I would recommend my organisation as a good place to work.", "engagement"
    ),
    agree("eng_attached", "I feel a real attachment to my organisation.", "engagement"),
    agree("eng_inspired", "My organisation inspires me to do my best work.", "engagement"),
    agree("eng_motivated", "My organisation motivates me to help it meet its goals.", "engagement"),
]

TRANSFORMATION_PULSE = SurveyTemplate(
    key="transformation_pulse",
    name="Transformation pulse",
    summary="A two-minute fortnightly check on how staff understand and experience change.",
    kind=SurveyKind.PULSE,
    cadence=Cadence.FORTNIGHTLY,
    purpose=(
        "This short pulse asks how the transformation programme is landing in your area, "
        "so the programme team can see what is working and what needs explaining better."
    ),
    questions=[
        agree(
            "tu_understand",
            "I understand what transformation means for my service.",
            "transformation_understanding",
        ),
        agree(
            "tu_beyond_cost",
            "The changes are about improving services for residents, not only saving money.",
            "transformation_understanding",
        ),
        agree("comm_why", "Leaders have explained why the changes are happening.", "communication"),
        agree(
            "comm_plain",
            "Updates about the programme are in language I understand.",
            "communication",
        ),
        agree(
            "cr_support",
            "I have the time and support I need to work in new ways.",
            "change_readiness",
        ),
        agree(
            "cr_influence", "I can influence how changes in my area are made.", "change_readiness"
        ),
        agree(
            "pt_together",
            "Council and partner staff work well together in my area.",
            "partnership_trust",
        ),
        QuestionSpec(
            "enps",
            QuestionKind.SCALE_0_10,
            "How likely are you to recommend your organisation as a place to work?",
            hint="0 means not at all likely, 10 means extremely likely.",
            construct="engagement",
        ),
        QuestionSpec(
            "framing",
            QuestionKind.SINGLE_CHOICE,
            "Which of these is closest to what 'transformation' means to you?",
            options=FRAMING_OPTIONS,
        ),
        QuestionSpec(
            "framing_text",
            QuestionKind.SHORT_TEXT,
            "In a sentence, what does transformation mean to you?",
            max_length=300,
        ),
        QuestionSpec(
            "improve",
            QuestionKind.LONG_TEXT,
            "What one thing would make the changes work better in your area?",
            hint="Please do not name colleagues. Names, emails and phone numbers are removed "
            "before anyone reads the comments.",
        ),
    ],
)

PARTNERSHIP_TRUST = SurveyTemplate(
    key="partnership_trust",
    name="Partnership trust (mirrored)",
    summary="The same items asked of both partners, so each side's trust can be compared.",
    kind=SurveyKind.PULSE,
    cadence=Cadence.QUARTERLY,
    purpose=(
        "Staff in both partner organisations answer the same questions about the other "
        "organisation, so the partnership can see where trust is strong and where it is not."
    ),
    questions=[
        agree(
            "pt_keeps_word",
            "The partner organisation does what it says it will do.",
            "partnership_trust",
        ),
        agree(
            "pt_open",
            "The partner shares information openly, including bad news.",
            "partnership_trust",
        ),
        agree(
            "pt_shared_outcomes",
            "Both organisations are working towards the same outcomes.",
            "partnership_trust",
        ),
        agree(
            "pt_money",
            "The partner understands how my organisation manages money.",
            "partnership_trust",
        ),
        agree(
            "pt_raise_problems",
            "I can raise a problem with the partner without it turning into a dispute.",
            "partnership_trust",
        ),
        agree(
            "cm_time",
            "The contract is managed by people who have the time to do it well.",
            "contract_management",
        ),
        agree(
            "cm_incentives",
            "The contract rewards both sides for better outcomes, not only for hitting targets.",
            "contract_management",
        ),
        agree(
            "inn_ideas",
            "The partner brings new ideas, not only what the contract specifies.",
            "innovation",
        ),
        QuestionSpec(
            "pt_overall",
            QuestionKind.SCALE_0_10,
            "Overall, how much do you trust the partner organisation?",
            hint="0 means not at all, 10 means completely.",
        ),
        QuestionSpec(
            "pt_build",
            QuestionKind.LONG_TEXT,
            "What would build more trust between the two organisations?",
        ),
    ],
)

ROUNDTABLE_FEEDBACK = SurveyTemplate(
    key="roundtable_feedback",
    name="Roundtable feedback",
    summary="A one-session feedback form to put on the screen as a QR code.",
    kind=SurveyKind.ROUNDTABLE,
    cadence=None,
    purpose="Tell us what you took from today's session and what should happen next.",
    questions=[
        agree("rt_good_use", "The session was a good use of my time.", "session_value"),
        agree("rt_heard", "I had the chance to say what I think.", "session_value"),
        agree(
            "rt_clearer",
            "I have a clearer picture of what transformation means for us.",
            "transformation_understanding",
        ),
        QuestionSpec(
            "rt_priority",
            QuestionKind.MULTIPLE_CHOICE,
            "Which should the partners work on first?",
            hint="Select all that apply.",
            options=[
                "Contract management",
                "Agreeing shared outcomes",
                "Explaining the changes to staff",
                "Working with neighbouring authorities",
                "Procurement",
                "Room to innovate",
            ],
        ),
        QuestionSpec(
            "rt_definition",
            QuestionKind.SHORT_TEXT,
            "How would you define transformation in one sentence?",
            max_length=300,
        ),
        QuestionSpec(
            "rt_useful", QuestionKind.LONG_TEXT, "What was the most useful point raised today?"
        ),
        QuestionSpec("rt_next", QuestionKind.LONG_TEXT, "What should happen next?"),
    ],
)

ENGAGEMENT_SURVEY = SurveyTemplate(
    key="engagement_block",
    name="Engagement block",
    summary="Five agreement items averaged into a 0-100 engagement index, People Survey style.",
    kind=SurveyKind.PULSE,
    cadence=Cadence.QUARTERLY,
    purpose="A short check on how people feel about working here.",
    questions=ENGAGEMENT_BLOCK,
)

TEMPLATES: dict[str, SurveyTemplate] = {
    template.key: template
    for template in (
        TRANSFORMATION_PULSE,
        PARTNERSHIP_TRUST,
        ROUNDTABLE_FEEDBACK,
        ENGAGEMENT_SURVEY,
    )
}


def templates_for(kind: SurveyKind) -> list[SurveyTemplate]:
    """The templates written for this kind of survey: a roundtable's questions are about
    one session in a room, a pulse's about change over waves, so neither fits the other."""
    return [template for template in TEMPLATES.values() if template.kind == kind]
