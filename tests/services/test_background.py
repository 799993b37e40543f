"""Background jobs: one per programme and kind, cooperative cancel, recovery of jobs whose
process died, and imports refused whole when they are too large."""

import socket
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from engage.domain import JobKind, JobStatus
from engage.extensions import db
from engage.models import AnalysisJob, CodedExample, CommentAnalysis
from engage.models.columns import utcnow
from engage.services import analysis, background, imports, programmes, training
from engage.services.errors import FieldError
from tests.analysis.test_engine import coded_comments
from tests.builders import build_world, import_codes
from tests.services.test_analysis import comment_on
from tests.services.test_training import coded_csv


@pytest.fixture
def queued(app):
    """Jobs wait in the table, as on the embedded default, until the runner polls."""
    app.config["ENGAGE_JOBS_INLINE"] = False


def test_eight_clicks_on_train_now_start_one_job(admin, queued):
    world = build_world(admin)
    started = [training.start_training(world.programme) for _ in range(8)]
    assert [created for _job, created in started] == [True] + [False] * 7
    assert len({job.id for job, _created in started}) == 1
    assert len(db.session.scalars(select(AnalysisJob)).all()) == 1
    db.session.add(AnalysisJob(programme_id=world.programme.id, kind=JobKind.TRAIN))
    with pytest.raises(IntegrityError):  # the database itself refuses a second
        db.session.commit()
    db.session.rollback()
    analysis.start_reanalysis(world.programme)  # another kind may run beside it
    assert background.poll_once() and background.poll_once()
    assert training.start_training(world.programme)[1]  # once it ended, a new one may start


def test_a_queued_job_is_cancelled_at_once(admin, queued):
    world = build_world(admin)
    job, _ = analysis.start_reanalysis(world.programme)
    assert background.cancel(world.programme, job.id).status == JobStatus.CANCELLED
    assert background.poll_once() is False
    other = programmes.create_programme("Other", "other", "", admin)
    with pytest.raises(background.NotFound):
        background.cancel(other, job.id)


def test_a_running_job_stops_after_the_batch_it_is_on(admin, queued, monkeypatch):
    world = build_world(admin)
    for index, text in enumerate(["Parking is awful", "Parking again", "More parking"]):
        comment_on(world, text, index)
    db.session.execute(CommentAnalysis.__table__.update().values(analyser_version="old"))
    db.session.commit()
    job, _ = analysis.start_reanalysis(world.programme)
    monkeypatch.setattr(analysis, "BATCH", 1)
    real_progress = background.progress

    def cancel_after_the_first_batch(job_id, done, *args, **kwargs):
        real_progress(job_id, done, *args, **kwargs)
        if done == 1:
            background.cancel(world.programme, job_id)  # as the Cancel button does
            background.check_cancelled(job_id)

    monkeypatch.setattr(background, "progress", cancel_after_the_first_batch)
    background.poll_once()
    db.session.expire_all()
    stopped = db.session.get(AnalysisJob, job.id)
    assert (stopped.status, stopped.done, stopped.total) == (JobStatus.CANCELLED, 1, 3)
    versions = db.session.scalars(
        select(CommentAnalysis.analyser_version).order_by(CommentAnalysis.answer_id)
    ).all()
    assert versions[0] != "old" and versions[1:] == ["old", "old"]  # one whole batch kept


def test_jobs_left_running_by_a_dead_process_are_marked_failed(admin):
    world = build_world(admin)
    ended = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
    ended.wait()
    host, now = socket.gethostname(), utcnow()
    rows = {
        "dead process": (f"{host}:{ended.pid}", now),
        "silent elsewhere": ("another-host:1", now - timedelta(minutes=10)),
        "alive": (background.me(), now),
    }
    ids = {}
    kinds = list(JobKind)[: len(rows)]  # one running job of each of three kinds
    for kind, (name, (worker, beat)) in zip(kinds, rows.items(), strict=True):
        job = AnalysisJob(
            programme_id=world.programme.id,
            kind=kind,
            status=JobStatus.RUNNING,
            worker=worker,
            heartbeat_at=beat,
        )
        db.session.add(job)
        db.session.commit()
        ids[name] = job.id
    assert background.recover() == 2
    db.session.expire_all()
    status = {name: db.session.get(AnalysisJob, job_id) for name, job_id in ids.items()}
    assert status["dead process"].status == JobStatus.FAILED
    assert "process running it ended" in status["dead process"].message
    assert status["silent elsewhere"].status == JobStatus.FAILED
    assert status["alive"].status == JobStatus.RUNNING


def test_imports_are_capped_in_rows_and_field_length(admin, monkeypatch):
    world = build_world(admin)
    monkeypatch.setattr(training, "MAX_CODED_ROWS", 10)
    with pytest.raises(FieldError, match="more than 10 rows, the most one import takes"):
        imports.stage(world.programme, coded_csv(coded_comments(11)))
    long = b"id,text,question,sentiment,themes\n1," + b"x" * 6000 + b",,positive,\n"
    with pytest.raises(FieldError, match="row 2: text is 6,000 characters, more than the 5,000"):
        imports.stage(world.programme, long)
    huge = b'id,text,question,sentiment,themes\n1,"' + b"y" * 140_000 + b'",,positive,\n'
    with pytest.raises(FieldError, match="row 2 cannot be read .*field larger than field limit"):
        imports.stage(world.programme, huge)
    assert db.session.scalars(select(CodedExample)).all() == []
    assert db.session.scalars(select(AnalysisJob)).all() == []


def test_an_import_replaces_the_old_codes_only_when_it_is_whole(admin, queued, monkeypatch):
    world = build_world(admin)
    import_codes(world.programme, coded_csv(coded_comments(5)))
    while background.poll_once():  # the import, then the training it starts
        pass
    monkeypatch.setattr(imports, "IMPORT_BATCH", 2)
    job, _created = import_codes(world.programme, coded_csv(coded_comments(7)))
    real_progress = background.progress

    def cancel_midway(job_id, done, *args, **kwargs):
        real_progress(job_id, done, *args, **kwargs)
        if done == 4:
            background.cancel(world.programme, job_id)
            background.check_cancelled(job_id)

    monkeypatch.setattr(background, "progress", cancel_midway)
    background.poll_once()
    db.session.expire_all()
    assert db.session.get(AnalysisJob, job.id).status == JobStatus.CANCELLED
    assert db.session.get(AnalysisJob, job.id).payload is None  # the upload is not kept
    assert len(db.session.scalars(select(CodedExample)).all()) == 5  # the old set, whole
