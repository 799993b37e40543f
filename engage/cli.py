"""Command-line tasks: the first admin, the demo programme and the one-command quick start."""

from __future__ import annotations

import os
import shutil
import sys
import time
from datetime import date

import click
from flask import Flask, current_app
from flask_migrate import upgrade

from engage import database
from engage.analysis import csv_files
from engage.analysis.engine import Engine, train
from engage.cli_audit import audit_disclosure
from engage.cli_board import export_dashboard
from engage.cli_redact import redact_comments
from engage.exports import pdf, roundtable_writers, writers
from engage.extensions import db
from engage.services import (
    audit,
    background,
    demo,
    exports,
    folding,
    imports,
    programmes,
    redaction,
    retention,
    users,
)
from engage.services.errors import FieldError
from engage.services.reading import roundtable, summaries
from engage.web.insights.ahead import draw_default_views
from engage.web.public_urls import is_loopback


def init_app(app: Flask) -> None:
    app.cli.add_command(create_admin)
    app.cli.add_command(load_demo)
    app.cli.add_command(quickstart)
    app.cli.add_command(analyse_csv)
    app.cli.add_command(export_themes)
    app.cli.add_command(export_roundtable)
    app.cli.add_command(audit_disclosure)
    app.cli.add_command(export_dashboard)
    app.cli.add_command(purge_expired)
    app.cli.add_command(fold)
    app.cli.add_command(disable_user)
    app.cli.add_command(run_jobs)
    app.cli.add_command(redact_comments)


@click.command("create-admin")
@click.option("--email", prompt=True, help="Email address used to sign in.")
@click.option("--name", default="", help="Display name (defaults to the email address).")
@click.password_option(help="At least 12 characters, and not a common password.")
@click.option(
    "--for-someone-else",
    is_flag=True,
    help="The password is temporary: they must choose their own when they first sign in.",
)
def create_admin(email: str, name: str, password: str, for_someone_else: bool) -> None:
    """Create a site admin, who can create programmes and invite others."""
    try:
        user = users.create_user(
            email, name, password, site_admin=True, must_change_password=for_someone_else
        )
    except FieldError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created site admin {user.email}.")


@click.command("disable-user")
@click.option("--email", required=True, help="The account to disable.")
def disable_user(email: str) -> None:
    """Disable an account: it cannot sign in, and every session it has ends now."""
    user = users.find_by_email(email)
    if user is None:
        raise click.ClickException(f"No account for {email}")
    users.disable(user, by=None)
    click.echo(f"Disabled {user.email} and ended its sessions.")


@click.command("load-demo")
def load_demo() -> None:
    """Load the demo programme (slug 'demo'); does nothing if it is already there."""
    result = demo.load()
    click.echo(result.summary())


@click.command("quickstart")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--workers", default=2, show_default=True)
def quickstart(host: str, port: int, workers: int) -> None:
    """Migrate the database, load the demo and serve the app with gunicorn."""
    refuse_weak_key_beyond_loopback(host, current_app.config["SECRET_KEY"])
    click.echo("Bringing the database up to date...")
    upgrade()
    if recovered := background.recover():
        click.echo(f"Marked {recovered} job(s) failed: the process running them had ended.")
    result = demo.load()
    click.echo(result.summary())
    base = f"http://{host}:{port}"
    click.echo(
        f"\nEngage is starting at {base}/\n"
        f"  Staff sign-in:   {base}/auth/sign-in\n"
        f"    email:         {demo.DEMO_EMAIL}\n"
        f"    password:      {demo.DEMO_PASSWORD}\n"
        f"  Demo programme:  {base}/manage/p/{demo.DEMO_SLUG}/\n"
        f"  A survey to answer (as a respondent): {base}/s/{result.open_link_code}\n"
        "Press Ctrl+C to stop.\n"
    )
    if not is_loopback(host) and not current_app.config["ENGAGE_PUBLIC_URL"]:
        click.echo(
            f"Set ENGAGE_PUBLIC_URL (for example http://{host}:{port}) for survey links and QR "
            "posters: without it they are offered only to staff on this machine.\n",
            err=True,
        )
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
    env = {**os.environ, "DATABASE_URL": current_app.config["SQLALCHEMY_DATABASE_URI"]}
    # No access log: it would record respondents' IP addresses next to survey links.
    command = [
        gunicorn,
        "--config",
        "python:engage.gunicorn_hooks",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "wsgi:app",
    ]
    os.execvpe(gunicorn, command, env)  # noqa: S606


def refuse_weak_key_beyond_loopback(host: str, secret: str) -> None:
    """Other machines can reach a non-loopback bind: a guessable key there forges sessions."""
    if not is_loopback(host) and len(secret) < 32:
        raise click.ClickException(
            f"--host {host} is reachable from other machines; unset SECRET_KEY (a random key "
            "is kept in the instance folder) or set one of at least 32 random characters"
        )


@click.command("analyse-csv")
@click.argument("input_path", metavar="INPUT.csv", type=click.Path(exists=True, dir_okay=False))
@click.argument("output_path", metavar="OUTPUT.csv", type=click.Path(dir_okay=False))
@click.option(
    "--train",
    "coded_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Coded comments (id,text,question,sentiment,themes) to learn from.",
)
def analyse_csv(input_path: str, output_path: str, coded_path: str | None) -> None:
    """Analyse comments from INPUT.csv (id,text,question) into OUTPUT.csv; no database."""
    try:
        table, comments = csv_files.read_comments(input_path)
        engine = Engine()
        if coded_path:
            coded = csv_files.read_coded(coded_path)
            click.echo(f"Learning from {len(coded):,} coded comments...", err=True)
            engine = train(coded)
            for name, value in engine.report.items():
                click.echo(
                    f"  {name}: {value:.3f}" if isinstance(value, float) else f"  {name}: {value}",
                    err=True,
                )
        analyses = engine.analyse(comments)
        csv_files.write_results(output_path, table, analyses)
    except csv_files.CsvProblem as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Analysed {len(analyses):,} comments with {engine.version}; wrote {output_path}", err=True
    )


@click.command("export-themes")
@click.option("--programme", "slug", required=True, help="The programme's short name.")
@click.option("--wave", "wave_number", type=int, help="Wave number (default: all waves).")
@click.option(
    "--survey",
    "survey_id",
    type=int,
    help="Survey id for --wave (default: the programme's first survey).",
)
@click.option("--format", "fmt", type=click.Choice(sorted(writers.WRITERS)), required=True)
@click.option("--out", "out_path", type=click.Path(dir_okay=False), required=True)
@click.option("--published", is_flag=True, help="For publication: 10+ and counts rounded to 5.")
def export_themes(
    slug: str,
    wave_number: int | None,
    survey_id: int | None,
    fmt: str,
    out_path: str,
    published: bool,
) -> None:
    """Write a programme's (or one wave's) theme summary as docx, xlsx, csv or html."""
    try:
        scope = summaries.scope_for(slug, wave_number, survey_id, published)
    except LookupError as error:
        raise click.ClickException(str(error)) from error
    content = writers.WRITERS[fmt](summaries.build(scope))
    audit.record_export(
        programmes.by_slug(slug),
        None,
        "Theme summary from the command line"
        + (", prepared for publication" if scope.published else ""),
        f"{scope.wave_label} of {scope.survey}" if scope.wave_id else "whole programme",
        fmt,
    )
    with open(out_path, "wb") as handle:
        handle.write(content.encode("utf-8") if isinstance(content, str) else content)
    click.echo(f"Wrote the {fmt} theme summary of {scope.programme} to {out_path}")


@click.command("export-roundtable")
@click.option("--programme", "slug", required=True, help="The programme's short name.")
@click.option("--survey", "survey_id", type=int, required=True, help="The roundtable's survey id.")
@click.option("--wave", "wave_number", type=int, default=1, show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*sorted(roundtable_writers.WRITERS), "pdf"]),
    required=True,
)
@click.option("--out", "out_path", type=click.Path(dir_okay=False), required=True)
@click.option("--next-steps", default="", help="What happens next, one step per line.")
def export_roundtable(
    slug: str, survey_id: int, wave_number: int, fmt: str, out_path: str, next_steps: str
) -> None:
    """Write a roundtable's "what we heard" summary, to send to the room."""
    try:
        scope = summaries.scope_for(slug, wave_number, survey_id)
        summary = roundtable.build_for(scope, next_steps)
    except LookupError as error:
        raise click.ClickException(str(error)) from error
    try:
        content = (
            pdf.html_to_pdf(roundtable_writers.to_html(summary))
            if fmt == "pdf"
            else roundtable_writers.WRITERS[fmt](summary)
        )
    except LookupError as error:
        raise click.ClickException(str(error)) from error
    audit.record_export(
        programmes.by_slug(slug),
        None,
        "Roundtable summary from the command line",
        summary.survey,
        fmt,
    )
    with open(out_path, "wb") as handle:
        handle.write(content.encode("utf-8") if isinstance(content, str) else content)
    click.echo(f"Wrote the {fmt} summary of {summary.survey} to {out_path}")


@click.command("purge-expired")
@click.option("--dry-run", is_flag=True, help="Say what would be deleted; delete nothing.")
@click.option("--daily", is_flag=True, help="Keep running: purge now and every 24 hours.")
def purge_expired(dry_run: bool, daily: bool) -> None:
    """Delete answers whose retention period has ended (run it daily, e.g. from cron),
    export files over a day old (each export job clears them too) and uploaded coded files
    nobody confirmed within a day."""
    while True:
        report_purge(retention.purge(date.today(), dry_run=dry_run))
        if not dry_run and (cleared := exports.purge_expired()):
            click.echo(f"Deleted {cleared} export file(s) made over 24 hours ago.")
        if not dry_run and (cleared := imports.purge_staged()):
            click.echo(f"Deleted {cleared} uploaded coded file(s) left unconfirmed for a day.")
        if not daily:
            return
        time.sleep(24 * 60 * 60)


def report_purge(report: retention.PurgeReport) -> None:
    verb = "Would delete" if report.dry_run else "Deleted"
    for wave in report.waves:
        click.echo(
            f"{verb} {wave.programme} {wave.wave} (closed {wave.closed_on:%-d %b %Y}, kept "
            f"until {wave.kept_until:%-d %b %Y}): {wave.responses:,} responses, "
            f"{wave.answers:,} answers, {wave.comments:,} comments"
        )
    if report.models:
        click.echo(f"{verb} {report.models} trained model(s) that learned from those comments")
    click.echo(
        f"{verb} {report.responses:,} responses from {len(report.waves)} wave(s)."
        if report.waves
        else "Nothing has passed its retention period."
    )


@click.command("fold")
@click.option("--forever", is_flag=True, help="Keep running: fold new responses as they come.")
@click.option("--pause", default=0.5, show_default=True, help="Seconds to wait when idle.")
@click.option("--nice", default=10, show_default=True, help="Lower priority than the web.")
def fold(forever: bool, pause: float, nice: int) -> None:
    """Add stored responses to the figures and analyse their comments (the folder). Kept
    running, it also draws each programme's default dashboard ahead (engage.web.insights.ahead).
    It runs at a lower CPU priority than the web workers: in a burst, respondents' pages
    come first and the figures catch up after (the dashboard says how far behind they are)."""
    if not forever:
        click.echo(f"Folded {folding.fold_all():,} responses into the figures.")
        return
    os.nice(nice)
    start_redaction()
    requeued_at = time.monotonic()
    drawing = DrawingAhead()
    while True:
        try:
            folded = folding.fold()
            if folded:
                database.checkpoint()  # web workers leave it to the folder (gunicorn_hooks)
            drawing.note(folded)
            if folded < folding.batch_size():
                drawing.when_due()
                time.sleep(pause)
            if current_app.config["REDIS_URL"] and time.monotonic() - requeued_at > 30:
                requeued_at = time.monotonic()
                background.requeue_stranded()  # jobs started while Redis was down
        except Exception:  # the database restarting, say: keep going, lose nothing
            folding.log.exception("folding failed; trying again shortly")
            time.sleep(max(pause, 2.0))


def start_redaction() -> None:
    """On start (each deployment): re-redact comments made under older rules, in the
    background. A failure here must not stop the folder."""
    try:
        for programme, job, _created in redaction.start_all():
            click.echo(f"Re-redacting {job.total:,} comments of {programme.slug} (job {job.id}).")
    except Exception:
        db.session.rollback()
        folding.log.exception("could not start re-redaction; `flask redact` starts it")


class DrawingAhead:
    """When the folder draws dashboards ahead: at once on starting; after figures moved,
    once no answers have come for ``QUIET`` seconds (and at most every ``SOON``); and every
    ``ANYWAY`` seconds regardless. Drawing takes a second or more of CPU, so it waits for a
    lull rather than competing with a room of people answering."""

    QUIET = 5.0
    SOON = 10.0
    ANYWAY = 300.0

    def __init__(self):
        self.moved = True
        self.drawn_at = -self.ANYWAY
        self.folded_at = -self.ANYWAY

    def note(self, folded: int) -> None:
        if folded > 0:
            self.moved = True
            self.folded_at = time.monotonic()

    def when_due(self) -> None:
        now = time.monotonic()
        quiet = now - self.folded_at >= self.QUIET
        since = now - self.drawn_at
        if (self.moved and quiet and since >= self.SOON) or since >= self.ANYWAY:
            self.moved = False
            self.drawn_at = now
            draw_default_views(current_app._get_current_object())


@click.command("run-jobs")
@click.option("--forever", is_flag=True, help="Keep running: poll for queued jobs.")
@click.option("--pause", default=1.0, show_default=True, help="Seconds to wait when idle.")
@click.option("--nice", default=10, show_default=True, help="Lower priority than the web.")
def run_jobs(forever: bool, pause: float, nice: int) -> None:
    """Run queued background jobs (training, re-analysis, imports) outside the web workers.
    The quickstart starts one beside gunicorn; with REDIS_URL, RQ workers run them instead.
    It runs at a lower CPU priority than the web and the folder, so that training never slows
    a respondent's page nor holds the figures back."""
    os.nice(nice)
    if recovered := background.recover():
        click.echo(f"Marked {recovered} job(s) failed: the process running them had ended.")
    while True:
        try:
            ran = background.poll_once()
        except Exception:  # the database restarting, say: the job row says what failed
            background.log.exception("running jobs failed; trying again shortly")
            ran = False
            time.sleep(max(pause, 2.0))
        if not forever and not ran:
            return
        if not ran:
            time.sleep(pause)
