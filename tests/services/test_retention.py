"""Answers are deleted when the retention period their respondents were shown ends."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select

from engage.domain import AuditAction
from engage.extensions import db
from engage.models import (
    Answer,
    AuditEvent,
    CommentAnalysis,
    CommentTheme,
    ConstructCell,
    CountCell,
    ProgrammeModel,
    Response,
)
from engage.services import comments, programmes, retention, training, waves
from tests.builders import build_world, close
from tests.services.test_insights import answer


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_purge_deletes_an_expired_waves_answers_and_everything_made_from_them(admin):
    world = build_world(admin, headcount=40)
    for index in range(6):
        answer(world, world.link, index, 4)
    comments.code(db.session.scalar(select(CommentAnalysis)), "negative", ["Workload"])
    training.save_engine(world.programme.id, training.engine_for(world.programme.id))
    db.session.commit()
    later = waves.schedule_pulse(world.survey, date.today() + timedelta(days=14), 1, 7)[0]
    close(world.wave)
    expiry = retention.kept_until(world.wave)
    assert expiry == world.wave.closes_on + relativedelta(months=24)
    assert retention.purge(expiry).waves == []  # the last day still keeps them
    preview = retention.purge(expiry + timedelta(days=1), dry_run=True)
    assert [(w.responses, w.comments) for w in preview.waves] == [(6, 6)]
    assert count(Response) == 6  # a dry run deletes nothing
    report = retention.purge(expiry + timedelta(days=1))
    assert report.responses == 6 and report.models == 1
    for model in (Response, Answer, CommentAnalysis, CommentTheme, ProgrammeModel):
        assert count(model) == 0, model
    assert count(ConstructCell, ConstructCell.wave_id == world.wave.id) == 0
    assert count(CountCell, CountCell.wave_id == world.wave.id) == 0
    assert later.id and world.wave.id  # the waves stay, empty
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == AuditAction.ANSWERS_DELETED)
    )
    assert "6 responses" in event.detail and event.user_id is None


def test_the_period_shown_to_respondents_is_frozen_for_their_wave(admin):
    world = build_world(admin)
    future = waves.schedule_pulse(world.survey, date.today() + timedelta(days=14), 1, 7)[0]
    programmes.set_retention(world.programme, 120, date.today())
    assert (world.wave.retention_months, future.retention_months) == (24, 120)  # before: 120
    programmes.set_retention(world.programme, 12, date.today())
    assert (world.wave.retention_months, future.retention_months) == (12, 12)  # shorter: all


def test_the_command_prints_what_it_deleted(app, admin):
    world = build_world(admin, headcount=40)
    for index in range(3):
        answer(world, world.link, index, 2)
    close(world.wave)
    world.wave.closes_on -= relativedelta(months=25)
    db.session.commit()
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["purge-expired", "--dry-run"])
    assert dry.exit_code == 0 and "Would delete test Wave 1 of Pulse" in dry.output
    assert "3 responses" in dry.output and count(Response) == 3
    done = runner.invoke(args=["purge-expired"])
    assert "Deleted 3 responses from 1 wave(s)." in done.output and count(Response) == 0
    again = runner.invoke(args=["purge-expired"])
    assert "Nothing has passed its retention period." in again.output


def test_the_embedded_server_starts_a_daily_purger_and_the_folder_beside_it(monkeypatch):
    """The quickstart's gunicorn starts ``purge-expired --daily``, the folder and the
    compressor as their own processes (a thread in the master would be forked, mid-query,
    into every worker) and stops them."""
    # Importing the hooks points PROMETHEUS_MULTIPROC_DIR at a folder (for gunicorn's
    # workers); set here, it is undone after the test, so /metrics in later tests still
    # reads this process's own counters.
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "")
    from engage import gunicorn_hooks

    started = []

    class Process:
        def __init__(self, command):
            started.append(command)

        def terminate(self):
            started.append("stopped")

    monkeypatch.setattr(gunicorn_hooks.subprocess, "Popen", Process)
    server = type("Server", (), {})()
    gunicorn_hooks.when_ready(server)
    gunicorn_hooks.on_exit(server)
    assert started[0][-2:] == ["purge-expired", "--daily"]
    assert started[1][-2:] == ["fold", "--forever"]
    assert started[2][-2:] == ["run-jobs", "--forever"]  # training etc., never in a web worker
    assert started[3][-1] == "compress-assets"
    assert started[4:] == ["stopped"] * 4
    assert gunicorn_hooks.accesslog is None
