"""An open wave's figures move only in steps of at least the minimum of new people."""

from engage.services.reading import dashboard as insights
from engage.services.reading.comments import Filters, page_of
from tests.builders import build_world, close
from tests.services.test_insights import answer


def figures(world):
    data = insights.build(world.programme, insights.Filters())
    index = data.indices["transformation_understanding"][world.wave.id]
    return data.responses[world.wave.id], index.value if index else None


def test_reads_either_side_of_one_submission_are_the_same(admin):
    world = build_world(admin)
    for index in range(13):
        answer(world, world.link, index, 4)
    before = figures(world)
    assert before == (13, 75.0)
    answer(world, world.link, 13, 2)  # before: 14 x 55.36 - 13 x 57.69 gave this answer
    assert figures(world) == before
    for index in range(14, 17):
        answer(world, world.link, index, 2)
        assert figures(world) == before  # still fewer than 5 new people
    answer(world, world.link, 17, 2)  # the fifth new person: released together
    responses, index = figures(world)
    assert responses == 18 and abs(index - (13 * 75 + 5 * 25) / 18) < 1e-9


def test_closing_the_wave_releases_everyone(admin):
    world = build_world(admin)
    for index in range(7):
        answer(world, world.link, index, 4)
    assert figures(world)[0] == 7
    answer(world, world.link, 7, 4)
    assert figures(world)[0] == 7
    close(world.wave)
    assert figures(world)[0] == 8


def test_comments_of_an_open_wave_arrive_in_the_same_steps(admin):
    world = build_world(admin)
    for index in range(10):
        answer(world, world.link, index, 4)
    assert page_of(world.programme, Filters(), 1).total == 10
    answer(world, world.link, 10, 4)
    listed = page_of(world.programme, Filters(), 1)
    assert listed.total == 10 and "again 10" not in " ".join(c.text for c in listed.comments)
