"""What a respondent submitted. Nothing here can identify them.

No IP address, user agent, cookie or account is stored, and the time is kept as a date
only. Organisation, group and wave are copied from the link so that reporting
aggregates in SQL without joining through links.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.extensions import db

if TYPE_CHECKING:
    from engage.models.survey import Question


class Response(db.Model):
    __tablename__ = "responses"
    __table_args__ = (
        Index("ix_responses_wave_org_segment", "wave_id", "organisation_id", "segment_id"),
        Index(
            "ix_responses_pending",
            "id",
            sqlite_where=text("pending = 1"),
            postgresql_where=text("pending"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"))
    link_id: Mapped[int] = mapped_column(ForeignKey("links.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    group_id: Mapped[int | None] = mapped_column("segment_id", ForeignKey("segments.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("survey_versions.id"))
    submitted_on: Mapped[date]
    # The idempotency key from the form: a double tap or a retry finds the first response.
    submission_token: Mapped[str] = mapped_column(String(36), unique=True)
    # Tells a harmless retry (same answers) from a stale page re-sent with new answers.
    payload_digest: Mapped[str] = mapped_column(String(64))
    # Stored but not yet in the cells: the folder (``services.folding``) analyses its
    # comments and adds it to the figures after the submission commits, then clears this.
    pending: Mapped[bool] = mapped_column(default=False, server_default=false())

    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class Answer(db.Model):
    """One value: a rating in ``number``, a chosen option in ``choice``, or free ``text``.

    A multiple-choice question stores one row per ticked option so that counts are plain
    SQL. "Don't know" on an agreement item is ``choice='dont_know'`` with no number.
    """

    __tablename__ = "answers"
    __table_args__ = (Index("ix_answers_question_response", "question_id", "response_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"))
    number: Mapped[int | None]
    choice: Mapped[str | None] = mapped_column(String(200))
    # What the respondent typed. Only the write path (the folder, the re-redaction job) and
    # the programme admin's raw download of originals, when the programme allows it, read
    # it; every other reader takes ``redacted`` (tests/test_architecture.py holds this).
    text: Mapped[str | None] = mapped_column(Text)
    # The comment as it may be read: names and identifiers removed by the folder after the
    # submission commits. NULL until then, so an unredacted comment is never shown.
    redacted: Mapped[str | None] = mapped_column(Text)
    # engage.analysis.redact.RULES_VERSION at the time: older copies are redone in the
    # background when the rules improve.
    redaction_version: Mapped[int | None]

    response: Mapped[Response] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()
