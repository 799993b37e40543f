"""Keeping the pre-aggregated construct cells in step with responses.

Besides one cell per construct, each partnership-trust item has its own cell (construct
``item:<question code>``), so the partnership mirror can set the same statements side by
side as each partner answered them.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import and_, delete, func, insert, literal, select

from engage.analysis import metrics
from engage.domain import AnswerValue, QuestionKind
from engage.extensions import db
from engage.models import Answer, ConstructCell, Question, Response, Wave
from engage.models.reporting import NO_GROUP, ConstructColumns
from engage.services import counts

MIRRORED = "partnership_trust"  # constructs whose items are also kept one by one
ITEM = "item:"


def person_scores(questions: dict[int, str], answers: list[AnswerValue]) -> dict[str, float]:
    """One respondent's 0-100 score per construct: the mean over the items they answered."""
    items: dict[str, list[int]] = defaultdict(list)
    for answer in answers:
        construct = questions.get(answer.question_id)
        if construct and answer.number is not None:
            items[construct].append(answer.number)
    return {construct: metrics.respondent_index(numbers) for construct, numbers in items.items()}


def scores_of(
    versions: dict[int, int], answers: dict[int, list[AnswerValue]]
) -> list[tuple[int, str, float]]:
    """(response, construct, 0-100 score) for each construct and mirrored item a response
    answered; ``versions`` maps each response to its survey version."""
    rows = db.session.execute(
        select(Question.id, Question.version_id, Question.construct, Question.code).where(
            Question.version_id.in_(set(versions.values())),
            Question.kind == QuestionKind.AGREEMENT,
            Question.construct.is_not(None),
        )
    ).all()
    found = []
    for response_id, version_id in versions.items():
        questions = {row.id: row.construct for row in rows if row.version_id == version_id}
        items = {
            row.id: ITEM + row.code
            for row in rows
            if row.version_id == version_id and row.construct == MIRRORED
        }
        given = answers.get(response_id, [])
        for construct, score in [
            *person_scores(questions, given).items(),
            *person_scores(items, given).items(),
        ]:
            found.append((response_id, construct, score))
    return found


def add_moments(moments: dict[tuple, metrics.Moments]) -> None:
    """Merge each (wave, organisation, group, construct) cell's batch into its row with
    Chan's formula; SET reads the row as it was, so every term uses the old n and mean."""

    def merged(new) -> dict:
        n = ConstructCell.respondents + new.respondents
        delta = new.mean - ConstructCell.mean
        return {
            "respondents": n,
            "mean": ConstructCell.mean + delta * new.respondents / n,
            "m2": ConstructCell.m2
            + new.m2
            + delta * delta * ConstructCell.respondents * new.respondents / n,
        }

    counts.upsert(
        ConstructCell,
        [
            ConstructCell.wave_id,
            ConstructCell.organisation_id,
            ConstructCell.group_key,
            ConstructCell.construct,
        ],
        merged,
        [
            {
                "wave_id": wave_id,
                "organisation_id": organisation_id,
                "group_key": group_key,
                "construct": construct,
                "respondents": part.n,
                "mean": part.mean,
                "m2": part.m2,
            }
            for (wave_id, organisation_id, group_key, construct), part in sorted(moments.items())
        ],
    )


def rebuild(wave_ids: list[int]) -> None:
    """Recompute the cells of these waves from the answers (after bulk loads), of the
    responses already folded: the folder adds a pending one when it reaches it."""
    if not wave_ids:
        return
    db.session.execute(delete(ConstructCell).where(ConstructCell.wave_id.in_(wave_ids)))
    fill(ConstructCell, and_(Response.wave_id.in_(wave_ids), Response.pending.is_(False)))
    db.session.commit()


def fill(table: type[ConstructColumns], responses) -> None:
    """Insert the construct and item cells of the responses matching ``responses`` (a
    condition on Response) into ``table``: the live cells, or an open wave's release."""
    per_person = (
        select(
            Response.wave_id,
            Response.organisation_id,
            func.coalesce(Response.group_id, NO_GROUP).label("group_key"),
            Question.construct.label("construct"),
            func.avg((Answer.number - 1) * 25.0).label("score"),
        )
        .join(Answer, Answer.response_id == Response.id)
        .join(Question, Question.id == Answer.question_id)
        .where(
            responses,
            Question.kind == QuestionKind.AGREEMENT,
            Answer.number.is_not(None),
            Question.construct.is_not(None),
        )
        .group_by(
            Response.id,
            Response.wave_id,
            Response.organisation_id,
            Response.group_id,
            Question.construct,
        )
    ).subquery()
    insert_moments(per_person, table)
    fill_items(table, responses)


def fill_items(table: type[ConstructColumns], responses) -> None:
    """The mirrored constructs' item cells: each person answers an item once."""
    per_person = (
        select(
            Response.wave_id,
            Response.organisation_id,
            func.coalesce(Response.group_id, NO_GROUP).label("group_key"),
            (literal(ITEM) + Question.code).label("construct"),
            ((Answer.number - 1) * 25.0).label("score"),
        )
        .join(Answer, Answer.response_id == Response.id)
        .join(Question, Question.id == Answer.question_id)
        .where(
            responses,
            Question.kind == QuestionKind.AGREEMENT,
            Answer.number.is_not(None),
            Question.construct == MIRRORED,
        )
    ).subquery()
    insert_moments(per_person, table)


def insert_moments(per_person, table: type[ConstructColumns]) -> None:
    """One cell per key from one score per person, in two passes (the mean, then squared
    deviations from it), so the stored moments carry no cancellation error."""
    keys = ["wave_id", "organisation_id", "group_key", "construct"]
    means = (
        select(
            *(per_person.c[key] for key in keys), func.avg(per_person.c.score).label("mean")
        ).group_by(*(per_person.c[key] for key in keys))
    ).subquery()
    deviation = per_person.c.score - means.c.mean
    db.session.execute(
        insert(table).from_select(
            [getattr(table, key) for key in [*keys, "respondents", "mean", "m2"]],
            select(
                *(means.c[key] for key in keys),
                func.count(),
                func.min(means.c.mean),
                func.sum(deviation * deviation),
            )
            .select_from(per_person)
            .join(means, and_(*(per_person.c[key] == means.c[key] for key in keys)))
            .group_by(*(means.c[key] for key in keys)),
        )
    )


def programme_waves(programme_id: int) -> list[int]:
    from engage.models import Survey

    return list(
        db.session.scalars(select(Wave.id).join(Survey).where(Survey.programme_id == programme_id))
    )


def rebuild_programme(programme_id: int) -> None:
    waves = programme_waves(programme_id)
    rebuild(waves)
    counts.rebuild(waves)
