from sqlalchemy import select

from engage.domain import AnswerValue
from engage.extensions import db
from engage.models import ConstructCell
from engage.services import reporting
from tests.builders import build_world
from tests.services.test_insights import answer


def cells():
    return sorted(
        (
            c.wave_id,
            c.organisation_id,
            c.group_key,
            c.construct,
            c.respondents,
            round(c.mean * c.respondents, 6),
            round(c.m2, 6),
        )
        for c in db.session.scalars(select(ConstructCell))
    )


def test_cells_kept_on_submit_match_a_rebuild_from_the_answers(admin):
    world = build_world(admin)
    for index, agree in enumerate([1, 2, 4, 5, 5, 3]):
        answer(world, world.link, index, agree)
    kept = cells()
    assert kept and sum(row[4] for row in kept if row[3] == "partnership_trust") == 6
    assert [row[3:6] for row in kept if row[3].startswith("item:")] == [
        ("item:pt_together", 6, 25.0 * (0 + 1 + 3 + 4 + 4 + 2))
    ]
    reporting.rebuild([world.wave.id])
    assert cells() == kept


def test_person_scores_average_items_first():
    questions = {1: "trust", 2: "trust", 3: "engagement"}
    scores = reporting.person_scores(
        questions,
        [
            AnswerValue(1, number=5),
            AnswerValue(2, number=3),
            AnswerValue(3, choice="dont_know"),
            AnswerValue(4, number=1),
        ],
    )
    assert scores == {"trust": 75.0}


def test_equal_scores_kept_on_submit_have_no_spread(admin):
    world = build_world(admin)
    for index in range(3):
        answer(world, world.link, index, 4)
    item = db.session.scalars(
        select(ConstructCell).where(ConstructCell.construct.like("item:%"))
    ).one()
    assert (item.respondents, item.mean, item.m2) == (3, 75.0, 0.0)
