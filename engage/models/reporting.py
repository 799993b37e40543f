"""Pre-aggregated figures, so dashboards read hundreds of rows, not millions.

One row per wave, organisation, group and construct holds the number of respondents and
the sum and sum of squares of their 0-100 construct scores (each respondent's mean over
the construct's items). Means and intervals for any combination are exact from these
moments. Rows are updated in the same transaction as each submission.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from engage.extensions import db

NO_SEGMENT = 0  # a link for the whole organisation: 0 keeps the key free of NULLs


class ConstructCell(db.Model):
    __tablename__ = "construct_cells"

    wave_id: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"),
                                         primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"),
                                                 primary_key=True)
    segment_key: Mapped[int] = mapped_column(primary_key=True)
    construct: Mapped[str] = mapped_column(String(64), primary_key=True)
    respondents: Mapped[int] = mapped_column(default=0)
    total: Mapped[float] = mapped_column(default=0.0)
    total_squares: Mapped[float] = mapped_column(default=0.0)


class CountCell(db.Model):
    """Counts per wave, organisation and group: ``framing`` (respondents per option),
    ``commenters`` (respondents with an analysed comment), ``theme`` (respondents with the
    theme in any comment) and ``sentiment`` (comments per final label)."""

    __tablename__ = "count_cells"

    wave_id: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"),
                                         primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"),
                                                 primary_key=True)
    segment_key: Mapped[int] = mapped_column(primary_key=True)
    measure: Mapped[str] = mapped_column(String(16), primary_key=True)
    category: Mapped[str] = mapped_column(String(200), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
