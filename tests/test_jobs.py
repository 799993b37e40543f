"""Handing work to something other than the web worker: inline (tests), the job runner
of the embedded default (which polls the jobs table), and Redis-backed RQ workers
(skipped, with the reason, when Redis is not reachable)."""

import os
import threading
import time
from datetime import date

import pytest
from sqlalchemy import select

from engage import jobs
from engage.domain import AnswerValue, JobStatus
from engage.extensions import db
from engage.models import AnalysisJob
from engage.services import analysis, background, responses
from tests.builders import build_world, fold

REDIS_URL = os.environ.get("ENGAGE_REDIS_URL", "redis://127.0.0.1:6379/15")


def world_with_a_comment(admin):
    world = build_world(admin)
    question = next(q for q in world.wave.version.questions if q.code == "improve")
    responses.submit(
        world.link,
        "abcdef01-2345-4678-9abc-def012345678",
        [AnswerValue(question.id, text="More staff please")],
        date.today(),
    )
    fold()  # a comment is re-analysed once the folder has made its redacted copy
    return world


def wait_for(job_id: int, seconds: float = 20) -> AnalysisJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = db.session.get(AnalysisJob, job_id)
        db.session.refresh(job)
        status = job.status
        db.session.commit()  # end our read at once: SQLite's lock must be free for the worker
        if status in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError("job did not finish")


def test_the_embedded_default_leaves_jobs_to_the_runner_never_a_web_thread(app, admin):
    world = world_with_a_comment(admin)
    app.config["ENGAGE_JOBS_INLINE"] = False
    threads = threading.active_count()
    job, created = analysis.start_reanalysis(world.programme)
    assert created and threading.active_count() == threads
    db.session.expire_all()
    assert db.session.get(AnalysisJob, job.id).status == JobStatus.QUEUED
    assert background.poll_once() is True  # what `flask run-jobs --forever` does each step
    db.session.expire_all()
    done = db.session.get(AnalysisJob, job.id)
    assert (done.status, done.done, done.total) == (JobStatus.DONE, 1, 1)
    assert done.worker.endswith(f":{os.getpid()}") and done.heartbeat_at is not None
    assert background.poll_once() is False  # nothing left


def test_a_job_started_while_redis_is_down_stays_queued_and_still_runs(app, admin):
    world = world_with_a_comment(admin)
    app.config.update(ENGAGE_JOBS_INLINE=False, REDIS_URL="redis://127.0.0.1:9/0")
    job, created = analysis.start_reanalysis(world.programme)  # no error for the organiser
    assert created and jobs.push("redis://127.0.0.1:9/0", "x:y") is False
    assert background.requeue_stranded(older_than=background.timedelta(0)) == 1
    assert background.poll_once() and wait_for(job.id).status == JobStatus.DONE


def test_redis_workers_run_jobs(app, admin, database_url, monkeypatch):
    redis = pytest.importorskip("redis")
    from rq import Queue, SimpleWorker

    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {error}")
    connection.flushdb()
    world = world_with_a_comment(admin)
    app.config.update(ENGAGE_JOBS_INLINE=False, REDIS_URL=REDIS_URL)
    job = analysis.start_reanalysis(world.programme)[0]
    assert Queue("engage", connection=connection).count == 1
    db.session.commit()
    monkeypatch.setenv("DATABASE_URL", database_url)  # the worker builds its app from the env
    SimpleWorker([Queue("engage", connection=connection)], connection=connection).work(burst=True)
    assert wait_for(job.id, 5).status == "done"
    assert db.session.scalars(select(AnalysisJob)).one().done == 1
