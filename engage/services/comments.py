"""The analysts' view of comments: filter, page through, recode, and see how often the
machine agrees with people. Groups too small to show comments for are refused."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import distinct, func, select

from engage.analysis.framing import FRAMINGS
from engage.analysis.redact import redact
from engage.extensions import db
from engage.models import Answer, CommentAnalysis, Programme, Question, Response
from engage.services import counts
from engage.services.analysis import comment_rows, sync_themes

PAGE_SIZE = 25
SENTIMENTS = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class Filters:
    wave_id: int | None = None
    organisation_id: int | None = None
    segment_id: int | None = None
    theme: str = ""
    sentiment: str = ""
    question_code: str = ""


@dataclass(frozen=True)
class CommentView:
    answer_id: int
    text: str
    question: str
    analysis: CommentAnalysis | None


@dataclass(frozen=True)
class CommentPage:
    comments: list[CommentView]
    total: int
    page: int
    respondents: int
    hidden: bool

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def filtered(programme: Programme, filters: Filters):
    query = (comment_rows(programme.id).with_only_columns(Answer.id)
             .outerjoin(CommentAnalysis, CommentAnalysis.answer_id == Answer.id))
    if filters.wave_id:
        query = query.where(Response.wave_id == filters.wave_id)
    if filters.organisation_id:
        query = query.where(Response.organisation_id == filters.organisation_id)
    if filters.segment_id:
        query = query.where(Response.segment_id == filters.segment_id)
    if filters.question_code:
        query = query.where(Question.code == filters.question_code)
    if filters.sentiment in SENTIMENTS:
        query = query.where(func.coalesce(CommentAnalysis.coded_sentiment,
                                          CommentAnalysis.sentiment) == filters.sentiment)
    return query


def page_of(programme: Programme, filters: Filters, page: int) -> CommentPage:
    query = filtered(programme, filters)
    respondents = db.session.scalar(select(func.count(distinct(Answer.response_id)))
                                    .where(Answer.id.in_(query)))
    if respondents < programme.min_comment_group_size:
        return CommentPage([], 0, 1, respondents, hidden=True)
    total, shown, page = page_ids(query, filters.theme, page)
    rows = db.session.execute(comment_rows(programme.id).where(Answer.id.in_(shown))
                              .order_by(Answer.id.desc())).all()
    analyses = {row.answer_id: row for row in db.session.scalars(
        select(CommentAnalysis).where(CommentAnalysis.answer_id.in_(shown)))}
    views = [CommentView(answer_id, redact(text), question, analyses.get(answer_id))
             for answer_id, text, question in rows]
    return CommentPage(views, total, page, respondents, hidden=False)


def page_ids(query, theme: str, page: int) -> tuple[int, list[int], int]:
    """Total, the ids on the page, and the page number (clamped to the pages there are)."""
    if theme:  # themes live in JSON; filtering them in Python keeps SQL portable
        ids = db.session.scalars(query.order_by(Answer.id.desc())).all()
        analyses = {row.answer_id: row for row in db.session.scalars(
            select(CommentAnalysis).where(CommentAnalysis.answer_id.in_(ids)))}
        ids = [i for i in ids if i in analyses and theme in analyses[i].final_themes]
        page = min(max(1, page), max(1, -(-len(ids) // PAGE_SIZE)))
        return len(ids), ids[(page - 1) * PAGE_SIZE: page * PAGE_SIZE], page
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = min(max(1, page), max(1, -(-total // PAGE_SIZE)))
    shown = db.session.scalars(query.order_by(Answer.id.desc())
                               .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return total, list(shown), page


def recode(programme: Programme, answer_id: int, sentiment: str | None,
           themes: list[str] | None, framing: str | None = None) -> CommentAnalysis:
    row = db.session.get(CommentAnalysis, answer_id)
    if row is None or row.programme_id != programme.id:
        raise LookupError(answer_id)
    row.coded_sentiment = sentiment if sentiment in SENTIMENTS else None
    row.coded_themes = themes
    row.coded_framing = framing if framing in FRAMINGS.names else None
    sync_themes(row)
    db.session.commit()
    counts.rebuild([db.session.scalar(select(Response.wave_id).join(Answer).where(
        Answer.id == answer_id))])
    return row


@dataclass(frozen=True)
class Agreement:
    sentiment_coded: int
    sentiment_agree: int
    themes_coded: int
    themes_agree: int

    @staticmethod
    def share(agree: int, coded: int) -> float | None:
        return agree / coded if coded else None


def agreement(programme: Programme) -> Agreement:
    rows = db.session.scalars(select(CommentAnalysis).where(
        CommentAnalysis.programme_id == programme.id,
        (CommentAnalysis.coded_sentiment.is_not(None)) |
        (CommentAnalysis.coded_themes.is_not(None)))).all()
    sentiment = [row for row in rows if row.coded_sentiment]
    themes = [row for row in rows if row.coded_themes is not None]
    return Agreement(
        len(sentiment), sum(row.sentiment == row.coded_sentiment for row in sentiment),
        len(themes), sum(set(row.themes) == set(row.coded_themes) for row in themes))
