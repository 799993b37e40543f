"""Whole-programme exports: a button queues a background job, the exports page shows its
progress with a Cancel button, then offers the file. Each step checks that the person may
download that export (the raw responses are for programme admins only)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from engage.domain import ExportKind
from engage.services import access, audit, background, board, exports
from engage.services.errors import NotFound
from engage.services.reading import dashboard as insights
from engage.web.downloads.views import (
    BOARD_PACK_POLICY,
    PRINTABLE_POLICY,
    allowed,
    bp,
    download,
    programme_allowed,
)
from engage.web.params import number_arg

FORMAT_NAMES = {
    "docx": "Word",
    "xlsx": "Excel",
    "csv": "CSV",
    "html": "printable page",
    "pdf": "PDF",
}


def queued(slug: str, job, created: bool):
    """Back to the exports page, saying what the button did."""
    if created:
        flash(f"{job.export_label} is being made in the background (job {job.id}).", "success")
    else:
        flash(
            f"An export is already {job.status} for this programme ({job.export_label}, job "
            f"{job.id}); press the button again when it has finished.",
            "info",
        )
    return redirect(url_for("downloads.exports_page", slug=slug) + "#progress")


@bp.post("/p/<slug>/exports/board-pack.<fmt>")
def export_board_pack(slug: str, fmt: str):
    """The dashboard as it stands for the filters in the address."""
    programme = allowed(slug, fmt, board.WRITERS)
    filters = insights.Filters(
        *(number_arg(name) for name in ("survey", "from", "to", "organisation", "group"))
    )
    return queued(slug, *exports.request(programme, ExportKind.BOARD_PACK, fmt, filters))


@bp.post("/p/<slug>/exports/theme-summary.<fmt>")
def export_theme_summary(slug: str, fmt: str):
    """Every wave's theme summary; ``published=1`` for the version for publication."""
    programme = allowed(slug, fmt, exports.FORMATS[ExportKind.THEME_SUMMARY])
    published = request.form.get("published") == "1"
    job_and_created = exports.request(programme, ExportKind.THEME_SUMMARY, fmt, published=published)
    return queued(slug, *job_and_created)


@bp.post("/p/<slug>/exports/responses.<fmt>")
def export_responses(slug: str, fmt: str):
    """Raw anonymised responses: programme admins only; ``originals=1`` keeps comments as
    typed, only while the programme allows it (the download is audited as such)."""
    programme = allowed(slug, fmt, exports.FORMATS[ExportKind.RESPONSES], access.Action.ADMINISTER)
    originals = request.form.get("originals") == "1"
    return queued(slug, *exports.request(programme, ExportKind.RESPONSES, fmt, originals=originals))


@bp.get("/p/<slug>/exports")
def exports_page(slug: str):
    """The newest export of each kind this person may download: progress or its file."""
    programme = programme_allowed(slug)
    shown = {
        export: job
        for export, job in exports.latest(programme).items()
        if access.can(current_user, exports.ACTIONS[export], programme)
    }
    return render_template(
        "downloads/exports.html",
        programme=programme,
        shown=shown,
        available={export: exports.available(job) for export, job in shown.items()},
        kept_until=exports.kept_until,
        formats=exports.FORMATS,
        can_print=board.can_print(),
        format_names=FORMAT_NAMES,
    )


def export_job_for_me(slug: str, job_id: int):
    """The programme and its export job, if this person may download that export."""
    programme = programme_allowed(slug)
    job = exports.export_job(programme, job_id)
    if not access.can(current_user, exports.ACTIONS[ExportKind(job.export)], programme):
        abort(403)
    return programme, job


@bp.get("/p/<slug>/exports/<int:job_id>")
def export_file(slug: str, job_id: int):
    """The file a finished export made, recorded in the audit log as it is handed out."""
    programme, job = export_job_for_me(slug, job_id)
    try:
        job = exports.file_of(programme, job.id)
    except NotFound:
        flash("That export's file is no longer kept. Make it again.", "info")
        return redirect(url_for("downloads.exports_page", slug=slug))
    export, fmt = ExportKind(job.export), job.spec["fmt"]
    kind, scope = exports.described(export, job.spec)
    audit.record_export(programme, current_user, kind, scope, fmt)
    policy = BOARD_PACK_POLICY if export is ExportKind.BOARD_PACK else PRINTABLE_POLICY
    return download(job.result, fmt, job.result_name, policy)


@bp.post("/p/<slug>/exports/<int:job_id>/cancel")
def cancel_export(slug: str, job_id: int):
    programme, job = export_job_for_me(slug, job_id)
    if not job.active:
        flash(f"{job.export_label} had already ended ({job.status}).", "info")
        return redirect(url_for("downloads.exports_page", slug=slug) + "#progress")
    job = background.cancel(programme, job.id)
    flash(
        f"{job.export_label} cancelled."
        if not job.active
        else f"{job.export_label} stops after the step it is on.",
        "success",
    )
    return redirect(url_for("downloads.exports_page", slug=slug) + "#progress")
