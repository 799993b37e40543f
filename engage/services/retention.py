"""Deleting answers when their retention period ends, as respondents were promised.

A wave's answers are kept for the period frozen on the wave (the one its respondents were
shown), counted from the day it closed. When it ends, the wave's responses go, and with
them their answers, comment analyses and themes (by cascade), the wave's pre-aggregated
and released cells, and any model a programme trained on analysts' codes of those
comments. The wave itself stays, empty, so the trend shows that it happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import delete, func, select

from engage.domain import AuditAction
from engage.extensions import db
from engage.models import (
    Answer,
    CellRelease,
    CommentAnalysis,
    ConstructCell,
    CountCell,
    ProgrammeModel,
    ReleasedConstructCell,
    ReleasedCountCell,
    Response,
    Wave,
)
from engage.services import audit, waves

CELLS = (ConstructCell, CountCell, ReleasedConstructCell, ReleasedCountCell, CellRelease)


@dataclass(frozen=True)
class Expired:
    """One wave past its retention period, and what deleting it removes."""

    programme: str
    wave: str
    closed_on: date
    kept_until: date
    responses: int
    answers: int
    comments: int


@dataclass
class PurgeReport:
    waves: list[Expired] = field(default_factory=list)
    models: int = 0
    dry_run: bool = False

    @property
    def responses(self) -> int:
        return sum(wave.responses for wave in self.waves)


def kept_until(wave: Wave) -> date:
    return wave.closes_on + relativedelta(months=wave.retention_months)


def expired(today: date) -> list[Wave]:
    """Waves with answers whose retention period has ended."""
    answered = db.session.scalars(
        select(Wave).where(Wave.id.in_(select(Response.wave_id).distinct()))
    ).all()
    return sorted(
        (wave for wave in answered if kept_until(wave) < today),
        key=lambda wave: (wave.survey_id, wave.number),
    )


def count(query) -> int:
    return db.session.scalar(query) or 0


def describe(wave: Wave) -> Expired:
    in_wave = Response.wave_id == wave.id
    return Expired(
        wave.survey.programme.slug,
        waves.describe(wave),
        wave.closes_on,
        kept_until(wave),
        count(select(func.count(Response.id)).where(in_wave)),
        count(select(func.count(Answer.id)).join(Response).where(in_wave)),
        count(
            select(func.count(CommentAnalysis.answer_id)).join(Answer).join(Response).where(in_wave)
        ),
    )


def purge(today: date, dry_run: bool = False) -> PurgeReport:
    """Delete every expired wave's answers (or, with ``dry_run``, only say what would go)."""
    report = PurgeReport(dry_run=dry_run)
    for wave in expired(today):
        report.waves.append(describe(wave))
        if not dry_run:
            report.models += delete_wave_answers(wave)
    if not dry_run:
        db.session.commit()
    return report


def delete_wave_answers(wave: Wave) -> int:
    """One wave's answers and everything derived from them; the models trained on its
    analysts' codes too. Returns how many models went."""
    coded = db.session.scalar(
        select(func.count(CommentAnalysis.answer_id))
        .join(Answer)
        .join(Response)
        .where(
            Response.wave_id == wave.id,
            (CommentAnalysis.coded_sentiment.is_not(None))
            | (CommentAnalysis.coded_themes.is_not(None))
            | (CommentAnalysis.coded_framing.is_not(None)),
        )
    )
    programme = wave.survey.programme
    models = 0
    if coded:
        models = db.session.execute(
            delete(ProgrammeModel).where(ProgrammeModel.programme_id == programme.id)
        ).rowcount
    gone = describe(wave)
    db.session.execute(delete(Response).where(Response.wave_id == wave.id))
    for table in CELLS:
        db.session.execute(delete(table).where(table.wave_id == wave.id))
    audit.record(
        programme,
        None,
        AuditAction.ANSWERS_DELETED,
        waves.describe(wave),
        f"{gone.responses} responses, {gone.answers} answers and {gone.comments} "
        f"comments, kept until {kept_until(wave):%-d %B %Y}"
        + (f"; {models} trained model(s) removed" if models else ""),
    )
    return models
