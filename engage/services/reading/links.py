"""Per-link response counts for the wave page and the room view, through the
confidentiality engine: a count under the minimum, or one that would let another be worked
out from the wave's total, is shown with its reason instead of its number. The pages' live
updates read the same function as a reload, so polling shows nothing a reload would not."""

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
    asks_organisation: bool
    room_size: int | None  # what the room view counts against (``Link.room_size``)
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
            link.asks_organisation,
            link.room_size,
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
    return shown_counts(wave, *raw_counts(wave))


def raw_counts(wave: Wave) -> tuple[list[Link], dict[int, int]]:
    """The wave's links and each one's exact count, read once: never shown as they are."""
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
    return list(wave_links), {link.id: counts.get(link.id, 0) for link in wave_links}


def shown_counts(wave: Wave, wave_links: list[Link], per_link: dict[int, int]) -> list[LinkCount]:
    minimum = wave.survey.programme.min_group_size
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


@dataclass(frozen=True)
class WaveCounts:
    """Every link's count and the wave's total. The total is shown unless it is itself
    under the minimum: the links hidden beside it always hold none or at least the
    minimum of people (``suppress_siblings`` is given the total), so it gives none away."""

    links: list[LinkCount]
    total: int | None
    total_hidden_because: str
    minimum: int


def wave_counts(wave: Wave) -> WaveCounts:
    wave_links, per_link = raw_counts(wave)
    rows = shown_counts(wave, wave_links, per_link)
    minimum = wave.survey.programme.min_group_size
    total = sum(per_link.values())  # the same read as the links': never a step ahead of them
    if rules.exposes(total, minimum):
        return WaveCounts(rows, None, rules.hidden_reason(total, minimum), minimum)
    return WaveCounts(rows, total, "", minimum)


def room_count(link: Link) -> LinkCount:
    """The room's count is the link's row of the wave page, never a figure of its own."""
    return next(row for row in counts_for(link.wave) if row.link.id == link.id)
