"""What a respondent's pages need, read in two small queries and handed over as plain values.

The survey page and the submit are the requests under load (a room of 200 scanning one QR
code, an all-staff email at 9am), so they do not load ORM objects: one joined select gives
the link with its wave, survey, programme, organisation and group, and one more gives the
version's questions. Questions come back as frozen values, so the web layer can key its
cache of built forms on them: a version whose questions change is a different key, and a
stale form can never be served.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, select

from engage.domain import DEFAULT_TEXT_LIMIT, QuestionKind, SurveyKind, WaveStatus, wave_accepts
from engage.extensions import db
from engage.models import Group, Link, Organisation, Programme, Question, Survey, Wave
from engage.services.links import CODE_LENGTH, canonical_code
from engage.services.responses import Destination

WELSH = "cy"


@dataclass(frozen=True)
class SurveyPage:
    """One link as its respondent pages show it."""

    destination: Destination
    code: str
    codes_only: bool
    status: WaveStatus
    opens_on: date
    closes_on: date
    retention_months: int
    title: str
    purpose: str
    kind: SurveyKind
    programme_name: str
    min_group_size: int
    min_comment_group_size: int
    roundtable_comment_minimum: int
    organisation_name: str
    group_name: str | None
    welsh_offered: bool
    title_cy: str
    purpose_cy: str
    logo_hash: str | None

    def is_accepting(self, today: date) -> bool:
        return wave_accepts(self.status, self.opens_on, self.closes_on, today)

    def title_in(self, language: str) -> str:
        return in_language(language, self.title, self.title_cy)

    def purpose_in(self, language: str) -> str:
        return in_language(language, self.purpose, self.purpose_cy)


def in_language(language: str, english: str, welsh: str | None) -> str:
    """The Welsh wording on a Welsh page when there is one; the English otherwise, so a
    question nobody translated is still shown rather than left blank."""
    return welsh if language == WELSH and welsh else english


@dataclass(frozen=True)
class QuestionView:
    """A question as the form and the page use it; hashable, so it can key a cache."""

    id: int
    kind: QuestionKind
    text: str
    hint: str
    required: bool
    options: tuple[str, ...]
    allow_dont_know: bool
    text_limit: int
    text_cy: str = ""
    hint_cy: str = ""
    options_cy: tuple[str, ...] = ()

    def text_in(self, language: str) -> str:
        return in_language(language, self.text, self.text_cy)

    def hint_in(self, language: str) -> str:
        return in_language(language, self.hint, self.hint_cy)

    def choices_in(self, language: str) -> list[tuple[str, str]]:
        """(stored value, label) for each option: the value is always the English option,
        so answers in either language count together; the label follows the page."""
        welsh = self.options_cy if len(self.options_cy) == len(self.options) else ()
        labels = welsh if language == WELSH and welsh else self.options
        return [
            (option, label or option) for option, label in zip(self.options, labels, strict=True)
        ]


# Built once: constructing a select costs more than running it on the busiest pages.
PAGE_QUERY = (
    select(
        Link.id,
        Link.wave_id,
        Wave.version_id,
        Link.organisation_id,
        Link.group_id,
        Link.code,
        Link.codes_only,
        Wave.status,
        Wave.opens_on,
        Wave.closes_on,
        Wave.retention_months,
        Survey.title,
        Survey.purpose,
        Survey.kind,
        Programme.name,
        Programme.min_group_size,
        Programme.min_comment_group_size,
        Programme.roundtable_comment_minimum,
        Organisation.name,
        Group.name,
        Programme.welsh_offered,
        Survey.title_cy,
        Survey.purpose_cy,
        Organisation.logo_hash,
    )
    .join(Wave, Link.wave_id == Wave.id)
    .join(Survey, Wave.survey_id == Survey.id)
    .join(Programme, Survey.programme_id == Programme.id)
    .join(Organisation, Link.organisation_id == Organisation.id)
    .outerjoin(Group, Link.group_id == Group.id)
    .where(Link.code == bindparam("code"))
)
QUESTIONS_QUERY = (
    select(
        Question.id,
        Question.kind,
        Question.text,
        Question.hint,
        Question.required,
        Question.options,
        Question.allow_dont_know,
        Question.max_length,
        Question.text_cy,
        Question.hint_cy,
        Question.options_cy,
    )
    .where(Question.version_id == bindparam("version_id"))
    .order_by(Question.position)
)


def page_for(typed: str) -> SurveyPage | None:
    """The link with this code, as its pages need it, or None."""
    code = canonical_code(typed)
    if len(code) != CODE_LENGTH:
        return None
    row = db.session.connection().execute(PAGE_QUERY, {"code": code}).first()
    if row is None:
        return None
    return SurveyPage(Destination(*row[:5]), *row[5:])


def questions_for(version_id: int) -> tuple[QuestionView, ...]:
    """The version's questions in order, as values."""
    rows = db.session.connection().execute(QUESTIONS_QUERY, {"version_id": version_id})
    return tuple(
        QuestionView(
            id=row.id,
            kind=row.kind,
            text=row.text,
            hint=row.hint or "",
            required=row.required,
            options=tuple(row.options or ()),
            allow_dont_know=row.allow_dont_know,
            text_limit=row.max_length or DEFAULT_TEXT_LIMIT,
            text_cy=row.text_cy or "",
            hint_cy=row.hint_cy or "",
            options_cy=tuple(row.options_cy or ()),
        )
        for row in rows
    )
