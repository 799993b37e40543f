"""Standing links of a survey: one per group or organisation, made one at a time or for
every group at once, each with a QR poster that stays valid from wave to wave."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from engage.models import StandingLink
from engage.services import links, standing_links
from engage.services.errors import FieldError
from engage.web.manage import bp, found_in, load_programme
from engage.web.manage.forms import LinkForm
from engage.web.manage.survey_views import survey_in
from engage.web.manage.wave_views import link_targets, resolve_target
from engage.web.public_urls import entry_url, standing_url


def back_to(slug: str, survey_id: int):
    return redirect(url_for("manage.survey", slug=slug, survey_id=survey_id) + "#standing")


@bp.post("/p/<slug>/surveys/<int:survey_id>/standing-links")
def add_standing_link(slug: str, survey_id: int):
    programme = load_programme(slug)
    survey = survey_in(programme, survey_id)
    form = LinkForm()
    form.target.choices = link_targets(programme)
    if not form.validate_on_submit():
        flash(next(iter(form.errors.values()))[0], "error")
        return back_to(slug, survey_id)
    organisation, group = resolve_target(programme, form.target.data)
    try:
        standing, new = standing_links.create(survey, organisation, group, current_user)
    except FieldError as error:
        flash(str(error), "error")
    else:
        said = "created" if new else "already exists; nothing new was made"
        flash(f"Standing link {standing.display_code} {said}.", "success")
    return back_to(slug, survey_id)


@bp.post("/p/<slug>/surveys/<int:survey_id>/standing-links/every-group")
def standing_links_for_every_group(slug: str, survey_id: int):
    """One action for every group; pressing it again makes only what is missing."""
    programme = load_programme(slug)
    survey = survey_in(programme, survey_id)
    made = standing_links.for_every_group(survey, current_user)
    flash(
        f"{len(made)} standing links created." if made else "Every group already has one.",
        "success",
    )
    return back_to(slug, survey_id)


@bp.get("/p/<slug>/standing-links/<int:standing_id>/poster")
def standing_poster(slug: str, standing_id: int):
    """A poster that stays up: the code opens whichever wave is open."""
    programme = load_programme(slug)
    standing = found_in(programme, StandingLink, standing_id)
    url = standing_url(standing)
    return render_template(
        "manage/standing_poster.html",
        programme=programme,
        standing=standing,
        url=url,
        entry_url=entry_url(),
        qr_svg=links.qr_svg(url),
    )
