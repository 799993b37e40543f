"""The analysts' view of comments: filter, page through, recode, and see how often the
machine agrees with people. Slices too small to show comments for, or that would let a
small group be picked out by difference, are refused."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from engage.analysis.framing import FRAMINGS
from engage.analysis.redact import redact
from engage.extensions import db
from engage.models import (
    Answer,
    CommentAnalysis,
    CommentTheme,
    Programme,
    Question,
    Response,
)
from engage.services import comment_slices, counts
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
    framing: str = ""  # respondents who chose this option to the framing question


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
    query = by_attributes(programme, filters)
    if filters.wave_id:
        query = query.where(Response.wave_id == filters.wave_id)
    if filters.organisation_id:
        query = query.where(Response.organisation_id == filters.organisation_id)
    if filters.segment_id:
        query = query.where(Response.segment_id == filters.segment_id)
    return query


def by_attributes(programme: Programme, filters: Filters):
    """Comments matching what they say (question, sentiment, theme), from everyone."""
    query = (
        comment_rows(programme.id)
        .with_only_columns(Answer.id)
        .outerjoin(CommentAnalysis, CommentAnalysis.answer_id == Answer.id)
    )
    if filters.theme:
        query = query.where(
            Answer.id.in_(
                select(CommentTheme.answer_id).where(
                    CommentTheme.programme_id == programme.id, CommentTheme.theme == filters.theme
                )
            )
        )
    if filters.framing:
        chose = aliased(Answer)
        query = query.where(
            Answer.response_id.in_(
                select(chose.response_id)
                .join(Question, Question.id == chose.question_id)
                .where(Question.code == "framing", chose.choice == filters.framing)
            )
        )
    if filters.question_code:
        query = query.where(Question.code == filters.question_code)
    if filters.sentiment in SENTIMENTS:
        query = query.where(
            func.coalesce(CommentAnalysis.coded_sentiment, CommentAnalysis.sentiment)
            == filters.sentiment
        )
    return query


def page_of(programme: Programme, filters: Filters, page: int) -> CommentPage:
    safe, respondents = comment_slices.slice_safe(
        programme,
        by_attributes(programme, filters),
        filters.wave_id,
        filters.organisation_id,
        filters.segment_id,
    )
    if not safe:
        return CommentPage([], 0, 1, respondents, hidden=bool(respondents))
    total, shown, page = page_ids(filtered(programme, filters), page)
    rows = db.session.execute(
        comment_rows(programme.id).where(Answer.id.in_(shown)).order_by(Answer.id.desc())
    ).all()
    analyses = {
        row.answer_id: row
        for row in db.session.scalars(
            select(CommentAnalysis).where(CommentAnalysis.answer_id.in_(shown))
        )
    }
    views = [
        CommentView(answer_id, redact(text), question, analyses.get(answer_id))
        for answer_id, text, question in rows
    ]
    return CommentPage(views, total, page, respondents, hidden=False)


def page_ids(query, page: int) -> tuple[int, list[int], int]:
    """Total, the ids on the page, and the page number (clamped to the pages there are)."""
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = min(max(1, page), max(1, -(-total // PAGE_SIZE)))
    shown = db.session.scalars(
        query.order_by(Answer.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    return total, list(shown), page


def describe(programme: Programme, filters: Filters) -> list[tuple[str, str]]:
    """The slice in words, for headings: (what, which) pairs."""
    waves = {
        wave.id: f"{survey.title}: {wave.label}"
        for survey in programme.surveys
        for wave in survey.waves
    }
    organisations = {org.id: org.name for org in programme.organisations}
    groups = {
        segment.id: f"{org.name}: {segment.name}"
        for org in programme.organisations
        for segment in org.segments
    }
    found = [
        ("Theme", filters.theme),
        ("Chose", filters.framing),
        ("Wave", waves.get(filters.wave_id or 0, "")),
        ("Organisation", organisations.get(filters.organisation_id or 0, "")),
        ("Reporting group", groups.get(filters.segment_id or 0, "")),
    ]
    return [(what, which) for what, which in found if which]


def recode(
    programme: Programme,
    answer_id: int,
    sentiment: str | None,
    themes: list[str] | None,
    framing: str | None = None,
) -> CommentAnalysis:
    row = db.session.get(CommentAnalysis, answer_id)
    if row is None or row.programme_id != programme.id:
        raise LookupError(answer_id)
    row.coded_sentiment = sentiment if sentiment in SENTIMENTS else None
    row.coded_themes = themes
    row.coded_framing = framing if framing in FRAMINGS.names else None
    sync_themes(row)
    db.session.commit()
    counts.rebuild(
        [db.session.scalar(select(Response.wave_id).join(Answer).where(Answer.id == answer_id))]
    )
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
    rows = db.session.scalars(
        select(CommentAnalysis).where(
            CommentAnalysis.programme_id == programme.id,
            (CommentAnalysis.coded_sentiment.is_not(None))
            | (CommentAnalysis.coded_themes.is_not(None)),
        )
    ).all()
    sentiment = [row for row in rows if row.coded_sentiment]
    themes = [row for row in rows if row.coded_themes is not None]
    return Agreement(
        len(sentiment),
        sum(row.sentiment == row.coded_sentiment for row in sentiment),
        len(themes),
        sum(set(row.themes) == set(row.coded_themes) for row in themes),
    )
