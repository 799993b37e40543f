"""What respondent pages read: plain values from two small queries, nothing lazy."""

import dataclasses

import pytest

from engage.domain import AnswerValue, QuestionKind, SurveyKind
from engage.services import respondent
from engage.services.responses import Destination
from tests.builders import build_world


@pytest.fixture
def world(admin):
    return build_world(admin)


def test_a_page_holds_everything_its_templates_show_as_plain_values(world):
    page = respondent.page_for(world.link.code.lower())
    link = world.link
    assert page.destination == Destination.of(link)
    assert (page.code, page.title, page.kind) == (link.code, "Pulse", SurveyKind.PULSE)
    assert page.organisation_name == link.organisation.name
    assert page.group_name == link.group.name
    assert page.min_group_size == world.programme.min_group_size
    assert page.retention_months == world.wave.retention_months
    assert page.is_accepting(world.wave.opens_on) is world.wave.is_accepting(world.wave.opens_on)
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.code = "other"


def test_unknown_and_malformed_codes_find_nothing(world):
    assert respondent.page_for("ZZZZ-ZZZZ") is None
    assert respondent.page_for("short") is None
    assert respondent.page_for("") is None


def test_questions_come_in_order_as_hashable_values(world):
    questions = respondent.questions_for(world.wave.version_id)
    stored = world.wave.version.questions
    assert [q.id for q in questions] == [q.id for q in stored]
    assert [q.text_limit for q in questions] == [q.text_limit for q in stored]
    assert hash(questions) == hash(respondent.questions_for(world.wave.version_id))
    assert all(isinstance(q.kind, QuestionKind) for q in questions)


def test_an_answer_row_is_what_asdict_gives():
    """The submit path builds rows without ``asdict``'s deep copy; digests must not change."""
    for value in (AnswerValue(1, number=4), AnswerValue(2, choice="x"), AnswerValue(3, text="é")):
        assert value.as_row() == dataclasses.asdict(value)
