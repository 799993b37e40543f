"""What the directors' dashboard reads, and the filters applied to it.

Cells hold the programme's pre-aggregated figures for every (wave, organisation, group);
a View applies the dashboard's filters to them and passes every total through the
confidentiality engine's slice rule, so no section can show a number it should not.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from engage.analysis import confidentiality as rules
from engage.analysis import metrics
from engage.analysis.metrics import Estimate
from engage.extensions import db
from engage.models import ConstructCell, CountCell, Programme, Response
from engage.models.reporting import NO_SEGMENT

if TYPE_CHECKING:
    from engage.services.insights import Dashboard, Filters

Key = tuple[int, int, tuple[int, int]]  # wave, organisation, (organisation, group)
Slice = tuple[int | None, int | None, tuple[int, int] | None]


@dataclass
class Cells:
    """Every wave's pre-aggregated figures for every (wave, organisation, group)."""
    respondents: dict[Key, int]
    moments: dict[str, dict[Key, tuple[int, float, float]]]  # n, sum, sum of squares
    counts: dict[str, dict[str, dict[Key, int]]]  # measure -> category -> cell -> count


def programme_wave_ids(programme: Programme) -> list[int]:
    return [wave.id for survey in programme.surveys for wave in survey.waves]


def load_cells(wave_ids: list[int]) -> Cells:
    segment = func.coalesce(Response.segment_id, NO_SEGMENT)
    respondents = {(wave, org, (org, seg)): n for wave, org, seg, n in db.session.execute(
        select(Response.wave_id, Response.organisation_id, segment, func.count(Response.id))
        .where(Response.wave_id.in_(wave_ids))
        .group_by(Response.wave_id, Response.organisation_id, segment))}
    moments: dict[str, dict[Key, tuple[int, float, float]]] = defaultdict(dict)
    for cell in db.session.scalars(select(ConstructCell).where(
            ConstructCell.wave_id.in_(wave_ids), ConstructCell.respondents > 0)):
        key = (cell.wave_id, cell.organisation_id, (cell.organisation_id, cell.segment_key))
        moments[cell.construct][key] = (cell.respondents, cell.total, cell.total_squares)
    counts: dict[str, dict[str, dict[Key, int]]] = defaultdict(lambda: defaultdict(dict))
    for wave, org, seg, measure, category, count in db.session.execute(
            select(CountCell.wave_id, CountCell.organisation_id, CountCell.segment_key,
                   CountCell.measure, CountCell.category, CountCell.count)
            .where(CountCell.wave_id.in_(wave_ids), CountCell.count > 0)):
        counts[measure][category][(wave, org, (org, seg))] = count
    return Cells(respondents, dict(moments), counts)


class View:
    """The filters applied to the cells, with every total passed through the engine."""

    def __init__(self, dashboard: Dashboard, filters: Filters, cells: Cells) -> None:
        self.dashboard, self.filters, self.cells = dashboard, filters, cells
        self.minimum = dashboard.minimum
        self.organisation_of = {segment.id: organisation.id
                                for organisation in dashboard.programme.organisations
                                for segment in organisation.segments}

    def slice(self, wave_id: int | None, organisation_id: int | None = None) -> Slice:
        organisation = organisation_id or self.filters.organisation_id
        segment = self.filters.segment_id
        if segment is None:
            return (wave_id, organisation, None)
        owner = self.organisation_of.get(segment, 0)
        return (wave_id, organisation or owner, (owner, segment))

    def total(self, cells: dict[Key, int], selected: Slice) -> int | None:
        """People in the slice: 0, a safe number, or None when showing it would expose."""
        total = rules.slice_total(cells, selected)
        if total == 0:
            return 0
        return total if rules.slice_is_safe(cells, selected, self.minimum) else None

    def estimate(self, construct: str, selected: Slice) -> Estimate | None:
        moments = self.cells.moments.get(construct, {})
        if not self.total({key: m[0] for key, m in moments.items()}, selected):
            return None
        kept = [m for key, m in moments.items() if rules.slice_total({key: 1}, selected)]
        n = sum(m[0] for m in kept)
        return metrics.estimate_from_moments(n, sum(m[1] for m in kept) / n,
                                             sum(m[2] for m in kept) / n)

    def range_estimate(self, construct: str, group: tuple[int, int],
                       chosen: set[int]) -> Estimate | None:
        """A group's estimate over the chosen waves, once each wave was found safe."""
        kept = [m for key, m in self.cells.moments.get(construct, {}).items()
                if key[0] in chosen and key[2] == group]
        n = sum(m[0] for m in kept)
        if n < self.minimum:
            return None
        return metrics.estimate_from_moments(n, sum(m[1] for m in kept) / n,
                                             sum(m[2] for m in kept) / n)

    def counted(self, measure: str, category: str) -> dict[Key, int]:
        return self.cells.counts.get(measure, {}).get(category, {})


def last_two_answered(dashboard: Dashboard) -> tuple[int, int] | None:
    """The latest wave with answers and the one before it: a wave that has just opened
    says nothing yet about change."""
    answered = [wave.id for wave in dashboard.waves if dashboard.responses.get(wave.id) != 0]
    return (answered[-1], answered[-2]) if len(answered) >= 2 else None
