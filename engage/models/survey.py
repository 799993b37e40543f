"""Surveys, their versions and questions.

A survey's questions live in a numbered version. Once a version has answers it is frozen:
editing makes a new version, so earlier waves keep exactly the questions their respondents
saw. ``Question.code`` stays the same across versions, which is how a trend follows an item.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.domain import DEFAULT_TEXT_LIMIT, Cadence, QuestionKind, SurveyKind
from engage.extensions import db
from engage.models.columns import TIMESTAMP, enum_column_type, utcnow

if TYPE_CHECKING:
    from engage.models.programme import Programme
    from engage.models.wave import Wave


class Survey(db.Model):
    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    kind: Mapped[SurveyKind] = mapped_column(enum_column_type(SurveyKind))
    title: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text, default="")
    # The Welsh wording, shown when the programme offers Welsh; empty: the English is shown.
    title_cy: Mapped[str] = mapped_column(String(200), default="")
    purpose_cy: Mapped[str] = mapped_column(Text, default="")
    cadence: Mapped[Cadence | None] = mapped_column(enum_column_type(Cadence))
    created_at: Mapped[datetime] = mapped_column(TIMESTAMP, default=utcnow)

    programme: Mapped[Programme] = relationship(back_populates="surveys")
    versions: Mapped[list[SurveyVersion]] = relationship(
        back_populates="survey", order_by="SurveyVersion.number", cascade="all, delete-orphan"
    )
    waves: Mapped[list[Wave]] = relationship(
        back_populates="survey", order_by="Wave.number", cascade="all, delete-orphan"
    )

    @property
    def current_version(self) -> SurveyVersion:
        return self.versions[-1]

    def __repr__(self) -> str:
        return f"<Survey {self.title}>"


class SurveyVersion(db.Model):
    __tablename__ = "survey_versions"
    __table_args__ = (UniqueConstraint("survey_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    number: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(TIMESTAMP, default=utcnow)

    survey: Mapped[Survey] = relationship(back_populates="versions")
    questions: Mapped[list[Question]] = relationship(
        back_populates="version", order_by="Question.position", cascade="all, delete-orphan"
    )


class Question(db.Model):
    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("version_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("survey_versions.id", ondelete="CASCADE"))
    position: Mapped[int]
    code: Mapped[str] = mapped_column(String(64))
    kind: Mapped[QuestionKind] = mapped_column(enum_column_type(QuestionKind))
    text: Mapped[str] = mapped_column(String(500))
    hint: Mapped[str] = mapped_column(String(500), default="")
    required: Mapped[bool] = mapped_column(default=False)
    construct: Mapped[str | None] = mapped_column(String(64))
    options: Mapped[list[str]] = mapped_column(JSON, default=list)
    allow_dont_know: Mapped[bool] = mapped_column(default=False)
    max_length: Mapped[int | None]
    # Welsh wording; the stored answer of a choice is always the English option, so
    # figures do not split by the language people answered in.
    text_cy: Mapped[str] = mapped_column(String(500), default="")
    hint_cy: Mapped[str] = mapped_column(String(500), default="")
    options_cy: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True))

    version: Mapped[SurveyVersion] = relationship(back_populates="questions")

    @property
    def text_limit(self) -> int:
        return self.max_length or DEFAULT_TEXT_LIMIT

    def __repr__(self) -> str:
        return f"<Question {self.code}>"
