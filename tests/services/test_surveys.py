from datetime import date, timedelta

import pytest
from sqlalchemy import select

from engage.extensions import db
from engage.models import QuestionKind, SurveyKind, Wave
from engage.question_bank import TEMPLATES
from engage.services import programmes, responses, surveys, waves
from engage.services.errors import FieldError
from tests.builders import build_world, small_survey_values

TOKEN = "0f8e7d6c-5b4a-4a39-8b27-16f5e4d3c2b1"


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_surveys_start_from_each_template(admin, key):
    programme = programmes.create_programme("P", "p", "", admin)
    template = TEMPLATES[key]
    survey = surveys.create_survey(
        programme,
        kind=template.kind,
        title=template.name,
        template_key=key,
        cadence=template.cadence,
    )
    assert [q.code for q in survey.current_version.questions] == [
        q.code for q in template.questions
    ]
    assert survey.purpose == template.purpose
    assert [q.position for q in survey.current_version.questions] == list(
        range(1, len(template.questions) + 1)
    )


def test_a_roundtable_has_no_cadence(admin):
    programme = programmes.create_programme("P", "p", "", admin)
    survey = surveys.create_survey(
        programme, kind=SurveyKind.ROUNDTABLE, title="R", cadence=surveys.Cadence.WEEKLY
    )
    assert survey.cadence is None


def test_questions_are_added_moved_and_removed_in_place_before_any_answer(admin):
    world = build_world(admin, template=None)
    for values in small_survey_values():
        surveys.add_question(world.survey, values)
    version = world.survey.current_version
    codes = [q.code for q in version.questions]
    assert codes == ["i_understand_the_plan", "pick_a_colour", "any_comments"]
    surveys.move_question(world.survey, "any_comments", -1)
    assert [q.code for q in world.survey.current_version.questions] == [
        "i_understand_the_plan",
        "any_comments",
        "pick_a_colour",
    ]
    surveys.delete_question(world.survey, "i_understand_the_plan")
    assert [q.position for q in world.survey.current_version.questions] == [1, 2]
    assert world.survey.current_version is version


def test_choice_questions_need_two_distinct_options(admin):
    world = build_world(admin, template=None)
    with pytest.raises(FieldError, match="at least two"):
        surveys.add_question(
            world.survey, {"text": "Pick", "kind": QuestionKind.SINGLE_CHOICE, "options": ["Only"]}
        )
    with pytest.raises(FieldError, match="different"):
        surveys.add_question(
            world.survey,
            {"text": "Pick", "kind": QuestionKind.SINGLE_CHOICE, "options": ["A", "A"]},
        )


def test_editing_a_survey_with_answers_makes_a_new_version(admin):
    world = build_world(admin)
    later = waves.schedule_pulse(world.survey, date.today() + timedelta(days=14), 1, 5)[0]
    first_version = world.survey.current_version
    original_text = first_version.questions[0].text
    responses.submit(world.link, TOKEN, [], date.today())

    surveys.update_question(
        world.survey, "tu_understand", {"text": "Changed wording", "kind": QuestionKind.AGREEMENT}
    )
    db.session.expire_all()
    assert world.survey.current_version.number == 2
    assert first_version.questions[0].text == original_text
    assert world.survey.current_version.questions[0].text == "Changed wording"
    assert world.survey.current_version.questions[0].code == "tu_understand"
    # The wave that was answered keeps version 1; the one still waiting moves to version 2.
    assert db.session.get(Wave, world.wave.id).version_id == first_version.id
    assert db.session.get(Wave, later.id).version_id == world.survey.current_version.id
    # Further edits go to version 2 while it has no answers.
    surveys.move_question(world.survey, "tu_understand", 1)
    assert world.survey.current_version.number == 2
    assert len(list(db.session.scalars(select(Wave)))) == 2


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_a_template_for_the_other_kind_of_survey_is_refused(admin, key):
    programme = programmes.create_programme("P", "p", "", admin)
    other = next(kind for kind in SurveyKind if kind != TEMPLATES[key].kind)
    with pytest.raises(FieldError) as refused:
        surveys.create_survey(programme, kind=other, title="T", template_key=key)
    assert refused.value.field == "template" and "blank survey" in str(refused.value)
    assert programme.surveys == []
