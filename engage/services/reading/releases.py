"""Releasing an open wave's figures in steps, so time cannot be used to difference them.

Two reads either side of one submission used to differ by exactly that person's answers.
While a wave is open, every figure, count and comment of it is read from a *release*: a
copy of each (wave, organisation, group) cell taken only once at least the programme's
minimum number of people have answered in that cell since its last copy. Any slice is a
union of cells, so between two reads it changes by nothing or by at least the minimum.
Once the wave closes, its live cells are read.

A release covers the cell's responses up to the highest id below its first response still
pending (not yet folded into the cells by ``services.folding``), so it never counts a
response whose comments are not analysed yet; on PostgreSQL a submission still committing
with a lower id joins the next release.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, delete, func, or_, select, tuple_
from sqlalchemy.orm import aliased

from engage.extensions import db
from engage.models import (
    CellRelease,
    Programme,
    ReleasedConstructCell,
    ReleasedCountCell,
    Response,
)
from engage.models.reporting import NO_GROUP
from engage.services import counts, reporting
from engage.services.stuffing import withheld_groups

CellKey = tuple[int, int, int]  # wave, organisation, group key
outer = aliased(Response)


def open_wave_ids(programme: Programme, today: date | None = None) -> set[int]:
    today = today or date.today()
    return {
        wave.id for survey in programme.surveys for wave in survey.waves if wave.is_accepting(today)
    }


def bring_up_to_date(programme: Programme, today: date | None = None) -> set[int]:
    """Release every cell of the open waves that has gained enough people, except the
    groups withheld for going over their headcount (they stay as last released until an
    admin confirms); return the open waves' ids (read from their releases)."""
    open_ids = open_wave_ids(programme, today)
    frozen = withheld_groups(programme)
    if not open_ids:
        return open_ids
    live = folded_cells(open_ids)
    released = {
        (row.wave_id, row.organisation_id, row.group_key): row.respondents
        for row in db.session.scalars(select(CellRelease).where(CellRelease.wave_id.in_(open_ids)))
    }
    due = [
        (w, o, s, n, top)
        for w, o, s, n, top in live
        if n - released.get((w, o, s), 0) >= programme.min_group_size and (w, o, s) not in frozen
    ]
    for wave_id, organisation_id, group_key, people, through in due:
        release((wave_id, organisation_id, group_key), people, through)
    if due:
        db.session.commit()
    return open_ids


def folded_cells(wave_ids: set[int]) -> list[tuple[int, int, int, int, int]]:
    """Per cell of these waves: (wave, organisation, group, people, through), where every
    response up to ``through`` is already in the cells (folded) and ``people`` counts them.
    A response still pending holds its cell's release back to just below it.

    The first pending response of each cell is found once, from the few pending rows, and
    joined: asked per response instead (a correlated subquery), this read grew with the
    square of a cell's size, and took 100 s for a wave of 17,000 responses."""
    pending_group = func.coalesce(Response.group_id, NO_GROUP)
    first_pending = (
        select(
            Response.wave_id,
            Response.organisation_id,
            pending_group.label("group_key"),
            func.min(Response.id).label("first_id"),
        )
        .where(Response.pending, Response.wave_id.in_(wave_ids))
        .group_by(Response.wave_id, Response.organisation_id, pending_group)
        .subquery()
    )
    group = func.coalesce(outer.group_id, NO_GROUP)  # one object: one GROUP BY expression
    same_cell = and_(
        first_pending.c.wave_id == outer.wave_id,
        first_pending.c.organisation_id == outer.organisation_id,
        first_pending.c.group_key == group,
    )
    return [
        tuple(row)
        for row in db.session.execute(
            select(
                outer.wave_id,
                outer.organisation_id,
                group,
                func.count(outer.id),
                func.max(outer.id),
            )
            .select_from(outer)
            .outerjoin(first_pending, same_cell)
            .where(
                outer.wave_id.in_(wave_ids),
                outer.pending.is_(False),
                or_(first_pending.c.first_id.is_(None), outer.id < first_pending.c.first_id),
            )
            .group_by(outer.wave_id, outer.organisation_id, group)
        )
    ]


def release(key: CellKey, people: int, through: int) -> None:
    """Copy one cell as it stands, from its responses up to ``through``."""
    wave_id, organisation_id, group_key = key
    for table in (ReleasedConstructCell, ReleasedCountCell):
        db.session.execute(
            delete(table).where(
                table.wave_id == wave_id,
                table.organisation_id == organisation_id,
                table.group_key == group_key,
            )
        )
    condition = and_(
        Response.wave_id == wave_id,
        Response.organisation_id == organisation_id,
        func.coalesce(Response.group_id, NO_GROUP) == group_key,
        Response.id <= through,
    )
    reporting.fill(ReleasedConstructCell, condition)
    counts.fill(ReleasedCountCell, condition)
    mark = db.session.get(CellRelease, key) or CellRelease(
        wave_id=wave_id, organisation_id=organisation_id, group_key=group_key
    )
    mark.respondents, mark.through_response_id = people, through
    mark.released_at = datetime.now().astimezone()
    db.session.add(mark)


def released_only(query, programme: Programme):
    """Limit a query over Response to what has been released: nothing still pending
    (not yet in the figures), everything else of a closed wave, and of an open wave or a
    withheld group only the responses its cell's last release covered."""
    open_ids, frozen = open_wave_ids(programme), withheld_groups(programme)
    if not open_ids and not frozen:
        return query.where(Response.pending.is_(False))
    mark = (
        select(CellRelease.through_response_id)
        .where(
            CellRelease.wave_id == Response.wave_id,
            CellRelease.organisation_id == Response.organisation_id,
            CellRelease.group_key == func.coalesce(Response.group_id, NO_GROUP),
        )
        .correlate(Response)
        .scalar_subquery()
    )
    live = Response.wave_id.not_in(open_ids)
    query = query.where(Response.pending.is_(False))
    if frozen:
        group = func.coalesce(Response.group_id, NO_GROUP)
        live = and_(
            live, tuple_(Response.wave_id, Response.organisation_id, group).not_in(list(frozen))
        )
    return query.where(or_(live, Response.id <= mark))


def last_released(programme: Programme, open_ids: set[int]) -> datetime | None:
    """When the open waves' figures last moved: for the dashboard to say so."""
    if not open_ids:
        return None
    return db.session.scalar(
        select(func.max(CellRelease.released_at)).where(CellRelease.wave_id.in_(open_ids))
    )
