import threading
from datetime import date

import pytest
from sqlalchemy import func, inspect, select

from engage.domain import DONT_KNOW, AnswerValue
from engage.extensions import db
from engage.models import Answer, Link, Response
from engage.services import responses
from engage.services.responses import Outcome
from tests.builders import build_world

TOKEN = "3b1f2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"


def answers_for(world):
    questions = world.wave.version.questions
    return [
        AnswerValue(questions[0].id, number=4),
        AnswerValue(questions[1].id, choice=DONT_KNOW),
        AnswerValue(questions[-1].id, text="More notice of changes, please."),
    ]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_response_is_stored_whole_with_nothing_that_identifies_anyone(admin):
    world = build_world(admin)
    assert (
        responses.submit(world.link, TOKEN, answers_for(world), date(2026, 5, 1)) is Outcome.STORED
    )
    response = db.session.scalar(select(Response))
    assert (response.organisation_id, response.group_id, response.wave_id) == (
        world.link.organisation_id,
        world.link.group_id,
        world.wave.id,
    )
    assert response.submitted_on == date(2026, 5, 1)
    assert len(response.answers) == 3
    db.session.commit()  # release SQLite's write lock before inspecting on another connection
    columns = {column["name"] for column in inspect(db.engine).get_columns("responses")}
    assert not columns & {
        "ip",
        "ip_address",
        "user_agent",
        "email",
        "name",
        "created_at",
        "submitted_at",
        "cookie",
        "session_id",
        "user_id",
    }


def test_the_same_token_twice_stores_one_response(admin):
    world = build_world(admin)
    assert responses.submit(world.link, TOKEN, answers_for(world), date.today()) is Outcome.STORED
    assert (
        responses.submit(world.link, TOKEN, answers_for(world), date.today())
        is Outcome.ALREADY_STORED
    )
    assert count(Response) == 1 and count(Answer) == 3


def test_the_same_token_with_different_answers_is_a_conflict_not_an_overwrite(admin):
    world = build_world(admin)
    responses.submit(world.link, TOKEN, answers_for(world), date.today())
    changed = answers_for(world)[:1]
    assert responses.submit(world.link, TOKEN, changed, date.today()) is Outcome.CONFLICT
    assert count(Answer) == 3


def test_tokens_must_be_uuid4(admin):
    world = build_world(admin)
    for bad in ["", "abc", "'; DROP TABLE responses;--", TOKEN.upper(), TOKEN + "0"]:
        assert not responses.is_valid_token(bad)
        with pytest.raises(ValueError):
            responses.submit(world.link, bad, [], date.today())
    assert count(Response) == 0


@pytest.mark.parametrize("racers", [2, 4])
def test_racing_submissions_with_one_token_store_exactly_one(app, admin, racers):
    world = build_world(admin)
    link_id, values = world.link.id, answers_for(world)
    db.session.commit()
    barrier = threading.Barrier(racers)
    outcomes, errors = [], []

    def submit_once():
        with app.app_context():
            link = db.session.get(Link, link_id)
            link_copy_wave = link.wave.version_id  # load what submit needs, then release
            db.session.commit()
            assert link_copy_wave
            barrier.wait()
            try:
                outcomes.append(responses.submit(link, TOKEN, values, date.today()))
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit_once) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(outcome.value for outcome in outcomes) == sorted(
        ["stored"] + ["already_stored"] * (racers - 1)
    )
    db.session.expire_all()
    assert count(Response) == 1 and count(Answer) == 3
