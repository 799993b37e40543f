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
from dataclasses import replace
from functools import lru_cache

from flask import current_app
from sqlalchemy import func, select

from engage import database
from engage.analysis import csv_files
from engage.analysis.engine import CodedComment, Engine, train
from engage.analysis.redact import redact
from engage.domain import JobKind, ModelStatus
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
from engage.services import analysis, background, model_choice
from engage.services.errors import FieldError

logger = logging.getLogger(__name__)


# Caps on an uploaded file of coded comments, so that one upload cannot keep the runner
# (and the database) busy for long: fft-dev.csv, a large real file, has 5,011 rows.
MAX_CODED_ROWS = 20_000
MAX_CODED_TEXT = 5_000


def check_coded(raw: bytes) -> list[csv_files.SourcedCode]:
    """All or nothing: a file with any bad row, too many rows or too long a field is
    refused whole, with every problem named."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FieldError(
            "The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again."
        ) from error
    try:
        coded = csv_files.parse_coded(
            io.StringIO(text), "the file", max_rows=MAX_CODED_ROWS, max_text=MAX_CODED_TEXT
        )
    except csv_files.CsvProblem as error:
        raise FieldError(str(error)) from error
    if not coded:
        raise FieldError("The file has a header but no rows.")
    return coded


def codes_for(programme_id: int) -> list[CodedComment]:
    """Imported codes plus analysts' recodes in the app."""
    imported = db.session.scalars(
        select(CodedExample).where(CodedExample.programme_id == programme_id)
    ).all()
    recoded = db.session.execute(
        select(
            Answer.redacted,
            Question.text,
            CommentAnalysis.coded_sentiment,
            CommentAnalysis.coded_themes,
            CommentAnalysis.coded_framing,
        )
        .join(CommentAnalysis, CommentAnalysis.answer_id == Answer.id)
        .join(Question, Question.id == Answer.question_id)
        .where(
            CommentAnalysis.programme_id == programme_id,
            Answer.redacted.is_not(None),
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
            text,
            question,
            sentiment,
            tuple(themes) if themes is not None else None,
            framing,
        )
        for text, question, sentiment, themes, framing in recoded
    ]


def latest_training(programme: Programme) -> AnalysisJob | None:
    return background.latest(programme, JobKind.TRAIN)


def latest_import(programme: Programme) -> AnalysisJob | None:
    return background.latest(programme, JobKind.IMPORT)


def coded_count(programme: Programme) -> int:
    """How many codes training would learn from, counted without reading them."""
    imported = db.session.scalar(
        select(func.count()).where(CodedExample.programme_id == programme.id)
    )
    recoded = db.session.scalar(
        select(func.count()).where(
            CommentAnalysis.programme_id == programme.id,
            (CommentAnalysis.coded_sentiment.is_not(None))
            | (CommentAnalysis.coded_themes.is_not(None))
            | (CommentAnalysis.coded_framing.is_not(None)),
        )
    )
    return (imported or 0) + (recoded or 0)


def start_training(programme: Programme) -> tuple[AnalysisJob, bool]:
    return background.start(programme, JobKind.TRAIN, coded_count(programme))


def run_training(job_id: int) -> None:
    """Train outside any transaction and keep what beat the rules as a *candidate*, with
    the comparison an analyst reads before switching: nothing in use changes here."""
    with database.reading():
        programme_id = db.session.get(AnalysisJob, job_id).programme_id
        codes, codebook = codes_for(programme_id), analysis.codebook_for(programme_id)
        db.session.rollback()
    background.progress(job_id, 0, len(codes), "Training")
    engine = train(codes, codebook)
    background.check_cancelled(job_id)
    comparison = None
    if engine.sentiment_model or engine.theme_model or engine.framing_model:
        background.progress(job_id, len(codes), message="Working out what would change")
        comparison = model_choice.compare(programme_id, engine)
        model_choice.drop_candidates(programme_id)
        save_engine(programme_id, engine, ModelStatus.CANDIDATE, comparison)
    text = " ".join(model_choice.sentences(engine.report, comparison))
    background.progress(job_id, len(codes), message=text)


def sign(payload: bytes) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def save_engine(
    programme_id: int,
    engine: Engine,
    status: ModelStatus = ModelStatus.ACTIVE,
    comparison: dict | None = None,
) -> ProgrammeModel:
    payload = pickle.dumps(engine, protocol=pickle.HIGHEST_PROTOCOL)
    row = ProgrammeModel(
        programme_id=programme_id,
        version=engine.version,
        report=engine.report,
        payload=payload,
        signature=sign(payload),
        status=status,
        comparison=comparison,
    )
    db.session.add(row)
    db.session.commit()
    return row


def engine_for(programme_id: int) -> Engine:
    """The trained engine an analyst switched to, or the rules with the codebook."""
    latest = db.session.execute(
        select(ProgrammeModel.id, ProgrammeModel.signature)
        .where(
            ProgrammeModel.programme_id == programme_id,
            ProgrammeModel.status == ModelStatus.ACTIVE,
        )
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
