"""Typed SQLAlchemy models, one module per domain; importing this registers them all."""

from engage.domain import (
    AuditAction,
    Cadence,
    OrganisationKind,
    QuestionKind,
    Role,
    SurveyKind,
    WaveStatus,
)
from engage.models.access_code import AccessCode
from engage.models.account import (
    Invitation,
    PasswordReset,
    RecoveryCode,
    RememberToken,
    UserSession,
)
from engage.models.analysis import (
    AnalysisJob,
    CodebookTheme,
    CodedExample,
    CommentAnalysis,
    CommentTheme,
    DismissedPhrase,
    FigureRevision,
    ProgrammeModel,
    StagedImport,
)
from engage.models.audit import AuditEvent
from engage.models.organisation import Group, Organisation
from engage.models.programme import Programme
from engage.models.reporting import (
    CellRelease,
    ConstructCell,
    CountCell,
    FoldMark,
    ReleasedConstructCell,
    ReleasedCountCell,
)
from engage.models.response import Answer, Response
from engage.models.survey import Question, Survey, SurveyVersion
from engage.models.user import Membership, User
from engage.models.wave import Link, StandingLink, Wave

__all__ = [
    "Invitation",
    "PasswordReset",
    "RecoveryCode",
    "RememberToken",
    "UserSession",
    "AccessCode",
    "AuditAction",
    "AuditEvent",
    "AnalysisJob",
    "CodebookTheme",
    "CodedExample",
    "CellRelease",
    "CommentAnalysis",
    "CommentTheme",
    "Answer",
    "Cadence",
    "ConstructCell",
    "CountCell",
    "DismissedPhrase",
    "FigureRevision",
    "FoldMark",
    "Link",
    "StandingLink",
    "Membership",
    "Organisation",
    "OrganisationKind",
    "Programme",
    "ProgrammeModel",
    "StagedImport",
    "Question",
    "ReleasedConstructCell",
    "ReleasedCountCell",
    "QuestionKind",
    "Response",
    "Role",
    "Group",
    "Survey",
    "SurveyKind",
    "SurveyVersion",
    "User",
    "Wave",
    "WaveStatus",
]
