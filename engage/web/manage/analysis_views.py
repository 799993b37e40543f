"""Comments and analysts' codes (imports and models are in learning_views, the codebook in
codebook_views)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from engage.analysis.framing import FRAMINGS
from engage.services import analysis, audit, background, comments
from engage.services.reading import comments as reading
from engage.services.reading.comments import SENTIMENTS, Filters
from engage.web.manage import bp, load_programme
from engage.web.params import number_arg


class RecodeForm(FlaskForm):
    sentiment = SelectField(
        "Sentiment",
        choices=[("", "Machine's choice")] + [(label, label.capitalize()) for label in SENTIMENTS],
    )
    themes = SelectMultipleField(
        "Themes",
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=True,
    )
    framing = SelectField(
        "How it frames transformation",
        choices=[("", "Machine's choice")] + [(n, n) for n in FRAMINGS.names],
    )


@bp.get("/p/<slug>/comments")
def comment_list(slug: str):
    programme = load_programme(slug)
    filters = Filters(
        number_arg("wave"),
        number_arg("organisation"),
        number_arg("group"),
        request.args.get("theme", ""),
        request.args.get("sentiment", ""),
        request.args.get("question", ""),
    )
    page = reading.page_of(programme, filters, number_arg("page") or 1)
    audit.record_comment_view(
        programme,
        current_user,
        "Comment list",
        audit.describe_slice(reading.describe(programme, filters), page.page),
    )
    return render_template(
        "manage/comments.html",
        programme=programme,
        filters=filters,
        page=page,
        options=filter_options(programme),
        agreement=comments.agreement(programme),
        themes=analysis.codebook_for(programme.id).names,
    )


def filter_options(programme) -> dict:
    surveys = programme.surveys
    questions = analysis.text_questions(programme)
    return {
        "waves": [
            (wave.id, f"{survey.title}: {wave.label}")
            for survey in surveys
            for wave in survey.waves
        ],
        "organisations": [(org.id, org.name) for org in programme.organisations],
        "groups": [
            (group.id, f"{org.name}: {group.name}")
            for org in programme.organisations
            for group in org.groups
        ],
        "questions": sorted(set(questions), key=lambda row: row[1]),
    }


@bp.route("/p/<slug>/comments/<ref>", methods=["GET", "POST"])
def recode_comment(slug: str, ref: str):
    programme = load_programme(slug)
    try:
        comment = reading.readable(programme, ref)
    except LookupError:
        abort(404)
    row = comment.analysis
    form = RecodeForm(
        data={
            "sentiment": row.coded_sentiment or "",
            "themes": row.final_themes,
            "framing": row.coded_framing or "",
        }
    )
    form.themes.choices = [(name, name) for name in analysis.codebook_for(programme.id).names]
    if form.validate_on_submit():
        comments.recode(
            programme,
            ref,
            form.sentiment.data or None,
            form.themes.data,
            form.framing.data or None,
        )
        flash("Your codes are saved. They override the machine's for this comment.", "success")
        return redirect(url_for("manage.comment_list", slug=slug))
    audit.record_comment_view(programme, current_user, "Comment opened", f"Reference {ref}")
    return render_template(
        "manage/recode.html", programme=programme, form=form, row=row, text=comment.text
    ), 400 if form.errors else 200


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
