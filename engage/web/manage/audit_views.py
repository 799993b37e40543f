"""The audit log, for programme admins: read and download, never change."""

from __future__ import annotations

from datetime import date

from flask import Response, render_template
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
    header, rows = audit.table(programme)
    audit.record_export(programme, current_user, "Audit log", "whole programme", "csv")
    content = writers.tables_to_csv([f"Audit log: {programme.name}"], {"Events": (header, rows)})
    response = Response(content, content_type=writers.MEDIA_TYPES["csv"])
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{slug}-audit-{date.today():%Y%m%d}.csv"'
    )
    return response
