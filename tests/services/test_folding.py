"""Submissions store their answers only; the folder adds them to the figures afterwards."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from engage.analysis.engine import Engine
from engage.domain import AnswerValue
from engage.extensions import db
from engage.models import CommentAnalysis, ConstructCell, CountCell, FoldMark, Response
from engage.services import counts, folding, links, programmes, reporting
from engage.services.reading import releases
from engage.services.responses import Outcome, submit
from tests.builders import build_world, fold


def send(world, index: int, agree: int, comment: str = "Budget cuts again") -> Outcome:
    """A submission and nothing else: the folder has not run."""
    questions = {q.code: q for q in world.wave.version.questions}
    values = [
        AnswerValue(questions[code].id, number=agree)
        for code in ("tu_understand", "tu_beyond_cost", "pt_together")
    ]
    values.append(AnswerValue(questions["framing"].id, choice="Cutting costs"))
    values.append(AnswerValue(questions["improve"].id, text=comment))
    return submit(world.link, f"{index:08x}-6666-4666-8666-666666666666", values, date.today())


def construct_cells() -> list[tuple]:
    return sorted(
        (c.wave_id, c.group_key, c.construct, c.respondents, round(c.mean, 9), round(c.m2, 6))
        for c in db.session.scalars(select(ConstructCell))
    )


def count_cells() -> list[tuple]:
    return sorted(
        (c.wave_id, c.group_key, c.measure, c.category, c.count)
        for c in db.session.scalars(select(CountCell))
        if c.count
    )


def pending() -> int:
    return db.session.scalar(select(func.count()).where(Response.pending))


def test_a_submission_stores_its_answers_and_touches_no_shared_row(admin):
    world = build_world(admin)
    assert send(world, 1, 4) is Outcome.STORED
    assert pending() == 1
    assert construct_cells() == [] and count_cells() == []
    assert db.session.scalar(select(func.count()).select_from(CommentAnalysis)) == 0


def test_a_batch_folded_at_once_matches_a_rebuild_from_the_answers(admin):
    """Each cell's batch is merged into its row once (Chan's formula): the same moments as
    a rebuild that reads every answer, for a batch on top of earlier batches."""
    world = build_world(admin)
    for index, agree in enumerate([5, 4, 4, 2, 1, 3, 5]):
        send(world, index, agree, "Budget cuts again" if index % 2 else "Great support, thanks")
    assert folding.fold(limit=3) == 3 and pending() == 4
    assert fold() == 4 and pending() == 0
    folded = construct_cells(), count_cells()
    assert ("theme_comments" in {cell[2] for cell in folded[1]}) and folded[0]
    reporting.rebuild([world.wave.id])
    counts.rebuild([world.wave.id])
    assert (construct_cells(), count_cells()) == folded


def test_the_same_token_twice_is_stored_once_and_counted_once(admin):
    world = build_world(admin)
    assert send(world, 7, 4) is Outcome.STORED
    assert send(world, 7, 4) is Outcome.ALREADY_STORED
    assert fold() == 1 and fold() == 0
    assert [cell[3] for cell in construct_cells()] == [1, 1, 1]


def test_a_response_that_cannot_be_folded_stays_stored_and_holds_up_no_other(admin, monkeypatch):
    world = build_world(admin)
    send(world, 1, 4, "Fine")
    send(world, 2, 4, "POISON")
    send(world, 3, 4, "Fine too")
    analyse = Engine.analyse

    def fussy(self, comments):
        if any(comment.text == "POISON" for comment in comments):
            raise RuntimeError("cannot analyse this one")
        return analyse(self, comments)

    monkeypatch.setattr(Engine, "analyse", fussy)
    assert fold() == 2
    assert pending() == 1 and db.session.scalar(select(func.count(Response.id))) == 3
    monkeypatch.undo()
    assert fold() == 1 and pending() == 0


def test_figures_say_how_far_behind_they_are(admin):
    world = build_world(admin)
    assert folding.behind() == 0.0
    send(world, 1, 4)
    fold()
    mark = db.session.get(FoldMark, 1)
    assert mark is not None
    send(world, 2, 4)
    mark.through = datetime.now(UTC) - timedelta(seconds=30)
    db.session.commit()
    assert 29 <= folding.behind() < 60
    fold()
    assert folding.behind() == 0.0


def test_a_pending_response_holds_its_cells_release_back(admin):
    """A release never covers a response whose comments are not yet analysed: every
    response up to the release's mark is already in the cells."""
    world = build_world(admin)
    for index in range(5):
        send(world, index, 4)
    fold()
    send(world, 5, 2)
    for index in range(6, 11):
        send(world, index, 4)
    first = db.session.scalar(select(func.min(Response.id)).where(Response.pending))
    cells = releases.folded_cells({world.wave.id})
    assert [(people, through) for *_key, people, through in cells] == [(5, first - 1)]


def test_each_cell_is_held_back_by_its_own_first_pending_response(admin):
    """A pending response in one group holds back that group's release only; the other
    group's cell counts every folded response (the first pending id is found per cell)."""
    world = build_world(admin)
    other = links.create_link(
        world.wave,
        world.link.organisation,
        programmes.save_group(world.link.organisation, "Finance", 20),
    )
    for index in range(4):
        send(world, index, 4)
        send(replace(world, link=other), 100 + index, 3)
    fold()
    send(world, 4, 2)
    for index in range(5, 8):
        send(world, index, 4)
    send(replace(world, link=other), 104, 3)
    held = db.session.scalar(
        select(func.min(Response.id)).where(Response.pending, Response.link_id == world.link.id)
    )
    cells = {
        key[2]: (people, through)
        for *key, people, through in releases.folded_cells({world.wave.id})
    }
    below = db.session.scalar(
        select(func.max(Response.id)).where(Response.id < held, Response.link_id == world.link.id)
    )
    assert cells[world.link.group_id] == (4, below)
    other_last_folded = db.session.scalar(
        select(func.max(Response.id)).where(~Response.pending, Response.link_id == other.id)
    )
    assert cells[other.group_id] == (4, other_last_folded)
    fold()
    cells = {key[2]: people for *key, people, _ in releases.folded_cells({world.wave.id})}
    assert cells == {world.link.group_id: 8, other.group_id: 5}


def test_the_fold_command_folds_what_is_pending(app, admin):
    world = build_world(admin)
    send(world, 1, 4)
    result = app.test_cli_runner().invoke(args=["fold"])
    assert "Folded 1 responses" in result.output and pending() == 0


def test_on_sqlite_a_fold_takes_a_small_batch_so_the_write_lock_is_held_briefly(admin):
    """SQLite has one write lock for the file: a fold of 200 responses holds it long enough
    to show up as respondents' slowest submits. PostgreSQL folds in big batches."""
    world = build_world(admin)
    small = db.engine.dialect.name == "sqlite"
    assert folding.batch_size() == (folding.SQLITE_BATCH if small else folding.BATCH)
    sent = folding.SQLITE_BATCH + 5
    for index in range(sent):
        send(world, index, 4)
    assert folding.fold() == (folding.SQLITE_BATCH if small else sent)
    assert fold() == (5 if small else 0) and pending() == 0
