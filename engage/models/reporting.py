"""Pre-aggregated figures, so dashboards read hundreds of rows, not millions.

One row per wave, organisation, group and construct holds the number of respondents, the
mean of their 0-100 construct scores (each respondent's mean over the construct's items)
and the sum of squared deviations from that mean. Means and intervals for any combination
follow exactly from these moments (``metrics.Moments``), without the cancellation that
sums of squares suffer. A submission only stores its answers; the folder
(``services.folding``) adds them to these rows in batches right after.

A wave still open is read from its *released* copies instead: each (wave, organisation,
group) cell is copied only once at least the minimum number of new people have answered
in it since its last copy, so no two reads either side of a few submissions differ.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from engage.extensions import db
from engage.models.columns import TIMESTAMP, utcnow

NO_GROUP = 0  # a link for the whole organisation: 0 keeps the key free of NULLs


class CellKey:
    """Wave, organisation and reporting group (0 for a whole-organisation link)."""

    # sort_order puts the key first, so the primary key leads with the wave
    wave_id: Mapped[int] = mapped_column(
        ForeignKey("waves.id", ondelete="CASCADE"), primary_key=True, sort_order=-3
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id"), primary_key=True, sort_order=-2
    )
    # The database keeps the column's first name, segment_key; code and pages say group.
    group_key: Mapped[int] = mapped_column("segment_key", primary_key=True, sort_order=-1)


class ConstructColumns(CellKey):
    construct: Mapped[str] = mapped_column(String(64), primary_key=True)
    respondents: Mapped[int] = mapped_column(default=0)
    mean: Mapped[float] = mapped_column(default=0.0)
    m2: Mapped[float] = mapped_column(default=0.0)  # sum of squared deviations from mean


class CountColumns(CellKey):
    """Counts per wave, organisation and group: ``framing`` (respondents per option),
    ``commenters`` (respondents with an analysed comment), ``theme`` (respondents with the
    theme in any comment) and ``sentiment`` (comments per final label)."""

    measure: Mapped[str] = mapped_column(String(16), primary_key=True)
    category: Mapped[str] = mapped_column(String(200), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)


class ConstructCell(ConstructColumns, db.Model):
    __tablename__ = "construct_cells"


class CountCell(CountColumns, db.Model):
    __tablename__ = "count_cells"


class ReleasedConstructCell(ConstructColumns, db.Model):
    """The construct cells of an open wave as last released."""

    __tablename__ = "released_construct_cells"


class ReleasedCountCell(CountColumns, db.Model):
    """The count cells of an open wave as last released."""

    __tablename__ = "released_count_cells"


class FoldMark(db.Model):
    """One row: every response stored before ``through`` is in the cells. Pages say how
    fresh their figures are from it; it holds no time of any one response."""

    __tablename__ = "fold_marks"

    id: Mapped[int] = mapped_column(primary_key=True)
    through: Mapped[datetime] = mapped_column(TIMESTAMP)


class CellRelease(CellKey, db.Model):
    """When an open wave's cell was last released, and the responses it covered."""

    __tablename__ = "cell_releases"

    respondents: Mapped[int] = mapped_column(default=0)
    through_response_id: Mapped[int] = mapped_column(default=0)
    released_at: Mapped[datetime] = mapped_column(TIMESTAMP, default=utcnow)
