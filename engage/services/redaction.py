"""Redacted copies of comments: made by the folder as it folds a response, and redone in
the background when the rules improve.

The original text is read only here, by the folder and by a programme admin's download of
originals (when the programme allows it); everything else reads ``Answer.redacted``. Each
copy records the rules version that made it (``RULES_VERSION``), so after an upgrade the
copies made under older rules are found and redone by one job per programme
(``JobKind.REDACT``), a batch per transaction with its progress, like any background job.
The folder starts those jobs when it starts (every deployment restarts it), and so does
``flask --app wsgi redact``.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select, update

from engage import database
from engage.analysis.redact import RULES_VERSION, redact
from engage.domain import JobKind
from engage.extensions import db
from engage.models import AnalysisJob, Answer, Programme, Response, Survey, Wave
from engage.services import analysis, background

BATCH = 100  # comments per write transaction: SQLite's lock is held briefly


def copy_of(text: str | None) -> dict:
    """The columns that go beside an original: its redacted copy and the rules version."""
    if text is None:
        return {"redacted": None, "redaction_version": None}
    return {"redacted": redact(text), "redaction_version": RULES_VERSION}


def store(copies: list[tuple[int, str]]) -> None:
    """Redacted copies, made beforehand outside the write lock, written by answer id."""
    if copies:
        db.session.execute(
            update(Answer),
            [
                {"id": answer_id, "redacted": text, "redaction_version": RULES_VERSION}
                for answer_id, text in copies
            ],
        )


def stale(programme_id: int):
    """Ids of the programme's folded comments redacted under older rules (or never)."""
    return (
        select(Answer.id)
        .join(Response, Response.id == Answer.response_id)
        .join(Wave, Wave.id == Response.wave_id)
        .join(Survey, Survey.id == Wave.survey_id)
        .where(
            Survey.programme_id == programme_id,
            Response.pending.is_(False),  # the folder redacts those
            Answer.text.is_not(None),
            or_(Answer.redaction_version.is_(None), Answer.redaction_version < RULES_VERSION),
        )
    )


def stale_count(programme_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(stale(programme_id).subquery()))


def start(programme: Programme) -> tuple[AnalysisJob, bool] | None:
    """Queue the programme's re-redaction if any copy is out of date (None if none is)."""
    count = stale_count(programme.id)
    return background.start(programme, JobKind.REDACT, count) if count else None


def start_all() -> list[tuple[Programme, AnalysisJob, bool]]:
    """One re-redaction job for each programme with out-of-date copies (on deploy)."""
    started = []
    for programme in db.session.scalars(select(Programme).order_by(Programme.id)).all():
        found = start(programme)
        if found is not None:
            started.append((programme, *found))
    return started


def run_redaction(job_id: int) -> None:
    """Redo every out-of-date copy of the job's programme, a batch per transaction: the
    originals are read and redacted outside the write lock, then written with progress.
    If any copy changed, a re-analysis follows, so the figures come from the new copies."""
    with database.reading():
        programme_id = db.session.get(AnalysisJob, job_id).programme_id
        ids = db.session.scalars(stale(programme_id).order_by(Answer.id)).all()
        db.session.rollback()
    background.progress(job_id, 0, len(ids), f"Redacting with rules version {RULES_VERSION}")
    changed = 0
    for first in range(0, len(ids), BATCH):
        batch = ids[first : first + BATCH]
        with database.reading():
            rows = db.session.execute(
                select(Answer.id, Answer.text, Answer.redacted).where(Answer.id.in_(batch))
            ).all()
            db.session.rollback()
        redone = [(answer_id, redact(text), old) for answer_id, text, old in rows if text]
        changed += sum(new != old for _id, new, old in redone)
        with database.writing():
            store([(answer_id, new) for answer_id, new, _old in redone])
            background.progress(job_id, first + len(batch), message=f"{changed:,} copies changed")
    if changed:
        analysis.start_reanalysis(db.session.get(Programme, programme_id))
