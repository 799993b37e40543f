"""Keeping the count cells (framing, commenters, themes, sentiment, and the comments
and their tone within each theme) in step.

The folder (``services.folding``) adds each batch of new responses to them; a recode or a
re-analysis rebuilds the cells of the waves it touched, straight from the stored analyses
of the responses already folded (a pending one is added when the folder reaches it).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import String, and_, cast, delete, func, insert, literal, select
from sqlalchemy.dialects import postgresql, sqlite

from engage.domain import Measure
from engage.extensions import db
from engage.models import (
    Answer,
    CommentAnalysis,
    CommentTheme,
    CountCell,
    Question,
    Response,
)
from engage.models.reporting import NO_GROUP, CountColumns

KEYS = [  # columns, not strings: the group key's column keeps its first name in the database
    CountCell.wave_id,
    CountCell.organisation_id,
    CountCell.group_key,
    CountCell.measure,
    CountCell.category,
]
# Comments within a theme, by tone: enough for net sentiment within each theme.
TONES = {"positive": Measure.THEME_POSITIVE, "negative": Measure.THEME_NEGATIVE}


def upsert(table, keys: list, set_: dict, rows: list[dict]) -> None:
    """INSERT ... ON CONFLICT DO UPDATE for many rows, one statement run many times."""
    if not rows:
        return
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    db.session.execute(
        statement.on_conflict_do_update(index_elements=keys, set_=set_(statement.excluded)),
        rows,
    )


def add_counts(amounts: dict[tuple, int]) -> None:
    """Add each (wave, organisation, group, measure, category) cell's amount once."""
    upsert(
        CountCell,
        KEYS,
        lambda new: {"count": CountCell.count + new.count},
        [
            {
                "wave_id": wave_id,
                "organisation_id": organisation_id,
                "group_key": group_key,
                "measure": measure,
                "category": category[:200],
                "count": amount,
            }
            for (wave_id, organisation_id, group_key, measure, category), amount in sorted(
                amounts.items()
            )
        ],
    )


def comment_counts(
    analysed: list[tuple[int, str, Sequence[str]]],
) -> list[tuple[int, str, str]]:
    """(response, measure, category) per count that responses' analysed comments add: one
    commenter per response, each of its themes once, and each comment's labels. Each
    comment comes as (response, final sentiment, final themes)."""
    found: list[tuple[int, str, str]] = []
    by_response: dict[int, list[tuple[str, Sequence[str]]]] = {}
    for response_id, sentiment, themes in analysed:
        by_response.setdefault(response_id, []).append((sentiment, themes))
    for response_id, comments in by_response.items():
        found.append((response_id, Measure.COMMENTERS, ""))
        themes = dict.fromkeys(theme for _sentiment, named in comments for theme in named)
        found += [(response_id, Measure.THEME, theme) for theme in themes]
        for sentiment, named in comments:
            found.append((response_id, Measure.SENTIMENT, sentiment))
            for theme in dict.fromkeys(named):
                found.append((response_id, Measure.THEME_COMMENTS, theme))
                if sentiment in TONES:
                    found.append((response_id, TONES[sentiment], theme))
    return found


def grouped(measure: str, category, query):
    """INSERT ... SELECT of one measure, grouped by wave, organisation and group."""
    group = func.coalesce(Response.group_id, NO_GROUP)
    return query.with_only_columns(
        Response.wave_id,
        Response.organisation_id,
        group,
        cast(literal(measure), String),
        category,
        func.count(func.distinct(Response.id)),
    ).group_by(Response.wave_id, Response.organisation_id, group, category)


def rebuild(wave_ids: list[int]) -> None:
    if not wave_ids:
        return
    refill(wave_ids)
    db.session.commit()


def refill(wave_ids: list[int]) -> None:
    """Rebuild the waves' cells in the caller's transaction (a preview rolls it back)."""
    db.session.execute(delete(CountCell).where(CountCell.wave_id.in_(wave_ids)))
    fill(CountCell, and_(Response.wave_id.in_(wave_ids), Response.pending.is_(False)))


def cell_columns(table: type[CountColumns]) -> list:
    """The count cell's columns, as objects: the group key's column keeps its first name
    (segment_key) in the database, so a string would not find it."""
    return [
        table.wave_id,
        table.organisation_id,
        table.group_key,
        table.measure,
        table.category,
        table.count,
    ]


def fill(table: type[CountColumns], in_waves) -> None:
    """Insert the count cells of the responses matching ``in_waves`` (a condition on
    Response) into ``table``: the live cells, or an open wave's release."""
    comments = (
        select(Response.id)
        .join(Answer, Answer.response_id == Response.id)
        .join(CommentAnalysis, CommentAnalysis.answer_id == Answer.id)
        .where(in_waves)
    )
    final = func.coalesce(CommentAnalysis.coded_sentiment, CommentAnalysis.sentiment)
    sources = [
        grouped(
            Measure.FRAMING,
            Answer.choice,
            select(Response.id)
            .join(Answer, Answer.response_id == Response.id)
            .join(Question, Question.id == Answer.question_id)
            .where(in_waves, Question.code == "framing", Answer.choice.is_not(None)),
        ),
        grouped(Measure.COMMENTERS, cast(literal(""), String), comments),
        grouped(
            Measure.THEME,
            CommentTheme.theme,
            select(Response.id)
            .join(Answer, Answer.response_id == Response.id)
            .join(CommentTheme, CommentTheme.answer_id == Answer.id)
            .where(in_waves),
        ),
    ]
    for source in sources:
        db.session.execute(
            insert(table).from_select(
                cell_columns(table),
                source,
            )
        )
    group = func.coalesce(Response.group_id, NO_GROUP)
    db.session.execute(
        insert(table).from_select(
            cell_columns(table),
            comments.with_only_columns(
                Response.wave_id,
                Response.organisation_id,
                group,
                cast(literal(Measure.SENTIMENT), String),
                final,
                func.count(),
            ).group_by(Response.wave_id, Response.organisation_id, group, final),
        )
    )
    fill_theme_tones(table, in_waves, final)


def fill_theme_tones(table: type[CountColumns], in_waves, final) -> None:
    group = func.coalesce(Response.group_id, NO_GROUP)
    themed = (
        select(Response.id)
        .join(Answer, Answer.response_id == Response.id)
        .join(CommentAnalysis, CommentAnalysis.answer_id == Answer.id)
        .join(CommentTheme, CommentTheme.answer_id == Answer.id)
        .where(in_waves)
    )
    for measure, condition in [
        (Measure.THEME_COMMENTS, None),
        *((name, final == tone) for tone, name in TONES.items()),
    ]:
        query = themed if condition is None else themed.where(condition)
        db.session.execute(
            insert(table).from_select(
                cell_columns(table),
                query.with_only_columns(
                    Response.wave_id,
                    Response.organisation_id,
                    group,
                    cast(literal(measure), String),
                    CommentTheme.theme,
                    func.count(),
                ).group_by(Response.wave_id, Response.organisation_id, group, CommentTheme.theme),
            )
        )
