"""The analysts' view of comments: filter, page through, recode, and see how often the
machine agrees with people. Slices too small to show comments for, or that would let a
small group be picked out by difference, are refused."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from engage.analysis.discovery import DiscoveredTheme
from engage.analysis.framing import FRAMINGS
from engage.analysis.redact import redact
from engage.extensions import db
from engage.models import (
    Answer,
    CommentAnalysis,
    CommentTheme,
    DismissedPhrase,
    Programme,
    Question,
    Response,
)
from engage.services import comment_slices, counts, releases
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
    ref: str
    text: str
    question: str
    analysis: CommentAnalysis


@dataclass(frozen=True)
class CommentPage:
    comments: list[CommentView]
    total: int
    page: int
    respondents: int
    hidden: bool
    held_back: int = 0  # questions left out because too few people answered them

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
    """Comments matching what they say (question, sentiment, theme), from everyone who
    has been released: an open wave's comments appear in the same steps as its figures."""
    query = releases.released_only(
        comment_rows(programme.id)
        .with_only_columns(Answer.id)
        .join(CommentAnalysis, CommentAnalysis.answer_id == Answer.id),
        releases.open_wave_ids(programme),
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
    """One page of a slice's redacted comments, in the order of their random references.

    Each comment shows the question it answered, so a question is a slice too: the
    comments of a question that too few people in the slice answered (a small
    roundtable's, say) are held back even when the slice as a whole may be shown."""
    releases.bring_up_to_date(programme)
    safe, respondents = slice_is_safe(programme, filters)
    if not safe:
        return CommentPage([], 0, 1, respondents, hidden=bool(respondents))
    codes = set(
        db.session.scalars(filtered(programme, filters).with_only_columns(Question.code).distinct())
    )
    shown_codes = {
        code for code in codes if slice_is_safe(programme, replace(filters, question_code=code))[0]
    }
    query = filtered(programme, filters).where(Question.code.in_(shown_codes))
    total, shown, page = page_ids(query, page)
    return CommentPage(
        views(programme, shown),
        total,
        page,
        respondents,
        hidden=False,
        held_back=len(codes - shown_codes),
    )


def slice_is_safe(programme: Programme, filters: Filters) -> tuple[bool, int]:
    """Whether the slice's comments may be shown, and how many people wrote them."""
    return comment_slices.slice_safe(
        programme,
        by_attributes(programme, filters),
        filters.wave_id,
        filters.organisation_id,
        filters.segment_id,
    )


def views(programme: Programme, answer_ids: list[int]) -> list[CommentView]:
    rows = db.session.execute(
        comment_rows(programme.id)
        .add_columns(CommentAnalysis)
        .join(CommentAnalysis, CommentAnalysis.answer_id == Answer.id)
        .where(Answer.id.in_(answer_ids))
        .order_by(CommentAnalysis.ref)
    ).all()
    return [
        CommentView(analysis.ref, redact(text), question, analysis)
        for _answer_id, text, question, analysis in rows
    ]


def readable(programme: Programme, ref: str) -> CommentView:
    """A comment opened by its reference: only if it would appear in the programme's
    unfiltered comment list (the slice of everyone who answered its question)."""
    open_ids = releases.bring_up_to_date(programme)
    found = db.session.execute(
        releases.released_only(
            select(CommentAnalysis.answer_id, Question.code)
            .join(Answer, Answer.id == CommentAnalysis.answer_id)
            .join(Question, Question.id == Answer.question_id)
            .join(Response, Response.id == Answer.response_id)
            .where(CommentAnalysis.programme_id == programme.id, CommentAnalysis.ref == ref[:24]),
            open_ids,
        )
    ).first()
    if found is None or not slice_is_safe(programme, Filters(question_code=found.code))[0]:
        raise LookupError(ref)
    return views(programme, [found.answer_id])[0]


def page_ids(query, page: int) -> tuple[int, list[int], int]:
    """Total, the ids on the page, and the page number (clamped to the pages there are).
    Ordered by the comments' random references, never by when they came."""
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = min(max(1, page), max(1, -(-total // PAGE_SIZE)))
    shown = db.session.scalars(
        query.order_by(CommentAnalysis.ref).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
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
    ref: str,
    sentiment: str | None,
    themes: list[str] | None,
    framing: str | None = None,
) -> CommentAnalysis:
    """An analyst's codes for a comment they may read (LookupError otherwise)."""
    return code(readable(programme, ref).analysis, sentiment, themes, framing)


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


def discover_themes(programme: Programme, groups: int = 6) -> list[DiscoveredTheme]:
    """Groups among the comments no theme covers (machine's or analyst's), from the
    questions the programme's comment list may show. A group's example comments are shown
    only when at least the comment minimum of people wrote its comments."""
    from engage.analysis.discovery import discover  # loads scikit-learn: only when asked

    releases.bring_up_to_date(programme)
    unfiltered = Filters()
    if not slice_is_safe(programme, unfiltered)[0]:
        return []
    codes = set(
        db.session.scalars(
            by_attributes(programme, unfiltered).with_only_columns(Question.code).distinct()
        )
    )
    shown = [c for c in codes if slice_is_safe(programme, Filters(question_code=c))[0]]
    unthemed = db.session.execute(
        comment_rows(programme.id)
        .add_columns(Answer.response_id)
        .join(CommentAnalysis, CommentAnalysis.answer_id == Answer.id)
        .where(
            Question.code.in_(shown),
            ~Answer.id.in_(
                select(CommentTheme.answer_id).where(CommentTheme.programme_id == programme.id)
            ),
        )
    ).all()
    people = {answer_id: response_id for answer_id, _t, _q, response_id in unthemed}
    ignored = frozenset(
        db.session.scalars(
            select(DismissedPhrase.phrase).where(DismissedPhrase.programme_id == programme.id)
        )
    )
    found = discover(
        [(answer_id, redact(text)) for answer_id, text, _q, _r in unthemed],
        groups=groups,
        ignored=ignored,
    )
    return [
        group
        if len({people[i] for i in group.comment_ids}) >= programme.min_comment_group_size
        else replace(group, examples=())
        for group in found
    ]


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
