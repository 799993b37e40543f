"""Public pages for respondents: no account, no script, nothing that identifies them."""

from __future__ import annotations

import functools
import uuid
from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from markupsafe import Markup

from engage import database
from engage.domain import AnswerValue
from engage.extensions import csrf
from engage.models import AccessCode
from engage.models.programme import DEFAULT_LAWFUL_BASIS
from engage.services import access_codes, links, logos, respondent, responses, standing_links
from engage.services.respondent import Choices, QuestionView, SurveyPage
from engage.services.responses import Outcome
from engage.web.error_summary import anchor_for
from engage.web.language import current_language, offer_welsh
from engage.web.language import gettext as _
from engage.web.respond.forms import answers_from, build_form, chosen_organisation, field_name

bp = Blueprint("respond", __name__)
database.read_mostly(bp)  # respondents never wait on the SQLite write lock to read

ANSWERED = "answered"  # session key: the waves this browser has sent answers to


def timed_out() -> tuple[str, str]:
    return (
        "submit",
        _(
            "Your session timed out, but your answers are still here. "
            "Check them and select Send my answers again."
        ),
    )


def empty() -> str:
    return _("Answer at least one question before you send")


def resend() -> tuple[str, str]:
    return (
        "submit",
        _(
            "Something went wrong when we sent your answers. They are still here. "
            "Select Send my answers again."
        ),
    )


@bp.get("/")
def enter_code():
    offer_welsh(True)  # no programme yet: anyone may read this page in Welsh
    typed = request.args.get("code", "")
    if typed:
        link = links.by_code(typed)
        if link is not None:
            return redirect(url_for("respond.survey", code=link.code))
        standing = standing_links.by_code(typed)
        if standing is not None:
            return redirect(url_for("respond.standing", code=standing.code))
        personal = access_codes.by_code(typed)
        if personal is not None:
            return redirect(url_for("respond.personal", code=personal.code))
        error = (
            "code",
            _("No survey has that code. Check the code and enter it again, for example 7KQ4-M2XD"),
        )
        return render_template("respond/enter_code.html", typed=typed, page_errors=[error]), 404
    return render_template("respond/enter_code.html", typed="")


def open_page(code: str) -> SurveyPage:
    page = respondent.page_for(code)
    if page is None:
        abort(404)
    offer_welsh(page.welsh_offered)
    if not page.is_accepting(date.today()):
        abort(410)
    return page


@bp.route("/s/<code>", methods=["GET", "POST"])
@csrf.exempt  # checked by the form itself, so that an expired token keeps the answers
def survey(code: str):
    page = open_page(code)
    if page.codes_only:
        return render_template("respond/codes_only.html", page=page), 403
    return answer_page(page, url_for("respond.survey", code=page.code), None)


@bp.route("/g/<code>", methods=["GET", "POST"])
@csrf.exempt  # as above
def standing(code: str):
    """A standing link: the survey's open wave, whichever it is; when none is open, when
    the next one opens. One query finds the open wave's own link for it."""
    today = date.today()
    page = respondent.standing_page_for(code, today)
    if page is None:
        standing = standing_links.by_code(code)
        if standing is None:
            abort(404)
        return not_open_now(standing, today)
    offer_welsh(page.welsh_offered)
    if page.codes_only:
        return render_template("respond/codes_only.html", page=page), 403
    return answer_page(page, url_for("respond.standing", code=links.canonical_code(code)), None)


def not_open_now(standing, today: date) -> str:
    """A standing link with no wave open: when the next one opens, in the page's language."""
    survey = standing.survey
    offer_welsh(survey.programme.welsh_offered)
    welsh = current_language() == respondent.WELSH and survey.title_cy
    return render_template(
        "respond/no_wave_open.html",
        standing=standing,
        title=survey.title_cy if welsh else survey.title,
        next_wave=standing_links.next_wave(survey.id, today),
    )


@bp.route("/c/<code>", methods=["GET", "POST"])
@csrf.exempt  # as above
def personal(code: str):
    """A single-use code: the same survey, and the code is used up by one response."""
    access_code = access_codes.by_code(code)
    if access_code is None:
        abort(404)
    page = open_page(access_code.link.code)
    if request.method == "GET" and access_code.used_on is not None:
        return render_template("respond/code_used.html", page=page), 410
    return answer_page(page, url_for("respond.personal", code=access_code.code), access_code)


def answered(page: SurveyPage) -> bool:
    """Whether this browser already sent answers to this wave. The session holds wave ids
    only: nothing that identifies anyone, and nothing stored with the response."""
    return page.destination.wave_id in session.get(ANSWERED, [])


def mark_answered(wave_id: int) -> None:
    session[ANSWERED] = sorted({*session.get(ANSWERED, []), wave_id})[-50:]


def answer_page(page: SurveyPage, action: str, access_code: AccessCode | None):
    # A single-use code already stops a second set; a shared link asks before storing one.
    again = access_code is not None or request.values.get("again") == "1"
    if request.method == "GET" and answered(page) and not again:  # Back, or a second visit
        return render_template("respond/answered.html", page=page, action=action)
    questions = respondent.questions_for(page.destination.version_id)
    organisations = page.organisations
    if request.method == "GET":
        return survey_page(page, None, (questions, organisations), action, []), 200
    form = build_form(questions, current_language(), organisations)
    page_errors: list[tuple[str, str]] = []
    # "&", not "and": every field is checked even when the token is bad.
    if form.validate() & responses.is_valid_token(form.submission_token.data or ""):
        answers = answers_from(form, questions)
        token = form.submission_token.data
        if answers and answered(page) and not again and not responses.is_stored(token):
            # a new set only if the person says so
            return survey_page(page, form, (questions, organisations), action, [], again=True), 200
        if answers:
            where = respondent.destination_for(page, chosen_organisation(form))
            return store(page, where, token, answers, access_code)
        page_errors.append((anchor_for(form[field_name(questions[0])]), empty()))
    else:
        if form.csrf_token.errors:
            form.csrf_token.errors = []
            page_errors.append(timed_out())
        if not responses.is_valid_token(form.submission_token.data or ""):
            form.submission_token.data = str(uuid.uuid4())
            page_errors.append(resend())
    return survey_page(page, form, (questions, organisations), action, page_errors), 400


def survey_page(page, form, asked, action, page_errors, again=False) -> str:
    """The survey page; ``form`` None for a new, blank one. A blank form's questions (and
    the organisations a link asks about) are the same HTML for everyone who opens this
    version, so that part is rendered once per worker and reused, and no form object is
    built for it. ``asked`` is (questions, organisations)."""
    questions, organisations = asked
    language = current_language()
    return render_template(
        "respond/survey.html",
        page=page,
        form=form,
        token=form.submission_token.data if form else str(uuid.uuid4()),
        questions=questions,
        organisations=organisations,
        page_errors=page_errors,
        action=action,
        again=again,
        blank_questions=None if form else blank_questions(questions, language, organisations),
        intro=intro(page, len(questions), language),
        question_count=len(questions),
    )


@functools.lru_cache(maxsize=256)
def intro(page: SurveyPage, question_count: int, language: str) -> Markup:
    """What the page says above the questions: the same for everyone on this link in this
    language, and a dozen translated sentences, so rendered once per worker and kept. The
    page's values are the key: a changed wave, survey or programme is a new key."""
    return Markup(  # noqa: S704 - rendered by the autoescaping template below
        render_template(
            "respond/_intro.html", page=page, question_count=question_count, language=language
        )
    )


@functools.lru_cache(maxsize=256)
def blank_questions(
    questions: tuple[QuestionView, ...], language: str, organisations: Choices
) -> Markup:
    """Keyed on the language too (the page's language is already chosen when this is
    called, and the rendered questions are in it), and on the organisations a link asks
    about."""
    return Markup(  # noqa: S704 - rendered by the autoescaping template below
        render_template(
            "respond/questions.html",
            form=build_form(questions, language, organisations),
            questions=questions,
            organisations=organisations,
        )
    )


def store(page: SurveyPage, where, token: str, answers: list[AnswerValue], access_code):
    """Store, then answer with the thank-you page itself: no redirect, so no second request
    at the busiest moment. A refresh re-sends the same token, which stores nothing new.
    ``where`` is the page's destination, under the organisation chosen if the link asks."""
    outcome = responses.submit(where, token, answers, date.today(), access_code)
    if outcome is Outcome.CONFLICT:
        return render_template("respond/already_sent.html", page=page), 409
    if outcome is Outcome.CODE_USED:
        return render_template("respond/code_used.html", page=page), 410
    mark_answered(page.destination.wave_id)
    return render_template("respond/thanks.html", page=page)


@bp.get("/s/<code>/privacy")
def privacy(code: str):
    """The privacy notice: who is responsible, what is kept, who sees what, for how long."""
    link = links.by_code(code)
    if link is None:
        abort(404)
    offer_welsh(link.wave.survey.programme.welsh_offered)
    return render_template(
        "respond/privacy.html", link=link, default_lawful_basis=DEFAULT_LAWFUL_BASIS
    )


@bp.get("/s/<code>/thanks")
def thanks(code: str):
    """Where earlier versions sent people after answering; bookmarks still land here."""
    page = respondent.page_for(code)
    if page is None:
        abort(404)
    offer_welsh(page.welsh_offered)
    return render_template("respond/thanks.html", page=page)


@bp.get("/logo/<int:organisation_id>/<digest>.png")
def logo(organisation_id: int, digest: str):
    """An organisation's logo, from Engage itself. The address names this very image, so
    browsers and proxies may keep it for a year; a new logo has a new address."""
    png = logos.png_for(organisation_id, digest)
    if png is None:
        abort(404)
    response = Response(png, mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
