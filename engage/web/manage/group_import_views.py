"""Reporting groups pasted or uploaded in one go, previewed, then confirmed."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from engage.group_lines import LEVELS, MAX_LINES
from engage.services import group_import
from engage.services.access import Action
from engage.web.manage import bp, load_programme
from engage.web.manage.programme_views import organisation_in

MAX_TEXT = 60_000


class GroupImportForm(FlaskForm):
    groups = TextAreaField(
        "Groups, one per line",
        validators=[Optional(), Length(max=MAX_TEXT, message="Paste at most 60,000 characters")],
    )
    upload = FileField(
        "Or upload a CSV file", validators=[FileAllowed(["csv", "txt"], "Choose a .csv file")]
    )


def listed_text(form: GroupImportForm) -> str | None:
    """The list as pasted or uploaded (an upload wins); None when the file cannot be read."""
    upload = form.upload.data
    if upload and getattr(upload, "filename", ""):
        try:
            return upload.read(MAX_TEXT + 1)[:MAX_TEXT].decode("utf-8-sig")
        except UnicodeDecodeError:
            form.upload.errors = ["The file must be saved as CSV (UTF-8)"]
            return None
    return form.groups.data or ""


@bp.route("/p/<slug>/organisations/<int:org_id>/groups/import", methods=["GET", "POST"])
def import_groups(slug: str, org_id: int):
    """Preview first: the page shows what would be added or changed, or every line that
    is wrong; only *Add these groups* saves, and then all of the list or none of it."""
    programme = load_programme(slug, Action.ADMINISTER)
    organisation = organisation_in(programme, org_id)
    form = GroupImportForm()
    plan = None
    if form.validate_on_submit() and (text := listed_text(form)) is not None:
        form.groups.data = text
        plan = group_import.plan(organisation, text)
        if plan.ok and request.form.get("confirm") == "1":
            group_import.apply(organisation, text)
            flash(f"{len(plan.groups)} groups saved in {organisation.name}.", "success")
            return redirect(url_for("manage.programme", slug=slug) + "#organisations")
    problems = [("groups", str(problem)) for problem in plan.problems] if plan else []
    return render_template(
        "manage/group_import.html",
        programme=programme,
        organisation=organisation,
        form=form,
        plan=plan,
        page_errors=problems,
        levels=LEVELS,
        max_lines=MAX_LINES,
    ), 400 if (form.errors or problems) else 200
