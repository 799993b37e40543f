"""Whole-programme exports as background jobs: the same bytes as the immediate path, one
export job per programme, cancel, and files that go after a day or the next export."""

import random
from datetime import timedelta

from sqlalchemy import select, update

from engage.domain import AuditAction, ExportKind, JobStatus
from engage.exports import writers
from engage.extensions import db
from engage.models import AnalysisJob, AuditEvent
from engage.services import background, exports
from engage.services.reading import dashboard as insights
from engage.services.reading import raw as raw_export
from tests.builders import build_world, close
from tests.services.test_insights import answer


def filled(admin, people: int = 6):
    world = build_world(admin)
    for index in range(people):
        answer(world, world.link, index, 4)
    close(world.wave)
    return world


def file_of(world, job) -> bytes:
    return exports.file_of(world.programme, job.id).result


def cli_file(app, tmp_path, *args) -> bytes:
    out = tmp_path / "cli.out"
    result = app.test_cli_runner().invoke(args=[*args, "--programme", "test", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def test_a_jobs_files_are_byte_for_byte_the_immediate_ones(app, admin, tmp_path, monkeypatch):
    world = filled(admin)
    # raw rows are shuffled within each block on every read; the same seed for both reads
    monkeypatch.setattr(raw_export.secrets, "SystemRandom", lambda: random.Random(7))
    job, created = exports.request(world.programme, ExportKind.RESPONSES, "csv")
    assert created and job.status == JobStatus.DONE and job.done == exports.STEPS
    header, rows = raw_export.table(world.programme)
    immediate = writers.tables_to_csv(
        [f"Anonymised responses: {world.programme.name}"], {"Responses": (header, rows)}
    )
    assert file_of(world, job) == immediate
    assert job.result_name.startswith("test-responses-") and job.result_name.endswith(".csv")
    summary, _ = exports.request(world.programme, ExportKind.THEME_SUMMARY, "csv")
    assert file_of(world, summary) == cli_file(app, tmp_path, "export-themes", "--format", "csv")
    pack, _ = exports.request(world.programme, ExportKind.BOARD_PACK, "html", insights.Filters())
    made = cli_file(app, tmp_path, "export-dashboard", "--format", "html")
    assert file_of(world, pack) == made and b"data:image/png;base64," in made


def test_one_export_job_per_programme_and_cancel_before_it_starts(app, admin):
    app.config["ENGAGE_JOBS_INLINE"] = False  # queued for the runner
    world = filled(admin)
    first, created = exports.request(world.programme, ExportKind.BOARD_PACK, "docx")
    again, created_again = exports.request(world.programme, ExportKind.RESPONSES, "csv")
    assert created and not created_again and again.id == first.id
    assert background.cancel(world.programme, first.id).status == JobStatus.CANCELLED
    assert not exports.available(first)
    queued, created = exports.request(world.programme, ExportKind.RESPONSES, "xlsx")
    assert created and queued.status == JobStatus.QUEUED
    assert background.poll_once()  # what `flask run-jobs` does
    db.session.refresh(queued)
    assert queued.status == JobStatus.DONE and exports.available(queued)
    assert file_of(world, queued).startswith(b"PK")  # an xlsx


def test_the_next_export_of_a_kind_and_a_day_both_end_a_file(app, admin):
    world = filled(admin)
    older, _ = exports.request(world.programme, ExportKind.RESPONSES, "csv")
    other, _ = exports.request(world.programme, ExportKind.THEME_SUMMARY, "csv")
    newer, _ = exports.request(world.programme, ExportKind.RESPONSES, "xlsx")
    assert not exports.available(older) and exports.available(newer)
    assert exports.available(other)  # another kind keeps its file
    a_day_ago = other.finished_at - exports.KEPT_FOR - timedelta(minutes=1)
    db.session.execute(
        update(AnalysisJob).where(AnalysisJob.id == other.id).values(finished_at=a_day_ago)
    )
    db.session.commit()
    db.session.refresh(other)
    assert not exports.available(other)
    purged = app.test_cli_runner().invoke(args=["purge-expired"])  # the daily purge
    assert "Deleted 1 export file(s) made over 24 hours ago." in purged.output
    assert db.session.scalar(select(AnalysisJob.result).where(AnalysisJob.id == other.id)) is None
    latest = exports.latest(world.programme)
    assert latest[ExportKind.RESPONSES].id == newer.id
    assert latest[ExportKind.BOARD_PACK] is None


def test_making_a_file_is_not_a_download(admin):
    """The audit log records who fetched a file, when they fetched it; the job records none."""
    world = filled(admin)
    exports.request(world.programme, ExportKind.RESPONSES, "csv")
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT_DOWNLOADED)
    ).all()
    assert events == []
