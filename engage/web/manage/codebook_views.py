"""The codebook: themes, their phrases previewed before saving, and discovered themes.

Every form that changes a theme's phrases has a *Preview* button: the same form posted with
``action=preview`` saves nothing and shows what the phrases would tag (counts, sentiment
mix, and example comments where the comment minimum allows), from the read side.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from engage.models import CodebookTheme, Programme
from engage.services import analysis, audit
from engage.services.reading import phrases as previews
from engage.web.manage import bp, found_in, load_programme, started
from engage.web.manage.forms import CleanText

PREVIEW = "preview"
DROP_CONFIRMED = "drop-confirmed"


class ThemeForm(FlaskForm):
    name = StringField(
        "Theme name", validators=[DataRequired("Enter a theme name"), Length(max=120), CleanText()]
    )
    description = StringField("Description (optional)", validators=[Length(max=500), CleanText()])
    phrases = TextAreaField(
        "Words and phrases that signal it, separated by commas",
        validators=[Length(max=4000), CleanText()],
    )


def preview_for(programme: Programme, form: ThemeForm) -> previews.PhrasePreview | None:
    """The preview a posted form asks for, or None. Checked like a save (CSRF, clean text)
    but nothing is stored; reading example comments is recorded like any comment page."""
    if request.form.get("action") != PREVIEW:
        return None
    form.validate()
    if form.phrases.errors:
        return None
    form.name.errors = []  # a name is needed to save, not to look
    preview = previews.preview_phrases(programme, form.phrases.data or "")
    if preview.examples:
        detail = f"{len(preview.examples)} example comments for phrases: " + ", ".join(
            preview.phrases
        )
        audit.record_comment_view(programme, current_user, "Theme phrases previewed", detail)
    return preview


def save(programme: Programme, theme: CodebookTheme | None, form: ThemeForm) -> bool:
    try:
        analysis.save_theme(
            programme, theme, form.name.data, form.description.data or "", form.phrases.data or ""
        )
    except ValueError as error:
        form.name.errors = [str(error)]
        return False
    return True


@bp.route("/p/<slug>/codebook", methods=["GET", "POST"])
def codebook(slug: str):
    programme = load_programme(slug)
    form = ThemeForm()
    preview = preview_for(programme, form)
    if preview is None and form.validate_on_submit() and save(programme, None, form):
        flash("Theme added. " + started(*analysis.start_reanalysis(programme)), "success")
        return redirect(url_for("manage.codebook", slug=slug))
    return render_template(
        "manage/codebook.html",
        programme=programme,
        form=form,
        preview=preview,
        themes=analysis.codebook_themes(programme),
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
    preview = preview_for(programme, form)
    if preview is None and form.validate_on_submit() and save(programme, theme, form):
        flash("Theme saved. " + started(*analysis.start_reanalysis(programme)), "success")
        return redirect(url_for("manage.codebook", slug=slug))
    return render_template(
        "manage/theme_form.html", programme=programme, form=form, theme=theme, preview=preview
    ), 400 if form.errors else 200


@bp.route("/p/<slug>/codebook/<int:theme_id>/delete", methods=["GET", "POST"])
def delete_theme(slug: str, theme_id: int):
    """Two steps: the page names the theme and its phrases; only its form removes it."""
    programme = load_programme(slug)
    theme = found_in(programme, CodebookTheme, theme_id)
    if request.method == "POST":
        name = theme.name
        analysis.delete_theme(theme)
        flash(f"Theme {name} removed. " + started(*analysis.start_reanalysis(programme)), "success")
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
    flash(started(*analysis.start_reanalysis(programme)), "success")
    return redirect(url_for("manage.codebook", slug=slug) + "#progress")


@bp.route("/p/<slug>/codebook/discover", methods=["GET", "POST"])
def discover_themes(slug: str):
    programme = load_programme(slug)
    if request.method == "POST":
        return discovered_saved(programme)
    found = previews.discover_themes(programme)
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


def discovered_saved(programme: Programme):
    """A discovered group, its phrases as the organiser edited them: dropped, merged into a
    theme, or saved as a new one. (Its Preview button posts to the codebook's form.)"""
    phrases = list(previews.split_phrases(request.form.get("phrases", "")))
    back = url_for("manage.discover_themes", slug=programme.slug)
    if request.form.get("action") == "drop":
        return confirm_drop(programme, phrases, back)
    if request.form.get("action") == DROP_CONFIRMED:
        analysis.dismiss_phrases(programme, phrases)
        flash("Group dropped: its phrases will not form a group again.", "success")
        return redirect(back)
    target = request.form.get("merge_into", "")
    try:
        if target:
            analysis.add_phrases(found_in(programme, CodebookTheme, target), phrases)
        else:
            name = request.form.get("name", "").strip()
            analysis.save_theme(programme, None, name, "Discovered in comments", ", ".join(phrases))
    except ValueError as error:
        flash(str(error), "info")
        return redirect(back)
    flash("Codebook updated. " + started(*analysis.start_reanalysis(programme)), "success")
    return redirect(url_for("manage.codebook", slug=programme.slug))


def confirm_drop(programme: Programme, phrases: list[str], back: str):
    """Dropping a group is for good (its phrases never group again): ask first."""
    return render_template(
        "manage/confirm_remove.html",
        programme=programme,
        what="this group",
        caption="Themes found in comments",
        name=", ".join(phrases),
        details=[],
        consequence=(
            "These phrases will not form a group again. No comment or theme changes, "
            "and you can still add the phrases to a theme yourself."
        ),
        action=back,
        fields={"phrases": ", ".join(phrases), "action": DROP_CONFIRMED},
        cancel=back,
    )
