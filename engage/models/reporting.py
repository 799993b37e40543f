"""Pre-aggregated figures, so dashboards read hundreds of rows, not millions.

One row per wave, organisation, group and construct holds the number of respondents, the
mean of their 0-100 construct scores (each respondent's mean over the construct's items)
and the sum of squared deviations from that mean. Means and intervals for any combination
follow exactly from these moments (``metrics.Moments``), without the cancellation that
sums of squares suffer. Rows are updated in the same transaction as each submission.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from engage.extensions import db

NO_SEGMENT = 0  # a link for the whole organisation: 0 keeps the key free of NULLs


class ConstructCell(db.Model):
    __tablename__ = "construct_cells"

    wave_id: Mapped[int] = mapped_column(
        ForeignKey("waves.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    segment_key: Mapped[int] = mapped_column(primary_key=True)
    construct: Mapped[str] = mapped_column(String(64), primary_key=True)
    respondents: Mapped[int] = mapped_column(default=0)
    mean: Mapped[float] = mapped_column(default=0.0)
    m2: Mapped[float] = mapped_column(default=0.0)  # sum of squared deviations from mean


class CountCell(db.Model):
    """Counts per wave, organisation and group: ``framing`` (respondents per option),
    ``commenters`` (respondents with an analysed comment), ``theme`` (respondents with the
    theme in any comment) and ``sentiment`` (comments per final label)."""

    __tablename__ = "count_cells"

    wave_id: Mapped[int] = mapped_column(
        ForeignKey("waves.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    segment_key: Mapped[int] = mapped_column(primary_key=True)
    measure: Mapped[str] = mapped_column(String(16), primary_key=True)
    category: Mapped[str] = mapped_column(String(200), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
