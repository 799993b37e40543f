"""Coded-comment imports and model training (comments are in comment_views, the codebook
in codebook_views)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired

from engage.services import background, training
from engage.services.errors import FieldError
from engage.web.manage import bp, load_programme, started

MAX_CODED_UPLOAD = 10 * 1024 * 1024


@bp.url_value_preprocessor
def allow_large_coded_uploads(endpoint, _values) -> None:
    """Coded-comment files are far larger than survey answers. This runs before the CSRF
    check reads the form, which a limit set inside the view would be too late for."""
    if endpoint == "manage.coded_comments":
        request.max_content_length = MAX_CODED_UPLOAD


class CodedUploadForm(FlaskForm):
    file = FileField(
        "CSV file of coded comments",
        validators=[
            FileRequired("Choose a CSV file to upload"),
            FileAllowed(["csv"], "The file must be a .csv file"),
        ],
    )


@bp.route("/p/<slug>/codes", methods=["GET", "POST"])
def coded_comments(slug: str):
    programme = load_programme(slug)
    form = CodedUploadForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            report, job, created = training.start_import(programme, form.file.data.read())
        except FieldError as error:
            problems = str(error).splitlines()
            form.file.errors = [problems[0]]
        else:
            flash(imported(report, job, created), "success" if created else "info")
            return redirect(url_for("manage.coded_comments", slug=slug) + "#progress")
    return render_template(
        "manage/codes.html",
        programme=programme,
        form=form,
        problems=problems[1:],
        jobs=[training.latest_import(programme), training.latest_training(programme)],
        coded=training.coded_count(programme),
        max_rows=training.MAX_CODED_ROWS,
        max_text=training.MAX_CODED_TEXT,
    ), 400 if form.errors else 200


def imported(report, job, created: bool) -> str:
    if not created:
        return (
            "An import is already running, so this file was not imported. Wait for it to "
            "finish (or cancel it) and upload the file again."
        )
    return (
        f"Checked {report.rows:,} coded comments ({report.with_sentiment:,} with sentiment, "
        f"{report.with_themes:,} with themes). They are being imported in the background "
        f"(job {job.id}); training starts when the import is done."
    )


@bp.post("/p/<slug>/codes/train")
def train_models(slug: str):
    programme = load_programme(slug)
    flash(started(*training.start_training(programme)), "success")
    return redirect(url_for("manage.coded_comments", slug=slug) + "#progress")


@bp.post("/p/<slug>/jobs/<int:job_id>/cancel")
def cancel_job(slug: str, job_id: int):
    programme = load_programme(slug)
    job = background.cancel(programme, job_id)
    flash(
        f"{job.label} cancelled."
        if not job.active
        else f"{job.label} stops after the batch it is on; what it did so far is kept.",
        "success",
    )
    back = request.form.get("back", "")
    target = "manage.codebook" if back == "codebook" else "manage.coded_comments"
    return redirect(url_for(target, slug=slug) + "#progress")
