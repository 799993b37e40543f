"""Coding at speed: where a comment sits in the filtered list (for next and previous) and
the filtered list as a file. Both start from ``comments.listing``, the same checked slice
the comment list pages through, so neither shows a comment the list would not."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from engage.extensions import db
from engage.models import CommentAnalysis, Programme
from engage.services.reading.comments import PAGE_SIZE, Filters, describe, listing, views


@dataclass(frozen=True)
class Place:
    """A comment's neighbours in the filtered list, ordered as the list is (by reference),
    and the list page each is on. ``position`` is None when the comment is not in the list
    (recoded out of it, say); its neighbours are then those either side of where it was."""

    previous: str | None
    next: str | None
    previous_page: int
    next_page: int
    position: int | None
    total: int

    @property
    def page(self) -> int:
        """The list page the comment is on (or would be), for "Back to the list"."""
        return self.previous_page if self.position is None else (self.position - 1) // PAGE_SIZE + 1


NOWHERE = Place(None, None, 1, 1, None, 0)


def place_of(programme: Programme, filters: Filters, ref: str) -> Place:
    listed = listing(programme, filters).query
    if listed is None:
        return NOWHERE
    refs = listed.with_only_columns(CommentAnalysis.ref).subquery()
    before, total, here = db.session.execute(
        select(
            func.count().filter(refs.c.ref < ref),
            func.count(),
            func.count().filter(refs.c.ref == ref),
        )
    ).one()
    previous = db.session.scalar(select(func.max(refs.c.ref)).where(refs.c.ref < ref))
    following = db.session.scalar(select(func.min(refs.c.ref)).where(refs.c.ref > ref))
    after_index = before + here  # the list index of the next comment
    return Place(
        previous,
        following,
        max(0, before - 1) // PAGE_SIZE + 1,
        after_index // PAGE_SIZE + 1,
        before + 1 if here else None,
        total,
    )


@dataclass(frozen=True)
class CommentFile:
    """The filtered comments as rows for a CSV or Excel writer. No row says which wave,
    organisation or group a comment came from: the slice is shown as a whole (it passed
    the comment minimum) and a column would split it into groups that may not have."""

    heading: list[str]
    header: list[str]
    rows: list[list[object]]
    hidden: bool


HEADER = ["Reference", "Question", "Comment", "Sentiment", "Sentiment from", "Themes", "Framing"]


def comment_file(programme: Programme, filters: Filters) -> CommentFile:
    listed = listing(programme, filters)
    slice_words = "; ".join(f"{what}: {which}" for what, which in describe(programme, filters))
    heading = [
        f"{programme.name}: comments",
        slice_words or "All comments",
        f"Comments are included only when at least {programme.min_comment_group_size} people "
        "wrote those matching the filters; names, contact details and ID numbers are removed.",
    ]
    if listed.query is None:
        return CommentFile(heading, HEADER, [], hidden=bool(listed.respondents))
    ids = list(db.session.scalars(listed.query.order_by(CommentAnalysis.ref)))
    rows = [
        [
            comment.ref,
            comment.question,
            comment.text,
            comment.analysis.final_sentiment,
            "analyst" if comment.analysis.coded_sentiment else "machine",
            ", ".join(comment.analysis.final_themes),
            comment.analysis.coded_framing or comment.analysis.framing or "",
        ]
        for comment in views(programme, ids)
    ]
    return CommentFile(heading, HEADER, rows, hidden=False)
