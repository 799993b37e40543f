"""What the directors' dashboard reads, and the filters applied to it.

Cells hold the programme's pre-aggregated figures for every (wave, organisation, group);
a View applies the dashboard's filters to them and passes every total through the
confidentiality engine's slice rule, so no section can show a number it should not.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from engage.analysis import confidentiality as rules
from engage.analysis import metrics
from engage.analysis.metrics import Estimate, Moments
from engage.extensions import db
from engage.models import (
    CellRelease,
    ConstructCell,
    CountCell,
    Programme,
    ReleasedConstructCell,
    ReleasedCountCell,
    Response,
)
from engage.models.reporting import NO_GROUP
from engage.services import counts as counts_module
from engage.services.reading import releases
from engage.services.reporting import programme_waves
from engage.services.stuffing import withheld_groups

if TYPE_CHECKING:
    from engage.services.reading.dashboard import Dashboard, Filters

Key = tuple[int, int, tuple[int, int]]  # wave, organisation, (organisation, group)
Slice = tuple[int | None, int | None, tuple[int, int] | frozenset | None]


@dataclass
class Cells:
    """Every wave's pre-aggregated figures for every (wave, organisation, group)."""

    respondents: dict[Key, int]
    moments: dict[str, dict[Key, Moments]]
    counts: dict[str, dict[str, dict[Key, int]]]  # measure -> category -> cell -> count
    open_waves: frozenset[int] = frozenset()  # read from their last release
    released_at: datetime | None = None  # when the open waves' figures last moved
    withheld: frozenset[Key] = frozenset()  # groups over their headcount, as last released

    def shown(self, cells: dict[Key, int], selected: Slice, minimum: int) -> int | None:
        """People in the slice: 0, a safe number, or None when showing it would expose
        someone, or when it holds only a withheld group (withheld, not empty)."""
        shown = rules.shown_total(cells, selected, minimum)
        if shown == 0 and any(rules.matches(selected, key) for key in self.withheld):
            return None
        return shown


def cell_key(wave_id: int, organisation_id: int, group_key: int, above: Above | None = None) -> Key:
    """A group is keyed with its organisation: whole-organisation links (group key 0)
    of different organisations are different groups. ``above`` (from ``hierarchy``) tells
    the key which groups it sits in, for the release blocks."""
    group = (organisation_id, group_key)
    return (wave_id, organisation_id, rules.GroupKey(group, (above or {}).get(group_key, ())))


Above = dict[int, tuple[tuple[int, int], ...]]


def hierarchy(programme: Programme) -> Above:
    """Each group's id: the keys of the groups it sits in, outermost first."""
    parents = {
        group.id: (organisation.id, group.parent_id)
        for organisation in programme.organisations
        for group in organisation.groups
    }
    above: Above = {}
    for group_id in parents:
        chain, seen, current = [], {group_id}, parents[group_id]
        while current[1] is not None and current[1] not in seen:
            chain.append(current)
            seen.add(current[1])
            current = parents.get(current[1], (0, None))
        above[group_id] = tuple(reversed(chain))
    return above


def group_slice(programme: Programme, group_id: int) -> tuple[int, int] | frozenset:
    """The slice key a group filter selects: the group, or for a group with groups inside
    it, the frozenset of its own key and theirs (a parent is the union of its children)."""
    for organisation in programme.organisations:
        for group in organisation.groups:
            if group.id == group_id:
                inside = group.subtree_ids()
                if len(inside) == 1:
                    return (organisation.id, group_id)
                return frozenset((organisation.id, member) for member in inside)
    return (0, group_id)


def organisation_of(group: tuple[int, int] | frozenset) -> int:
    return next(iter(group))[0] if isinstance(group, frozenset) else group[0]


def group_of(programme: Programme, group_id: int) -> tuple[int, int]:
    """The slice key of a reporting group: (its organisation, its id)."""
    owner = next(
        (
            organisation.id
            for organisation in programme.organisations
            for group in organisation.groups
            if group.id == group_id
        ),
        0,
    )
    return (owner, group_id)


def load_cells(programme: Programme, with_moments: bool = True) -> Cells:
    """Every wave of the programme, not only those on show: whether a wave's slice is
    safe depends on the other waves a viewer could choose, or export.

    Open waves are read from their last release (``releases``), closed waves from their
    live cells. A group withheld for going over its headcount (``stuffing``) is read from
    its last release too, and gets no new one until an admin confirms: removing what was
    already shown would let two reads either side of the flag be subtracted."""
    frozen = withheld_groups(programme)
    above = hierarchy(programme)
    open_ids = releases.bring_up_to_date(programme)
    wave_ids = programme_waves(programme.id)
    closed = [wave for wave in wave_ids if wave not in open_ids]
    from_release = open_ids | {wave for wave, _org, _seg in frozen}

    def released(wave: int, org: int, grp: int) -> bool:
        return wave in open_ids or (wave, org, grp) in frozen

    group = func.coalesce(Response.group_id, NO_GROUP)
    respondents = {
        cell_key(wave, org, grp, above): n
        for wave, org, grp, n in db.session.execute(
            select(Response.wave_id, Response.organisation_id, group, func.count(Response.id))
            .where(Response.wave_id.in_(closed), Response.pending.is_(False))
            .group_by(Response.wave_id, Response.organisation_id, group)
        )
        if not released(wave, org, grp)
    }
    respondents.update(
        (cell_key(row.wave_id, row.organisation_id, row.group_key, above), row.respondents)
        for row in db.session.scalars(
            select(CellRelease).where(CellRelease.wave_id.in_(from_release))
        )
        if released(row.wave_id, row.organisation_id, row.group_key)
    )
    moments: dict[str, dict[Key, Moments]] = defaultdict(dict)
    for table, waves, wanted in (
        (ConstructCell, closed, False),
        (ReleasedConstructCell, from_release, True),
    ):
        stored = (
            db.session.scalars(select(table).where(table.wave_id.in_(waves), table.respondents > 0))
            if with_moments
            else ()
        )
        for cell in stored:
            if released(cell.wave_id, cell.organisation_id, cell.group_key) == wanted:
                key = cell_key(cell.wave_id, cell.organisation_id, cell.group_key, above)
                moments[cell.construct][key] = Moments(cell.respondents, cell.mean, cell.m2)
    counts: dict[str, dict[str, dict[Key, int]]] = defaultdict(lambda: defaultdict(dict))
    for table, waves, wanted in (
        (CountCell, closed, False),
        (ReleasedCountCell, from_release, True),
    ):
        for wave, org, grp, measure, category, count in db.session.execute(
            select(*counts_module.cell_columns(table)).where(
                table.wave_id.in_(waves), table.count > 0
            )
        ):
            if released(wave, org, grp) == wanted:
                counts[measure][category][cell_key(wave, org, grp, above)] = count
    return Cells(
        respondents,
        dict(moments),
        counts,
        frozenset(open_ids),
        releases.last_released(programme, open_ids),
        frozenset(cell_key(*group, above) for group in frozen),
    )


class View:
    """The filters applied to the cells, with every total passed through the engine."""

    def __init__(
        self, dashboard: Dashboard, filters: Filters, cells: Cells, programme: Programme
    ) -> None:
        self.dashboard, self.filters, self.cells = dashboard, filters, cells
        self.programme = programme  # for its organisations; never handed on
        self.minimum = dashboard.minimum
        self.group = group_slice(programme, filters.group_id) if filters.group_id else None

    def slice(self, wave_id: int | None, organisation_id: int | None = None) -> Slice:
        organisation = organisation_id or self.filters.organisation_id
        if self.group is None:
            return (wave_id, organisation, None)
        return (wave_id, organisation or organisation_of(self.group), self.group)

    def total(self, cells: dict[Key, int], selected: Slice) -> int | None:
        """People in the slice: 0, a safe number, or None when showing it would expose."""
        return self.cells.shown(cells, selected, self.minimum)

    def estimate(self, construct: str, selected: Slice) -> Estimate | None:
        moments = self.cells.moments.get(construct, {})
        if not self.total({key: m.n for key, m in moments.items()}, selected):
            return None
        return metrics.estimate_from_moments(
            metrics.merge_moments(
                m for key, m in moments.items() if rules.slice_total({key: 1}, selected)
            )
        )

    def range_estimate(
        self, construct: str, group: tuple[int, int], chosen: set[int]
    ) -> Estimate | None:
        """A group's estimate over the chosen waves, once each wave was found safe."""
        merged = metrics.merge_moments(
            m
            for key, m in self.cells.moments.get(construct, {}).items()
            if key[0] in chosen and key[2] == group
        )
        if merged.n < self.minimum:
            return None
        return metrics.estimate_from_moments(merged)

    def counted(self, measure: str, category: str) -> dict[Key, int]:
        return self.cells.counts.get(measure, {}).get(category, {})
