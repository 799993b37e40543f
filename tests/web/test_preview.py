"""Organiser care: preview as a respondent stores nothing; removals ask first; templates fit
the kind of survey; roundtables say "session" throughout."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from engage.domain import SurveyKind
from engage.extensions import db
from engage.models import Answer, Response, Survey
from tests.builders import build_world
from tests.pages import checked_page


@pytest.fixture
def world(admin):
    return build_world(admin)


def stored() -> tuple[int, int]:
    return db.session.scalar(select(func.count(Response.id))), db.session.scalar(
        select(func.count(Answer.id))
    )


def question(world, code: str):
    return next(q for q in world.wave.version.questions if q.code == code)


def test_the_preview_is_the_respondents_form_bannered_and_without_a_token(staff, world):
    page = staff.get(f"/manage/p/test/surveys/{world.survey.id}/preview")
    assert "Preview – nothing you send is stored" in page.find(id="preview-banner").get_text()
    legends = [legend.get_text() for legend in page.find_all("legend")]
    assert any(question(world, "tu_understand").text in legend for legend in legends)
    assert page.find("input", attrs={"name": "submission_token"}) is None
    wave_page = staff.get(f"/manage/p/test/waves/{world.wave.id}/preview")
    assert "Wave 1" in wave_page.find(id="preview-banner").get_text()
    survey_page = staff.get(f"/manage/p/test/surveys/{world.survey.id}/")
    assert survey_page.find("a", string="Preview as a respondent")


def test_sending_the_preview_checks_answers_and_stores_nothing(staff, world):
    before = stored()
    url = f"/manage/p/test/waves/{world.wave.id}/preview"
    rated = question(world, "tu_understand")
    bad = checked_page(staff.post(url, data={f"q{rated.id}": "7"}), 400)
    assert bad.find(class_="error-summary")
    empty = checked_page(staff.post(url, data={}), 400)
    assert "Answer at least one question" in empty.find(class_="error-summary").get_text()
    comment = question(world, "improve")
    good = checked_page(
        staff.post(url, data={f"q{rated.id}": "4", f"q{comment.id}": "More notice of changes"})
    )
    assert "would have accepted these answers (2 questions answered)" in good.get_text()
    assert "Nothing was stored" in good.get_text()
    assert stored() == before


def test_a_roundtable_cannot_start_from_a_pulse_template(staff, world):
    refused = staff.post(
        "/manage/p/test/surveys/new",
        data={"kind": "roundtable", "template": "transformation_pulse", "title": "Room"},
    )
    page = checked_page(refused, 400)
    message = page.find(class_="error-summary").get_text()
    assert "is for a pulse survey" in message and "roundtable feedback template" in message
    assert db.session.scalar(select(Survey).where(Survey.title == "Room")) is None


def test_a_roundtables_pages_say_session_never_wave(staff, admin):
    world = build_world(admin, template="roundtable_feedback", kind=SurveyKind.ROUNDTABLE)
    assert world.wave.label == "Session 1"
    for url in (
        f"/manage/p/test/surveys/{world.survey.id}/",
        f"/manage/p/test/waves/{world.wave.id}/",
        f"/manage/p/test/surveys/{world.survey.id}/waves/new",
        f"/manage/p/test/waves/{world.wave.id}/preview",
        "/manage/p/test/",
    ):
        text = staff.get(url).find("main").get_text()
        assert "session" in text.lower(), url
        assert "wave" not in text.lower(), url
