"""The domain's vocabulary: plain enums and values shared by models, services and the pure
packages (analysis, charts, exports), which must not import the database layer."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

# "Don't know" on an agreement item: stored as a choice, excluded from scores, reported.
DONT_KNOW = "dont_know"
DEFAULT_TEXT_LIMIT = 5000
# Scores are never shown for fewer people than this, whatever a programme asks for.
MIN_GROUP_FLOOR = 3


@dataclass(frozen=True)
class AnswerValue:
    """One submitted value, before it is stored: a rating, a chosen option or free text."""

    question_id: int
    number: int | None = None
    choice: str | None = None
    text: str | None = None

    def as_row(self) -> dict:
        """The four fields as a dict; what ``dataclasses.asdict`` gives, without its deep
        copy, which costs more than the insert on the submit path."""
        return {
            "question_id": self.question_id,
            "number": self.number,
            "choice": self.choice,
            "text": self.text,
        }


class OrganisationKind(enum.StrEnum):
    COUNCIL = "council"
    PRIVATE_PARTNER = "private_partner"
    VOLUNTARY_SECTOR = "voluntary_sector"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "council": "Council",
            "private_partner": "Private partner",
            "voluntary_sector": "Voluntary-sector body",
            "other": "Other",
        }[self.value]


class Role(enum.StrEnum):
    ADMIN = "admin"
    DIRECTOR = "director"
    ORGANISER = "organiser"

    @property
    def label(self) -> str:
        return {"admin": "Programme admin", "director": "Director", "organiser": "Organiser"}[
            self.value
        ]


class SurveyKind(enum.StrEnum):
    PULSE = "pulse"
    ROUNDTABLE = "roundtable"

    @property
    def label(self) -> str:
        return {"pulse": "Pulse survey", "roundtable": "Roundtable feedback"}[self.value]

    @property
    def round_word(self) -> str:
        """What one round of this kind is called, the one word every page and export uses:
        a pulse runs in waves, a roundtable meets in sessions."""
        return {"pulse": "wave", "roundtable": "session"}[self.value]

    @property
    def rounds_word(self) -> str:
        return f"{self.round_word}s"


class Cadence(enum.StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class QuestionKind(enum.StrEnum):
    AGREEMENT = "agreement"
    SCALE_0_10 = "scale_0_10"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"

    @property
    def label(self) -> str:
        return {
            "agreement": "Agreement (5 points)",
            "scale_0_10": "0 to 10 scale",
            "single_choice": "Single choice",
            "multiple_choice": "Multiple choice",
            "short_text": "Short text",
            "long_text": "Long text",
        }[self.value]

    @property
    def is_text(self) -> bool:
        return self in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)

    @property
    def is_choice(self) -> bool:
        return self in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)

    @property
    def is_rated(self) -> bool:
        return self in (QuestionKind.AGREEMENT, QuestionKind.SCALE_0_10)


class Measure(enum.StrEnum):
    """What a count cell counts, per wave, organisation and group (``CountCell.measure``)."""

    FRAMING = "framing"  # respondents per option of the framing question
    COMMENTERS = "commenters"  # respondents with an analysed comment
    THEME = "theme"  # respondents with the theme in any comment
    SENTIMENT = "sentiment"  # comments per final sentiment label
    THEME_COMMENTS = "theme_comments"  # comments carrying the theme
    THEME_POSITIVE = "theme_positive"  # ... of them positive
    THEME_NEGATIVE = "theme_negative"  # ... of them negative


class WaveStatus(enum.StrEnum):
    """``scheduled`` follows its dates; ``open`` and ``closed`` are an organiser's override."""

    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"


def wave_accepts(status: WaveStatus, opens_on: date, closes_on: date, today: date) -> bool:
    """Whether a wave takes answers today: an organiser's open or closed overrides its dates."""
    if status == WaveStatus.OPEN:
        return True
    if status == WaveStatus.CLOSED:
        return False
    return opens_on <= today <= closes_on


class AuditAction(enum.StrEnum):
    """What the audit log records: staff actions that change who can answer, or what leaves
    Engage, and the system's own flags. Never anything about a respondent."""

    WAVE_OPENED = "wave_opened"
    WAVE_REOPENED = "wave_reopened"
    WAVE_CLOSED = "wave_closed"
    LINK_CREATED = "link_created"
    LINK_CODES_ONLY = "link_codes_only"
    CODES_ISSUED = "codes_issued"
    EXPORT_DOWNLOADED = "export_downloaded"
    LINK_FLAGGED = "link_flagged"
    HEADCOUNT_CONFIRMED = "headcount_confirmed"
    ANSWERS_DELETED = "answers_deleted"
    COMMENTS_VIEWED = "comments_viewed"
    COMMENTS_RECODED = "comments_recoded"
    THRESHOLDS_CHANGED = "thresholds_changed"
    RETENTION_CHANGED = "retention_changed"
    SIGNED_IN = "signed_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGNED_OUT = "signed_out"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 (an event name)
    PASSWORD_RESET = "password_reset"  # noqa: S105 (an event name)
    ROLE_GRANTED = "role_granted"
    ROLE_REMOVED = "role_removed"
    ACCOUNT_DISABLED = "account_disabled"
    INVITATION_SENT = "invitation_sent"
    INVITATION_ACCEPTED = "invitation_accepted"
    TWO_FACTOR_ENABLED = "two_factor_enabled"
    TWO_FACTOR_REQUIRED = "two_factor_required"
    TWO_FACTOR_DISABLED = "two_factor_disabled"
    CODES_IMPORTED = "codes_imported"
    CODES_REMOVED = "codes_removed"
    MODEL_SWITCHED = "model_switched"
    ORIGINAL_COMMENTS = "original_comments"

    @property
    def label(self) -> str:
        return {
            "wave_opened": "Wave opened",
            "wave_reopened": "Wave reopened",
            "wave_closed": "Wave closed",
            "link_created": "Link created",
            "link_codes_only": "Link access changed",
            "codes_issued": "Single-use codes issued",
            "export_downloaded": "Export downloaded",
            "link_flagged": "Link flagged: more responses than people",
            "headcount_confirmed": "Headcount confirmed",
            "answers_deleted": "Answers deleted at the end of their retention period",
            "comments_viewed": "Comments read",
            "comments_recoded": "Comments recoded",
            "thresholds_changed": "Minimum group sizes changed",
            "retention_changed": "Retention period changed",
            "signed_in": "Signed in",
            "sign_in_failed": "Sign-in failed",
            "signed_out": "Signed out",
            "password_changed": "Password changed",
            "password_reset": "Password reset by email",
            "role_granted": "Role given or changed",
            "role_removed": "Role removed",
            "account_disabled": "Account disabled",
            "invitation_sent": "Invitation sent",
            "invitation_accepted": "Invitation accepted",
            "two_factor_enabled": "Second factor set up",
            "two_factor_required": "Second factor for admins changed",
            "two_factor_disabled": "Second factor turned off",
            "codes_imported": "Coded comments imported",
            "codes_removed": "Imported codes removed",
            "model_switched": "Analysis switched between rules and a trained model",
            "original_comments": "Download of original comments changed",
        }[self.value]


class JobKind(enum.StrEnum):
    """Background work of a programme; at most one of each kind is queued or running."""

    REANALYSE = "reanalyse"
    TRAIN = "train"
    IMPORT = "import"
    EXPORT = "export"
    REDACT = "redact"

    @property
    def label(self) -> str:
        return {
            "reanalyse": "Re-analysis",
            "train": "Training",
            "import": "Import of coded comments",
            "export": "Export",
            "redact": "Re-redaction",
        }[self.value]

    @property
    def unit(self) -> str:
        """What its progress counts."""
        return {
            "reanalyse": "comments",
            "train": "codes",
            "import": "rows",
            "export": "steps",
            "redact": "comments",
        }[self.value]


class ModelStatus(enum.StrEnum):
    """A trained model's place: made by training, in use once an analyst confirms it, or
    set aside (switched away from, or back to the rules)."""

    CANDIDATE = "candidate"
    ACTIVE = "active"
    RETIRED = "retired"


class ExportKind(enum.StrEnum):
    """A download of a whole programme, made by a background job (``JobKind.EXPORT``)."""

    BOARD_PACK = "board-pack"
    THEME_SUMMARY = "theme-summary"
    RESPONSES = "responses"

    @property
    def label(self) -> str:
        return {
            "board-pack": "Board pack",
            "theme-summary": "Theme summary of the whole programme",
            "responses": "Raw anonymised responses",
        }[self.value]


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def active(self) -> bool:
        return self in (JobStatus.QUEUED, JobStatus.RUNNING)
