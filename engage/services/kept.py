"""What respondents' pages read, kept for a moment in each worker.

A room of 200 scanning one QR code asks for the same link's page and questions about 400
times in a minute (each person's page, then their answers). Reading them every time was a
transaction and two queries per request, the largest part of a respondent's request after
the framework itself, and on PostgreSQL two more round trips. Each worker keeps what it read
for ``ENGAGE_PAGE_SECONDS`` (2 s by default), so a busy link costs one read per worker every
two seconds and a page is served without the database, as the bare floor's form is.

What that changes: a wave closed, a link removed, a question edited or Welsh turned on
reaches every worker within those seconds, and at once in the process that made the change
(any commit in it that changed rows empties its copy: the web worker that served the
organiser, the command line, the tests). The submit itself writes through the connection,
not the session, so it empties nothing. Only what exists is kept (an unknown code is
read each time, so made-up codes cannot fill the memory) and at most ``LIMIT`` entries.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from engage.extensions import db

T = TypeVar("T")
LIMIT = 4096
EXTENSION = "engage.kept"
CHANGED = "engage.kept.changed"  # a session.info key: this transaction changed rows


class Kept:
    """Values by key, each until its moment is up; ``None`` is never kept."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.values: dict[Hashable, tuple[float, object]] = {}

    def get(self, key: Hashable, load: Callable[[], T | None]) -> T | None:
        now = time.monotonic()
        found = self.values.get(key)
        if found is not None and found[0] > now:
            return found[1]  # type: ignore[return-value]
        value = load()
        if value is not None and self.seconds > 0:
            if len(self.values) >= LIMIT:
                self.values.clear()
            self.values[key] = (now + self.seconds, value)
        return value

    def forget(self) -> None:
        self.values.clear()


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = Kept(app.config["ENGAGE_PAGE_SECONDS"])
    if not getattr(db.session, "_engage_kept", False):  # one set of listeners per process
        event.listen(db.session, "after_flush", noted_flush)
        event.listen(db.session, "do_orm_execute", noted_statement)
        event.listen(db.session, "after_commit", forget_if_changed)
        event.listen(db.session, "after_rollback", discard_note)
        db.session._engage_kept = True  # type: ignore[attr-defined]


def kept(key: Hashable, load: Callable[[], T | None]) -> T | None:
    """The value kept for ``key`` in this app, loading it when missing or too old."""
    return current_app.extensions[EXTENSION].get(key, load)


def noted_flush(session: Session, _context) -> None:
    if session.new or session.dirty or session.deleted:
        session.info[CHANGED] = True


def noted_statement(state: ORMExecuteState) -> None:
    if not state.is_select:  # an UPDATE, a DELETE, an INSERT, or SQL text
        state.session.info[CHANGED] = True


def forget_if_changed(session: Session) -> None:
    if session.info.pop(CHANGED, False):
        forget()


def discard_note(session: Session) -> None:
    session.info.pop(CHANGED, None)


def forget() -> None:
    """Empty this app's copy (when there is an app: the folder's sessions may have none)."""
    if has_app_context() and EXTENSION in current_app.extensions:
        current_app.extensions[EXTENSION].forget()
