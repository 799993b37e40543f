"""Comments as staff may read them: lists, one comment by its reference, and the examples
of discovered themes. Every comment leaves through a slice the engine allows, redacted,
in the order of random references (never by arrival), and from an open wave only once
its cell has been released."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import aliased

from engage.analysis import confidentiality as rules
from engage.analysis.engine import NOT_ANALYSED
from engage.extensions import db
from engage.models import (
    Answer,
    CommentAnalysis,
    CommentTheme,
    Programme,
    Question,
    Response,
)
from engage.models.reporting import NO_GROUP
from engage.services.analysis import comment_rows
from engage.services.reading import releases
from engage.services.reading.cells import (
    Key,
    cell_key,
    group_slice,
    hierarchy,
    organisation_of,
)
from engage.services.stuffing import withheld_groups

PAGE_SIZE = 25
SENTIMENTS = ("negative", "neutral", "positive")  # what an analyst may code


@dataclass(frozen=True)
class Filters:
    wave_id: int | None = None
    organisation_id: int | None = None
    group_id: int | None = None
    theme: str = ""
    sentiment: str = ""
    question_code: str = ""
    framing: str = ""  # respondents who chose this option to the framing question
    search: str = ""  # words the redacted comment contains, any case


@dataclass(frozen=True)
class Codes:
    """What the machine and an analyst said of one comment."""

    sentiment: str
    coded_sentiment: str | None
    themes: tuple[str, ...]
    coded_themes: tuple[str, ...] | None
    framing: str | None
    coded_framing: str | None
    polarity: float
    subjectivity: float
    analyser_version: str
    language: str = "en"  # "cy": written in Welsh, so the machine gave it no sentiment

    @property
    def final_sentiment(self) -> str:
        return self.coded_sentiment or self.sentiment

    @property
    def final_themes(self) -> tuple[str, ...]:
        return self.coded_themes if self.coded_themes is not None else self.themes

    @classmethod
    def of(cls, row: CommentAnalysis) -> Codes:
        return cls(
            row.sentiment,
            row.coded_sentiment,
            tuple(row.themes),
            None if row.coded_themes is None else tuple(row.coded_themes),
            row.framing,
            row.coded_framing,
            row.polarity,
            row.subjectivity,
            row.analyser_version,
            row.language,
        )


@dataclass(frozen=True)
class CommentView:
    ref: str
    answer_id: int
    text: str
    question: str
    analysis: Codes


@dataclass(frozen=True)
class CommentPage:
    comments: list[CommentView]
    total: int
    page: int
    respondents: int
    hidden: bool
    held_back: int = 0  # questions left out because too few people answered them

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def filtered(programme: Programme, filters: Filters):
    query = by_attributes(programme, filters)
    if filters.wave_id:
        query = query.where(Response.wave_id == filters.wave_id)
    if filters.organisation_id:
        query = query.where(Response.organisation_id == filters.organisation_id)
    if filters.group_id:  # a parent group's comments are those of every group in it
        selected = group_slice(programme, filters.group_id)
        inside = [g for _o, g in selected] if isinstance(selected, frozenset) else [selected[1]]
        query = query.where(Response.group_id.in_(inside))
    return query


def by_attributes(programme: Programme, filters: Filters):
    """Comments matching what they say (question, sentiment, theme), from everyone who
    has been released: an open wave's comments appear in the same steps as its figures."""
    query = releases.released_only(
        comment_rows(programme.id)
        .with_only_columns(Answer.id)
        .join(CommentAnalysis, CommentAnalysis.answer_id == Answer.id),
        programme,
    )
    if filters.theme:
        query = query.where(
            Answer.id.in_(
                select(CommentTheme.answer_id).where(
                    CommentTheme.programme_id == programme.id, CommentTheme.theme == filters.theme
                )
            )
        )
    if filters.framing:
        chose = aliased(Answer)
        query = query.where(
            Answer.response_id.in_(
                select(chose.response_id)
                .join(Question, Question.id == chose.question_id)
                .where(Question.code == "framing", chose.choice == filters.framing)
            )
        )
    if filters.question_code:
        query = query.where(Question.code == filters.question_code)
    if filters.search:  # over the stored redacted copy: a removed name is never found
        query = query.where(Answer.redacted.icontains(filters.search[:MAX_SEARCH], autoescape=True))
    if filters.sentiment in (*SENTIMENTS, NOT_ANALYSED):
        query = query.where(
            func.coalesce(CommentAnalysis.coded_sentiment, CommentAnalysis.sentiment)
            == filters.sentiment
        )
    return query


MAX_SEARCH = 100


class Slices:
    """Whether a slice of comments may be shown, for one programme and one request.

    A slice is the comments matching some attributes (question, sentiment, theme, framing
    option) within a wave, an organisation and a group, each of which may be "all". It
    is shown when at least the comment minimum of people wrote them and its cells are a
    union of release blocks of *all* commenters (the engine's ``keys_are_safe``). One
    partition for every attribute means two lists, however filtered, can only be
    intersected or subtracted down to whole blocks, never to a small group."""

    def __init__(self, programme: Programme, minimum: int | None = None) -> None:
        self.programme = programme
        # A roundtable's session is read at the programme's roundtable comment minimum.
        self.minimum = minimum or programme.min_comment_group_size
        self.above = hierarchy(programme)
        self.withheld = {cell_key(*group, self.above) for group in withheld_groups(programme)}
        self.base = self.people(by_attributes(programme, Filters()))

    def people(self, attribute_query) -> dict[Key, int]:
        """People who wrote a matching comment, per (wave, organisation, group)."""
        group = func.coalesce(Response.group_id, NO_GROUP)
        rows = db.session.execute(
            attribute_query.with_only_columns(
                Response.wave_id,
                Response.organisation_id,
                group,
                func.count(distinct(Answer.response_id)),
            )
            .group_by(Response.wave_id, Response.organisation_id, group)
            .order_by(None)
        )
        return {cell_key(wave, org, grp, self.above): count for wave, org, grp, count in rows}

    def questions(self, filters: Filters) -> tuple[set[str], set[str]]:
        """The questions answered in the slice, and those enough people answered to show."""
        codes = set(
            db.session.scalars(
                filtered(self.programme, filters).with_only_columns(Question.code).distinct()
            )
        )
        return codes, {code for code in codes if self.safe(replace(filters, question_code=code))[0]}

    def safe(self, filters: Filters) -> tuple[bool, int]:
        """Whether the slice may be shown, and how many people wrote in it."""
        group = group_slice(self.programme, filters.group_id) if filters.group_id else None
        organisation = filters.organisation_id or (organisation_of(group) if group else None)
        selected = (filters.wave_id, organisation, group)
        keys = {key for key in self.base if rules.matches(selected, key)}
        matching = self.people(by_attributes(self.programme, filters))
        people = sum(matching.get(key, 0) for key in keys)
        if not people and any(rules.matches(selected, key) for key in self.withheld):
            return False, 1  # only a withheld group's comments: hidden, not "none"
        minimum = self.minimum
        return people >= minimum and rules.keys_are_safe(self.base, keys, minimum), people


def page_of(programme: Programme, filters: Filters, page: int) -> CommentPage:
    """One page of a slice's redacted comments, in the order of their random references.

    Each comment shows the question it answered, so a question is a slice too: the
    comments of a question that too few people in the slice answered (a small
    roundtable's, say) are held back even when the slice as a whole may be shown."""
    listed = listing(programme, filters)
    if listed.query is None:
        return CommentPage([], 0, 1, listed.respondents, hidden=bool(listed.respondents))
    total, shown, page = page_ids(listed.query, page)
    return CommentPage(
        views(programme, shown),
        total,
        page,
        listed.respondents,
        hidden=False,
        held_back=listed.held_back,
    )


@dataclass(frozen=True)
class Listing:
    """The query of a slice's comments as the list shows them (None when it is hidden)."""

    query: object | None
    respondents: int
    held_back: int = 0


def listing(programme: Programme, filters: Filters) -> Listing:
    """The one place a slice is checked before its comments are listed, paged through,
    stepped through one by one or exported: the comment minimum, counted in people, and
    the questions too few people answered held back."""
    releases.bring_up_to_date(programme)
    slices = Slices(programme)
    safe, respondents = slices.safe(filters)
    if not safe:
        return Listing(None, respondents)
    codes, shown_codes = slices.questions(filters)
    query = filtered(programme, filters).where(Question.code.in_(shown_codes))
    return Listing(query, respondents, len(codes - shown_codes))


def views(programme: Programme, answer_ids: list[int]) -> list[CommentView]:
    rows = db.session.execute(
        comment_rows(programme.id)
        .add_columns(CommentAnalysis)
        .join(CommentAnalysis, CommentAnalysis.answer_id == Answer.id)
        .where(Answer.id.in_(answer_ids))
        .order_by(CommentAnalysis.ref)
    ).all()
    return [
        CommentView(analysis.ref, answer_id, text, question, Codes.of(analysis))
        for answer_id, text, question, analysis in rows
    ]


def readable(programme: Programme, ref: str) -> CommentView:
    """A comment opened by its reference: only if it would appear in the programme's
    unfiltered comment list (the slice of everyone who answered its question)."""
    return readable_many(programme, [ref])[0]


def readable_many(programme: Programme, refs: list[str]) -> list[CommentView]:
    """Comments opened by reference, all at once (LookupError unless every one of them is
    readable as ``readable`` says): one query and one check per question, not per comment."""
    releases.bring_up_to_date(programme)
    wanted = {ref[:24] for ref in refs}
    found = db.session.execute(
        releases.released_only(
            select(CommentAnalysis.answer_id, Question.code)
            .join(Answer, Answer.id == CommentAnalysis.answer_id)
            .join(Question, Question.id == Answer.question_id)
            .join(Response, Response.id == Answer.response_id)
            .where(CommentAnalysis.programme_id == programme.id, CommentAnalysis.ref.in_(wanted)),
            programme,
        )
    ).all()
    slices = Slices(programme)
    codes = {row.code for row in found}
    if len(found) != len(wanted) or not all(
        slices.safe(Filters(question_code=code))[0] for code in codes
    ):
        raise LookupError(", ".join(sorted(wanted)))
    return views(programme, [row.answer_id for row in found])


def page_ids(query, page: int) -> tuple[int, list[int], int]:
    """Total, the ids on the page, and the page number (clamped to the pages there are).
    Ordered by the comments' random references, never by when they came."""
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = min(max(1, page), max(1, -(-total // PAGE_SIZE)))
    shown = db.session.scalars(
        query.order_by(CommentAnalysis.ref).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    return total, list(shown), page


def describe(programme: Programme, filters: Filters) -> list[tuple[str, str]]:
    """The slice in words, for headings: (what, which) pairs."""
    waves = {
        wave.id: f"{survey.title}: {wave.label}"
        for survey in programme.surveys
        for wave in survey.waves
    }
    organisations = {org.id: org.name for org in programme.organisations}
    groups = {
        group.id: f"{org.name}: {group.name}"
        for org in programme.organisations
        for group in org.groups
    }
    found = [
        ("Theme", filters.theme),
        ("Chose", filters.framing),
        ("Wave", waves.get(filters.wave_id or 0, "")),
        ("Organisation", organisations.get(filters.organisation_id or 0, "")),
        ("Reporting group", groups.get(filters.group_id or 0, "")),
        ("Sentiment", filters.sentiment),
        ("Question", filters.question_code),
        ("Search", f"\u201c{filters.search[:MAX_SEARCH]}\u201d" if filters.search else ""),
    ]
    return [(what, which) for what, which in found if which]
