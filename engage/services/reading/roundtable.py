"""The "what we heard" summary of a roundtable, for the organiser to send to the room.

A roundtable is reported for the session as a whole (the wave across every organisation
and group), never broken down: the session is the one slice, and it passes the engine's
slice rule like any other. Ratings and votes count only released answers (an open
session moves in the same steps as its figures). A question's written answers are
quoted only when at least the programme's roundtable comment minimum of people answered
it (through the comment slices of ``comments``), redacted, in the order of their random
references, never by arrival.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from engage.domain import DONT_KNOW, QuestionKind, SurveyKind
from engage.exports import names
from engage.exports import roundtable as words
from engage.exports.roundtable import Agreement, OpenQuestion, RoundtableSummary, ThemeGroup, Vote
from engage.extensions import db
from engage.models import Answer, CommentAnalysis, CommentTheme, Programme, Question, Response, Wave
from engage.services.reading import releases
from engage.services.reading.cells import load_cells
from engage.services.reading.comments import Filters, Slices, filtered
from engage.services.reading.summaries import Scope

QUOTES_PER_THEME = 5
QUOTE_LENGTH = 400
OTHER = "Other points"
NEXT_CODES = ("rt_next",)


@dataclass(frozen=True)
class Session:
    """The session as plain values, for pages and file names."""

    programme: str
    slug: str
    wave_id: int
    survey: str
    label: str
    score_minimum: int
    comment_minimum: int


def session_of(programme: Programme, wave: Wave) -> Session:
    return Session(
        programme.name,
        programme.slug,
        wave.id,
        wave.survey.title,
        f"{wave.survey.title} · {wave.opens_on:%-d %B %Y} · {programme.name}",
        programme.min_group_size,
        programme.roundtable_comment_minimum,
    )


def file_name(summary: RoundtableSummary, fmt: str) -> str:
    """what-we-heard-<session>-<date>.docx"""
    return names.file_name("what we heard", summary.survey, summary.held_on.isoformat(), fmt=fmt)


def build_for(scope: Scope, next_steps: str = "") -> RoundtableSummary:
    """The summary of the wave a theme-summary scope names (from the command line)."""
    if scope.wave_id is None:
        raise LookupError(f"Name the roundtable's {SurveyKind.ROUNDTABLE.round_word}")
    wave = db.session.get_one(Wave, scope.wave_id)
    return build(db.session.get_one(Programme, scope.programme_id), wave, next_steps)


def build(programme: Programme, wave: Wave, next_steps: str = "") -> RoundtableSummary:
    """Everything the room may read about itself, or only why not yet."""
    if wave.survey.kind != SurveyKind.ROUNDTABLE:
        raise LookupError(f"{wave.survey.title} is not a roundtable")
    session = session_of(programme, wave)
    cells = load_cells(programme, with_moments=False)
    people = cells.shown(cells.respondents, (wave.id, None, None), session.score_minimum)
    notes = method(session, wave.is_accepting(date.today()))
    heading = ("What we heard", wave.survey.title, session.label, wave.opens_on)
    if not people:
        reason = (
            f"Fewer than {session.score_minimum} people have answered the feedback form yet, "
            "so nothing from it is shown: with so few, anyone could tell who said what."
        )
        return RoundtableSummary(*heading, None, reason, method=notes)
    questions = list(wave.version.questions)
    agreement = agreements(programme, wave, questions)
    vote_question, votes = priority_vote(programme, wave, questions)
    answered, themes = written_answers(programme, session, wave, questions)
    held = any(item.held_back for _code, item in answered)
    return RoundtableSummary(
        *heading,
        people,
        words.opening(people, agreement, votes, themes, held),
        agreement,
        vote_question,
        votes,
        [item for code, item in answered if code not in NEXT_CODES],
        next_lines(next_steps, votes),
        next((item for code, item in answered if code in NEXT_CODES), None),
        notes,
    )


def written_answers(
    programme: Programme, session: Session, wave: Wave, questions: list[Question]
) -> tuple[list[tuple[str, OpenQuestion]], list[tuple[str, int]]]:
    """Each answered open question (by code) and, over all the quoted ones, how many
    people wrote on each theme, largest first, for the opening paragraph."""
    slices = Slices(programme, minimum=session.comment_minimum)
    answered, writers = [], defaultdict(set)
    for question in questions:
        if not question.kind.is_text:
            continue
        item, who = open_question(programme, slices, wave, question)
        if item is None:
            continue
        answered.append((question.code, item))
        for theme, people_ids in who.items():
            writers[theme] |= people_ids
    themes = sorted(
        ((theme, len(ids)) for theme, ids in writers.items() if theme != OTHER),
        key=lambda pair: (-pair[1], pair[0]),
    )
    return answered, themes


def released_answers(programme: Programme, wave: Wave):
    return releases.released_only(
        select(Question.code, Answer.number, Answer.choice, Answer.response_id)
        .join(Answer, Answer.question_id == Question.id)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.wave_id == wave.id),
        programme,
    )


def agreements(programme: Programme, wave: Wave, questions: list[Question]) -> list[Agreement]:
    """Each agreement statement in three sides, counted over the session's answers."""
    tally: dict[str, Counter] = defaultdict(Counter)
    for code, number, choice, _response in db.session.execute(released_answers(programme, wave)):
        if choice == DONT_KNOW:
            tally[code]["dont_know"] += 1
        elif number is not None:
            side = "agreed" if number >= 4 else "neither" if number == 3 else "disagreed"
            tally[code][side] += 1
    return [
        Agreement(
            question.text,
            tally[question.code]["agreed"],
            tally[question.code]["neither"],
            tally[question.code]["disagreed"],
            tally[question.code]["dont_know"],
        )
        for question in questions
        if question.kind == QuestionKind.AGREEMENT and tally[question.code]
    ]


def priority_vote(
    programme: Programme, wave: Wave, questions: list[Question]
) -> tuple[str, list[Vote]]:
    """The first multiple-choice question, its options ranked by votes (ties in the
    order the form listed them); options nobody chose are left out."""
    question = next((q for q in questions if q.kind == QuestionKind.MULTIPLE_CHOICE), None)
    if question is None:
        return "", []
    counts = Counter(
        choice
        for code, _number, choice, _response in db.session.execute(
            released_answers(programme, wave)
        )
        if code == question.code and choice
    )
    order = {option: index for index, option in enumerate(question.options)}
    ranked = sorted(counts, key=lambda option: (-counts[option], order.get(option, 99), option))
    return question.text, [Vote(option, counts[option]) for option in ranked]


def open_question(
    programme: Programme, slices: Slices, wave: Wave, question: Question
) -> tuple[OpenQuestion | None, dict[str, set[int]]]:
    """One question's answers grouped by theme, or the plain reason they are held back;
    None when nobody answered it. Also who wrote on each theme, for the opening."""
    filters = Filters(wave_id=wave.id, question_code=question.code)
    safe, people = slices.safe(filters)
    if not people:
        return None, {}
    if not safe:
        reason = (
            f"Fewer than {slices.minimum} people answered this question, so their answers "
            "are not quoted: with so few, anyone in the room could tell who wrote what."
            if people < slices.minimum
            else "These answers are not quoted: quoting them could show who wrote them."
        )
        return OpenQuestion(question.text, held_back=reason), {}
    rows = db.session.execute(
        filtered(programme, filters)
        .with_only_columns(Answer.id, Answer.redacted, Answer.response_id)
        .order_by(CommentAnalysis.ref)
    ).all()
    themes: dict[int, list[str]] = defaultdict(list)
    for answer_id, theme in db.session.execute(
        select(CommentTheme.answer_id, CommentTheme.theme).where(
            CommentTheme.answer_id.in_([row.id for row in rows])
        )
    ):
        themes[answer_id].append(theme)
    who: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        for theme in themes.get(row.id) or [OTHER]:
            who[theme].add(row.response_id)
    return OpenQuestion(question.text, grouped(rows, themes, who)), dict(who)


def grouped(rows, themes: dict[int, list[str]], who: dict[str, set[int]]) -> tuple:
    """Themes by how many people raised them ("Other points" last); each answer quoted
    once, under the largest of its themes, so the page does not repeat itself."""
    order = sorted(who, key=lambda theme: (theme == OTHER, -len(who[theme]), theme))
    rank = {theme: index for index, theme in enumerate(order)}
    quotes: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        home = min(themes.get(row.id) or [OTHER], key=rank.__getitem__)
        quote = shorten(row.redacted)
        if quote not in quotes[home]:  # the same words from several people: quoted once
            quotes[home].append(quote)
    return tuple(
        ThemeGroup(theme, len(who[theme]), tuple(quotes[theme][:QUOTES_PER_THEME]))
        for theme in order
    )


def shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LENGTH else text[: QUOTE_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def next_lines(note: str, votes: list[Vote]) -> list[str]:
    """The organiser's own next steps when given; otherwise what the summary is for."""
    lines = [line.strip() for line in note.splitlines() if line.strip()]
    if lines:
        return lines
    first = f", and the room's first priority ({votes[0].option.lower()})," if votes else ""
    return [
        f"The organisers will take this summary{first} to the programme board and will "
        "report back to you on what is decided."
    ]


def method(session: Session, still_open: bool) -> list[str]:
    """How the figures are protected, in words an attendee reads without an analyst."""
    note = (
        [
            "The form is still open. The figures grow in steps of at least "
            f"{session.score_minimum} answers, so this summary may be updated later."
        ]
        if still_open
        else []
    )
    return note + [
        "These figures are for the whole session. They are never split by organisation or "
        "team, so no answer can be traced to a small group.",
        f"Nothing is shown until at least {session.score_minimum} people have answered. A "
        f"question's written answers are quoted only when at least {session.comment_minimum} "
        "people answered it, as the form told everyone before they answered.",
        "Names, contact details, postcodes, dates and ID numbers are taken out of every quote.",
        "Each written answer is grouped under the theme it mentions most, found by Engage's "
        "text analysis and corrected by the organisers where they reviewed it. Answers that "
        'fit no theme are under "Other points".',
    ]
