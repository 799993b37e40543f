"""Organisers' and admins' pages: programmes, organisations, surveys, waves and links."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user, login_required

from engage.models import Programme
from engage.services import access, lookup, programmes
from engage.services.access import Action

bp = Blueprint("manage", __name__, url_prefix="/manage")


@bp.before_request
@login_required
def require_sign_in():
    """Every page here is for signed-in staff."""


def load_programme(slug: str, action: Action = Action.ORGANISE) -> Programme:
    programme = programmes.by_slug(slug)
    if programme is None:
        abort(404)
    if not access.can(current_user, action, programme):
        abort(403)
    return programme


def found_in(programme: Programme, model, row_id):
    """The row with this id in this programme, or 404 (never 403: that would confirm
    that another programme's row exists)."""
    return lookup.get_in(programme, model, row_id)  # NotFound is the 404 page (errors.py)


def started(job, created: bool) -> str:
    """What a button that starts background work says it did."""
    if not created:
        return f"{job.label} is already {job.status} (job {job.id}); it was not started twice."
    return f"{job.label} started in the background: {job.total:,} {job.unit} (job {job.id})."


def form_errors_from(form, error) -> None:
    """Discard the refused change and show the service's error on the field it names."""
    lookup.discard()
    field = getattr(form, getattr(error, "field", ""), None) or next(iter(form))
    field.errors = [*field.errors, str(error)]


from engage.web.manage import (  # noqa: E402,F401
    audit_views,
    codebook_views,
    comment_views,
    group_import_views,
    learning_views,
    link_views,
    preview_views,
    programme_views,
    room_views,
    standing_views,
    survey_views,
    wave_views,
)
