"""Learning from coded comments under the analyst's control: an upload is staged and its
unknown theme names mapped before anything is stored; a trained model is previewed and
switched to only on confirmation; going back to the rules and removing imported codes
each have a page that says what happens, and a button."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField
from wtforms.validators import InputRequired

from engage.services import background, imports, model_choice, training
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


def progress(slug: str):
    return redirect(url_for("manage.coded_comments", slug=slug) + "#progress")


@bp.route("/p/<slug>/codes", methods=["GET", "POST"])
def coded_comments(slug: str):
    programme = load_programme(slug)
    form = CodedUploadForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            staged = imports.stage(programme, form.file.data.read())
        except FieldError as error:
            problems = str(error).splitlines()
            form.file.errors = [problems[0]]
        else:
            return redirect(url_for("manage.map_import", slug=slug, staged_id=staged.id))
    return render_template(
        "manage/codes.html",
        programme=programme,
        form=form,
        problems=problems[1:],
        jobs=[training.latest_import(programme), training.latest_training(programme)],
        coded=training.coded_count(programme),
        imported=imports.imported_count(programme),
        model=model_choice.state(programme),
        max_rows=training.MAX_CODED_ROWS,
        max_text=training.MAX_CODED_TEXT,
    ), 400 if form.errors else 200


def mapping_form(plan: imports.ImportPlan) -> FlaskForm:
    """One choice per theme name the codebook lacks; a name that differs from a codebook
    theme only in case starts out mapped to it."""

    class MappingForm(FlaskForm):
        pass

    options = [
        ("", "Choose what to do"),
        (imports.DROP, "Drop these codes"),
        (imports.ADD, "Add it to the codebook as a new theme"),
    ] + [(imports.MAP + name, f"Count it as {name}") for name in plan.codebook]
    for index, theme in enumerate(plan.unknown):
        field = SelectField(
            theme.name,
            choices=options,
            default=imports.MAP + theme.suggestion if theme.suggestion else "",
            validators=[InputRequired(f"Choose what to do with the theme '{theme.name}'")],
        )
        setattr(MappingForm, f"theme_{index}", field)
    return MappingForm()


@bp.route("/p/<slug>/codes/staged/<int:staged_id>", methods=["GET", "POST"])
def map_import(slug: str, staged_id: int):
    programme = load_programme(slug)
    plan = imports.plan(programme, staged_id)
    form = mapping_form(plan)
    if form.validate_on_submit():
        choices = {t.name: form[f"theme_{i}"].data for i, t in enumerate(plan.unknown)}
        try:
            job, created = imports.confirm(programme, staged_id, choices, current_user)
        except FieldError as error:  # only a name too long to be a theme gets here
            next(iter(form)).errors.append(str(error))
        else:
            flash(confirmed(plan, job, created), "success" if created else "info")
            return progress(slug)
    fields = [(form[f"theme_{i}"], t) for i, t in enumerate(plan.unknown)]
    return render_template(
        "manage/import_mapping.html", programme=programme, plan=plan, form=form, fields=fields
    ), 400 if form.errors else 200


def confirmed(plan: imports.ImportPlan, job, created: bool) -> str:
    if not created:
        return (
            "An import is already running, so this file waits here. Confirm it again once "
            "that import has finished (or cancel it)."
        )
    return (
        f"{plan.rows:,} coded comments are being imported in the background (job {job.id}). "
        "Training starts when the import is done; the model it makes is not used until you "
        "have seen what it would change and switched to it."
    )


@bp.post("/p/<slug>/codes/staged/<int:staged_id>/delete")
def discard_import(slug: str, staged_id: int):
    imports.discard(load_programme(slug), staged_id)
    flash("The uploaded file was discarded; nothing from it was stored.", "success")
    return progress(slug)


@bp.post("/p/<slug>/codes/train")
def train_models(slug: str):
    programme = load_programme(slug)
    flash(started(*training.start_training(programme)), "success")
    return progress(slug)


@bp.get("/p/<slug>/codes/model/<int:model_id>")
def trained_model(slug: str, model_id: int):
    programme = load_programme(slug)
    try:
        found = model_choice.candidate(programme, model_id)
    except model_choice.AlreadyDecided:
        found = None
    return render_template("manage/trained_model.html", programme=programme, candidate=found)


@bp.post("/p/<slug>/codes/model/<int:model_id>/switch")
def switch_model(slug: str, model_id: int):
    programme = load_programme(slug)
    try:
        job, created = model_choice.switch(programme, model_id, current_user)
    except model_choice.AlreadyDecided:
        flash("That trained model was already switched to or discarded.", "info")
    except FieldError as error:
        flash(str(error), "info")
    else:
        flash("Comments are now analysed with the trained model. " + started(job, created))
    return progress(slug)


@bp.post("/p/<slug>/codes/model/<int:model_id>/delete")
def discard_model(slug: str, model_id: int):
    programme = load_programme(slug)
    try:
        model_choice.discard(programme, model_id)
    except model_choice.AlreadyDecided:
        flash("That trained model was already switched to or discarded.", "info")
    else:
        flash("The trained model was discarded; nothing changed.", "success")
    return progress(slug)


@bp.route("/p/<slug>/codes/rules", methods=["GET", "POST"])
def return_to_rules(slug: str):
    programme = load_programme(slug)
    if request.method == "POST":
        try:
            job, created = model_choice.return_to_rules(programme, current_user)
        except FieldError as error:
            flash(str(error), "info")
        else:
            flash("Comments are now analysed with the codebook rules. " + started(job, created))
        return progress(slug)
    return render_template(
        "manage/confirm_learning.html",
        programme=programme,
        title="Return to the codebook rules?",
        state=model_choice.state(programme).in_use,
        consequence=(
            "Any trained model stops being used and every comment is analysed again with "
            "the codebook rules in the background. Analysts' own codes stay. Dashboard "
            "figures of closed waves that move are noted on the dashboard with today's date."
        ),
        button="Yes, return to the rules",
    )


@bp.route("/p/<slug>/codes/imported/remove", methods=["GET", "POST"])
def remove_imported(slug: str):
    programme = load_programme(slug)
    if request.method == "POST":
        removed = imports.remove_imported(programme, current_user)
        flash(f"{removed:,} imported coded comments were removed.", "success")
        return progress(slug)
    count = imports.imported_count(programme)
    return render_template(
        "manage/confirm_learning.html",
        programme=programme,
        title="Remove the imported codes?",
        state=f"{count:,} coded comment{'s' if count != 1 else ''} came from imported files.",
        consequence=(
            "They are deleted for good. Codes analysts gave comments in Engage stay. The "
            "analysis in use does not change: to stop using a model trained on them, "
            "return to the rules; to learn from what is left, train again."
        ),
        button="Yes, remove the imported codes",
    )


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
