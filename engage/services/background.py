"""Background jobs of a programme: starting one (at most one queued or running per
programme and kind), running it outside the web workers, progress, cancel, and recovery
of jobs whose process died.

A job is a row in ``analysis_jobs``. The web request only inserts the row (and, with
``REDIS_URL``, pushes its id to RQ); a job runner (``flask run-jobs --forever``, which the
quickstart starts beside gunicorn) or an RQ worker claims it with one conditional
``UPDATE`` and runs it. The body commits in small batches through ``progress``, which also
notes the heartbeat and raises ``Cancelled`` when someone pressed Cancel, so SQLite's write
lock is only ever held for a batch and a respondent's submission never waits long for it.
A thread in the running process refreshes the heartbeat while a long step (training)
runs; a job whose process is gone, or whose heartbeat is older than ``STALE_AFTER``, is
marked failed by the next runner or worker that looks.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from engage import database, jobs
from engage.domain import JobKind, JobStatus
from engage.extensions import db
from engage.models import AnalysisJob, Programme
from engage.models.columns import utcnow
from engage.services.errors import NotFound

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5.0
STALE_AFTER = timedelta(seconds=90)
TARGETS = {
    JobKind.REANALYSE: "engage.services.analysis:run_reanalysis",
    JobKind.TRAIN: "engage.services.training:run_training",
    JobKind.IMPORT: "engage.services.imports:run_import",
    JobKind.EXPORT: "engage.services.exports:run_export",
    JobKind.REDACT: "engage.services.redaction:run_redaction",
}
ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class Cancelled(Exception):
    """Someone pressed Cancel; raised between batches, so every batch is whole."""


def start(
    programme: Programme,
    kind: JobKind,
    total: int = 0,
    payload: bytes | None = None,
    tries: int = 2,
    fields: dict | None = None,
) -> tuple[AnalysisJob, bool]:
    """Queue a job, or return the one already queued or running (and False): the unique
    index decides, so two workers racing on the same click cannot both start one.
    ``fields`` are further columns of the job (an export's kind and what was asked for)."""
    try:
        job = create(programme, kind, total, payload, fields)
    except IntegrityError:
        db.session.rollback()
        existing = active(programme.id, kind)
        if existing is None and tries > 1:  # it ended between our insert and our look
            return start(programme, kind, total, payload, tries - 1, fields)
        if existing is None:
            raise
        return existing, False
    jobs.enqueue("engage.services.background:run_job", job.id)
    return job, True


def create(
    programme: Programme,
    kind: JobKind,
    total: int = 0,
    payload: bytes | None = None,
    fields: dict | None = None,
) -> AnalysisJob:
    job = AnalysisJob(
        programme_id=programme.id, kind=kind, total=total, payload=payload, **(fields or {})
    )
    with database.writing():
        db.session.add(job)
        db.session.commit()
    return job


def active(programme_id: int, kind: JobKind) -> AnalysisJob | None:
    return db.session.scalar(
        select(AnalysisJob).where(
            AnalysisJob.programme_id == programme_id,
            AnalysisJob.kind == kind,
            AnalysisJob.status.in_(ACTIVE),
        )
    )


def latest(programme: Programme, kind: JobKind) -> AnalysisJob | None:
    return db.session.scalar(
        select(AnalysisJob)
        .where(AnalysisJob.programme_id == programme.id, AnalysisJob.kind == kind)
        .order_by(AnalysisJob.id.desc())
        .limit(1)
    )


def cancel(programme: Programme, job_id: int) -> AnalysisJob:
    """A queued job is cancelled at once; a running one stops after its current batch."""
    job = db.session.get(AnalysisJob, job_id)
    if job is None or job.programme_id != programme.id:
        raise NotFound(f"no job {job_id} in this programme")
    with database.writing():
        db.session.rollback()
        db.session.execute(
            update(AnalysisJob)
            .where(AnalysisJob.id == job_id, AnalysisJob.status == JobStatus.QUEUED)
            .values(
                status=JobStatus.CANCELLED,
                message="Cancelled before it started",
                finished_at=utcnow(),
                payload=None,
            )
        )
        db.session.execute(
            update(AnalysisJob)
            .where(AnalysisJob.id == job_id, AnalysisJob.status == JobStatus.RUNNING)
            .values(cancel_requested=True)
        )
        db.session.commit()
    db.session.refresh(job)
    return job


def progress(job_id: int, done: int, total: int | None = None, message: str | None = None):
    """Commit the batch just written with the job's progress, then stop if cancelled."""
    values: dict = {"done": done, "heartbeat_at": utcnow()}
    if total is not None:
        values["total"] = total
    if message is not None:
        values["message"] = message[:500]
    db.session.execute(update(AnalysisJob).where(AnalysisJob.id == job_id).values(**values))
    db.session.commit()
    check_cancelled(job_id)


def check_cancelled(job_id: int) -> None:
    with database.reading():
        wanted = db.session.scalar(
            select(AnalysisJob.cancel_requested).where(AnalysisJob.id == job_id)
        )
        db.session.rollback()
    if wanted:
        raise Cancelled


def me() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim(job_id: int) -> bool:
    """Only one process ever runs a job: the one whose conditional UPDATE changed it."""
    now = utcnow()
    with database.writing():
        db.session.rollback()
        claimed = db.session.execute(
            update(AnalysisJob)
            .where(AnalysisJob.id == job_id, AnalysisJob.status == JobStatus.QUEUED)
            .values(status=JobStatus.RUNNING, worker=me(), started_at=now, heartbeat_at=now)
        ).rowcount
        db.session.commit()
    return claimed == 1


def run_job(job_id: int, target: str | None = None) -> None:
    """What the job runner and RQ workers run: claim the job, run its body, record the end.
    ``target`` overrides the kind's body (the demo's first analysis). A body may return a
    function to call once the job is recorded done (training starts a re-analysis)."""
    recover()
    if not claim(job_id):
        return
    with database.reading():
        kind = db.session.scalar(select(AnalysisJob.kind).where(AnalysisJob.id == job_id))
        db.session.rollback()
    target = target or TARGETS[JobKind(kind)]
    after = None
    with heartbeat(job_id):
        try:
            with database.writing():
                after = jobs.call(target, job_id)
            finish(job_id, JobStatus.DONE)
        except Cancelled:
            db.session.rollback()
            finish(job_id, JobStatus.CANCELLED, "Cancelled; every batch before it was kept")
        except Exception as error:
            db.session.rollback()
            log.exception("background job %s (%s) failed", job_id, target)
            finish(job_id, JobStatus.FAILED, f"{type(error).__name__}: {error}"[:500])
    if callable(after):  # what the job starts next (training's re-analysis), once it is done
        after()


def finish(job_id: int, status: JobStatus, message: str | None = None) -> None:
    values: dict = {"status": status, "finished_at": utcnow(), "payload": None}
    if message is not None:
        values["message"] = message
    with database.writing():
        db.session.rollback()
        db.session.execute(update(AnalysisJob).where(AnalysisJob.id == job_id).values(**values))
        db.session.commit()
    db.session.expire_all()


@contextmanager
def heartbeat(job_id: int) -> Iterator[None]:
    """A thread that only stamps the heartbeat, each time in its own short transaction,
    while the job's own thread trains or analyses."""
    engine, stop = db.engine, threading.Event()

    def beat() -> None:
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                with engine.begin() as connection:
                    connection.execute(
                        update(AnalysisJob)
                        .where(AnalysisJob.id == job_id)
                        .values(heartbeat_at=utcnow())
                    )
            except Exception:  # the database restarting: the next beat tries again
                log.warning("heartbeat of job %s failed", job_id, exc_info=True)

    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def recover() -> int:
    """Mark failed every running job whose process is gone: on this machine, a process
    that no longer exists; anywhere, a heartbeat older than ``STALE_AFTER``."""
    with database.reading():
        running = db.session.execute(
            select(AnalysisJob.id, AnalysisJob.worker, AnalysisJob.heartbeat_at).where(
                AnalysisJob.status == JobStatus.RUNNING
            )
        ).all()
        db.session.rollback()
    cutoff = utcnow() - STALE_AFTER
    dead = [job_id for job_id, worker, beat in running if gone(worker, beat, cutoff)]
    for job_id in dead:
        finish(job_id, JobStatus.FAILED, "Stopped: the process running it ended. Start it again.")
    return len(dead)


def gone(worker: str, beat, cutoff) -> bool:
    if beat is None or as_utc(beat) < cutoff:
        return True
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # someone else's process: alive
        return False
    return False


def as_utc(moment):
    """SQLite hands back naive datetimes for values stored in UTC."""
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def poll_once() -> bool:
    """The job runner's step: recover dead jobs, then run the oldest queued one."""
    recover()
    with database.reading():
        job_id = db.session.scalar(
            select(AnalysisJob.id)
            .where(AnalysisJob.status == JobStatus.QUEUED)
            .order_by(AnalysisJob.id)
            .limit(1)
        )
        db.session.rollback()
    if job_id is None:
        return False
    run_job(job_id)
    return True


def requeue_stranded(older_than: timedelta = timedelta(seconds=30)) -> int:
    """With Redis: push again the ids of jobs still queued (Redis was down when they were
    started, or lost them on restart). Claiming is conditional, so a duplicate is harmless."""
    with database.reading():
        stranded = db.session.scalars(
            select(AnalysisJob.id).where(
                AnalysisJob.status == JobStatus.QUEUED,
                AnalysisJob.created_at < utcnow() - older_than,
            )
        ).all()
        db.session.rollback()
    for job_id in stranded:
        jobs.enqueue("engage.services.background:run_job", job_id)
    return len(stranded)
