"""Surveys and their questions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from engage.models import Cadence, Programme, Survey, SurveyKind
from engage.services import standing_links, surveys
from engage.services.errors import FieldError
from engage.web.manage import bp, form_errors_from, found_in, load_programme
from engage.web.manage.forms import QuestionForm, SurveyDetailsForm, SurveyForm
from engage.web.public_urls import standing_url


def survey_in(programme: Programme, survey_id: int) -> Survey:
    return found_in(programme, Survey, survey_id)


@bp.route("/p/<slug>/surveys/new", methods=["GET", "POST"])
def new_survey(slug: str):
    programme = load_programme(slug)
    form = SurveyForm()
    if form.validate_on_submit():
        try:
            survey = surveys.create_survey(
                programme,
                kind=SurveyKind(form.kind.data),
                title=form.title.data,
                purpose=form.purpose.data or "",
                cadence=Cadence(form.cadence.data),
                template_key=form.template.data or None,
            )
        except FieldError as error:
            form_errors_from(form, error)
        else:
            flash(
                f"{survey.title} created with {len(survey.current_version.questions)} questions.",
                "success",
            )
            return redirect(url_for("manage.survey", slug=slug, survey_id=survey.id))
    return render_template(
        "manage/survey_new.html", programme=programme, form=form
    ), 400 if form.errors else 200


@bp.get("/p/<slug>/surveys/<int:survey_id>/")
def survey(slug: str, survey_id: int):
    programme = load_programme(slug)
    item = survey_in(programme, survey_id)
    frozen = surveys.version_has_answers(item.current_version)
    return render_template(
        "manage/survey.html",
        programme=programme,
        survey=item,
        frozen=frozen,
        standing=standing_links.standing_links_of(item),
        standing_url=standing_url,
    )


@bp.route("/p/<slug>/surveys/<int:survey_id>/edit", methods=["GET", "POST"])
def edit_survey(slug: str, survey_id: int):
    programme = load_programme(slug)
    item = survey_in(programme, survey_id)
    form = SurveyDetailsForm(obj=item)
    if not form.is_submitted() and item.cadence:
        form.cadence.data = item.cadence.value
    if form.validate_on_submit():
        surveys.update_details(
            item,
            title=form.title.data,
            purpose=form.purpose.data or "",
            cadence=Cadence(form.cadence.data),
            # The Welsh fields are on the form only while the programme offers Welsh.
            title_cy=form.title_cy.data or "" if programme.welsh_offered else item.title_cy,
            purpose_cy=form.purpose_cy.data or "" if programme.welsh_offered else item.purpose_cy,
        )
        flash("Survey details saved.", "success")
        return redirect(url_for("manage.survey", slug=slug, survey_id=survey_id))
    return render_template(
        "manage/survey_edit.html", programme=programme, survey=item, form=form
    ), 400 if form.errors else 200


def find_question(survey: Survey, code: str):
    for question in survey.current_version.questions:
        if question.code == code:
            return question
    abort(404)


@bp.route(
    "/p/<slug>/surveys/<int:survey_id>/questions/new",
    methods=["GET", "POST"],
    defaults={"code": None},
)
@bp.route("/p/<slug>/surveys/<int:survey_id>/questions/<code>/edit", methods=["GET", "POST"])
def edit_question(slug: str, survey_id: int, code: str | None):
    programme = load_programme(slug)
    item = survey_in(programme, survey_id)
    question = find_question(item, code) if code else None
    form = QuestionForm(obj=question)
    if question and not form.is_submitted():
        form.kind.data = question.kind.value
        form.options.data = "\n".join(question.options)
        form.options_cy.data = "\n".join(question.options_cy or ())
        form.construct.data = question.construct or ""
    if form.validate_on_submit():
        values = form.values()
        if question and not programme.welsh_offered:  # the Welsh fields were not on the form
            values.update(text_cy=question.text_cy, hint_cy=question.hint_cy)
            values.update(options_cy=question.options_cy)
        try:
            if question:
                surveys.update_question(item, code, values)
            else:
                surveys.add_question(item, values)
        except FieldError as error:
            form_errors_from(form, error)
        else:
            flash("Question saved.", "success")
            return redirect(url_for("manage.survey", slug=slug, survey_id=survey_id))
    return render_template(
        "manage/question_form.html", programme=programme, survey=item, form=form, question=question
    ), 400 if form.errors else 200


@bp.post("/p/<slug>/surveys/<int:survey_id>/questions/<code>/move")
def move_question(slug: str, survey_id: int, code: str):
    item = survey_in(load_programme(slug), survey_id)
    find_question(item, code)
    surveys.move_question(item, code, -1 if request.form.get("direction") == "up" else 1)
    return redirect(url_for("manage.survey", slug=slug, survey_id=survey_id) + "#questions")


@bp.route("/p/<slug>/surveys/<int:survey_id>/questions/<code>/delete", methods=["GET", "POST"])
def delete_question(slug: str, survey_id: int, code: str):
    """Two steps: the page says which question goes and that earlier waves keep it; only
    the form on it removes the question."""
    programme = load_programme(slug)
    item = survey_in(programme, survey_id)
    question = find_question(item, code)
    back = url_for("manage.survey", slug=slug, survey_id=survey_id) + "#questions"
    if request.method == "POST":
        surveys.delete_question(item, code)
        flash(f"Question removed. Earlier {item.kind.rounds_word} keep it.", "success")
        return redirect(back)
    return render_template(
        "manage/confirm_remove.html",
        programme=programme,
        what="this question",
        caption=item.title,
        name=question.text,
        details=[question.kind.label, *question.options],
        consequence=(
            f"It leaves the survey's current questions. {item.kind.rounds_word.capitalize()} "
            "that already have answers keep it, and so do their figures."
        ),
        action=request.path,
        cancel=back,
    )
