"""Folding stored responses into the figures, after their submissions have committed.

A submission stores its response and answers, marked pending, and returns: it never
waits for comment analysis, and never queues behind other submissions on the shared
count and construct cells. One writer, the folder, then takes the pending responses in
batches: it analyses their comments outside any write transaction, and in one short
transaction adds each cell's change once (a batch's scores merged into one set of
``Moments`` per cell), records any link that went over its headcount, and clears the
marks. A batch that fails is rolled back whole and retried response by response, so a
response that cannot be folded stays stored, pending, and is tried again on every pass;
nothing is ever lost, and a response is never counted twice (its mark is cleared in the
transaction that counts it).

The quickstart runs ``flask fold --forever`` beside gunicorn; elsewhere run it as a
service (README, "Running in production"). Two folders can run at once: on PostgreSQL
each claims its rows with ``SKIP LOCKED``, and on SQLite writes are serialised anyway.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select, update

from engage import database
from engage.analysis.engine import Analysis, Comment
from engage.analysis.metrics import Moments
from engage.analysis.redact import redact
from engage.domain import AnswerValue, Measure
from engage.extensions import db
from engage.models import (
    Answer,
    CommentAnalysis,
    FoldMark,
    Link,
    Question,
    Response,
    Survey,
    Wave,
)
from engage.models.columns import utcnow
from engage.models.reporting import NO_GROUP
from engage.services import analysis, counts, redaction, reporting, stuffing

BATCH = 200
# SQLite has one write lock for the whole file, and a submission waiting for it sleeps in
# growing steps (SQLite's busy handler), so a long fold shows up as respondents' slowest
# requests. Small batches hold the lock about 15 ms; PostgreSQL's row locks need no care.
SQLITE_BATCH = 25
log = logging.getLogger(__name__)

Key = tuple[int, int, int]  # wave, organisation, group key


@dataclass
class Pending:
    """What the folder read of one batch, before it takes the write lock."""

    responses: dict[int, Key]  # response id -> its cell
    links: dict[int, int]  # response id -> link id
    versions: dict[int, int]  # response id -> survey version id
    answers: dict[int, list[AnswerValue]] = field(default_factory=dict)
    # programme id -> rows (answer id, redacted text, question text) and the engine's results
    comments: dict[int, tuple[list, list[Analysis], str]] = field(default_factory=dict)
    answer_owner: dict[int, int] = field(default_factory=dict)  # answer id -> response id
    # worked out while reading, so the write transaction only writes:
    scores: list[tuple[int, str, float]] = field(default_factory=list)  # response, construct
    framings: list[tuple[int, str, str]] = field(default_factory=list)  # response, measure, option
    analysed: set[int] = field(default_factory=set)  # answer ids with an analysis already
    over: list[int] = field(default_factory=list)  # links that went over their headcount


def batch_size() -> int:
    """How many responses one fold takes on this database."""
    return SQLITE_BATCH if db.engine.dialect.name == "sqlite" else BATCH


def fold(limit: int | None = None) -> int:
    """Fold up to ``limit`` pending responses (a batch); return how many were folded."""
    limit = limit or batch_size()
    started = utcnow()
    with database.reading():
        pending = read_pending(limit)
        db.session.rollback()
    if pending is None:
        return 0
    drained = len(pending.responses) < limit
    try:
        return analyse_and_write(pending, started if drained else None)
    except Exception:
        db.session.rollback()
        log.exception("folding %s responses failed; trying them one by one", len(pending.responses))
    return sum(fold_one(pending, response_id) for response_id in pending.responses)


def analyse_and_write(pending: Pending, through: datetime | None) -> int:
    """Comments analysed, scores and counts worked out in a read transaction, then one
    short write transaction that only writes them."""
    with database.reading():
        pending.comments = analyse(pending)
        prepare(pending)
        db.session.rollback()
    return write(pending, through)


def prepare(pending: Pending) -> None:
    """What the write needs besides the analyses: each response's construct scores and
    framing answers, which comments were analysed before (a retried batch), and which
    links went over their headcount."""
    pending.scores = reporting.scores_of(pending.versions, pending.answers)
    pending.framings = framings(pending)
    answer_ids = [row[0] for rows, _results, _version in pending.comments.values() for row in rows]
    pending.analysed = set(
        db.session.scalars(
            select(CommentAnalysis.answer_id).where(CommentAnalysis.answer_id.in_(answer_ids))
        )
    )
    pending.over = [
        link_id
        for link_id in sorted(set(pending.links.values()))
        if stuffing.goes_over(db.session.get(Link, link_id))
    ]


def fold_all() -> int:
    """Fold until nothing is pending (tests, the benchmark, a catch-up after downtime)."""
    total = 0
    while folded := fold():
        total += folded
    return total


def fold_one(pending: Pending, response_id: int) -> int:
    """One response on its own, so one that cannot be folded holds up no other."""
    alone = Pending(
        {response_id: pending.responses[response_id]},
        {response_id: pending.links[response_id]},
        {response_id: pending.versions[response_id]},
        {response_id: pending.answers.get(response_id, [])},
        {},
        pending.answer_owner,
    )
    try:
        return analyse_and_write(alone, None)
    except Exception:
        db.session.rollback()
        log.exception("response %s could not be folded; it stays pending", response_id)
        return 0


def read_pending(limit: int) -> Pending | None:
    rows = db.session.execute(
        select(
            Response.id,
            Response.wave_id,
            Response.organisation_id,
            func.coalesce(Response.group_id, NO_GROUP),
            Response.link_id,
            Response.version_id,
        )
        .where(Response.pending)
        .order_by(Response.id)
        .limit(limit)
    ).all()
    if not rows:
        return None
    pending = Pending(
        {row[0]: (row[1], row[2], row[3]) for row in rows},
        {row[0]: row[4] for row in rows},
        {row[0]: row[5] for row in rows},
    )
    for answer in db.session.execute(
        select(Answer.id, Answer.response_id, Answer.question_id, Answer.number, Answer.choice)
        .where(Answer.response_id.in_(pending.responses))
        .order_by(Answer.id)
    ):
        pending.answers.setdefault(answer.response_id, []).append(
            AnswerValue(answer.question_id, answer.number, answer.choice)
        )
        pending.answer_owner[answer.id] = answer.response_id
    return pending


def analyse(pending: Pending) -> dict[int, tuple[list, list[Analysis], str]]:
    """Each programme's new comments redacted, then through its own engine, before any
    write lock: the engine, like every reader after it, sees only the redacted copy."""
    programme_of = dict(
        db.session.execute(
            select(Wave.id, Survey.programme_id)
            .join(Survey, Survey.id == Wave.survey_id)
            .where(Wave.id.in_({key[0] for key in pending.responses.values()}))
        ).all()
    )
    found = {}
    for programme_id in set(programme_of.values()):
        ids = [r for r, key in pending.responses.items() if programme_of[key[0]] == programme_id]
        rows = [
            (answer_id, redact(text), question)
            for answer_id, text, question in db.session.execute(originals(ids))
        ]
        if rows:
            engine = analysis.engine_for(programme_id)
            results = engine.analyse([Comment(text, question) for _id, text, question in rows])
            found[programme_id] = (rows, results, engine.version)
    return found


def originals(response_ids: list[int]):
    """What the respondents typed: the folder is the one reader of it (with the
    re-redaction job), and it keeps only the redacted copy it makes."""
    return (
        select(Answer.id, Answer.text, Question.text)
        .join(Question, Question.id == Answer.question_id)
        .where(Answer.response_id.in_(response_ids), Answer.text.is_not(None))
        .order_by(Answer.id)
    )


def write(pending: Pending, through: datetime | None) -> int:
    """Count the batch's responses that are still pending, in one write transaction."""
    with database.writing():
        ids = claim(list(pending.responses))
        if ids:
            add_to_cells(pending, ids)
            note_links(pending.over)
            db.session.execute(
                update(Response)
                .where(Response.id.in_(ids))
                .values(pending=False)
                .execution_options(synchronize_session=False)
            )
        if through is not None:
            mark = db.session.get(FoldMark, 1) or FoldMark(id=1)
            mark.through = through
            db.session.add(mark)
        db.session.commit()
    return len(ids)


def claim(ids: list[int]) -> set[int]:
    """The ones no other folder has counted meanwhile (or is counting now, on PostgreSQL)."""
    query = select(Response.id).where(Response.id.in_(ids), Response.pending)
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return set(db.session.scalars(query))


def add_to_cells(pending: Pending, ids: set[int]) -> None:
    """Analyses written, then each cell's change added once for the whole batch."""
    moments: dict[tuple, Moments] = defaultdict(Moments)
    amounts: dict[tuple, int] = defaultdict(int)
    for response_id, construct, score in pending.scores:
        if response_id in ids:
            moments[(*pending.responses[response_id], construct)] += Moments(1, score, 0.0)
    framed = [row for row in pending.framings if row[0] in ids]
    for response_id, measure, category in [*framed, *comments(pending, ids)]:
        amounts[(*pending.responses[response_id], measure, category)] += 1
    reporting.add_moments(moments)
    counts.add_counts(amounts)


def comments(pending: Pending, ids: set[int]) -> list[tuple[int, str, str]]:
    """Write the batch's analyses; (response, measure, category) for each count they add.
    New comments (all of them, but for a retried batch) go in as plain rows."""
    found = []
    for programme_id, (rows, results, version) in pending.comments.items():
        kept = [
            (row, result)
            for row, result in zip(rows, results, strict=True)
            if pending.answer_owner[row[0]] in ids
        ]
        if not kept:
            continue
        # the copy lands with the analysis: nothing reads a comment before it
        redaction.store([(row[0], row[1]) for row, _ in kept])
        new = [(row, result) for row, result in kept if row[0] not in pending.analysed]
        analysis.insert_new(programme_id, [row for row, _ in new], [r for _, r in new], version)
        labels = [(pending.answer_owner[row[0]], r.sentiment, r.themes) for row, r in new]
        again = [(row, result) for row, result in kept if row[0] in pending.analysed]
        if again:  # an analyst's codes already there win, as they do everywhere
            stored = analysis.write(
                programme_id, [row for row, _ in again], [r for _, r in again], version
            )
            labels += [
                (pending.answer_owner[row.answer_id], row.final_sentiment, row.final_themes)
                for row in stored
            ]
        found += counts.comment_counts(labels)
    return found


def framings(pending: Pending) -> list[tuple[int, str, str]]:
    """(response, measure, option) for each answer to a framing question."""
    framing_ids = set(
        db.session.scalars(
            select(Question.id).where(
                Question.code == "framing",
                Question.id.in_(
                    {a.question_id for given in pending.answers.values() for a in given}
                ),
            )
        )
    )
    return [
        (r, Measure.FRAMING, answer.choice)
        for r, given in pending.answers.items()
        for answer in given
        if answer.question_id in framing_ids and answer.choice
    ]


def note_links(over: list[int]) -> None:
    """A link that went over its headcount is flagged (never refused)."""
    today = date.today()
    for link_id in over:
        stuffing.flag(db.session.get(Link, link_id), today)


def behind(now: datetime | None = None) -> float:
    """Seconds since the figures last included every stored response (0: they do now)."""
    if db.session.scalar(select(Response.id).where(Response.pending).limit(1)) is None:
        return 0.0
    through = db.session.scalar(select(FoldMark.through).where(FoldMark.id == 1))
    if through is None:
        return 0.0
    now = now or utcnow()
    return max(0.0, (now - through.replace(tzinfo=through.tzinfo or now.tzinfo)).total_seconds())
