"""Analysts' codes for comments, and how often the machine agrees with people. Reading
comments is the read side's (``reading.comments``): a comment is recoded only if it can
be read."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from engage.analysis.framing import FRAMINGS
from engage.extensions import db
from engage.models import Answer, CommentAnalysis, Programme, Response
from engage.services import counts
from engage.services.analysis import sync_themes
from engage.services.reading import comments as reading_comments
from engage.services.reading.comments import SENTIMENTS


def recode(
    programme: Programme,
    ref: str,
    sentiment: str | None,
    themes: list[str] | None,
    framing: str | None = None,
) -> CommentAnalysis:
    """An analyst's codes for a comment they may read (LookupError otherwise)."""
    row = db.session.get(CommentAnalysis, reading_comments.readable(programme, ref).answer_id)
    return code(row, sentiment, themes, framing)


def code(
    row: CommentAnalysis,
    sentiment: str | None,
    themes: list[str] | None,
    framing: str | None = None,
) -> CommentAnalysis:
    """Store codes that override the machine's, and bring the wave's cells in step."""
    row.coded_sentiment = sentiment if sentiment in SENTIMENTS else None
    row.coded_themes = themes
    row.coded_framing = framing if framing in FRAMINGS.names else None
    sync_themes(row)
    db.session.commit()
    counts.rebuild(
        [db.session.scalar(select(Response.wave_id).join(Answer).where(Answer.id == row.answer_id))]
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
