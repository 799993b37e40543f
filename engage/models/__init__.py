"""Typed SQLAlchemy models, one module per domain; importing this registers them all."""

from engage.models.organisation import Organisation, OrganisationKind, Segment
from engage.models.programme import Programme
from engage.models.response import Answer, Response
from engage.models.survey import Cadence, Question, QuestionKind, Survey, SurveyKind, SurveyVersion
from engage.models.user import Membership, Role, User
from engage.models.wave import Link, Wave, WaveStatus

__all__ = [
    "Answer",
    "Cadence",
    "Link",
    "Membership",
    "Organisation",
    "OrganisationKind",
    "Programme",
    "Question",
    "QuestionKind",
    "Response",
    "Role",
    "Segment",
    "Survey",
    "SurveyKind",
    "SurveyVersion",
    "User",
    "Wave",
    "WaveStatus",
]
