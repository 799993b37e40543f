"""What the engine concluded about each comment, the programme's codebook, and the
background jobs that re-analyse comments when the codebook or a model changes."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from engage.domain import ExportKind, JobKind, JobStatus
from engage.extensions import db
from engage.models.columns import TIMESTAMP, utcnow

ACTIVE = "status IN ('queued', 'running')"


class CommentAnalysis(db.Model):
    """One row per free-text answer. An analyst's code, when present, wins over the machine's."""

    __tablename__ = "comment_analyses"

    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True
    )
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    sentiment: Mapped[str] = mapped_column(String(16))
    polarity: Mapped[float]
    subjectivity: Mapped[float]
    score: Mapped[float]
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    framing: Mapped[str | None] = mapped_column(String(64))
    analyser_version: Mapped[str] = mapped_column(String(64))
    # "cy": written in Welsh, so no English sentiment, themes or framing were run on it.
    language: Mapped[str] = mapped_column(String(8), default="en")
    coded_sentiment: Mapped[str | None] = mapped_column(String(16))
    coded_themes: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True))
    coded_framing: Mapped[str | None] = mapped_column(String(64))
    # Random, so an address says nothing of when a comment came, and lists ordered by it
    # never put an open wave's or a small group's comments together (answer ids would).
    ref: Mapped[str] = mapped_column(
        String(24), unique=True, default=lambda: secrets.token_urlsafe(12)
    )

    @property
    def final_framing(self) -> str | None:
        return self.coded_framing or self.framing

    @property
    def final_sentiment(self) -> str:
        return self.coded_sentiment or self.sentiment

    @property
    def final_themes(self) -> list[str]:
        return self.coded_themes if self.coded_themes is not None else self.themes


class CodebookTheme(db.Model):
    __tablename__ = "codebook_themes"
    __table_args__ = (UniqueConstraint("programme_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(String(500), default="")
    phrases: Mapped[list[str]] = mapped_column(JSON, default=list)


class AnalysisJob(db.Model):
    """Background work of a programme (``JobKind``), with its progress so the page can show
    how far it has got. The partial unique index allows one queued or running job per
    programme and kind, so eight clicks on "Train now" start one job. ``worker`` and
    ``heartbeat_at`` say which process runs it and when it last said so, so a job whose
    process died is marked failed rather than left "running" for ever."""

    __tablename__ = "analysis_jobs"
    __table_args__ = (
        Index(
            "uq_analysis_jobs_active",
            "programme_id",
            "kind",
            unique=True,
            sqlite_where=text(ACTIVE),
            postgresql_where=text(ACTIVE),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16), default=JobKind.REANALYSE)
    status: Mapped[str] = mapped_column(String(16), default=JobStatus.QUEUED)
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(TIMESTAMP, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(TIMESTAMP)
    started_at: Mapped[datetime | None] = mapped_column(TIMESTAMP)
    heartbeat_at: Mapped[datetime | None] = mapped_column(TIMESTAMP)
    worker: Mapped[str] = mapped_column(String(120), default="")
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    # An uploaded file waiting to be imported; cleared when the job ends, whatever the end.
    payload: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    # An export job (``ExportKind``): what was asked for, and the file it made, kept until
    # the next export of that kind is made or for 24 hours, whichever comes first.
    export: Mapped[str] = mapped_column(String(24), default="")
    spec: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    result: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    result_name: Mapped[str] = mapped_column(String(200), default="")

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == JobStatus.DONE else 0
        return round(100 * self.done / self.total)

    @property
    def active(self) -> bool:
        return JobStatus(self.status).active

    @property
    def label(self) -> str:
        return JobKind(self.kind).label

    @property
    def unit(self) -> str:
        return JobKind(self.kind).unit

    @property
    def export_label(self) -> str:
        """Which export an export job makes ("Board pack"); other jobs' own label."""
        return ExportKind(self.export).label if self.export else self.label


class CodedExample(db.Model):
    """A comment coded by people outside Engage (imported), used only to train models."""

    __tablename__ = "coded_examples"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    source_id: Mapped[str] = mapped_column(String(120), default="")
    text: Mapped[str] = mapped_column(Text)
    question: Mapped[str] = mapped_column(String(500), default="")
    sentiment: Mapped[str | None] = mapped_column(String(16))
    themes: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True))
    framing: Mapped[str | None] = mapped_column(String(64))


class ProgrammeModel(db.Model):
    """A trained engine, signed so that only what Engage itself stored is ever loaded.
    Training makes a ``candidate`` with its ``comparison`` against what is in use; only
    the analyst's confirmation makes it ``active`` (one at a time); the one it replaces,
    or one switched off for the rules, is ``retired`` and kept for the record."""

    __tablename__ = "programme_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(TIMESTAMP, default=utcnow)
    version: Mapped[str] = mapped_column(String(64))
    report: Mapped[dict] = mapped_column(JSON, default=dict)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    signature: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="active", server_default="active")
    comparison: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    decided_at: Mapped[datetime | None] = mapped_column(TIMESTAMP)


class StagedImport(db.Model):
    """An uploaded file of coded comments, checked but not imported: it waits here until
    the analyst says what each theme name the codebook lacks becomes."""

    __tablename__ = "staged_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(TIMESTAMP, default=utcnow)
    payload: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)


class CommentTheme(db.Model):
    """The final themes of each comment, one row each, so prevalence is counted in SQL."""

    __tablename__ = "comment_themes"
    __table_args__ = (Index("ix_comment_themes_programme_theme", "programme_id", "theme"),)

    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[str] = mapped_column(String(120), primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))


class DismissedPhrase(db.Model):
    """A phrase an organiser dropped from theme discovery: it no longer forms groups."""

    __tablename__ = "dismissed_phrases"

    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True
    )
    phrase: Mapped[str] = mapped_column(String(200), primary_key=True)


class FigureRevision(db.Model):
    """A closed wave's figure that a re-analysis moved: before, after, when and why."""

    __tablename__ = "figure_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    wave_id: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"))
    figure: Mapped[str] = mapped_column(String(200))  # "net sentiment" or a theme's name
    before: Mapped[float | None]
    after: Mapped[float | None]
    reason: Mapped[str] = mapped_column(String(300))
    revised_at: Mapped[datetime] = mapped_column(TIMESTAMP, default=utcnow)
