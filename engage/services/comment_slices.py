"""Whether a slice of comments may be shown: the comment threshold, with differencing.

A slice is the comments matching some attribute filters (question, sentiment, theme,
framing option) within a wave, an organisation and a reporting group, each of which may
be "all". It is shown only when at least the programme's comment minimum of people wrote
them and no other slice a viewer could open lets a smaller group's comments be picked out
by difference: the engine's slice rule over respondents per (wave, organisation, group).
"""

from __future__ import annotations

from sqlalchemy import distinct, func

from engage.analysis import confidentiality as rules
from engage.extensions import db
from engage.models import Answer, Programme, Response
from engage.models.reporting import NO_SEGMENT
from engage.services.dashboard_cells import as_hidden, cell_key, group_of, withheld_keys


def respondent_cells(attribute_query) -> dict[tuple, int]:
    """Respondents who wrote a matching comment, per (wave, organisation, group)."""
    segment = func.coalesce(Response.segment_id, NO_SEGMENT)
    rows = db.session.execute(
        attribute_query.with_only_columns(
            Response.wave_id,
            Response.organisation_id,
            segment,
            func.count(distinct(Answer.response_id)),
        )
        .group_by(Response.wave_id, Response.organisation_id, segment)
        .order_by(None)
    )
    return {cell_key(wave, org, seg): count for wave, org, seg, count in rows}


def slice_safe(
    programme: Programme,
    attribute_query,
    wave_id: int | None,
    organisation_id: int | None,
    segment_id: int | None,
) -> tuple[bool, int]:
    """Whether the slice may be shown, and how many people wrote in it."""
    cells = as_hidden(respondent_cells(attribute_query), withheld_keys(programme))
    group = group_of(programme, segment_id) if segment_id else None
    if group is not None:
        organisation_id = organisation_id or group[0]
    selected = (wave_id, organisation_id, group)
    people = rules.slice_total(cells, selected)
    return (rules.slice_is_safe(cells, selected, programme.min_comment_group_size), people)
