"""Storing a response: atomic, idempotent, anonymous.

The form carries a submission token made when the page was served. The token is unique in
the database, so whichever of two racing requests commits first wins and the other finds
its response: a double tap, a refresh or a retry stores exactly one response. The same
token with different answers is a stale page being re-sent, and is refused rather than
silently overwriting what was stored.

The request stores the response and its answers, marked pending, and nothing else: no
shared row is touched, so submissions never queue behind one another on a busy cell.
The folder (``services.folding``) analyses the comments and adds the response to the
figures right after, in batches.
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Integer, String, Text, bindparam, func, insert, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError

from engage import database
from engage.domain import AnswerValue
from engage.extensions import db
from engage.models import AccessCode, Answer, Link, Response
from engage.services import access_codes

# Built once: on the submit path, building a statement costs about as much as running it.
INSERT_RESPONSE = insert(Response.__table__).returning(Response.__table__.c.id)
INSERT_ANSWERS = insert(Answer.__table__)
TOKEN_PATTERN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


@dataclass(frozen=True)
class Destination:
    """Where a response is stored: the link it came through and what that link stands for."""

    link_id: int
    wave_id: int
    version_id: int
    organisation_id: int
    group_id: int | None

    @classmethod
    def of(cls, link: Link) -> Destination:
        return cls(link.id, link.wave_id, link.wave.version_id, link.organisation_id, link.group_id)


class Outcome(enum.Enum):
    STORED = "stored"
    ALREADY_STORED = "already_stored"  # same token, same answers: a harmless retry
    CONFLICT = "conflict"  # same token, different answers or link: a stale page
    CODE_USED = "code_used"  # a single-use code someone already sent answers with


def is_stored(token: str) -> bool:
    """Whether this submission token already stored a response (a retry, not a new set)."""
    return (
        db.session.scalar(select(Response.id).where(Response.submission_token == token)) is not None
    )


def is_valid_token(token: str) -> bool:
    return bool(TOKEN_PATTERN.match(token or ""))


def digest(link_id: int, answers: list[AnswerValue]) -> str:
    canonical = sorted(json.dumps(answer.as_row(), sort_keys=True) for answer in answers)
    payload = json.dumps([link_id, canonical], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def submit(
    link: Link | Destination,
    token: str,
    answers: list[AnswerValue],
    today: date,
    access_code: AccessCode | None = None,
) -> Outcome:
    """Store one response in one transaction, or find the one this token already stored.
    With a single-use code, the code is used up in the same transaction; the response
    keeps no reference to it. Three statements: the response, its answers, the commit; on
    PostgreSQL, for a link without codes, one (``submit_in_one_statement``)."""
    if not is_valid_token(token):
        raise ValueError("submission token is not a version-4 UUID")
    where = link if isinstance(link, Destination) else Destination.of(link)
    answers_digest = digest(where.link_id, answers)
    code_id = access_code.id if access_code is not None else None
    db.session.commit()  # end any reads: on SQLite the write below then takes the lock first
    row = response_row(where, token, today, answers_digest)
    if code_id is None and db.engine.dialect.name == "postgresql":
        return submit_in_one_statement(row, answers)
    with database.writing():
        try:
            connection = db.session.connection()
            response_id = connection.execute(
                INSERT_RESPONSE, row
            ).scalar_one()  # a used token fails here
            if answers:  # one statement for all of them
                rows = [{**answer.as_row(), "response_id": response_id} for answer in answers]
                connection.execute(INSERT_ANSWERS, rows)
            if code_id is not None and not access_codes.mark_used(code_id, today):
                db.session.rollback()
                return Outcome.CODE_USED
            db.session.commit()
        except IntegrityError as error:
            db.session.rollback()
            return repeated_submission(token, answers_digest, error)
    return Outcome.STORED


def response_row(where: Destination, token: str, today: date, answers_digest: str) -> dict:
    """The response's columns: stored pending, for the folder to count."""
    return {
        "wave_id": where.wave_id,
        "link_id": where.link_id,
        "organisation_id": where.organisation_id,
        "segment_id": where.group_id,
        "version_id": where.version_id,
        "submitted_on": today,
        "submission_token": token,
        "payload_digest": answers_digest,
        "pending": True,
    }


# PostgreSQL: the response and its answers in one statement (the response inserted in a
# WITH, its answers from arrays of the same length), run on its own, so atomic without
# BEGIN and COMMIT: one round trip to the server instead of four.
RESPONSE_COLUMNS = (
    "wave_id",
    "link_id",
    "organisation_id",
    "segment_id",
    "version_id",
    "submitted_on",
    "submission_token",
    "payload_digest",
    "pending",
)
_STORED = (
    insert(Response.__table__)
    .values({name: bindparam(name) for name in RESPONSE_COLUMNS})
    .returning(Response.__table__.c.id)
    .cte("stored")
)
INSERT_ALL = insert(Answer.__table__).from_select(
    ["response_id", "question_id", "number", "choice", "text"],
    select(
        _STORED.c.id,
        func.unnest(bindparam("question_ids", type_=postgresql.ARRAY(Integer))),
        func.unnest(bindparam("numbers", type_=postgresql.ARRAY(Integer))),
        func.unnest(bindparam("choices", type_=postgresql.ARRAY(String))),
        func.unnest(bindparam("texts", type_=postgresql.ARRAY(Text))),
    ),
)


def submit_in_one_statement(row: dict, answers: list[AnswerValue]) -> Outcome:
    """PostgreSQL: ``INSERT_ALL`` in autocommit; a used token fails it whole, as the
    two-statement transaction does."""
    values = {
        **row,
        "question_ids": [a.question_id for a in answers],
        "numbers": [a.number for a in answers],
        "choices": [a.choice for a in answers],
        "texts": [a.text for a in answers],
    }
    try:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(INSERT_ALL, values)
    except IntegrityError as error:
        return repeated_submission(row["submission_token"], row["payload_digest"], error)
    return Outcome.STORED


def repeated_submission(token: str, answers_digest: str, conflict: IntegrityError) -> Outcome:
    """The token was used already: a harmless retry, or a stale page with other answers."""
    stored_digest = db.session.scalar(
        select(Response.payload_digest).where(Response.submission_token == token)
    )
    db.session.rollback()  # end the read at once: on SQLite it holds the write lock
    if stored_digest is None:  # the conflict was not our token; never swallow it
        raise conflict
    if stored_digest == answers_digest:
        return Outcome.ALREADY_STORED
    return Outcome.CONFLICT
