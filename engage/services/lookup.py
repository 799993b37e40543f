"""Rows by id, for the web layer, only within the programme in the address.

One helper instead of a copy in every view: an id from a URL or a form that belongs to
another programme is "not found" (never "forbidden", which would confirm it exists).
The web layer never touches the database session; it asks here.
"""

from __future__ import annotations

from typing import TypeVar

from engage.extensions import db
from engage.models import (
    CodebookTheme,
    Group,
    Link,
    Organisation,
    Programme,
    ProgrammeModel,
    StagedImport,
    StandingLink,
    Survey,
    Wave,
)
from engage.services.errors import NotFound

Row = TypeVar(
    "Row",
    CodebookTheme,
    Link,
    Organisation,
    Group,
    StandingLink,
    Survey,
    Wave,
    StagedImport,
    ProgrammeModel,
)
LARGEST_ID = 2**31 - 1  # beyond any id, and beyond SQLite's and PostgreSQL's integers


def owner(row) -> int:
    """The id of the programme a row belongs to."""
    if isinstance(row, Group):
        return row.organisation.programme_id
    if isinstance(row, Wave):
        return row.survey.programme_id
    if isinstance(row, Link):
        return row.wave.survey.programme_id
    if isinstance(row, StandingLink):
        return row.survey.programme_id
    return row.programme_id


def get_in(programme: Programme, model: type[Row], row_id: int | str | None) -> Row:
    """The row of ``model`` with this id, if it belongs to ``programme``."""
    text = str(row_id or "")
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= LARGEST_ID:
        raise NotFound(f"{model.__name__} {text!r}")
    row = db.session.get(model, int(text))
    if row is None or owner(row) != programme.id:
        raise NotFound(f"{model.__name__} {text!r}")
    return row


def discard() -> None:
    """Drop a change a service refused, so the page can show the error and nothing else."""
    db.session.rollback()
