"""Waves (scheduling, opening, closing) and their anonymous links."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from engage.exports import pdf
from engage.models import Group, Link, Organisation, Programme, SurveyKind, Wave, WaveStatus
from engage.services import access, links, stuffing, waves
from engage.services.access import Action
from engage.services.errors import FieldError
from engage.services.reading import links as link_counts
from engage.web.manage import bp, form_errors_from, found_in, load_programme
from engage.web.manage.forms import LinkForm, ScheduleForm, SessionForm
from engage.web.manage.room_views import (
    POLL_SECONDS,
    fit_class,
    live_texts,
    short_entry,
    short_url,
)
from engage.web.manage.survey_views import survey_in
from engage.web.public_urls import public_url


def wave_in(programme: Programme, wave_id: int) -> Wave:
    return found_in(programme, Wave, wave_id)


@bp.route("/p/<slug>/surveys/<int:survey_id>/waves/new", methods=["GET", "POST"])
def schedule(slug: str, survey_id: int):
    programme = load_programme(slug)
    survey = survey_in(programme, survey_id)
    form = ScheduleForm() if survey.kind == SurveyKind.PULSE else SessionForm()
    if form.validate_on_submit():
        try:
            if survey.kind == SurveyKind.PULSE:
                added = waves.schedule_pulse(
                    survey, form.first_opens_on.data, form.count.data, form.days_open.data
                )
            else:
                added = [
                    waves.add_session(
                        survey,
                        form.session_date.data,
                        form.venue.data or "",
                        form.facilitator.data or "",
                    )
                ]
        except FieldError as error:
            form_errors_from(form, error)
        else:
            kind = survey.kind
            word = kind.round_word if len(added) == 1 else kind.rounds_word
            flash(f"{len(added)} {word} scheduled.", "success")
            return redirect(url_for("manage.survey", slug=slug, survey_id=survey_id) + "#waves")
    return render_template(
        "manage/schedule.html", programme=programme, survey=survey, form=form
    ), 400 if form.errors else 200


@bp.post("/p/<slug>/waves/<int:wave_id>/status")
def wave_status(slug: str, wave_id: int):
    wave = wave_in(load_programme(slug), wave_id)
    try:
        status = WaveStatus(request.form.get("status", ""))
    except ValueError:
        abort(400)
    waves.set_status(wave, status, date.today(), current_user)
    flash(f"{wave.label} is now {wave.state_label(date.today()).lower()}.", "success")
    if request.form.get("back") == "wave":
        return redirect(url_for("manage.wave", slug=slug, wave_id=wave_id))
    return redirect(url_for("manage.survey", slug=slug, survey_id=wave.survey_id) + "#waves")


def link_targets(programme: Programme) -> list[tuple[str, str]]:
    targets = []
    for organisation in programme.organisations:
        targets.append((f"o{organisation.id}", f"{organisation.name} (whole organisation)"))
        targets.extend(
            (f"s{group.id}", f"{organisation.name}: {group.name}") for group in organisation.groups
        )
    return targets


def resolve_target(programme: Programme, value: str) -> tuple[Organisation, Group | None]:
    kind, raw_id = value[:1], value[1:]
    if kind == "s":
        group = found_in(programme, Group, raw_id)
        return group.organisation, group
    return found_in(programme, Organisation, raw_id), None


@bp.route("/p/<slug>/waves/<int:wave_id>/", methods=["GET", "POST"])
def wave(slug: str, wave_id: int):
    programme = load_programme(slug)
    item = wave_in(programme, wave_id)
    form = LinkForm()
    form.target.choices = link_targets(programme)
    if form.validate_on_submit():
        organisation, group = resolve_target(programme, form.target.data)
        try:
            link = links.create_link(
                item, organisation, group, current_user, form.asks_organisation.data
            )
        except FieldError as error:
            form_errors_from(form, error)
        else:
            flash(f"Link {link.display_code} created.", "success")
            return redirect(url_for("manage.wave", slug=slug, wave_id=wave_id) + "#links")
    counts = link_counts.wave_counts(item)
    return render_template(
        "manage/wave.html",
        programme=programme,
        wave=item,
        form=form,
        counts=counts.links,
        live=live_texts(counts),
        poll_seconds=POLL_SECONDS,
        public_url=public_url,
        flagged=stuffing.flagged_links(programme, item),
        can_admin=access.can(current_user, Action.ADMINISTER, programme),
        can_pdf=pdf.converter() is not None,
    ), 400 if form.errors else 200


@bp.get("/p/<slug>/links/<int:link_id>/poster")
def poster(slug: str, link_id: int):
    programme = load_programme(slug)
    link = found_in(programme, Link, link_id)
    url = public_url(link)
    return render_template(
        "manage/poster.html",
        programme=programme,
        link=link,
        short_url=short_url(link),
        entry=short_entry(),
        fit_class=fit_class,
        qr_svg=links.qr_svg(url, border=2),
    )
