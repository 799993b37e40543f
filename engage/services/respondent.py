"""What a respondent's pages need, read in two small queries and handed over as plain values.

The survey page and the submit are the requests under load (a room of 200 scanning one QR
code, an all-staff email at 9am), so they do not load ORM objects: one joined select gives
the link with its wave, survey, programme, organisation and group, and one more gives the
version's questions. Questions come back as frozen values, so the web layer can key its
cache of built forms on them: a version whose questions change is a different key, and a
stale form can never be served.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import String, and_, bindparam, case, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from engage.domain import DEFAULT_TEXT_LIMIT, QuestionKind, SurveyKind, WaveStatus, wave_accepts
from engage.extensions import db
from engage.models import (
    Group,
    Link,
    Organisation,
    Programme,
    Question,
    StandingLink,
    Survey,
    Wave,
)
from engage.services.kept import kept
from engage.services.links import CODE_LENGTH, canonical_code
from engage.services.responses import Destination

Choices = tuple[tuple[str, str], ...]  # (value, label) pairs, hashable to key a cache


class organisation_pairs(FunctionElement):  # noqa: N801 - named like SQL functions
    """Every organisation of the programme as one JSON text of [id, name] pairs, so a link
    that asks which organisation reads them in the page's own query."""

    type = String()
    inherit_cache = True


@compiles(organisation_pairs, "sqlite")
def _pairs_sqlite(element, compiler, **kw) -> str:
    return f"json_group_array(json_array({compiler.process(element.clauses, **kw)}))"


@compiles(organisation_pairs, "postgresql")
def _pairs_postgresql(element, compiler, **kw) -> str:
    return f"CAST(json_agg(json_build_array({compiler.process(element.clauses, **kw)})) AS TEXT)"


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
    asks_organisation: bool
    organisations: Choices  # to choose from, for a link that asks; else empty

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
def joined(query):
    """A link's wave, survey, programme, organisation and group, joined to ``query``."""
    return (
        query.join(Wave, Link.wave_id == Wave.id)
        .join(Survey, Wave.survey_id == Survey.id)
        .join(Programme, Survey.programme_id == Programme.id)
        .join(Organisation, Link.organisation_id == Organisation.id)
        .outerjoin(Group, Link.group_id == Group.id)
    )


PAGE_QUERY = joined(
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
        Link.asks_organisation,
        case(  # read only for a link that asks: other links pay nothing for it
            (
                Link.asks_organisation,
                select(organisation_pairs(Organisation.id, Organisation.name))
                .where(Organisation.programme_id == Programme.id)
                .correlate(Programme)
                .scalar_subquery(),
            ),
            else_=None,
        ),
    ).where(Link.code == bindparam("code"))
)
# A standing link's code opens the survey's open wave through that wave's own link: the
# same columns from one indexed query (links.standing_link_id), so nothing per worker needs
# invalidating when a wave opens or closes.
STANDING_QUERY = (
    joined(
        select(*PAGE_QUERY.selected_columns)
        .select_from(StandingLink)
        .join(Link, Link.standing_link_id == StandingLink.id)
    )
    .where(StandingLink.code == bindparam("code"))
    .where(
        or_(
            Wave.status == WaveStatus.OPEN,
            and_(
                Wave.status == WaveStatus.SCHEDULED,
                Wave.opens_on <= bindparam("today"),
                Wave.closes_on >= bindparam("today"),
            ),
        )
    )
    .order_by(Wave.opens_on.desc(), Wave.id.desc())
    .limit(1)
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
    """The link with this code, as its pages need it, or None (kept for a moment:
    ``services.kept``)."""
    code = canonical_code(typed)
    if len(code) != CODE_LENGTH:
        return None
    return kept(("link", code), lambda: read_page(PAGE_QUERY, {"code": code}))


def read_page(query, values: dict) -> SurveyPage | None:
    row = db.session.connection().execute(query, values).first()
    return None if row is None else page_from(row)


def page_from(row) -> SurveyPage:
    """A row of ``PAGE_QUERY``'s columns as the page's values."""
    return SurveyPage(Destination(*row[:5]), *row[5:-1], choices_from(row[-1]))


def choices_from(pairs: str | None) -> Choices:
    """The organisations' JSON pairs as radio choices, in name order."""
    if not pairs:
        return ()
    return tuple(sorted(((str(id_), name) for id_, name in json.loads(pairs)), key=lambda c: c[1]))


def standing_page_for(typed: str, today: date) -> SurveyPage | None:
    """The open wave's page for a standing link's code, or None (no such code, or no wave
    of its survey open today: ``standing_links`` then says when the next one opens)."""
    code = canonical_code(typed)
    if len(code) != CODE_LENGTH:
        return None
    values = {"code": code, "today": today}
    return kept(("standing", code, today), lambda: read_page(STANDING_QUERY, values))


def questions_for(version_id: int) -> tuple[QuestionView, ...]:
    """The version's questions in order, as values (kept for a moment, as pages are)."""
    return kept(("questions", version_id), lambda: read_questions(version_id))


def read_questions(version_id: int) -> tuple[QuestionView, ...]:
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


def destination_for(page: SurveyPage, chosen: str | None) -> Destination:
    """Where the response is stored: under the organisation the respondent chose (already
    checked against the offered choices by the form, so no query), else the link's own."""
    if not page.asks_organisation:
        return page.destination
    if not chosen:
        raise ValueError("a link that asks for the organisation needs the respondent's choice")
    return replace(page.destination, organisation_id=int(chosen), group_id=None)
