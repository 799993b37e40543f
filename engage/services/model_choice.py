"""Which engine analyses a programme's comments is the analyst's choice, made knowingly.

Training used to switch to a model the moment its score beat the rules', and a file of
another organisation's categories once moved a director's past net sentiment from -8 to
-28 overnight. Now training leaves a *candidate* and works out, in the background job,
what switching would do: how often model and rules agree with the analysts' codes, how
many comments would change, and which closed-wave dashboard figures would move, read
through the dashboard's own read side (``dashboard.snapshot``) inside a transaction that
is rolled back. Only the analyst's confirmation switches; going back to the rules is
always one confirmed step away; every switch is in the audit log, and its re-analysis
notes on the dashboard the figures it moved (``reading.revisions``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update

from engage import database
from engage.analysis.engine import Comment, Engine
from engage.domain import AuditAction, JobKind, ModelStatus
from engage.extensions import db
from engage.models import (
    AnalysisJob,
    Answer,
    CommentAnalysis,
    Programme,
    ProgrammeModel,
    Question,
    Response,
    Survey,
    User,
    Wave,
)
from engage.models.columns import utcnow
from engage.services import analysis, audit, background, counts, lookup
from engage.services.errors import FieldError
from engage.services.reading import dashboard, revisions

BATCH = 500
TASKS = (("sentiment", "Sentiment"), ("themes", "Themes"), ("framing", "Framing"))
TO_MODEL = (
    "An analyst switched comment analysis from the codebook rules to a model trained on "
    "the programme's codes ({uses})"
)
TO_RULES = "An analyst switched comment analysis back to the codebook rules"


class AlreadyDecided(Exception):
    """The trained model was switched to or discarded already (another tab, a colleague)."""


@dataclass(frozen=True)
class FigureMove:
    wave: str
    figure: str
    before: str
    after: str


@dataclass(frozen=True)
class Candidate:
    id: int
    made: datetime
    sentences: list[str]
    moves: list[FigureMove]


@dataclass(frozen=True)
class ModelState:
    """What analyses the comments now, and the trained model waiting for a decision."""

    in_use: str
    model_active: bool
    candidate: Candidate | None


def uses(engine: Engine) -> list[str]:
    models = (engine.sentiment_model, engine.theme_model, engine.framing_model)
    return [task for (task, _), model in zip(TASKS, models, strict=True) if model]


def compare(programme_id: int, engine: Engine) -> dict:
    """What switching to ``engine`` would change, worked out against what is stored now
    (what the dashboard shows). An analyst's code wins either way, so it never counts.
    The comments are read, and the read ended, before the engine runs over them: on SQLite
    a transaction holds the write lock, which respondents' answers wait for."""
    with database.reading():
        rows = stored_rows(programme_id)
        db.session.rollback()
    new = []
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        new += engine.analyse([Comment(row.text, row.question) for row in batch])
    sentiment = [
        row.coded_sentiment is None and result.sentiment != row.sentiment
        for row, result in zip(rows, new, strict=True)
    ]
    themes = [
        row.coded_themes is None and set(result.themes) != set(row.themes)
        for row, result in zip(rows, new, strict=True)
    ]
    return {
        "comments": len(rows),
        "sentiment_changes": sum(sentiment),
        "theme_changes": sum(themes),
        "changed": sum(a or b for a, b in zip(sentiment, themes, strict=True)),
        "uses": uses(engine),
        "figures": moved_figures(programme_id, rows, new, engine.version),
    }


def stored_rows(programme_id: int) -> list:
    return db.session.execute(
        analysis.comment_rows(programme_id)
        .join(CommentAnalysis, CommentAnalysis.answer_id == Answer.id)
        .with_only_columns(
            Answer.id,
            Answer.redacted.label("text"),
            Question.text.label("question"),
            Response.wave_id,
            CommentAnalysis.sentiment,
            CommentAnalysis.themes,
            CommentAnalysis.coded_sentiment,
            CommentAnalysis.coded_themes,
        )
        .order_by(Answer.id)
    ).all()


def moved_figures(programme_id: int, rows, new, version: str) -> list[dict]:
    """The closed waves' dashboard figures before and after, the 'after' read from the
    candidate's results written into a transaction that is then rolled back."""
    before = analysis.snapshot(programme_id)
    closed = sorted({wave_id for wave_id, _figure in before})
    picked = [(row, result) for row, result in zip(rows, new, strict=True) if row.wave_id in closed]
    db.session.rollback()
    try:
        analysis.write(
            programme_id,
            [(row.id, row.text, row.question) for row, _ in picked],
            [result for _, result in picked],
            version,
        )
        counts.refill(closed)
        db.session.flush()
        after = dashboard.snapshot(db.session.get(Programme, programme_id))
    finally:
        db.session.rollback()
    labels = wave_labels(closed)
    return [
        {"wave": labels[wave_id], "figure": figure, "before": old, "after": new_value}
        for wave_id, figure, old, new_value in revisions.moved(before, after)
    ]


def wave_labels(wave_ids: list[int]) -> dict[int, str]:
    rows = db.session.execute(
        select(Wave, Survey.title).join(Survey).where(Wave.id.in_(wave_ids))
    ).all()
    return {wave.id: f"{title}: {wave.label}" for wave, title in rows}


def percent(share: float) -> str:
    return f"{round(100 * share)}%"


def agreement_sentence(report: dict, task: str, title: str, used: bool) -> str | None:
    coded = report.get(f"{task}_coded")
    if not coded:
        return None
    what = "themes" if task == "themes" else task
    rules = percent(report.get(f"{task}_rules_agreement", 0.0))
    model = report.get(f"{task}_model_agreement")
    agrees = "gives exactly your themes" if task == "themes" else "agrees with your codes"
    if model is None:
        return (
            f"{title}: the rules {agrees} on {rules} of the {coded:,} comments coded for "
            f"{what}; there were too few codes to train a model."
        )
    sentence = (
        f"{title}: the trained model {agrees} on {percent(model)} of the {coded:,} "
        f"comments coded for {what}, against {rules} for the rules"
    )
    return sentence + (
        "." if used else f"; the model is not better overall, so the rules stay for {what}."
    )


def sentences(report: dict, comparison: dict | None) -> list[str]:
    """The training report in an analyst's words (percentages, counts), never a score."""
    used = set((comparison or {}).get("uses", ()))
    said = [
        sentence
        for task, title in TASKS
        if (sentence := agreement_sentence(report, task, title, task in used))
    ]
    if comparison is None:
        return said + ["No trained model did better than the rules, so nothing changes."]
    figures = len(comparison["figures"])
    said.append(
        f"Switching would change {comparison['changed']:,} of the programme's "
        f"{comparison['comments']:,} comments: the sentiment of "
        f"{comparison['sentiment_changes']:,} and the themes of "
        f"{comparison['theme_changes']:,} (an analyst's own code always stays)."
    )
    said.append(
        f"{figures:,} dashboard figure{'s' if figures != 1 else ''} of closed waves would move "
        "by a whole point or more."
        if figures
        else "No dashboard figure of a closed wave would move by a whole point or more."
    )
    return said


def models(programme: Programme, status: ModelStatus):
    return select(ProgrammeModel).where(
        ProgrammeModel.programme_id == programme.id, ProgrammeModel.status == status
    )


def state(programme: Programme) -> ModelState:
    active = db.session.scalar(models(programme, ModelStatus.ACTIVE).limit(1))
    pending = db.session.scalar(models(programme, ModelStatus.CANDIDATE).limit(1))
    if active is None:
        in_use = "Comments are analysed with the codebook rules."
    else:
        since = active.decided_at or active.created_at
        used = ", ".join(task for task, _ in TASKS if task in version_tasks(active.version))
        in_use = (
            f"Comments are analysed with a model trained on your codes ({used}), "
            f"in use since {since:%-d %B %Y}."
        )
    return ModelState(in_use, active is not None, pending and candidate_of(pending))


def version_tasks(version: str) -> list[str]:
    return [
        task
        for task, part in (
            ("sentiment", "sentiment-model"),
            ("themes", "theme-model"),
            ("framing", "framing-model"),
        )
        if part in version
    ]


def candidate_of(row: ProgrammeModel) -> Candidate:
    figures = (row.comparison or {}).get("figures", [])
    return Candidate(
        row.id,
        row.created_at,
        sentences(row.report, row.comparison),
        [
            FigureMove(
                move["wave"],
                move["figure"],
                revisions.shown(move["before"], move["figure"]),
                revisions.shown(move["after"], move["figure"]),
            )
            for move in figures
        ],
    )


def drop_candidates(programme_id: int) -> None:
    """A new training's candidate replaces any earlier one nobody decided on."""
    db.session.execute(
        delete(ProgrammeModel).where(
            ProgrammeModel.programme_id == programme_id,
            ProgrammeModel.status == ModelStatus.CANDIDATE,
        )
    )


def waiting(programme: Programme, model_id: int) -> ProgrammeModel:
    row = lookup.get_in(programme, ProgrammeModel, model_id)
    if row.status != ModelStatus.CANDIDATE:
        raise AlreadyDecided
    return row


def candidate(programme: Programme, model_id: int) -> Candidate:
    return candidate_of(waiting(programme, model_id))


def retire_active(programme: Programme) -> int:
    return db.session.execute(
        update(ProgrammeModel)
        .where(
            ProgrammeModel.programme_id == programme.id,
            ProgrammeModel.status == ModelStatus.ACTIVE,
        )
        .values(status=ModelStatus.RETIRED, decided_at=utcnow())
    ).rowcount


def not_reanalysing(programme: Programme) -> None:
    """A re-analysis already under way would keep the engine it started with and note the
    figures under its own reason, so a switch waits for it to end."""
    running = background.active(programme.id, JobKind.REANALYSE)
    if running is not None:
        raise FieldError(
            f"A re-analysis is {running.status} (job {running.id}). Switch once it has "
            "finished, so that every comment is analysed with what you choose."
        )


def switch(programme: Programme, model_id: int, user: User | None) -> tuple[AnalysisJob, bool]:
    """Put the candidate in use and re-analyse; the re-analysis notes what moved."""
    row = waiting(programme, model_id)
    not_reanalysing(programme)
    retire_active(programme)
    row.status, row.decided_at = ModelStatus.ACTIVE, utcnow()
    used = (row.comparison or {}).get("uses") or version_tasks(row.version)
    audit.record(
        programme,
        user,
        AuditAction.MODEL_SWITCHED,
        f"To the trained model ({', '.join(used)})",
        " ".join(sentences(row.report, row.comparison)),
    )
    db.session.commit()
    return analysis.start_reanalysis(programme, TO_MODEL.format(uses=", ".join(used)))


def discard(programme: Programme, model_id: int) -> None:
    db.session.delete(waiting(programme, model_id))
    db.session.commit()


def return_to_rules(programme: Programme, user: User | None) -> tuple[AnalysisJob, bool]:
    """Stop using any trained model and re-analyse with the rules (always allowed, once
    a re-analysis under way has finished)."""
    not_reanalysing(programme)
    retired = retire_active(programme)
    audit.record(
        programme,
        user,
        AuditAction.MODEL_SWITCHED,
        "To the codebook rules",
        "The trained model was switched off." if retired else "The rules were already in use.",
    )
    db.session.commit()
    return analysis.start_reanalysis(programme, TO_RULES)
