"""The audit log, for programme admins: read and download, never change."""

from __future__ import annotations

from datetime import date

from flask import Response, render_template, request
from flask_login import current_user

from engage.exports import writers
from engage.services import audit
from engage.services.access import Action
from engage.web.manage import bp, load_programme


@bp.get("/p/<slug>/audit")
def audit_log(slug: str):
    programme = load_programme(slug, Action.ADMINISTER)
    page = request.args.get("page", "1")
    events = audit.events_for(programme, int(page) if page.isdigit() else 1)
    return render_template("manage/audit.html", programme=programme, page=events)


@bp.get("/p/<slug>/audit.csv")
def audit_csv(slug: str):
    programme = load_programme(slug, Action.ADMINISTER)
    header, rows = audit.table(programme)
    audit.record_export(programme, current_user, "Audit log", "whole programme", "csv")
    content = writers.tables_to_csv([f"Audit log: {programme.name}"], {"Events": (header, rows)})
    response = Response(content, mimetype=writers.MEDIA_TYPES["csv"])
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{slug}-audit-{date.today():%Y%m%d}.csv"'
    )
    return response
