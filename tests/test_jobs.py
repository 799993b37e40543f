"""Background work in its three modes: inline (tests), a thread (the embedded default)
and Redis-backed RQ workers (skipped, with the reason, when Redis is not reachable)."""

import os
import time
from datetime import date

import pytest
from sqlalchemy import select

from engage.domain import AnswerValue
from engage.extensions import db
from engage.models import AnalysisJob
from engage.services import analysis, responses
from tests.builders import build_world

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


def test_a_thread_runs_jobs_in_the_embedded_default(app, admin):
    world = world_with_a_comment(admin)
    app.config["ENGAGE_JOBS_INLINE"] = False
    job_id = analysis.start_reanalysis(world.programme).id
    assert wait_for(job_id).status == "done"


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
    job = analysis.start_reanalysis(world.programme)
    assert Queue("engage", connection=connection).count == 1
    db.session.commit()
    monkeypatch.setenv("DATABASE_URL", database_url)  # the worker builds its app from the env
    SimpleWorker([Queue("engage", connection=connection)], connection=connection).work(burst=True)
    assert wait_for(job.id, 5).status == "done"
    assert db.session.scalars(select(AnalysisJob)).one().done == 1
