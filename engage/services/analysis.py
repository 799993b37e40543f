"""Comment analysis in the app: writing the engine's results (the folder does, for new
responses), background re-analysis with progress, and each programme's editable codebook."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import OperationalError

from engage import database
from engage.analysis.codebook import DEFAULT_CODEBOOK, Codebook, Theme
from engage.analysis.engine import Analysis, Comment, Engine
from engage.domain import JobKind
from engage.extensions import db
from engage.models import (
    AnalysisJob,
    Answer,
    CodebookTheme,
    CommentAnalysis,
    CommentTheme,
    DismissedPhrase,
    FigureRevision,
    Programme,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyVersion,
    Wave,
)
from engage.models.columns import utcnow
from engage.services import background, counts
from engage.services.reading import dashboard, revisions
from engage.services.reporting import programme_waves

BATCH = 100  # comments per write transaction: SQLite's lock is held briefly


def engine_for(programme_id: int) -> Engine:
    from engage.services.training import engine_for as trained_or_rules

    return trained_or_rules(programme_id)


log = logging.getLogger(__name__)


def seed_codebook(programme: Programme) -> None:
    """Give a new programme the default codebook, which organisers then edit."""
    db.session.add_all(
        CodebookTheme(
            programme_id=programme.id,
            name=t.name,
            description=t.description,
            phrases=list(t.phrases),
        )
        for t in DEFAULT_CODEBOOK.themes
    )


def codebook_for(programme_id: int) -> Codebook:
    rows = db.session.scalars(
        select(CodebookTheme)
        .where(CodebookTheme.programme_id == programme_id)
        .order_by(CodebookTheme.name)
    ).all()
    if not rows:
        return DEFAULT_CODEBOOK
    return Codebook(tuple(Theme(row.name, row.description, tuple(row.phrases)) for row in rows))


def comment_rows(programme_id: int):
    """Free-text answers of a programme, redacted, with the question each one answered.
    A comment whose redacted copy the folder has not yet made is left out."""
    return (
        select(Answer.id, Answer.redacted, Question.text)
        .join(Question, Question.id == Answer.question_id)
        .join(Response, Response.id == Answer.response_id)
        .join(Wave, Wave.id == Response.wave_id)
        .join(Survey, Survey.id == Wave.survey_id)
        .where(Survey.programme_id == programme_id, Answer.redacted.is_not(None))
    )


def store(programme_id: int, rows: Sequence, engine: Engine) -> list[CommentAnalysis]:
    """Analyse and write ``rows`` (answer id, text, question), keeping analysts' codes."""
    analyses = engine.analyse([Comment(text, question) for _id, text, question in rows])
    return write(programme_id, rows, analyses, engine.version)


def write(
    programme_id: int, rows: Sequence, analyses: Sequence[Analysis], version: str
) -> list[CommentAnalysis]:
    """Write results worked out beforehand (the folder analyses outside its write
    transaction), keeping any analyst's codes already there; one query for the rows."""
    answer_ids = [answer_id for answer_id, _text, _question in rows]
    existing = {
        row.answer_id: row
        for row in db.session.scalars(
            select(CommentAnalysis).where(CommentAnalysis.answer_id.in_(answer_ids))
        )
    }
    stored = []
    for answer_id, analysis in zip(answer_ids, analyses, strict=True):
        row = existing.get(answer_id) or CommentAnalysis(
            answer_id=answer_id, programme_id=programme_id
        )
        for name, value in machine_columns(analysis, version).items():
            setattr(row, name, value)
        db.session.add(row)
        stored.append(row)
    db.session.execute(delete(CommentTheme).where(CommentTheme.answer_id.in_(answer_ids)))
    db.session.add_all([theme for row in stored for theme in themes_of(row)])
    return stored


def insert_new(
    programme_id: int,
    rows: Sequence[tuple[int, str, str]],
    analyses: Sequence[Analysis],
    version: str,
) -> None:
    """The folder's write of comments never analysed before (it checks while reading):
    two multi-row INSERTs, no ORM objects, so its write lock is held briefly. What
    ``write`` stores for a new row, ``write`` stays the way to update one."""
    if not rows:
        return
    db.session.execute(
        insert(CommentAnalysis),
        [
            {
                "answer_id": answer_id,
                "programme_id": programme_id,
                "ref": secrets.token_urlsafe(12),
                **machine_columns(analysis, version),
            }
            for (answer_id, _text, _question), analysis in zip(rows, analyses, strict=True)
        ],
    )
    themes = [
        theme
        for (answer_id, _text, _question), analysis in zip(rows, analyses, strict=True)
        for theme in theme_rows(answer_id, programme_id, analysis.themes)
    ]
    if themes:
        db.session.execute(insert(CommentTheme), themes)


def machine_columns(analysis: Analysis, version: str) -> dict:
    """What the engine says of a comment, as its row's columns (an analyst's codes are
    columns of their own, never touched here)."""
    return {
        "sentiment": analysis.sentiment,
        "polarity": analysis.polarity,
        "subjectivity": analysis.subjectivity,
        "score": analysis.score,
        "themes": list(analysis.themes),
        "framing": analysis.framing,
        "language": analysis.language,
        "analyser_version": version,
    }


def theme_rows(answer_id: int, programme_id: int, themes: Sequence[str]) -> list[dict]:
    return [
        {"answer_id": answer_id, "theme": theme[:120], "programme_id": programme_id}
        for theme in dict.fromkeys(themes)
    ]


def themes_of(row: CommentAnalysis) -> list[CommentTheme]:
    return [
        CommentTheme(**theme)
        for theme in theme_rows(row.answer_id, row.programme_id, row.final_themes)
    ]


def sync_themes(row: CommentAnalysis) -> None:
    """Mirror the comment's final themes (an analyst's, else the machine's) into rows."""
    db.session.execute(delete(CommentTheme).where(CommentTheme.answer_id == row.answer_id))
    db.session.add_all(themes_of(row))


def comment_count(programme: Programme) -> int:
    return db.session.scalar(
        select(func.count()).select_from(comment_rows(programme.id).subquery())
    )


def start_reanalysis(programme: Programme, reason: str = "") -> tuple[AnalysisJob, bool]:
    """Queue a re-analysis, or give the one already queued or running (and False).
    ``reason`` is what the dashboard's note says moved the figures (a model switch)."""
    return background.start(
        programme,
        JobKind.REANALYSE,
        comment_count(programme) or 0,
        fields={"spec": {"reason": reason}} if reason else None,
    )


def first_analysis(programme: Programme) -> None:
    """A programme's first analysis (the demo's load), run here: no web worker is serving
    yet, and no figure was shown before it, so nothing moved to be noted."""
    job = background.create(programme, JobKind.REANALYSE, comment_count(programme) or 0)
    background.run_job(job.id, "engage.services.analysis:run_first_analysis")


def described(engine: Engine) -> str:
    """Why figures moved, in a director's words rather than the analyser's version."""
    trained = [
        name
        for name, model in (
            ("sentiment", engine.sentiment_model),
            ("themes", engine.theme_model),
            ("framing", engine.framing_model),
        )
        if model
    ]
    if not trained:
        return "Comments were re-analysed with the programme's codebook rules"
    return "Comments were re-analysed with models trained on the analysts' codes (" + (
        ", ".join(trained) + ")"
    )


def record_revisions(programme_id: int, before, reason: str) -> int:
    """Keep every closed-wave figure the re-analysis moved, for the dashboard's note."""
    changed = revisions.moved(before, snapshot(programme_id))  # without the write lock
    now = utcnow()
    for wave_id, figure, old, new in changed:
        db.session.add(
            FigureRevision(
                programme_id=programme_id,
                wave_id=wave_id,
                figure=figure[:200],
                before=old,
                after=new,
                reason=reason[:300],
                revised_at=now,
            )
        )
    db.session.commit()
    return len(changed)


def run_first_analysis(job_id: int) -> None:
    run_reanalysis(job_id, first=True)


def run_reanalysis(job_id: int, first: bool = False) -> None:
    """Re-analyse every comment of the job's programme, then note every published figure
    that moved. Everything is read and analysed outside any write transaction (on SQLite
    each one holds the write lock from its BEGIN); each batch is then written and
    committed with the job's progress, and cells are rebuilt one wave per transaction."""
    with database.reading():
        job = db.session.get(AnalysisJob, job_id)
        programme_id, reason = job.programme_id, (job.spec or {}).get("reason", "")
        engine = engine_for(programme_id)
        answer_ids = db.session.scalars(
            comment_rows(programme_id).with_only_columns(Answer.id).order_by(Answer.id)
        ).all()
        db.session.rollback()
    before = None if first else snapshot(programme_id)
    background.progress(job_id, 0, len(answer_ids), engine.version)
    for start in range(0, len(answer_ids), BATCH):
        batch = answer_ids[start : start + BATCH]
        with database.reading():
            rows = db.session.execute(comment_rows(programme_id).where(Answer.id.in_(batch))).all()
            db.session.rollback()
        analyses = engine.analyse([Comment(text, question) for _id, text, question in rows])
        write(programme_id, rows, analyses, engine.version)
        background.progress(job_id, start + len(batch))
    for wave_id in programme_waves(programme_id):
        counts.rebuild([wave_id])
    if before is not None:
        record_revisions(programme_id, before, reason or described(engine))


def snapshot(programme_id: int):
    """The dashboard's closed-wave figures, read without the write lock when possible
    (reading them may release an open wave's cells, which needs it)."""
    db.session.rollback()  # a transaction already begun would hold the lock throughout
    try:
        with database.reading():
            figures = dashboard.snapshot(db.session.get(Programme, programme_id))
            db.session.rollback()
            return figures
    except OperationalError:
        db.session.rollback()
    figures = dashboard.snapshot(db.session.get(Programme, programme_id))
    db.session.commit()
    return figures


def latest_job(programme: Programme) -> AnalysisJob | None:
    return background.latest(programme, JobKind.REANALYSE)


def save_theme(
    programme: Programme, theme: CodebookTheme | None, name: str, description: str, phrases: str
) -> CodebookTheme:
    name = name.strip()
    clash = db.session.scalar(
        select(CodebookTheme).where(
            CodebookTheme.programme_id == programme.id, CodebookTheme.name == name
        )
    )
    if clash is not None and clash is not theme:
        raise ValueError(f"The codebook already has a theme called {name}")
    if theme is None:
        theme = CodebookTheme(programme_id=programme.id)
        db.session.add(theme)
    theme.name, theme.description = name, description.strip()
    theme.phrases = [phrase.strip() for phrase in phrases.split(",") if phrase.strip()]
    db.session.commit()
    return theme


def delete_theme(theme: CodebookTheme) -> None:
    db.session.delete(theme)
    db.session.commit()


def text_questions(programme: Programme) -> list[tuple[str, str]]:
    """(code, text) of the programme's free-text questions, for filters."""
    return db.session.execute(
        select(Question.code, Question.text)
        .join(SurveyVersion)
        .join(Survey)
        .where(
            Survey.programme_id == programme.id,
            Question.kind.in_([QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT]),
        )
        .distinct()
    ).all()


def codebook_themes(programme: Programme) -> list[CodebookTheme]:
    return list(
        db.session.scalars(
            select(CodebookTheme)
            .where(CodebookTheme.programme_id == programme.id)
            .order_by(CodebookTheme.name)
        )
    )


def dismiss_phrases(programme: Programme, phrases: list[str]) -> None:
    """Drop a discovered group: its phrases stop forming groups for this programme."""
    known = set(
        db.session.scalars(
            select(DismissedPhrase.phrase).where(DismissedPhrase.programme_id == programme.id)
        )
    )
    db.session.add_all(
        DismissedPhrase(programme_id=programme.id, phrase=phrase[:200])
        for phrase in dict.fromkeys(p.strip() for p in phrases)
        if phrase and phrase[:200] not in known
    )
    db.session.commit()


def add_phrases(theme: CodebookTheme, phrases: list[str]) -> CodebookTheme:
    """Merge a discovered group into an existing theme."""
    theme.phrases = list(dict.fromkeys([*theme.phrases, *phrases]))
    db.session.commit()
    return theme
