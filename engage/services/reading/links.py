"""Per-link response counts for the wave page, through the confidentiality engine: a count
under the minimum, or one that would let another be worked out from the wave's total, is
shown with its reason instead of its number."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from engage.analysis import confidentiality as rules
from engage.analysis import metrics
from engage.extensions import db
from engage.models import Link, Response, Wave


@dataclass(frozen=True)
class LinkRow:
    """What the wave page shows of a link: plain values, no database object."""

    id: int
    code: str
    display_code: str
    organisation: str
    group: str  # "" for a whole-organisation link
    codes_only: bool
    standing_code: str = ""  # the standing link this wave's link was made for, if any

    @classmethod
    def of(cls, link: Link) -> LinkRow:
        return cls(
            link.id,
            link.code,
            link.display_code,
            link.organisation.name,
            link.group.name if link.group else "",
            link.codes_only,
            link.standing_link.display_code if link.standing_link else "",
        )


@dataclass(frozen=True)
class LinkCount:
    """A link's responses as staff may see them: ``responses`` is None when the count is
    under the programme's minimum, or would let one be worked out from the wave's total."""

    link: LinkRow
    responses: int | None
    headcount: int | None
    hidden_because: str = ""

    @property
    def response_rate(self) -> float | None:
        if self.responses is None:
            return None
        return metrics.response_rate(self.responses, self.headcount)


def counts_for(wave: Wave) -> list[LinkCount]:
    rows = db.session.execute(
        select(Response.link_id, func.count(Response.id))
        .where(Response.wave_id == wave.id)
        .group_by(Response.link_id)
    )
    counts = {link_id: total for link_id, total in rows}
    wave_links = db.session.scalars(
        select(Link)
        .where(Link.wave_id == wave.id)
        .order_by(Link.id)
        .options(selectinload(Link.organisation), selectinload(Link.group))
    ).all()
    minimum = wave.survey.programme.min_group_size
    per_link = {link.id: counts.get(link.id, 0) for link in wave_links}
    hidden = rules.suppress_siblings(per_link, minimum)
    return [
        LinkCount(
            LinkRow.of(link),
            None if link.id in hidden else per_link[link.id],
            link.group.headcount if link.group else None,
            rules.hidden_reason(per_link[link.id], minimum) if link.id in hidden else "",
        )
        for link in wave_links
    ]
