"""A re-analysis that moves a closed wave's figures leaves a note: when, why and what."""

from datetime import date

from engage.domain import AnswerValue
from engage.services import analysis, responses
from engage.services.reading import dashboard as insights
from engage.services.reading import revisions
from tests.builders import build_world, close, fold

TOKENS = [f"{n:08x}-0000-4000-8000-000000000000" for n in range(1, 40)]


def test_only_figures_that_moved_a_whole_point_are_kept():
    before = {(1, "net sentiment"): -8.2, (1, "Jobs"): None, (1, "Pay"): 10.4}
    after = {(1, "net sentiment"): -28.0, (1, "Jobs"): 20.0, (1, "Pay"): 10.2, (1, "New"): 60}
    assert revisions.moved(before, after) == [
        (1, "Jobs", None, 20.0),
        (1, "New", 0.0, 60),
        (1, "net sentiment", -8.2, -28.0),
    ]


def parking_reanalysed(admin):
    """A closed wave of parking comments, then a codebook theme that catches them."""
    world = build_world(admin)
    question = next(q for q in world.wave.version.questions if q.code == "improve")
    for index in range(12):
        responses.submit(
            world.link,
            TOKENS[index],
            [AnswerValue(question.id, text=f"The parking permits take forever {index}")],
            date.today(),
        )
    fold()
    close(world.wave)
    analysis.save_theme(world.programme, None, "Parking", "", "parking*, permit*")
    analysis.start_reanalysis(world.programme)
    return world


def test_a_reanalysis_that_moves_published_figures_is_noted_on_the_dashboard(admin):
    world = parking_reanalysed(admin)
    data = insights.build(world.programme, insights.Filters())
    (note,) = data.revised
    assert note.on == date.today()
    assert note.reason == "Comments were re-analysed with the programme's codebook rules"
    assert "Parking in Wave 1 from 0% to 100%" in note.changes
    again = analysis.start_reanalysis(world.programme)[0]  # nothing moves: no new note
    assert (
        again.status == "done"
        and len(insights.build(world.programme, insights.Filters()).revised) == 1
    )
