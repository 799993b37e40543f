"""Downloads: the web layer only checks permission and streams what a pure writer made."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, redirect, request, url_for
from flask_login import current_user, login_required

from engage.exports import pdf, roundtable_writers, writers
from engage.models import Wave
from engage.services import access, audit, lookup, programmes
from engage.services.access import Action
from engage.services.reading import roundtable, summaries

bp = Blueprint("downloads", __name__, url_prefix="/downloads")
# The printable page styles itself inline and has no script at all.
PRINTABLE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"


@bp.before_request
@login_required
def require_sign_in():
    """Every download is for signed-in staff."""


def allowed(slug: str, fmt: str, formats, action: Action = Action.VIEW):
    """The programme a download is of: 404 for an unknown programme or format, 403 for
    someone without the right to it."""
    if fmt not in formats:
        abort(404)
    return programme_allowed(slug, action)


def programme_allowed(slug: str, action: Action = Action.VIEW):
    """The programme, if this person may ``action`` it: 404 if unknown, else 403."""
    programme = programmes.by_slug(slug)
    if programme is None:
        abort(404)
    if not access.can(current_user, action, programme):
        abort(403)
    return programme


@bp.get("/p/<slug>/theme-summary.<fmt>")
def theme_summary(slug: str, fmt: str):
    """One wave's theme summary, made at once (it is small). The whole programme's is made
    in the background: without a wave this sends you to the exports page."""
    programme = allowed(slug, fmt, writers.WRITERS)
    if not request.args.get("wave"):
        return redirect(url_for("downloads.exports_page", slug=slug))
    wave = lookup.get_in(programme, Wave, request.args["wave"])
    scope = summaries.scope_of(programme, wave, request.args.get("published") == "1")
    content = writers.WRITERS[fmt](summaries.build(scope))
    audit.record_export(
        programme,
        current_user,
        "Theme summary" + (", prepared for publication" if scope.published else ""),
        f"{scope.wave_label} of {scope.survey}",
        fmt,
    )
    return download(content, fmt, scope.file_name(fmt, date.today()))


def download(content: bytes | str, fmt: str, name: str, policy: str = PRINTABLE_POLICY) -> Response:
    """A file with its readable name; the printable page opens in the browser, unscripted."""
    response = Response(content, content_type=writers.MEDIA_TYPES[fmt])
    disposition = "inline" if fmt == "html" else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{name}"'
    if fmt == "html":
        response.headers["Content-Security-Policy"] = policy
    return response


@bp.get("/p/<slug>/roundtable/<int:wave_id>/what-we-heard.<fmt>")
def roundtable_summary(slug: str, wave_id: int, fmt: str):
    """A roundtable's "what we heard" summary, with the organiser's next steps."""
    programme = allowed(slug, fmt, [*roundtable_writers.WRITERS, "pdf"])
    wave = lookup.get_in(programme, Wave, wave_id)
    try:
        summary = roundtable.build(programme, wave, request.args.get("next", "")[:2000])
    except LookupError:
        abort(404)
    try:
        content = (
            pdf.html_to_pdf(roundtable_writers.to_html(summary))
            if fmt == "pdf"
            else roundtable_writers.WRITERS[fmt](summary)
        )
    except LookupError:  # no PDF converter on this server
        abort(404)
    audit.record_export(programme, current_user, "Roundtable summary", f"{wave.survey.title}", fmt)
    return download(content, fmt, roundtable.file_name(summary, fmt))


# The board pack's page carries its charts as inline images.
BOARD_PACK_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
)
