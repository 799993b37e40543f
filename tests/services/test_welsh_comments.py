"""Comments written in Welsh: stored with their language, counted among comments, listed
and filterable, and left out of net sentiment (the engine reads English only)."""

from datetime import date

from sqlalchemy import select

from engage.analysis.engine import NOT_ANALYSED
from engage.charts.notes import welsh_note
from engage.domain import AnswerValue
from engage.extensions import db
from engage.models import CommentAnalysis
from engage.services.reading import comments as comment_lists
from engage.services.reading import dashboard as insights
from engage.services.responses import submit
from tests.builders import build_world, close, fold

WELSH = "Mae'r system newydd yn araf iawn ac nid oes neb yn gwrando arnom ni."
ENGLISH = "The new laptops are great, thank you"


def answered(world, welsh: int, english: int) -> None:
    improve = next(q for q in world.wave.version.questions if q.code == "improve")
    for index in range(welsh + english):
        submit(
            world.link,
            f"{index:08x}-4444-4444-8444-444444444444",
            [AnswerValue(improve.id, text=WELSH if index < welsh else ENGLISH)],
            date.today(),
        )
    fold()


def test_welsh_comments_are_kept_counted_listed_and_left_out_of_net_sentiment(admin):
    world = build_world(admin, headcount=40)
    answered(world, welsh=12, english=12)
    close(world.wave)
    rows = db.session.scalars(select(CommentAnalysis)).all()
    welsh = [row for row in rows if row.language == "cy"]
    assert len(rows) == 24 and len(welsh) == 12
    assert {row.sentiment for row in welsh} == {NOT_ANALYSED}
    assert all(row.themes == [] for row in welsh)
    data = insights.build(world.programme, insights.Filters())
    assert data.welsh_comments == {world.wave.id: 12}
    assert data.net_sentiment[world.wave.id] == 100  # the twelve English comments, all positive
    note = welsh_note(data, data.waves, ["Wave 1"])
    assert "not analysed: Welsh" in note and "Wave 1: 12 people" in note
    listed = comment_lists.page_of(
        world.programme, comment_lists.Filters(sentiment=NOT_ANALYSED), 1
    )
    assert listed.total == 12 and {c.text for c in listed.comments} == {WELSH}
    assert {c.analysis.language for c in listed.comments} == {"cy"}
    everything = comment_lists.page_of(world.programme, comment_lists.Filters(), 1)
    assert everything.total == 24


def test_a_few_welsh_comments_are_not_counted_out_loud(admin):
    """Fewer than the minimum: the count would single people out, so no wave is named."""
    world = build_world(admin, headcount=40)
    answered(world, welsh=2, english=12)
    close(world.wave)
    data = insights.build(world.programme, insights.Filters())
    assert data.welsh_comments == {}
    assert "Left out" not in welsh_note(data, data.waves, ["Wave 1"])
