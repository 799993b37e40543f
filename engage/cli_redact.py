"""``flask redact``: bring every comment's redacted copy up to the current rules.

The folder starts the same jobs whenever it starts (each deployment restarts it); this
command is for an operator who wants to start them now, follow their progress, or run
them in this process (``--now``) where no job runner is going."""

from __future__ import annotations

import click
from sqlalchemy import select

from engage.analysis.redact import RULES_VERSION
from engage.domain import JobKind
from engage.extensions import db
from engage.models import Programme
from engage.services import background, redaction


@click.command("redact")
@click.option("--now", is_flag=True, help="Run the jobs here instead of queueing them.")
@click.option("--status", is_flag=True, help="Only show each programme's latest job.")
def redact_comments(now: bool, status: bool) -> None:
    """Re-redact comments redacted under older rules: one background job per programme."""
    if not status:
        started = redaction.start_all()
        for programme, job, created in started:
            verb = "Started" if created else "Already running:"
            click.echo(f"{verb} job {job.id} for {programme.slug} ({job.total:,} comments).")
            if now and created:
                background.run_job(job.id)
        if not started:
            click.echo(
                f"Every comment is redacted with the current rules (version {RULES_VERSION})."
            )
    for programme in db.session.scalars(select(Programme).order_by(Programme.id)):
        job = background.latest(programme, JobKind.REDACT)
        if job is not None:
            click.echo(
                f"{programme.slug}: job {job.id} {job.status}, {job.done:,} of {job.total:,} "
                f"comments; {redaction.stale_count(programme.id):,} still to redo."
            )
