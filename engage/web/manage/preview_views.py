"""Preview as a respondent: the respondent's form, from the organiser's pages, storing nothing.

The preview builds the very form respondents get (same questions, same checks) but never
calls the responses service: no submission token is minted or checked, no link, code or
count is touched, and answers that pass the checks are thrown away.
"""

from __future__ import annotations

from flask import render_template, request, url_for

from engage.models import Programme, Survey, Wave
from engage.services import respondent
from engage.web.error_summary import anchor_for
from engage.web.language import current_language, offer_welsh
from engage.web.manage import bp, found_in, load_programme
from engage.web.respond.forms import answers_from, build_form, field_name
from engage.web.respond.views import empty


@bp.route("/p/<slug>/surveys/<int:survey_id>/preview", methods=["GET", "POST"])
def preview_survey(slug: str, survey_id: int):
    programme = load_programme(slug)
    survey = found_in(programme, Survey, survey_id)
    back = url_for("manage.survey", slug=slug, survey_id=survey.id)
    label = f"the current questions (version {survey.current_version.number})"
    return preview(programme, survey, survey.current_version.id, label, back)


@bp.route("/p/<slug>/waves/<int:wave_id>/preview", methods=["GET", "POST"])
def preview_wave(slug: str, wave_id: int):
    programme = load_programme(slug)
    wave = found_in(programme, Wave, wave_id)
    back = url_for("manage.wave", slug=slug, wave_id=wave.id)
    return preview(programme, wave.survey, wave.version_id, wave.label, back)


def preview(programme: Programme, survey: Survey, version_id: int, label: str, back: str):
    """GET: the blank form. POST: the form's own checks, shown as a respondent sees them,
    and a note of how many answers would have been sent; nothing else happens."""
    offer_welsh(programme.welsh_offered)  # the organiser can check the Welsh form too
    questions = respondent.questions_for(version_id)
    form = build_form(questions, current_language())
    page_errors: list[tuple[str, str]] = []
    accepted = None
    if request.method == "POST" and form.validate():
        accepted = len({answer.question_id for answer in answers_from(form, questions)})
        if not accepted and questions:
            page_errors.append((anchor_for(form[field_name(questions[0])]), empty()))
    failed = request.method == "POST" and (form.errors or page_errors)
    return render_template(
        "manage/preview.html",
        programme=programme,
        survey=survey,
        questions=questions,
        form=form,
        page_errors=page_errors,
        accepted=None if failed else accepted,
        label=label,
        back=back,
    ), 400 if failed else 200
