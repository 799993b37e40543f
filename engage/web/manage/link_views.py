"""A link's single-use codes (issue, slips, mail-merge CSV, codes only) and confirming the
headcount of a link flagged for more responses than people."""

from __future__ import annotations

from datetime import date

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from engage.exports import writers
from engage.models import Link, Programme
from engage.services import access_codes, audit, links, lookup, stuffing
from engage.services.access import Action
from engage.services.errors import FieldError
from engage.web.manage import bp, form_errors_from, found_in, load_programme
from engage.web.manage.forms import CodesForm, ConfirmHeadcountForm
from engage.web.public_urls import code_url, entry_url


def link_in(programme: Programme, link_id: int) -> Link:
    return found_in(programme, Link, link_id)


@bp.route("/p/<slug>/links/<int:link_id>/codes", methods=["GET", "POST"])
def codes(slug: str, link_id: int):
    programme = load_programme(slug)
    link = link_in(programme, link_id)
    form = CodesForm()
    if form.validate_on_submit():
        try:
            issued = access_codes.issue(link, form.count.data, current_user)
        except FieldError as error:
            form_errors_from(form, error)
        else:
            flash(f"{len(issued)} single-use codes issued.", "success")
            return redirect(url_for("manage.codes", slug=slug, link_id=link_id))
    return render_template(
        "manage/link_codes.html",
        programme=programme,
        link=link,
        form=form,
        counts=access_codes.counts_for(link),
        subject=links.describe(link),
    ), 400 if form.errors else 200


@bp.post("/p/<slug>/links/<int:link_id>/codes-only")
def codes_only(slug: str, link_id: int):
    link = link_in(load_programme(slug), link_id)
    access_codes.set_codes_only(link, request.form.get("codes_only") == "1", current_user)
    flash(
        "Only single-use codes open this survey now."
        if link.codes_only
        else "The plain link and its code work again.",
        "success",
    )
    return redirect(url_for("manage.codes", slug=slug, link_id=link_id))


@bp.get("/p/<slug>/links/<int:link_id>/codes/slips")
def code_slips(slug: str, link_id: int):
    """One unused code per slip, to cut out and hand round."""
    programme = load_programme(slug)
    link = link_in(programme, link_id)
    unused = [code for code in access_codes.codes_for(link) if code.used_on is None]
    audit.record_export(programme, current_user, "Code slips", links.describe(link), "html")
    return render_template(
        "manage/code_slips.html",
        programme=programme,
        link=link,
        codes=unused,
        code_url=code_url,
        entry_url=entry_url(),
    )


@bp.get("/p/<slug>/links/<int:link_id>/codes.csv")
def codes_csv(slug: str, link_id: int):
    """Unused codes for a mail merge; the writer keeps every cell from being a formula."""
    programme = load_programme(slug)
    link = link_in(programme, link_id)
    header, rows = access_codes.table(access_codes.codes_for(link), code_url, entry_url())
    audit.record_export(programme, current_user, "Single-use codes", links.describe(link), "csv")
    content = writers.tables_to_csv([links.describe(link)], {"Codes": (header, rows)})
    response = Response(content, content_type=writers.MEDIA_TYPES["csv"])
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{slug}-codes-{link.code}-{date.today():%Y%m%d}.csv"'
    )
    return response


@bp.post("/p/<slug>/links/<int:link_id>/confirm-headcount")
def confirm_headcount(slug: str, link_id: int):
    """Programme admins only: the responses are genuine, or the headcount was wrong."""
    programme = load_programme(slug, Action.ADMINISTER)
    link = link_in(programme, link_id)
    form = ConfirmHeadcountForm()
    if not form.validate_on_submit():
        flash(next(iter(form.errors.values()))[0], "error")
    else:
        try:
            stuffing.confirm(link, current_user, form.headcount.data)
        except FieldError as error:
            lookup.discard()
            flash(str(error), "error")
        else:
            flash(
                f"Headcount confirmed: the figures of {links.describe(link)} are shown.", "success"
            )
    if request.form.get("back") == "wave":
        return redirect(url_for("manage.wave", slug=slug, wave_id=link.wave_id) + "#flagged")
    return redirect(url_for("manage.programme", slug=slug) + "#flagged")
