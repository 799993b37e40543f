"""Whole-programme downloads (the board pack, the theme summary of every wave, the raw
responses) made by a background job rather than inside a web request: drawing a board
pack's charts or reading every answer of a programme takes seconds, and a web worker busy
with it is one fewer for respondents.

There is one export job per programme at a time (the jobs' unique index): a file is the
same whoever asks for it (nothing in it depends on the person), so one job's file serves
everyone allowed to download that export, and one programme cannot fill the workers with
exports. The file is kept in the job's row, so any web node can hand it out whichever
worker made it, until the next export of that kind is made or for ``KEPT_FOR``. The
download itself is recorded in the audit log, as an immediate download always was.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import undefer

from engage import database
from engage.domain import ExportKind, JobKind, JobStatus
from engage.exports import writers
from engage.extensions import db
from engage.models import AnalysisJob, Programme
from engage.models.columns import utcnow
from engage.services import background, board, lookup
from engage.services.access import Action
from engage.services.errors import NotFound
from engage.services.reading import dashboard as insights
from engage.services.reading import raw as raw_export
from engage.services.reading import summaries

KEPT_FOR = timedelta(hours=24)
STEPS = 3  # started; figures read and the file written; the file kept
ACTIONS = {
    ExportKind.BOARD_PACK: Action.VIEW,
    ExportKind.THEME_SUMMARY: Action.VIEW,
    ExportKind.RESPONSES: Action.ADMINISTER,
}
FORMATS = {
    ExportKind.BOARD_PACK: tuple(board.WRITERS),
    ExportKind.THEME_SUMMARY: tuple(writers.WRITERS),
    ExportKind.RESPONSES: ("csv", "xlsx"),
}


@dataclass(frozen=True)
class Made:
    content: bytes
    name: str


def request(
    programme: Programme,
    export: ExportKind,
    fmt: str,
    filters: insights.Filters | None = None,
    published: bool = False,
    originals: bool = False,
) -> tuple[AnalysisJob, bool]:
    """Queue an export, or return the export job already queued or running (and False).
    ``originals`` (raw responses only, while the programme allows it) keeps comments as
    typed instead of their redacted copies."""
    spec = {"fmt": fmt, "filters": asdict(filters or insights.Filters()), "published": published}
    if originals and export is ExportKind.RESPONSES and programme.allow_original_comments:
        spec["originals"] = True
    return background.start(
        programme, JobKind.EXPORT, STEPS, fields={"export": export, "spec": spec}
    )


def described(export: ExportKind, spec: dict) -> tuple[str, str]:
    """What the audit log records of a download: the words an immediate download used."""
    if export is ExportKind.BOARD_PACK:
        return "Board pack", insights.Filters(**spec["filters"]).described()
    if export is ExportKind.THEME_SUMMARY:
        published = ", prepared for publication" if spec["published"] else ""
        return "Theme summary" + published, "whole programme"
    if spec.get("originals"):
        return "Responses with original comments (not redacted)", "all waves"
    return "Anonymised responses", "all waves"


def make(programme: Programme, export: ExportKind, spec: dict) -> Made:
    """The file, from the read side's figures exactly as an immediate download made it
    (``flask export-dashboard`` and ``export-themes`` make the same bytes)."""
    fmt, today = spec["fmt"], date.today()
    if export is ExportKind.BOARD_PACK:
        filters = insights.Filters(**spec["filters"])
        content = board.render(board.build(programme, filters), fmt)
        return Made(content, board.file_name(programme, filters, fmt))
    if export is ExportKind.THEME_SUMMARY:
        scope = summaries.scope_of(programme, None, spec["published"])
        return Made(
            encoded(writers.WRITERS[fmt](summaries.build(scope))), scope.file_name(fmt, today)
        )
    originals = bool(spec.get("originals"))
    name = f"{programme.slug}-responses{'-original-comments' if originals else ''}-{today:%Y%m%d}"
    return Made(responses_file(programme, fmt, originals), f"{name}.{fmt}")


def responses_file(programme: Programme, fmt: str, originals: bool = False) -> bytes:
    header, rows = raw_export.table(programme, originals)
    title = (
        f"Responses with original comments (not redacted): {programme.name}"
        if originals and programme.allow_original_comments
        else f"Anonymised responses: {programme.name}"
    )
    tables = {"Responses": (header, rows)}
    if fmt == "csv":
        return encoded(writers.tables_to_csv([title], tables))
    return writers.tables_to_xlsx(title, tables)


def encoded(content: bytes | str) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def run_export(job_id: int) -> None:
    """The job's body. The figures are read in a reading transaction (no write lock held
    on SQLite while the charts are drawn), unless reading them must release a wave's
    cells, which needs the lock; then the file replaces the older one of its kind."""
    purge_expired()
    with database.reading():
        job = db.session.get(AnalysisJob, job_id)
        programme_id, export, spec = job.programme_id, ExportKind(job.export), dict(job.spec)
        db.session.rollback()
    background.progress(job_id, 1, STEPS, f"Making the {export.label.lower()} ({spec['fmt']})")
    made = made_in_job(programme_id, export, spec)
    background.progress(job_id, 2, message=f"Keeping {made.name}")
    keep(job_id, programme_id, export, made)


def made_in_job(programme_id: int, export: ExportKind, spec: dict) -> Made:
    try:
        with database.reading():
            made = make(db.session.get(Programme, programme_id), export, spec)
            db.session.commit()
            return made
    except OperationalError:  # the read had to write (a release) on a stale snapshot
        db.session.rollback()
    made = make(db.session.get(Programme, programme_id), export, spec)
    db.session.commit()
    return made


def keep(job_id: int, programme_id: int, export: ExportKind, made: Made) -> None:
    """Store the file and forget the older one of the same kind, in one transaction."""
    db.session.execute(
        update(AnalysisJob)
        .where(
            AnalysisJob.programme_id == programme_id,
            AnalysisJob.kind == JobKind.EXPORT,
            AnalysisJob.export == export,
            AnalysisJob.id != job_id,
            AnalysisJob.result.is_not(None),
        )
        .values(result=None)
    )
    db.session.execute(
        update(AnalysisJob)
        .where(AnalysisJob.id == job_id)
        .values(result=made.content, result_name=made.name[:200], done=STEPS)
    )
    db.session.commit()


def purge_expired() -> int:
    """Forget every export file made more than ``KEPT_FOR`` ago."""
    with database.writing():
        db.session.rollback()
        cleared = db.session.execute(
            update(AnalysisJob)
            .where(
                AnalysisJob.kind == JobKind.EXPORT,
                AnalysisJob.result.is_not(None),
                AnalysisJob.finished_at < utcnow() - KEPT_FOR,
            )
            .values(result=None)
        ).rowcount
        db.session.commit()
    return cleared


def latest(programme: Programme) -> dict[ExportKind, AnalysisJob | None]:
    """The newest job of each export, for the exports page."""
    return {
        export: db.session.scalar(
            select(AnalysisJob)
            .where(
                AnalysisJob.programme_id == programme.id,
                AnalysisJob.kind == JobKind.EXPORT,
                AnalysisJob.export == export,
            )
            .order_by(AnalysisJob.id.desc())
            .limit(1)
        )
        for export in ExportKind
    }


def available(job: AnalysisJob | None) -> bool:
    """Done, its file still kept, and made less than ``KEPT_FOR`` ago."""
    if job is None or job.status != JobStatus.DONE or not job.result_name:
        return False
    return background.as_utc(job.finished_at) > utcnow() - KEPT_FOR and has_file(job.id)


def has_file(job_id: int) -> bool:
    return bool(
        db.session.scalar(
            select(AnalysisJob.id).where(AnalysisJob.id == job_id, AnalysisJob.result.is_not(None))
        )
    )


def kept_until(job: AnalysisJob):
    return background.as_utc(job.finished_at) + KEPT_FOR


def export_job(programme: Programme, job_id: int) -> AnalysisJob:
    """An export job of this programme, or NotFound (an id past what the database holds too)."""
    job = db.session.get(AnalysisJob, job_id) if 0 < job_id <= lookup.LARGEST_ID else None
    if job is None or job.programme_id != programme.id or job.kind != JobKind.EXPORT:
        raise NotFound(f"no export {job_id} in this programme")
    return job


def file_of(programme: Programme, job_id: int) -> AnalysisJob:
    """An export whose file can be downloaded now, with the file loaded; else NotFound."""
    job = export_job(programme, job_id)
    if not available(job):
        raise NotFound(f"export {job_id} has no file now")
    if (job.spec or {}).get("originals") and not programme.allow_original_comments:
        raise NotFound(f"export {job_id} holds original comments, no longer allowed")
    return db.session.scalar(
        select(AnalysisJob).options(undefer(AnalysisJob.result)).where(AnalysisJob.id == job_id)
    )
