"""Column helpers shared by the model modules."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum


def enum_column_type(enum_class: type[enum.Enum]) -> Enum:
    """Store an enum's values as plain strings, the same on SQLite and PostgreSQL."""
    return Enum(
        enum_class,
        native_enum=False,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def utcnow() -> datetime:
    return datetime.now(UTC)


TIMESTAMP = DateTime(timezone=True)
