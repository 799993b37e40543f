"""The audit log: recording staff actions, and reading them back a page at a time.

``record`` only adds the event to the session, so it is stored in the same transaction as
the action it describes (the calling service commits): an action is never logged without
happening, nor happens without being logged. There is no way to change or remove an event.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, time

from sqlalchemy import func, select

from engage.domain import AuditAction
from engage.extensions import db
from engage.models import AuditEvent, Programme, User
from engage.models.columns import utcnow

PAGE_SIZE = 50
SYSTEM = "Engage (automatic)"


@dataclass(frozen=True)
class EventRow:
    """One event as pages and exports show it."""

    created_at: datetime
    action: AuditAction
    who: str
    subject: str
    detail: str


@dataclass(frozen=True)
class EventPage:
    events: list[EventRow]
    page: int
    pages: int
    total: int


def record(
    programme: Programme | None,
    user: User | None,
    action: AuditAction,
    subject: str,
    detail: str = "",
    coarse: bool = False,
) -> AuditEvent:
    """Add an event to the session for the caller's transaction.

    ``coarse`` keeps the day only: an event caused by a submission (a link going over)
    would otherwise tell when one respondent answered, which Engage never keeps."""
    now = utcnow()
    event = AuditEvent(
        programme_id=programme.id if programme is not None else None,
        user_id=user.id if user is not None else None,
        action=action,
        subject=subject[:300],
        detail=detail,
        created_at=datetime.combine(now.date(), time(), UTC) if coarse else now,
    )
    db.session.add(event)
    return event


def record_export(
    programme: Programme | None, user: User | None, kind: str, scope: str, fmt: str
) -> None:
    """A download of figures or answers: recorded and committed before the file is sent
    (``user`` is None for the command line, run by whoever holds the server)."""
    record(programme, user, AuditAction.EXPORT_DOWNLOADED, f"{kind}: {scope}", f"Format: {fmt}")
    db.session.commit()


def record_comment_view(programme: Programme, user: User, subject: str, detail: str) -> None:
    """A member of staff read comments: one event for each page they opened (a list or one
    comment), saying which slice or reference, never what a comment says."""
    record(programme, user, AuditAction.COMMENTS_VIEWED, subject, detail)
    db.session.commit()


def describe_slice(pairs: list[tuple[str, str]], page: int | None = None) -> str:
    """Filters in words for a log line, e.g. "Theme: Workload; Wave: Pulse: Wave 2; page 2"."""
    words = [f"{what}: {which}" for what, which in pairs] or ["All comments"]
    return "; ".join(words + ([f"page {page}"] if page else []))


def in_scope(programme: Programme | None):
    """A programme's events, or (None) the site's own: sign-ins, failures, passwords, second
    factors, disabled accounts. Only site admins are shown the site's."""
    if programme is None:
        return AuditEvent.programme_id.is_(None)
    return AuditEvent.programme_id == programme.id


def events_for(programme: Programme | None, page: int = 1, size: int = PAGE_SIZE) -> EventPage:
    """Newest first; a page past the end shows the last page."""
    total = db.session.scalar(select(func.count(AuditEvent.id)).where(in_scope(programme)))
    pages = max(1, math.ceil(total / size))
    number = min(max(1, page), pages)
    return EventPage(rows(programme, limit=size, offset=(number - 1) * size), number, pages, total)


def rows(programme: Programme | None, limit: int | None = None, offset: int = 0) -> list[EventRow]:
    query = (
        select(AuditEvent, User.display_name, User.email)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .where(in_scope(programme))
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return [
        EventRow(
            event.created_at,
            event.action,
            who_acted(event, name, email),
            event.subject,
            event.detail,
        )
        for event, name, email in db.session.execute(query)
    ]


def who_acted(event: AuditEvent, name: str | None, email: str | None) -> str:
    if event.user_id is None:
        return SYSTEM
    return f"{name} ({email})" if name else email or "A removed account"


def table(programme: Programme | None) -> tuple[list[str], list[list[object]]]:
    """The whole log for a CSV: the writer neutralises anything that looks like a formula."""
    header = ["When (UTC)", "Action", "Who", "Subject", "Detail"]
    return header, [
        [
            row.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            row.action.label,
            row.who,
            row.subject,
            row.detail,
        ]
        for row in rows(programme)
    ]
