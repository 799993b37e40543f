"""A read-only JSON API over the same confidentiality-checked figures as the pages.

Signed-in staff only (the session cookie); an anonymous call gets 401 in JSON rather than
a redirect to the sign-in page, which a script could not follow.
"""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask_login import current_user

from engage import errors
from engage.exports.dashboard_document import dashboard_document
from engage.services import access, audit, programmes
from engage.services.access import Action
from engage.services.reading import dashboard as insights
from engage.web.params import number_arg

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def problem(status: int, message: str):
    """A JSON error a script can read; ``error`` stays for callers written before ``title``."""
    return errors.problem(status, message, error=message)


@bp.before_request
def require_sign_in():
    if not current_user.is_authenticated:
        return problem(401, "Sign in first: the API uses the staff session.")
    return None


@bp.get("/programmes/<slug>/dashboard")
def dashboard(slug: str):
    programme = programmes.by_slug(slug)
    if programme is None:
        return problem(404, f"No programme has the short name '{slug}'.")
    if not access.can(current_user, Action.VIEW, programme):
        return problem(403, "You do not have access to this programme.")
    filters = insights.Filters(
        number_arg("survey"),
        number_arg("from"),
        number_arg("to"),
        number_arg("organisation"),
        number_arg("group"),
    )
    document = dashboard_document(insights.build(programme, filters))
    audit.record_export(
        programme, current_user, "Dashboard figures (API)", filters.described("all figures"), "json"
    )
    return jsonify(document)
