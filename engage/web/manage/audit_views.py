"""The audit log, for programme admins (their programme's) and site admins (the site's
own events too): read and download, never change."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, render_template
from flask_login import current_user

from engage.exports import writers
from engage.services import audit
from engage.services.access import Action
from engage.web.manage import bp, load_programme
from engage.web.params import number_arg


@bp.get("/p/<slug>/audit")
def audit_log(slug: str):
    programme = load_programme(slug, Action.ADMINISTER)
    events = audit.events_for(programme, number_arg("page") or 1)
    return render_template("manage/audit.html", programme=programme, page=events)


@bp.get("/p/<slug>/audit.csv")
def audit_csv(slug: str):
    programme = load_programme(slug, Action.ADMINISTER)
    audit.record_export(programme, current_user, "Audit log", "whole programme", "csv")
    return log_csv(programme, f"Audit log: {programme.name}", slug)


@bp.get("/audit")
def site_audit_log():
    """Sign-ins, failures, password and second-factor changes: no programme's, the site's."""
    site_admins_only()
    events = audit.events_for(None, number_arg("page") or 1)
    return render_template("manage/site_audit.html", page=events)


@bp.get("/audit.csv")
def site_audit_csv():
    site_admins_only()
    audit.record_export(None, current_user, "Audit log", "site sign-ins and accounts", "csv")
    return log_csv(None, "Audit log: sign-ins and accounts (site)", "site")


def site_admins_only() -> None:
    if not current_user.is_site_admin:
        abort(403)


def log_csv(programme, title: str, name: str) -> Response:
    """The writer neutralises anything a spreadsheet would take for a formula."""
    header, rows = audit.table(programme)
    content = writers.tables_to_csv([title], {"Events": (header, rows)})
    response = Response(content, content_type=writers.MEDIA_TYPES["csv"])
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{name}-audit-{date.today():%Y%m%d}.csv"'
    )
    return response
