"""Analysts' codes for comments, and how often the machine agrees with people. Reading
comments is the read side's (``reading.comments``): a comment is recoded only if it can
be read."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from engage.analysis.framing import FRAMINGS
from engage.domain import AuditAction
from engage.extensions import db
from engage.models import Answer, CommentAnalysis, Programme, Response, User
from engage.services import audit, counts
from engage.services.analysis import codebook_for, sync_themes
from engage.services.errors import FieldError
from engage.services.reading import comments as reading_comments
from engage.services.reading.comments import SENTIMENTS


def recode(
    programme: Programme,
    ref: str,
    sentiment: str | None,
    themes: list[str] | None,
    framing: str | None = None,
    user: User | None = None,
) -> CommentAnalysis:
    """An analyst's codes for a comment they may read (LookupError otherwise), recorded in
    the audit log by reference and codes, never by what the comment says."""
    row = db.session.get(CommentAnalysis, reading_comments.readable(programme, ref).answer_id)
    audit.record(
        programme,
        user,
        AuditAction.COMMENTS_RECODED,
        "Comment recoded",
        f"Reference {row.ref}: sentiment {sentiment or 'machine'}; "
        f"themes {', '.join(themes or []) or 'none'}; framing {framing or 'machine'}",
    )
    return code(row, sentiment, themes, framing)


def code(
    row: CommentAnalysis,
    sentiment: str | None,
    themes: list[str] | None,
    framing: str | None = None,
) -> CommentAnalysis:
    """Store codes that override the machine's, and bring the wave's cells in step."""
    row.coded_sentiment = sentiment if sentiment in SENTIMENTS else None
    row.coded_themes = themes
    row.coded_framing = framing if framing in FRAMINGS.names else None
    sync_themes(row)
    db.session.commit()
    counts.rebuild(waves_of([row.answer_id]))
    return row


def waves_of(answer_ids: list[int]) -> list[int]:
    return list(
        db.session.scalars(
            select(Response.wave_id).join(Answer).where(Answer.id.in_(answer_ids)).distinct()
        )
    )


@dataclass(frozen=True)
class BulkCodes:
    """One change for several comments: a sentiment ("" leaves each as it is, "machine"
    gives it back to the machine), a theme to add and a theme to remove ("" for none)."""

    sentiment: str = ""
    add_theme: str = ""
    remove_theme: str = ""

    def problems(self, themes: tuple[str, ...]) -> list[tuple[str, str]]:
        found = []
        if self.sentiment not in ("", "machine", *SENTIMENTS):
            found.append(("sentiment", "Choose a sentiment from the list"))
        for name, theme in (("add_theme", self.add_theme), ("remove_theme", self.remove_theme)):
            if theme and theme not in themes:
                found.append((name, "Choose a theme from the programme's codebook"))
        if not found and not (self.sentiment or self.add_theme or self.remove_theme):
            found.append(("sentiment", "Choose a sentiment or a theme to add or remove"))
        return found

    def apply(self, row: CommentAnalysis) -> None:
        if self.sentiment:
            row.coded_sentiment = self.sentiment if self.sentiment in SENTIMENTS else None
        if self.add_theme or self.remove_theme:
            themes = [t for t in row.final_themes if t != self.remove_theme]
            row.coded_themes = themes + ([self.add_theme] if self.add_theme not in themes else [])
        sync_themes(row)


def recode_many(
    programme: Programme, refs: list[str], change: BulkCodes, user: User | None = None
) -> int:
    """Apply one change to every comment in ``refs``, all or none: a comment the analyst
    may not read (LookupError) or a failure part-way leaves every comment as it was. One
    commit holds the codes and the audit event; the cells are rebuilt afterwards, as for
    one comment."""
    problems = change.problems(codebook_for(programme.id).names)
    if problems:
        raise FieldError(*problems[0])
    refs = list(dict.fromkeys(refs))
    try:
        ids = [view.answer_id for view in reading_comments.readable_many(programme, refs)]
        rows = db.session.scalars(
            select(CommentAnalysis).where(CommentAnalysis.answer_id.in_(ids))
        ).all()
        for row in rows:
            change.apply(row)
        audit.record(
            programme,
            user,
            AuditAction.COMMENTS_RECODED,
            f"{len(rows)} comments recoded together",
            f"{described(change)}. References: {', '.join(refs)}",
        )
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    counts.rebuild(waves_of(ids))
    return len(rows)


def described(change: BulkCodes) -> str:
    words = []
    if change.sentiment:
        words.append(f"sentiment {change.sentiment}")
    if change.add_theme:
        words.append(f"theme {change.add_theme} added")
    if change.remove_theme:
        words.append(f"theme {change.remove_theme} removed")
    return "; ".join(words).capitalize()


@dataclass(frozen=True)
class Agreement:
    sentiment_coded: int
    sentiment_agree: int
    themes_coded: int
    themes_agree: int

    @staticmethod
    def share(agree: int, coded: int) -> float | None:
        return agree / coded if coded else None


def agreement(programme: Programme) -> Agreement:
    rows = db.session.scalars(
        select(CommentAnalysis).where(
            CommentAnalysis.programme_id == programme.id,
            (CommentAnalysis.coded_sentiment.is_not(None))
            | (CommentAnalysis.coded_themes.is_not(None)),
        )
    ).all()
    sentiment = [row for row in rows if row.coded_sentiment]
    themes = [row for row in rows if row.coded_themes is not None]
    return Agreement(
        len(sentiment),
        sum(row.sentiment == row.coded_sentiment for row in sentiment),
        len(themes),
        sum(set(row.themes) == set(row.coded_themes) for row in themes),
    )
