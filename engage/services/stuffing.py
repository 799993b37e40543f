"""Links answered more often than their group has people: flagged, and figures withheld.

Anyone holding a link can answer as often as they like, and nothing a respondent sends is
refused. But a link with more responses than its group's declared headcount may have been
stuffed: a hidden group of 4 plus one submission of known answers becomes a shown group
of 5, and subtracting the known answers gives the other four's mean. So the group's
figures, in that wave, are withheld until a programme admin confirms the headcount (or
corrects it). Whether a link is over is worked out from the counts each time it is read;
``Link.flagged_on`` only makes sure the flag is recorded in the audit log once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from engage.domain import AuditAction
from engage.extensions import db
from engage.models import Link, Programme, Response, Survey, User, Wave
from engage.models.reporting import NO_GROUP
from engage.services import audit
from engage.services.errors import FieldError
from engage.services.links import describe

Group = tuple[int, int, int]  # wave id, organisation id, group key (NO_GROUP: whole org)


@dataclass(frozen=True)
class FlaggedLink:
    link: Link
    responses: int
    headcount: int

    @property
    def subject(self) -> str:
        return describe(self.link)


def headcount_for(link: Link) -> int | None:
    """The group's declared headcount; for a whole-organisation link, the organisation's
    total when every one of its groups has a headcount, and otherwise none (no flag)."""
    if link.group is not None:
        return link.group.headcount
    counts = [group.headcount for group in link.organisation.groups]
    if not counts or any(count is None for count in counts):
        return None
    return sum(counts)


def is_over(link: Link, responses: int, headcount: int | None) -> bool:
    """More responses than people, beyond what an admin last confirmed as genuine."""
    if headcount is None or responses <= headcount:
        return False
    return responses > (link.confirmed_responses or 0)


def link_counts(programme: Programme, wave: Wave | None = None) -> list[tuple[Link, int]]:
    query = (
        select(Link, func.count(Response.id))
        .join(Wave, Wave.id == Link.wave_id)
        .join(Survey, Survey.id == Wave.survey_id)
        .outerjoin(Response, Response.link_id == Link.id)
        .where(Survey.programme_id == programme.id)
        .group_by(Link.id)
        .order_by(Link.id)
        .options(selectinload(Link.group), selectinload(Link.organisation))
    )
    if wave is not None:
        query = query.where(Link.wave_id == wave.id)
    return [(link, count) for link, count in db.session.execute(query)]


def flagged_links(programme: Programme, wave: Wave | None = None) -> list[FlaggedLink]:
    """Links whose figures are withheld now, for the admins' pages."""
    found = []
    for link, responses in link_counts(programme, wave):
        headcount = headcount_for(link)
        if is_over(link, responses, headcount):
            found.append(FlaggedLink(link, responses, headcount))
    return found


def withheld_groups(programme: Programme) -> set[Group]:
    """Every (wave, organisation, group key) whose figures must not be shown: the one
    question the read side asks (dashboard cells and comment slices)."""
    return {
        (flag.link.wave_id, flag.link.organisation_id, flag.link.group_id or NO_GROUP)
        for flag in flagged_links(programme)
    }


def goes_over(link: Link) -> bool:
    """Whether the link is over its headcount and not yet flagged (the folder asks this
    while reading, and flags in its short write transaction)."""
    if link.flagged_on is not None:
        return False
    responses = db.session.scalar(
        select(func.count(Response.id)).where(Response.link_id == link.id)
    )
    return is_over(link, responses, headcount_for(link))


def flag(link: Link, today: date) -> None:
    """Record the flag, once. The event keeps the day only, like the response itself."""
    if link.flagged_on is not None:
        return
    headcount = headcount_for(link)
    link.flagged_on = today
    audit.record(
        link.wave.survey.programme,
        None,
        AuditAction.LINK_FLAGGED,
        describe(link),
        f"More responses than the headcount of {headcount}: the group's figures are "
        "withheld until a programme admin confirms the headcount.",
        coarse=True,
    )


def confirm(link: Link, user: User, headcount: int | None = None) -> None:
    """An admin confirms the responses so far are genuine, optionally correcting the
    group's headcount; the figures are shown again (until the link goes over again)."""
    responses = db.session.scalar(
        select(func.count(Response.id)).where(Response.link_id == link.id)
    )
    detail = f"Confirmed {responses} responses as genuine."
    if headcount is not None:
        if link.group is None:
            raise FieldError(
                "headcount",
                "A whole-organisation link has no single group: change the groups' headcounts "
                "on the programme page, or leave the headcount empty to confirm the count",
            )
        if headcount < 1:
            raise FieldError("headcount", "Headcount must be 1 or more")
        detail += (
            f" Headcount of {link.group.name} changed from {link.group.headcount} to {headcount}."
        )
        link.group.headcount = headcount
    link.confirmed_responses = responses
    link.flagged_on = None
    audit.record(
        link.wave.survey.programme, user, AuditAction.HEADCOUNT_CONFIRMED, describe(link), detail
    )
    db.session.commit()
