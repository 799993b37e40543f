"""Comments, analysts' codes, the codebook and background re-analysis."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from engage.analysis.framing import FRAMINGS
from engage.models import CodebookTheme
from engage.services import analysis, audit, comments, training
from engage.services.errors import FieldError
from engage.services.reading import comments as reading
from engage.services.reading.comments import SENTIMENTS, Filters
from engage.web.manage import bp, found_in, load_programme
from engage.web.manage.forms import CleanText
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


class ThemeForm(FlaskForm):
    name = StringField(
        "Theme name", validators=[DataRequired("Enter a theme name"), Length(max=120), CleanText()]
    )
    description = StringField("Description (optional)", validators=[Length(max=500), CleanText()])
    phrases = TextAreaField(
        "Words and phrases that signal it, separated by commas",
        validators=[Length(max=4000), CleanText()],
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


@bp.route("/p/<slug>/codebook", methods=["GET", "POST"])
def codebook(slug: str):
    programme = load_programme(slug)
    form = ThemeForm()
    if form.validate_on_submit():
        try:
            analysis.save_theme(
                programme,
                None,
                form.name.data,
                form.description.data or "",
                form.phrases.data or "",
            )
        except ValueError as error:
            form.name.errors = [str(error)]
        else:
            job = analysis.start_reanalysis(programme)
            flash(f"Theme added. Re-analysing {job.total:,} comments in the background.", "success")
            return redirect(url_for("manage.codebook", slug=slug))
    themes = analysis.codebook_themes(programme)
    return render_template(
        "manage/codebook.html",
        programme=programme,
        form=form,
        themes=themes,
        job=analysis.latest_job(programme),
    ), 400 if form.errors else 200


@bp.route("/p/<slug>/codebook/<int:theme_id>", methods=["GET", "POST"])
def edit_theme(slug: str, theme_id: int):
    programme = load_programme(slug)
    theme = found_in(programme, CodebookTheme, theme_id)
    form = ThemeForm(obj=theme)
    if not isinstance(form.phrases.data, str):
        # The theme's list, not a post's text (none sent, or not a post): one text to edit.
        form.phrases.data = ", ".join(theme.phrases)
    if form.validate_on_submit():
        try:
            analysis.save_theme(
                programme,
                theme,
                form.name.data,
                form.description.data or "",
                form.phrases.data or "",
            )
        except ValueError as error:
            form.name.errors = [str(error)]
        else:
            analysis.start_reanalysis(programme)
            flash("Theme saved. Comments are being re-analysed.", "success")
            return redirect(url_for("manage.codebook", slug=slug))
    return render_template(
        "manage/theme_form.html", programme=programme, form=form, theme=theme
    ), 400 if form.errors else 200


@bp.route("/p/<slug>/codebook/<int:theme_id>/delete", methods=["GET", "POST"])
def delete_theme(slug: str, theme_id: int):
    """Two steps: the page names the theme and its phrases; only its form removes it."""
    programme = load_programme(slug)
    theme = found_in(programme, CodebookTheme, theme_id)
    if request.method == "POST":
        analysis.delete_theme(theme)
        analysis.start_reanalysis(programme)
        flash(f"Theme {theme.name} removed. Comments are being re-analysed.", "success")
        return redirect(url_for("manage.codebook", slug=slug))
    return render_template(
        "manage/confirm_remove.html",
        programme=programme,
        what="this theme",
        caption="Codebook",
        name=theme.name,
        details=[", ".join(theme.phrases)] if theme.phrases else [],
        consequence=(
            "Comments lose this theme when they are re-analysed in the background. "
            "You can add it again later with the same name and phrases."
        ),
        action=request.path,
        cancel=url_for("manage.edit_theme", slug=slug, theme_id=theme.id),
    )


@bp.post("/p/<slug>/analysis/run")
def reanalyse(slug: str):
    programme = load_programme(slug)
    job = analysis.start_reanalysis(programme)
    flash(f"Re-analysing {job.total:,} comments in the background.", "success")
    return redirect(url_for("manage.codebook", slug=slug) + "#progress")


@bp.route("/p/<slug>/codebook/discover", methods=["GET", "POST"])
def discover_themes(slug: str):
    programme = load_programme(slug)
    if request.method == "POST":
        phrases = [p for p in request.form.get("phrases", "").split("|") if p.strip()][:10]
        if request.form.get("action") == "drop":
            analysis.dismiss_phrases(programme, phrases)
            flash("Group dropped: its phrases will not form a group again.", "success")
            return redirect(url_for("manage.discover_themes", slug=slug))
        name = request.form.get("name", "").strip()
        target = request.form.get("merge_into", "")
        try:
            if target:
                analysis.add_phrases(found_in(programme, CodebookTheme, target), phrases)
            else:
                analysis.save_theme(
                    programme, None, name, "Discovered in comments", ", ".join(phrases)
                )
        except ValueError as error:
            flash(str(error), "info")
            return redirect(url_for("manage.discover_themes", slug=slug))
        job = analysis.start_reanalysis(programme)
        flash(f"Codebook updated. Re-analysing {job.total:,} comments.", "success")
        return redirect(url_for("manage.codebook", slug=slug))
    found = reading.discover_themes(programme)
    if any(group.examples for group in found):
        examples = sum(len(group.examples) for group in found)
        detail = f"{examples} example comments in {len(found)} groups"
        audit.record_comment_view(programme, current_user, "Themes the codebook misses", detail)
    return render_template(
        "manage/discover.html",
        programme=programme,
        found=found,
        themes=analysis.codebook_themes(programme),
    )


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
            report = training.import_coded(programme, form.file.data.read())
        except FieldError as error:
            problems = str(error).splitlines()
            form.file.errors = [problems[0]]
        else:
            job = training.start_training(programme)
            flash(
                f"Imported {report.rows:,} coded comments ({report.with_sentiment:,} with "
                f"sentiment, {report.with_themes:,} with themes). Training has started "
                f"(job {job.id}).",
                "success",
            )
            return redirect(url_for("manage.coded_comments", slug=slug))
    return render_template(
        "manage/codes.html",
        programme=programme,
        form=form,
        problems=problems[1:],
        job=training.latest_training(programme),
        coded=training.coded_count(programme),
    ), 400 if form.errors else 200


@bp.post("/p/<slug>/codes/train")
def train_models(slug: str):
    programme = load_programme(slug)
    job = training.start_training(programme)
    flash(
        f"Training from {training.coded_count(programme):,} codes has started (job {job.id}).",
        "success",
    )
    return redirect(url_for("manage.coded_comments", slug=slug))
