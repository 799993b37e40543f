"""What a theme's phrases would tag, before the codebook changes: the preview on the theme
editor and on a discovered theme's form; and the themes discovery finds among the comments
no theme covers.

It reads what the comment list may read (released comments of the questions enough people
answered) and matches them with the codebook's own rules, so the preview is what saving
would do. Counts and the sentiment mix are always given; example comments only when at
least the comment minimum of people wrote the matching comments (as discovery's examples),
redacted, in the order of their random references, never by arrival.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from sqlalchemy import select

from engage.analysis.codebook import Codebook, Theme
from engage.analysis.discovery import DiscoveredTheme
from engage.analysis.normalise import normalise
from engage.extensions import db
from engage.models import (
    Answer,
    CommentAnalysis,
    CommentTheme,
    DismissedPhrase,
    Programme,
    Question,
)
from engage.services.analysis import comment_rows
from engage.services.reading import releases
from engage.services.reading.comments import SENTIMENTS, Filters, Slices

MAX_PHRASES = 40


@dataclass(frozen=True)
class PhrasePreview:
    phrases: tuple[str, ...]
    comments: int
    people: int
    sentiment: tuple[tuple[str, int], ...]  # (label, comments), in SENTIMENTS order
    examples: tuple[str, ...]
    minimum: int

    @property
    def held_back(self) -> bool:
        return self.comments > 0 and not self.examples


def split_phrases(text: str) -> tuple[str, ...]:
    """The phrases as the codebook stores them: comma-separated, trimmed, no repeats."""
    return tuple(dict.fromkeys(p.strip() for p in text.split(",") if p.strip()))[:MAX_PHRASES]


def preview_phrases(programme: Programme, text: str, examples: int = 5) -> PhrasePreview:
    phrases = split_phrases(text)
    book = Codebook((Theme("preview", phrases=phrases),))
    minimum = programme.min_comment_group_size
    releases.bring_up_to_date(programme)
    _codes, shown = Slices(programme).questions(Filters())
    rows = db.session.execute(
        releases.released_only(comment_rows(programme.id), programme)
        .add_columns(
            Answer.response_id,
            CommentAnalysis.sentiment,
            CommentAnalysis.coded_sentiment,
            CommentAnalysis.ref,
        )
        .join(CommentAnalysis, CommentAnalysis.answer_id == Answer.id)
        .where(Question.code.in_(shown))
    ).all()
    matched = [row for row in rows if book.patterns and book.match(normalise(row[1]))]
    mix = Counter(coded or machine for *_r, machine, coded, _ref in matched)
    people = len({row[3] for row in matched})
    shown_examples = ()
    if people >= minimum:
        ordered = sorted(matched, key=lambda row: row[-1])[:examples]
        shown_examples = tuple(row[1] for row in ordered)
    return PhrasePreview(
        phrases=phrases,
        comments=len(matched),
        people=people,
        sentiment=tuple((label, mix.get(label, 0)) for label in SENTIMENTS),
        examples=shown_examples,
        minimum=minimum,
    )


def discover_themes(programme: Programme, groups: int = 6) -> list[DiscoveredTheme]:
    """Groups among the comments no theme covers (machine's or analyst's), from the
    questions the programme's comment list may show. A group's example comments are shown
    only when at least the comment minimum of people wrote its comments."""
    from engage.analysis.discovery import discover  # loads scikit-learn: only when asked

    releases.bring_up_to_date(programme)
    unfiltered, slices = Filters(), Slices(programme)
    if not slices.safe(unfiltered)[0]:
        return []
    _codes, shown = slices.questions(unfiltered)
    unthemed = db.session.execute(
        releases.released_only(comment_rows(programme.id), programme)
        .add_columns(Answer.response_id)
        .join(CommentAnalysis, CommentAnalysis.answer_id == Answer.id)
        .where(
            Question.code.in_(shown),
            ~Answer.id.in_(
                select(CommentTheme.answer_id).where(CommentTheme.programme_id == programme.id)
            ),
        )
    ).all()
    people = {answer_id: response_id for answer_id, _t, _q, response_id in unthemed}
    ignored = frozenset(
        db.session.scalars(
            select(DismissedPhrase.phrase).where(DismissedPhrase.programme_id == programme.id)
        )
    )
    found = discover(
        [(answer_id, text) for answer_id, text, _q, _r in unthemed],
        groups=groups,
        ignored=ignored,
    )
    return [
        group
        if len({people[i] for i in group.comment_ids}) >= programme.min_comment_group_size
        else replace(group, examples=())
        for group in found
    ]
