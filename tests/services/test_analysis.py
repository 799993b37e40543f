from datetime import date

import pytest
from sqlalchemy import func, select

from engage.analysis.codebook import DEFAULT_CODEBOOK
from engage.analysis.engine import Engine
from engage.domain import AnswerValue
from engage.extensions import db
from engage.models import AnalysisJob, CodebookTheme, CommentAnalysis, Response
from engage.services import analysis, comments, responses
from engage.services.reading import comments as reading_comments
from tests.builders import build_world, close, fold

TOKENS = [f"{n:08x}-0000-4000-8000-000000000000" for n in range(1, 40)]


def comment_on(world, text, token_index=0):
    question = next(q for q in world.wave.version.questions if q.code == "improve")
    responses.submit(
        world.link, TOKENS[token_index], [AnswerValue(question.id, text=text)], date.today()
    )
    fold()
    return db.session.scalar(select(CommentAnalysis).order_by(CommentAnalysis.answer_id.desc()))


def test_a_new_programme_gets_the_default_codebook(admin):
    world = build_world(admin)
    names = db.session.scalars(
        select(CodebookTheme.name).where(CodebookTheme.programme_id == world.programme.id)
    ).all()
    assert sorted(names) == sorted(DEFAULT_CODEBOOK.names)


def test_comments_are_analysed_on_submit(admin):
    world = build_world(admin)
    row = comment_on(world, "The contract manager is rude and the budget cuts are worrying")
    assert row.sentiment == "negative" and row.analyser_version == "rules-1"
    assert {"Contract management", "Cost cutting"} <= set(row.themes)
    assert -1 <= row.polarity <= 1 and 0 <= row.subjectivity <= 1
    assert row.programme_id == world.programme.id


def test_a_failing_analysis_never_loses_the_answer(admin, monkeypatch):
    """The folder analyses comments after the submission commits: when the engine fails
    the response stays stored and pending, and the next pass folds it."""
    world = build_world(admin)

    def broken(self, comments):
        raise RuntimeError("engine down")

    monkeypatch.setattr(Engine, "analyse", broken)
    assert comment_on(world, "Anything at all") is None
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
    assert db.session.scalar(select(Response.pending)) is True
    monkeypatch.undo()
    assert fold() == 1
    assert db.session.scalar(select(func.count()).select_from(CommentAnalysis)) == 1
    assert db.session.scalar(select(Response.pending)) is False


def test_codebook_changes_reanalyse_and_keep_analysts_codes(admin):
    world = build_world(admin)
    first = comment_on(world, "The parking permits take forever", 0)
    comment_on(world, "Parking permits again", 1)
    assert first.themes == []
    comments.code(first, "negative", ["Workload"])
    analysis.save_theme(world.programme, None, "Parking", "", "parking*, permit*")
    job = analysis.start_reanalysis(world.programme)[0]
    db.session.expire_all()
    job = db.session.get(AnalysisJob, job.id)
    assert (job.status, job.done, job.total, job.percent) == ("done", 2, 2, 100)
    rows = db.session.scalars(select(CommentAnalysis).order_by(CommentAnalysis.answer_id)).all()
    assert [row.themes for row in rows] == [["Parking"], ["Parking"]]
    assert rows[0].final_themes == ["Workload"] and rows[0].final_sentiment == "negative"


def test_theme_names_are_unique_per_programme(admin):
    world = build_world(admin)
    with pytest.raises(ValueError, match="already has a theme"):
        analysis.save_theme(world.programme, None, "Cost cutting", "", "x")


def test_comments_are_hidden_below_the_comment_threshold_and_redacted(admin):
    world = build_world(admin)
    for index in range(9):
        comment_on(world, f"Call me on 07700 900{index:03d} or mail a{index}@example.org", index)
    hidden = reading_comments.page_of(world.programme, reading_comments.Filters(), 1)
    assert hidden.hidden and hidden.comments == [] and hidden.respondents == 9
    comment_on(world, "A tenth voice", 9)
    close(world.wave)  # while open, the tenth waits for the next release
    shown = reading_comments.page_of(world.programme, reading_comments.Filters(), 1)
    assert not shown.hidden and shown.total == 10
    texts = " ".join(view.text for view in shown.comments)
    assert "07700" not in texts and "@example.org" not in texts
    assert "[phone number removed]" in texts and "[email removed]" in texts


def test_agreement_counts_how_often_the_machine_matches_analysts(admin):
    world = build_world(admin)
    good = comment_on(world, "Brilliant, thank you", 0)
    bad = comment_on(world, "Terrible and rude", 1)
    comments.code(good, "positive", None)
    comments.code(bad, "positive", [])
    result = comments.agreement(world.programme)
    assert (result.sentiment_coded, result.sentiment_agree) == (2, 1)
    assert result.themes_coded == 1


def test_a_framing_recode_is_kept_and_wins(admin):
    world = build_world(admin)
    row = comment_on(world, "It's the journey to one front door")
    comments.code(row, None, None, "New ways of working")
    db.session.expire_all()
    row = db.session.get(CommentAnalysis, row.answer_id)
    assert row.final_framing == "New ways of working" and row.framing != row.final_framing
