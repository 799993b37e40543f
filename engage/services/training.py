"""Learning from a programme's own codes: importing earlier coding, training in the
background, and loading the trained engine wherever comments are analysed.

Trained engines are pickled, which is only safe for bytes Engage itself wrote: each one
is signed with an HMAC of the app's secret key and checked before it is loaded.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import logging
import pickle  # noqa: S403 - only signed payloads written by Engage are loaded
from dataclasses import dataclass, replace
from functools import lru_cache

from flask import current_app
from sqlalchemy import delete, select

from engage import jobs
from engage.analysis import csv_files
from engage.analysis.engine import CodedComment, Engine, train
from engage.analysis.redact import redact
from engage.extensions import db
from engage.models import (
    AnalysisJob,
    Answer,
    CodedExample,
    CommentAnalysis,
    Programme,
    ProgrammeModel,
    Question,
)
from engage.services import analysis
from engage.services.errors import FieldError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportReport:
    rows: int
    with_sentiment: int
    with_themes: int


def import_coded(programme: Programme, raw: bytes, replace: bool = True) -> ImportReport:
    """All or nothing: a file with any bad row imports no row at all."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FieldError(
            "The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again."
        ) from error
    try:
        coded = csv_files.parse_coded(io.StringIO(text), "the file")
    except csv_files.CsvProblem as error:
        raise FieldError(str(error)) from error
    if not coded:
        raise FieldError("The file has a header but no rows.")
    if replace:
        db.session.execute(delete(CodedExample).where(CodedExample.programme_id == programme.id))
    db.session.add_all(
        CodedExample(
            programme_id=programme.id,
            source_id=c.source_id[:120],
            text=redact(c.text),  # coded copies are kept redacted, like every comment
            question=c.question[:500],
            sentiment=c.sentiment,
            themes=list(c.themes or ()),
            framing=c.framing,
        )
        for c in coded
    )
    db.session.commit()
    return ImportReport(
        len(coded), sum(bool(c.sentiment) for c in coded), sum(bool(c.themes) for c in coded)
    )


def codes_for(programme_id: int) -> list[CodedComment]:
    """Imported codes plus analysts' recodes in the app."""
    imported = db.session.scalars(
        select(CodedExample).where(CodedExample.programme_id == programme_id)
    ).all()
    recoded = db.session.execute(
        select(
            Answer.text,
            Question.text,
            CommentAnalysis.coded_sentiment,
            CommentAnalysis.coded_themes,
            CommentAnalysis.coded_framing,
        )
        .join(CommentAnalysis, CommentAnalysis.answer_id == Answer.id)
        .join(Question, Question.id == Answer.question_id)
        .where(
            CommentAnalysis.programme_id == programme_id,
            (CommentAnalysis.coded_sentiment.is_not(None))
            | (CommentAnalysis.coded_themes.is_not(None))
            | (CommentAnalysis.coded_framing.is_not(None)),
        )
    ).all()
    return [
        CodedComment(
            redact(row.text),
            row.question,
            row.sentiment,
            tuple(row.themes) if row.themes is not None else None,
            row.framing,
        )
        for row in imported
    ] + [
        CodedComment(
            redact(text),
            question,
            sentiment,
            tuple(themes) if themes is not None else None,
            framing,
        )
        for text, question, sentiment, themes, framing in recoded
    ]


def latest_training(programme: Programme) -> AnalysisJob | None:
    return db.session.scalar(
        select(AnalysisJob)
        .where(AnalysisJob.programme_id == programme.id, AnalysisJob.kind == "train")
        .order_by(AnalysisJob.id.desc())
        .limit(1)
    )


def coded_count(programme: Programme) -> int:
    return len(codes_for(programme.id))


def start_training(programme: Programme) -> AnalysisJob:
    job = AnalysisJob(programme_id=programme.id, kind="train", total=0)
    db.session.add(job)
    db.session.commit()
    jobs.enqueue("engage.services.training:run_training", job.id)
    return job


def run_training(job_id: int) -> None:
    """Train, keep the result if any model beat the rules, then re-analyse with it."""
    with analysis.tracked(job_id) as job:
        engine = train(codes_for(job.programme_id), analysis.codebook_for(job.programme_id))
        if engine.sentiment_model or engine.theme_model or engine.framing_model:
            save_engine(job.programme_id, engine)
        job.message = summary(engine)
    analysis.run_reanalysis(analysis.create_job(db.session.get(Programme, job.programme_id)).id)


def summary(engine: Engine) -> str:
    figures = ", ".join(
        f"{name.replace('_', ' ')} {value:.3f}"
        for name, value in engine.report.items()
        if isinstance(value, float)
    )
    return f"{engine.report.get('comments', 0)} codes; {figures}; using {engine.version}"


def sign(payload: bytes) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def save_engine(programme_id: int, engine: Engine) -> ProgrammeModel:
    payload = pickle.dumps(engine, protocol=pickle.HIGHEST_PROTOCOL)
    row = ProgrammeModel(
        programme_id=programme_id,
        version=engine.version,
        report=engine.report,
        payload=payload,
        signature=sign(payload),
    )
    db.session.add(row)
    db.session.commit()
    return row


def engine_for(programme_id: int) -> Engine:
    """The programme's latest trained engine, or the rules with its codebook."""
    latest = db.session.execute(
        select(ProgrammeModel.id, ProgrammeModel.signature)
        .where(ProgrammeModel.programme_id == programme_id)
        .order_by(ProgrammeModel.id.desc())
        .limit(1)
    ).first()
    codebook = analysis.codebook_for(programme_id)
    if latest is None:
        return Engine(codebook=codebook)
    from engage.analysis.learning import FEATURES_FORMAT  # scikit-learn: only with a model

    engine = load_engine(latest.id, latest.signature)
    if engine.features is not None and getattr(engine.features, "format", 1) != FEATURES_FORMAT:
        logger.warning(
            "programme %s: stored model %s predates the current features; using "
            "the rules until it is retrained",
            programme_id,
            latest.id,
        )
        return Engine(codebook=codebook)
    return replace(engine, codebook=codebook)


@lru_cache(maxsize=8)
def load_engine(model_id: int, signature: str) -> Engine:
    payload = db.session.get(ProgrammeModel, model_id).payload
    if not hmac.compare_digest(sign(payload), signature):
        raise ValueError(f"stored model {model_id} fails its signature check; not loading it")
    return pickle.loads(payload)  # noqa: S301 - verified above
